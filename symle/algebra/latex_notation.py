"""LaTeX of the notation the maximum and profile steps write: the profile estimate β̂(α), the second
derivative d²F/dv², the standard density g(z) of a location and scale family (a mixin of the
printer, kept apart so that latex_printer.py holds the general rules)."""

from __future__ import annotations

from typing import Any

import sympy as sp

from symle.algebra import notation


class NotationLatex:
    """_print_<Class> methods for symle.algebra.notation's Profile, Curvature and Standard."""

    _print: Any
    _print_Hat: Any

    def _print_Curvature(self, expr: sp.Expr) -> str:
        function, variable = expr.args
        return rf"\frac{{d^{{2}}}}{{d {self._print(variable)}^{{2}}}} {self._print(function)}"

    def _print_Standard(self, expr: sp.Expr, exp: str | None = None) -> str:
        z, log = expr.args
        text = (r"\log g" if log else "g") + f"({self._print(z)})"
        return text if exp is None else rf"\left({text}\right)^{{{exp}}}"

    def _print_Profile(self, expr: sp.Expr, exp: str | None = None) -> str:
        symbol, *given = expr.args
        text = self._print_Hat(notation.Hat(symbol)) + "(" + ", ".join(self._print(g) for g in given) + ")"
        return text if exp is None else rf"{text}^{{{exp}}}"
