"""The normal linear model with several covariates, derived in matrix form and fitted by least squares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import sympy as sp

from symle.algebra.notation import Hat, LogLikelihood, Partial, _Notation
from symle.algebra.sample import n
from symle.budget import Budget
from symle.errors import DataError
from symle.model.catalogue import FAMILIES
from symle.model.model import Model
from symle.stages.derivation import Derivation, Equation, Estimator, Step
from symle.stages.likelihood import build_likelihood
from symle.stages.solve import Solution, Solved, score_of

if TYPE_CHECKING:
    from symle.numeric.data import Sample
    from symle.numeric.fit import FitResult


def is_matrix_case(model: Model) -> bool:
    """A catalogue linear model with more than one covariate: shown in matrix form."""
    return (
        not model.typed
        and model.name in FAMILIES
        and FAMILIES[model.name].var == "y"
        and FAMILIES[model.name].link == ""
        and len(model.covariates) > 1
    )


class Coefficient(_Notation):
    """The k-th entry of (X^T X)^{-1} X^T y, the least-squares solution."""

    nargs = 1

    def _sympystr(self, printer: object) -> str:
        return f"((X.T*X)**(-1)*X.T*y)[{self.args[0]}]"

    def _symle_latex(self, printer: object) -> str:
        return rf"\left[\left(X^{{T}} X\right)^{{-1}} X^{{T}} y\right]_{{{self.args[0]}}}"

    def _symle_text(self, printer: object) -> str:
        return f"[(XᵀX)⁻¹Xᵀy]_{self.args[0]}"


class ResidualVariance(_Notation):
    """(1/n)(y - X beta-hat)^T (y - X beta-hat)."""

    nargs = 0

    def _sympystr(self, printer: object) -> str:
        return "(y - X*beta_hat).T*(y - X*beta_hat)/n"

    def _symle_latex(self, printer: object) -> str:
        return r"\frac{1}{n} \left(y - X \hat{\beta}\right)^{T} \left(y - X \hat{\beta}\right)"

    def _symle_text(self, printer: object) -> str:
        return "(y − Xβ̂)ᵀ(y − Xβ̂)/n"


class SquaredLength(_Notation):
    """v^T v for a column vector v, as a scalar (so it can stand in a sum with scalars)."""

    nargs = 1

    def _sympystr(self, printer: object) -> str:
        return f"({printer._print(self.args[0])}).T*({printer._print(self.args[0])})"  # type: ignore[attr-defined]

    def _symle_latex(self, printer: object) -> str:
        inner = printer._print(self.args[0])  # type: ignore[attr-defined]
        return rf"\left({inner}\right)^{{T}} \left({inner}\right)"

    def _symle_text(self, printer: object) -> str:
        inner = printer._print(self.args[0])  # type: ignore[attr-defined]
        return f"({inner})ᵀ({inner})"


@dataclass(frozen=True)
class _Symbols:
    X: sp.MatrixSymbol
    y: sp.MatrixSymbol
    beta: sp.MatrixSymbol
    sigma2: sp.Symbol


def _symbols(model: Model) -> _Symbols:
    p = len(model.parameters) - 1
    return _Symbols(
        sp.MatrixSymbol("X", n, p),
        sp.MatrixSymbol("y", n, 1),
        sp.MatrixSymbol("beta", p, 1),
        model.parameter("sigma2").symbol,
    )


def matrix_steps(model: Model) -> tuple[Step, ...]:
    s = _symbols(model)
    coefficients = [p for p in model.parameters if p.name != "sigma2"]
    intercept = coefficients[0].name == "b0"
    columns = (["1"] if intercept else []) + [f"{c.name}ᵢ" for c in model.covariates]
    residual = s.y - s.X * s.beta
    rss = SquaredLength(residual)
    ell = LogLikelihood(s.beta, s.sigma2)
    names = ", ".join(p.name for p in coefficients)
    return (
        Step(
            "model",
            "The model in matrix form",
            f"Given the covariates, the responses are independent and normal with mean Xβ and variance σ², where "
            f"row i of the n × {len(coefficients)} design matrix X is ({', '.join(columns)}) and β = ({names}).",
            (Equation((s.y, s.X * s.beta + sp.MatrixSymbol("varepsilon", n, 1))),),
        ),
        Step(
            "loglik",
            "Log-likelihood",
            "The log-likelihood is the sum of the normal log-densities, and the sum of squared residuals is the "
            "squared length of y − Xβ.",
            (Equation((ell, -n / 2 * sp.log(2 * sp.pi * s.sigma2) - rss / (2 * s.sigma2))),),
        ),
        Step(
            "score",
            "Score for β",
            "Differentiating with respect to the vector β gives the score, one equation per coefficient.",
            (Equation((Partial(s.beta), sp.MatMul(1 / s.sigma2, s.X.T, residual))),),
            "beta",
        ),
        Step(
            "solve",
            "The normal equations",
            "Setting the score to zero gives the normal equations; when X has full column rank, XᵀX is invertible "
            "and β̂ is the least-squares solution.",
            (Equation((s.X.T * s.X * s.beta, s.X.T * s.y)), Equation((Hat(s.beta), (s.X.T * s.X).I * s.X.T * s.y))),
        ),
        Step(
            "solve",
            "Solving for σ²",
            "Setting the score for σ² to zero, with β̂ in place of β, gives the mean squared residual.",
            (Equation((Hat(s.sigma2), ResidualVariance())),),
            "sigma2",
        ),
        Step(
            "second-order",
            "Second-order condition",
            "The Hessian in β is −XᵀX/σ², negative definite when X has full column rank, and at the estimate the "
            "second derivative in σ² is −n/(2σ̂⁴) < 0 with zero cross terms, so this is the maximum.",
            (Equation((sp.Symbol("H_beta"), -sp.MatMul(1 / s.sigma2, s.X.T, s.X))),),
        ),
        Step(
            "estimators",
            "Result",
            "The maximum-likelihood estimators are the least-squares coefficients and the mean squared residual "
            "(symle computes them with a least-squares solver, not by inverting XᵀX).",
            tuple(Equation((Hat(p.symbol), Coefficient(k))) for k, p in enumerate(coefficients))
            + (Equation((Hat(s.sigma2), ResidualVariance())),),
        ),
    )


def derive_matrix(model: Model, budget: Budget) -> Derivation:
    """The matrix-form derivation of a linear model with several covariates."""
    likelihood = build_likelihood(model, budget)
    coefficients = [p for p in model.parameters if p.name != "sigma2"]
    estimators = {
        p.name: Estimator(p, "closed-form", Coefficient(k), Coefficient(k)) for k, p in enumerate(coefficients)
    }
    sigma2 = model.parameter("sigma2")
    estimators["sigma2"] = Estimator(sigma2, "closed-form", ResidualVariance(), ResidualVariance())
    scores = {p.symbol: score_of(likelihood.loglik, p.symbol) for p in model.parameters}
    solutions = tuple(Solution(e.parameter, "closed-form", "score", e.value) for e in estimators.values())
    solved = Solved(solutions, scores, likelihood.loglik)
    return Derivation(model, likelihood, solved, None, matrix_steps(model), estimators, ())


def _design(model: Model, sample: Sample) -> np.ndarray:
    columns = [sample.covariates[c.name] for c in model.covariates]
    if any(p.name == "b0" for p in model.parameters):
        columns = [np.ones(len(sample)), *columns]
    return np.column_stack(columns)


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
    from symle.numeric.fit import FitResult

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
