"""Fitting a derivation to data: the support checked, then closed forms evaluated, least squares, or
the generated Newton fitter, and standard errors with Wald intervals."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import sympy as sp

from symle.algebra.printing import text
from symle.derivation import Derivation
from symle.errors import DataError
from symle.model.support import Support
from symle.numeric.closed import fit_closed
from symle.numeric.data import Sample, as_sample
from symle.numeric.evaluate import evaluate
from symle.numeric.generated import fit_numeric
from symle.numeric.least_squares import check_design, fit_matrix
from symle.numeric.result import FitResult
from symle.numeric.wald import check_level, with_wald
from symle.stages.matrix import is_matrix_case


def fit(derivation: Derivation, data: Any, level: float = 0.95) -> FitResult:
    """The estimates on data (a sequence of numbers, an array, a file path or a Sample), with
    standard errors and Wald intervals at `level`."""
    check_level(level)
    sample = as_sample(data)
    return with_wald(fit_derivation(derivation, sample), derivation, sample, level)


def fit_derivation(derivation: Derivation, data: Any) -> FitResult:
    """The estimates alone: closed forms evaluated, least squares for the matrix form, the
    generated fitter for parameters without a closed form."""
    sample = as_sample(data)
    model = derivation.model
    symbolic = [name for name, value in model.known.items() if value is None]
    if symbolic:
        raise DataError(f"{symbolic[0]} is known but has no value: give --known {symbolic[0]}=VALUE to fit")
    _check_support(derivation, sample)
    if model.conditional and not model.typed:
        check_design(model, sample)
    if is_matrix_case(model):
        return fit_matrix(derivation, sample)
    if any(not e.closed_form for e in derivation.estimators.values()):
        result = fit_numeric(derivation, sample)
    else:
        result = fit_closed(derivation, sample)
    _check_fitted_support(derivation, sample, result.estimates)
    arrays = sample.arrays(model.var.name)
    notes = [
        f"the estimate of {name} is not unique: every value from {text(low)} = {evaluate(low, arrays):.10g} to "
        f"{text(high)} = {evaluate(high, arrays):.10g} maximises the likelihood; the midpoint is reported"
        for name, e in derivation.estimators.items()
        if e.interval is not None
        for low, high in [e.interval]
    ]
    return dataclasses.replace(result, warnings=(*notes, *result.warnings)) if notes else result


def _check_fitted_support(derivation: Derivation, sample: Sample, estimates: dict[str, float]) -> None:
    """Every observation must lie in the support at the estimates (bounds met, as a boundary
    estimate meets them, count as inside): an estimate that leaves one outside is impossible,
    and no log-likelihood is reported for it."""
    model = derivation.model
    support = model.support
    values = {p.symbol: sp.Float(estimates[p.name], 17) for p in model.parameters}
    low, high = float(np.min(sample.values)), float(np.max(sample.values))
    for bound, extreme, outside in ((support.lower, low, float.__gt__), (support.upper, high, float.__lt__)):
        if not bound.free_symbols & set(values):
            continue
        limit = float(bound.xreplace(values))
        slack = 1e-12 * max(1.0, abs(limit), abs(extreme))
        if outside(limit - slack if outside is float.__gt__ else limit + slack, extreme):
            shown = ", ".join(f"{k} = {v:.6g}" for k, v in estimates.items())
            raise DataError(
                f"no parameter value puts every observation in the support of {model.name} ({shown} leaves "
                f"{extreme:g} outside {text(model.var)} {'≥' if outside is float.__gt__ else '≤'} {limit:g}): "
                "these data cannot come from this model"
            )


def _check_support(derivation: Derivation, sample: Sample) -> None:
    model = derivation.model
    support = model.support
    free = {p.name for p in model.parameters}
    bound_names = {s.name for s in (support.lower.free_symbols | support.upper.free_symbols)}
    if bound_names & free:
        # a bound holding an estimated parameter is met by the estimate; check the rest only
        support = Support(
            support.lower if not {s.name for s in support.lower.free_symbols} & free else sp.S.NegativeInfinity,
            support.upper if not {s.name for s in support.upper.free_symbols} & free else sp.S.Infinity,
            support.lower_closed,
            support.upper_closed,
            support.discrete,
            support.values,
        )
    bad = support.violations(sample.values, {})
    if bad.size:
        k = bad[0]
        value = sample.values[k]
        shown = int(value) if float(value).is_integer() else value
        raise DataError(
            f"{sample.source} line {sample.lines[k]}: {shown} is outside the support of {model.name} "
            f"({text(model.var)} in {support.describe()})"
        )
