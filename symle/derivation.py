"""The Derivation: the pipeline's final value, everything derived for one model, for every consumer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sympy as sp

from symle.followups.information import Information
from symle.followups.invariance import FunctionEstimate
from symle.model.model import Model
from symle.stages.estimators import Estimator
from symle.stages.likelihood import Likelihood
from symle.stages.score import Score
from symle.stages.secondorder import SecondOrder
from symle.stages.solve import Solved
from symle.stages.step import Step


@dataclass(frozen=True)
class Derivation:
    """Everything derived for one model: the stages' values, the ordered steps, and what follows the
    estimator (the expected and observed information, the bias, functions by invariance), all
    computed in the pipeline under one budget. Renderers format it; fitting and the checker read it.

    `information` is None only for the matrix form of a linear model with several covariates;
    `bias` maps every parameter to its exact bias, None where it is not derived."""

    model: Model
    likelihood: Likelihood
    score: Score
    solved: Solved
    second_order: SecondOrder | None
    estimators: Mapping[str, Estimator]
    steps: tuple[Step, ...]
    warnings: tuple[str, ...] = ()
    information: Information | None = None
    observed_information: sp.Matrix | None = None
    bias: Mapping[str, sp.Expr | None] | None = None
    functions: tuple[FunctionEstimate, ...] = ()
    said: tuple[str, ...] = ()  # the warnings a step already states: a page does not repeat them as notes

    @property
    def notes(self) -> tuple[str, ...]:
        """The warnings a page adds after its steps: those no step states already."""
        return tuple(w for w in self.warnings if w not in self.said)

    @property
    def parameters(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.model.parameters)
