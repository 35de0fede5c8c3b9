"""Group indicators: covariates that are 0 or 1, read off a density that weighs groups by g and 1 − g.

A density written mu1*(1 - g) + mu2*g, or lambda^w*mu^(1 - w), uses the covariate only as the
indicator of a group: it means something only for g in {0, 1}. Several covariates sharing one
complement, mu1*(1 - g1 - g2) + mu2*g1 + mu3*g2, mark one of three groups each (at most one of them
is 1). On such values every function of the covariates is linear in them, f(g) = (1 - g) f(0) + g f(1),
which is how the likelihood stage writes the log-density: g² = g and g(1 - g) = 0 hold by construction,
so that the score equations separate group by group."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import sympy as sp

Group = tuple[sp.Symbol, ...]


def _complement(node: sp.Basic, covariates: Sequence[sp.Symbol]) -> Group | None:
    """The covariates c_1, ..., c_k of a node 1 - c_1 - ... - c_k, in their given order; else None."""
    if not isinstance(node, sp.Add):
        return None
    constant, rest = node.as_coeff_Add()
    if constant != 1:
        return None
    members = []
    for term in sp.Add.make_args(rest):
        coefficient, symbol = term.as_coeff_Mul()
        if coefficient != -1 or symbol not in covariates:
            return None
        members.append(symbol)
    return tuple(c for c in covariates if c in members)


def indicator_groups(
    density: sp.Expr, covariates: Sequence[sp.Symbol], declared: Sequence[str] = ()
) -> tuple[Group, ...]:
    """The groups of indicator covariates the density implies: the members of each complement
    1 - c_1 - ... - c_k in it that also occur outside every complement (g beside 1 - g); and each
    covariate declared an indicator (`g:indicator`: μ + δg) in none of those, a group of its own."""
    groups: list[Group] = []
    for node in sp.preorder_traversal(density):
        group = _complement(node, covariates)
        if group and group not in groups:
            groups.append(group)
    if groups:
        hidden = density.xreplace({1 - sp.Add(*g): sp.Dummy() for g in groups})
        groups = [g for g in groups if all(hidden.has(c) for c in g)]
        # a covariate in two complements (1 - g and 1 - g - h) is no indicator this rule reads
        shared = {c for g in groups for h in groups if h is not g for c in set(g) & set(h)}
        groups = [g for g in groups if not set(g) & shared]
    inferred = {c for g in groups for c in g}
    groups += [(c,) for c in covariates if c.name in declared and c not in inferred]
    return tuple(groups)


def _cases(group: Group) -> list[tuple[dict[sp.Symbol, sp.Expr], sp.Expr]]:
    """The values the group's indicators take together, each with its weight: the base group
    (every member 0) weighed by 1 - c_1 - ... - c_k, member k's group by c_k."""
    zero = {c: sp.Integer(0) for c in group}
    cases = [(zero, 1 - sp.Add(*group))]
    cases += [({**zero, c: sp.Integer(1)}, c) for c in group]
    return cases


def cases(groups: Sequence[Group]) -> list[tuple[dict[sp.Symbol, sp.Expr], sp.Expr]]:
    """Every combination of the groups' cases (one case per group), with its weight, the product of theirs."""
    combined: list[tuple[dict[sp.Symbol, sp.Expr], sp.Expr]] = [({}, sp.Integer(1))]
    for group in groups:
        combined = [({**v, **w}, a * b) for v, a in combined for w, b in _cases(group)]
    return combined


def _linear(expr: sp.Expr, group: Group) -> bool:
    """Already a + Σ b_k c_k: no power or product of the group's members, no member inside a function."""
    return all(sp.diff(expr, a, b) == 0 for a, b in itertools.combinations_with_replacement(group, 2))


def by_group(expr: sp.Expr, groups: Sequence[Group]) -> sp.Expr:
    """The expression written linearly in each group's indicators, equal to it wherever they are
    0 or 1 (at most one member of a group 1): the terms all groups share, plus each group's own
    terms weighed by its indicator, -(1/2) log(2πσ²) - (1 - g)(y - μ₁)²/(2σ²) - g(y - μ₂)²/(2σ²)."""
    for group in groups:
        if _linear(expr, group):
            continue
        cases = [(sp.Add.make_args(expr.xreplace(values)), weight) for values, weight in _cases(group)]
        common = set(cases[0][0]).intersection(*(set(terms) for terms, _ in cases[1:]))
        shared = sp.Add(*(t for t in cases[0][0] if t in common))
        own = [weight * sp.factor_terms(sp.Add(*(t for t in terms if t not in common))) for terms, weight in cases]
        expr = shared + sp.Add(*own)
    return expr


__all__ = ["Group", "by_group", "cases", "indicator_groups"]
