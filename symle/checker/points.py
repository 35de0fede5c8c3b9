"""Where the checker evaluates expressions it cannot compare symbolically: random samples of
several sizes with random parameter values in their domains, from one fixed seed."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp

from symle.algebra.sample import SampleStatistic, n
from symle.model.model import Model, Parameter
from symle.numeric.evaluate import numeric_form
from symle.recent import Recent

SEED = 20_240_611
SIZES = (5, 9, 14)
DRAWS = 3  # parameter values per sample: a log-likelihood is compared up to a constant per sample


@dataclass(frozen=True)
class Point:
    """One evaluation point: a sample (its group) and values for the parameters; `covariates`
    holds the covariate columns of a conditional model (the sample is then the responses)."""

    group: int
    data: np.ndarray
    params: Mapping[sp.Symbol, float]
    covariates: Mapping[str, np.ndarray] = field(default_factory=dict)

    def column(self, name: str) -> np.ndarray:
        """The observations of the response (any name not a covariate) or of a covariate."""
        return self.covariates.get(name, self.data)

    @property
    def n(self) -> int:
        return len(self.data)


def _draw(parameter: Parameter, rng: np.random.Generator) -> float:
    return parameter.space.random(rng)


def _bound(value: sp.Expr, params: Mapping[sp.Symbol, float]) -> float | None:
    if value in (sp.S.Infinity, sp.S.NegativeInfinity):
        return None
    number = sp.sympify(value).xreplace({s: sp.Float(v) for s, v in params.items()})
    return float(number) if number.is_number else None


def _sample(model: Model, params: Mapping[sp.Symbol, float], size: int, rng: np.random.Generator) -> np.ndarray | None:
    """A sample inside the support at these parameter values (None if the support is empty)."""
    support = model.support
    lower, upper = _bound(support.lower, params), _bound(support.upper, params)
    if support.values is not None:
        values = np.array(support.values, dtype=float)
        data = rng.choice(values, size)
        data[: min(size, len(values))] = values[: min(size, len(values))]  # every value occurs
        return data
    if support.discrete:
        start = int(lower) if lower is not None else 0
        if upper is not None:
            if upper < start:
                return None
            data = rng.integers(start, int(upper) + 1, size).astype(float)
            data[:2] = (start, int(upper))
            return data
        data = start + rng.poisson(2.0, size).astype(float)
        data[:2] = (start, start + 3)
        return data
    if lower is not None and upper is not None:
        if upper <= lower:
            return None
        return lower + (upper - lower) * rng.uniform(0.05, 0.95, size)
    if lower is not None:
        return lower + rng.exponential(1.2, size) + 0.02
    if upper is not None:
        return upper - rng.exponential(1.2, size) - 0.02
    return rng.normal(0.3, 1.5, size)


def _inside(model: Model, data: np.ndarray, params: Mapping[sp.Symbol, float]) -> bool:
    return len(model.support.violations(data, {s.name: v for s, v in params.items()})) == 0


def _unknowns(model: Model) -> tuple[Parameter, ...]:
    """Parameters to draw: the unknown ones and the known ones kept symbolic."""
    return model.parameters + tuple(p for p in model.known_parameters if model.known.get(p.name) is None)


def _covariates(model: Model, size: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Covariate columns of a conditional model: spread-out reals, none repeated (so that a
    regression's sums of squares are never zero)."""
    return {c.name: rng.uniform(-1.5, 1.5, size) + np.linspace(-0.5, 0.5, size) for c in model.covariates}


