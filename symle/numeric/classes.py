"""Fitting counts in classes (symle.model.classes): the multinomial log-likelihood Σ mᵢ log pᵢ(θ),
pᵢ = S(aᵢ; θ) − S(bᵢ; θ) (S(−∞) = 1, S(∞) = 0), maximised numerically.

The start is the weighted fit of the class midpoints with the counts as weights (an open class's point
one width of its neighbour beyond its finite end); from there BFGS climbs on the scale where each
parameter is unbounded (log, logit), and Nelder–Mead polishes. Standard errors come from the observed
information, minus the Hessian of the log-likelihood at the estimate by central differences; the sample
size is the total count Σmᵢ."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import sympy as sp
from scipy import optimize

from symle.echo import shown
from symle.errors import ConvergenceError, DataError, named
from symle.model.model import Model
from symle.numeric.data import DATA_NAME
from symle.numeric.grouped_files import Grouped
from symle.numeric.result import FitResult
from symle.numeric.wald import check_level, interval, normal_quantile

TRANSFORMS: dict[str, tuple[Callable[[float], float], Callable[[float], float]]] = {
    "log": (math.log, math.exp),
    "logit": (lambda p: math.log(p / (1 - p)), lambda u: 1 / (1 + math.exp(-u))),
    "identity": (lambda v: v, lambda v: v),
}


def fit_classes(model: Model, grouped: Grouped, level: float = 0.95) -> FitResult:
    """The estimates, their standard errors and Wald intervals, from a class file's rows (the model alone is
    needed: its class probabilities S(a) − S(b), not the derivation's page)."""
    level = check_level(level)
    g = model.grouping
    if g is None:
        raise DataError(
            f"a class file is fitted to a model of classes: derive it with {named('classes')} (classes=True)"
        )
    lower, upper, counts = grouped.columns
    _check_support(model, lower, upper, grouped.name)
    parameters = model.parameters
    survival = sp.lambdify(
        (g.variable, *model.symbols), 1 - g.cdf, modules=[{"uppergamma": _upper_gamma}, "scipy", "numpy"]
    )
    kept = counts > 0  # (an empty class adds m log p = 0)
    a, b, m = lower[kept], upper[kept], counts[kept]

    def loglik(values: tuple[float, ...]) -> float:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            p = _tail(survival, a, values, 1.0) - _tail(survival, b, values, 0.0)
            value = float(np.sum(m * np.log(p)))
        return value if math.isfinite(value) else -math.inf

    kinds = [p.space.transform for p in parameters]
    start = _start(model, lower, upper, counts)

    def natural(u: np.ndarray) -> tuple[float, ...]:
        try:
            return tuple(TRANSFORMS[k][1](float(v)) for k, v in zip(kinds, u, strict=True))
        except OverflowError:
            return tuple(math.nan for _ in kinds)

    def objective(u: np.ndarray) -> float:
        value = loglik(natural(u))
        return -value if math.isfinite(value) else 1e300

    u0 = np.array([TRANSFORMS[k][0](start[p.name]) for k, p in zip(kinds, parameters, strict=True)])
    climbed = optimize.minimize(objective, u0, method="BFGS", options={"gtol": 1e-9})
    polished = optimize.minimize(objective, climbed.x, method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-12})
    best = polished if polished.fun <= climbed.fun else climbed
    if not best.fun < 1e300:
        raise ConvergenceError(
            "no parameter value gives every class a positive probability: the classes cannot be fitted"
        )
    estimates = dict(zip((p.name for p in parameters), natural(best.x), strict=True))
    top = loglik(tuple(estimates.values()))
    extras = _wald(loglik, estimates, parameters, level)
    total = float(counts.sum())
    extras["classes"] = {"classes": len(counts), "total": total}
    extras["bic"] = len(estimates) * math.log(total) - 2 * top
    notes = ("standard errors use the observed information (the expected one is not derived here)",)
    method = dict.fromkeys(estimates, "numeric")
    return FitResult(model.name, int(total), estimates, method, top, notes, extras)


def class_data(model: Model, data: Any, delimiter: str | None = None) -> Grouped:
    """A model of classes' data in Python: a class file's name, or a mapping of the three columns under the
    model's names (a, b, m), checked as a file's rows are."""
    from symle.numeric.grouped_files import checked_classes, read_classes

    g = model.grouping
    assert g is not None
    if isinstance(data, (str, Path)):
        return read_classes(str(data), delimiter)
    names = (g.lower.name, g.upper.name, g.count.name)
    if not isinstance(data, Mapping) or set(data) != set(names):
        raise DataError(f"the data of classes are a class file, or a mapping of the columns {', '.join(names)}")
    try:
        columns = tuple(np.asarray(data[k], dtype=float).ravel() for k in names)
    except (TypeError, ValueError):
        raise DataError(f"the columns {', '.join(names)} must hold numbers") from None
    if len({c.size for c in columns}) != 1:
        raise DataError(f"the columns {', '.join(names)} must have as many values each")
    return checked_classes(Grouped(DATA_NAME, columns, tuple(range(1, columns[0].size + 1))))


