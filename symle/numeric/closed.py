"""Closed-form fitting: the estimators evaluated on data, exactly where the data are all equal."""

from __future__ import annotations

import math

import numpy as np

from symle.derivation import Derivation
from symle.errors import DataError
from symle.numeric.data import Sample
from symle.numeric.evaluate import evaluate, evaluate_constant
from symle.numeric.result import FitResult


def _undefined(name: str, sample: Sample) -> DataError:
    if len(sample) == 1:
        why = "a single observation is not enough"
    elif np.all(sample.values == sample.values[0]):
        why = "all observations are equal"
    else:
        why = "the formula is undefined for these data"
    return DataError(f"the estimate of {name} is undefined: {why}")


def fit_closed(derivation: Derivation, sample: Sample) -> FitResult:
    """Evaluate the closed-form and boundary estimators on data, exactly where the data are all
    equal, refusing estimates that are undefined or outside their domain."""
    model = derivation.model
    arrays = sample.arrays(model.var.name)
    estimates: dict[str, float] = {}
    warnings: list[str] = []
    constant = bool(np.all(sample.values == sample.values[0]))
    for name, estimator in derivation.estimators.items():
        if constant:
            # exactly, so that an estimate undefined for all-equal data is not blurred by rounding
            exact = evaluate_constant(estimator.value, float(sample.values[0]), len(sample))
            value = float(exact) if exact.is_real and exact.is_finite else float("nan")
        else:
            value = evaluate(estimator.value, arrays)
        space = estimator.parameter.space
        if not math.isfinite(value) or space.outside(value) and not space.on_edge(value):
            raise _undefined(name, sample)
        if space.outside(value):
            raise DataError(f"the estimate of {name} is {value:g}, outside its domain ({space.name})")
        estimates[name] = value
    loglik = _loglik(derivation, arrays, estimates)
    for name, value in estimates.items():
        if model.parameter(name).space.on_edge(value):
            if not math.isfinite(loglik):
                raise _undefined(name, sample)
            warnings.append(f"the estimate of {name} is {value:g}, on the edge of the parameter space")
    if not math.isfinite(loglik):
        raise _undefined(", ".join(estimates), sample)
    return FitResult(
        model.name,
        len(sample),
        estimates,
        {name: e.method for name, e in derivation.estimators.items()},
        loglik,
        tuple(warnings),
        {"iterations": 0, "converged": True},
    )


def _loglik(derivation: Derivation, arrays: dict[str, np.ndarray], estimates: dict[str, float]) -> float:
    """The log-likelihood at the estimates; at an edge of the parameter space, where terms such as
    0 log 0 have no value, its limit from inside the domain (the Borel distribution at mu = 0)."""
    model = derivation.model
    loglik = derivation.likelihood.loglik
    values = {model.parameter(k).symbol: v for k, v in estimates.items()}
    at = evaluate(loglik, arrays, values)
    edges = [p for p in model.parameters if p.space.on_edge(estimates[p.name])]
    if math.isfinite(at) or not edges:
        return at
    approach: list[float] = []
    steps = (1e-7, 1e-9, 1e-11)
    for step in steps:
        inside = dict(values)
        for p in edges:
            value = estimates[p.name]
            inside[p.symbol] = value + step if value <= p.space.lower else value - step
        approach.append(evaluate(loglik, arrays, inside))
    # the last two values extrapolated linearly to a step of zero
    limit = approach[-1] - steps[-1] * (approach[-2] - approach[-1]) / (steps[-2] - steps[-1])
    settled = all(math.isfinite(v) for v in approach) and abs(approach[-2] - limit) <= 1e-6 * max(1.0, abs(limit))
    return limit if settled else at
