"""Parameter roles read off the density (location, scale, rate, shape) and where Newton's method starts."""

from __future__ import annotations

import sympy as sp

from symle.budget import Budget, cpu_limit
from symle.errors import BudgetExceeded
from symle.model.model import Model, Parameter

ROLE_SECONDS = 2.0


def _same_function(left: sp.Expr, right: sp.Expr, symbols: list[sp.Symbol]) -> bool:
    """Whether two expressions agree at a few random points (a parameter's role only steers the
    starting value, so a numeric test is enough and never hangs)."""
    import numpy as np  # (loaded where a role is read: deriving a closed form needs no NumPy)

    rng = np.random.default_rng(7)
    for _ in range(3):
        point = {s: sp.Float(v) for s, v in zip(symbols, rng.uniform(0.3, 2.5, size=len(symbols)), strict=True)}
        try:
            a = complex(left.xreplace(point).evalf(15))
            b = complex(right.xreplace(point).evalf(15))
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            return False
        if not (np.isfinite(a) and np.isfinite(b)) or abs(a - b) > 1e-9 * (1 + abs(b)):
            return False
    return True


def _is_location(model: Model, symbol: sp.Symbol) -> bool:
    """f(x + c; mu + c) = f(x; mu): mu shifts the distribution."""
    c = sp.Dummy("c", real=True)
    x = model.var
    shifted = model.density.xreplace({x: x + c, symbol: symbol + c})
    return _same_function(shifted, model.density, _free(model, c))


def _is_scale(model: Model, symbol: sp.Symbol, locations: list[sp.Symbol]) -> int:
    """+1 when c f(c x; c s) = f(x; s) (a scale), -1 for a rate (s -> s / c), else 0."""
    c = sp.Dummy("c", positive=True)
    x = model.var
    moves = {loc: c * loc for loc in locations}
    for sign, value in ((1, symbol * c), (-1, symbol / c)):
        scaled = c * model.density.xreplace({x: c * x, symbol: value, **moves})
        if _same_function(scaled, model.density, _free(model, c)):
            return sign
    return 0


def _free(model: Model, extra: sp.Symbol) -> list[sp.Symbol]:
    return [model.var, *model.symbols, extra]


def starting_rules(model: Model, numeric: tuple[Parameter, ...], budget: Budget | None = None) -> dict[str, str]:
    """Where Newton's method starts, from each parameter's role in the density: a location at the
    median, a scale at a robust spread (or the mean on a positive support), a rate at one over it,
    a shape at one, a probability at one half. Roles that take too long to read are not used."""
    what = "reading the parameters' roles"
    try:
        # alone (code generation), a cap of its own: its wall-clock net is no command's deadline
        with budget.guard(what, cap=ROLE_SECONDS) if budget is not None else cpu_limit(ROLE_SECONDS, what):
            return _rules(model, numeric)
    except BudgetExceeded:
        return {p.name: p.space.start or "one" for p in numeric}


def locations(model: Model) -> list[sp.Symbol]:
    """The parameters that shift the distribution: f(x + c; mu + c) = f(x; mu)."""
    return [p.symbol for p in model.parameters if p.space.unbounded and _is_location(model, p.symbol)]


def scale_role(model: Model, symbol: sp.Symbol, shifts: list[sp.Symbol]) -> int:
    """+1 for a scale (c f(c x; c s) = f(x; s)), -1 for a rate, 0 otherwise."""
    return _is_scale(model, symbol, shifts)


def _rules(model: Model, numeric: tuple[Parameter, ...]) -> dict[str, str]:
    locations_ = locations(model)
    starts = {}
    positive_support = bool(model.support.lower.is_nonnegative)
    for p in numeric:
        if p.symbol in locations_:
            starts[p.name] = "median"
        elif p.space.start is not None and not (p.nonzero and p.space.start == "zero"):
            # a probability at one half, a real number at zero (unless the density divides by it)
            starts[p.name] = p.space.start
        else:
            role = _is_scale(model, p.symbol, locations_)
            if role > 0:
                starts[p.name] = "mean" if positive_support else "spread"
            elif role < 0:
                starts[p.name] = "inverse-mean" if positive_support else "inverse-spread"
            else:
                starts[p.name] = "one"
    return starts
