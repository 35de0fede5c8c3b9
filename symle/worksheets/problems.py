"""Worksheets: exercise sheets and their answer keys from one TOML spec, in LaTeX or Markdown."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import sympy as sp

from symle.algebra.notation import Density
from symle.algebra.printing import text as plain_text
from symle.errors import SymleError, WorksheetError
from symle.followups.steps import bias_step, results_of
from symle.model.catalogue import FAMILIES
from symle.stages.derivation import Derivation, Equation, Step

PARTS = ("likelihood", "loglik", "score", "mle", "second-order", "fisher", "variance", "bias")
# which steps of the derivation answer each part
ANSWERS: Mapping[str, tuple[str, ...]] = {
    "likelihood": ("likelihood",),
    "loglik": ("loglik",),
    "score": ("score",),
    "mle": ("support", "median", "solve", "numeric", "numeric-recipe", "estimators"),
    "second-order": ("second-order",),
    "fisher": ("fisher",),
    "variance": ("variance",),
}
PROBLEM_KEYS = {
    "model",
    "density",
    "var",
    "params",
    "support",
    "known",
    "functions",
    "ask",
    "response",
    "covariates",
}
SPEC_KEYS = {"title", "course", "date", "problem", "integrate", "timeout"}


@dataclass(frozen=True)
class ProblemSpec:
    """One problem as the spec gives it: a catalogue name, or a typed density with its parameters;
    a conditional model (regression) names its `response` and `covariates` (in place of `var`)."""

    model: str
    var: str | None = None
    params: tuple[str, ...] | None = None
    support: str | None = None
    known: tuple[tuple[str, str | None], ...] = ()
    functions: tuple[tuple[str, str], ...] = ()
    ask: tuple[str, ...] | None = None
    response: str | None = None
    covariates: tuple[str, ...] = ()


@dataclass(frozen=True)
class WorksheetSpec:
    title: str
    problems: tuple[ProblemSpec, ...]
    course: str = ""
    date: str = ""
    integrate: bool = False
    timeout: float = 10.0


@dataclass(frozen=True)
class Part:
    """A part (a), (b), ...: its question, formulas the question shows, and the steps answering it."""

    kind: str
    question: str
    shown: tuple[Equation, ...]
    answer: tuple[Step, ...]


@dataclass(frozen=True)
class Problem:
    number: int
    name: str
    statement: str
    model: tuple[Equation, ...]
    parts: tuple[Part, ...]
    notes: tuple[str, ...]


# ---------------------------------------------------------------------------------------------
# reading the spec


def _fail(where: str, message: str) -> WorksheetError:
    return WorksheetError(f"{where}: {message}")


def read_spec(spec_or_path: str | Path | Mapping[str, Any]) -> WorksheetSpec:
    """A spec from a path to a TOML file, TOML text, or an already parsed mapping."""
    where = "worksheet spec"
    if isinstance(spec_or_path, Mapping):
        data: Mapping[str, Any] = spec_or_path
    else:
        text_given = isinstance(spec_or_path, str) and ("\n" in spec_or_path or "[[problem]]" in spec_or_path)
        if text_given:
            source = str(spec_or_path)
        else:
            path = Path(spec_or_path)
            where = str(path)
            try:
                source = path.read_text(encoding="utf-8")
            except FileNotFoundError:
                raise _fail(where, "no such file") from None
            except (OSError, UnicodeDecodeError) as exc:
                raise _fail(where, f"cannot read it ({exc})") from None
        try:
            data = tomllib.loads(source)
        except tomllib.TOMLDecodeError as exc:
            raise _fail(where, f"not valid TOML ({exc})") from None
    return _spec(data, where)


def _spec(data: Mapping[str, Any], where: str) -> WorksheetSpec:
    unknown = set(data) - SPEC_KEYS
    if unknown:
        raise _fail(where, f"unknown key {sorted(unknown)[0]!r} (keys: {', '.join(sorted(SPEC_KEYS))})")
    title = data.get("title", "Maximum likelihood")
    if not isinstance(title, str):
        raise _fail(where, "title must be a string")
    problems = data.get("problem")
    if not isinstance(problems, list) or not problems:
        raise _fail(where, "no problems: add [[problem]] tables")
    timeout = data.get("timeout", 10.0)
    if not isinstance(timeout, (int, float)) or timeout <= 0:
        raise _fail(where, "timeout must be a positive number of seconds")
    return WorksheetSpec(
        title=title,
        problems=tuple(_problem(p, f"{where}: problem {k}") for k, p in enumerate(problems, start=1)),
        course=str(data.get("course", "")),
        date=str(data.get("date", "")),
        integrate=bool(data.get("integrate", False)),
        timeout=float(timeout),
    )


def _strings(value: Any, where: str, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(","))
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise _fail(where, f"{what} must be a list of strings")


def _problem(data: Any, where: str) -> ProblemSpec:
    if not isinstance(data, Mapping):
        raise _fail(where, "must be a table")
    unknown = set(data) - PROBLEM_KEYS
    if unknown:
        raise _fail(where, f"unknown key {sorted(unknown)[0]!r} (keys: {', '.join(sorted(PROBLEM_KEYS))})")
    if ("model" in data) == ("density" in data):
        raise _fail(where, "give either model (a catalogue name) or density (a formula)")
    if "model" in data:
        model = data["model"]
        if not isinstance(model, str) or model not in FAMILIES:
            raise _fail(where, f"unknown model {model!r} (known: {', '.join(FAMILIES)})")
        if {"params", "var", "support"} & set(data):
            raise _fail(where, "params, var and support belong to a typed density, not a catalogue model")
        params = None
    else:
        model = data["density"]
        if not isinstance(model, str):
            raise _fail(where, "density must be a string")
        if "params" not in data:
            raise _fail(where, 'a typed density needs params, e.g. params = ["theta"]')
        params = _strings(data["params"], where, "params")
    known = data.get("known", {})
    if isinstance(known, list):
        known_items = tuple((name, None) for name in _strings(known, where, "known"))
    elif isinstance(known, Mapping):
        known_items = tuple((str(k), None if v is None else str(v)) for k, v in known.items())
    else:
        raise _fail(where, "known must be a table ({ m = 10 }) or a list of names")
    functions = data.get("functions", {})
    if not isinstance(functions, Mapping) or not all(isinstance(v, str) for v in functions.values()):
        raise _fail(where, 'functions must be a table of formulas, e.g. { mean = "1/lambda" }')
    ask = None
    if "ask" in data:
        ask = _strings(data["ask"], where, "ask")
        wrong = [a for a in ask if a not in PARTS]
        if wrong:
            raise _fail(where, f"unknown part {wrong[0]!r} in ask (parts: {', '.join(PARTS)})")
    for key in ("var", "support", "response"):
        if key in data and not isinstance(data[key], str):
            raise _fail(where, f"{key} must be a string")
    if "var" in data and "response" in data:
        raise _fail(where, "give var or response (a regression's), not both")
    covariates = _strings(data["covariates"], where, "covariates") if "covariates" in data else ()
    return ProblemSpec(
        model,
        data.get("var"),
        params,
        data.get("support"),
        known_items,
        tuple((str(k), v) for k, v in functions.items()),
        ask,
        data.get("response"),
        covariates,
    )


# ---------------------------------------------------------------------------------------------
# problems: derivation, parts, answers


@cache
def _derive(spec: ProblemSpec, integrate: bool, timeout: float) -> Derivation:
    from symle.pipeline import derive

    known = dict(spec.known)  # a value fixes the parameter; None keeps it symbolic
    typed = spec.params is not None
    return derive(
        spec.model,
        var=spec.var if typed else None,
        params=list(spec.params) if typed and spec.params is not None else None,
        support=spec.support if typed else None,
        known=known or None,
        timeout=timeout,
        integrate=integrate,
        functions=dict(spec.functions) or None,
        response=spec.response,
        covariates=list(spec.covariates) or None,
    )


def default_parts(derivation: Derivation) -> tuple[str, ...]:
    """The parts that apply, from the model alone: a parameter at a support boundary or the median
    has no score part; the information exists only for regular parameters; the bias part needs an
    estimator that is a polynomial in sums (all of this is fixed by the model, not by timing)."""
    from symle.followups.bias import polynomial_in_sums

    rules = {s.rule for s in derivation.solved.solutions}
    results = results_of(derivation)
    regular = bool(results.information.regular) if results is not None else False
    if results is not None and derivation.model.conditional and results.information.fisher is None:
        regular = False  # a Gaussian regression's information holds the response: no part to ask
    polynomial = any(
        e.value is not None and e.method == "closed-form" and polynomial_in_sums(e.value, derivation.model) is not None
        for e in derivation.estimators.values()
    )
    applies = {
        "likelihood": True,
        "loglik": True,
        "score": "score" in rules,
        "mle": True,
        "second-order": "score" in rules,
        "fisher": regular,
        "variance": regular,
        "bias": polynomial and regular,
    }
    return tuple(kind for kind in PARTS if applies[kind])


def _names(derivation: Derivation) -> str:
    from symle.stages.matrix import is_matrix_case

    if is_matrix_case(derivation.model):
        return "β and σ²"  # the matrix form's unknowns: the coefficient vector and the variance
    return _and([plain_text(p.symbol) for p in derivation.model.parameters])


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _sample_words(derivation: Derivation) -> str:
    """The sample a question is about: x₁, …, xₙ, or a regression's pairs (x₁, y₁), …, (xₙ, yₙ)."""
    model = derivation.model
    if not model.conditional:
        return "a sample x₁, …, xₙ"
    y = plain_text(model.var)
    if len(model.covariates) == 1:
        x = plain_text(model.covariates[0])
        return f"the pairs ({x}₁, {y}₁), …, ({x}ₙ, {y}ₙ), given the covariates"
    return f"the responses {y}₁, …, {y}ₙ, given the covariates"


