"""Printing entry points: LaTeX, one-line text and SymPy syntax of any expression, in symle's notation."""

from __future__ import annotations

import sympy as sp

from symle.algebra.latex_printer import SymleLatexPrinter
from symle.algebra.notation import _Notation
from symle.algebra.remembered import remembered
from symle.algebra.sample import SampleStatistic, plain
from symle.algebra.signs import region
from symle.algebra.text_layout import juxtaposed
from symle.algebra.text_printer import SymleTextPrinter, SyntaxPrinter
from symle.algebra.textbook import written_out

_LATEX = SymleLatexPrinter()
_TEXT = SymleTextPrinter()
_SYNTAX = SyntaxPrinter()


def printing_context() -> tuple[int, tuple[tuple[sp.Basic, sp.Basic], ...], frozenset[sp.Basic]]:
    """What a print depends on besides its expression: whether it is set inline, the region signs
    are judged in, and the exponentials written out exp{...}."""
    return _LATEX._folding, region(), written_out()


@remembered(printing_context, size=8192)
def latex(expr: sp.Basic) -> str:
    """LaTeX of an expression in symle's notation (remembered: a page's formats print it once)."""
    return _LATEX.doprint(expr)


def latex_inline(expr: sp.Basic) -> str:
    """LaTeX for a line of text (a sentence, a title): fractions written a/b, as in running text."""
    with _LATEX._inline():
        return latex(expr)


def text(expr: sp.Basic) -> str:
    """One-line Unicode text of an expression in symle's notation."""
    return juxtaposed(_TEXT.doprint(expr).replace("**", "^"))


def sympy_syntax(expr: sp.Basic) -> str:
    """SymPy syntax as the JSON prints it: names as declared, x[i], Sum(..., (i, 1, n))."""
    return _SYNTAX.doprint(plain(expr))


def display_rows(rows: list[tuple[str, str]]) -> str:
    """Display mathematics for a notebook (MathJax, KaTeX): LaTeX left and right sides aligned at =."""
    return "$$\\begin{aligned}" + r" \\ ".join(f"{left} &= {right}" for left, right in rows) + r"\end{aligned}$$"


# SymPy's own LaTeX printer (Jupyter's display of an expression) prints symle's statistics and
# notation as the page does, x-bar rather than SampleMean(x); symle's printers use their own method
# names (printmethod), so they never reach these.
SampleStatistic._latex = _Notation._latex = lambda self, printer: latex(self)  # type: ignore[attr-defined]

__all__ = ["display_rows", "latex", "latex_inline", "text", "sympy_syntax", "SymleLatexPrinter", "SymleTextPrinter"]
