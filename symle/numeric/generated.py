"""Numeric fitting for parameters without a closed form, by the generated fitter run in process."""

from __future__ import annotations

import re
import warnings
from types import ModuleType
from typing import Any

import numpy as np

from symle.algebra.names import text_name
from symle.derivation import Derivation
from symle.errors import ConvergenceError, DataError, SymleError
from symle.numeric.codegen import load
from symle.numeric.columns import Columns
from symle.numeric.distributed import DaskColumns
from symle.numeric.result import FitResult


def _arguments(derivation: Derivation, sample: Columns) -> tuple[Any, ...]:
    """The generated fit's arguments: arrays in memory; Dask arrays (summed on their cluster); or
    the streamed columns themselves (runtime_data.Source reads their chunks and summary)."""
    model = derivation.model
    response = model.var.name
    covariates = [c.name for c in model.covariates]
    arrays = sample.arrays
    if arrays is not None:
        values, matrix = arrays[response], (np.column_stack([arrays[c] for c in covariates]) if covariates else None)
    elif isinstance(sample, DaskColumns):
        lazy = sample.lazy
        values, matrix = lazy[response], (np.stack([lazy[c] for c in covariates], axis=1) if covariates else None)
    else:
        values, matrix = sample, None
    if model.censoring is not None or model.weighting is not None:  # the generated fit(t, censored), fit(x, weights)
        return (values, matrix)
    return (matrix, values) if model.conditional else (values,)


def fit_numeric(derivation: Derivation, sample: Columns) -> FitResult:
    """Run the generated fitter for this derivation on the sample; its errors become symle's."""
    module = load(derivation)
    arguments = _arguments(derivation, sample)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", module.SeveralMaxima)
            estimates, iterations, converged = module.fit_details(*arguments)
    except module.FitError as exc:
        raise _symle_error(module, exc, derivation) from None
    for other in (w for w in caught if not issubclass(w.category, module.SeveralMaxima)):
        warnings.warn_explicit(other.message, other.category, other.filename, other.lineno)
    notes = tuple(_named(str(w.message), derivation) for w in caught if issubclass(w.category, module.SeveralMaxima))
    loglik = module.loglik(*arguments, **estimates)
    return FitResult(
        derivation.model.name,
        sample.n,
        estimates,
        {name: e.method for name, e in derivation.estimators.items()},
        loglik,
        notes,
        {"iterations": iterations, "converged": converged},
    )


def _named(message: str, derivation: Derivation) -> str:
    """The runtime's message with each parameter as the text shows it (α, not alpha, x₀ not x0): every
    word that is a parameter's name. Only names the text changes are rewritten (Greek letters, indices),
    and none of those is an English word of the runtime's messages."""
    names = "|".join(re.escape(p.name) for p in derivation.model.parameters if text_name(p.name) != p.name)
    if not names:
        return message
    return re.sub(rf"(?<![\w.])({names})(?![\w(])", lambda m: text_name(m.group(1)), message)


def _symle_error(module: ModuleType, exc: Exception, derivation: Derivation) -> SymleError:
    """The runtime's typed error as symle's: no maximum and rejected data are the data's fault
    (DataError), a solver that stopped short is a ConvergenceError. The classes are the module's
    own (its embedded copy of symle.numeric.runtime), hence looked up on it."""
    model = derivation.model
    message = _named(str(exc), derivation)
    if isinstance(exc, module.NoMaximum):
        if model.conditional and model.support.values == (0, 1):
            message += " (the covariates separate the 0s from the 1s perfectly)"
        return DataError(message)
    if isinstance(exc, module.NotConverged):
        return ConvergenceError(message)
    return DataError(message)
