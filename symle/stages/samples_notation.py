"""The samples' notation on a page of several samples (symle.model.samples).

The stages derive k samples as one column x with group indicators g₂, …, g_k; a textbook writes group
j's observations x_j1, …, x_jn_j. A sum over all n observations of a term holding the indicators is the
sum over each group of the term at that group's indicator values (1 − g₂ is 1 in group 1, 0 elsewhere):
Σ g₂ᵢxᵢ = Σᵢ x₂ᵢ, Σ gᵢ = n₂ and n − Σ gᵢ = n₁; a sum without indicators is the sum over every group, and
n is n₁ + … + n_k. Rewritten values are equal to the derivation's (tests/stages/test_samples.py checks
them on data); a quotient is cancelled where that makes it shorter (Σᵢx₁ᵢ/n₁)."""

from __future__ import annotations

import dataclasses
from typing import Any

import sympy as sp

from symle.algebra.sample import SampleMean, i, n
from symle.model.model import Model
from symle.stages.step import Equation, Math, Prose, Step


def sizes(model: Model) -> tuple[sp.Symbol, ...]:
    """n₁, …, n_k: the groups' sizes."""
    assert model.samples is not None
    return tuple(sp.Symbol(f"n{j}", integer=True, positive=True) for j in range(1, model.samples.k + 1))


def _cases(model: Model) -> list[dict[sp.Basic, sp.Expr]]:
    """Group j's values of the indicators' observations: group 1 all 0, group j ≥ 2 g_j = 1."""
    assert model.samples is not None
    data = [model.covariate_data(g)[i] for g in model.samples.indicators]
    cases: list[dict[sp.Basic, sp.Expr]] = [{d: sp.Integer(0) for d in data}]
    cases += [{d: sp.Integer(1 if d == chosen else 0) for d in data} for chosen in data]
    return cases


def in_groups(expr: Any, model: Model) -> Any:
    """The expression in the samples' notation (equal to it on the data, group by group)."""
    if isinstance(expr, sp.MatrixBase) and model.samples is not None:
        return sp.ImmutableMatrix(expr.applyfunc(lambda entry: in_groups(entry, model)))
    if not isinstance(expr, sp.Basic) or model.samples is None:
        return expr
    x = model.data
    ns = sizes(model)
    cases = _cases(model)

    def regroup(term: sp.Expr, *limits: Any, kind: type = sp.Sum) -> sp.Expr:
        if len(limits) != 1 or tuple(limits[0])[1:] != (1, n):
            return kind(term, *limits)
        index = limits[0][0]  # i, or the j of a sum inside another (x̄ inside σ̂²)
        parts = []
        for j, values in enumerate(cases, start=1):
            here = term.xreplace({k.xreplace({i: index}): v for k, v in values.items()})
            if here == (0 if kind is sp.Sum else 1):
                continue
            if not here.has(index):  # Σᵢ c = n_j c, Πᵢ c = c^n_j
                parts.append(here * ns[j - 1] if kind is sp.Sum else here ** ns[j - 1])
                continue
            here = here.xreplace({x[index]: x[j, index]})
            if kind is sp.Sum and _observation_negative(here, x[j, index]):  # Σ (x₁ᵢ − μ₁), not −Σ (μ₁ − x₁ᵢ)
                parts.append(-kind(-here, (index, 1, ns[j - 1])))
                continue
            parts.append(kind(here, (index, 1, ns[j - 1])))
        return sp.Add(*parts) if kind is sp.Sum else sp.Mul(*parts)

    def product(term: sp.Expr, *limits: Any) -> sp.Expr:
        return regroup(term, *limits, kind=sp.Product)

    def mean(arg: sp.Basic) -> sp.Expr:
        total = regroup(arg[i], (i, 1, n))
        return total / n

    out = (
        expr.replace(SampleMean, mean).replace(sp.Sum, regroup).replace(sp.Product, product).xreplace({n: sp.Add(*ns)})
    )
    if out == expr:
        return expr
    # a sum in the sizes alone as one fraction: 1 - n₂/(n₁ + n₂) is n₁/(n₁ + n₂)
    out = out.replace(
        lambda e: e.is_Add and not _sizes_part(e, ns).is_polynomial(*ns), lambda e: _sizes_cancelled(e, ns)
    )
    try:
        shorter = sp.cancel(out) if out.is_Mul or out.is_Pow else out
    except (sp.PolynomialError, TypeError, ValueError):
        shorter = out
    split = len(shorter.atoms(sp.Sum)) > len(out.atoms(sp.Sum))  # Σ (a + b) kept whole, never Σ a + Σ b
    return shorter if sp.count_ops(shorter) < sp.count_ops(out) and not split else out


def _observation_negative(term: sp.Expr, observation: sp.Indexed) -> bool:
    """Whether the term's one sum factor holds the observation with a negative sign (μ − x, (μ − x)/σ²)."""
    sums = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.Add) and f.has(observation)]
    if len(sums) != 1:
        return False
    signs = [t.could_extract_minus_sign() for t in sums[0].args if t.has(observation)]
    return len(signs) == 1 and signs[0]


def _sizes_part(expr: sp.Add, ns: tuple[sp.Symbol, ...]) -> sp.Expr:
    """The terms of a sum in the sizes alone."""
    return sp.Add(*(t for t in expr.args if t.free_symbols <= set(ns)))


def _sizes_cancelled(expr: sp.Add, ns: tuple[sp.Symbol, ...]) -> sp.Expr:
    """The sum with its terms in the sizes alone as one fraction (αψ′(α) + n₂/(n₁ + n₂) − 1 → αψ′(α) − n₁/(n₁ + n₂))."""
    part = _sizes_part(expr, ns)
    return sp.cancel(part) + sp.Add(*(t for t in expr.args if not t.free_symbols <= set(ns)))


def _math(part: Any, model: Model) -> Any:
    if not isinstance(part, Math) or isinstance(part.expr, str):
        return part
    if isinstance(part.expr, Equation):
        return Math(_equation(part.expr, model))
    return Math(in_groups(part.expr, model))


def _equation(equation: Equation, model: Model) -> Equation:
    parts = tuple(in_groups(p, model) for p in equation.parts)
    # a form that became the same as the one before it is said once
    kept = [0, *(k for k in range(1, len(parts)) if parts[k] != parts[k - 1] or equation.relations[k - 1] != "=")]
    relations = tuple(equation.relations[k - 1] for k in kept[1:])
    condition = in_groups(equation.condition, model)
    return Equation(tuple(parts[k] for k in kept), relations, condition)


def step_in_groups(step: Step, model: Model) -> Step:
    """A step with its equations and the mathematics of its sentence in the samples' notation."""
    text = step.text
    if step.kind == "fisher" and "covariates" in text:  # the expectation is each sample's, with its parameters
        text = Prose(
            "The Fisher information is minus the expected Hessian of the log-likelihood, each observation's "
            "expectation taken under its own sample's parameters."
        )
    if isinstance(text, Prose):
        text = Prose(*(_math(p, model) for p in text.parts))
    equations = tuple(_equation(e, model) for e in step.equations)
    return dataclasses.replace(step, text=text, equations=equations)
