"""Numeric fitting for parameters without a closed form, by the generated fitter run in process."""

from __future__ import annotations

from typing import TYPE_CHECKING

from symle.errors import ConvergenceError, DataError

if TYPE_CHECKING:
    from symle.data import Sample
    from symle.derivation import Derivation
    from symle.fit import FitResult


def fit_numeric(derivation: Derivation, sample: Sample) -> FitResult:
    """Run the generated fitter for this derivation on the sample; its errors become symle's."""
    from symle.codegen import load
    from symle.fit import FitResult

    module = load(derivation)
    try:
        estimates, iterations, converged = module.fit_details(sample.values)
    except module.FitError as exc:
        message = str(exc)
        kind = ConvergenceError if "converge" in message or "no step" in message else DataError
        raise kind(message) from None
    loglik = module.loglik(sample.values, **estimates)
    return FitResult(
        derivation.model.name,
        len(sample),
        estimates,
        {name: e.method for name, e in derivation.estimators.items()},
        loglik,
        (),
        {"iterations": iterations, "converged": converged},
    )
