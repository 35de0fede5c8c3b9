"""Data in classes: a histogram's counts, mᵢ observations in the class (aᵢ, bᵢ], their values unknown.

An observation falls in class i with probability pᵢ(θ) = F(bᵢ; θ) − F(aᵢ; θ) = S(aᵢ; θ) − S(bᵢ; θ), so the
counts have the multinomial likelihood ∏ pᵢ(θ)^{mᵢ} (up to the multinomial coefficient, free of θ). The
grouped model is a model of (a, b, m) whose density is (S(a) − S(b))^m, with the lower bound a as its
variable and b, m known per class (covariates), so the likelihood, score and solving stages take it as it
is; S is the catalogue's or SymPy's integral of f, as for censoring (symle.model.censoring)."""

from __future__ import annotations

import dataclasses

import sympy as sp

from symle.budget import Budget
from symle.errors import ModelError, named
from symle.model.censoring import survival_of
from symle.model.model import Grouping, Model

BOUNDS = ("a", "b")  # the names of a class's lower and upper bounds
COUNT = "m"  # the name of a class's count


def group(model: Model, budget: Budget) -> Model:
    """The model of counts in classes (a, b] of observations from `model` (continuous, one sample)."""
    if model.conditional or model.censoring is not None or model.weighting is not None:
        raise ModelError(
            f"{named('classes')} applies to one sample of a family or density, without {named('censored')} or "
            f"{named('weights')}"
        )
    if model.discrete:
        raise ModelError(
            f"{named('classes')}: {model.name} is discrete; give its values with their counts instead "
            f"(fit {named('counts')})"
        )
    names = {p.name for p in (*model.parameters, *model.known_parameters)} | {model.var.name}
    taken = sorted(names & {*BOUNDS, COUNT})
    if taken:
        raise ModelError(
            f"{named('classes')}: the classes' bounds a, b and counts m are written with the names {', '.join(taken)}, "
            f"which {model.name} uses already"
        )
    survival, source = survival_of(model, budget, named("classes"))
    x = model.var
    a, b = (sp.Symbol(name, real=True) for name in BOUNDS)
    m = sp.Symbol(COUNT, positive=True)
    probability = survival.xreplace({x: a}) - survival.xreplace({x: b})
    display = model.display if model.display is not None else model.density
    grouping = Grouping(a, b, m, model.density, display, sp.Integer(1) - survival, source, x)
    return dataclasses.replace(
        model,
        density=probability**m,
        display=sp.Pow(probability, m, evaluate=False),
        var=a,
        covariates=(b, m),
        grouping=grouping,
    )
