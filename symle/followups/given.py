"""A regression's expectations given the covariates: each response's E[g(y) | x] from its own score
identity, and one observation's information from them (the sum over the observations is the sample's)."""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from symle.budget import Budget
from symle.followups.moments import pieces, solve_moments
from symle.model.indicators import cases
from symle.model.model import Model, Parameter
from symle.stages.score import derivative
from symle.stages.step import Prose, listed, prose


def given_covariates(
    model: Model, log_density: sp.Expr, regular: Sequence[sp.Symbol], budget: Budget
) -> tuple[dict[sp.Expr, sp.Expr], frozenset[sp.Symbol]]:
    """What the score identity E[∂ log f/∂θ | x] = 0 of one observation, for each θ, says of the
    expectations of the functions of the response in its score (y, y², ...): a linear system, whose
    solution holds the covariates (a Poisson count with exposure t: E[y | t] = λt), with the symbols
    it leaves free where it fixes only combinations (symle.followups.moments.solve_moments)."""
    unknown: dict[sp.Expr, sp.Symbol] = {}
    parameters = set(model.symbols)
    equations = []
    for symbol in regular:
        total = sp.Integer(0)
        for coefficient, core in pieces(model, derivative(log_density, symbol)):
            if core.free_symbols & parameters:
                return {}, frozenset()  # the response and the parameters inseparable: no linear system
            if core != 1 and core not in unknown:
                unknown[core] = sp.Dummy(f"m{len(unknown) + 1}")
            total += coefficient * (1 if core == 1 else unknown[core])
        equations.append(total)
    return solve_moments(equations, unknown, budget)


def one_observation(
    model: Model, log_density: sp.Expr, regular: tuple[Parameter, ...], budget: Budget
) -> tuple[dict[tuple[str, str], sp.Expr] | None, dict[sp.Expr, sp.Expr], Prose]:
    """One observation's information given its covariates, -E[∂² log f | x] entry by entry (upper
    triangle, by parameter names); the expectations of the response it used that the score identity
    fixes on their own; and, when an entry is not linear in functions of the response whose
    expectations (or their combination there) the score identity fixes, why, in the reader's words.
    With group indicators, each group's (g = 0, g = 1) weighed by its indicator: (1 - g) I₁ + g I₂."""
    if model.groups:
        return _by_group(model, log_density, regular, budget)
    return _one(model, log_density, regular, budget)


def _by_group(
    model: Model, log_density: sp.Expr, regular: tuple[Parameter, ...], budget: Budget
) -> tuple[dict[tuple[str, str], sp.Expr] | None, dict[sp.Expr, sp.Expr], Prose]:
    """One observation's information in each group, weighed by the group's indicator: exact where the
    indicators are 0 or 1, and each group's expectations are a model without indicators."""
    one: dict[tuple[str, str], sp.Expr] = {}
    each: list[tuple[sp.Expr, dict[sp.Expr, sp.Expr]]] = []
    for values, weight in cases(model.groups):
        found, fixed, why = _one(model, log_density.xreplace(values), regular, budget)
        if found is None:
            return None, {}, why
        for key, value in found.items():
            one[key] = one.get(key, sp.Integer(0)) + weight * value
        each.append((weight, fixed))
    # E[y | g] = (1 - g) μ₁ + g μ₂: an expectation every group fixes, weighed likewise
    common = set.intersection(*(set(fixed) for _, fixed in each))
    return one, {core: sp.Add(*(weight * fixed[core] for weight, fixed in each)) for core in common}, prose()


def _one(
    model: Model, log_density: sp.Expr, regular: tuple[Parameter, ...], budget: Budget
) -> tuple[dict[tuple[str, str], sp.Expr] | None, dict[sp.Expr, sp.Expr], Prose]:
    """one_observation for a log-density with no group indicator left in it."""
    related, free = given_covariates(model, log_density, [p.symbol for p in regular], budget)
    one: dict[tuple[str, str], sp.Expr] = {}
    used: dict[sp.Expr, sp.Expr] = {}
    why = prose(
        "the log-likelihood's second derivatives hold the responses in terms whose expectations given the "
        "covariates the score identity does not fix, and symle does not take ",
        integrals(model),
    )
    for r, a in enumerate(regular):
        for b in regular[r:]:
            total = sp.Integer(0)
            for coefficient, core in pieces(model, -derivative(derivative(log_density, a.symbol), b.symbol)):
                if core != 1 and core not in related:
                    return None, used, why
                value = sp.Integer(1) if core == 1 else related[core]
                if core != 1 and not value.free_symbols & free:
                    used[core] = value
                total += coefficient * value
            total = sp.expand(total)
            if total.free_symbols & free:
                return None, used, why
            one[(a.name, b.name)] = total
    return one, used, prose()


def unfixed(what: str, model: Model, integrate: bool) -> Prose:
    """Why a sample's expectation is missing: the score identity does not fix it, and its integrals
    were not found (or not asked for)."""
    return prose(
        f"{what} whose expectations the score identity does not fix, ",
        prose("and SymPy did not find their ", integrals(model), " within the time budget")
        if integrate
        else prose("and they need ", integrals(model), " (derive(..., integrate=True); the command line does)"),
    )


def integrals(model: Model) -> Prose:
    """What an expectation over one observation is taken by: integrals over a density, sums over a
    probability mass function (of the response given the covariates, for a regression)."""
    over = "sums over the probability mass function" if model.discrete else "integrals over the density"
    if model.conditional:
        return prose(over, " of ", model.var, " given ", listed(model.covariates))
    return prose(over)
