"""The page of interval-censored lifetimes (`symle derive F --interval-censored`): each lifetime known only
to lie in [lᵢ, hᵢ], L(θ) = ∏ [F(hᵢ; θ) − F(lᵢ; θ)], its log-likelihood and scores, and why it is
maximised numerically: F(hᵢ) − F(lᵢ) checked not to factor into the parameters' part and the data's."""

from __future__ import annotations

import sympy as sp

from symle.algebra import notation as N
from symle.algebra.sample import i, n, sample
from symle.model.censoring import survival_function
from symle.model.model import Model
from symle.stages.bounds import model_support
from symle.stages.restricted import unknowns
from symle.stages.step import Equation, Step, chain, prose


def interval_steps(model: Model) -> tuple[Step, ...]:
    """The model, likelihood, log-likelihood, score and numeric-solution steps of interval-censored data."""
    t, theta = model.var, model.symbols
    survival = survival_function(model)
    low, high = sample("l", positive=True), sample("h", positive=True)
    cdf = N.Cdf
    sentence = prose(
        "Each lifetime has the density f below, with unknown ",
        unknowns(model.parameters),
        ", and the distribution function F, the probability that a lifetime is at most ",
        t,
        ". Each lifetime is known only to lie in an interval from ",
        low[i],
        " to ",
        high[i],
        ": ",
        chain(high[i], sp.oo),
        " when it is right-censored at ",
        low[i],
        ", ",
        low[i],
        " at the support's lower end when it is left-censored at ",
        high[i],
        ", and ",
        chain(low[i], high[i]),
        " when it was observed exactly.",
    )
    model_step = Step(
        "model",
        "The model",
        sentence,
        (
            Equation((N.Density(t, *theta), model.display or model.density), condition=model_support(model)),
            Equation((cdf(t, *theta), 1 - survival)),
        ),
        claims=("density", "censored"),
    )
    each = cdf(high[i], *theta) - cdf(low[i], *theta)
    term = survival.xreplace({t: low[i]}) - survival.xreplace({t: high[i]})
    likelihood = Step(
        "likelihood",
        "Likelihood",
        prose(
            "The observations are independent, and a lifetime known to lie between ",
            low[i],
            " and ",
            high[i],
            " contributes the probability of that, ",
            each,
            " (an exactly observed one its density ",
            N.Density(low[i], *theta),
            " instead), so the likelihood of the censored ones is the product below.",
        ),
        (Equation((N.Likelihood(*theta), sp.Product(each, (i, 1, n)), sp.Product(term, (i, 1, n)))),),
        claims=("independent", "censored"),
    )
    loglik = Step(
        "loglik",
        "Log-likelihood",
        prose("The logarithm turns the product into a sum and has the same maximiser."),
        (Equation((N.LogLikelihood(*theta), sp.Sum(sp.log(term), (i, 1, n)))),),
    )
    scores = tuple(
        Step(
            "score",
            prose("Score for ", p),
            prose("Differentiating the log-likelihood with respect to ", p, " gives the score."),
            (Equation((N.Partial(p), sp.Sum(sp.factor_terms(sp.diff(term, p) / term), (i, 1, n)))),),
        )
        for p in theta
    )
    factored = sp.factor_terms(sp.powsimp(term))
    theta_part, data_part = factored.as_independent(low[i], high[i], as_Add=False)
    split = not data_part.free_symbols & set(theta)  # F(hᵢ) − F(lᵢ) = g(θ) a(lᵢ, hᵢ): its log would split
    words = "the parameter" if len(theta) == 1 else "the parameters"
    why = (
        prose(
            "The difference ",
            each,
            f" does not factor into a function of {words} times a function of the bounds, so its logarithm "
            f"does not split into terms each a function of {words} times a sum over the data; symle finds no "
            "closed form, and ",
        )
        if not split
        else prose("No closed form is derived here, and ")
    )
    numeric = Step(
        "numeric",
        "Numeric solution",
        why
        + prose(
            "the log-likelihood is maximised numerically on the data; the observed "
            "information, minus its Hessian at the estimate, gives the standard errors."
        ),
        (),
    )
    return (model_step, likelihood, loglik, *scores, numeric)
