"""Closed-form fitting: the estimators evaluated on data, exactly where the data are all equal."""

from __future__ import annotations

import math

from symle.derivation import Derivation
from symle.errors import DataError
from symle.numeric.columns import Columns
from symle.numeric.evaluate import evaluate, evaluate_all, evaluate_constant
from symle.numeric.result import FitResult


def _undefined(name: str, sample: Columns, var: str) -> DataError:
    if sample.n == 1:
        why = "a single observation is not enough"
    elif sample.all_equal(var):
        why = "all observations are equal"
    else:
        why = "the formula is undefined for these data"
    return DataError(f"the estimate of {name} is undefined: {why}")


def fit_closed(derivation: Derivation, sample: Columns) -> FitResult:
    """Evaluate the closed-form and boundary estimators on data, exactly where the data are all
    equal, refusing estimates that are undefined or outside their domain."""
    model = derivation.model
    var = model.var.name
    estimates: dict[str, float] = {}
    warnings: list[str] = []
    constant = sample.all_equal(var)
    if constant:
        # exactly, so that an estimate undefined for all-equal data is not blurred by rounding
        exacts = [evaluate_constant(e.value, sample.first(var), sample.n) for e in derivation.estimators.values()]
        values = [float(x) if x.is_real and x.is_finite else float("nan") for x in exacts]
    else:
        values = evaluate_all([e.value for e in derivation.estimators.values()], sample)
    for (name, estimator), value in zip(derivation.estimators.items(), values, strict=True):
        space = estimator.parameter.space
        if not math.isfinite(value) or space.outside(value) and not space.on_edge(value):
            raise _undefined(name, sample, var)
        if space.outside(value):
            raise DataError(f"the estimate of {name} is {value:g}, outside its domain ({space.name})")
        estimates[name] = value
    loglik = evaluate(
        derivation.likelihood.loglik, sample, {model.parameter(k).symbol: v for k, v in estimates.items()}
    )
    for name, value in estimates.items():
        if model.parameter(name).space.on_edge(value):
            if not math.isfinite(loglik):
                raise _undefined(name, sample, var)
            warnings.append(f"the estimate of {name} is {value:g}, on the edge of the parameter space")
    if not math.isfinite(loglik):
        raise _undefined(", ".join(estimates), sample, var)
    return FitResult(
        model.name,
        sample.n,
        estimates,
        {name: e.method for name, e in derivation.estimators.items()},
        loglik,
        tuple(warnings),
        {"iterations": 0, "converged": True},
    )
