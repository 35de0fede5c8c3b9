"""The normal linear model with several covariates, derived in matrix form (the normal equations)."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symle.algebra.notation import Coefficient, Hat, LogLikelihood, Partial, ResidualVariance, SquaredLength
from symle.algebra.sample import i, n
from symle.model.model import Model
from symle.stages.estimators import Estimator
from symle.stages.likelihood import Likelihood
from symle.stages.score import score_of
from symle.stages.solve import Solution, Solved
from symle.stages.step import Equation, Step, chain, formula, prose


def is_matrix_case(model: Model) -> bool:
    """A catalogue linear model with more than one covariate: shown in matrix form."""
    return (
        model.family is not None and model.family.var == "y" and model.family.link == "" and len(model.covariates) > 1
    )


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
    rows = len(coefficients)
    row = sp.Tuple(*([sp.Integer(1)] if intercept else []), *(model.covariate_data(c)[i] for c in model.covariates))
    residual = s.y - s.X * s.beta
    rss = SquaredLength(residual)
    ell = LogLikelihood(s.beta, s.sigma2)
    X, beta, sigma2 = s.X, s.beta, s.sigma2
    beta_is = chain(beta, sp.Tuple(*(p.symbol for p in coefficients)))
    return (
        Step(
            "model",
            "The model in matrix form",
            prose(
                "Given the covariates, the responses are independent and normal with mean ",
                formula("Xβ"),
                " and variance ",
                sigma2,
                ", where row ",
                i,
                " of the ",
                formula(f"n × {rows}"),
                " design matrix ",
                X,
                " is ",
                row,
                " and ",
                beta_is,
                ".",
            ),
            (Equation((s.y, s.X * s.beta + sp.MatrixSymbol("varepsilon", n, 1))),),
        ),
        Step(
            "loglik",
            "Log-likelihood",
            prose(
                "The log-likelihood is the sum of the normal log-densities, and the sum of squared residuals is the "
                "squared length of ",
                formula("y − Xβ"),
                ".",
            ),
            (Equation((ell, -n / 2 * sp.log(2 * sp.pi * s.sigma2) - rss / (2 * s.sigma2))),),
        ),
        Step(
            "score",
            prose("Score for ", beta),
            prose(
                "Differentiating with respect to the vector ", beta, " gives the score, one equation per coefficient."
            ),
            (Equation((Partial(s.beta), sp.MatMul(1 / s.sigma2, s.X.T, residual))),),
            "beta",
        ),
        Step(
            "solve",
            "The normal equations",
            prose(
                "Setting the score to zero gives the normal equations; when ",
                X,
                " has full column rank, ",
                formula("XᵀX"),
                " is invertible and ",
                Hat(beta),
                " is the least-squares solution.",
            ),
            (Equation((s.X.T * s.X * s.beta, s.X.T * s.y)), Equation((Hat(s.beta), (s.X.T * s.X).I * s.X.T * s.y))),
        ),
        Step(
            "solve",
            prose("Solving for ", sigma2),
            prose(
                "Setting the score for ",
                sigma2,
                " to zero, with ",
                Hat(beta),
                " in place of ",
                beta,
                ", gives the mean squared residual.",
            ),
            (Equation((Hat(s.sigma2), ResidualVariance())),),
            "sigma2",
        ),
        Step(
            "second-order",
            "Second-order condition",
            prose(
                "The Hessian in ",
                beta,
                " is ",
                formula("−XᵀX/σ²"),
                ", negative definite when ",
                X,
                " has full column rank, and at the estimate the second derivative in ",
                sigma2,
                " is ",
                formula("−n/(2σ̂⁴) < 0"),
                " with zero cross terms, so this is the maximum.",
            ),
            (Equation((sp.Symbol("H_beta"), -sp.MatMul(1 / s.sigma2, s.X.T, s.X))),),
        ),
        Step(
            "estimators",
            "Result",
            prose(
                "The maximum-likelihood estimators are the least-squares coefficients and the mean squared residual, "
                "computed with a least-squares solver rather than by inverting ",
                formula("XᵀX"),
                ".",
            ),
            tuple(Equation((Hat(p.symbol), Coefficient(k))) for k, p in enumerate(coefficients))
            + (Equation((Hat(s.sigma2), ResidualVariance())),),
        ),
    )


def matrix_solution(likelihood: Likelihood) -> tuple[Solved, dict[str, Estimator], tuple[Step, ...]]:
    """The matrix-form solution of a linear model with several covariates: the estimators are the
    least-squares coefficients and the mean squared residual, the steps those of the matrix form."""
    model = likelihood.model
    coefficients = [p for p in model.parameters if p.name != "sigma2"]
    estimators = {
        p.name: Estimator(p, "closed-form", Coefficient(k), Coefficient(k)) for k, p in enumerate(coefficients)
    }
    sigma2 = model.parameter("sigma2")
    estimators["sigma2"] = Estimator(sigma2, "closed-form", ResidualVariance(), ResidualVariance())
    scores = {p.symbol: score_of(likelihood.loglik, p.symbol) for p in model.parameters}
    solutions = tuple(Solution(e.parameter, "closed-form", "score", e.value) for e in estimators.values())
    return Solved(solutions, scores, likelihood.loglik), estimators, matrix_steps(model)
