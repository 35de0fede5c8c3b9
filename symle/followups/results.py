"""What follows the estimator: the information and functions with the derivation, the observed
information and the bias later, when first read (only the JSON and a worksheet's bias part show them)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import sympy as sp

from symle.budget import Budget
from symle.errors import BudgetExceeded, OutOfTime, named
from symle.followups.bias import biases
from symle.followups.censored import in_estimates
from symle.followups.information import Information, information, observed_information
from symle.followups.invariance import FunctionEstimate, estimate_function
from symle.followups.moments import Moments, integration_budget
from symle.followups.removable import Removable, removable_points
from symle.model.model import Model
from symle.stages.estimators import Estimator
from symle.stages.likelihood import Likelihood
from symle.stages.score import Score
from symle.stages.solve import Solved
from symle.worker import run_bounded


@dataclass(frozen=True)
class Later:
    """What the observed information and the bias are computed from, when first read: `hessian` is
    the regular parameters' block (None where a parameter is irregular: no observed information),
    `timeout` the derivation's budget, which their computation gets anew."""

    model: Model
    likelihood: Likelihood
    hessian: sp.Matrix | None
    estimators: Mapping[str, Estimator]
    moments: Moments | None
    timeout: float

    @cached_property
    def values(self) -> LaterValues:
        """Computed once, however many copies of the derivation share this (symle.derive's)."""
        return compute_later(self)

    def computed(self) -> LaterValues | None:
        """The values if they have been computed, without computing them."""
        return self.__dict__.get("values")


@dataclass(frozen=True)
class LaterValues:
    """The observed information (minus the Hessian at the estimate, numeric estimates standing as
    their symbols; None where a parameter is irregular), every estimator's exact bias (None where
    it is not derived), and whether a budget ran out on the way."""

    observed: sp.Matrix | None
    bias: Mapping[str, sp.Expr | None]
    exhausted: bool


def compute_later(later: Later) -> LaterValues:
    """The observed information and the bias, in symle's worker (killed if it overruns), under a
    budget of their own as long as the derivation's."""
    what = (
        f"the observed information and the bias (give them more time with {named('timeout')}, now {later.timeout:g} s)"
    )
    try:
        return run_bounded(later.timeout, what, _compute, later)
    except OutOfTime:
        raise BudgetExceeded(f"{what} did not finish within {later.timeout:g} s") from None


def _compute(later: Later) -> LaterValues:
    budget = Budget(later.timeout)
    moments = later.moments
    if moments is not None and moments.integration is not None:
        moments = dataclasses.replace(moments, integration=integration_budget(budget))
    observed = observed_information(later.likelihood, later.hessian, later.estimators, budget)
    bias = biases(later.estimators, later.model, moments, budget)
    return LaterValues(observed, bias, budget.exhausted)


@dataclass(frozen=True)
class Followups:
    """The results that follow the estimator: the information and the functions' estimators now,
    the observed information and the bias when first read."""

    information: Information
    functions: tuple[FunctionEstimate, ...]
    later: Later = dataclasses.field(compare=False, repr=False)
    limits: tuple[Removable, ...] = ()  # the information's values where its formula is 0/0 (I(0) = n/3)

    @property
    def observed(self) -> sp.Matrix | None:
        return self.later.values.observed

    @property
    def bias(self) -> Mapping[str, sp.Expr | None]:
        return self.later.values.bias


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
    """The information (expected) and the functions' estimators by invariance, under the
    derivation's budget; what the observed information and the bias need, for later."""
    info = information(likelihood, score, solved, budget, integrate=integrate)
    if model.censoring is not None and info.hessian is not None:  # the page shows it: computed now
        observed = observed_information(likelihood, info.hessian, estimators, budget)
        info = dataclasses.replace(
            info,
            observed=observed,
            observed_hat=in_estimates(likelihood, info.hessian, info.regular, estimators, budget),
            hessian=sp.powsimp(info.hessian.xreplace(likelihood.statistic_sums)),
        )
    estimates = tuple(estimate_function(model, estimators, info, name, text, budget) for name, text in functions)
    hessian = score.block(info.regular) if not info.irregular else None
    later = Later(model, likelihood, hessian, estimators, info.moments, budget.seconds)
    return Followups(info, estimates, later, removable_points(info, budget))
