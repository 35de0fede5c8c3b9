"""Judging a second derivative (`second-order PARAM`, `second derivative PARAM`): the person's ∂²ℓ/∂θ²,
written for every θ (`\\ell''(\\lambda) = -n/\\lambda^2`) or at the estimate (`-n/\\hat\\lambda^2`), in
which case its hats are the estimators and it is compared with the second derivative there."""

from __future__ import annotations

import sympy as sp

from symle.checker.compare import Verdict, same
from symle.checker.context import Context, Outcome, situation, undecided_or_wrong, wrong_earlier
from symle.checker.hints import find_hint
from symle.checker.reading import Reading


def at_estimate(value: sp.Expr, context: Context) -> sp.Expr:
    """The expression with every parameter that has a closed-form estimator replaced by it."""
    derivation = context.derivation
    hats = {p.symbol: derivation.estimators[p.name].value for p in derivation.model.parameters}
    return value.xreplace({s: v for s, v in hats.items() if v is not None})


def judge_second_order(reading: Reading, target: sp.Expr, parameter: str | None, context: Context) -> Outcome:
    assert parameter is not None
    probe = context.probe
    symbol = context.derivation.model.parameter(parameter).symbol
    earlier = wrong_earlier(context, "loglik", None)
    for part in reading.parts:
        verdict = same(part, target, probe)
        if verdict is Verdict.SAME or same(part, at_estimate(target, context), probe) is Verdict.SAME:
            continue
        if earlier is not None:
            own = sp.diff(earlier.value, symbol, 2)
            if same(part, own, probe) is Verdict.SAME or same(part, at_estimate(own, context), probe) is Verdict.SAME:
                return Outcome("correct", None, context.follows(earlier.number))
        hint = find_hint(probe.values(part), target, probe, situation(context, "second-order", parameter))
        return undecided_or_wrong(verdict, hint)
    return Outcome("correct")
