"""What follows the estimator, computed together: the information, observed information, bias, functions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sympy as sp

from symle.budget import Budget
from symle.followups.bias import biases
from symle.followups.information import Information, information, observed_information
from symle.followups.invariance import FunctionEstimate, estimate_function
from symle.model.model import Model
from symle.stages.estimators import Estimator
from symle.stages.likelihood import Likelihood
from symle.stages.score import Score
from symle.stages.solve import Solved


@dataclass(frozen=True)
class Followups:
    """The results that follow the estimator: `observed` is minus the Hessian at the estimate
    (numeric estimates standing as their symbols), None where a parameter is irregular."""

    information: Information
    observed: sp.Matrix | None
    bias: Mapping[str, sp.Expr | None]
    functions: tuple[FunctionEstimate, ...]


def follow_up(
    model: Model,
    likelihood: Likelihood,
    score: Score,
    solved: Solved,
    estimators: Mapping[str, Estimator],
    budget: Budget,
    *,
    integrate: bool = False,
    functions: tuple[tuple[str, str], ...] = (),
) -> Followups:
    """The information (expected, and observed where every parameter is regular), the bias of the
    estimators and the functions' estimators by invariance, all under the derivation's budget."""
    info = information(likelihood, score, solved, budget, integrate=integrate)
    observed = (
        observed_information(likelihood, score.block(info.regular), estimators, budget) if not info.irregular else None
    )
    bias = biases(estimators, model, info.moments, budget)
    estimates = tuple(estimate_function(model, estimators, info, name, text, budget) for name, text in functions)
    return Followups(info, observed, bias, estimates)
