"""Textbook conventions both printers share: terms with a plus sign first, the observation first."""

from __future__ import annotations

import sympy as sp

from symle.algebra import notation
from symle.algebra.sample import SampleMax, SampleMean, SampleMin
from symle.algebra.sums import observation_negated


def is_simple(expr: sp.Basic) -> bool:
    """A single symbol-like thing: log x, not log(x)."""
    return isinstance(expr, (sp.Symbol, sp.Indexed, SampleMean, SampleMin, SampleMax, notation.Hat)) or (
        isinstance(expr, sp.Number) and expr >= 0
    )


def textbook_order(terms: list[sp.Basic]) -> list[sp.Basic]:
    """Terms with a plus sign first (n log lambda - lambda sum x_i; x_i - x-bar), else SymPy's order."""
    return sorted(terms, key=lambda t: t.could_extract_minus_sign())


def data_first(arg: sp.Expr) -> sp.Expr:
    """|med - x_i| is printed |x_i - med|: the observation leads, as in a textbook."""
    return -arg if observation_negated(arg) else arg
