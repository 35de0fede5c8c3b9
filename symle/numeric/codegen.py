"""Code generation: a self-contained NumPy module that fits a model, printed from the symbolic
log-likelihood, score and Hessian (SymPy's SciPy printer; sums become NumPy reductions)."""

from __future__ import annotations

import ast
import inspect
import re
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType

import sympy as sp
from sympy.printing.codeprinter import PrintMethodNotImplementedError

from symle.algebra.printing import text as text_of
from symle.algebra.sample import SampleStatistic, n
from symle.algebra.sums import is_sample_sum, tidy_sum
from symle.derivation import Derivation
from symle.errors import NotSupported
from symle.model.model import Model
from symle.numeric import runtime, runtime_data, runtime_solve
from symle.numeric.evaluate import numeric_form, scaled_bessel
from symle.numeric.printer import FitterPrinter, data_id, parameter_id
from symle.numeric.problem import NumericProblem, numeric_problem
from symle.render.environment import render
from symle.stages.likelihood import log_density, signs_of
from symle.worker import run_bounded

GENERATE_SECONDS = 30.0


@dataclass(frozen=True)
class Assignment:
    name: str
    code: str


@dataclass(frozen=True)
class Plan:
    """The generated module's pieces as code strings, in evaluation order."""

    order: tuple[Assignment, ...]  # order statistics and the median, from the raw data
    levels: tuple[tuple[Assignment, ...], ...]  # data-only statistics, one pass over the data a level
    rows: tuple[Assignment, ...]  # data-only per-row arrays (log x), from the data and the statistics
    varying: tuple[Assignment, ...]  # per iteration: elementwise temporaries and their sums
    scalars: tuple[Assignment, ...]  # per iteration: common scalar subexpressions
    value_varying: tuple[Assignment, ...]  # the part of `varying` the objective alone needs
    value_scalars: tuple[Assignment, ...]  # the part of `scalars` the objective alone needs
    objective: str
    gradient: tuple[str, ...]
    hessian: tuple[tuple[str, ...], ...]
    closed: tuple[Assignment, ...]  # closed-form estimates from the prepared quantities
    profiles: tuple[Assignment, ...]  # profile estimates given the numeric parameters
    profile_varying: tuple[Assignment, ...]  # the per-iteration sums the profiles need
    imports: tuple[str, ...]


class _Namer:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.count = 0

    def __call__(self) -> sp.Symbol:
        self.count += 1
        return sp.Symbol(f"{self.prefix}{self.count - 1}")


def _data_free(expr: sp.Expr, params: set[sp.Symbol]) -> bool:
    return not (expr.free_symbols & params)


def _exp_log_powers(expr: sp.Expr, params: set[sp.Symbol]) -> sp.Expr:
    """x**k with a data array x and a parameter k becomes exp(k log x): log x is then computed once
    with the data, and exp is cheaper than a general power at every iteration."""

    def data_to_parameter(node: sp.Basic) -> bool:
        return (
            isinstance(node, sp.Pow)
            and node.exp.free_symbols & params
            and not node.base.free_symbols & params
            and str(node.base).startswith("d.v_")
        )

    return expr.replace(data_to_parameter, lambda node: sp.exp(node.exp * sp.log(node.base)))


def array_of(name: str) -> sp.Symbol:
    """How the generated code refers to a data array once prepared: d.v_<name>."""
    return sp.Symbol(f"d.{data_id(name)}")


def _needed(assignments: list[tuple[sp.Symbol, str]], codes: list[str]) -> list[tuple[sp.Symbol, str]]:
    """The assignments that the given code (and, in turn, the kept assignments) refer to."""
    kept: list[tuple[sp.Symbol, str]] = []
    text = " ".join(codes)
    for name, value in reversed(assignments):
        if re.search(rf"\b{re.escape(str(name))}\b", text):
            kept.append((name, value))
            text += " " + value
    return kept[::-1]


