"""Textbook conventions both printers share: terms with a plus sign first, the observation first."""

from __future__ import annotations

import sympy as sp

from symle.algebra import notation
from symle.algebra.sample import SampleMax, SampleMean, SampleMin
from symle.algebra.sums import observation_negated


def is_simple(expr: sp.Basic) -> bool:
    """A single symbol-like thing: log x, not log(x)."""
    simple = (sp.Symbol, sp.Indexed, SampleMean, SampleMin, SampleMax, notation.Hat, sp.NumberSymbol)
    return isinstance(expr, simple) or (isinstance(expr, sp.Number) and expr >= 0)


def textbook_order(terms: list[sp.Basic], expr: sp.Basic | None = None) -> list[sp.Basic]:
    """Terms with a plus sign first (n log lambda - lambda sum x_i; x_i - x-bar), else SymPy's order;
    a sum held unevaluated (a display form) keeps the order it was written in."""
    if isinstance(expr, sp.Add) and sp.Add(*expr.args).args != expr.args:
        return list(expr.args)
    return sorted(terms, key=lambda t: t.could_extract_minus_sign())


def data_first(arg: sp.Expr) -> sp.Expr:
    """|med - x_i| is printed |x_i - med| (and |mu - x| as |x - mu|): the observation leads, as in a
    textbook."""
    variable = isinstance(arg, sp.Add) and any(
        t.could_extract_minus_sign() and (-t).is_Symbol and (-t).name in ("x", "y") for t in arg.args
    )
    return -arg if observation_negated(arg) or variable else arg


def _rank(factor: sp.Basic, has_sum: bool) -> int:
    if factor.is_Number:
        return 0
    if factor == sp.Symbol("n", integer=True, positive=True):
        return 1  # n lambda, n alpha log beta: the sample size leads, as in a textbook
    if has_sum and isinstance(factor, sp.log) and not factor.has(sp.Indexed):
        return 3  # sum x_i log p, not log p sum x_i
    return 2


def factor_order(factors: tuple[sp.Basic, ...] | list[sp.Basic], denominator: bool = False) -> list[sp.Basic]:
    """The factors of a product in textbook order: numbers, n, the rest as SymPy orders them, and a
    logarithm of parameters after a sum over the data; in a denominator a parenthesised sum last,
    p(1 - p)."""
    has_sum = any(isinstance(f, (sp.Sum, sp.Product)) for f in factors)

    def key(f: sp.Basic) -> tuple[int, bool]:
        compound = denominator and isinstance(f.as_base_exp()[0], sp.Add)
        return _rank(f, has_sum), compound

    return sorted(factors, key=key)


def simple_denominator(expr: sp.Basic) -> bool:
    """A denominator that an inline fraction a/b needs no parentheses around: b a symbol, a number,
    or a power of one."""
    if isinstance(expr, sp.Pow):
        return is_simple(expr.base) and expr.exp.is_Integer
    return is_simple(expr)