def _each(derivation: Derivation) -> str:
    return "the estimator" if len(derivation.model.parameters) == 1 else "each estimator"


def question(kind: str, derivation: Derivation) -> str:
    """The question a part asks, in words (no answer in it)."""
    from symle.stages.matrix import is_matrix_case

    names = _names(derivation)
    score_names = ", ".join(plain_text(s.parameter.symbol) for s in derivation.solved.solutions if s.rule == "score")
    if derivation.model.conditional and is_matrix_case(derivation.model):
        score_names = names
    numeric = any(not e.closed_form for e in derivation.estimators.values())
    questions = {
        "likelihood": f"Write down the likelihood of {names} for {_sample_words(derivation)}.",
        "loglik": "Find the log-likelihood and simplify it.",
        "score": f"Find the score, the derivative of the log-likelihood, with respect to {score_names or names}.",
        "mle": f"Find the maximum-likelihood estimator of {names}."
        + (
            " Where there is no closed form, give the equation the estimator solves and say how to solve it."
            if numeric
            else ""
        ),
        "second-order": "Show that the stationary point you found is a maximum.",
        "fisher": f"Compute the Fisher information about {names} in the sample.",
        "variance": f"Give the asymptotic variance of {_each(derivation)}. What is the Cramér–Rao bound?",
        "bias": f"Find the bias of {_each(derivation)}. Is it unbiased?",
    }
    return questions[kind]


