"""Interval-censored lifetimes: each known only to lie in [lᵢ, hᵢ], contributing F(hᵢ; θ) − F(lᵢ; θ).

hᵢ = ∞ is a right-censored time (S(lᵢ)), lᵢ at or below the support's lower end a left-censored one
(F(hᵢ)), and lᵢ = hᵢ an exact observation, which contributes the density f(lᵢ; θ). The likelihood
∏ [F(hᵢ) − F(lᵢ)] holds each parameter inside a difference of two values of F, whose logarithm does not
split into a function of θ times statistics of the data: no closed form, so it is maximised numerically
(SciPy's BFGS then Nelder–Mead, from the ordinary fit of the intervals' representative points), and the
standard errors come from the observed information, minus the Hessian of the log-likelihood by central
differences (scipy.stats.CensoredData fits these likelihoods too: the tests compare them)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import sympy as sp

from symle.errors import DataError
from symle.model.censoring import survival_function
from symle.model.model import Model
from symle.numeric.density import support_ends
from symle.numeric.evaluate import numeric_form
from symle.numeric.result import FitResult
from symle.stages.likelihood import log_density

STEP = 1e-4  # relative step of the central differences that give the observed information


def interval_bounds(lower: Any, upper: Any) -> tuple[np.ndarray, np.ndarray]:
    """The bounds as float arrays, checked: the same length, numbers, lᵢ ≤ hᵢ, lᵢ < ∞ and hᵢ > −∞."""
    try:
        lo, hi = np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)
    except (TypeError, ValueError):
        raise DataError("the interval bounds must be numbers (hi may be inf for a right-censored time)") from None
    if lo.ndim != 1 or hi.ndim != 1:
        raise DataError("the interval bounds must be two sequences of numbers, lo and hi")
    if lo.size != hi.size:
        raise DataError(f"the interval bounds have different lengths: {lo.size} lo and {hi.size} hi")
    if lo.size == 0:
        raise DataError("no intervals to fit")
    if np.isnan(lo).any() or np.isnan(hi).any() or np.isposinf(lo).any() or np.isneginf(hi).any():
        raise DataError(
            "the interval bounds must be numbers, lo below inf and hi above -inf (hi = inf: right-censored; "
            "lo = -inf or the support's lower end: left-censored)"
        )
    reversed_ = np.flatnonzero(lo > hi)
    if reversed_.size:
        k = int(reversed_[0])
        raise DataError(f"interval bounds reversed at row {k + 1}: lo = {lo[k]:g} > hi = {hi[k]:g}")
    return lo, hi


def fit_intervals(derivation: Any, lower: Any, upper: Any, level: float = 0.95) -> FitResult:
    """The maximum-likelihood fit of interval-censored lifetimes [lᵢ, hᵢ] to the derivation's (uncensored) model."""
    from scipy import optimize, stats

    model: Model = derivation.model
    lo, hi = interval_bounds(lower, upper)
    names = [p.name for p in model.parameters]
    positive = [bool(p.symbol.is_positive) for p in model.parameters]
    loglik = _log_likelihood(model, lo, hi)
    start = _start(derivation, lo, hi)

    def to_theta(z: np.ndarray) -> dict[str, float]:
        return {n: float(math.exp(v) if pos else v) for n, v, pos in zip(names, z, positive, strict=True)}

    def minus(z: np.ndarray) -> float:
        value = loglik(to_theta(z))
        return -value if math.isfinite(value) else math.inf

    z0 = np.array([math.log(start[n]) if pos else start[n] for n, pos in zip(names, positive, strict=True)])
    found = optimize.minimize(minus, z0, method="BFGS")
    polished = optimize.minimize(
        minus, found.x, method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 4000}
    )
    best = polished if polished.fun <= found.fun else found
    if not math.isfinite(best.fun):
        raise DataError("the interval-censored log-likelihood is not finite anywhere the fit looked")
    estimates = to_theta(best.x)
    errors, bounds = _wald(loglik, estimates, positive, level, stats.norm.ppf(0.5 + level / 2))
    exact = int(np.sum(lo == hi))
    extras = {
        "censoring": {"failures": exact, "censored": int(lo.size - exact)},
        "intervals": {"exact": exact, "right": int(np.sum(np.isinf(hi))), "bounded": int(np.sum(lo < hi))},
        "level": level,
        "interval": "wald",
        "standard_errors": errors,
        "confidence_intervals": bounds,
        "interval_scales": {n: ("log" if pos else "identity") for n, pos in zip(names, positive, strict=True)},
    }
    warnings = ("standard errors use the observed information (central differences of the log-likelihood)",)
    return FitResult(model.name, int(lo.size), estimates, dict.fromkeys(names, "numeric"), -best.fun, warnings, extras)


