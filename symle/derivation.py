"""The Derivation: the pipeline's final value, everything derived for one model, for every consumer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import sympy as sp

from symle.followups.hypothesis import HypothesisTest
from symle.followups.information import Information
from symle.followups.invariance import FunctionEstimate
from symle.followups.results import Later
from symle.model.model import Model
from symle.stages.estimators import Estimator
from symle.stages.likelihood import Likelihood
from symle.stages.restricted import Restriction
from symle.stages.score import Score
from symle.stages.secondorder import SecondOrder
from symle.stages.solve import Solved
from symle.stages.step import Step


@dataclass(frozen=True)
class Derivation:
    """Everything derived for one model: the stages' values, the ordered steps, and what follows the
    estimator (the expected information and functions by invariance, computed in the pipeline under
    one budget; the observed information and the bias, computed when first read, as only the JSON
    and a worksheet's bias part show them). Renderers format it; fitting and the checker read it.

    `information` is None only for the matrix form of a linear model with several covariates;
    `bias` maps every parameter to its exact bias, None where it is not derived. `exhausted`: a
    step ran out of its processor-time cap, so a faster machine might find more."""

    model: Model
    likelihood: Likelihood
    score: Score
    solved: Solved
    second_order: SecondOrder | None
    estimators: Mapping[str, Estimator]
    steps: tuple[Step, ...]
    warnings: tuple[str, ...] = ()
    information: Information | None = None
    functions: tuple[FunctionEstimate, ...] = ()
    said: tuple[str, ...] = ()  # the warnings a step already states: a page does not repeat them as notes
    later: Later | None = field(default=None, compare=False, repr=False)
    exhausted: bool = field(default=False, compare=False)
    restrictions: tuple[Restriction, ...] = ()  # parameters on a restricted space (θ ∈ [0, 1/2]) and how
    test: HypothesisTest | None = None  # H₀: θ = θ₀ and its three statistics, when asked for (--test)

    @property
    def notes(self) -> tuple[str, ...]:
        """The warnings a page adds after its steps: those no step states already."""
        return tuple(w for w in self.warnings if w not in self.said)

    @property
    def parameters(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.model.parameters)

    @property
    def observed_information(self) -> sp.Matrix | None:
        return None if self.later is None else self.later.values.observed

    @property
    def bias(self) -> Mapping[str, sp.Expr | None] | None:
        return None if self.later is None else self.later.values.bias

    @property
    def depends_on_speed(self) -> bool:
        """Whether a budget ran out in what was computed so far: such a result is never cached."""
        values = None if self.later is None else self.later.computed()
        return self.exhausted or (values is not None and values.exhausted)
