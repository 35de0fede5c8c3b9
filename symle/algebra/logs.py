"""Logarithms split only where the signs are proven: log(a b) = log a + log b needs a, b > 0.

SymPy's expand_log(force=True) splits regardless and turns -p^x/(x log(1 - p)) into iπ + ...;
here each factor's sign is decided from the symbols' assumptions and from `inside`, a map that
writes each symbol over positive dummies covering exactly its allowed region (a probability p as
u/(1 + u), an observation of (0, 1) likewise, one of (theta, oo) as theta + w), so that 1 - p > 0
and log(1 - p) < 0 are known. A negative factor is negated (its partner makes the product
positive), and undecided factors stay together under one logarithm. A real power whose exponent
is not a whole number, (1 - x^a)^(b - 1) or (1 - θ²)^(1 - x) over real x, is real only where its base
is not negative, and a density is positive, so its logarithm comes down whatever SymPy can prove."""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

from symle.algebra.domains import Domain


def inside_interval(symbol: sp.Symbol, lower: sp.Expr, upper: sp.Expr) -> sp.Expr | None:
    """The symbol written over a positive dummy so that it ranges exactly over (lower, upper)."""
    if lower.is_finite and upper.is_finite:
        u = sp.Dummy(f"u_{symbol.name}", positive=True)
        return lower + (upper - lower) * u / (1 + u)
    if lower.is_finite:
        return lower + sp.Dummy(f"w_{symbol.name}", positive=True)
    if upper.is_finite:
        return upper - sp.Dummy(f"w_{symbol.name}", positive=True)
    return None


def domain_inside(spaces: Mapping[sp.Symbol, Domain]) -> dict[sp.Symbol, sp.Expr]:
    """Bounded parameters (probabilities) written over positive dummies; the others' assumptions
    already say what there is to say."""
    inside = {}
    for symbol, space in spaces.items():
        if space.bounded:
            inside[symbol] = inside_interval(symbol, sp.nsimplify(space.lower), sp.nsimplify(space.upper))
    return inside


def sign_of(expr: sp.Expr, inside: Mapping[sp.Symbol, sp.Expr]) -> int:
    """+1 or -1 when the assumptions, with every symbol written inside its region, prove the sign
    of expr; else 0."""
    for candidate in (expr, expr.xreplace(inside)):
        if candidate.is_positive:
            return 1
        if candidate.is_negative:
            return -1
    simplified = sp.simplify(expr.xreplace(inside)) if expr.free_symbols & set(inside) else None
    if simplified is not None and simplified.is_positive:
        return 1
    if simplified is not None and simplified.is_negative:
        return -1
    return 0


def expand_log(expr: sp.Expr, inside: Mapping[sp.Symbol, sp.Expr]) -> sp.Expr:
    """log(expr) for a positive expr, split into a sum wherever the signs allow."""
    terms: list[sp.Expr] = []
    undecided: list[sp.Expr] = []
    negatives = 0
    factors: list[sp.Expr] = []
    for factor in sp.Mul.make_args(expr):  # a sum's numeric content apart: log((1 + a x)/2) = log(1 + a x) - log 2
        content, primitive = factor.primitive() if isinstance(factor, sp.Add) else (sp.S.One, factor)
        factors.extend((content, primitive) if content != 1 else (factor,))
    for factor in factors:
        if factor.is_Number:
            negatives += bool(factor.is_negative)
            terms.append(_log_positive(abs(factor), inside))
            continue
        if isinstance(factor, sp.exp):  # log e^z = z: z is real wherever the density is defined
            terms.append(factor.args[0])
            continue
        if _alternating(factor) and sign_of(factor.base, inside) == 0:
            # b^y over whole numbers y of both parities: a density is positive only where b > 0
            terms.append(_log_power(factor, inside))
            continue
        if _real_power(factor, inside):
            terms.append(_log_power(factor, inside))
            continue
        sign = sign_of(factor, inside)
        if sign > 0:
            terms.append(_log_positive(factor, inside))
        elif sign < 0:
            negatives += 1
            if isinstance(factor, sp.Pow) and factor.exp.is_integer:  # |b^k| = |b|^k: log |b| comes down
                terms.append(factor.exp * _log_positive(-factor.base, inside))
            else:
                terms.append(_log_positive(-factor, inside))
        else:
            undecided.append(factor)
    if len(undecided) == 1 and not negatives % 2 and _odd_power(undecided[0]):
        # the one factor whose sign is unknown has the product's, positive; so has the base of its odd
        # power: log(1/(1 - e^(-λ))) = -log(1 - e^(-λ))
        (power,) = undecided
        terms.append(power.exp * _log_positive(power.base, inside))
    elif undecided:
        rest = sp.Mul(*undecided)
        terms.append(sp.log(-rest if negatives % 2 else rest))
    return sp.Add(*terms)


