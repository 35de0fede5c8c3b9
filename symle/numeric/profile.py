"""Profile-likelihood intervals: {θⱼ : 2(ℓ(θ̂) − ℓₚ(θⱼ)) ≤ χ²₁,level}, ℓₚ(θⱼ) the log-likelihood
maximised over the other parameters. Unlike a Wald interval, the profile interval does not depend on
the scale the parameter is written on, and follows a skewed log-likelihood.

ℓ and its gradient are the generated fitter's (`loglik`, `score`: every constant included), on the
data in memory. Each end is found on the scale where the parameter is unbounded (log, logit), by
stepping out from the estimate until the profile falls below the cut, then Brent's method; the other
parameters are maximised at each point by BFGS with the exact gradient, from the last point's."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from symle.algebra.names import text_name
from symle.derivation import Derivation
from symle.model.model import Parameter
from symle.numeric.columns import Columns
from symle.numeric.wald import normal_quantile
from symle.stages.matrix import is_matrix_case

STEPS = 60  # doublings of the step out from the estimate before an end is declared out of reach
_FORWARD = {"log": math.exp, "logit": lambda u: 1 / (1 + math.exp(-u)), "identity": lambda u: u}


def _to_u(transform: str, value: float) -> float:
    if transform == "log":
        return math.log(value)
    if transform == "logit":
        return math.log(value / (1 - value))
    return value


def _slope(transform: str, value: float) -> float:
    """dθ/du at θ = value."""
    return value if transform == "log" else value * (1 - value) if transform == "logit" else 1.0


def profile_intervals(
    derivation: Derivation, columns: Columns, fitted: dict[str, Any], level: float
) -> tuple[dict[str, list[float] | None], list[str]]:
    """The profile interval of each regular parameter at `level` (None where it cannot be found,
    with a warning saying why), from the fit's estimates, log-likelihood and standard errors."""
    from scipy import optimize

    model = derivation.model
    estimates: dict[str, float] = dict(fitted["estimates"])
    info = derivation.information
    regular = [p for p in (info.regular if info is not None else model.parameters) if p.name in estimates]
    intervals: dict[str, list[float] | None] = dict.fromkeys(estimates)
    warnings = [
        f"no profile interval for {text_name(name)}: its estimate is not a regular maximum (a boundary or whole number)"
        for name in estimates
        if name not in {p.name for p in regular} or model.parameter(name).space.integer
    ]
    regular = [p for p in regular if not p.space.integer]
    if is_matrix_case(model):  # (no generated fitter for the matrix form: its least squares have none)
        warnings.append("no profile intervals for a linear model with several covariates yet: ask for Wald intervals")
        return intervals, warnings
    if not regular:
        return intervals, warnings
    module, args, loglik = likelihood_of(derivation, columns)
    best = loglik(estimates)
    cut = best - normal_quantile(level) ** 2 / 2
    errors = fitted.get("standard_errors") or {}
    for p in regular:
        others = [q for q in regular if q is not p]
        found = _ends(p, others, estimates, loglik, module, args, cut, errors.get(p.name), optimize)
        if isinstance(found, str):
            warnings.append(f"no profile interval for {text_name(p.name)}: {found}")
        else:
            intervals[p.name] = found
    return intervals, warnings


def likelihood_of(
    derivation: Derivation, columns: Columns
) -> tuple[Any, tuple[np.ndarray, ...], Callable[[dict[str, float]], float]]:
    """The generated fitter, the data as its arguments, and ℓ at given values (-inf where there is none)."""
    from symle.numeric.codegen import load

    model = derivation.model
    module = load(derivation)
    arrays = columns.gather()
    if model.conditional:
        args: tuple[np.ndarray, ...] = (
            np.column_stack([arrays[c.name] for c in model.covariates]),
            arrays[model.var.name],
        )
        # the generated loglik(t, censored) and loglik(x, weights): the observations first
        args = args[::-1] if model.censoring is not None or model.weighting is not None else args
    else:
        args = (arrays[model.var.name],)

    def loglik(values: dict[str, float]) -> float:
        try:
            value = float(module.loglik(*args, **values))
        except Exception:  # noqa: BLE001 - outside the generated code's domain: no likelihood there
            return -math.inf
        return value if math.isfinite(value) else -math.inf

    return module, args, loglik


def profile_curve(
    derivation: Derivation, columns: Columns, estimates: dict[str, float], name: str, values: list[float]
) -> list[float]:
    """ℓₚ at each of `values` of the parameter `name`, the other parameters maximised (from the estimate
    outwards, each point started from its neighbour's maximum); -inf where there is no likelihood."""
    from scipy import optimize

    module, args, loglik = likelihood_of(derivation, columns)
    p = derivation.model.parameter(name)
    others = [q for q in derivation.model.parameters if q.name != name and q.name in estimates]
    # (a boundary estimate, x₍₁₎ whatever the others, and a whole number stay at the estimate)
    fixed = {n for n, e in derivation.estimators.items() if e.method == "boundary"}
    others = [q for q in others if not q.space.integer and q.name not in fixed]
    out = [-math.inf] * len(values)
    order = sorted(range(len(values)), key=lambda k: values[k])
    for side in (
        [k for k in order if values[k] >= estimates[name]],
        [k for k in order[::-1] if values[k] < estimates[name]],
    ):
        profile = _profiler(p, others, estimates, loglik, module, args, optimize)
        for k in side:
            try:
                out[k] = profile(_to_u(p.space.transform, values[k]))
            except (OverflowError, ValueError, ZeroDivisionError):
                out[k] = -math.inf
    return out


