"""The information step of frequency-weighted data (symle.model.weighting): the weights are fixed, each
observation's term of the Hessian is weighted by wᵢ, and the information is Σwᵢ times one observation's,
that of the expanded sample of Σwᵢ observations. With counts in classes (symle.model.classes) the counts
are what is random, and the step says what the expected information would need."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import sympy as sp

from symle.algebra.sample import i, n
from symle.model.model import Model
from symle.stages.step import Step, prose


def weighted_information(steps: Sequence[Step], model: Model) -> tuple[Step, ...]:
    """The steps after the estimators, the Fisher information's sentence said of weights rather than
    covariates (the expectation is over the observations, the weights fixed)."""
    if model.grouping is not None:
        return tuple(_classes(step, model) if step.kind == "fisher" else step for step in steps)
    if model.weighting is None:
        return tuple(steps)
    return tuple(_said(step, model) if step.kind == "fisher" and step.equations else step for step in steps)


def _classes(step: Step, model: Model) -> Step:
    """The counts, not the bounds, are random: their expectations N pᵢ(θ) hold only when the classes cover
    the support, which the model does not know; so the expected information is not derived, and the fit's
    standard errors use the observed information."""
    assert model.grouping is not None
    m = model.covariate_data(model.grouping.count)[i]
    sentence = prose(
        "The expected information is not derived here: the counts are random and the bounds fixed, and the "
        "expectation of each count, ",
        sp.Sum(m, (i, 1, n)),
        " times its class's probability, gives the information only when the classes cover the whole support, "
        "which the model does not know; the fit's standard errors use the observed information, minus the "
        "second derivatives of the log-likelihood at the estimate.",
    )
    return dataclasses.replace(step, text=sentence, equations=(), claims=("information-none",))


def _said(step: Step, model: Model) -> Step:
    assert model.weighting is not None
    wi = model.covariate_data(model.weighting.weight)[i]
    one = len(step.equations[0].parts) == 2 and not isinstance(step.equations[0].parts[1], sp.MatrixBase)
    word = "second derivative" if one else "Hessian"
    sentence = prose(
        f"The weights are fixed numbers, so the Fisher information is minus the expected {word} of the "
        "log-likelihood, whose term for observation ",
        i,
        " is ",
        wi,
        " times that of one observation: the information of one observation times ",
        sp.Sum(wi, (i, 1, n)),
        ", that of the expanded sample.",
    )
    return dataclasses.replace(step, text=sentence, claims=("information-weighted",))
