"""Deciding whether a person's expression is the right one.

The decision rule:

1. Symbolic. The difference of the two expressions, with sums split and logarithms
   expanded, is expanded under a time cap; if it becomes 0 they are equal. SymPy failing
   to reach 0 proves nothing (sums over the sample defeat it easily). Because the numbers of
   rule 2 are cheap once compiled (and compiled functions are remembered), they are looked at
   first, and SymPy is asked only when they do not already show the two the same.
2. Numeric. Both are evaluated at the fixed points of `symle.checker.points`: samples of sizes
   5, 9 and 14, each with 3 parameter draws in their domains (positive: U(0.4, 3); probability:
   U(0.15, 0.85); real: U(-1.5, 1.5); integer: 1..5), the data drawn inside the support at those
   values, all from one seed, so a verdict is the same every run.
3. A point counts only where the expected expression is finite and real; the person's must
   then be finite too, else the two differ. At least 4 points must count, else the comparison is
   undecided (reported, never guessed). Two values agree when
   |a - b| <= 1e-7 * max(|a|, |b|) + 1e-10 * (median |expected|), so a likelihood of 1e-20 is
   still compared to seven digits.
4. Up to an additive constant (log-likelihoods): the difference must be the same at every
   parameter draw of one sample; it may change from sample to sample, since a constant free of
   the parameters may hold the data.
5. Equations (score equations): `a = b` is equivalent to `s = 0` when a - b is s times a constant
   (a rearrangement or a scaling), or when (a - b)/s is finite and non-zero at every point and
   a - b vanishes where s does, at the maximum-likelihood estimate of every sample; a ratio
   (a - b)/s whose sign changes between parameter draws of one sample means a zero that the two
   do not share, so the equations differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

import numpy as np
import sympy as sp

from symle.algebra.sums import expand_sums
from symle.budget import cpu_limit
from symle.checker.points import NotEvaluable, Point, compile_expression
from symle.errors import BudgetExceeded

RTOL = 1e-7
ATOL = 1e-10
MIN_POINTS = 4
SYMBOLIC_SECONDS = 0.5
MAX_REMEMBERED = 8_192  # expressions' values a probe keeps


class Verdict(Enum):
    SAME = "same"
    DIFFERENT = "different"
    UNDECIDED = "undecided"


@dataclass
class Probe:
    """Evaluates expressions at a fixed set of points, each expression compiled once."""

    points: tuple[Point, ...]
    var: str
    covariates: tuple[str, ...] = ()
    _cache: dict[sp.Basic, np.ndarray] = field(default_factory=dict)

    @property
    def sizes(self) -> np.ndarray:
        return np.array([p.n for p in self.points], dtype=float)

    @property
    def groups(self) -> np.ndarray:
        return np.array([p.group for p in self.points])

    def values(self, expr: sp.Expr, points: Sequence[Point] | None = None) -> np.ndarray:
        """The expression at every point (nan where it is undefined or cannot be evaluated)."""
        chosen = tuple(points) if points is not None else self.points
        if points is None and expr in self._cache:
            return self._cache[expr]
        try:
            function = compile_expression(expr, self.var, self.covariates)
            result = np.array([function(p) for p in chosen], dtype=float)
        except (
            NotEvaluable,
            TypeError,
            ValueError,
            ZeroDivisionError,
            NameError,
            KeyError,
            AttributeError,
            OverflowError,
            RecursionError,
        ):
            result = np.full(len(chosen), np.nan)
        result[~np.isfinite(result)] = np.nan
        if points is None:
            if len(self._cache) >= MAX_REMEMBERED:  # a probe is shared by a class's files: bounded
                self._cache.clear()
            self._cache[expr] = result
        return result


def _close(a: np.ndarray, b: np.ndarray, scale: float) -> bool:
    return bool(np.all(np.abs(a - b) <= RTOL * np.maximum(np.abs(a), np.abs(b)) + ATOL * scale))


def _scale(expected: np.ndarray) -> float:
    finite = np.abs(expected[np.isfinite(expected)])
    return float(np.median(finite)) if finite.size else 1.0


def agree(student: np.ndarray, expected: np.ndarray) -> Verdict:
    """Whether two value vectors are the same function (rule 3)."""
    usable = np.isfinite(expected)
    if usable.sum() < MIN_POINTS:
        return Verdict.UNDECIDED
    s, e = student[usable], expected[usable]
    if not np.all(np.isfinite(s)):
        return Verdict.DIFFERENT
    return Verdict.SAME if _close(s, e, _scale(expected)) else Verdict.DIFFERENT


def centred(values: np.ndarray, groups: np.ndarray, anchors: np.ndarray | None = None) -> np.ndarray:
    """Each value minus the value at its sample's first anchor point (default: the first finite
    value), so constants per sample cancel."""
    usable = np.isfinite(values) if anchors is None else anchors
    out = np.full_like(values, np.nan)
    for g in np.unique(groups):
        where = np.flatnonzero(groups == g)
        first = [k for k in where if usable[k]]
        if first:
            out[where] = values[where] - values[first[0]]
    return out


def agree_up_to_constant(student: np.ndarray, expected: np.ndarray, groups: np.ndarray) -> Verdict:
    """Rule 4: the difference is constant within each sample."""
    usable = np.isfinite(expected)
    if usable.sum() < MIN_POINTS:
        return Verdict.UNDECIDED
    if not np.all(np.isfinite(student[usable])):
        return Verdict.DIFFERENT
    # centred separately, then compared: subtracting first would lose the expected values in the
    # rounding of a huge constant of the person's; the tolerance follows the expected values only
    e = centred(expected, groups, usable)
    difference = centred(student, groups, usable) - e
    size = np.abs(expected) + np.abs(expected - e)
    ok = np.abs(difference[usable]) <= RTOL * size[usable] + ATOL * max(_scale(expected), 1e-300)
    return Verdict.SAME if bool(np.all(ok)) else Verdict.DIFFERENT


def constant_ratio(student: np.ndarray, expected: np.ndarray) -> float | None:
    """c when student = c * expected at every usable point, else None."""
    usable = np.isfinite(expected) & (np.abs(expected) > 1e-12 * _scale(expected))
    if usable.sum() < MIN_POINTS or not np.all(np.isfinite(student[usable])):
        return None
    ratios = student[usable] / expected[usable]
    c = float(np.median(ratios))
    if c == 0 or not np.all(np.abs(ratios - c) <= 1e-6 * abs(c)):
        return None
    return c


def symbolically_equal(student: sp.Expr, expected: sp.Expr) -> bool:
    """True when SymPy reduces the difference to zero within the cap (rule 1); False means unknown."""
    try:
        with cpu_limit(SYMBOLIC_SECONDS, "comparing symbolically"):
            # expansion only: simplify() costs seconds on sums and the numeric rule decides anyway
            difference = expand_sums(sp.expand(sp.expand_log(student - expected, force=True)))
            return bool(sp.expand(difference) == 0)
    except (BudgetExceeded, TypeError, ValueError, NotImplementedError, RecursionError, AttributeError):
        return False


def same(student: sp.Expr, expected: sp.Expr, probe: Probe) -> Verdict:
    """Rules 1-3: exactly the same function of the data and the parameters. The numbers are looked
    at first because they are cheap once compiled; SymPy is asked only when they do not already
    show the two the same (it may still prove them equal where the evaluation was inaccurate)."""
    verdict = agree(probe.values(student), probe.values(expected))
    if verdict is not Verdict.SAME and symbolically_equal(student, expected):
        return Verdict.SAME
    return verdict


def same_up_to_constant(student: sp.Expr, expected: sp.Expr, probe: Probe) -> Verdict:
    """Rule 4, with rule 1 for the exact case when the numbers do not decide it."""
    verdict = agree_up_to_constant(probe.values(student), probe.values(expected), probe.groups)
    if verdict is not Verdict.SAME and symbolically_equal(student, expected):
        return Verdict.SAME
    return verdict


def equivalent_equation(difference: sp.Expr, score: sp.Expr, probe: Probe, estimates: Sequence[Point]) -> Verdict:
    """Rule 5: `difference = 0` against `score = 0`; `estimates` are the points at which the
    score vanishes (the maximum-likelihood estimates of each sample), possibly empty."""
    d, s = probe.values(difference), probe.values(score)
    if constant_ratio(d, s) is not None:
        return Verdict.SAME
    usable = np.isfinite(s) & (np.abs(s) > 1e-12 * _scale(s))
    if usable.sum() < MIN_POINTS:
        return Verdict.UNDECIDED
    ratio = d[usable] / s[usable]
    if not np.all(np.isfinite(ratio)) or np.any(np.abs(ratio) < 1e-12):
        return Verdict.DIFFERENT
    groups = probe.groups[usable]
    if any(np.ptp(np.sign(ratio[groups == g])) > 0 for g in np.unique(groups)):
        return Verdict.DIFFERENT  # the sign of the ratio changes with the parameters: a zero is not shared
    if not estimates:
        return Verdict.UNDECIDED
    at_estimate = probe.values(difference, estimates)
    reference = probe.values(score, estimates)
    typical = float(np.median(np.abs(d[usable])))
    if not np.all(np.isfinite(at_estimate)) or not np.all(np.isfinite(reference)):
        return Verdict.UNDECIDED
    return Verdict.SAME if bool(np.all(np.abs(at_estimate) <= 1e-7 * max(typical, 1e-300))) else Verdict.DIFFERENT
