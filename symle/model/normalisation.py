"""The check that a typed density is one: not negative on its support, and integrating (summing) to 1."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import sympy as sp

from symle.budget import Budget
from symle.errors import BudgetExceeded, ModelError
from symle.model.model import Model
from symle.model.support import Support

NORMALISE_SECONDS = 3.0


def check_density(model: Model, budget: Budget) -> list[str]:
    """Refuse a typed density that is negative on its support or does not integrate (sum) to 1,
    where SymPy or a numeric check can tell within the budget; otherwise return a warning."""
    x = model.var
    symbolic = [p for p in model.known_parameters if model.known.get(p.name) is None]
    trial = {p.symbol: p.space.trial for p in (*model.parameters, *symbolic)}
    density = model.density.xreplace(trial)
    support = model.support.substitute(trial)
    lower, upper = support.lower, support.upper
    points = _support_points(support)
    for point in points:
        value = density.xreplace({x: point}).evalf()
        if value.is_real and value.is_negative:
            raise ModelError(f"the density is negative at {model.var.name} = {point} (parameters {_show(trial)})")
    try:
        with budget.guard("checking that the density integrates to 1", cap=NORMALISE_SECONDS):
            if support.discrete:
                total = (
                    sp.summation(density, (x, lower, upper))
                    if support.values is None
                    else sum(density.xreplace({x: v}) for v in support.values)
                )
            else:
                total = sp.integrate(density, (x, lower, upper))
            total = sp.simplify(total)
        if total.is_number and total.is_finite:
            if abs(float(total) - 1) > 1e-9:
                raise ModelError(f"the density integrates to {sp.nsimplify(total)}, not 1 (parameters {_show(trial)})")
            return []
    except BudgetExceeded:
        pass
    numeric = _numeric_total(density, x, support)
    if numeric is not None:
        if abs(numeric - 1) > 1e-6:
            raise ModelError(f"the density integrates to {numeric:.6g}, not 1 (parameters {_show(trial)})")
        return []
    return ["symle could not verify that the density integrates to 1"]


def _show(values: Mapping[sp.Symbol, sp.Expr]) -> str:
    return ", ".join(f"{k}={v}" for k, v in values.items())


def _support_points(support: Support) -> list[sp.Expr]:
    if support.values is not None:
        return [sp.Integer(v) for v in support.values]
    lower = support.lower if support.lower.is_finite else None
    upper = support.upper if support.upper.is_finite else None
    if support.discrete:
        start = int(lower) if lower is not None else 0
        stop = int(upper) if upper is not None and upper.is_number else start + 20
        return [sp.Integer(k) for k in range(start, min(stop, start + 20) + 1)]
    if lower is not None and upper is not None and lower.is_number and upper.is_number:
        return [lower + (upper - lower) * sp.Rational(k, 10) for k in range(1, 10)]
    if lower is not None and lower.is_number:
        return [lower + sp.Rational(k, 4) for k in (1, 2, 4, 8, 16, 40)]
    if upper is not None and upper.is_number:
        return [upper - sp.Rational(k, 4) for k in (1, 2, 4, 8, 16, 40)]
    return [sp.Rational(k, 2) for k in (-20, -6, -2, -1, 0, 1, 2, 6, 20)]


def _numeric_total(density: sp.Expr, x: sp.Symbol, support: Support) -> float | None:
    """The integral (sum) of the density with the trial parameters, numerically; None if unusable."""
    try:
        f = sp.lambdify(x, density, modules=["scipy", "numpy"])
        if support.discrete:
            start = int(support.lower)
            stop = int(support.upper) if support.upper.is_finite else start + 100_000
            grid = np.arange(start, stop + 1, dtype=float)
            with np.errstate(all="ignore"):
                return float(np.sum(f(grid)))
        from scipy.integrate import quad

        lower = float(support.lower) if support.lower.is_finite else -np.inf
        upper = float(support.upper) if support.upper.is_finite else np.inf
        with np.errstate(all="ignore"):
            value, _ = quad(lambda t: float(f(t)), lower, upper, limit=200)
        return value if np.isfinite(value) else None
    except Exception:  # noqa: BLE001 - a numeric check that fails is simply not decisive
        return None
