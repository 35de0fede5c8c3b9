"""Exact confidence intervals for an estimate on the support's boundary, from the distribution of the
order statistic that estimates it, where the Wald and profile intervals have no meaning.

With one parameter θ whose value is an end of the support, θ̂ = x₍ₙ₎ (support below θ) has
P(X₍ₙ₎ ≤ t) = F(t; θ)ⁿ, so {θ : F(x₍ₙ₎; θ)ⁿ ≥ α} = [x₍ₙ₎, θ_U] with F(x₍ₙ₎; θ_U) = α^{1/n}, α = 1 − level
(the uniform: x₍ₙ₎ ≤ θ ≤ x₍ₙ₎/α^{1/n}, as x₍ₙ₎/θ ~ Beta(n, 1)); θ̂ = x₍₁₎ (support above θ) gives
[θ_L, x₍₁₎] with P(X > x₍₁₎; θ_L) = α^{1/n}. F is the density integrated numerically, so a typed
density is treated as a catalogue family. With a rate estimated too, the shifted exponential's
n(n − 1)(x₍₁₎ − θ)/Σ(xᵢ − x₍₁₎) ~ F(2, 2n − 2) gives θ's interval (and the Pareto's, on log x)."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import numpy as np

from symle.derivation import Derivation
from symle.model.model import Model
from symle.numeric.columns import Columns
from symle.numeric.density import density_function

GROWTH = 80  # doublings of the search for the far end before it is declared out of reach
# a location estimated by x₍₁₎ beside a rate: the transform that makes the family a shifted exponential
SHIFTED = {"shifted-exponential": ("theta", lambda v: v, lambda u: u), "pareto": ("xm", np.log, math.exp)}


def exact_intervals(derivation: Derivation, columns: Columns, estimates: dict[str, float], level: float) -> dict:
    """{parameter: [low, high]} for each boundary estimate with an exact interval at `level`."""
    model = derivation.model
    boundary = [name for name, e in derivation.estimators.items() if e.method == "boundary" and name in estimates]
    if not boundary:
        return {}
    if model.name in SHIFTED and not model.typed and len(estimates) == 2:  # (both parameters estimated)
        name, forward, back = SHIFTED[model.name]
        usable = name in boundary and columns.n >= 2  # (F(2, 2n − 2) needs two observations)
        return {name: _shifted(columns, model.var.name, level, forward, back)} if usable else {}
    if len(model.parameters) != 1 or model.discrete or model.conditional:
        return {}
    p = model.parameters[0]
    lower, upper = _names_in(model.support.lower), _names_in(model.support.upper)
    if p.name in upper and not lower:
        side = "upper"
    elif p.name in lower and not upper:
        side = "lower"
    else:
        return {}
    try:
        with warnings.catch_warnings():  # (quadrature's warnings: a rough F still brackets its root)
            warnings.simplefilter("ignore")
            found = _one_parameter(model, columns, level, side)
    except (ArithmeticError, ValueError):
        found = None
    return {} if found is None else {p.name: found}


def _names_in(bound: object) -> set[str]:
    return {s.name for s in getattr(bound, "free_symbols", set())}


def _one_parameter(model: Model, columns: Columns, level: float, side: str) -> list[float] | None:
    """[x₍ₙ₎, θ_U] or [θ_L, x₍₁₎] from the order statistic's distribution, F by quadrature."""
    from scipy import integrate, optimize

    n = columns.n
    low, high = columns.extremes(model.var.name)
    p = model.parameters[0]
    density = density_function(model)
    target = (1 - level) ** (1 / n)
    t = high if side == "upper" else low

    def beyond_t(theta: float) -> float:
        """P(X ≤ t) for θ above the data (upper end), P(X ≥ t) for θ below them (lower end)."""
        ends = (float(model.support.lower), t) if side == "upper" else (t, float(model.support.upper))
        curve = density({p.name: theta})
        value, _ = integrate.quad(lambda x: float(curve(np.array([x]))[0]), *ends, limit=200)
        return value

    sign = 1.0 if side == "upper" else -1.0
    space = p.space
    step = max(abs(t), 1e-300) if math.isfinite(t) else 1.0
    near = t
    for _ in range(GROWTH):
        far = t + sign * step
        if not space.lower < far < space.upper:  # (a positive θ below x₍₁₎: halve towards 0 instead)
            far = (near + (space.lower if sign < 0 else space.upper)) / 2
        if beyond_t(far) < target:
            break
        near, step = far, 2 * step
    else:
        return None
    root = optimize.brentq(lambda theta: beyond_t(theta) - target, *sorted((near, far)), xtol=1e-14, rtol=1e-15)
    return sorted([t, float(root)])


def _shifted(
    columns: Columns, name: str, level: float, forward: Callable[[np.ndarray], np.ndarray], back: Callable
) -> list[float]:
    """[θ_L, x₍₁₎] from n(n − 1)(u₍₁₎ − θ)/Σ(uᵢ − u₍₁₎) ~ F(2, 2n − 2), u = forward(x)."""
    from scipy import stats

    values = forward(columns.gather()[name])
    n, smallest = len(values), float(np.min(values))
    spread = float(np.sum(values - smallest))
    quantile = float(stats.f.ppf(level, 2, 2 * n - 2))
    return [float(back(smallest - spread * quantile / (n * (n - 1)))), float(back(smallest))]
