"""The model, likelihood and log-likelihood steps of frequency-weighted data (symle.model.weighting):
each sentence from the model's facts (observation i stands for wᵢ identical observations)."""

from __future__ import annotations

import dataclasses

import sympy as sp

from symle.algebra import notation as N
from symle.algebra.sample import i, n
from symle.model.model import Model
from symle.stages.likelihood import Likelihood
from symle.stages.step import Equation, Step, chain, prose


def _weight(model: Model) -> sp.Indexed:
    assert model.weighting is not None
    return model.covariate_data(model.weighting.weight)[i]


def weighted_model_step(plain: Step, model: Model) -> Step:
    """The unweighted model's step (f(x; θ) of one observation), with what a weight means."""
    wi = _weight(model)
    text = plain.text if not isinstance(plain.text, str) else prose(plain.text)
    sentence = text + prose(
        " Observation ",
        i,
        " is a value ",
        model.data[i],
        " with a frequency weight ",
        chain(wi, sp.Integer(0), relations=(">",)),
        " and stands for ",
        wi,
        " identical observations (a weight need not be a whole number).",
    )
    return dataclasses.replace(plain, text=sentence, claims=(*plain.claims, "weighted"))


def weighted_likelihood_step(likelihood: Likelihood) -> Step:
    """L(θ) = ∏ f(xᵢ; θ)^wᵢ: for whole-number weights, the likelihood of the expanded sample."""
    model = likelihood.model
    wi = _weight(model)
    each = N.Density(model.data[i], *model.symbols) ** wi
    sentence = prose(
        "The observations are independent and observation ",
        i,
        " counts ",
        wi,
        " times, so the likelihood is the product of ",
        each,
        "; for whole-number weights it is the likelihood of the expanded sample, each ",
        model.data[i],
        " repeated ",
        wi,
        " times, of ",
        sp.Sum(wi, (i, 1, n)),
        " observations.",
    )
    equation = Equation((N.Likelihood(*model.symbols), sp.Product(each, (i, 1, n)), likelihood.product_form))
    return Step("likelihood", "Likelihood", sentence, (equation,), claims=("independent", "weighted"))


def weighted_loglik_step(plain: Step, model: Model) -> Step:
    """ℓ(θ) = Σ wᵢ log f(xᵢ; θ), then the log-likelihood as the plain step writes it."""
    wi = _weight(model)
    general = sp.Sum(wi * sp.log(N.Density(model.data[i], *model.symbols)), (i, 1, n))
    return with_general(plain, general)


def with_general(plain: Step, general: sp.Expr) -> Step:
    """The log-likelihood step with its general form (Σ wᵢ log f(xᵢ; θ)) written first."""
    (equation,) = plain.equations
    parts = (equation.parts[0], general, *equation.parts[1:])
    weighted = dataclasses.replace(equation, parts=parts, relations=("=", *equation.relations))
    return dataclasses.replace(plain, equations=(weighted,))
