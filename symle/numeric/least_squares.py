"""The normal linear model with several covariates fitted by least squares, with its standard errors."""

from __future__ import annotations

import numpy as np

from symle.derivation import Derivation
from symle.errors import DataError
from symle.model.model import Model
from symle.numeric.data import Sample
from symle.numeric.result import FitResult


def _design(model: Model, sample: Sample) -> np.ndarray:
    columns = [sample.covariates[c.name] for c in model.covariates]
    if any(p.name == "b0" for p in model.parameters):
        columns = [np.ones(len(sample)), *columns]
    return np.column_stack(columns)


def check_design(model: Model, sample: Sample) -> None:
    """A catalogue regression's coefficients are identified only when the design matrix has full
    column rank: a constant covariate (with an intercept) or covariates that are multiples or sums
    of each other leave some combination of coefficients free, and any answer would be arbitrary."""
    design = _design(model, sample)
    scale = np.max(np.abs(design), axis=0)
    scale[scale == 0] = 1.0
    if np.linalg.matrix_rank(design / scale) < design.shape[1]:
        constant = [c.name for c in model.covariates if np.ptp(sample.covariates[c.name]) == 0]
        why = f"the covariate {constant[0]} is constant" if constant else "the covariates are linearly dependent"
        raise DataError(f"{why}: the coefficients are not identified (the design matrix does not have full rank)")


def matrix_wald(derivation: Derivation, sample: Sample, estimates: dict[str, float], z: float) -> dict[str, dict]:
    """Standard errors from sigma2-hat (X^T X)^{-1}, through the QR factor R (X^T X = R^T R), and
    sigma2-hat sqrt(2/n) for the variance; Wald intervals estimate -/+ z se."""
    design = _design(derivation.model, sample)
    r = np.linalg.qr(design, mode="r")
    r_inverse = np.linalg.solve(r, np.eye(r.shape[0]))
    variances = estimates["sigma2"] * np.sum(r_inverse**2, axis=1)
    names = [p.name for p in derivation.model.parameters if p.name != "sigma2"]
    errors = {name: float(np.sqrt(v)) for name, v in zip(names, variances, strict=True)}
    errors["sigma2"] = estimates["sigma2"] * float(np.sqrt(2.0 / len(sample)))
    intervals = {name: [estimates[name] - z * se, estimates[name] + z * se] for name, se in errors.items()}
    return {"standard_errors": errors, "confidence_intervals": intervals}


def fit_matrix(derivation: Derivation, sample: Sample) -> FitResult:
    """Least squares with NumPy (a QR/SVD solver, never the inverse of XᵀX), then RSS/n."""
    model = derivation.model
    coefficients = [p.name for p in model.parameters if p.name != "sigma2"]
    design = _design(model, sample)
    if len(sample) <= design.shape[1]:
        raise DataError(f"{len(sample)} observations are too few for {design.shape[1]} coefficients and a variance")
    beta, _, rank, _ = np.linalg.lstsq(design, sample.values, rcond=None)
    if rank < design.shape[1]:
        raise DataError("the covariates are linearly dependent (X does not have full column rank): β is not identified")
    residual = sample.values - design @ beta
    sigma2 = float(residual @ residual) / len(sample)
    if sigma2 <= 0:
        raise DataError("the fit is exact (every residual is zero): the estimate of sigma2 is undefined")
    estimates = {name: float(value) for name, value in zip(coefficients, beta, strict=True)}
    estimates["sigma2"] = sigma2
    loglik = -len(sample) / 2 * (np.log(2 * np.pi * sigma2) + 1)
    return FitResult(
        model.name,
        len(sample),
        estimates,
        dict.fromkeys(estimates, "closed-form"),
        float(loglik),
        (),
        {"iterations": 0, "converged": True},
    )