def _fallback(kind: str, why: str) -> Step:
    return Step(kind, "Not applicable", why, ())


def answer(kind: str, derivation: Derivation) -> tuple[Step, ...]:
    """The steps of the derivation that answer a part (the bias is derived here, on demand)."""
    if kind == "bias":
        results = results_of(derivation)
        bias = results.bias() if results is not None else {}
        return (bias_step(derivation, bias),)
    steps = tuple(s for s in derivation.steps if s.kind in ANSWERS[kind])
    if steps:
        return steps
    if kind == "likelihood" and derivation.model.conditional:
        from symle.stages.steps import likelihood_step  # the matrix form starts at the log-likelihood

        return (likelihood_step(derivation.likelihood),)
    reasons = {
        "score": "Every parameter is estimated from the support or by the median, not from a score equation.",
        "second-order": "No score equation is solved in closed form here, so there is no stationary point to check; "
        "the numeric fitter maximises the log-likelihood directly.",
        "variance": "The asymptotic variance is the inverse of the information, which is not available here "
        "(see the information part).",
    }
    return (_fallback(kind, reasons.get(kind, "This part does not apply to this model.")),)


def _function_part(derivation: Derivation, name: str) -> Part:
    from symle.inference_notation import named

    results = results_of(derivation)
    estimate = next(f for f in results.functions if f.name == name) if results is not None else None
    shown = (Equation((named(name, False), estimate.expression)),) if estimate is not None else ()
    steps = tuple(s for s in derivation.steps if s.kind == "function" and s.title == f"Estimating {name} by invariance")
    return Part(
        "function",
        f"Find the maximum-likelihood estimator of {name}, defined below, and its asymptotic variance.",
        shown,
        steps,
    )


def _conditional_statement(derivation: Derivation) -> str:
    """A regression's statement: responses independent given the covariates, f the density of y given x."""
    model = derivation.model
    kind = "probability mass function" if model.discrete else "density"
    family = FAMILIES.get(model.name)
    y = plain_text(model.var)
    xs = [plain_text(c) for c in model.covariates]
    if len(xs) == 1:
        opening = f"Let ({xs[0]}₁, {y}₁), …, ({xs[0]}ₙ, {y}ₙ) be n observed pairs."
        given = f"the covariate {xs[0]}ᵢ"
    else:
        opening = f"Let {y}₁, …, {y}ₙ be n responses observed with the covariates {_and(xs)}."
        given = "the covariates of observation i"
    origin = f" ({family.title})" if family is not None and not model.typed else ""
    sentence = (
        f"{opening} This is a conditional model{origin}: given {given}, the response {y}ᵢ has the {kind} "
        f"f below (of {y} given {_and(xs)}), independently of the other responses, with unknown "
        f"{_names(derivation)}"
    )
    known = [
        plain_text(p.symbol) + ("" if model.known.get(p.name) is None else f" = {model.known[p.name]}")
        for p in model.known_parameters
    ]
    if known:
        sentence += "; " + ", ".join(known) + (" is" if len(known) == 1 else " are") + " known"
    return sentence + ". The covariates are treated as fixed."


