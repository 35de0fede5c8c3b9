"""A worksheet problem on censored lifetimes (`censored = true`): its statement says how the data are
censored, and its parts are those that apply (the observed information in place of the Fisher
information, whose expectation would run over censoring times the model leaves unspecified)."""

from __future__ import annotations

import sympy as sp

from symle.algebra.printing import text as plain_text
from symle.derivation import Derivation
from symle.stages.restricted import unknowns
from symle.stages.step import Prose, chain, formula, listed, prose


def censored_statement(derivation: Derivation) -> Prose:
    """Let (t₁, δ₁), …, (tₙ, δₙ) be independent lifetimes ..., δᵢ 1 for an observed failure, 0 for a
    right- (left-) censored one; the density f and its survival function below."""
    model = derivation.model
    c = model.censoring
    assert c is not None
    t, d = plain_text(model.var), plain_text(c.indicator)
    family = model.family
    origin = f"the {family.title} distribution, with density " if family is not None and not model.typed else "density "
    right = c.kind == "right"
    sentence = prose(
        "Let ",
        formula(f"({t}₁, {d}₁), …, ({t}ₙ, {d}ₙ)"),
        f" be independent lifetimes from {origin}",
        sp.Symbol("f"),
        " below, with unknown ",
        unknowns(model.parameters),
    )
    known = [
        p.symbol if model.known.get(p.name) is None else chain(p.symbol, model.known[p.name])
        for p in model.known_parameters
    ]
    if known:
        sentence += prose("; ", listed(known), " is" if len(known) == 1 else " are", " known")
    return sentence + prose(
        ". The data are ",
        "right-censored" if right else "left-censored",
        ": ",
        formula(f"{d}ᵢ = 1"),
        " when the failure was observed at ",
        formula(f"{t}ᵢ"),
        ", and ",
        formula(f"{d}ᵢ = 0"),
        " when the lifetime is known only to ",
        "exceed " if right else "be below ",
        formula(f"{t}ᵢ"),
        " (censored there). The survival function ",
        sp.Symbol("S"),
        " below is the probability that a lifetime exceeds ",
        model.var,
        ".",
    )


def censored_sample_words(derivation: Derivation) -> Prose:
    """The sample a question is about: the censored pairs (t₁, δ₁), …, (tₙ, δₙ)."""
    model = derivation.model
    assert model.censoring is not None
    t, d = plain_text(model.var), plain_text(model.censoring.indicator)
    return prose("the censored sample ", formula(f"({t}₁, {d}₁), …, ({t}ₙ, {d}ₙ)"))


def observed_question(derivation: Derivation) -> Prose:
    """The information part of a censored problem: the observed information, and why not the expected one."""
    names = listed(p.symbol for p in derivation.model.parameters)
    return prose(
        "Compute the observed information about ",
        names,
        " (minus the second derivative of the log-likelihood) and its value at the estimate. Why is the "
        "Fisher information not used here?",
    )
