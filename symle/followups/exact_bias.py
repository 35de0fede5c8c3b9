"""Exact bias beyond polynomials in sums: powers of a gamma-distributed sum, and order statistics.

A sum T = Σ t(x_i) whose terms have the Laplace transform (β/(β + s))^a is Gamma(n a, β), so
E[T^p] = Γ(n a + p)/(Γ(n a) β^p) for any power p: the exponential's 1/x̄ (bias λ/(n − 1)), the
gamma's rate given its shape, the Rayleigh's and half-normal's square roots. The smallest and
largest observations have E[x_(1)] = lower + ∫ (1 − F)^n and E[x_(n)] = upper − ∫ F^n: the
uniform's x_(n) (bias −θ/(n + 1)), the Pareto's and the shifted exponential's x_(1). Where
t(X) − t(L) is exponential above the support's lower end L, Σ(t(x_i) − t(x_(1))) is Gamma(n − 1, β)
(the spacings of exponential observations, Rényi's representation): the shifted exponential's
λ̂ = n/Σ(x_i − x_(1)) (bias 2λ/(n − 2)), the Pareto's α̂ = n/Σ log(x_i/x_(1))."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symle.algebra.sample import SampleMax, SampleMaxAbs, SampleMin, n
from symle.algebra.sums import canonical_sums, is_sample_sum
from symle.budget import Budget
from symle.followups.moments import scalar_form
from symle.model.model import Model

EXACT_SECONDS = 2.0


@dataclass(frozen=True)
class GammaPower:
    """An estimator c T^p whose statistic T is gamma distributed (shape, rate): the facts its
    expectation E[c T^p] = c Γ(shape + p)/(Γ(shape) rate^p) is read from, and said from. `spacings`:
    T sums the distances above the smallest observation (gamma by memorylessness); else T sums
    independent gamma terms of shape `term_shape`."""

    statistic: sp.Expr
    coefficient: sp.Expr
    power: sp.Expr
    shape: sp.Expr
    rate: sp.Expr
    spacings: bool = False
    term_shape: sp.Expr = sp.S.One

    @property
    def mean(self) -> sp.Expr:
        return self.coefficient * sp.gamma(self.shape + self.power) / (sp.gamma(self.shape) * self.rate**self.power)


def gamma_sum(value: sp.Expr, model: Model, budget: Budget) -> GammaPower | None:
    """c T^p, T a sum over the sample whose terms are gamma distributed; None otherwise."""
    expr = canonical_sums(value)
    sums = [s for s in expr.atoms(sp.Sum) if is_sample_sum(s)]
    if len(sums) != 1 or expr.has(SampleMin, SampleMax, SampleMaxAbs) or model.support.discrete:
        return None
    (total,) = sums
    t = sp.Dummy("T", positive=True)
    coefficient, power = _monomial(expr.xreplace({total: t}), t)
    if coefficient is None or coefficient.free_symbols - {n} - set(model.symbols):
        return None
    term = scalar_form(model, total.function)
    if _negative_somewhere(term, model):
        return None  # (at once: the integrals that would show it take seconds)
    shape_rate = _gamma_terms(term, model, budget)
    if shape_rate is None:
        return None
    a, beta = shape_rate
    return GammaPower(total, coefficient, power, n * a, beta, term_shape=a)


def spacings(value: sp.Expr, model: Model, budget: Budget) -> GammaPower | None:
    """c T^p for T = Σ(t(x_i) − t(x_(1))), where t(X) = u(X, L) is exponential with rate β on the
    support above its lower end L (a parameter) and u(x, m) = t(x) − t(m): T is Gamma(n − 1, β)."""
    expr = value  # as written, Σ(x_i − x_(1)): canonical_sums would split it
    sums = [s for s in expr.atoms(sp.Sum) if is_sample_sum(s)]
    low = model.support.lower
    if len(sums) != 1 or not sums[0].has(SampleMin) or not isinstance(low, sp.Symbol) or model.support.discrete:
        return None
    (total,) = sums
    smallest = next(iter(expr.atoms(SampleMin)))
    t = sp.Dummy("T", positive=True)
    coefficient, power = _monomial(expr.xreplace({total: t}), t)
    if coefficient is None or coefficient.has(SampleMin) or coefficient.free_symbols - {n} - set(model.symbols):
        return None
    x, m = model.var, sp.Dummy("m", real=True)
    summand = scalar_form(model, total.function.xreplace({smallest: m}))
    term = summand.xreplace({m: low})
    with budget.guard("the spacings of the sample", cap=EXACT_SECONDS):
        # u(x, m) = t(x) − t(m), with t increasing: the spacings keep their order
        if sp.simplify(summand - term + term.xreplace({x: m})) != 0 or not _increasing(term, x, model):
            return None
        beta = _exponential_rate(term, model)
    if beta is None:
        return None
    return GammaPower(total, coefficient, power, n - 1, beta, spacings=True)


def power_of_gamma_sum(value: sp.Expr, model: Model, budget: Budget) -> sp.Expr | None:
    """E[c T^p] for an estimator c T^p, T a sum over the sample whose terms are gamma distributed."""
    fact = gamma_sum(value, model, budget)
    return None if fact is None else fact.mean


def power_of_spacings(value: sp.Expr, model: Model, budget: Budget) -> sp.Expr | None:
    """E[c T^p] for T = Σ(t(x_i) − t(x_(1))) (see spacings)."""
    fact = spacings(value, model, budget)
    return None if fact is None else fact.mean


def _exponential_rate(term: sp.Expr, model: Model) -> sp.Expr | None:
    """β when t(X) has the density βe^{−βy} on y > 0: the density of X carried over through the
    inverse of t (one root), no integral needed."""
    x, y = model.var, sp.Dummy("y", positive=True)
    roots = sp.solve(sp.Eq(term, y), x)
    if len(roots) != 1:
        return None
    density = sp.simplify(model.density.xreplace({x: roots[0]}) * sp.diff(roots[0], y))
    beta = sp.simplify(density.xreplace({y: 0}))
    if not beta.is_positive or sp.simplify(density - beta * sp.exp(-beta * y)) != 0:
        return None
    return beta


def _increasing(term: sp.Expr, x: sp.Symbol, model: Model) -> bool:
    slope = sp.simplify(sp.diff(term, x))
    inside = {x: model.support.lower + sp.Dummy("gap", positive=True)}
    return bool(slope.is_positive or sp.simplify(slope.xreplace(inside)).is_positive)


def _monomial(expr: sp.Expr, t: sp.Symbol) -> tuple[sp.Expr | None, sp.Expr]:
    """expr = c t^p with c free of t, or (None, 0)."""
    power = sp.simplify(t * sp.diff(expr, t) / expr)
    if power.has(t) or not power.is_Rational or power == 0:
        return None, sp.Integer(0)
    coefficient = sp.simplify(expr / t**power)
    return (None, sp.Integer(0)) if coefficient.has(t) else (coefficient, power)


def _negative_somewhere(term: sp.Expr, model: Model) -> bool:
    """Whether t(x) < 0 at a point inside the support where the density is positive (parameters at
    their trial values): then the sum of the t(x_i) takes negative values, and is not gamma
    distributed, whatever its Laplace transform would show."""
    trial = {p.symbol: p.space.trial for p in (*model.parameters, *model.known_parameters)}
    low, high = (model.support.lower.xreplace(trial), model.support.upper.xreplace(trial))
    quarters = [sp.Rational(k, 4) for k in (1, 2, 3)]
    if low.is_finite and high.is_finite:
        points = [low + q * (high - low) for q in quarters]
    elif low.is_finite:
        points = [low + 2 * q for q in quarters]
    elif high.is_finite:
        points = [high - 2 * q for q in quarters]
    else:
        points = [4 * q - 2 for q in quarters]
    for point in points:
        try:
            value = complex(term.xreplace({model.var: point}).xreplace(trial).evalf())
            density = complex(model.density.xreplace({model.var: point}).xreplace(trial).evalf())
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if value.imag == 0 and density.imag == 0 and density.real > 0 and value.real < 0:
            return True
    return False


def _gamma_terms(term: sp.Expr, model: Model, budget: Budget) -> tuple[sp.Expr, sp.Expr] | None:
    """(a, β) when E[e^{-s t(X)}] = (β/(β + s))^a, from its first two moments, checked whole."""
    x, s = model.var, sp.Dummy("s", positive=True)
    low, high = model.support.lower, model.support.upper
    with budget.guard("the distribution of a sum over the data", cap=EXACT_SECONDS):
        laplace = sp.simplify(sp.integrate(sp.exp(-s * term) * model.density, (x, low, high), conds="none"))
        if laplace.has(sp.Integral):
            return None
        mean = sp.simplify(-sp.diff(laplace, s).subs(s, 0))
        variance = sp.simplify(sp.diff(laplace, s, 2).subs(s, 0) - mean**2)
        if not (mean.is_positive and variance.is_positive):
            return None
        a, beta = sp.simplify(mean**2 / variance), sp.simplify(mean / variance)
        if sp.simplify(laplace - (beta / (beta + s)) ** a) != 0:
            return None
    return a, beta


def order_statistic(value: sp.Expr, model: Model, budget: Budget) -> sp.Expr | None:
    """E[x_(1)], E[x_(n)] or E[max |x_i|] (affine in it), through the distribution function."""
    found = [a for a in value.atoms(SampleMin, SampleMax, SampleMaxAbs)]
    if len(found) != 1 or value.has(sp.Sum):
        return None
    (statistic,) = found
    z = sp.Dummy("z")
    affine = value.xreplace({statistic: z})
    if not (affine.is_polynomial(z) and sp.degree(affine, z) == 1):
        return None
    x, t = model.var, sp.Dummy("t", real=True)
    low, high = model.support.lower, model.support.upper
    with budget.guard("the expectation of an order statistic", cap=EXACT_SECONDS):
        cdf = sp.simplify(sp.integrate(model.density.xreplace({x: t}), (t, low, x), conds="none"))
        if isinstance(statistic, SampleMin) and low.is_finite:
            mean = low + _integral_of_power(1 - cdf, x, low, high)
        elif isinstance(statistic, SampleMax) and high.is_finite:
            mean = high - _integral_of_power(cdf, x, low, high)
        elif isinstance(statistic, SampleMaxAbs) and low == -high:
            mean = high - _integral_of_power(cdf - cdf.xreplace({x: -x}), x, 0, high)  # P(|X| <= x)^n
        else:
            return None
        mean = sp.simplify(sp.powsimp(mean, force=True))
    if mean.has(sp.Integral):
        return None
    return affine.xreplace({z: mean})


def _integral_of_power(base: sp.Expr, x: sp.Symbol, low: sp.Expr, high: sp.Expr) -> sp.Expr:
    """∫ base^n dx, with base first written as one fraction and its power split over the factors
    ((b - x)^n/(b - a)^n): SymPy integrates that form at once."""
    base = sp.factor(sp.together(base))
    integrand = sp.expand_power_base(sp.powsimp(base**n), force=True)
    return sp.integrate(integrand, (x, low, high), conds="none")
