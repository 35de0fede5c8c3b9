"""The normal linear model with several covariates fitted by least squares, with its standard errors.

In memory, NumPy's least squares on the design matrix; for data read in passes, the same problem
through the R factor of [X y], built chunk by chunk (each chunk's rows stacked under the R so far
and factorised again: a tall-and-skinny QR, as stable as the QR of the whole matrix, in the
memory of one chunk)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from symle.derivation import Derivation
from symle.errors import DataError
from symle.model.model import Model
from symle.numeric.columns import Columns
from symle.numeric.result import FitResult


def _design(model: Model, arrays: Mapping[str, np.ndarray]) -> np.ndarray:
    columns = [arrays[c.name] for c in model.covariates]
    if any(p.name == "b0" for p in model.parameters):
        columns = [np.ones_like(arrays[model.var.name]), *columns]
    return np.stack(columns, axis=1)  # (NumPy's stack, or Dask's for Dask columns)


def _r_factor(model: Model, sample: Columns, response: bool) -> np.ndarray:
    """R of the design (with the response as a last column when asked), from every chunk in turn."""

    def rows(arrays: Mapping[str, np.ndarray]) -> np.ndarray:
        design = _design(model, arrays)
        return np.concatenate([design, arrays[model.var.name][:, None]], axis=1) if response else design

    return sample.r_factor(rows)


def check_design(model: Model, sample: Columns) -> None:
    """A catalogue regression's coefficients are identified only when the design matrix has full
    column rank: a constant covariate (with an intercept) or covariates that are multiples or sums
    of each other leave some combination of coefficients free, and any answer would be arbitrary."""
    if sample.in_memory:
        design = _design(model, sample.gather())
        scale = np.max(np.abs(design), axis=0)
        scale[scale == 0] = 1.0
        full = np.linalg.matrix_rank(design / scale) == design.shape[1]
    else:
        # the rank of X/scale from its R factor: the same singular values, NumPy's same tolerance
        extremes = [sample.extremes(c.name) for c in model.covariates]
        scale = np.array([max(abs(low), abs(high)) or 1.0 for low, high in extremes])
        if any(p.name == "b0" for p in model.parameters):
            scale = np.concatenate([[1.0], scale])
        r = _r_factor(model, sample, response=False) / scale
        singular = np.linalg.svd(r, compute_uv=False)
        full = int(np.sum(singular > singular.max() * max(sample.n, r.shape[1]) * np.finfo(float).eps)) == r.shape[1]
    if not full:
        constant = [c.name for c in model.covariates if sample.all_equal(c.name)]
        why = f"the covariate {constant[0]} is constant" if constant else "the covariates are linearly dependent"
        raise DataError(f"{why}: the coefficients are not identified (the design matrix does not have full rank)")


def matrix_wald(derivation: Derivation, sample: Columns, estimates: dict[str, float], z: float) -> dict[str, dict]:
    """Standard errors from sigma2-hat (X^T X)^{-1}, through the QR factor R (X^T X = R^T R), and
    sigma2-hat sqrt(2/n) for the variance; Wald intervals estimate -/+ z se."""
    if sample.in_memory:
        r = np.linalg.qr(_design(derivation.model, sample.gather()), mode="r")
    else:
        r = _r_factor(derivation.model, sample, response=False)
    r_inverse = np.linalg.solve(r, np.eye(r.shape[0]))
    variances = estimates["sigma2"] * np.sum(r_inverse**2, axis=1)
    names = [p.name for p in derivation.model.parameters if p.name != "sigma2"]
    errors = {name: float(np.sqrt(v)) for name, v in zip(names, variances, strict=True)}
    errors["sigma2"] = estimates["sigma2"] * float(np.sqrt(2.0 / sample.n))
    intervals = {name: [estimates[name] - z * se, estimates[name] + z * se] for name, se in errors.items()}
    return {"standard_errors": errors, "confidence_intervals": intervals}


def fit_matrix(derivation: Derivation, sample: Columns) -> FitResult:
    """Least squares with NumPy (a QR/SVD solver, never the inverse of XᵀX), then RSS/n."""
    model = derivation.model
    coefficients = [p.name for p in model.parameters if p.name != "sigma2"]
    width = len(coefficients)
    if sample.n <= width:
        raise DataError(f"{sample.n} observations are too few for {width} coefficients and a variance")
    if sample.in_memory:
        arrays = sample.gather()
        design = _design(model, arrays)
        beta, _, rank, _ = np.linalg.lstsq(design, arrays[model.var.name], rcond=None)
        residual = arrays[model.var.name] - design @ beta
        rss = float(residual @ residual)
    else:
        r = _r_factor(model, sample, response=True)  # [[R, Qᵀy], [0, |residual|]]
        singular = np.linalg.svd(r[:width, :width], compute_uv=False)
        rank = int(np.sum(singular > singular.max() * max(sample.n, width) * np.finfo(float).eps))
        beta = np.linalg.solve(r[:width, :width], r[:width, width]) if rank == width else np.zeros(width)
        rss = float(r[width, width] ** 2) if r.shape[0] > width else 0.0
    if rank < width:
        raise DataError("the covariates are linearly dependent (X does not have full column rank): β is not identified")
    sigma2 = rss / sample.n
    if sigma2 <= 0:
        raise DataError("the fit is exact (every residual is zero): the estimate of sigma2 is undefined")
    estimates = {name: float(value) for name, value in zip(coefficients, beta, strict=True)}
    estimates["sigma2"] = sigma2
    loglik = -sample.n / 2 * (np.log(2 * np.pi * sigma2) + 1)
    return FitResult(
        model.name,
        sample.n,
        estimates,
        dict.fromkeys(estimates, "closed-form"),
        float(loglik),
        (),
        {"iterations": 0, "converged": True},
    )
