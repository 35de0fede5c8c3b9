"""Expectations by the probability integral transform: fast, exact, and the same on any machine.

Where a continuous density has the form ±H'(x) e^{-H(x)} with H 0 at an end of the support (Weibull,
exponential: H is the cumulative hazard; Gumbel: H = e^{-(x - μ)/β}), T = H(X) is exponential with mean 1, and
E[t^s log^m t] = Γ^{(m)}(1 + s). Where it is F'(x) with F = A/(1 + A) (log-logistic, logistic), U = F(X) is
uniform, and E[u^a (1 - u)^b log^j u log^k (1 - u)] = ∂^j_a ∂^k_b B(a + 1, b + 1). A Hessian's terms, written
in T or U through x = H⁻¹(t) or F⁻¹(u), are such monomials for these families, so their expectations are
derivatives of Γ and B at small integers: π²/6, Euler's γ, no integral taken."""

from __future__ import annotations

import sympy as sp

from symle.budget import Budget
from symle.errors import BudgetExceeded
from symle.model.model import Model
from symle.recent import Recent

TRANSFORM_SECONDS = 2.0  # processor seconds to recognise the form (a simplification, a solve)
TABLE_SECONDS = 2.0  # and for one expectation's terms

_T = sp.Dummy("t", positive=True)  # the exponential reference variable (a Dummy: no name a person gives)
_U, _W = sp.Dummy("u", positive=True), sp.Dummy("w", positive=True)  # the uniform one, and 1 - u, kept apart
_FORMS: Recent[tuple[sp.Basic, ...], tuple[str, sp.Expr] | None] = Recent(256)


def _key(model: Model) -> tuple[sp.Basic, ...]:
    return (model.density, model.var, model.support.lower, model.support.upper)


def reference(model: Model, budget: Budget) -> tuple[str, sp.Expr] | None:
    """("exponential", x(t)) or ("uniform", x(u, w)) with w = 1 - u; None for another form."""
    if model.discrete or model.conditional:
        return None
    key = _key(model)
    if key not in _FORMS:
        try:
            with budget.guard("recognising the density's form", cap=TRANSFORM_SECONDS):
                _FORMS[key] = _hazard(model) or _logistic(model)
        except (BudgetExceeded, NotImplementedError, ValueError, TypeError, ZeroDivisionError):
            return None  # (not kept: a later run with more time may find it)
    return _FORMS[key]


def _inverse(equation: sp.Expr, x: sp.Symbol, value: sp.Expr) -> sp.Expr | None:
    roots = sp.solve(sp.Eq(equation, value), x)
    return roots[0] if len(roots) == 1 else None


def _hazard(model: Model) -> tuple[str, sp.Expr] | None:
    """-H(x), a term of log f whose exponential with ±H' makes the density, H 0 at one end of the
    support: the cumulative hazard (H(lower) = 0, Weibull), or e^{-(x - μ)/β} (H(upper) = 0, Gumbel)."""
    f, x = model.density, model.var
    for term in sp.Add.make_args(sp.expand(sp.expand_log(sp.log(f), force=True))):
        if not term.has(x) or not term.could_extract_minus_sign() or term.has(sp.log):
            continue
        for end, direction, sign in ((model.support.lower, "+", 1), (model.support.upper, "-", -1)):
            start = sp.limit(-term, x, end, direction)
            if not start.is_finite:
                continue
            cumulative = -term - start
            if sp.simplify(f - sign * sp.diff(cumulative, x) * sp.exp(-cumulative)) == 0:
                inverse = _inverse(cumulative, x, _T)
                if inverse is not None:
                    return "exponential", inverse
    return None


def _logistic(model: Model) -> tuple[str, sp.Expr] | None:
    """A density F' with F = A/(1 + A) (or 1/(1 + A)), from its factor (1 + A)⁻²."""
    f, x, lower = model.density, model.var, model.support.lower
    for power in f.atoms(sp.Pow):
        if power.exp != -2 or not power.base.has(x):
            continue
        a = power.base - 1
        for cdf, ratio in ((a / (1 + a), _U / _W), (1 / (1 + a), _W / _U)):
            if sp.limit(cdf, x, lower, "+") == 0 and sp.simplify(f - sp.diff(cdf, x)) == 0:
                inverse = _inverse(a, x, ratio)
                if inverse is not None:
                    return "uniform", inverse
    return None


