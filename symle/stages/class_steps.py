"""The model and likelihood steps of data in classes (symle.model.classes): mᵢ observations in the class
(aᵢ, bᵢ], the class probability pᵢ(θ) = F(bᵢ; θ) − F(aᵢ; θ) and the multinomial likelihood ∏ pᵢ(θ)^mᵢ,
each sentence from the model's facts."""

from __future__ import annotations

import sympy as sp

from symle.algebra import notation as N
from symle.algebra.sample import i, n
from symle.model.model import Model
from symle.stages.bounds import model_support
from symle.stages.likelihood import Likelihood
from symle.stages.restricted import unknowns
from symle.stages.step import Equation, Step, listed, prose
from symle.stages.weighted_steps import with_general


def class_model_step(model: Model) -> Step:
    """f(x; θ) and F(x; θ) = P(X ≤ x) of one observation, what a class holds, and where F comes from."""
    g = model.grouping
    assert g is not None
    x = g.variable
    plain = model.uncensored
    sentence = prose("Each observation has the density f below, with unknown ", unknowns(model.parameters))
    known = [p.symbol for p in model.known_parameters]
    if known:
        sentence += prose("; ", listed(known), " is" if len(known) == 1 else " are", " known")
    a, b, m = (model.covariate_data(s)[i] if s != model.var else model.data[i] for s in (g.lower, g.upper, g.count))
    sentence += prose(
        ". The data are ",
        n,
        " classes with counts, not the observations themselves: class ",
        i,
        " is the interval (",
        a,
        ", ",
        b,
        "] and holds ",
        m,
        " observations (the first class may start at −∞ and the last end at ∞). The distribution function ",
        N.Cdf(x, *model.symbols),
        ", the probability that an observation is at most ",
        x,
        ", is ",
        "1 minus the family's survival function" if g.source == "catalogue" else "the integral of the density",
        ".",
    )
    sup = plain.support
    real_line = sup.lower == sp.S.NegativeInfinity and sup.upper == sp.S.Infinity
    density = Equation((N.Density(x, *model.symbols), g.display), condition=None if real_line else model_support(plain))
    cdf = Equation((N.Cdf(x, *model.symbols), g.cdf))
    return Step("model", "The model", sentence, (density, cdf), claims=("density", "classes"))


def class_likelihood_step(likelihood: Likelihood) -> Step:
    """pᵢ(θ) = F(bᵢ) − F(aᵢ), and L(θ) = ∏ pᵢ(θ)^mᵢ, the multinomial likelihood of the counts."""
    model = likelihood.model
    g = model.grouping
    assert g is not None
    a, b, m = model.data[i], model.covariate_data(g.upper)[i], model.covariate_data(g.count)[i]
    p = N.ClassProbability(i, *model.symbols)
    cdf = g.cdf
    written = cdf.xreplace({g.variable: b}) - cdf.xreplace({g.variable: a})
    sentence = prose(
        "The observations are independent, and each falls in class ",
        i,
        " with probability ",
        p,
        ", so the counts are multinomial and the likelihood is the product of ",
        p**m,
        ", up to the multinomial coefficient, which does not depend on the parameters.",
    )
    probability = Equation((p, N.Cdf(b, *model.symbols) - N.Cdf(a, *model.symbols), written))
    general = sp.Product(p**m, (i, 1, n))
    equation = Equation((N.Likelihood(*model.symbols), general, likelihood.product))
    return Step("likelihood", "Likelihood", sentence, (probability, equation), claims=("independent", "classes"))


def class_loglik_step(plain: Step, model: Model) -> Step:
    """ℓ(θ) = Σ mᵢ log pᵢ(θ), then the log-likelihood as the plain step writes it."""
    g = model.grouping
    assert g is not None
    m = model.covariate_data(g.count)[i]
    general = sp.Sum(m * sp.log(N.ClassProbability(i, *model.symbols)), (i, 1, n))
    return with_general(plain, general)
