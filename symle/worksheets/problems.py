"""Worksheet problems: each problem's statement, its parts (a), (b), ... and the steps answering them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from symle.algebra.notation import ConditionalDensity, Density, named
from symle.algebra.printing import text as plain_text
from symle.derivation import Derivation
from symle.echo import shown
from symle.errors import SymleError, WorksheetError
from symle.followups.bias_steps import bias_step
from symle.followups.steps import without_functions
from symle.pipeline import Options, derive
from symle.render.equations import density_kernels
from symle.stages.likelihood import sign_region
from symle.stages.matrix import is_matrix_case
from symle.stages.restricted import unknowns
from symle.stages.step import Equation, Prose, Step, chain, formula, listed, prose
from symle.stages.steps import likelihood_step
from symle.worksheets.censored import censored_sample_words, censored_statement, observed_question
from symle.worksheets.hypothesis import hypothesis_question, tested
from symle.worksheets.spec import PARTS, ProblemSpec, WorksheetSpec

# which steps of the derivation answer each part
ANSWERS: Mapping[str, tuple[str, ...]] = {
    "likelihood": ("likelihood",),
    "loglik": ("loglik",),
    "score": ("score",),
    "mle": ("support", "median", "solve", "profile", "numeric", "numeric-recipe", "restricted", "estimators"),
    "second-order": ("second-order",),
    "fisher": ("fisher", "observed"),  # (a censored model's observed information)
    "variance": ("variance",),
    "lrt": ("test-hypothesis", "test-profile", "test-lr", "test-wald", "test-score", "test-reference"),
}


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
    region: tuple[tuple[sp.Basic, sp.Basic], ...] = ()  # where the model's symbols live, for signs
    kernels: tuple[sp.Basic, ...] = ()  # the density's exponentials, set exp{...} as its likelihood's are


@lru_cache(maxsize=64)
def _derive(spec: ProblemSpec, integrate: bool, timeout: float) -> Derivation:
    return derive(spec.model, Options(timeout, integrate=integrate, functions=spec.functions, test=tested(spec)))


def default_parts(derivation: Derivation) -> tuple[str, ...]:
    """The parts that apply, from the model alone: a parameter at a support boundary or the median
    has no score part; the information exists only for regular parameters; the bias part needs an
    estimator whose exact bias symle derived (a polynomial in sums, an order statistic, a power of a
    gamma-distributed sum)."""
    rules = {s.rule for s in derivation.solved.solutions}
    info = derivation.information
    regular = bool(info.regular) if info is not None else False
    if info is not None and derivation.model.conditional and info.fisher is None:
        regular = False  # a Gaussian regression's information holds the response: no part to ask
    exact = any(v is not None for v in (derivation.bias or {}).values())
    if derivation.model.censoring is not None:  # the observed information; no variance or bias derived
        regular = derivation.information is not None and derivation.information.hessian is not None
        exact = False

    applies = {
        "likelihood": True,
        "loglik": True,
        "score": "score" in rules,
        "mle": True,
        "second-order": "score" in rules,
        "fisher": regular,
        "variance": regular and derivation.model.censoring is None,
        "bias": exact,
        "lrt": derivation.test is not None,
    }
    return tuple(kind for kind in PARTS if applies[kind])


def _names(derivation: Derivation) -> Prose:
    if is_matrix_case(derivation.model):
        # the matrix form's unknowns: the coefficient vector and the variance
        return listed([sp.Symbol("beta"), derivation.model.parameter("sigma2").symbol])
    return listed(p.symbol for p in derivation.model.parameters)


def _sample_words(derivation: Derivation) -> Prose:
    """The sample a question is about: x₁, …, xₙ, or a regression's pairs (x₁, y₁), …, (xₙ, yₙ)."""
    model = derivation.model
    if model.censoring is not None:
        return censored_sample_words(derivation)
    if not model.conditional:
        x = plain_text(model.var)
        return prose("a sample ", formula(f"{x}₁, …, {x}ₙ"))
    y = plain_text(model.var)
    if len(model.covariates) == 1:
        x = plain_text(model.covariates[0])
        return prose("the pairs ", formula(f"({x}₁, {y}₁), …, ({x}ₙ, {y}ₙ)"), ", given the covariates")
    return prose("the responses ", formula(f"{y}₁, …, {y}ₙ"), ", given the covariates")


