"""Naming the classic mistakes: each hint is a change to the right answer that reproduces the
person's values at every evaluation point (sign, factor n, n - 1, n - 2, a dropped term, a constant
factor, the wrong parameter, the reciprocal, the standard error for the variance, σ² for σ⁴, the
geometric counted in failures). Mistakes seen in the shape of the answer (the log of a sum, a
product of logs, an unknown parameter left in an estimator) are in symle.checker.mistakes."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import sympy as sp

from symle.algebra.names import text_name
from symle.algebra.printing import text
from symle.algebra.sample import SampleMax, SampleMin, n
from symle.algebra.sums import expand_sums, hide_sums, restore_sums
from symle.checker.compare import (
    MIN_POINTS,
    Probe,
    Verdict,
    agree,
    agree_up_to_constant,
    centred,
    constant_ratio,
)
from symle.checker.slips import (
    KNOWN_LEFT_OUT,
    factor_hint,
    known_left_out,
    other_statistic,
    power_slips,
    slips,
    statistic_hint,
)

MAX_TERMS = 12
# where a slip inside the answer is looked for: the last steps, whose answers are short formulas (each
# candidate is compiled once; in a long log-likelihood or score the per-term hints already look)
LAST_STEPS = ("mle", "fisher", "variance", "bias")

SIGN = "sign error"
MISSING_N = "missing factor n"
EXTRA_N = "extra factor n"
N_MINUS_ONE = "n − 1 instead of n"
N_NOT_MINUS_ONE = "n instead of n − 1"
DROPPED = "dropped term"
CONSTANT = "constant factor"
WRONG_PARAMETER = "derivative with respect to the wrong parameter"
RECIPROCAL = "reciprocal"
N_MINUS_TWO = "n − 2 instead of n"
STANDARD_ERROR = "standard error instead of variance"
SIGMA_POWER = "σ² where σ⁴ belongs"
FAILURES = "failures instead of trials"
TRIALS = "trials instead of failures"
OTHER_PARAMETRISATION = "other parametrisation"
MISSING_ROOT = "missing root"


@dataclass(frozen=True)
class Situation:
    """What a hint may mention: the step's kind, its parameter, and for a score the scores of
    the other parameters; `constant` compares up to an additive constant (log-likelihoods), where
    only a dropped term holding one of `parameters` is a mistake."""

    kind: str
    parameter: sp.Symbol | None = None
    other_scores: Mapping[str, sp.Expr] | None = None
    constant: bool = False
    parameters: tuple[sp.Symbol, ...] = ()
    # observations written as failures: x_i -> x_i + 1 turns trials into failures (geometric); for a
    # count from 0, x_i -> x_i - 1 turns failures into trials
    failures: Mapping[sp.Basic, sp.Basic] | None = None
    # the known constants left as symbols (the binomial's m): a factor of them is a classic slip
    constants: tuple[sp.Symbol, ...] = ()
    # the right answer as the textbook writes it (x̄ for Σ xᵢ/n), where slips are looked for too
    shown: sp.Expr | None = None


def _terms(expr: sp.Expr) -> list[sp.Expr]:
    """The additive terms a person writes: first as printed, then split finer (sums split,
    logarithms of products expanded), without repeats."""
    coarse = list(sp.Add.make_args(expr))
    try:
        fine = list(sp.Add.make_args(sp.expand(expand_sums(sp.expand_log(sp.expand(expr), force=True)))))
    except (TypeError, ValueError, RecursionError):
        fine = []
    out: list[sp.Expr] = []
    for term in coarse + fine:
        if term not in out and not term.is_Number:
            out.append(term)
    return out[:MAX_TERMS] if len(coarse) > 1 or len(out) > 1 else []


def _parameters(expr: sp.Expr, situation: Situation) -> str:
    """The parameters a term holds, as printed."""
    return ", ".join(sorted(text_name(s.name) for s in situation.parameters if expr.has(s)))


def find_hint(student: np.ndarray, expected: sp.Expr, probe: Probe, situation: Situation) -> str | None:
    """The first classic mistake that explains the person's values, or None."""
    E = probe.values(expected)
    size = probe.sizes

    def matches(candidate: np.ndarray) -> bool:
        if situation.constant:
            return agree_up_to_constant(student, candidate, probe.groups) is Verdict.SAME
        return agree(student, candidate) is Verdict.SAME

    for message, candidate in _whole(E, size, expected, probe, situation):
        if matches(candidate):
            return message
    ratio = _ratio(student, E, probe, situation)
    if ratio is not None and abs(ratio - 1) > 1e-6:
        return f"{CONSTANT}: your answer is {_number(ratio)} times the right one"
    if situation.kind == "mle" and situation.parameter is not None:
        named = statistic_hint(student, expected, probe, text_name(situation.parameter.name))
        if named is not None:
            return named
    if situation.kind in LAST_STEPS:
        textbook = situation.shown if situation.shown is not None else expected
        for message, candidate in power_slips(textbook, situation.parameters):
            if matches(probe.values(candidate)):
                return message()
    left_out = next(
        (
            f"the known {text_name(c.name)} is left out (yours is the right answer with {text_name(c.name)} = {v}); "
            "a known constant stays in the answer"
            for c, v, candidate in known_left_out(expected, situation.constants)
            if matches(probe.values(candidate))
        ),
        None,
    )
    if not situation.constant:
        named = factor_hint(student, E, probe, (*situation.constants, *situation.parameters, n))
        if named is not None:
            return named if left_out is None else f"{named}; {left_out}"
    if left_out is not None:
        return f"{KNOWN_LEFT_OUT}: {left_out}"
    for term in _terms(expected):
        T = probe.values(term)
        if np.isfinite(T).sum() < MIN_POINTS:
            continue
        for message, candidate in _per_term(term, E, T, size, probe, situation):
            if matches(candidate):
                return message.replace(_TERM, text(term))
        c = _ratio(student - E + T, T, probe, situation)
        if c is not None and abs(c - 1) > 1e-6 and abs(c) > 1e-9:
            return f"{CONSTANT}: the term {text(term)} appears multiplied by {_number(c)}"
    if situation.kind not in LAST_STEPS:
        return None
    # in the textbook form, whose pieces are the ones a person writes (r + x̄ rather than Σ (r + xᵢ))
    for message, candidate in slips(situation.shown if situation.shown is not None else expected):
        if matches(probe.values(candidate)):
            return message()
    return None


