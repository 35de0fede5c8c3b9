"""Mistakes found by changing one piece of the right answer, wherever it sits in the expression:

- a factor that is a symbol (a known constant, a parameter, n) rather than a number: x̄ where x̄/m
  belongs, nk/λ² where nk²/λ² does;
- the wrong statistic of the right kind: the mean x̄ where the MLE is the median or x₍ₙ₎;
- slips in the last step, inside the expression: the sign of one term of an inner sum (1/(x̄ − 1)
  for 1/(x̄ + 1)), a power k where 1/k belongs, the reciprocal of a piece (1/x̄ for x̄), a wrong
  power of a parameter or statistic (x̄² for x̄, 1/λ for 1/λ²);
- a known constant left out: a known scale as 1, a known location as 0.

Each is a candidate answer; symle.checker.hints names one only when the person's values are that
candidate's at every evaluation point, so a hint never guesses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import combinations

import numpy as np
import sympy as sp

from symle.algebra.printing import text
from symle.algebra.sample import SampleMax, SampleMean, SampleMedian, SampleMin, SampleStatistic, i, n
from symle.checker.compare import Probe, constant_ratio

FACTOR = "off by a factor of"
STATISTIC = "wrong statistic"
INNER_SIGN = "sign error"
POWER = "reciprocal power"
RECIPROCAL = "reciprocal"
EXPONENT = "wrong power"
KNOWN_LEFT_OUT = "known constant left out"

MAX_NODES = 12  # sub-expressions of the right answer tried for a slip: enough for any textbook estimator

_DESCRIBED = {
    SampleMean: "the sample mean",
    SampleMedian: "the sample median",
    SampleMax: "the largest observation",
    SampleMin: "the smallest observation",
}


def _number(value: float) -> sp.Expr | None:
    nice = sp.nsimplify(value, tolerance=1e-6, rational=True)
    return nice if isinstance(nice, sp.Rational) and nice.q <= 100 and abs(nice.p) <= 1000 else None


def _monomials(symbols: Sequence[sp.Symbol]) -> Iterator[tuple[sp.Expr, Callable[[dict], np.ndarray]]]:
    """Products of the symbols that a person may have dropped or added (s, s², products of two), each
    with how its values follow from the symbols' values (a compiled function for each would cost more)."""
    for s in symbols:
        yield s, lambda v, s=s: v[s]
        yield 1 / s, lambda v, s=s: 1 / v[s]
        yield s**2, lambda v, s=s: v[s] ** 2
        yield 1 / s**2, lambda v, s=s: 1 / v[s] ** 2
    for a, b in combinations(symbols, 2):
        yield a * b, lambda v, a=a, b=b: v[a] * v[b]
        yield 1 / (a * b), lambda v, a=a, b=b: 1 / (v[a] * v[b])
        yield a / b, lambda v, a=a, b=b: v[a] / v[b]
        yield b / a, lambda v, a=a, b=b: v[b] / v[a]


def factor_hint(student: np.ndarray, expected: np.ndarray, probe: Probe, symbols: Sequence[sp.Symbol]) -> str | None:
    """'off by a factor of m' when the person's values are the right ones times c·M for a number c
    and a product M of the symbols (a symbolic factor dropped, added, or squared)."""
    values = {s: probe.values(s) for s in symbols}
    with np.errstate(all="ignore"):
        for monomial, value in _monomials(symbols):
            c = constant_ratio(student, expected * value(values))
            nice = None if c is None else _number(c)
            if nice is None:
                continue
            factor = nice * monomial
            num, den = sp.fraction(factor)
            if den == 1:
                shown = text(factor)
                return f"{FACTOR} {shown}: your answer has an extra factor {shown} (it is {shown} times the right one)"
            if num == 1:
                shown = text(den)
                return (
                    f"{FACTOR} {shown}: your answer is missing a factor {shown} (the right one is {shown} times yours)"
                )
            return (
                f"{FACTOR} {text(factor)}: your answer has an extra factor {text(num)} and is missing a factor "
                f"{text(den)} (it is the right one times {text(factor)})"
            )
    return None


def power_slips(expr: sp.Expr, parameters: Sequence[sp.Symbol]) -> Iterator[tuple[Callable[[], str], sp.Expr]]:
    """A wrong power of one piece, a parameter or a statistic of the sample that occurs once in the right
    answer: x̄² for x̄, 1/λ for 1/λ², λ for λ² (named as a power, which is the slip, not as a factor)."""
    bases = [*parameters, *sorted(expr.atoms(SampleStatistic), key=sp.default_sort_key)]
    for base in bases:
        occurrences = sum(1 for node in sp.preorder_traversal(expr) if node == base)
        powers = [p for p in expr.atoms(sp.Pow) if p.base == base]
        if occurrences != 1 or len(powers) > 1:
            continue
        node = powers[0] if powers else base
        exponent = node.exp if powers else sp.Integer(1)
        if not exponent.is_Rational:
            continue
        for other in dict.fromkeys((2 * exponent, exponent / 2, exponent + 1, exponent - 1)):
            if other in (0, exponent, -exponent):
                continue  # no power at all is a dropped factor; minus the power, a reciprocal
            yield (
                lambda node=node, base=base, other=other: (
                    f"{EXPONENT}: where the right answer has {text(node)}, yours has {text(base**other)}"
                ),
                expr.xreplace({node: base**other}),
            )


