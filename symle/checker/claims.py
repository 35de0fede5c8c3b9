"""The inequality that ends a step, checked as a claim: `\\ell''(\\hat\\lambda) = -n/\\hat\\lambda^2 < 0`,
`I(\\lambda) = n/\\lambda^2 > 0`.

A claim is about the step's answer. On a second derivative it is the second-order condition, which
holds at the estimate: it is checked at the maximum-likelihood estimate of every sample. Anywhere
else it is checked at every evaluation point. A claim that fails where both sides are defined makes
the step incorrect, even when the answer before it is right.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import sympy as sp

from symle.algebra.printing import text
from symle.checker.compare import MIN_POINTS, Probe
from symle.checker.points import Point

WRONG_CLAIM = "wrong inequality"
_WORDS = {"<": "negative", "<=": "at most", ">": "positive", ">=": "at least"}


def _holds(operator: str, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    slack = 1e-9 * (np.abs(left) + np.abs(right) + 1e-300)
    if operator == "<":
        return left < right
    if operator == ">":
        return left > right
    if operator == "<=":
        return left <= right + slack
    return left >= right - slack


def check_claim(
    claim: tuple[str, sp.Expr], subject: sp.Expr, probe: Probe, points: Sequence[Point] | None
) -> str | None:
    """None when the claim holds (or cannot be decided), else the hint that says it does not."""
    operator, bound = claim
    left, right = probe.values(subject, points), probe.values(bound, points)
    usable = np.isfinite(left) & np.isfinite(right)
    if usable.sum() < min(MIN_POINTS, len(left)) or not usable.any():
        return None
    if bool(np.all(_holds(operator, left[usable], right[usable]))):
        return None
    where = "at the estimate" if points is not None else "for every sample and parameter value"
    if bound == 0 and operator in ("<", ">"):
        wanted = f"it is not {_WORDS[operator]} {where}"
    else:
        wanted = f"it is not {operator} {text(bound)} {where}"
    if operator in (">", ">=") and bound == 0 and points is not None:
        wanted += " (at a maximum the second derivative is negative)"
    return f"{WRONG_CLAIM}: the claim {operator} {text(bound)} is false: {wanted}"