def _statement(derivation: Derivation) -> str:
    model = derivation.model
    if model.conditional:
        return _conditional_statement(derivation)
    kind = "probability mass function" if model.discrete else "density"
    family = FAMILIES.get(model.name)
    origin = f"the {family.title} distribution, with " if family is not None and not model.typed else ""
    known = [
        plain_text(p.symbol) + ("" if model.known.get(p.name) is None else f" = {model.known[p.name]}")
        for p in model.known_parameters
    ]
    sentence = (
        f"Let x₁, …, xₙ be independent observations from {origin}{kind} f below, with unknown {_names(derivation)}"
    )
    if known:
        sentence += "; " + ", ".join(known) + (" is" if len(known) == 1 else " are") + " known"
    return sentence + "."


def build_problem(number: int, spec: ProblemSpec, derivation: Derivation) -> Problem:
    """A problem's statement and parts; the parts depend only on the spec and the model."""
    kinds = spec.ask if spec.ask is not None else default_parts(derivation)
    parts = [Part(kind, question(kind, derivation), (), answer(kind, derivation)) for kind in PARTS if kind in kinds]
    parts.extend(_function_part(derivation, name) for name, _ in spec.functions)
    model_step = next(s for s in derivation.steps if s.kind == "model")
    name = derivation.model.name
    shown = _conditional_model(derivation, model_step.equations) if derivation.model.conditional else None
    equations = model_step.equations if shown is None else shown
    return Problem(number, name, _statement(derivation), equations, tuple(parts), derivation.warnings)


class ConditionalDensity(sp.Function):
    """f(y | x; theta): args (response, Tuple of covariates, *parameters); prints only."""

    @classmethod
    def eval(cls, *args: sp.Basic) -> None:
        return None

    def _parts(self, printer: Any) -> tuple[str, str, str]:
        response, covariates, *parameters = self.args
        return (
            printer._print(response),
            ", ".join(printer._print(c) for c in covariates),
            ", ".join(printer._print(p) for p in parameters),
        )

    def _symle_latex(self, printer: Any) -> str:
        y, x, theta = self._parts(printer)
        return rf"f({y} \mid {x}; {theta})"

    def _symle_text(self, printer: Any) -> str:
        y, x, theta = self._parts(printer)
        return f"f({y} | {x}; {theta})"


def _conditional_model(derivation: Derivation, equations: tuple[Equation, ...]) -> tuple[Equation, ...]:
    """A regression's model as the problem shows it: the density of y given x (the matrix form's
    y = Xβ + ε after it), with its support."""
    model = derivation.model
    lhs = ConditionalDensity(model.var, sp.Tuple(*model.covariates), *model.symbols)
    density = Equation((lhs, model.density))
    rest = tuple(e for e in equations if not isinstance(e.parts[0], Density))
    return (density, *rest)


def build_problems(spec: WorksheetSpec) -> tuple[Problem, ...]:
    problems = []
    for number, problem in enumerate(spec.problems, start=1):
        try:
            derivation = _derive(problem, spec.integrate, spec.timeout)
        except SymleError as exc:
            raise WorksheetError(f"problem {number} ({problem.model}): {exc}") from None
        problems.append(build_problem(number, problem, derivation))
    return tuple(problems)


# ---------------------------------------------------------------------------------------------
# rendering and writing


def worksheet(spec_or_path: str | Path | Mapping[str, Any], solutions: bool = False, format: str = "latex") -> str:
    """The exercise sheet (or with solutions=True the answer key) as LaTeX or Markdown."""
    from symle.worksheets.render import render_worksheet

    if format not in ("latex", "markdown"):
        raise WorksheetError(f"format {format!r}: use latex or markdown")
    spec = read_spec(spec_or_path)
    return render_worksheet(spec, build_problems(spec), solutions=solutions, format=format)


def write_worksheet(
    spec_path: str | Path,
    output: str | Path,
    *,
    solutions: bool = False,
    format: str = "latex",
    pdf: bool = False,
) -> Path | None:
    """Write the sheet to `output`; with pdf, build its PDF next to it. Returns the PDF's path."""
    from symle.worksheets.pdf import build_pdf, engine_available

    if pdf and format != "latex":
        raise WorksheetError("--pdf needs --format latex")
    if pdf:
        engine_available()
    source = worksheet(spec_path, solutions=solutions, format=format)
    target = Path(output)
    try:
        target.write_text(source, encoding="utf-8")
    except OSError as exc:
        raise SymleError(f"cannot write {target}: {exc.strerror}") from None
    if not pdf:
        return None
    return build_pdf(source, target.with_suffix(".pdf"))
