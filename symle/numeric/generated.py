"""Numeric fitting for parameters without a closed form, by the generated fitter run in process."""

from __future__ import annotations

from types import ModuleType

import numpy as np

from symle.derivation import Derivation
from symle.errors import ConvergenceError, DataError, SymleError
from symle.numeric.codegen import load
from symle.numeric.data import Sample
from symle.numeric.result import FitResult


def fit_numeric(derivation: Derivation, sample: Sample) -> FitResult:
    """Run the generated fitter for this derivation on the sample; its errors become symle's."""
    module = load(derivation)
    try:
        if derivation.model.conditional:
            covariates = np.column_stack([sample.covariates[c.name] for c in derivation.model.covariates])
            estimates, iterations, converged = module.fit_details(covariates, sample.values)
        else:
            estimates, iterations, converged = module.fit_details(sample.values)
    except module.FitError as exc:
        raise _symle_error(module, exc, derivation) from None
    arguments = (covariates, sample.values) if derivation.model.conditional else (sample.values,)
    loglik = module.loglik(*arguments, **estimates)
    return FitResult(
        derivation.model.name,
        len(sample),
        estimates,
        {name: e.method for name, e in derivation.estimators.items()},
        loglik,
        (),
        {"iterations": iterations, "converged": converged},
    )


def _symle_error(module: ModuleType, exc: Exception, derivation: Derivation) -> SymleError:
    """The runtime's typed error as symle's: no maximum and rejected data are the data's fault
    (DataError), a solver that stopped short is a ConvergenceError. The classes are the module's
    own (its embedded copy of symle.numeric.runtime), hence looked up on it."""
    message = str(exc)
    model = derivation.model
    if isinstance(exc, module.NoMaximum):
        if model.conditional and model.support.values == (0, 1):
            message += " (the covariates separate the 0s from the 1s perfectly)"
        return DataError(message)
    if isinstance(exc, module.NotConverged):
        return ConvergenceError(message)
    return DataError(message)