def _each(derivation: Derivation) -> str:
    return "the estimator" if len(derivation.model.parameters) == 1 else "each estimator"


def question(kind: str, derivation: Derivation) -> Prose:
    """The question a part asks, in words (no answer in it)."""
    names = _names(derivation)
    scored = [s.parameter.symbol for s in derivation.solved.solutions if s.rule == "score"]
    score_names = listed(scored) if scored else names
    if derivation.model.conditional and is_matrix_case(derivation.model):
        score_names = names
    numeric = any(not e.closed_form for e in derivation.estimators.values())
    several = len(derivation.model.parameters) > 1 or is_matrix_case(derivation.model)
    questions = {
        "likelihood": prose("Write down the likelihood of ", names, " for ", _sample_words(derivation), "."),
        "loglik": prose("Find the log-likelihood and simplify it."),
        "score": prose("Find the score, the derivative of the log-likelihood, with respect to ", score_names, "."),
        "mle": prose(
            "Find the maximum-likelihood estimator" + ("s" if several else "") + " of ",
            names,
            "."
            + (
                " Where there is no closed form, give the equation the estimator solves and say how to solve it."
                if numeric
                else ""
            ),
        ),
        "second-order": _maximum_question(derivation),
        "fisher": prose("Compute the Fisher information about ", names, " in the sample.")
        if derivation.model.censoring is None
        else observed_question(derivation),
        "variance": _variance_question(derivation),
        "bias": _bias_question(derivation),
        "lrt": hypothesis_question(derivation),
    }
    return questions[kind]


def _estimators_of(symbols: list[sp.Symbol]) -> Prose:
    """ "the estimator of λ", "the estimators of θ and λ" (no hat: the sheet names no estimate)."""
    return prose("the estimator" + ("s" if len(symbols) > 1 else "") + " of ", listed(symbols))


def _maximum_question(derivation: Derivation) -> Prose:
    """What the second-order part can ask, from what the derivation shows: that the stationary point
    is a maximum (of the parameters solved from their scores, where others come from the support or
    the median), that the root of a score equation without a closed form is the maximum, or, where
    the log-likelihood is not concave, whether it is."""
    step = next((s for s in derivation.steps if s.kind == "second-order"), None)
    scored = [s.parameter.symbol for s in derivation.solved.solutions if s.rule == "score"]
    others = len(scored) < len(derivation.model.parameters)
    claims = set(step.claims) if step is not None else set()
    one = len(scored) == 1
    equation = "the score equation" if one else "the score equations"
    if claims & {"maximum-not-concave", "maximum-unknown"}:
        return prose(
            f"Is the log-likelihood concave? Can {equation} have several roots, and which one is the estimate?"
        )
    if any(not e.closed_form for e in derivation.estimators.values()):
        has = "has" if one else "have"
        return prose(f"Show that {equation} {has} at most one root, and that it is the maximum of the likelihood.")
    if others:
        given = [s.parameter.symbol for s in derivation.solved.solutions if s.rule != "score"]
        return prose(
            "Show that the stationary point in ",
            listed(scored),
            " you found is a maximum (with ",
            _estimators_of(given),
            " in place of ",
            listed(given),
            ").",
        )
    return prose("Show that the stationary point you found is a maximum.")


def _variance_question(derivation: Derivation) -> Prose:
    """The asymptotic variance of the estimators the information covers; one whose parameter bounds
    the support is asked about too, as the answer says why it has none."""
    info = derivation.information
    regular = [p.symbol for p in info.regular] if info is not None else []
    irregular = [derivation.model.parameter(name).symbol for name in (info.irregular if info is not None else {})]
    if len(derivation.model.parameters) == 1 or not regular or not irregular:
        return prose(f"Give the asymptotic variance of {_each(derivation)}. What is the Cramér–Rao bound?")
    question = prose("Give the asymptotic variance of ", _estimators_of(regular), ". What is the Cramér–Rao bound?")
    return question + prose(" Why is there none for ", _estimators_of(irregular), "?")


