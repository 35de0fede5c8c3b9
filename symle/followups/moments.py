"""Expectations of sums over the sample, E[sum g(x_i)] = n E[g(X)]: score identity or integration."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import sympy as sp

from symle.algebra.sample import i, n
from symle.algebra.sums import is_sample_sum
from symle.budget import Budget
from symle.errors import BudgetExceeded
from symle.model.model import Model
from symle.recent import Recent
from symle.stages.likelihood import Likelihood
from symle.stages.score import derivative

INTEGRATION_SECONDS = 2.0  # processor seconds for all integrals of one derivation together

# E[g(X)] per (density, support, g): the test suite and worksheets derive the same families again and again.
_INTEGRALS: Recent[tuple[sp.Basic, ...], sp.Expr | None] = Recent(1024)  # several a derivation


@dataclass(frozen=True)
class Moments:
    """Known per-observation expectations E[g(X)], keyed by g written in the scalar variable.

    `determined` holds those the score identity fixes without integration; `integration` is the
    budget for expectations not found there (None: no integration, which is slow, so on request)."""

    model: Model
    determined: Mapping[sp.Expr, sp.Expr] = field(default_factory=dict)
    integration: Budget | None = None
    # all the score identity says, also of expectations it fixes only in combination (E[x²] - 3E[x] for
    # the normal with μ = 1.5 known): values in the free symbols `free`, usable where these cancel
    related: Mapping[sp.Expr, sp.Expr] = field(default_factory=dict)
    free: frozenset[sp.Symbol] = frozenset()
    by_form: bool = False  # expectations from the density's form (symle.followups.transform), not integrals


def scalar_form(model: Model, summand: sp.Expr) -> sp.Expr:
    """A summand in x[i] (or x[j], ...) written in the scalar variable x."""
    indexed = {a: model.var for a in summand.atoms(sp.Indexed) if a.base.label == model.data.label}
    return summand.xreplace(indexed)


def pieces(model: Model, scalar: sp.Expr) -> list[tuple[sp.Expr, sp.Expr]]:
    """g(x) = sum of coefficient * core, each core holding x (a constant term has core 1)."""
    out = []
    for term in sp.Add.make_args(sp.expand(scalar)):
        coefficient, core = term.as_independent(model.var, as_Add=False)
        out.append((coefficient, core))
    return out


def linearise(expr: sp.Expr, likelihood: Likelihood, unknown: dict[sp.Expr, sp.Symbol]) -> sp.Expr:
    """E[expr] with every statistic symbol and sample sum replaced by n * m(core), where m(core)
    is a symbol standing for E[core(X)]; `unknown` collects core -> symbol."""
    model = likelihood.model

    def symbol_for(core: sp.Expr) -> sp.Expr:
        if core == 1:
            return sp.Integer(1)
        if core not in unknown:
            unknown[core] = sp.Dummy(f"m{len(unknown) + 1}")
        return unknown[core]

    parameters = set(model.symbols)

    def expected_sum(summand_scalar: sp.Expr) -> sp.Expr:
        if summand_scalar.free_symbols & parameters:
            # a sum that does not separate: its summand is integrated whole against the density
            coefficient, core = summand_scalar.as_independent(model.var, as_Add=False)
            return n * coefficient * symbol_for(sp.factor_terms(sp.together(core)))
        return n * sp.Add(*(c * symbol_for(core) for c, core in pieces(model, summand_scalar)))

    mapping: dict[sp.Basic, sp.Expr] = {s.symbol: expected_sum(s.term) for s in likelihood.statistics}
    replaced = expr.xreplace(mapping)
    return replaced.replace(is_sample_sum, lambda s: expected_sum(scalar_form(model, s.function)))


def score_relations(
    likelihood: Likelihood, regular: Sequence[sp.Symbol], budget: Budget
) -> tuple[dict[sp.Expr, sp.Expr], frozenset[sp.Symbol]]:
    """What E[score] = 0 says of the expectations of the sums' terms (valid for parameters the
    support does not depend on): the score is linear in the sums, so this is a linear system in
    their expectations; its solution, with the symbols it leaves free where it fixes only combinations."""
    unknown: dict[sp.Expr, sp.Symbol] = {}
    equations = [linearise(derivative(likelihood.reduced, s), likelihood, unknown) for s in regular]
    return solve_moments(equations, unknown, budget)


def solve_moments(
    equations: Sequence[sp.Expr], unknown: Mapping[sp.Expr, sp.Symbol], budget: Budget
) -> tuple[dict[sp.Expr, sp.Expr], frozenset[sp.Symbol]]:
    """The linear system of the score identity solved for the expectations (`unknown`: core -> symbol)."""
    if not unknown:
        return {}, frozenset()
    symbols = list(unknown.values())
    try:
        with budget.guard("solving the score identity for the moments", cap=1.0):
            solutions = sp.linsolve([sp.expand(e) for e in equations], symbols)
    except (BudgetExceeded, NotImplementedError, ValueError):
        return {}, frozenset()
    if not isinstance(solutions, sp.FiniteSet) or len(solutions) != 1:
        return {}, frozenset()
    (values,) = solutions.args
    return {core: values[symbols.index(symbol)] for core, symbol in unknown.items()}, frozenset(symbols)


def score_identity(likelihood: Likelihood, regular: Sequence[sp.Symbol], budget: Budget) -> dict[sp.Expr, sp.Expr]:
    """The expectations that E[score] = 0 fixes on their own."""
    related, free = score_relations(likelihood, regular, budget)
    return fixed(related, free)


def fixed(related: Mapping[sp.Expr, sp.Expr], free: frozenset[sp.Symbol]) -> dict[sp.Expr, sp.Expr]:
    """The expectations among `related` that hold none of the free symbols."""
    return {core: value for core, value in related.items() if not value.free_symbols & free}


def expectation(core: sp.Expr, moments: Moments, budget: Budget) -> sp.Expr | None:
    """E[core(X)] for one observation: from the score identity, else by integration (or summation)
    over the support when allowed and within the budget; None when it cannot be had."""
    if core == 1:
        return sp.Integer(1)
    if core in moments.determined:
        return moments.determined[core]
    for known, value in moments.determined.items():
        try:
            with budget.guard("comparing the moments", cap=0.5):
                ratio = sp.powsimp(sp.cancel(core / known))
        except (BudgetExceeded, sp.PolynomialError):
            continue
        if ratio != 0 and not ratio.has(moments.model.var):
            return ratio * value
    if moments.by_form:  # a density of a known form: exact, and the same on any machine
        from symle.followups.transform import transformed_expectation

        return transformed_expectation(core, moments.model, budget)
    if moments.integration is None:
        return None
    return integrate_expectation(core, moments.model, moments.integration)


def integrate_expectation(core: sp.Expr, model: Model, budget: Budget) -> sp.Expr | None:
    """E[core(X)] by SymPy integration (summation for a discrete support), cached per model."""
    key = (
        core,
        model.density,
        model.var,
        model.support.lower,
        model.support.upper,
        sp.true if model.support.discrete else sp.false,
        sp.Tuple(*(model.support.values or ())),
    )
    if key in _INTEGRALS:
        return _INTEGRALS[key]
    x = model.var
    integrand = core * model.density
    support = model.support
    value: sp.Expr | None
    left = budget.cpu_left()
    full = left is None or left >= INTEGRATION_SECONDS - 0.05  # a failure with less time is not final
    try:
        with budget.guard(f"integrating E[{core}]"):
            if support.values is not None:
                value = sp.Add(*(integrand.xreplace({x: v}) for v in support.values))
            elif support.discrete:
                value = sp.summation(integrand, (x, support.lower, support.upper))
            else:
                value = sp.integrate(integrand, (x, support.lower, support.upper))
            value = sp.simplify(value) if not value.has(sp.Integral, sp.Sum, sp.Piecewise) else None
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError, ZeroDivisionError):
        value = None
    if value is not None and (value.has(sp.I, sp.nan, sp.zoo, sp.oo, -sp.oo) or value.has(x)):
        value = None
    if value is not None or full:
        _INTEGRALS[key] = value
    return value


def integration_budget(budget: Budget) -> Budget:
    """The share of the budget that integrals may use, all of them together: processor time, so
    that a busy machine finds the same integrals as an idle one."""
    return budget.share(INTEGRATION_SECONDS)


def expected(expr: sp.Expr, likelihood: Likelihood, moments: Moments, budget: Budget) -> sp.Expr | None:
    """E[expr] for an expression linear in the statistics and sample sums (a Hessian entry)."""
    unknown: dict[sp.Expr, sp.Symbol] = {}
    linear = linearise(expr, likelihood, unknown)
    combined = combination(linear, unknown, moments)
    if combined is not None:
        return combined
    values = {}
    for core, symbol in unknown.items():
        if symbol not in linear.free_symbols:
            continue
        value = expectation(core, moments, budget)
        if value is None:
            return None
        values[symbol] = value
    return linear.xreplace(values)


def combination(linear: sp.Expr, unknown: Mapping[sp.Expr, sp.Symbol], moments: Moments) -> sp.Expr | None:
    """E[expr] from what the score identity says, where the expectations it fixes only in combination
    cancel (E[-x²/σ⁶ + 3x/σ⁶] for the normal with μ = 1.5 known); None where they do not."""
    related = {**moments.related, **moments.determined}
    used = {symbol: related.get(core) for core, symbol in unknown.items() if symbol in linear.free_symbols}
    if any(value is None for value in used.values()):
        return None
    value = sp.expand(linear.xreplace(used))
    return None if value.free_symbols & moments.free else value


__all__ = ["Moments", "expectation", "expected", "score_identity", "scalar_form", "pieces", "i"]
