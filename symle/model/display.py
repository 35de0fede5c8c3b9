"""A density as a textbook prints it: (2πσ²)^(-1/2) exp{…}, (k/λ)(x/λ)^(k−1) e^(−(x/λ)^k), kept
unevaluated so SymPy does not rewrite it (its value is the density's; tests check that)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import sympy as sp

from symle.algebra.textbook import negative_power
from symle.model.formula import parse_formula


def _tidy(expr: sp.Basic) -> tuple[sp.Basic, bool]:
    if not expr.args or isinstance(expr, (sp.Symbol, sp.Number)):
        return expr, False
    pairs = [_tidy(a) for a in expr.args]
    args = [a for a, _ in pairs]
    if isinstance(expr, sp.Pow) and isinstance(args[0], (sp.Mul, sp.Add)) and not args[1].is_Integer:
        return sp.Pow(*args, evaluate=False), True
    if any(held for _, held in pairs) and isinstance(expr, (sp.Mul, sp.Add, sp.Pow)):
        return expr.func(*args, evaluate=False), True
    return expr.func(*args), False


def tidy(expr: sp.Basic) -> sp.Basic:
    """Evaluate every part of an unevaluated formula except a power of a compound base with a
    non-integer exponent ((2 pi sigma2)^(-1/2), sqrt(2 pi sigma2)) and what contains one, which
    SymPy would split into sqrt(2) sqrt(pi) sqrt(sigma2)."""
    return _tidy(expr)[0]


def textbook_density(text: str, symbols: Mapping[str, sp.Basic]) -> sp.Expr:
    """A catalogue family's display form, read from its text in the formula syntax with the order of
    its factors kept: each factor evaluated, their product not."""
    with sp.evaluate(False):
        written = parse_formula(text, symbols, "display form")
    factors: list[sp.Basic] = []
    for factor in written.args if isinstance(written, sp.Mul) else (written,):
        tidied = tidy(factor)
        if isinstance(tidied, sp.Rational) and tidied.p != 1:  # (1 + αx)/2: the 2 under the bar
            factors.append(sp.Integer(tidied.p))
            tidied = sp.Rational(1, tidied.q)
        # a reciprocal goes under the fraction bar, 1/(s (1 + e^(...))^2), (1 + αx)/2, e^{-|x - μ|/b}/(2b),
        # but one with a number in it written first stays whole before the rest, (1/(2b)) e^{-|x - μ|/b}
        parts = [sp.Pow(p.q, -1, evaluate=False) if p.is_Rational and p.q != 1 else p for p in sp.Mul.make_args(tidied)]
        below = all(isinstance(p, sp.Pow) and negative_power(p.exp) for p in parts)
        if below and (factors or not any(p.is_Rational for p in sp.Mul.make_args(tidied))):
            factors.extend(parts)
        elif tidied != 1:
            factors.append(tidied)
    if not factors:
        return sp.S.One  # the density 1 (a uniform of width one)
    return sp.Mul(*factors, evaluate=False) if len(factors) > 1 else factors[0]


def with_known(display: sp.Expr, values: Mapping[sp.Basic, sp.Basic]) -> sp.Expr:
    """The display form with known parameters replaced by their values, each factor that holds one
    evaluated again as textbook_density evaluates it (x^(alpha - 1) at alpha = 2 is x, Gamma(2) is 1),
    the product kept in its written order."""
    if not values:
        return display
    factors = []
    for factor in sp.Mul.make_args(display):
        if factor.has(*values):
            with sp.evaluate(False):
                factor = factor.xreplace(dict(values))
            factor = tidy(factor)
        if factor != 1:
            factors.append(factor)
    if len(factors) == 1:
        return factors[0]
    return sp.Mul(*factors, evaluate=False) if factors else sp.Integer(1)


def typed_density(text: str, symbols: Mapping[str, sp.Basic], density: sp.Expr, data: Sequence[sp.Symbol]) -> sp.Expr:
    """A typed density as its author wrote it, factors in the order typed ((x + 1) p^2 (1 - p)^x, a
    constant 1/sqrt(2 pi theta) kept whole, not sqrt(2)/(2 sqrt(pi) sqrt(theta))), when each factor
    stands on its own (no two share a base, at most one number); else its parameter factors first."""
    written = textbook_density(text, symbols)
    factors = sp.Mul.make_args(written)
    bases = [f.as_base_exp()[0] for f in factors if not f.is_Number]
    numbers = [f for f in factors if f.is_Number or isinstance(f, sp.Pow) and f.base.is_Number]
    if len(set(bases)) == len(bases) and len(numbers) <= 1 and not written.has(sp.Float):
        return written
    return factors_first(density, data)


def factors_first(density: sp.Expr, data: Sequence[sp.Symbol]) -> sp.Expr:
    """A typed density with its parameter factors before its data factors, (θ + 1) x^θ as a textbook
    writes it; a quotient keeps its denominator."""
    if not isinstance(density, sp.Mul):
        return density
    numer, denom = sp.fraction(density)
    if denom != 1 or any(f.is_Number for f in sp.Mul.make_args(numer)):
        return density
    factors = numer.as_ordered_factors()
    ordered = sorted(factors, key=lambda f: bool(f.free_symbols & set(data)))
    return sp.Mul(*ordered, evaluate=False) if ordered != list(factors) else density


def substitute_written(expr: sp.Basic, mapping: dict[sp.Basic, sp.Basic]) -> sp.Basic:
    """xreplace for a display form: a part held unevaluated stays held, as written, and a part SymPy
    had put in its own order is evaluated again, so that each is printed at x_i as the density's line
    prints it at x: binomial(r + x_i - 1, x_i), never binomial(-1 + x_i + r, x_i)."""
    if expr in mapping:
        return mapping[expr]
    if not expr.args:
        return expr
    args = [substitute_written(a, mapping) for a in expr.args]
    if args == list(expr.args):
        return expr
    if isinstance(expr, (sp.Add, sp.Mul, sp.Pow)) and expr.func(*expr.args) != expr:
        return expr.func(*args, evaluate=False)
    return expr.func(*args)