def _ratio(student: np.ndarray, expected: np.ndarray, probe: Probe, situation: Situation) -> float | None:
    if situation.constant:
        return constant_ratio(centred(student, probe.groups), centred(expected, probe.groups))
    return constant_ratio(student, expected)


def _number(value: float) -> str:
    """A ratio as a person writes it: 1/2, 10, or the square root of a fraction (√2, 1/√2), else a decimal."""
    nice = sp.nsimplify(value, tolerance=1e-6, rational=True)
    if isinstance(nice, sp.Rational) and nice.q <= 100:
        return str(nice)
    square = sp.nsimplify(value * value, tolerance=1e-6, rational=True)
    if value > 0 and isinstance(square, sp.Rational) and square.q <= 100 and square.p <= 100:
        return text(sp.sqrt(square))
    return f"{value:.6g}"


@functools.lru_cache(maxsize=512)
def _n_shifted(expr: sp.Expr, old: sp.Expr, new: sp.Expr) -> sp.Expr:
    """expr with n (outside the sums' limits) written differently: n -> n - 1 or n - 1 -> n."""
    hidden, mapping = hide_sums(expr)
    return restore_sums(hidden.xreplace({old: new}), mapping)


def _whole(
    E: np.ndarray, size: np.ndarray, expected: sp.Expr, probe: Probe, situation: Situation
) -> Iterator[tuple[str, np.ndarray]]:
    """Mistakes that change the whole answer."""
    with np.errstate(all="ignore"):
        yield f"{SIGN}: your answer is minus the right one", -E
        if situation.kind == "fisher":
            yield (
                f"{MISSING_N}: this is the information of one observation; n observations carry n times as much",
                E / size,
            )
        else:
            yield f"{MISSING_N}: your answer is missing a factor n (the right answer is n times yours)", E / size
        yield f"{EXTRA_N}: your answer has an extra factor n (it is n times the right one)", E * size
        fewer = probe.values(_n_shifted(expected, n, n - 1))
        if situation.kind == "mle":
            squares = any(isinstance(s.function, sp.Pow) and s.function.exp == 2 for s in expected.atoms(sp.Sum))
            why = " (dividing by n − 1 gives the unbiased sample variance, which is not the MLE)" if squares else ""
            yield f"{N_MINUS_ONE}: the maximum-likelihood estimator has n where yours has n − 1{why}", fewer
        else:
            yield f"{N_MINUS_ONE}: where the right answer has n, yours has n − 1", fewer
        if expected.has(n - 1):
            yield (
                f"{N_NOT_MINUS_ONE}: where the right answer has n − 1, yours has n",
                probe.values(_n_shifted(expected, n - 1, n)),
            )
        if situation.kind == "mle":
            yield (
                f"{N_MINUS_TWO}: the maximum-likelihood estimator divides by n (dividing the residual sum of "
                "squares by n − 2 gives the unbiased estimator, which is not the MLE)",
                probe.values(_n_shifted(expected, n, n - 2)),
            )
            yield from _parametrisations(E, expected, situation)
        if situation.kind == "variance":
            yield (
                f"{RECIPROCAL}: this is the Fisher information; the asymptotic variance is its inverse",
                1 / E,
            )
        if situation.kind == "fisher":
            yield f"{RECIPROCAL}: this is the asymptotic variance; the information is its inverse", 1 / E
        if situation.kind == "variance":
            yield (
                f"{STANDARD_ERROR}: yours is the square root of the variance (the estimator's standard "
                "deviation, its standard error); the variance is its square",
                np.sqrt(E),
            )
        yield from _variance_powers(expected, probe, situation)
        if situation.failures and all(v - k == 1 for k, v in situation.failures.items()):
            yield (
                f"{FAILURES}: this counts each xᵢ as the failures before the first success; here xᵢ is "
                "the number of trials up to and including it (failures + 1)",
                probe.values(expected.xreplace(situation.failures)),
            )
        elif situation.failures:
            yield (
                f"{TRIALS}: yours is the answer for xᵢ counted from 1 (the trials up to and including the "
                "first success, failures + 1); here xᵢ counts from 0 (the failures before it)",
                probe.values(expected.xreplace(situation.failures)),
            )
        if situation.kind == "score" and situation.parameter is not None:
            theta = situation.parameter
            for name, other in (situation.other_scores or {}).items():
                yield (
                    (
                        f"{WRONG_PARAMETER}: this is the derivative with respect to {text_name(name)}, "
                        f"not {text_name(theta.name)}"
                    ),
                    probe.values(other),
                )
            if theta.name.endswith("2"):
                root = text_name(theta.name[:-1])
                yield (
                    (
                        f"{WRONG_PARAMETER}: this is the derivative with respect to {root}, "
                        f"not {text_name(theta.name)} "
                        f"(∂ℓ/∂{root} = 2{root} ∂ℓ/∂{text_name(theta.name)})"
                    ),
                    probe.values(expected * 2 * sp.sqrt(theta)),
                )