def plan(problem: NumericProblem) -> Plan:
    """Split the problem into data-only work (done once, stored on `d`) and per-iteration work,
    with common subexpressions shared and every sum a NumPy reduction over the sample."""
    model = problem.model
    printer = FitterPrinter(model.data_names)
    params = {p.symbol for p in problem.numeric}
    raw = model.data.label.name
    order: list[tuple[sp.Symbol, str]] = []
    levels: list[list[tuple[sp.Symbol, str]]] = []
    rows: list[tuple[sp.Symbol, str]] = []
    stat_name = _Namer("d.S")
    array_name = _Namer("d.a")

    def code(expr: sp.Expr) -> str:
        return printer.doprint(numeric_form(expr.xreplace({n: sp.Symbol("d.n")})))

    def elementwise(summand: sp.Expr, index: sp.Symbol) -> sp.Expr:
        return summand.xreplace(
            {a: array_of(a.base.label.name) for a in summand.atoms(sp.Indexed) if a.indices == (index,)}
        )

    expressions = [problem.objective, *problem.gradient, *[h for row in problem.hessian for h in row]]
    expressions += list(problem.closed.values()) + list(problem.profiles.values())
    expressions = [scaled_bessel(e) for e in expressions]  # before cse, which would part e^κ from log
    # order statistics and the median, from the raw data
    replacements: dict[sp.Basic, sp.Symbol] = {}
    functions = set().union(*[e.atoms(SampleStatistic) for e in expressions])
    for function in sorted(functions, key=str):
        name = stat_name()
        order.append((name, f"order(arrays, {raw!r}, {function.kind!r})"))
        replacements[function] = name
    expressions = [e.xreplace(replacements) for e in expressions]
    # data-only sums, innermost first, become statistics: a level's sums are taken in one pass
    while True:
        sums = {
            s
            for e in expressions
            for s in e.atoms(sp.Sum)
            if is_sample_sum(s) and not s.function.has(sp.Sum) and _data_free(s.function, params)
        }
        if not sums:
            break
        mapping = {}
        levels.append([])
        for s in sorted(sums, key=str):
            name = stat_name()
            levels[-1].append((name, f"total({code(elementwise(s.function, s.limits[0][0]))}, d)"))
            mapping[s] = name
        expressions = [e.xreplace(mapping) for e in expressions]
    # sums holding parameters: scalar factors moved out of them (fewer array operations), then
    # elementwise temporaries shared between the sums, their data-only parts hoisted into d
    expressions = [e.replace(is_sample_sum, tidy_sum) for e in expressions]
    varying_sums = sorted({s for e in expressions for s in e.atoms(sp.Sum) if is_sample_sum(s)}, key=str)
    summands = [_exp_log_powers(elementwise(s.function, s.limits[0][0]), params) for s in varying_sums]
    varying: list[tuple[sp.Symbol, str]] = []
    if summands:
        temps, reduced = sp.cse(summands, symbols=sp.numbered_symbols("_e"), optimizations="basic")
        hoisted: dict[sp.Symbol, sp.Symbol] = {}
        for name, value in temps:
            value = value.xreplace(hoisted)
            if _data_free(value, params | {s for s, _ in varying}):
                array = array_name()
                rows.append((array, code(value)))
                hoisted[name] = array
            else:
                varying.append((name, code(value)))
        totals = {}
        for s, body in zip(varying_sums, reduced, strict=True):
            name = sp.Symbol(f"_V{len(totals)}")
            varying.append((name, f"total({code(body.xreplace(hoisted))}, d)"))
            totals[s] = name
        expressions = [e.xreplace(totals) for e in expressions]
    k = len(problem.gradient)
    count = 1 + k + k * k
    temps, reduced = sp.cse(expressions[:count], symbols=sp.numbered_symbols("_c"), optimizations="basic")
    objective, gradient, flat = reduced[0], reduced[1 : 1 + k], reduced[1 + k :]
    closed = [
        (s.name, code(e)) for s, e in zip(problem.closed, expressions[count : count + len(problem.closed)], strict=True)
    ]
    profiles = [
        (s.name, code(e)) for s, e in zip(problem.profiles, expressions[count + len(problem.closed) :], strict=True)
    ]
    scalars = [(name, code(value)) for name, value in temps]
    results = [code(objective), *[code(g) for g in gradient], *[code(h) for h in flat]]
    value_scalars = _needed(scalars, results[:1])
    return Plan(
        value_varying=tuple(
            Assignment(str(name), value)
            for name, value in _needed(varying, [results[0], *[c for _, c in value_scalars]])
        ),
        value_scalars=tuple(Assignment(str(name), value) for name, value in value_scalars),
        order=tuple(Assignment(str(name), value) for name, value in order),
        levels=tuple(tuple(Assignment(str(name), value) for name, value in level) for level in levels),
        rows=tuple(Assignment(str(name), value) for name, value in rows),
        varying=tuple(
            Assignment(str(name), value) for name, value in _needed(varying, results + [c for _, c in scalars])
        ),
        scalars=tuple(Assignment(str(name), value) for name, value in _needed(scalars, results)),
        objective=results[0],
        gradient=tuple(results[1 : 1 + k]),
        hessian=tuple(tuple(results[1 + k + r * k + c] for c in range(k)) for r in range(k)),
        closed=tuple(Assignment(name, value) for name, value in closed),
        profiles=tuple(Assignment(name, value) for name, value in profiles),
        profile_varying=tuple(
            Assignment(str(name), value) for name, value in _needed(varying, [c for _, c in profiles])
        ),
        imports=tuple(module for module in sorted(printer.module_imports) if module in ("numpy", "scipy.special")),
    )


