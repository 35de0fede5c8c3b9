"""The model and likelihood steps of several samples (symle.model.samples), each sentence from the model's
facts: which parameters are per group, which shared, and L = ∏ⱼ ∏ᵢ f(x_ji; θ_j, η)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import sympy as sp

from symle.algebra import notation as N
from symle.algebra.sample import n
from symle.model.model import Model
from symle.stages.bounds import model_support
from symle.stages.estimators import Estimator
from symle.stages.likelihood import Likelihood
from symle.stages.samples_notation import sizes
from symle.stages.step import Equation, Prose, Step, chain, listed, prose

j = sp.Symbol("j", integer=True, positive=True)


def _symbol(model: Model, name: str) -> sp.Symbol:
    return next(p.symbol for p in (*model.parameters, *model.known_parameters) if p.name == name)


def _general(model: Model) -> tuple[sp.Expr, ...]:
    """The family's parameters as group j sees them: θ_j for a per-group one, η for a shared one."""
    s = model.samples
    assert s is not None
    single = s.single
    return tuple(
        sp.Symbol(f"{p.name}_j", **p.space.assumptions) if p.name in s.own else p.symbol for p in single.parameters
    )


def samples_model_step(model: Model) -> Step:
    """The groups, their sizes and observations; the density; which parameters are per group and which shared."""
    s = model.samples
    assert s is not None
    single = s.single
    ns = sizes(model)
    x = model.data
    kind = "probability mass function" if model.discrete else "density"
    groups = listed([sp.Integer(g) for g in range(1, s.k + 1)])
    nj = sp.Symbol("n_j", integer=True, positive=True)
    sentence = prose(
        f"There are {s.k} independent samples, ",
        j,
        " = ",
        groups,
        ": sample ",
        j,
        " holds ",
        nj,
        " observations ",
        x[j, 1],
        ", …, ",
        x[j, nj],
        " (sizes ",
        listed(ns),
        f"), each with the {kind} f below",
    )
    own = [sp.Symbol(name) for base in s.own for name in s.names[base]]
    if s.own:
        each = listed([_symbol(single, base) for base in s.own])
        sentence += prose(", whose ", each, " differs from sample to sample (unknown ", listed(own), ")")
    shared = [_symbol(single, name) for name in s.shared]
    if shared and s.own:
        sentence += prose(" and whose ", listed(shared), " is" if len(shared) == 1 else " are", " common to all")
    elif shared:
        sentence += prose(
            ", whose ",
            listed(shared),
            " is" if len(shared) == 1 else " are",
            " common to all: with every parameter shared, the samples are one sample of ",
            sp.Add(*ns),
            " observations",
        )
    known = [p.symbol for p in single.known_parameters]
    if known:
        sentence += prose("; ", listed(known), " is" if len(known) == 1 else " are", " known")
    sentence += prose(".")
    density = single.display if single.display is not None else single.density
    sup = single.support
    condition = None
    if not (sup.lower == sp.S.NegativeInfinity and sup.upper == sp.S.Infinity and not sup.discrete):
        condition = model_support(single)
    equation = Equation((N.Density(single.var, *single.symbols), density), condition=condition)
    return Step("model", "The model", sentence, (equation,), claims=("pmf" if model.discrete else "density", "samples"))


def samples_likelihood_step(likelihood: Likelihood) -> Step:
    """L = ∏ⱼ ∏ᵢ f(x_ji; θ_j, η), then the product written out (its notation rewritten with the page's)."""
    model = likelihood.model
    s = model.samples
    assert s is not None
    i = sp.Symbol("i", integer=True, positive=True)
    each = N.Density(model.data[j, i], *_general(model))
    general = sp.Product(sp.Product(each, (i, 1, sp.Symbol("n_j", integer=True, positive=True))), (j, 1, s.k))
    densities = "probabilities" if model.discrete else "densities"
    sentence = prose(
        "The observations are independent within and between the samples, so the likelihood is the product "
        f"over the samples of the product of each sample's {densities}."
    )
    equation = Equation((N.Likelihood(*model.symbols), general, likelihood.product_form))
    return Step("likelihood", "Likelihood", sentence, (equation,), claims=("independent", "samples"))


def divisor_said(result: Step, model: Model, estimators: Mapping[str, Estimator], biases: Mapping[str, Any]) -> Step:
    """The Result's sentence on a shared estimator S/n whose bias is −cθ/n (c a whole number): its
    expectation (n − c)θ/n, so that S/(n − c) is the unbiased one (the pooled variance: n₁ + n₂ − 2)."""
    s = model.samples
    if s is None:
        return result
    sentence = prose()
    for name in s.shared:
        estimator, bias = estimators.get(name), biases.get(name)
        if estimator is None or estimator.value is None or bias is None:
            continue
        theta = estimator.parameter.symbol
        c = sp.simplify(-bias * n / theta)
        if not (c.is_Integer and c > 0) or n**-1 not in sp.Mul.make_args(estimator.value):
            continue
        hat = N.Hat(theta)
        sentence += prose(
            " The divisor of ",
            hat,
            " is ",
            n,
            ", not ",
            n - c,
            ": its expectation is ",
            chain(N.Bias(hat), (n - c) * theta / n),
            ", so ",
            hat,
            " is biased, and the same sum over ",
            n - c,
            " is unbiased",
        )
    if not sentence:
        return result
    text = result.text if isinstance(result.text, Prose) else prose(result.text)
    return dataclasses.replace(result, text=text + sentence + ".")