def _parametrisations(E: np.ndarray, expected: sp.Expr, situation: Situation) -> Iterator[tuple[str, np.ndarray]]:
    """An estimator of another parametrisation, which invariance turns into this one's: of 1/θ (a rate for
    a scale), of σ for σ², of θ², θ³ where the right answer takes a root (Σ xᵢ³/n for (Σ xᵢ³/n)^(1/3))."""
    theta = situation.parameter
    if theta is None:
        return
    name = text_name(theta.name)
    yield (
        f"{RECIPROCAL}: your estimator is 1 over the right one, so it estimates 1/{name}: the {OTHER_PARAMETRISATION} "
        f"(a rate for a scale, or a scale for a rate); by invariance the MLE of {name} is 1 over it",
        1 / E,
    )
    root = theta.name[:-1]
    with np.errstate(all="ignore"):
        if theta.name.endswith("2") and root.isalpha():
            yield (
                f"{OTHER_PARAMETRISATION}: yours estimates {text_name(root)}, the square root of {name}; by invariance "
                f"the MLE of {name} is the square of yours",
                np.sqrt(E),
            )
        roots = {p.exp for p in expected.atoms(sp.Pow)}
        for k, times, what in ((2, "squared", "square"), (3, "cubed", "cube")):
            if {sp.Rational(1, k), sp.Rational(-1, k)} & roots:
                power = "²" if k == 2 else "³"
                yield (
                    f"{MISSING_ROOT}: yours is the right answer {times}, an estimator of {name}{power}; "
                    f"by invariance the MLE of {name} is its {what} root",
                    E**k,
                )