def _bias_question(derivation: Derivation) -> Prose:
    """The bias of the estimators whose exact bias the answer gives (of each, where that is all)."""
    known = [derivation.estimators[n].parameter.symbol for n, b in (derivation.bias or {}).items() if b is not None]
    if not known or len(known) == len(derivation.model.parameters):  # none: the answer says it is not derived
        several = len(known) > 1
        return prose(f"Find the bias of {_each(derivation)}. Is " + ("each" if several else "it") + " unbiased?")
    each = "it" if len(known) == 1 else "each"
    return prose("Find the bias of ", _estimators_of(known), f". Is {each} unbiased?")


def _fallback(kind: str, why: str) -> Step:
    return Step(kind, "Not applicable", why, ())


def answer(kind: str, derivation: Derivation) -> tuple[Step, ...]:
    """The steps of the derivation that answer a part (the bias is derived here, on demand)."""
    if kind == "bias":
        return (bias_step(derivation.estimators, derivation.bias or {}, derivation.model),)
    steps = tuple(s for s in derivation.steps if s.kind in ANSWERS[kind])
    if kind == "mle":  # the functions' estimates are asked for, and answered, in parts of their own
        steps = tuple(without_functions(s, derivation.functions) if s.kind == "estimators" else s for s in steps)
    if steps:
        return steps
    if kind == "likelihood" and derivation.model.conditional:
        # the matrix form starts at the log-likelihood
        return (likelihood_step(derivation.likelihood),)
    reasons = {
        "score": "Every parameter is estimated from the support or by the median, not from a score equation.",
        "second-order": "No score equation is solved here: every parameter is estimated from the support or by "
        "the median, so there is no stationary point to check.",
        "variance": "The asymptotic variance is the inverse of the information, which is not available here "
        "(see the information part).",
    }
    return (_fallback(kind, reasons.get(kind, "This part does not apply to this model.")),)


def _function_part(derivation: Derivation, name: str) -> Part:
    estimate = next((f for f in derivation.functions if f.name == name), None)
    shown = (Equation((named(name, False), estimate.expression)),) if estimate is not None else ()
    steps = tuple(s for s in derivation.steps if s.kind == "function" and s.title == f"Estimating {name} by invariance")
    # the name is math and said to be a function, so that "zero" never reads as the number
    return Part(
        "function",
        prose(
            "Find the maximum-likelihood estimator of the function ",
            named(name, False),
            " of the parameter" + ("s" if len(derivation.model.parameters) > 1 else "") + ", defined below, and its "
            "asymptotic variance.",
        ),
        shown,
        steps,
    )


def _conditional_statement(derivation: Derivation) -> Prose:
    """A regression's statement: responses independent given the covariates, f the density of y given x."""
    model = derivation.model
    kind = "probability mass function" if model.discrete else "density"
    family = model.family
    y = model.var
    xs = list(model.covariates)
    yt = plain_text(y)
    n = sp.Symbol("n")
    if len(xs) == 1:
        xt = plain_text(xs[0])
        opening = prose("Let ", formula(f"({xt}₁, {yt}₁), …, ({xt}ₙ, {yt}ₙ)"), " be ", n, " observed pairs.")
        given = prose("the covariate ", formula(f"{xt}ᵢ"))
    else:
        opening = prose(
            "Let ", formula(f"{yt}₁, …, {yt}ₙ"), " be ", n, " responses observed with the covariates ", listed(xs), "."
        )
        given = prose("the covariates of observation ", sp.Symbol("i"))
    origin = f" ({family.title})" if family is not None and not model.typed else ""
    sentence = prose(
        opening,
        f" This is a conditional model{origin}: given ",
        given,
        ", the response ",
        formula(f"{yt}ᵢ"),
        f" has the {kind} ",
        sp.Symbol("f"),
        " below (of ",
        y,
        " given ",
        listed(xs),
        "), independently of the other responses, with unknown ",
        _names(derivation),
    )
    sentence += _known(model)
    positive = model.positive_covariates
    if positive:  # (λt)^y: the density needs t > 0
        many = len(positive) > 1
        return sentence + prose(
            ". The covariates are treated as fixed; ",
            listed(positive),
            " are" if many else " is",
            " positive, as the density requires.",
        )
    return sentence + ". The covariates are treated as fixed."


