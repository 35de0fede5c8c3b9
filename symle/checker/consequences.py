"""The other clauses of an implication: in a score or an estimator step, what the person derives on the
way to the answer (`\\sum x_i - n\\mu = 0 \\Rightarrow \\hat\\mu = \\bar x`) is a claim like the answer.

Each clause is a chain of equal parts; every adjacent pair must hold where the score is zero, that is at
the maximum-likelihood estimates of each sample. A step whose answer is right and whose consequence is
wrong (`\\Rightarrow \\lambda = 5`, `\\Rightarrow \\sum x_i = \\mu`) is incorrect.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from symle.algebra.printing import text
from symle.checker.context import UNDECIDED_NOTE, Context, Outcome, estimators_of


def _holds(difference: sp.Expr, context: Context) -> bool | None:
    """Whether `difference = 0` at the estimates: True, False, or None when it cannot be evaluated."""
    probe = context.probe
    typical = probe.values(difference)
    finite = typical[np.isfinite(typical)]
    scale = float(np.median(np.abs(finite))) if finite.size else 0.0
    if context.estimates:
        at_estimate = probe.values(difference, context.estimates)
    else:  # no estimate points: the closed-form estimators written in
        at_estimate = probe.values(difference.xreplace(estimators_of(context)))
    if not np.all(np.isfinite(at_estimate)) or at_estimate.size == 0:
        return None
    return bool(np.all(np.abs(at_estimate) <= 1e-7 * max(scale, 1e-300)))


def check_consequences(chains: tuple[tuple[sp.Expr, ...], ...], context: Context) -> Outcome | None:
    """None when every clause holds at the estimates; else the outcome for the first that does not."""
    for chain in chains:
        for left, right in zip(chain, chain[1:], strict=False):
            holds = _holds(left - right, context)
            if holds is None:
                return Outcome("unreadable", None, UNDECIDED_NOTE)
            if not holds:
                return Outcome(
                    "incorrect", f"{text(left)} = {text(right)} does not hold at the estimate: it does not follow"
                )
    return None
