"""The parameter space a typed density's sign implies: f(x; θ) = (1 + θx)/2 on −1 < x < 1 is a
density only for −1 ≤ θ ≤ 1, where it is not negative on the whole support.

Found where it can be shown within a small budget: one parameter, a support with fixed ends, and f
monotone in x for every θ (∂f/∂x = g(θ)h(x) with h free of roots inside the support), so that f is
least at an end of the support and f ≥ 0 there is the whole condition; the set of θ where both ends'
values are ≥ 0 is then solved for. Elsewhere the parameter keeps its domain, as before. The space found
is a restricted space (symle.model.interval.Interval, marked `inferred`), which the derivation uses as
it uses a declared one (symle.stages.restricted)."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import sympy as sp

from symle.algebra.special import as_sympy
from symle.budget import Budget
from symle.errors import BudgetExceeded
from symle.model.interval import Interval
from symle.model.model import Model

SPACE_SECONDS = 1.0


def with_inferred_space(model: Model, budget: Budget) -> Model:
    """The model with its one parameter restricted to where the density is not negative on the
    support, when that is a proper part of its domain and can be found in time; else the model."""
    if not model.typed or model.conditional or model.groups or len(model.parameters) != 1:
        return model
    parameter = model.parameters[0]
    support = model.support
    if parameter.interval is not None or support.discrete or support.values is not None:
        return model
    if not all(end.is_number for end in (support.lower, support.upper)):
        return model
    density = as_sympy(model.density)
    if not density.free_symbols <= {model.var, parameter.symbol}:
        return model
    try:
        with budget.guard("finding where the formula is a density", cap=SPACE_SECONDS):
            space = _space(density, model.var, parameter.symbol, support.lower, support.upper, parameter.space)
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError, AttributeError):
        return model
    if space is None:
        return model
    parameters = (dataclasses.replace(parameter, interval=space),)
    return dataclasses.replace(model, parameters=parameters)


def end_values(density: sp.Expr, x: sp.Symbol, lower: sp.Expr, upper: sp.Expr) -> list[tuple[sp.Expr, sp.Expr]]:
    """The density's values at the support's finite ends, (end, f(end)), where it is continuous up to them."""
    found = []
    for end, side in ((lower, "+"), (upper, "-")):
        if end.is_finite:
            value = sp.limit(density, x, end, side)
            if value.is_finite is False or value.has(sp.Limit, sp.nan, sp.AccumBounds):
                return []
            found.append((end, sp.factor(value)))
    return found


def _space(
    density: sp.Expr, x: sp.Symbol, theta: sp.Symbol, lower: sp.Expr, upper: sp.Expr, domain: object
) -> Interval | None:
    inside = sp.Interval.open(lower, upper)
    slope = sp.diff(density, x)
    parts = sp.separatevars(slope, symbols=[x], dict=True)
    if not parts or x not in parts:
        return None
    shape = parts[x]
    if sp.calculus.util.continuous_domain(shape, x, inside) != inside or not _one_sign(shape, x, lower, upper):
        return None  # f may turn inside: its least value need not be at an end
    ends = end_values(density, x, lower, upper)
    if not ends or len(ends) < sum(1 for end in (lower, upper) if end.is_finite):
        return None
    whole = sp.Interval.open(domain.lower, domain.upper)  # type: ignore[attr-defined]
    space: sp.Set = whole
    for _, value in ends:
        space = space.intersect(sp.solve_univariate_inequality(value >= 0, theta, relational=False, domain=whole))
    if not isinstance(space, sp.Interval) or space == whole or space.measure == 0:
        return None
    low, high = _fraction(space.start), _fraction(space.end)
    if low is False or high is False:
        return None
    return Interval(
        low,  # type: ignore[arg-type]
        high,  # type: ignore[arg-type]
        lower_closed=low is not None and not space.left_open,
        upper_closed=high is not None and not space.right_open,
        inferred=True,
    )


def _one_sign(shape: sp.Expr, x: sp.Symbol, lower: sp.Expr, upper: sp.Expr) -> bool:
    """Whether h keeps one sign inside the support (it may touch 0, as 3x² does at 0): finitely many
    roots, and the same sign between each two (x³ is monotone on −1 < x < 1)."""
    roots = sp.solveset(shape, x, sp.Interval.open(lower, upper))
    if not isinstance(roots, sp.FiniteSet) and roots != sp.S.EmptySet:
        return False
    points = sorted(roots, key=float)
    cuts = [lower if lower.is_finite else (points[0] if points else upper) - 1, *points]
    cuts.append(upper if upper.is_finite else cuts[-1] + 2)
    signs = {sp.sign(shape.xreplace({x: (a + b) / 2})) for a, b in zip(cuts, cuts[1:], strict=False)}
    return len(signs) == 1 and signs <= {1, -1}


def _fraction(end: sp.Expr) -> Fraction | None | bool:
    """A rational end as a Fraction, an infinite one as None; False for any other (√2: not kept)."""
    if end.is_infinite:
        return None
    if end.is_Rational:
        return Fraction(int(end.p), int(end.q))
    return False