def _pointwise(derivation: Derivation) -> tuple[str, dict[str, str], set[str]]:
    """log f at every observation and its derivatives, as code over the data arrays (v_x, one per
    variable and covariate) and the parameters (p_mu), for loglik and score."""
    model = derivation.model
    printer = FitterPrinter(model.data_names)
    logf = log_density(model)  # differentiated before numeric_form, whose scaled functions have no derivative
    scores = {p.name: printer.doprint(numeric_form(sp.diff(logf, p.symbol))) for p in model.parameters}
    return printer.doprint(numeric_form(logf)), scores, set(printer.module_imports)


def _support_checks(derivation: Derivation) -> list[tuple[str, str]]:
    """(condition on the response's smallest and largest values `low`, `high` or on its array `values`,
    message), for the runtime to check in order."""
    model = derivation.model
    support = model.support
    params = set(model.symbols)
    data = "values"
    printer = FitterPrinter()
    checks = []
    if support.discrete:
        checks.append((f"numpy.all({data} == numpy.round({data}))", "the data must be whole numbers"))
    if support.values is not None:
        values = ", ".join(str(v) for v in support.values)
        checks.append((f"numpy.all(numpy.isin({data}, [{values}]))", f"the data must lie in {{{values}}}"))
    for side, bound, closed in (
        ("low", support.lower, support.lower_closed or support.discrete),
        ("high", support.upper, support.upper_closed or support.discrete),
    ):
        if bound.is_infinite or bound.free_symbols & params:
            continue
        operator = (">=" if closed else ">") if side == "low" else ("<=" if closed else "<")
        checks.append((f"{side} {operator} {printer.doprint(bound)}", f"every observation must be {operator} {bound}"))
    return checks


RUNTIME = (runtime_data, runtime, runtime_solve)  # embedded in this order, each importing only those before it


def runtime_source() -> str:
    """symle/numeric/runtime_data.py, runtime.py then runtime_solve.py, each after its docstring and
    imports, verbatim: the body every generated module embeds (their only outside imports, numpy and
    the standard library's warnings, are among the module's own imports; each one's import of the
    halves before it is the text just above it)."""
    return "\n\n\n".join(_body(module) for module in RUNTIME)


def _body(module: ModuleType) -> str:
    source = inspect.getsource(module)
    tree = ast.parse(source)
    header = 0
    earlier = {m.__name__ for m in RUNTIME[: RUNTIME.index(module)]}
    for node in tree.body:
        is_docstring = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        if not (is_docstring or isinstance(node, ast.Import | ast.ImportFrom)):
            break
        if isinstance(node, ast.Import) and not {a.name for a in node.names} <= {"numpy", "warnings"}:
            raise AssertionError("the runtime may import numpy and warnings only: it is embedded in generated code")
        if isinstance(node, ast.ImportFrom) and node.module not in earlier:
            raise AssertionError("the runtime may import its own parts embedded before it, nothing else")
        header = node.end_lineno or header
    return "\n".join(source.splitlines()[header:]).strip()