def known_left_out(expr: sp.Expr, constants: Sequence[sp.Symbol]) -> Iterator[tuple[sp.Symbol, int, sp.Expr]]:
    """The right answer with a known constant left out: a scale set to 1 (Σ (xᵢ − μ) for Σ (xᵢ − μ)/σ²,
    n/Σ log xᵢ for n/Σ log(xᵢ/xₘ)) or a location to 0 (Σ xᵢ²/n for Σ (xᵢ − μ)²/n)."""
    for constant in constants:
        if not expr.has(constant):
            continue
        for value in (1, 0):
            candidate = expr.xreplace({constant: sp.Integer(value)})
            if not candidate.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
                yield constant, value, candidate


def _statistics(expr: sp.Expr) -> Iterator[tuple[sp.Expr, type, sp.IndexedBase]]:
    """The statistics an estimator is built on: its order statistics, medians and means, and its
    sums of the bare observations (Σ xᵢ = n x̄)."""
    for s in expr.atoms(SampleStatistic):
        yield s, type(s), s.args[0]
    for s in expr.atoms(sp.Sum):
        if isinstance(s.function, sp.Indexed) and s.limits == ((i, 1, n),) and s.function.indices == (i,):
            yield s, SampleMean, s.function.base


def _in_place(piece: sp.Expr, other: type, data: sp.IndexedBase) -> sp.Expr:
    """What stands where `piece` (a statistic, or Σ xᵢ = n x̄) stands when `other` replaces it."""
    value = sp.Sum(data[i], (i, 1, n)) / n if other is SampleMean else other(data)
    return n * value if isinstance(piece, sp.Sum) else value


def other_statistic(student: np.ndarray, expected: sp.Expr, probe: Probe) -> tuple[type, sp.IndexedBase, str] | None:
    """The statistic the right estimator is built on, and what the person's is built on instead
    (the right estimator, up to a constant factor, with another statistic in its place), or None."""
    for piece, kind, data in _statistics(expected):
        for other, described in _DESCRIBED.items():
            if other is kind or {kind, other} == {SampleMax, SampleMin}:
                continue  # the other end of the sample is hints.boundary_hint's
            swapped = expected.xreplace({piece: _in_place(piece, other, data)})
            if constant_ratio(student, probe.values(swapped)) is not None:
                return kind, data, f"{described}, {text(other(data))}"
    return None


def statistic_hint(student: np.ndarray, expected: sp.Expr, probe: Probe, parameter: str) -> str | None:
    """'wrong statistic' when the person's estimator is built on another statistic of the sample than
    the right one (x̄ for the median); an order statistic's estimator is left to the boundary hint."""
    found = other_statistic(student, expected, probe)
    if found is None or found[0] in (SampleMax, SampleMin):
        return None
    kind, data, theirs = found
    why = ""
    if kind is SampleMedian:
        why = f" (the likelihood is largest where Σ |xᵢ − {parameter}| is smallest, which is at the median)"
    right = f"{_DESCRIBED[kind]}, {text(kind(data))}"
    return f"{STATISTIC}: yours is built on {theirs}, where the maximum-likelihood estimator uses {right}{why}"


def _nodes(expr: sp.Expr) -> list[sp.Expr]:
    """The right answer's sub-expressions (itself first, not its symbols and numbers), first MAX_NODES."""
    out: list[sp.Expr] = []
    for node in sp.preorder_traversal(expr):
        if node.is_Atom or not isinstance(node, sp.Expr) or isinstance(node, sp.Indexed):
            continue
        if node not in out:
            out.append(node)
        if len(out) >= MAX_NODES:
            break
    return out


def slips(expr: sp.Expr) -> Iterator[tuple[Callable[[], str], sp.Expr]]:
    """One-piece changes inside the right answer (the top level's own terms are hints.py's): each
    with its message (printed only when it is the one) and the answer it gives."""
    for node in _nodes(expr):
        if isinstance(node, sp.Add) and node is not expr:
            for term in node.args:
                yield (
                    lambda node=node, term=term: (
                        f"{INNER_SIGN}: in {text(node)}, the term {text(term)} has the wrong sign"
                    ),
                    expr.xreplace({node: node - 2 * term}),
                )
        if isinstance(node, sp.Pow) and not node.exp.is_Integer:
            yield (
                lambda node=node: (
                    f"{POWER}: the right answer raises {text(node.base)} to {text(node.exp)}, "
                    f"where yours raises it to {text(1 / node.exp)}"
                ),
                expr.xreplace({node: node.base ** (1 / node.exp)}),
            )
        if node is not expr and not (isinstance(node, sp.Pow) and node.exp == -1 and node.base.is_Atom):
            yield (
                lambda node=node: f"{RECIPROCAL}: where the right answer has {text(node)}, yours has {text(1 / node)}",
                expr.xreplace({node: 1 / node}),
            )
