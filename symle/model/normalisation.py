"""The check that a typed density is one: not negative on its support, and integrating (summing) to 1."""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import sympy as sp

from symle.budget import Budget
from symle.errors import BudgetExceeded, ModelError
from symle.model.model import Model
from symle.model.support import Support

NORMALISE_SECONDS = 3.0


def check_density(model: Model, budget: Budget) -> list[str]:
    """Refuse a typed density that is negative on its support, whose integral (sum) diverges, or
    that does not integrate to 1, where SymPy or quadrature can tell within the budget; otherwise
    return a warning. The parameters take trial values inside their domains."""
    x = model.var
    symbolic = [p for p in model.known_parameters if model.known.get(p.name) is None]
    trial = {p.symbol: p.space.trial for p in (*model.parameters, *symbolic)}
    density = model.density.xreplace(trial)
    support = model.support.substitute(trial)
    where = f"(parameters {_show(trial)})"
    try:
        with budget.guard("checking the sign of the density", cap=NORMALISE_SECONDS):
            for point in _support_points(support):
                value = density.xreplace({x: point}).evalf()
                if value.is_real and value.is_negative:
                    raise ModelError(f"the density is negative at {x.name} = {point} {where}")
    except BudgetExceeded:
        return ["symle could not check that the density is a density: its values took too long to compute"]
    total = _symbolic_total(density, x, support, budget)
    if total is not None:
        if total.has(sp.oo, -sp.oo, sp.zoo) or total.is_finite is False:
            raise ModelError(f"the density's {_integral(support)} over its support diverges {where}: not a density")
        if total.is_number:
            value = complex(total)
            if value.real < 0:  # a function found nonnegative cannot integrate to a negative number:
                raise ModelError(  # SymPy took an improper integral that diverges as if it converged
                    f"the density's {_integral(support)} over its support diverges {where}: not a density"
                )
            if abs(value - 1) > 1e-9:
                raise ModelError(f"the density integrates to {sp.nsimplify(total)}, not 1 {where}")
            return []
    numeric = _numeric_total(density, x, support)
    if numeric is not None:
        value, trusted = numeric
        if not np.isfinite(value):
            raise ModelError(f"the density's {_integral(support)} over its support diverges {where}: not a density")
        if trusted:
            if abs(value - 1) > 1e-6:
                raise ModelError(f"the density integrates to {value:.6g}, not 1 {where}")
            return []
    return ["symle could not verify that the density integrates to 1"]


def _integral(support: Support) -> str:
    return "sum" if support.discrete else "integral"


def _symbolic_total(density: sp.Expr, x: sp.Symbol, support: Support, budget: Budget) -> sp.Expr | None:
    """The integral (sum) over the support by SymPy, None when it cannot be had in time."""
    try:
        with budget.guard("checking that the density integrates to 1", cap=NORMALISE_SECONDS):
            if support.values is not None:
                total = sp.Add(*(density.xreplace({x: v}) for v in support.values))
            elif support.discrete:
                total = sp.summation(density, (x, support.lower, support.upper))
            else:
                total = sp.integrate(density, (x, support.lower, support.upper))
            total = sp.simplify(total)
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError):
        return None
    return None if total.has(sp.Integral, sp.Sum) else total


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


def _numeric_total(density: sp.Expr, x: sp.Symbol, support: Support) -> tuple[float, bool] | None:
    """The integral (sum) of the density with the trial parameters, numerically, and whether the
    quadrature vouches for it (no warning, a small error estimate); None if unusable."""
    try:
        f = sp.lambdify(x, density, modules=["scipy", "numpy"])
        with warnings.catch_warnings(record=True) as caught, np.errstate(all="ignore"):
            warnings.simplefilter("always")
            if support.discrete:
                start = int(support.lower)
                stop = int(support.upper) if support.upper.is_finite else start + 100_000
                grid = np.arange(start, stop + 1, dtype=float)
                terms = np.asarray(f(grid), dtype=float)
                converged = bool(support.upper.is_finite) or abs(float(terms[-1])) < 1e-12
                return float(np.sum(terms)), converged
            from scipy.integrate import quad

            lower = float(support.lower) if support.lower.is_finite else -np.inf
            upper = float(support.upper) if support.upper.is_finite else np.inf
            value, error = quad(lambda t: float(f(t)), lower, upper, limit=200)
        return value, not caught and error < 1e-6 * max(1.0, abs(value))
    except Exception:  # noqa: BLE001 - a numeric check that fails is simply not decisive
        return None
