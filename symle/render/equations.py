"""Equations as LaTeX align rows (broken across lines when long), inline LaTeX and one-line text."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import sympy as sp

from symle.algebra.printing import latex, text
from symle.render.linebreak import equation_rows
from symle.stages.step import Equation, Step

RELATIONS_LATEX = {"=": "=", "<": "<", ">": ">", "<=": r"\le", ">=": r"\ge"}
RELATIONS_TEXT = {"=": "=", "<": "<", ">": ">", "<=": "≤", ">=": "≥"}


def equation_latex(equation: Equation) -> list[str]:
    """An equation chain as align rows: 'lhs &= a', '&= b' (each on its own row); a part too long
    for the line is broken at its + and - signs (symle.render.linebreak). A side condition (the
    support) ends the last row after a comma, as a textbook sets it: f(x; λ) = λe^{−λx}, x > 0."""
    rows = equation_rows(equation.parts, equation.relations)
    if equation.condition is not None:
        rows[-1] += r", \quad " + latex(equation.condition)
    return rows


def _chain(equation: Equation, show: Callable[[sp.Basic], str], relations: Mapping[str, str]) -> str:
    """An equation chain on one line, each part shown by `show`, joined by its relations."""
    parts = [show(p) for p in equation.parts]
    out = parts[0]
    for relation, part in zip(equation.relations, parts[1:], strict=True):
        out += f" {relations[relation]} {part}"
    return out


def equation_inline_latex(equation: Equation) -> str:
    out = _chain(equation, latex, RELATIONS_LATEX)
    return out if equation.condition is None else out + r", \quad " + latex(equation.condition)


def equation_text(equation: Equation) -> str:
    out = _chain(equation, text, RELATIONS_TEXT)
    return out if equation.condition is None else out + ",  " + text(equation.condition)


def step_latex(step: Step) -> str:
    """All equations of a step as one LaTeX string (the JSON's steps[].latex)."""
    rows = [row for equation in step.equations for row in equation_latex(equation)]
    if not rows:
        return ""
    return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"