def generate(derivation: Derivation) -> str:
    """The source of a self-contained fitting module for the derivation's model (printed in
    symle's worker process, which is killed if the symbolic work overruns)."""
    return run_bounded(GENERATE_SECONDS, "generating the fitting code", _generate, derivation)


def _generate(derivation: Derivation) -> str:
    if derivation.model.grouping is not None:
        raise NotSupported(
            "the generated fitter does not fit counts in classes yet (an open class's bound is infinite): "
            "symle's own fit fits them"
        )
    within = [r.parameter.name for r in derivation.restrictions if not r.projected]
    if within:
        raise NotSupported(
            f"the generated fitter does not yet maximise within a restricted space ({within[0]} is restricted and "
            "has no projected closed form): use symle fit, which does"
        )
    try:
        with signs_of(derivation.model):  # the header's formulas signed as the page's: 1 - g_i, never g_i - 1
            return _generated(derivation)
    except PrintMethodNotImplementedError as exc:  # (a function no printer method knows, such as a Meijer G)
        function = str(exc).rpartition(": ")[2].split()[0]
        raise NotSupported(
            f"the log-likelihood's derivatives hold the function {function}, which the generated fitter cannot "
            "evaluate with NumPy and SciPy: no numeric fit for this model yet"
        ) from None


def _generated(derivation: Derivation) -> str:
    problem = numeric_problem(derivation)
    pieces = plan(problem)
    logf, scores, pointwise_imports = _pointwise(derivation)
    model = derivation.model
    imports = sorted(
        set(pieces.imports) | {m for m in pointwise_imports if m in ("numpy", "scipy.special")} | {"numpy"}
    )
    estimators = derivation.estimators
    return render(
        "fitter.py.j2",
        model=model.name,
        title=model.name if not model.typed else "typed density",
        loglik_text=text_of(derivation.likelihood.loglik),
        score_text=[f"d l/d {text_of(s)} = {text_of(e)}" for s, e in derivation.solved.scores.items()],
        closed_text=[
            f"{name}: {e.method}" + (f", {text_of(e.familiar)}" if e.closed_form else "")
            for name, e in estimators.items()
        ],
        imports=imports,
        runtime=runtime_source(),
        response=model.var.name,
        covariates=tuple(c.name for c in model.covariates),
        conditional=model.conditional,
        censored=model.censoring is not None,
        weighted=model.weighting is not None,
        censoring=model.censoring.kind if model.censoring is not None else None,
        signature=_signature(model)[0],
        arguments=_signature(model)[1],
        data_ids=[data_id(s.name) for s in model.data_symbols],
        parameters=[{"name": p.name, "id": parameter_id(p.name)} for p in model.parameters],
        numeric=[{"name": p.name, "id": parameter_id(p.name), "transform": p.space.transform} for p in problem.numeric],
        transforms=tuple(p.space.transform for p in problem.numeric),
        starts=tuple(problem.starts[p.name] for p in problem.numeric),
        integers=tuple(p.space.integer for p in problem.numeric),
        concave=problem.concave,
        plan=pieces,
        totals=[a.name for a in (*pieces.varying, *pieces.profile_varying) if a.name.startswith("_V")],
        logf=logf,
        scores=scores,
        checks=_support_checks(derivation),
        discrete=model.support.discrete,
    )


@lru_cache(maxsize=64)
def _compiled(source: str) -> ModuleType:
    """Our own generated source, compiled once per distinct text (never user text: every name in
    it was printed from SymPy symbols that the safe parser created)."""
    module = ModuleType("symle_generated_fitter")
    exec(compile(source, "<symle generated fitter>", "exec"), module.__dict__)  # noqa: S102
    return module


def load(derivation: Derivation) -> ModuleType:
    """The generated fitter as a module object, in process."""
    return _compiled(generate(derivation))


def _signature(model: Model) -> tuple[str, str]:
    """The generated functions' parameters, and the order read_data takes them in (response first)."""
    if model.censoring is not None:
        return "t, censored", "t, censored"
    if model.weighting is not None:
        return "x, weights", "x, weights"
    return ("X, y", "y, X") if model.conditional else ("x", "x")
