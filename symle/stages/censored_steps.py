"""The model and likelihood steps of right-censored lifetimes (symle.model.censoring), and what the
Result says of the counts its estimators hold: each sentence from the model's facts."""

from __future__ import annotations

import dataclasses

import sympy as sp

from symle.algebra import notation as N
from symle.algebra.sample import i, n
from symle.model.model import Model
from symle.stages.bounds import model_support
from symle.stages.estimators import Estimator
from symle.stages.likelihood import Likelihood
from symle.stages.restricted import unknowns
from symle.stages.step import Equation, Step, chain, listed, prose


def censored_model_step(model: Model) -> Step:
    """f(t; θ) and S(t; θ) = P(T > t) (right) or F(t; θ) = 1 − S(t; θ) (left), the indicator's convention,
    and where S comes from."""
    c = model.censoring
    assert c is not None
    t, delta = model.var, c.indicator
    right = c.kind == "right"
    sentence = prose("Each lifetime has the density f below, with unknown ", unknowns(model.parameters))
    known = [
        p.symbol if model.known[p.name] is None else chain(p.symbol, model.known[p.name])
        for p in model.known_parameters
    ]
    if known:
        sentence += prose("; ", listed(known), " is" if len(known) == 1 else " are", " known")
    source = prose(
        "the family's" if c.source == "catalogue" else "the integral of the density from ",
        *(() if c.source == "catalogue" else (t, " to the upper end of the support")),
    )
    sentence += prose(
        ". Each observation is a time ",
        model.data[i],
        " with an indicator ",
        sp.IndexedBase(delta.name)[i],
        ": 1 when the failure was observed at ",
        model.data[i],
        ", 0 when the lifetime was ",
        "right-censored there (known only to exceed it)"
        if right
        else "left-censored there (known only to be below it)",
        ". The survival function ",
        N.Survival(t, *model.symbols),
        ", the probability that a lifetime exceeds ",
        t,
        ", is ",
        source,
    )
    if not right:
        sentence += prose(
            "; the distribution function ",
            chain(N.Cdf(t, *model.symbols), 1 - N.Survival(t, *model.symbols)),
            " is the probability that it is at most ",
            t,
        )
    density = Equation((N.Density(t, *model.symbols), c.display), condition=model_support(model))
    if right:
        other = Equation((N.Survival(t, *model.symbols), c.survival))
    else:
        other = Equation((N.Cdf(t, *model.symbols), 1 - c.survival))
    return Step("model", "The model", sentence + ".", (density, other), claims=("density", "censored"))


def censored_likelihood_step(likelihood: Likelihood) -> Step:
    """L(θ) = ∏ f(tᵢ; θ)^δᵢ S(tᵢ; θ)^(1 − δᵢ) (right) or ∏ F(tᵢ; θ)^(1 − δᵢ) f(tᵢ; θ)^δᵢ (left), then the
    product of h^δᵢ S (h = f/S) or of (f/F)^δᵢ F."""
    model = likelihood.model
    c = model.censoring
    assert c is not None
    right = c.kind == "right"
    ti, di = model.data[i], model.covariate_data(c.indicator)[i]
    part = (N.Survival if right else N.Cdf)(ti, *model.symbols)
    if right:
        each = N.Density(ti, *model.symbols) ** di * part ** (1 - di)
    else:  # ∏ F(tᵢ)^(1−δᵢ) f(tᵢ)^δᵢ, as textbooks write left censoring
        each = sp.Mul(part ** (1 - di), N.Density(ti, *model.symbols) ** di, evaluate=False)
    general = sp.Product(each, (i, 1, n))
    sentence = prose(
        "The observations are independent; an observed failure contributes its density, a censored lifetime ",
        "the probability of lasting beyond its time" if right else "the probability of failing before its time",
        ", so the likelihood is the product of ",
        each,
        ". As the density is the hazard f/S times S" if right else ". As the density is f/F times F",
        ", each factor is ",
        (c.hazard**c.indicator).xreplace({model.var: ti, c.indicator: di}),
        " ",
        part,
        ".",
    )
    equation = Equation((N.Likelihood(*model.symbols), general, likelihood.product, likelihood.product_form))
    return Step("likelihood", "Likelihood", sentence, (equation,), claims=("independent", "censored"))


def failures_said(result: Step, model: Model, estimators: dict[str, Estimator]) -> Step:
    """The Result names Σδᵢ, the number of observed failures, where an estimator holds it, and the
    condition Σδᵢ > 0 where it divides by it; Σtᵢ, the total time on test, likewise."""
    c = model.censoring
    if c is None:
        return result
    failures = sp.Sum(model.covariate_data(c.indicator)[i], (i, 1, n))
    time = sp.Sum(model.data[i], (i, 1, n))
    values = [e.value for e in estimators.values() if e.value is not None]
    holding = [v for v in values if v.has(failures)]
    if not holding:
        return result
    sentence = prose(" Here ", failures, " is the number of observed failures")
    if c.kind == "right" and any(v.has(time) for v in values):
        sentence += prose(" and ", time, " the total time on test")
    none = [v.xreplace({failures: sp.Integer(0)}) for v in holding]  # no failure: 0, or no value at all
    if any(v.is_zero or v.has(sp.zoo, sp.oo, sp.nan) for v in none):
        sentence += prose("; the estimate exists when ", chain(failures, sp.Integer(0), relations=(">",)))
        sentence += prose(", at least one failure observed")
    text = result.text if isinstance(result.text, type(sentence)) else prose(result.text)
    return dataclasses.replace(result, text=text + sentence + ".")
