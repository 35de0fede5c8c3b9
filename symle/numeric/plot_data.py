"""What the fit's plots show, computed without matplotlib: the data, the fitted density or probabilities
on a grid, the fitted distribution's quantiles for the QQ plot, and the log-likelihood (one parameter)
or the profile log-likelihood (several) around each estimate. symle.numeric.plots lays them out."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from symle.derivation import Derivation
from symle.errors import NotSupported, named
from symle.model.model import Model
from symle.numeric.columns import Columns
from symle.numeric.density import density_function, support_ends
from symle.numeric.profile import profile_curve
from symle.numeric.wald import normal_quantile

QQ_POINTS = 400  # at most this many points on the QQ plot (evenly spaced in the sorted data)
CURVE_POINTS = 401
PROFILE_POINTS = 61

# the catalogue's families as scipy.stats distributions (their parametrisations: symle.model.names)
SCIPY: Mapping[str, Callable[[Any, Mapping[str, float]], Any]] = {
    "bernoulli": lambda st, v: st.bernoulli(v["p"]),
    "binomial": lambda st, v: st.binom(round(v["m"]), v["p"]),
    "geometric": lambda st, v: st.geom(v["p"]),
    "poisson": lambda st, v: st.poisson(v["lambda"]),
    "negative-binomial": lambda st, v: st.nbinom(v["r"], v["p"]),
    "exponential": lambda st, v: st.expon(scale=1 / v["lambda"]),
    "normal": lambda st, v: st.norm(v["mu"], math.sqrt(v["sigma2"])),
    "lognormal": lambda st, v: st.lognorm(math.sqrt(v["sigma2"]), scale=math.exp(v["mu"])),
    "gamma": lambda st, v: st.gamma(v["alpha"], scale=1 / v["beta"]),
    "beta": lambda st, v: st.beta(v["a"], v["b"]),
    "weibull": lambda st, v: st.weibull_min(v["k"], scale=v["lambda"]),
    "rayleigh": lambda st, v: st.rayleigh(scale=v["sigma"]),
    "half-normal": lambda st, v: st.halfnorm(scale=v["sigma"]),
    "inverse-gaussian": lambda st, v: st.invgauss(v["mu"] / v["lambda"], scale=v["lambda"]),
    "uniform": lambda st, v: st.uniform(v["a"], v["b"] - v["a"]),
    "pareto": lambda st, v: st.pareto(v["alpha"], scale=v["xm"]),
    "shifted-exponential": lambda st, v: st.expon(loc=v["theta"], scale=1 / v["lambda"]),
    "laplace": lambda st, v: st.laplace(v["mu"], v["b"]),
    "cauchy": lambda st, v: st.cauchy(v["x0"], v["gamma"]),
    "logistic": lambda st, v: st.logistic(v["mu"], v["s"]),
    "gumbel": lambda st, v: st.gumbel_r(v["mu"], v["beta"]),
}


@dataclass(frozen=True)
class Curve:
    """The log-likelihood (profile, with several parameters) of one parameter around its estimate."""

    name: str
    values: np.ndarray
    loglik: np.ndarray  # NaN where there is no likelihood (outside the support)
    estimate: float
    interval: list[float] | None
    cut: float | None  # ℓ̂ − χ²₁(level)/2, the profile interval's threshold (None for an exact interval)
    profile: bool


@dataclass(frozen=True)
class PlotData:
    model: str
    discrete: bool
    data: np.ndarray
    grid: np.ndarray  # where the fitted density (or probability) is drawn
    fitted: np.ndarray
    theoretical: np.ndarray  # the fitted distribution's quantiles at the plotting positions
    observed: np.ndarray  # the sorted data at those positions
    curves: tuple[Curve, ...]
    level: float
    interval_kind: str  # wald, profile
    exact: tuple[str, ...]
    window: tuple[float, float]  # the x range drawn: the data's, or a heavy-tailed sample's central part


def plot_data(derivation: Derivation, columns: Columns, fitted: dict[str, Any]) -> PlotData:
    """Everything the fit's figure shows, from the fit's to_dict() and its data."""
    model = derivation.model
    if model.conditional:
        raise NotSupported(
            f"plots of a regression ({model.name}: fitted against observed, residuals) are not drawn yet; "
            f"{named('plot')} draws the fit of one sample"
        )
    data = np.sort(columns.gather()[model.var.name])
    values = {**{k: float(v) for k, v in model.known.items() if v is not None}, **fitted["estimates"]}
    density = density_function(model)(values)
    grid = _grid(model, data, values)
    positions = _positions(len(data))
    theoretical = quantiles(model, values, (positions + 0.5) / len(data), density, data)
    level = fitted.get("level", 0.95)
    return PlotData(
        model.name,
        model.discrete,
        data,
        grid,
        density(grid),
        theoretical,
        data[positions],
        tuple(_curves(derivation, columns, fitted, level)),
        level,
        fitted.get("interval", "wald"),
        tuple(fitted.get("exact_intervals", ())),
        (float(data[0]), float(data[-1])) if model.discrete else _window(data),
    )


def _positions(n: int) -> np.ndarray:
    """Indices into the sorted data: all of them, or QQ_POINTS evenly spaced."""
    return np.arange(n) if n <= QQ_POINTS else np.unique(np.linspace(0, n - 1, QQ_POINTS).round().astype(int))


def _window(x: np.ndarray) -> tuple[float, float]:
    """The data's range, or, when a few far observations would squeeze the rest into one bar (a Cauchy
    sample: the range over 20 interquartile ranges), the 1st to 99th percentile and a margin."""
    low, high = float(x[0]), float(x[-1])
    q1, q3 = np.percentile(x, [25, 75])
    if high - low <= 20 * (q3 - q1) or q3 == q1:
        return low, high
    a, b = np.percentile(x, [1, 99])
    return max(low, a - 0.1 * (b - a)), min(high, b + 0.1 * (b - a))


def _grid(model: Model, data: np.ndarray, values: Mapping[str, float]) -> np.ndarray:
    """The integers from the smallest to the largest observation (a pmf), or a fine grid a little
    beyond the data, inside the support (a density)."""
    low, high = float(data[0]), float(data[-1])
    if model.discrete:  # (every value, or some 2000 of them over a wide range)
        if high - low <= 2000:
            return np.arange(math.floor(low), math.ceil(high) + 1, dtype=float)
        return np.unique(np.round(np.linspace(low, high, 2001)))
    low, high = _window(data)
    ends = support_ends(model, values)
    margin = 0.05 * (high - low or max(abs(high), 1.0))
    start = max(low - margin, ends[0]) if math.isfinite(ends[0]) else low - margin
    stop = min(high + margin, ends[1]) if math.isfinite(ends[1]) else high + margin
    return np.linspace(start, stop, CURVE_POINTS)


def quantiles(
    model: Model,
    values: Mapping[str, float],
    probabilities: np.ndarray,
    density: Callable[[np.ndarray], np.ndarray],
    data: np.ndarray,
) -> np.ndarray:
    """The fitted distribution's quantiles: scipy.stats' where the catalogue family is SciPy's, else the
    fitted density's cumulative sum (a pmf) or integral (a density) on a fine grid, inverted."""
    if model.name in SCIPY and not model.typed:
        from scipy import stats

        return np.asarray(SCIPY[model.name](stats, values).ppf(probabilities), dtype=float)
    low, high = support_ends(model, values)
    if model.discrete:
        start = low if math.isfinite(low) else float(data[0]) - 10 * (float(data[-1] - data[0]) + 1)
        stop = float(data[-1])
        while True:  # far enough for the largest probability asked, or a million values
            ks = np.arange(math.floor(start), math.ceil(stop) + 1, dtype=float)
            cdf = np.cumsum(density(ks))
            if cdf[-1] >= probabilities.max() or len(ks) > 1_000_000:
                break
            stop = stop + (stop - start + 1)
        index = np.minimum(np.searchsorted(cdf, probabilities - 1e-12), len(ks) - 1)
        return ks[index]
    spread = float(data[-1] - data[0]) or max(abs(float(data[0])), 1.0)
    inner = np.linspace(max(low, data[0]), min(high, data[-1]), 20001)
    reach = spread * np.geomspace(1e-3, 1e6, 400)
    left = np.linspace(low, data[0], 2001)[:-1] if math.isfinite(low) else data[0] - reach[::-1]
    right = np.linspace(data[-1], high, 2001)[1:] if math.isfinite(high) else data[-1] + reach
    x = np.unique(np.concatenate([left, inner, right]))
    f = density(x)
    cdf = np.concatenate([[0.0], np.cumsum((f[1:] + f[:-1]) / 2 * np.diff(x))])
    cdf /= cdf[-1]
    keep = np.concatenate([[True], np.diff(cdf) > 0])  # (strictly increasing, to invert)
    return np.interp(probabilities, cdf[keep], x[keep])