def _variance_powers(expected: sp.Expr, probe: Probe, situation: Situation) -> Iterator[tuple[str, np.ndarray]]:
    """σ² where σ⁴ belongs: a variance parameter (sigma2) squared in the right answer, not in yours."""
    for symbol in situation.parameters:
        base = symbol.name[:-1]
        if not symbol.name.endswith("2") or not base.isalpha():
            continue
        squared = [p for p in expected.atoms(sp.Pow) if p.base == symbol and p.exp in (2, -2)]
        if squared:
            halved = expected.xreplace({p: symbol ** (p.exp // 2) for p in squared})
            name = text_name(symbol.name)
            yield f"{SIGMA_POWER}: ({name})² = {text_name(base)}⁴, where yours has {name}", probe.values(halved)


_TERM = "\0"  # where a per-term message names its term: printed only for the message given


def _per_term(
    term: sp.Expr, E: np.ndarray, T: np.ndarray, size: np.ndarray, probe: Probe, situation: Situation
) -> Iterator[tuple[str, np.ndarray]]:
    with np.errstate(all="ignore"):
        yield f"{SIGN} in the term {_TERM}", E - 2 * T
        depends = _parameters(term, situation)
        if situation.constant and depends:
            yield (
                f"{DROPPED}: {_TERM} depends on {depends}, so it cannot be left out of the log-likelihood",
                E - T,
            )
        elif not situation.constant:
            yield f"{DROPPED}: the term {_TERM} is missing", E - T
        yield f"{MISSING_N}: in the term {_TERM}, yours is missing a factor n", E - T + T / size
        yield f"{EXTRA_N}: in the term {_TERM}, yours has an extra factor n", E - T + T * size
        if term.has(n):
            yield f"{N_MINUS_ONE}: in the term {_TERM}", E - T + probe.values(_n_shifted(term, n, n - 1))


def boundary_hint(student: np.ndarray, expected: sp.Expr, probe: Probe, parameter: sp.Symbol) -> str:
    """For a parameter that bounds the support, whose estimator is an order statistic."""
    largest = isinstance(expected, SampleMax)
    other = SampleMin(*expected.args) if largest else SampleMax(*expected.args)
    name = text_name(parameter.name)
    wanted = text(expected)
    if agree(student, probe.values(other)) is Verdict.SAME:
        side = "above" if largest else "below"
        return f"wrong order statistic: {name} bounds the support from {side}, so its estimator is {wanted}"
    found = other_statistic(student, expected, probe)
    theirs = f"; yours is built on {found[2]}" if found else ""
    return (
        f"the support depends on {name}, so the likelihood is largest at the boundary "
        f"the data allow ({wanted}), "
        f"not where a derivative is zero{theirs}"
    )
