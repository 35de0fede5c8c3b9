"""The bias of closed-form estimators that are polynomials in sums, by linearity and independence."""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp
from sympy.utilities.iterables import multiset_partitions

from symle.algebra.sample import SampleMax, SampleMaxAbs, SampleMin, n
from symle.algebra.sums import canonical_sums, is_sample_sum
from symle.budget import Budget
from symle.errors import BudgetExceeded
from symle.followups.exact_bias import order_statistic, power_of_gamma_sum, power_of_spacings
from symle.followups.moments import Moments, expectation, scalar_form
from symle.model.formula import parse_expression
from symle.model.model import Model
from symle.stages.estimators import Estimator

BIAS_SECONDS = 3.0
MAX_DEGREE = 4


def _falling(k: int) -> sp.Expr:
    """n (n - 1) ... (n - k + 1): the number of ways to pick k distinct observations in order."""
    return sp.Mul(*(n - j for j in range(k)))


def expected_product(cores: list[sp.Expr], moments: Moments, budget: Budget) -> sp.Expr | None:
    """E[prod_k sum_i u_k(x_i)] for independent, identically distributed observations: a sum over
    the partitions of the factors into groups that share one observation."""
    total = sp.Integer(0)
    for partition in multiset_partitions(list(range(len(cores)))):
        term = _falling(len(partition))
        for block in partition:
            value = expectation(sp.powsimp(sp.Mul(*(cores[k] for k in block))), moments, budget)
            if value is None:
                return None
            term *= value
        total += term
    return total


def as_polynomial(value: sp.Expr) -> tuple[sp.Poly, list[sp.Sum]] | None:
    """The estimator as a polynomial in sums over the sample (no parameters, no order statistics,
    nested sums expanded: the log-normal's σ̂² is quadratic in Σ log xᵢ), with those sums; None when
    it is not one (1/x̄, x₍₁₎, the median)."""
    expr = canonical_sums(value)
    sums = sorted((s for s in expr.atoms(sp.Sum) if is_sample_sum(s)), key=sp.default_sort_key)
    if any(s.function.has(sp.Sum) for s in sums) or expr.atoms(sp.Function) - set().union(
        *(s.atoms(sp.Function) for s in sums)
    ):
        return None
    symbols = [sp.Dummy(f"S{k}") for k in range(len(sums))]
    hidden = expr.xreplace(dict(zip(sums, symbols, strict=True)))
    if not symbols or hidden.has(sp.Sum, sp.Indexed):
        return None
    if not hidden.is_polynomial(*symbols):
        return None
    poly = sp.Poly(hidden, *symbols)
    if poly.total_degree() > MAX_DEGREE:
        return None
    return poly, sums


def polynomial_in_sums(value: sp.Expr, model: Model) -> tuple[sp.Poly, list[sp.Expr]] | None:
    """as_polynomial, with each sum's function of one observation (the moments' scalar form)."""
    found = as_polynomial(value)
    if found is None:
        return None
    poly, sums = found
    return poly, [scalar_form(model, s.function) for s in sums]


def how(estimator: Estimator) -> str:
    """Which exact result gives the estimator's expectation, as bias_of finds it: linear or
    polynomial in sums; the smallest, the largest or both order statistics; a power of a sum of
    spacings above the smallest; else a power of a gamma-distributed sum."""
    value = estimator.value
    if value is None:
        return "none"
    found = as_polynomial(value)
    if found is not None:
        return "linear" if found[0].total_degree() <= 1 else "polynomial"
    low, high = value.has(SampleMin), value.has(SampleMax) or value.has(SampleMaxAbs)
    if low and value.has(sp.Sum):
        return "spacings"
    if low or high:
        return "order statistics" if low and high else "smallest" if low else "largest"
    return "gamma sum"


def bias_of(estimator: Estimator, model: Model, moments: Moments | None, budget: Budget) -> sp.Expr | None:
    """E[theta-hat] - theta, or None when the estimator is not a polynomial in sums or a moment
    it needs cannot be had."""
    if estimator.value is None or estimator.interval is not None:
        return None
    try:
        with budget.guard(f"the bias of the estimator of {estimator.parameter.name}", cap=BIAS_SECONDS):
            found = polynomial_in_sums(estimator.value, model) if moments is not None else None
            if found is None:
                mean = order_statistic(estimator.value, model, budget)
                if mean is None:
                    mean = power_of_gamma_sum(estimator.value, model, budget)
                if mean is None:
                    mean = power_of_spacings(estimator.value, model, budget)
                return None if mean is None else _tidy(mean - estimator.parameter.symbol)
            poly, cores = found
            mean = sp.Integer(0)
            for powers, coefficient in poly.terms():
                factors = [cores[k] for k, power in enumerate(powers) for _ in range(power)]
                value = expected_product(factors, moments, budget) if factors else sp.Integer(1)
                if value is None:
                    return None
                mean += coefficient * value
            return _tidy(mean - estimator.parameter.symbol)
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError):
        return None


def _tidy(bias: sp.Expr) -> sp.Expr:
    """One fraction where that is shorter: λ/(n − 1), −θ/(n + 1)."""
    simplified = sp.factor(sp.cancel(sp.gammasimp(bias)))
    return simplified if sp.count_ops(simplified) <= sp.count_ops(bias) else bias


def biases(
    estimators: Mapping[str, Estimator], model: Model, moments: Moments | None, budget: Budget
) -> dict[str, sp.Expr | None]:
    """Every estimator's bias (None where it cannot be computed): a catalogue family's as its entry
    declares it, else computed."""
    if model.samples is not None and model.samples.own:
        from symle.followups.samples_bias import samples_biases

        return samples_biases(model, dict(estimators), catalogue_bias(model.samples.single), budget)
    known = catalogue_bias(model)
    if known is not None and set(known) == set(estimators):
        return known
    return {name: bias_of(e, model, moments, budget) for name, e in estimators.items()}


def catalogue_bias(model: Model) -> dict[str, sp.Expr | None] | None:
    """A catalogue family's exact biases as its entry declares them (the textbook results, which
    tests/followups/test_catalogue_bias.py checks against `bias_of`), where its estimators are the
    family's own: no parameter known but its constants. None elsewhere."""
    family = model.family
    if model.typed or family is None or len(model.covariates) > 1 or model.known_parameters != family.constants:
        return None
    if model.censoring is not None:  # the declared biases are of a complete sample (λ/(n − 1)), not a censored one
        return None
    if model.samples is not None:  # every parameter shared: one sample of n = n₁ + … + n_k observations
        return None if model.samples.own else catalogue_bias(model.samples.single)
    symbols: dict[str, sp.Basic] = {p.name: p.symbol for p in (*model.parameters, *model.known_parameters)}
    symbols["n"] = n
    values = {p.symbol: model.known[p.name] for p in model.known_parameters if model.known.get(p.name) is not None}
    declared = dict(family.bias)
    return {
        p.name: _tidy(parse_expression(declared[p.name], symbols).xreplace(values)) if p.name in declared else None
        for p in model.parameters
    }