def _curves(derivation: Derivation, columns: Columns, fitted: dict[str, Any], level: float) -> list[Curve]:
    """ℓ (one parameter) or ℓₚ (several) of each estimated parameter that is not a whole number."""
    model = derivation.model
    estimates = dict(fitted["estimates"])
    intervals = fitted.get("confidence_intervals") or {}
    errors = fitted.get("standard_errors") or {}
    exact = set(fitted.get("exact_intervals", ()))
    drawn = [p for p in model.parameters if p.name in estimates and not p.space.integer]
    best = float(fitted["loglik"])
    curves = []
    for p in drawn:
        transform = p.space.transform
        low, high = columns.extremes(model.var.name)
        values = _span(transform, estimates[p.name], intervals.get(p.name), errors.get(p.name), high - low)
        loglik = np.array(profile_curve(derivation, columns, estimates, p.name, list(values)), dtype=float)
        loglik[~np.isfinite(loglik) | ~_in_support(model, estimates, p.name, values, columns)] = np.nan
        if p.interval is not None:  # a restricted space (θ ∈ [0, 1/2]): ℓ drawn over it alone
            loglik[[not p.interval.contains(float(v)) for v in values]] = np.nan
        # (no χ² cut for a boundary estimate: ℓ is not smooth there, the cut means nothing)
        boundary = p.name in exact or "boundary" in fitted["method"].get(p.name, "")
        cut = None if boundary else best - normal_quantile(level) ** 2 / 2
        curves.append(Curve(p.name, values, loglik, estimates[p.name], intervals.get(p.name), cut, len(drawn) > 1))
    return curves