def transformed_expectation(core: sp.Expr, model: Model, budget: Budget) -> sp.Expr | None:
    """E[core(X)] through the reference variable, or None where the density or the core has another form."""
    found = reference(model, budget)
    if found is None:
        return None
    kind, inverse = found
    try:
        with budget.guard(f"the expectation of {core} by its form", cap=TABLE_SECONDS):
            # (α(u/w)^{1/β}/α)^β is u/w: every symbol here is positive, so powers combine
            # and e^{(μ - x)/s} at x = μ + s log(u/w) is w/u
            written = sp.powdenest(sp.expand_power_base(core.xreplace({model.var: inverse}), force=True), force=True)
            written = sp.powsimp(written.replace(sp.exp, lambda a: sp.exp(sp.expand(a))), force=True)
            value = _exponential(written) if kind == "exponential" else _uniform(written)
            if value is None:
                return None
            return sp.expand(sp.expand_func(value))  # expanded: terms of several cores cancel when combined
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError, ZeroDivisionError):
        return None


def _terms(expr: sp.Expr, symbols: tuple[sp.Symbol, ...]) -> list[tuple[sp.Expr, dict[sp.Basic, sp.Expr]]] | None:
    """expr as Σ c · Π s^a · Π log(s)^j over the symbols: each term's coefficient and its exponents (keyed by
    the symbol for powers, by log(symbol) for powers of logarithms); None for any other term."""
    expanded = sp.expand(sp.powsimp(sp.expand_log(expr, force=True), force=True))
    out = []
    for term in sp.Add.make_args(expanded):
        coefficient, rest = term.as_independent(*symbols, as_Add=False)
        exponents: dict[sp.Basic, sp.Expr] = {}
        for factor in sp.Mul.make_args(rest):
            base, exponent = factor.as_base_exp()
            if base in symbols or isinstance(base, sp.log) and base.args[0] in symbols and exponent.is_Integer:
                exponents[base] = exponents.get(base, sp.Integer(0)) + exponent
            elif factor != 1:
                return None
        out.append((coefficient, exponents))
    return out


def _exponential(expr: sp.Expr) -> sp.Expr | None:
    """E[expr(T)] for T exponential with mean 1: Σ c Γ^{(m)}(1 + s)."""
    terms = _terms(expr, (_T,))
    if terms is None:
        return None
    s = sp.Dummy("s")
    total = sp.Integer(0)
    for coefficient, exponents in terms:
        power, logs = exponents.get(_T, sp.Integer(0)), int(exponents.get(sp.log(_T), 0))
        if not (1 + power).is_positive or logs < 0:
            return None
        total += coefficient * sp.diff(sp.gamma(1 + s), s, logs).xreplace({s: power})
    return total


def _uniform(expr: sp.Expr) -> sp.Expr | None:
    """E[expr(U, 1 - U)] for U uniform on (0, 1): Σ c ∂^j_a ∂^k_b B(a + 1, b + 1)."""
    # 1 + u/w and the like: over a common denominator, u + w is 1
    expr = sp.together(sp.expand_log(expr, force=True)).xreplace({_U + _W: sp.Integer(1)})
    terms = _terms(expr, (_U, _W))
    if terms is None:
        return None
    a, b = sp.Dummy("a"), sp.Dummy("b")
    total = sp.Integer(0)
    for coefficient, exponents in terms:
        p, q = exponents.get(_U, sp.Integer(0)), exponents.get(_W, sp.Integer(0))
        j, k = int(exponents.get(sp.log(_U), 0)), int(exponents.get(sp.log(_W), 0))
        if not ((1 + p).is_positive and (1 + q).is_positive) or j < 0 or k < 0:
            return None
        beta = sp.gamma(a + 1) * sp.gamma(b + 1) / sp.gamma(a + b + 2)
        total += coefficient * sp.diff(beta, a, j, b, k).xreplace({a: p, b: q})
    return total


__all__ = ["reference", "transformed_expectation"]