def _known(model) -> Prose:  # type: ignore[no-untyped-def]
    """; m = 10 is known (or nothing)."""
    known = [
        p.symbol if model.known.get(p.name) is None else chain(p.symbol, model.known[p.name])
        for p in model.known_parameters
    ]
    if not known:
        return prose()
    return prose("; ", listed(known), " is" if len(known) == 1 else " are", " known")


def _statement(derivation: Derivation) -> Prose:
    model = derivation.model
    if model.censoring is not None:
        return censored_statement(derivation)
    if model.conditional:
        return _conditional_statement(derivation)
    kind = "probability mass function" if model.discrete else "density"
    family = model.family
    origin = f"the {family.title} distribution, with " if family is not None and not model.typed else "the "
    x = plain_text(model.var)
    sentence = prose(
        "Let ",
        formula(f"{x}₁, …, {x}ₙ"),
        f" be independent observations from {origin}{kind} ",
        sp.Symbol("f"),
        " below, with unknown ",
        unknowns(derivation.model.parameters),
    )
    return sentence + _known(model) + "."


def build_problem(number: int, spec: ProblemSpec, derivation: Derivation) -> Problem:
    """A problem's statement and parts; the parts depend only on the spec and the model."""
    kinds = spec.ask if spec.ask is not None else default_parts(derivation)
    parts = [Part(kind, question(kind, derivation), (), answer(kind, derivation)) for kind in PARTS if kind in kinds]
    parts.extend(_function_part(derivation, name) for name, _ in spec.functions)
    model_step = next(s for s in derivation.steps if s.kind == "model")
    name = derivation.model.name
    regression = derivation.model.conditional and derivation.model.censoring is None
    shown = _conditional_model(derivation, model_step.equations) if regression else None
    equations = model_step.equations if shown is None else shown
    where = tuple(sign_region(derivation.model).items())
    kernels = density_kernels(derivation.steps)
    notes = _notes(derivation, {part.kind for part in parts})
    return Problem(number, name, _statement(derivation), equations, tuple(parts), notes, where, kernels)


def _notes(derivation: Derivation, kinds: set[str]) -> tuple[str, ...]:
    """The derivation's warnings less those an answer on the sheet states already (the information
    part says why a parameter has none; the estimators part why one has no closed form)."""

    def stated(warning: str) -> bool:
        return warning in derivation.said and ("fisher" if "Fisher information" in warning else "mle") in kinds

    return tuple(w for w in derivation.warnings if not stated(w))


def _conditional_model(derivation: Derivation, equations: tuple[Equation, ...]) -> tuple[Equation, ...]:
    """A regression's model as the problem shows it: the density of y given x (the matrix form's
    y = Xβ + ε after it), with its support."""
    model = derivation.model
    lhs = ConditionalDensity(model.var, sp.Tuple(*model.covariates), *model.symbols)
    densities = (Density, ConditionalDensity)
    given = next((e for e in equations if isinstance(e.parts[0], densities)), None)
    # the density as the derivation prints it (1/√(2πσ²), not √2/(2√π√σ²)), with its support
    rhs = given.parts[-1] if given is not None else model.density
    density = Equation((lhs, rhs), condition=given.condition if given is not None else None)
    rest = tuple(e for e in equations if not isinstance(e.parts[0], densities))
    return (density, *rest)


def build_problems(spec: WorksheetSpec, progress: Callable[[str], None] | None = None) -> tuple[Problem, ...]:
    """Each problem derived in turn; `progress` hears which (the command line's terminal line)."""
    problems = []
    for number, problem in enumerate(spec.problems, start=1):
        if progress is not None:
            progress(f"deriving problem {number} of {len(spec.problems)}")
        try:
            derivation = _derive(problem, spec.integrate, spec.timeout)
        except SymleError as exc:
            model = " ".join(problem.model.model.split())  # a density typed over lines, on one
            raise WorksheetError(f"problem {number} ({shown(model, limit=60)}): {exc.text}") from None
        problems.append(build_problem(number, problem, derivation))
    return tuple(problems)