def _in_support(
    model: Model, estimates: dict[str, float], name: str, values: np.ndarray, columns: Columns
) -> np.ndarray:
    """Whether every observation lies in the support with the parameter at each value (a boundary
    parameter below x₍ₙ₎ leaves one outside: no likelihood there, whatever the formula gives)."""
    low, high = columns.extremes(model.var.name)
    inside = np.ones(len(values), dtype=bool)
    bounds = model.support.lower.free_symbols | model.support.upper.free_symbols
    if name not in {s.name for s in bounds}:
        return inside
    for k, value in enumerate(values):
        lower, upper = support_ends(model, {**estimates, name: float(value)})
        slack = 1e-12 * max(1.0, abs(value))
        inside[k] = lower - slack <= low and high <= upper + slack
    return inside


def _span(transform: str, estimate: float, interval: list[float] | None, se: float | None, spread: float) -> np.ndarray:
    """Values of a parameter around its estimate: the interval and as much again on each side (without
    one, two standard errors, else a fifth of the data's range), on the scale where the parameter is
    unbounded (log, logit), so every value lies in its domain."""
    forward = {"log": np.exp, "logit": lambda u: 1 / (1 + np.exp(-u))}.get(transform, lambda u: u)
    back = {"log": np.log, "logit": lambda v: np.log(v / (1 - v))}.get(transform, lambda v: v)
    with np.errstate(all="ignore"):
        centre = float(back(estimate))
        if interval is not None and all(math.isfinite(v) for v in interval):
            low, high = (float(back(v)) for v in interval)
        elif se:
            slope = {"log": estimate, "logit": estimate * (1 - estimate)}.get(transform, 1.0)
            low, high = centre - 2 * se / slope, centre + 2 * se / slope
        else:
            half = (0.2 * spread / max(abs(estimate), 1e-300) if transform == "log" else 0.2 * spread) or 0.5
            half = half if transform != "logit" else 0.5
            low, high = centre - half, centre + half
    width = max(high - low, 1e-8 * max(1.0, abs(centre)))
    low, high = min(low, centre) - 0.6 * width, max(high, centre) + 0.6 * width
    u = np.unique(np.concatenate([np.linspace(low, high, PROFILE_POINTS), [centre]]))
    return np.asarray(forward(u), dtype=float)