def _real_power(factor: sp.Expr, inside: Mapping[sp.Symbol, sp.Expr]) -> bool:
    """A power b^e with e not a whole number (a parameter, a continuous observation, 1/2) whose base is
    not proven negative: b^e is real only where b >= 0, so on the support, where the density is positive,
    b > 0 and log b^e = e log b."""
    return (
        isinstance(factor, sp.Pow)
        and factor.exp.is_integer is not True
        and not factor.base.is_Number
        and bool(factor.exp.free_symbols or factor.exp.is_Rational)
        and sign_of(factor.base, inside) >= 0
    )


def _odd_power(factor: sp.Expr) -> bool:
    return isinstance(factor, sp.Pow) and factor.exp.is_integer is True and factor.exp.is_odd is True


def _log_power(factor: sp.Pow, inside: Mapping[sp.Symbol, sp.Expr]) -> sp.Expr:
    """log b^e for a positive base: y log(λt) = y log λ + y log t, while (k - 1)(log x - log λ) stays whole."""
    logs = _log_positive(factor.base, inside)
    if isinstance(logs, sp.Add) and not isinstance(factor.exp, sp.Add):
        return sp.Add(*(factor.exp * term for term in logs.args))
    return factor.exp * logs


def _alternating(factor: sp.Expr) -> bool:
    """A power whose exponent runs over whole numbers (a count, y of (λ + t)^y), not only even ones:
    its sign alternates with the exponent unless its base is positive."""
    return (
        isinstance(factor, sp.Pow)
        and bool(factor.exp.free_symbols)
        and factor.exp.is_integer is True
        and factor.exp.is_even is not True
    )


def _log_positive(factor: sp.Expr, inside: Mapping[sp.Symbol, sp.Expr]) -> sp.Expr:
    """log of a factor proven positive: powers and exponentials come down, products split."""
    if isinstance(factor, sp.exp):
        return factor.args[0]
    if isinstance(factor, sp.Pow) and (_real_power(factor, inside) or sign_of(factor.base, inside) > 0):
        return _log_power(factor, inside)
    if isinstance(factor, sp.Mul) and not factor.could_extract_minus_sign():
        return expand_log(factor, inside)
    if factor.is_Number:
        return sp.expand_log(sp.log(factor), force=True)  # log 2pi, log(1/2) = -log 2
    return sp.log(factor)


def real_logs(expr: sp.Expr, inside: Mapping[sp.Symbol, sp.Expr]) -> sp.Expr:
    """log(-θ) - log(θ - 2) as log θ - log(2 - θ): every logarithm whose argument is proven negative on
    the parameter space is written over the negated argument. On the principal branch
    log a = log(-a) + iπ there, so this is exact when the iπ cancel; if they do not, expr stays."""
    negative = {node for node in expr.atoms(sp.log) if sign_of(node.args[0], inside) < 0}
    if not negative:
        return expr
    turn = sp.Dummy("turn")
    real = expr.xreplace({node: sp.log(-node.args[0]) + sp.pi * turn for node in negative})
    if turn in real.free_symbols and sp.cancel(sp.expand(sp.diff(real, turn))) != 0:
        return expr
    turned = {sp.log(-node.args[0]) for node in negative}
    return real.subs(turn, 0).replace(lambda e: isinstance(e, sp.Add), lambda e: _quotient(e, turned))


def _quotient(total: sp.Add, turned: set[sp.Expr]) -> sp.Expr:
    """log θ - log(2 - θ) + r as log(θ/(2 - θ)) + r: a pair of turned logarithms with opposite
    coefficients read as one, the positive one's argument on top."""
    terms = list(total.args)
    for k, first in enumerate(terms):
        c, a = first.as_coeff_Mul()
        if a not in turned or c < 0:
            continue
        for m, second in enumerate(terms):
            d, b = second.as_coeff_Mul()
            if m != k and b in turned and d == -c:
                rest = [t for j, t in enumerate(terms) if j not in (k, m)]
                return sp.Add(c * sp.log(a.args[0] / b.args[0]), *rest)
    return total
