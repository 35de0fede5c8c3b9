"""Frequency weights: observation i stands for wᵢ identical observations.

The weighted model's density is f(x; θ)^w, a model of (x, w) in which w is a known positive number per
observation (a covariate), so the likelihood ∏ f(xᵢ; θ)^{wᵢ}, its logarithm Σ wᵢ log f(xᵢ; θ), the score
and the solving stages take it as it is; for whole-number weights it is the likelihood of the expanded
sample, each xᵢ repeated wᵢ times, and of its Σwᵢ observations. Weights need not be whole numbers."""

from __future__ import annotations

import dataclasses

import sympy as sp

from symle.errors import ModelError, named
from symle.model.formula import split_names
from symle.model.model import Model, Weighting

DEFAULT_WEIGHT = "w"  # the weight's name when none is given


def weigh(model: Model, weight: str) -> Model:
    """The model with frequency weights named `weight` (observation i counts wᵢ times)."""
    split_names(weight, named("weights"))
    if model.conditional or model.censoring is not None:
        raise ModelError(
            f"{named('weights')} applies to one sample of a family or density: weighted regressions and "
            f"weighted censored "
            "data are not derived yet"
        )
    names = {p.name for p in (*model.parameters, *model.known_parameters)}
    if weight == model.var.name or weight in names:
        raise ModelError(f"{named('weights')} {weight}: the weight's name is also the variable's or a parameter's")
    w = sp.Symbol(weight, positive=True)
    display = model.display if model.display is not None else model.density
    return dataclasses.replace(
        model,
        density=model.density**w,
        display=sp.Pow(display, w, evaluate=False),
        covariates=(w,),
        weighting=Weighting(w, model.density, display),
    )
