"""Fitting on a restricted parameter space: the log-likelihood maximised within the bounds (box-
constrained quasi-Newton from several starts) where the page does not argue the projection, and,
for every restricted fit, an estimate at a bound reported as a boundary estimate, whose standard
error and interval are not Wald's."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
import sympy as sp

from symle.algebra.names import text_name
from symle.derivation import Derivation
from symle.errors import ConvergenceError, DataError
from symle.model.model import Parameter
from symle.numeric.columns import Columns
from symle.numeric.evaluate import evaluate, numeric_form
from symle.numeric.result import FitResult

BOUNDARY = 1e-7  # relative distance from a bound within which an estimate is the bound itself
INSIDE = 1e-9  # how far inside an open end the search keeps


def _box(parameter: Parameter) -> tuple[float, float]:
    """Where the search may go: the domain and the interval together, open ends kept just inside."""
    space = parameter.space
    low, high = space.lower, space.upper
    interval = parameter.interval
    closed_low = closed_high = False
    if interval is not None:
        a, b = interval.bounds
        if a >= low:
            low, closed_low = a, interval.lower_closed
        if b <= high:
            high, closed_high = b, interval.upper_closed
    if math.isfinite(low) and not closed_low:
        low += INSIDE * max(1.0, abs(low))
    if math.isfinite(high) and not closed_high:
        high -= INSIDE * max(1.0, abs(high))
    return low, high


def _starts(box: tuple[float, float], scale: float, centre: float) -> tuple[float, ...]:
    low, high = box
    if math.isfinite(low) and math.isfinite(high):
        return tuple(low + (high - low) * f for f in (0.2, 0.5, 0.8))
    if math.isfinite(low):
        return tuple(low + scale * f for f in (0.1, 1.0, 10.0))
    if math.isfinite(high):
        return tuple(high - scale * f for f in (0.1, 1.0, 10.0))
    return (centre - scale, centre, centre + scale)


def fit_bounded(derivation: Derivation, columns: Columns) -> FitResult:
    """The parameters without a closed form maximised within their restricted space (the others,
    closed forms in the data alone, evaluated), by L-BFGS-B on the exact gradient from several starts."""
    from scipy.optimize import minimize  # (SciPy only for a restricted fit)

    model = derivation.model
    free = [model.parameter(name) for name, e in derivation.estimators.items() if not e.closed_form]
    fixed = {
        model.parameter(name).symbol: evaluate(e.value, columns)
        for name, e in derivation.estimators.items()
        if e.closed_form
    }
    symbols = [p.symbol for p in free]
    data = [model.var, *model.covariates]
    logf = numeric_form(sp.log(model.density)).xreplace(fixed)
    gradient = [sp.diff(logf, s) for s in symbols]
    functions = sp.lambdify([*symbols, *data], [logf, *gradient], modules=["scipy", "numpy"])
    arrays = columns.gather()
    values = [np.asarray(arrays[s.name], dtype=float) for s in data]

    def negative(theta: np.ndarray) -> tuple[float, np.ndarray]:
        with np.errstate(all="ignore"):
            out = functions(*theta, *values)
            total = float(np.sum(np.broadcast_to(out[0], values[0].shape)))
            grad = np.array([float(np.sum(np.broadcast_to(g, values[0].shape))) for g in out[1:]])
        if not math.isfinite(total) or not np.all(np.isfinite(grad)):
            return 1e300, np.zeros(len(theta))
        return -total, -grad

    low, high = columns.extremes(model.var.name)
    scale = max(high - low, abs(high), abs(low)) or 1.0
    boxes = [_box(p) for p in free]
    grids = [_starts(box, scale, (low + high) / 2) for box in boxes]
    starts = [np.array(point) for point in _combinations(grids)]
    best: Any = None
    for start in starts:
        found = minimize(
            negative,
            start,
            jac=True,
            method="L-BFGS-B",
            bounds=[(None if math.isinf(a) else a, None if math.isinf(b) else b) for a, b in boxes],
            options={"maxiter": 2000, "ftol": 1e-15, "gtol": 1e-10},
        )
        if found.fun < 1e300 and (best is None or found.fun < best.fun):
            best = found
    if best is None:
        raise ConvergenceError("no start inside the restricted space gives a finite log-likelihood for these data")
    estimates = {p.name: float(v) for p, v in zip(free, best.x, strict=True)}
    for symbol, value in fixed.items():
        estimates[symbol.name] = value
    estimates = {p.name: estimates[p.name] for p in model.parameters}
    loglik = evaluate(
        derivation.likelihood.loglik, columns, {model.parameter(k).symbol: v for k, v in estimates.items()}
    )
    return FitResult(
        model.name,
        columns.n,
        estimates,
        {
            name: ("closed-form" if e.closed_form else "numeric, within the bounds")
            for name, e in derivation.estimators.items()
        },
        loglik,
        () if best.success else (f"the search within the bounds stopped before its tolerance: {best.message}",),
        {"iterations": int(best.nit), "converged": bool(best.success), "solver": "L-BFGS-B (within the bounds)"},
    )


def _combinations(grids: list[tuple[float, ...]]) -> list[tuple[float, ...]]:
    """Every combination of the starts for up to three parameters, the matched ones beyond."""
    if len(grids) <= 3:
        points: list[tuple[float, ...]] = [()]
        for grid in grids:
            points = [(*p, g) for p in points for g in grid]
        return points
    return [tuple(grid[k] for grid in grids) for k in range(3)]


def on_bounds(result: FitResult, derivation: Derivation) -> FitResult:
    """A restricted fit's estimates at their bounds: a closed end is reported as a boundary
    estimate (the bound itself, its method saying so, no standard error or interval: the estimator
    is not asymptotically normal there, so Wald's do not apply); an open end is no maximum at all.
    An interval reaching beyond the restricted space is cut at its end."""
    estimates, methods = dict(result.estimates), dict(result.method)
    extras = dict(result.extras or {})
    errors = dict(extras.get("standard_errors", {}))
    intervals = dict(extras.get("confidence_intervals", {}))
    warnings = list(result.warnings)
    for r in derivation.restrictions:
        name, interval = r.parameter.name, r.interval
        value = estimates[name]
        for end, closed in ((interval.lower, interval.lower_closed), (interval.upper, interval.upper_closed)):
            if end is None or abs(value - float(end)) > BOUNDARY * max(1.0, abs(float(end))):
                continue
            if not closed:
                raise DataError(
                    f"the likelihood has no maximum with {text_name(name)} in {interval.text()}: it rises towards "
                    f"the open end {end}"
                )
            estimates[name] = float(end)
            methods[name] = f"{methods[name]}, on the boundary"
            if name in errors:
                errors[name], intervals[name] = None, None
            warnings.append(
                f"the estimate of {text_name(name)} is {end}, on the boundary of its restricted space "
                f"{interval.text()}: no standard error or interval (at a boundary the estimator is not "
                "asymptotically normal, so Wald's do not apply)"
            )
            break
        else:
            bounds = intervals.get(name)
            if bounds is not None and not (interval.contains(bounds[0]) and interval.contains(bounds[1])):
                intervals[name] = [interval.clip(bounds[0]), interval.clip(bounds[1])]
                warnings.append(f"the interval for {text_name(name)} is cut at the ends of {interval.text()}")
    if "standard_errors" in extras:
        extras.update(standard_errors=errors, confidence_intervals=intervals)
        extras["interval_scales"] = {
            k: (None if intervals.get(k) is None else v) for k, v in extras.get("interval_scales", {}).items()
        }
    return dataclasses.replace(result, estimates=estimates, method=methods, warnings=tuple(warnings), extras=extras)