def _overlapping(model: Model, data: np.ndarray, covariates: Mapping[str, np.ndarray]) -> np.ndarray:
    """Binary responses against one covariate with the larger value at both ends of the covariate
    and the smaller one between, so no threshold separates them and the MLE exists (logistic)."""
    values = model.support.values
    if len(covariates) != 1 or values is None or len(values) != 2 or len(data) < 3:
        return data
    (x,) = covariates.values()
    order = np.argsort(x)
    data = data.copy()
    data[order[0]] = data[order[-1]] = max(values)
    data[order[len(order) // 2]] = min(values)
    return data


def make_points(model: Model) -> tuple[Point, ...]:
    """DRAWS parameter values for each sample size in SIZES, all from the seed SEED: the same
    points every run, so the same verdict every run; a known parameter kept symbolic has one value
    a sample. For a conditional model the covariates are
    drawn too, and the responses inside the response's support (0/1, counts, reals)."""
    rng = np.random.default_rng(SEED)
    parameters = _unknowns(model)
    known = set(parameters) - set(model.parameters)
    points: list[Point] = []
    for group, size in enumerate(SIZES):
        covariates = _covariates(model, size, rng)
        data = None
        first: dict[sp.Symbol, float] = {}
        for _ in range(100):
            first = {p.symbol: _draw(p, rng) for p in parameters}
            data = _sample(model, first, size, rng)
            if data is not None:
                break
        if data is None:
            continue
        data = _overlapping(model, data, covariates)
        points.append(Point(group, data, first, covariates))
        for _ in range(DRAWS - 1):
            for _ in range(100):
                # known parameters kept symbolic are constants: the same within a sample, so that a
                # log-likelihood may drop their terms as it drops any other constant
                params = {p.symbol: first[p.symbol] if p in known else _draw(p, rng) for p in parameters}
                if _inside(model, data, params):
                    points.append(Point(group, data, params, covariates))
                    break
    return tuple(points)


class NotEvaluable(Exception):
    """An expression the numeric evaluator cannot handle (an index outside a sum, a free name)."""


MAX_COMPILED = 4_096
_COMPILED: Recent[tuple[sp.Basic, str, tuple[str, ...]], Callable[[Point], float]] = Recent(MAX_COMPILED)


def compile_expression(expr: sp.Expr, var: str, covariates: tuple[str, ...] = ()) -> Callable[[Point], float]:
    """`_compile`, remembered: a class's submissions are compared with the same expected answers and
    hint candidates again and again, and compiling (lambdify) costs more than evaluating."""
    key = (expr, var, covariates)
    found = _COMPILED.get(key)
    if found is None:
        found = _compile(expr, var, covariates)
        _COMPILED[key] = found
    return found


# functions NumPy evaluates as SciPy's lambdify would (the same code); any other needs SciPy
_ELEMENTARY = (sp.exp, sp.log, sp.sin, sp.cos, sp.tan, sp.sinh, sp.cosh, sp.tanh, sp.Abs, sp.sign, sp.Min, sp.Max)


def _each(function: Callable[..., float]) -> Callable[..., np.ndarray]:
    """A function of floats applied to every element (NaN where it is undefined or overflows)."""

    def safe(*args: float) -> float:
        try:
            return float(function(*(float(a) for a in args)))
        except (ValueError, OverflowError, ZeroDivisionError, TypeError):
            return float("nan")

    return np.vectorize(safe, otypes=[float])


def _binomial(m: float, k: float) -> float:
    if m.is_integer() and k.is_integer() and 0 <= k <= m:
        return float(math.comb(int(m), int(k)))
    return math.exp(math.lgamma(m + 1) - math.lgamma(k + 1) - math.lgamma(m - k + 1))


# the special functions the textbook models hold (the Poisson's x!, the binomial coefficient, the
# gamma's Γ(α)), from the standard library: loading SciPy takes longer than checking a homework
_GAMMAS = {
    "gamma": _each(math.gamma),
    "loggamma": _each(math.lgamma),
    "factorial": _each(lambda x: math.gamma(x + 1)),
    "binomial": _each(_binomial),
    "beta": _each(lambda a, b: math.exp(math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b))),
}
_GAMMA_FUNCTIONS = (sp.gamma, sp.loggamma, sp.factorial, sp.binomial, sp.beta)


def _modules(*exprs: sp.Expr) -> list[Any]:
    """NumPy's module itself, not its name: for the name, lambdify runs `from numpy import *`, which
    loads numpy.testing and f2py (a third of a second, more than checking a homework). SciPy only for
    the special functions beyond the gamma function's (digamma, erf, ...), for the same reason."""
    functions = set().union(*(e.atoms(sp.Function) for e in exprs))
    if all(isinstance(f, _ELEMENTARY) for f in functions):
        return [np]
    if all(isinstance(f, (*_ELEMENTARY, *_GAMMA_FUNCTIONS)) for f in functions):
        return [_GAMMAS, np]
    return ["scipy", "numpy"]


def _lambdify(arguments: list[sp.Symbol], expr: sp.Expr, modules: list[Any]) -> Callable[..., Any]:
    """lambdify, its arguments renamed first in one pass to plain names no module uses (its own
    dummify renames them one at a time, rebuilding the expression for each: most of the time a
    homework took to check)."""
    taken = {s.name for s in expr.free_symbols}
    names = {a: sp.Symbol(f"_arg{k}") for k, a in enumerate(arguments)}
    if taken & {s.name for s in names.values()}:
        return sp.lambdify(arguments, expr, modules=modules, dummify=True)
    return sp.lambdify(list(names.values()), expr.xreplace(names), modules=modules)


def _compile(expr: sp.Expr, var: str, covariates: tuple[str, ...] = ()) -> Callable[[Point], float]:
    """A function evaluating expr at a point: sums and products over the sample become NumPy
    reductions (innermost first), the order statistics and the mean NumPy statistics; the
    observations are the response `var` and the `covariates`, each its own column.

    lambdify prints SymPy objects into code: the objects come from the readers' fixed vocabulary,
    never from the person's text, so no text of theirs is ever run."""
    expr = numeric_form(sp.sympify(expr))
    columns = (var, *covariates)
    statistics: dict[sp.Symbol, tuple[Callable[[np.ndarray], float], str]] = {}
    for function in expr.atoms(SampleStatistic):
        symbol = sp.Dummy("stat")
        base = function.args[0]
        column = base.label.name if isinstance(base, sp.IndexedBase) else var
        if column not in columns:
            raise NotEvaluable(f"a statistic of {column}, which is not observed")
        statistics[symbol] = (type(function).reduce, column)
        expr = expr.xreplace({function: symbol})
    stages: list[tuple[sp.Symbol, str, sp.Expr, tuple[sp.Symbol, ...]]] = []
    while True:
        inner = [s for s in expr.atoms(sp.Sum, sp.Product) if not s.function.has(sp.Sum, sp.Product)]
        if not inner:
            break
        replaced = {}
        for node in inner:
            if len(node.limits) != 1 or tuple(node.limits[0][1:]) != (1, n):
                raise NotEvaluable("a sum or product that is not over the sample")
            index = node.limits[0][0]
            observations = tuple(sp.Dummy("obs") for _ in columns)
            body = node.function
            for column, observation in zip(columns, observations, strict=True):
                body = body.replace(
                    lambda e, index=index, column=column: (
                        isinstance(e, sp.Indexed) and e.base.label.name == column and e.indices == (index,)
                    ),
                    lambda e, observation=observation: observation,
                )
            if body.has(index) or body.has(sp.Indexed):
                raise NotEvaluable("an index used outside an observation")
            symbol = sp.Dummy("stage")
            stages.append((symbol, "sum" if isinstance(node, sp.Sum) else "prod", body, observations))
            replaced[node] = symbol
        expr = expr.xreplace(replaced)
    if expr.has(sp.Indexed, sp.Sum, sp.Product):
        raise NotEvaluable("an observation outside a sum")
    stage_symbols = [s for s, *_ in stages]
    scalars = sorted(
        (expr.free_symbols | set().union(*(b.free_symbols for _, _, b, _ in stages)))
        - set(stage_symbols)
        - set(statistics)
        - {o for *_, obs in stages for o in obs},
        key=lambda s: s.name,
    )
    arguments = [*scalars, *statistics, *stage_symbols]
    modules = _modules(expr, *(body for _, _, body, _ in stages))
    functions = [
        (symbol, kind, _lambdify([*observations, *arguments], body, modules))
        for symbol, kind, body, observations in stages
    ]
    final = _lambdify(arguments, expr, modules)

    def evaluate(point: Point) -> float:
        values: dict[sp.Symbol, float] = {}
        for s in scalars:
            if s == n:
                values[s] = float(point.n)
            elif s in point.params:
                values[s] = point.params[s]
            else:
                return float("nan")  # a name the point has no value for
        for symbol, (reduce, column) in statistics.items():
            values[symbol] = float(reduce(point.column(column)))
        arrays = [point.column(column) for column in columns]
        with np.errstate(all="ignore"):
            for symbol, kind, function in functions:
                inputs = [values.get(a, float("nan")) for a in arguments]
                vector = np.broadcast_to(np.asarray(function(*arrays, *inputs), dtype=complex), point.data.shape)
                total = np.sum(vector) if kind == "sum" else np.prod(vector)
                values[symbol] = total.real if abs(total.imag) <= 1e-12 * max(1.0, abs(total.real)) else float("nan")
            result = complex(final(*[values.get(a, float("nan")) for a in arguments]))
        if abs(result.imag) > 1e-12 * max(1.0, abs(result.real)):
            return float("nan")
        return result.real

    return evaluate
