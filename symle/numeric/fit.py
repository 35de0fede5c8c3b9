"""Fitting a derivation to data: the support checked, then closed forms evaluated, least squares, or
the generated Newton fitter, and standard errors with Wald intervals."""

from __future__ import annotations

from typing import Any

import sympy as sp

from symle.algebra.printing import text
from symle.derivation import Derivation
from symle.errors import DataError
from symle.model.support import Support
from symle.numeric.closed import fit_closed
from symle.numeric.data import Sample, as_sample
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
        return fit_numeric(derivation, sample)
    return fit_closed(derivation, sample)


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