def _profiler(  # noqa: PLR0913 - the problem's pieces, passed rather than closed over
    p: Parameter,
    others: list[Parameter],
    estimates: dict[str, float],
    loglik: Callable[[dict[str, float]], float],
    module: Any,
    args: tuple[np.ndarray, ...],
    optimize: Any,
    warm: dict[str, float] | None = None,
) -> Callable[[float], float]:
    """ℓₚ as a function of p on its unbounded scale u, the other parameters maximised by BFGS with the
    exact gradient, each call started from the last one's maximum (kept in `warm`, on their scales)."""
    transform = p.space.transform
    if warm is None:
        warm = {q.name: _to_u(q.space.transform, estimates[q.name]) for q in others}

    def profile(u: float) -> float:
        """ℓ maximised over the other parameters with p at u (on its unbounded scale)."""
        values = dict(estimates)
        values[p.name] = _FORWARD[transform](u)
        return maximised(values, others, warm, loglik, module, args, optimize)

    return profile


def maximised(  # noqa: PLR0913 - the problem's pieces, passed rather than closed over
    values: dict[str, float],
    others: list[Parameter],
    warm: dict[str, float],
    loglik: Callable[[dict[str, float]], float],
    module: Any,
    args: tuple[np.ndarray, ...],
    optimize: Any,
) -> float:
    """ℓ maximised over `others` with the rest at `values`, by BFGS with the exact gradient on the
    others' unbounded scales, from `warm` (their values on those scales, updated to the maximum)."""
    if not others:
        return loglik(values)
    names = [q.name for q in others]

    def minus(v: np.ndarray) -> tuple[float, np.ndarray]:
        trial = dict(values)
        for q, x in zip(others, v, strict=True):
            trial[q.name] = _FORWARD[q.space.transform](float(x))
        value = loglik(trial)
        if not math.isfinite(value):
            return math.inf, np.zeros(len(v))
        score = module.score(*args, **trial)
        grad = [float(score[q.name]) * _slope(q.space.transform, trial[q.name]) for q in others]
        return -value, -np.asarray(grad)

    start = np.array([warm[n] for n in names])
    solved = optimize.minimize(minus, start, jac=True, method="BFGS", options={"gtol": 1e-9, "maxiter": 500})
    if math.isfinite(solved.fun):
        warm.update(zip(names, map(float, solved.x), strict=True))
    return -float(solved.fun)


def forward(transform: str, u: float) -> float:
    """The parameter's value at u on its unbounded scale."""
    return _FORWARD[transform](u)


def unbounded(transform: str, value: float) -> float:
    """u on the parameter's unbounded scale at its value."""
    return _to_u(transform, value)


def _ends(  # noqa: PLR0913 - the problem's pieces, passed rather than closed over
    p: Parameter,
    others: list[Parameter],
    estimates: dict[str, float],
    loglik: Callable[[dict[str, float]], float],
    module: Any,
    args: tuple[np.ndarray, ...],
    cut: float,
    se: float | None,
    optimize: Any,
) -> list[float] | str:
    """[low, high] for p, or why there is none."""
    transform = p.space.transform
    centre = _to_u(transform, estimates[p.name])
    step = se * abs(1 / _slope(transform, estimates[p.name])) if se else 0.1 * max(1.0, abs(centre))
    warm = {q.name: _to_u(q.space.transform, estimates[q.name]) for q in others}
    profile = _profiler(p, others, estimates, loglik, module, args, optimize, warm)

    ends = []
    start = dict(warm)
    for sign in (-1.0, 1.0):
        warm.update(start)
        inside, h = centre, step
        for _ in range(STEPS):
            outside = centre + sign * h
            try:
                value = profile(outside)
            except (OverflowError, ValueError, ZeroDivisionError):
                value = -math.inf
            if value < cut:
                break
            inside, h = outside, 2 * h
        else:
            side = "below" if sign < 0 else "above"
            return f"the profile log-likelihood stays above the cut {side} the estimate (the interval is not bounded)"
        # (beyond the edge of the domain the profile is -inf: clamped, Brent's method bisects there)
        root = optimize.brentq(
            lambda u: max(profile(u) - cut, -1e12), *sorted((inside, outside)), xtol=1e-12, rtol=1e-12
        )
        ends.append(_FORWARD[transform](root))
    return sorted(ends)
