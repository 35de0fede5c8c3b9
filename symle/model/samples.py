"""Several samples: k groups from one family, some parameters per group and some shared.

Group j's observations x_j1, …, x_jn_j have the density f(x; θ_j, η): θ the parameters estimated per group
(μ → μ₁, μ₂), η the shared ones (a common σ²). The k samples are held as one column of observations with
the 0/1 indicators g₂, …, g_k of groups 2..k (group 1 where all are 0), each per-group parameter written
θ₁(1 − g₂ − … − g_k) + θ₂g₂ + … + θ_kg_k: a model of indicator covariates (symle.model.indicators), which
the likelihood, score and solving stages take as it is, the score equations separating group by group.
The page writes it back in the samples' notation (symle.stages.samples_notation)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import sympy as sp

from symle.errors import ModelError, named
from symle.model.display import substitute_written
from symle.model.indicators import indicator_groups
from symle.model.model import Model, Samples
from symle.model.parameter import Parameter

MOST_GROUPS = 12  # a derivation's groups (a fit with more labels is refused: the page would not be read)


def own_name(name: str, j: int) -> str:
    """Group j's copy of a parameter: mu -> mu1, sigma2 -> sigma2_1 (a name ending in a digit keeps it)."""
    return f"{name}_{j}" if name[-1].isdigit() else f"{name}{j}"


def split_samples(model: Model, k: int, shared: Sequence[str]) -> Model:
    """The model of k samples with the `shared` parameters common to all and the others per group."""
    if isinstance(k, bool) or not isinstance(k, int):
        raise ModelError(f"{named('groups')}: the number of groups must be a whole number, not {k!r}")
    if k < 2:
        raise ModelError(
            f"{named('groups')} {k}: several samples need 2 groups or more (one group is one sample: leave out "
            f"{named('groups')})"
        )
    if k > MOST_GROUPS:
        raise ModelError(f"{named('groups')} {k}: at most {MOST_GROUPS} groups are derived")
    if model.conditional or model.censoring is not None:
        what = (
            f"censored lifetimes ({named('censored')})"
            if model.censoring is not None
            else f"frequency-weighted data ({named('weights')})"
            if model.weighting is not None
            else f"counts in classes ({named('classes')})"
            if model.grouping is not None
            else f"a regression ({named('response')}, {named('covariates')})"
        )
        raise ModelError(f"{named('groups')}: several samples are derived for a one-sample family, not for {what}")
    names = [p.name for p in model.parameters]
    for name in shared:
        if name not in names:
            known = " (it is known)" if name in model.known else ""
            raise ModelError(
                f"{named('shared')} {name}: not a parameter of {model.name}{known}; "
                f"its parameters are {', '.join(names)}"
            )
    if len(set(shared)) != len(shared):
        raise ModelError(f"{named('shared')}: a parameter is named twice")
    bounds = model.support.parameters_in_bounds(model.symbols)
    bounding = [p.name for p in model.parameters if p.symbol in bounds and p.name not in shared]
    if bounding:
        raise ModelError(
            f"{named('groups')}: {bounding[0]} bounds the support of {model.name}; per-group estimates from "
            f"each sample's order statistics are not derived (give {named('shared')} {bounding[0]}, or fit each "
            "sample alone)"
        )
    taken = {*names, model.var.name, *model.known}
    letter = next(c for c in "gjhuvw" if not any(f"{c}{j}" in taken for j in range(2, k + 1)))
    indicators = tuple(sp.Symbol(f"{letter}{j}", real=True) for j in range(2, k + 1))
    own = tuple(name for name in names if name not in shared)
    parameters: list[Parameter] = []
    copies: dict[str, tuple[str, ...]] = {}
    mapping: dict[sp.Symbol, sp.Expr] = {}
    for p in model.parameters:
        if p.name in shared:
            parameters.append(p)
            continue
        group = tuple(dataclasses.replace(p, name=own_name(p.name, j)) for j in range(1, k + 1))
        clash = [q.name for q in group if q.name in taken]
        if clash:
            raise ModelError(f"{named('groups')}: group {p.name}'s name {clash[0]} is already a name of {model.name}")
        copies[p.name] = tuple(q.name for q in group)
        parameters.extend(group)
        rest = sp.Add(*(q.symbol * g for q, g in zip(group[1:], indicators, strict=True)))
        mapping[p.symbol] = group[0].symbol * (1 - sp.Add(*indicators)) + rest
    density = model.density.xreplace(mapping)
    display = None if model.display is None else substitute_written(model.display, mapping)
    covariates = indicators if own else ()
    samples = Samples(k, own, tuple(n for n in names if n in shared), copies, indicators, model)
    return dataclasses.replace(
        model,
        density=density,
        display=display,
        parameters=tuple(parameters),
        covariates=covariates,
        groups=indicator_groups(density, covariates) if own else (),
        samples=samples,
    )
