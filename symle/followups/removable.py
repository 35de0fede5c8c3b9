"""The information's removable singularities: I(θ) = n(log(θ + 1) − 2θ − log(1 − θ))/(2θ³) is 0/0 at
θ = 0, inside the parameter space, where the information is its limit, n/3. Found for one parameter,
by the zeros of the denominator inside the space (finitely many) where the numerator vanishes too and
the limit is finite and positive, within a small share of the budget; the page states the value there."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import sympy as sp

from symle.algebra.notation import FisherInformation
from symle.budget import Budget
from symle.errors import BudgetExceeded
from symle.followups.information import Information
from symle.stages.step import Equation, Prose, Step, chain, listed, prose

LIMIT_SECONDS = 1.0
MOST_POINTS = 3


@dataclass(frozen=True)
class Removable:
    """I(θ) at a point θ₀ of the space where its formula is 0/0: the limit there, and 1/I(θ₀)."""

    symbol: sp.Symbol
    point: sp.Expr
    information: sp.Expr
    variance: sp.Expr


def removable_points(info: Information, budget: Budget) -> tuple[Removable, ...]:
    """The points inside the parameter space where the one-parameter information is 0/0, with its
    limit there; none where it cannot be had in time."""
    if info.fisher is None or len(info.regular) != 1 or info.irregular:
        return ()
    parameter = info.regular[0]
    theta, value = parameter.symbol, info.fisher[0, 0]
    if value.has(sp.Sum, sp.Integral):
        return ()
    if parameter.interval is not None:
        low, high = parameter.interval.sympy_bounds()
    else:
        low, high = sp.Float(parameter.space.lower), sp.Float(parameter.space.upper)
        low, high = (
            (sp.S.NegativeInfinity if low.is_infinite else sp.nsimplify(low)),
            (sp.S.Infinity if high.is_infinite else sp.nsimplify(high)),
        )
    found = []
    try:
        with budget.guard("the information's limits", cap=LIMIT_SECONDS):
            top, bottom = sp.fraction(sp.together(value))
            zeros = sp.solveset(bottom, theta, sp.Interval.open(low, high))
            if not isinstance(zeros, sp.FiniteSet) or len(zeros) > MOST_POINTS:
                return ()
            for point in zeros:
                if sp.simplify(top.xreplace({theta: point})) != 0:
                    continue  # a pole, not 0/0
                limit = sp.simplify(sp.limit(value, theta, point))
                if limit.is_finite and limit.is_positive:
                    found.append(Removable(theta, point, limit, sp.simplify(1 / limit)))
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError, AttributeError):
        return ()
    return tuple(found)


def _without_stop(text: str) -> Prose:
    """The sentence without its full stop, its mathematics kept as mathematics (a Prose's parts)."""
    sentence = text if isinstance(text, Prose) else prose(text)
    parts = list(sentence.parts)
    if parts and isinstance(parts[-1], str):
        parts[-1] = parts[-1].rstrip(".")
    return Prose(*parts)


def with_limits(steps: tuple[Step, ...], limits: tuple[Removable, ...]) -> tuple[Step, ...]:
    """The information and variance steps with their values where the formula is 0/0: I(0) = n/3,
    and the sentences' "(at θ = 0, where the formula is 0/0, its limit: ...)"."""
    if not limits:
        return steps
    at = listed(chain(r.symbol, r.point) for r in limits)
    done = []
    for step in steps:
        if step.kind == "fisher":
            sentence = prose(_without_stop(step.text), "; at ", at, " the formula is 0/0, and the information there is")
            sentence += " its limit, below." if len(limits) == 1 else " its limits, below."
            extra = tuple(Equation((FisherInformation(r.point), r.information)) for r in limits)
            step = dataclasses.replace(step, text=sentence, equations=(*step.equations, *extra))
        elif step.kind == "variance":
            values = listed(
                r.variance if len(limits) == 1 else prose(r.variance, " at ", chain(r.symbol, r.point)) for r in limits
            )
            sentence = prose(_without_stop(step.text), "; at ", at, ", where the formula is 0/0, it is the limit, ")
            step = dataclasses.replace(step, text=prose(sentence, values, "."))
        done.append(step)
    return tuple(done)