def _tail(survival: Callable[..., np.ndarray], at: np.ndarray, values: tuple[float, ...], below: float) -> np.ndarray:
    """S at the bounds: 1 at −∞, 0 at ∞ (`below` is S's value at the infinite bound the column may hold)."""
    out = np.where(np.isinf(at), np.where(at < 0, 1.0, 0.0), 0.0)
    finite = np.isfinite(at)
    if finite.any():
        out[finite] = np.broadcast_to(survival(at[finite], *values), at[finite].shape)
    return out


def _upper_gamma(s: float, x: np.ndarray) -> np.ndarray:
    from scipy import special

    return special.gammaincc(s, x) * special.gamma(s)


def _check_support(model: Model, lower: np.ndarray, upper: np.ndarray, name: str) -> None:
    """Every class inside the support (its bounds numbers: a support bounded by a parameter is refused)."""
    support = model.support
    if support.lower.free_symbols or support.upper.free_symbols:
        raise DataError(f"{model.name}'s support depends on its parameters: classes are not fitted to it")
    low, high = float(support.lower), float(support.upper)
    if lower.min() < low or upper.max() > high:
        raise DataError(f"{shown(name)}: the classes reach beyond the support of {model.name} ({low:g}, {high:g})")


def _start(model: Model, lower: np.ndarray, upper: np.ndarray, counts: np.ndarray) -> dict[str, float]:
    """The weighted fit of the classes' midpoints (symle's own, on the model of one observation)."""
    from symle.model.weighting import weigh
    from symle.numeric.fit import fit as fit_data
    from symle.pipeline import Options
    from symle.pipeline import derive as run_pipeline

    widths = (upper - lower)[np.isfinite(upper - lower)]
    width = float(np.median(widths)) if widths.size else 1.0
    points = np.where(np.isfinite(lower) & np.isfinite(upper), (lower + upper) / 2, 0.0)
    points = np.where(np.isinf(upper) & np.isfinite(lower), lower + width / 2, points)
    points = np.where(np.isinf(lower) & np.isfinite(upper), upper - width / 2, points)
    plain = weigh(model.uncensored, "w")
    weighted = run_pipeline(plain, Options(timeout=30))
    keep = counts > 0
    try:
        fitted = fit_data(weighted, {plain.var.name: points[keep], "w": counts[keep]})
    except Exception:  # noqa: BLE001 - a start only: the parameters' middle values instead
        return {p.name: {"log": 1.0, "logit": 0.5}.get(p.space.transform, 0.0) for p in model.parameters}
    return dict(fitted.estimates)


def _wald(
    loglik: Callable[[tuple[float, ...]], float], estimates: dict[str, float], parameters, level: float
) -> dict[str, object]:
    """Standard errors from minus the Hessian at the estimate (central differences), Wald intervals on the
    scale where each parameter is unbounded."""
    names = list(estimates)
    theta = np.array(list(estimates.values()))
    k = len(theta)
    steps = 1e-4 * np.maximum(np.abs(theta), 1e-3)
    hessian = np.empty((k, k))
    for r in range(k):
        for c in range(r, k):
            total = 0.0
            for sr, sc, sign in ((1, 1, 1), (1, -1, -1), (-1, 1, -1), (-1, -1, 1)):
                point = theta.copy()
                point[r] += sr * steps[r]
                point[c] += sc * steps[c]
                total += sign * loglik(tuple(point))
            hessian[r, c] = hessian[c, r] = total / (4 * steps[r] * steps[c])
    errors: dict[str, float | None] = dict.fromkeys(names)
    intervals: dict[str, list[float] | None] = dict.fromkeys(names)
    try:
        covariance = np.linalg.inv(-hessian)
    except np.linalg.LinAlgError:
        covariance = None
    z = normal_quantile(level)
    if covariance is not None and np.all(np.isfinite(covariance)) and np.all(np.diag(covariance) > 0):
        for j, p in enumerate(parameters):
            se = float(math.sqrt(covariance[j, j]))
            errors[p.name] = se
            intervals[p.name] = interval(estimates[p.name], se, z, p.space.transform)
    scales = {p.name: None if intervals[p.name] is None else p.space.transform for p in parameters}
    return {
        "standard_errors": errors,
        "confidence_intervals": intervals,
        "interval_scales": scales,
        "level": level,
        "interval": "wald",
    }
