"""Closed-form fitting: the estimators evaluated on data, exactly where the data are all equal."""

from __future__ import annotations

import math
import sys

import mpmath
import sympy as sp

from symle.algebra.names import text_name
from symle.derivation import Derivation
from symle.errors import DataError
from symle.numeric.columns import Columns
from symle.numeric.evaluate import evaluate, evaluate_all, evaluate_beyond, evaluate_constant
from symle.numeric.result import FitResult


def _undefined(name: str, sample: Columns, var: str, value: sp.Expr | None = None) -> DataError:
    """Why an estimate has no double: beyond double's range (its formula, evaluated with exponents
    of any size, says how far), or undefined (one observation, all equal, or the formula itself)."""
    beyond = None if value is None else evaluate_beyond(value, sample)
    if beyond is not None and not beyond.is_zero and not 5e-324 / 2 < abs(beyond) < sys.float_info.max:
        side = "above" if abs(beyond) > 1 else "below"
        shown = mpmath.nstr(beyond._to_mpmath(60), 3)
        return DataError(
            f"the estimate of {name} is about {shown}, {side} the range of double precision "
            "(about 5e-324 to 1.8e308): rescale the data"
        )
    if sample.n == 1:
        why = "a single observation is not enough"
    elif sample.all_equal(var):
        why = "all observations are equal"
    else:
        why = "the formula is undefined for these data"
    return DataError(f"the estimate of {name} is undefined: {why}")  # name: as the text shows it


def fit_closed(derivation: Derivation, sample: Columns) -> FitResult:
    """Evaluate the closed-form and boundary estimators on data, exactly where the data are all
    equal, refusing estimates that are undefined or outside their domain."""
    model = derivation.model
    var = model.var.name
    estimates: dict[str, float] = {}
    warnings: list[str] = []
    # every column constant (a regression's covariates too: a constant response alone is no special case)
    if all(sample.all_equal(name) for name in model.data_names):
        # exactly, so that an estimate undefined for all-equal data is not blurred by rounding
        columns = {name: sample.first(name) for name in model.data_names}
        exacts = [evaluate_constant(e.value, columns, var, sample.n) for e in derivation.estimators.values()]
        values = [float(x) if x.is_real and x.is_finite else float("nan") for x in exacts]
    else:
        values = evaluate_all([e.value for e in derivation.estimators.values()], sample)
    for (name, estimator), value in zip(derivation.estimators.items(), values, strict=True):
        space = estimator.parameter.space
        if not math.isfinite(value) or space.outside(value) and not space.on_edge(value):
            raise _undefined(text_name(name), sample, var, estimator.value)
        if space.outside(value):
            raise DataError(f"the estimate of {text_name(name)} is {value:g}, outside its domain ({space.name})")
        estimates[name] = value
    loglik = _loglik(derivation, sample, estimates)
    for name, value in estimates.items():
        if model.parameter(name).space.on_edge(value):
            if not math.isfinite(loglik):
                raise _undefined(text_name(name), sample, var, derivation.estimators[name].value)
            warnings.append(f"the estimate of {text_name(name)} is {value:g}, on the edge of the parameter space")
    if not math.isfinite(loglik):
        raise _undefined(", ".join(text_name(name) for name in estimates), sample, var)
    return FitResult(
        model.name,
        sample.n,
        estimates,
        {name: e.method for name, e in derivation.estimators.items()},
        loglik,
        tuple(warnings),
        {"iterations": 0, "converged": True},
    )


def _loglik(derivation: Derivation, sample: Columns, estimates: dict[str, float]) -> float:
    """The log-likelihood at the estimates; at an edge of the parameter space, where terms such as
    0 log 0 have no value, its limit from inside the domain (the Borel distribution at mu = 0)."""
    model = derivation.model
    loglik = derivation.likelihood.loglik
    values = {model.parameter(k).symbol: v for k, v in estimates.items()}
    at = evaluate(loglik, sample, values)
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
        approach.append(evaluate(loglik, sample, inside))
    # the last two values extrapolated linearly to a step of zero
    limit = approach[-1] - steps[-1] * (approach[-2] - approach[-1]) / (steps[-2] - steps[-1])
    settled = all(math.isfinite(v) for v in approach) and abs(approach[-2] - limit) <= 1e-6 * max(1.0, abs(limit))
    return limit if settled else at
