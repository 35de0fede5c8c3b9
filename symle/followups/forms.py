"""Textbook forms of an information or a variance: cancelled, positive lead, (1 - p) rather than (p - 1),
sums of named constants kept whole."""

from __future__ import annotations

import sympy as sp

from symle.algebra.logs import inside_interval, real_logs
from symle.budget import Budget
from symle.errors import BudgetExceeded
from symle.model.model import Parameter

SIMPLIFY_SECONDS = 1.0


def _constants(expr: sp.Expr) -> dict[sp.Expr, sp.Expr]:
    """The innermost sums of constants with a named one among them (1 - gamma, Euler's gamma), each
    with a symbol of its sign to stand for it: simplifying keeps them whole, pi^2 + 6(1 - gamma)^2,
    never 6 gamma^2 + 6 + pi^2 - 12 gamma."""
    found: dict[sp.Expr, sp.Expr] = {}
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Add) and node.is_number and node.atoms(sp.NumberSymbol) and node not in found:
            if not any(isinstance(a, sp.Add) for a in node.args):
                if -node in found:  # gamma - 1 is -(1 - gamma)
                    found[node] = -found[-node]
                else:
                    found[node] = sp.Dummy("c", positive=bool(node.is_positive), negative=bool(node.is_negative))
    return found


def tidy(expr: sp.Expr, parameters: tuple[Parameter, ...], budget: Budget) -> sp.Expr:
    """A cancelled, textbook-signed form: n/(p(1 - p)) rather than -n/(p(p - 1)),
    n(psi'(a) - psi'(a + b)) rather than -n(-psi'(a) + psi'(a + b)); sums of constants kept whole."""
    constants = _constants(expr)
    symbols = {symbol: value for value, symbol in constants.items() if isinstance(symbol, sp.Dummy)}
    try:
        with budget.guard("simplifying the information", cap=SIMPLIFY_SECONDS):
            expr = sp.factor(sp.cancel(sp.together(expr.xreplace(constants)))).xreplace(symbols)
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError, sp.PolynomialError):
        pass
    for p in parameters:
        if p.space.upper == 1:
            expr = _one_minus(expr, p.symbol)
    expr = _one_exponential(expr)
    expr = real_logs(expr, _inside(parameters))
    return _number_inside(_positive_lead(expr)) if constants else _positive_lead(expr)


def _inside(parameters: tuple[Parameter, ...]) -> dict[sp.Symbol, sp.Expr]:
    """Each parameter written over a positive dummy covering its space, narrowed to a restricted
    (declared or inferred) interval: θ of 0 ≤ θ ≤ 2, so that θ - 2 < 0 is known."""
    inside = {}
    for p in parameters:
        lower, upper = sp.nsimplify(p.space.lower), sp.nsimplify(p.space.upper)
        if p.interval is not None:
            lower = lower if p.interval.lower is None else sp.Max(lower, sp.Rational(p.interval.lower))
            upper = upper if p.interval.upper is None else sp.Min(upper, sp.Rational(p.interval.upper))
        where = inside_interval(p.symbol, lower, upper)
        if where is not None:
            inside[p.symbol] = where
    return inside


def _one_exponential(expr: sp.Expr) -> sp.Expr:
    """e^{2μ} e^{σ²} as e^{2μ + σ²}: the exponentials of a product (factoring splits them) as one."""

    def joined(product: sp.Expr) -> sp.Expr:
        exps = [f for f in product.args if isinstance(f, sp.exp) or (f.is_Pow and isinstance(f.base, sp.exp))]
        if len(exps) < 2:
            return product
        exponent = sp.Add(*(f.args[0] if isinstance(f, sp.exp) else f.base.args[0] * f.exp for f in exps))
        rest = [f for f in product.args if f not in exps]
        return sp.Mul(*rest, sp.exp(sp.expand(exponent)))

    return expr.replace(lambda e: isinstance(e, sp.Mul), joined)


def _number_inside(expr: sp.Expr) -> sp.Expr:
    """6 b^2 ((1 - gamma)^2 + pi^2/6)/(pi^2 n) as b^2 (6 (1 - gamma)^2 + pi^2)/(pi^2 n): an integer
    coefficient taken into the one sum whose fractions it clears."""
    coefficient, rest = expr.as_coeff_Mul()
    sums = [f for f in sp.Mul.make_args(rest) if isinstance(f, sp.Add)]
    if not coefficient.is_Integer or coefficient == 1 or len(sums) != 1:
        return expr
    inside = sp.Mul(coefficient, sums[0])  # distributed
    if any(t.as_coeff_Mul()[0].q != 1 for t in sp.Add.make_args(inside)):
        return expr
    return sp.Mul(*(inside if f is sums[0] else f for f in sp.Mul.make_args(rest)))


def _positive_lead(expr: sp.Expr) -> sp.Expr:
    """-c (-a + b) becomes c (a - b): a negative coefficient is absorbed by a negated sum."""
    coefficient, rest = expr.as_coeff_Mul()
    if coefficient >= 0:
        return expr
    factors = list(sp.Mul.make_args(rest))
    for k, f in enumerate(factors):
        if isinstance(f, sp.Add) and f.could_extract_minus_sign():
            factors[k] = -f
            return sp.Mul(-coefficient, *factors)
    return expr


def _one_minus(expr: sp.Expr, p: sp.Symbol) -> sp.Expr:
    """Write the factor (p - 1)^k of a product as (1 - p)^k, moving the sign for odd k."""
    factors = list(sp.Mul.make_args(expr))
    changed = False
    for k, f in enumerate(factors):
        base, power = f.as_base_exp()
        if base == p - 1 and power.is_integer:
            factors[k] = sp.Pow(1 - p, power)
            if power.is_odd:
                factors.append(sp.Integer(-1))
            changed = True
    return sp.Mul(*factors) if changed else expr