def _log_likelihood(model: Model, lo: np.ndarray, hi: np.ndarray) -> Callable[[dict[str, float]], float]:
    """θ ↦ Σ log f(lᵢ) over exact rows + Σ log(S(lᵢ) − S(hᵢ)) over the others, S(∞) = 0, S = 1 below the support."""
    symbols = [model.var, *(p.symbol for p in model.parameters)]
    survival = sp.lambdify(symbols, survival_function(model), modules=["scipy", "numpy"])
    logf = sp.lambdify(symbols, numeric_form(log_density(model)), modules=["scipy", "numpy"])
    exact = lo == hi
    names = [p.name for p in model.parameters]

    def loglik(theta: dict[str, float]) -> float:
        args = [theta[n] for n in names]
        low, _ = support_ends(model, theta)
        with np.errstate(all="ignore"):
            total = float(np.sum(np.broadcast_to(logf(lo[exact], *args), lo[exact].shape)))
            a, b = lo[~exact], hi[~exact]
            s_lo = np.where(a <= low, 1.0, np.broadcast_to(survival(np.where(a <= low, low + 1.0, a), *args), a.shape))
            s_hi = np.where(np.isinf(b), 0.0, np.broadcast_to(survival(np.where(np.isinf(b), a, b), *args), b.shape))
            total += float(np.sum(np.log(s_lo - s_hi)))
        return total if math.isfinite(total) else -math.inf

    return loglik


def _start(derivation: Any, lo: np.ndarray, hi: np.ndarray) -> dict[str, float]:
    """The ordinary fit of one point an interval: lᵢ when hᵢ = ∞, the midpoint otherwise (hᵢ where lᵢ ≤ 0)."""
    points = np.where(np.isinf(hi), lo, np.where(lo <= 0, hi, (lo + hi) / 2))
    points = points[points > 0] if np.any(points > 0) else points
    return dict(derivation.fit(points)["estimates"])


def _wald(
    loglik: Callable[[dict[str, float]], float],
    estimates: dict[str, float],
    positive: list[bool],
    level: float,
    z: float,
) -> tuple[dict[str, float | None], dict[str, list[float] | None]]:
    """Standard errors from minus the Hessian (central differences) and Wald intervals, on the log scale for
    a positive parameter (exp(log θ̂ ± z se/θ̂)); None where the information is not positive definite."""
    names = list(estimates)
    k = len(names)
    steps = [STEP * max(abs(estimates[n]), 1e-3) for n in names]

    def at(shifts: dict[int, float]) -> float:
        return loglik({n: estimates[n] + shifts.get(j, 0.0) for j, n in enumerate(names)})

    hessian = np.empty((k, k))
    for a in range(k):
        for b in range(a, k):
            ha, hb = steps[a], steps[b]
            if a == b:
                value = (at({a: ha}) - 2 * at({}) + at({a: -ha})) / ha**2
            else:
                value = (at({a: ha, b: hb}) - at({a: ha, b: -hb}) - at({a: -ha, b: hb}) + at({a: -ha, b: -hb})) / (
                    4 * ha * hb
                )
            hessian[a, b] = hessian[b, a] = value
    errors: dict[str, float | None] = dict.fromkeys(names)
    bounds: dict[str, list[float] | None] = dict.fromkeys(names)
    try:
        covariance = np.linalg.inv(-hessian)
    except np.linalg.LinAlgError:
        return errors, bounds
    for j, n in enumerate(names):
        variance = covariance[j, j]
        if not (math.isfinite(variance) and variance > 0):
            continue
        se = math.sqrt(variance)
        errors[n] = se
        value = estimates[n]
        if positive[j]:
            spread = z * se / value
            bounds[n] = [value * math.exp(-spread), value * math.exp(spread)]
        else:
            bounds[n] = [value - z * se, value + z * se]
    return errors, bounds
