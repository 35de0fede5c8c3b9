"""Equations as LaTeX align rows (broken across lines when long), inline LaTeX and one-line text."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence

import sympy as sp

from symle.algebra.printing import latex, latex_inline, printing_context, text
from symle.algebra.remembered import remembered
from symle.algebra.textbook import exponentials_written_out, fewer_fractions
from symle.model.model import Model
from symle.render.linebreak import equation_rows
from symle.stages.likelihood import signs_of
from symle.stages.step import Equation, Step

MARKDOWN_LINE = 100  # characters: a longer equation is set over several aligned lines in Markdown
_NO_LINE_START = ("-", "+", "*", "#", ">", "=", "|", "\\\\")  # a Markdown line could read these as its own syntax
RELATIONS_LATEX = {"=": "=", "<": "<", ">": ">", "<=": r"\le", ">=": r"\ge"}
RELATIONS_TEXT = {"=": "=", "<": "<", ">": ">", "<=": "≤", ">=": "≥"}


def sign_shown(expr: sp.Basic, negative: bool) -> sp.Basic:
    """A quotient claimed negative (or positive) written so that its sign shows: n/((p - 1) p) < 0
    is -n/(p (1 - p)) < 0, one factor (a - 1) of an odd power turned into -(1 - a). Equal by
    construction; the expression itself when no such factor exists."""
    if not isinstance(expr, sp.Mul) or expr.could_extract_minus_sign() == negative:
        return expr
    numer, denom = sp.fraction(expr)
    for part, place in ((denom, "denom"), (numer, "numer")):
        for factor in sp.Mul.make_args(part):
            base, power = factor.as_base_exp()
            if isinstance(base, sp.Add) and base.could_extract_minus_sign() is False and power.is_odd:
                constant = [t for t in base.args if t.is_Number]
                if not constant or constant[0] > 0:
                    continue  # only p - 1 turns into -(1 - p): 1 - p is already the textbook's
                flipped = sp.Pow(-base, power)
                if place == "denom":
                    return -numer / (sp.Mul(*(f for f in sp.Mul.make_args(denom) if f != factor)) * flipped)
                return -(sp.Mul(*(f for f in sp.Mul.make_args(numer) if f != factor)) * flipped) / denom
    return expr


def _fewer(part: sp.Basic) -> sp.Basic:
    if isinstance(part, sp.MatrixBase):
        return part.applyfunc(fewer_fractions)
    return fewer_fractions(part) if isinstance(part, sp.Expr) else part


@remembered(printing_context, size=4096)
def _signs_shown(equation: Equation) -> Equation:
    """The equation as printed: sums with fewer fractions (symle.algebra.textbook.fewer_fractions)
    and the part before '< 0' or '> 0' with its sign in view."""
    parts = [_fewer(p) if p.has(sp.Sum) else p for p in equation.parts]
    relations = list(equation.relations)
    for k, relation in enumerate(relations):
        if relation in ("<", ">") and parts[k + 1] == 0:
            parts[k] = sign_shown(parts[k], relation == "<")
    # a part that prints as the one before it ("= ∏(…) = ∏(…)") says nothing: it goes
    for k in range(len(parts) - 1, 0, -1):
        if relations[k - 1] == "=" and latex(parts[k]) == latex(parts[k - 1]):
            del parts[k], relations[k - 1]
    return dataclasses.replace(equation, parts=tuple(parts), relations=tuple(relations))


def equation_latex(equation: Equation, flip: bool = False) -> list[str]:
    """An equation chain as align rows: 'lhs &= a', '&= b' (each on its own row); a part too long
    for the line is broken at its + and - signs (symle.render.linebreak). A side condition (the
    support) ends the last row after a comma, as a textbook sets it: f(x; λ) = λe^{−λx}, x > 0."""
    equation = _signs_shown(equation)
    rows = equation_rows(equation.parts, equation.relations, flip=flip)
    if equation.condition is not None:
        rows[-1] += r", \quad " + latex(equation.condition)
    return rows


def equations_latex(equations: Sequence[Equation]) -> list[str]:
    """A step's equations as align rows sharing one column: when one a = 0 is written 0 = a (too
    long), every a = 0 of the step is, so that their sides line up."""
    rows = [equation_latex(e) for e in equations]
    if any(r and r[0].startswith("0 &=") for r in rows):
        rows = [equation_latex(e, flip=True) for e in equations]
    return [row for r in rows for row in r]


def _chain(equation: Equation, show: Callable[[sp.Basic], str], relations: Mapping[str, str]) -> str:
    """An equation chain on one line, each part shown by `show`, joined by its relations."""
    parts = [show(p) for p in equation.parts]
    out = parts[0]
    for relation, part in zip(equation.relations, parts[1:], strict=True):
        out += f" {relations[relation]} {part}"
    return out


def equation_prose_latex(equation: Equation) -> str:
    """An equation inside a sentence or a title, on one line, fractions written a/b as in running text."""
    one = _chain(_signs_shown(equation), latex_inline, RELATIONS_LATEX)
    return one if equation.condition is None else one + ", " + latex_inline(equation.condition)


def equation_inline_latex(equation: Equation) -> str:
    """An equation for a Markdown $$ block: one line when short, else an aligned chain broken as the
    LaTeX document breaks it, each source line under MARKDOWN_LINE characters."""
    one = _chain(_signs_shown(equation), latex, RELATIONS_LATEX)
    if equation.condition is not None:
        one += r", \quad " + latex(equation.condition)
    if len(one) < MARKDOWN_LINE:
        return one
    rows = equation_latex(equation)
    lines = [line for k, row in enumerate(rows) for line in _wrap(row + (r" \\" if k < len(rows) - 1 else ""))]
    return "\\begin{aligned}\n" + "\n".join(lines) + "\n\\end{aligned}"


def _wrap(row: str, limit: int = MARKDOWN_LINE) -> list[str]:
    """A row of LaTeX as source lines under `limit` characters, broken at spaces (TeX reads a line
    break as a space), no line starting with what Markdown could take for its own syntax."""
    lines: list[str] = []
    current: list[str] = []
    for token in row.split(" "):
        if current and len(" ".join([*current, token])) >= limit:
            cut = len(current)  # the next line starts with `token`, or earlier if that would be Markdown
            candidates = [*current, token]
            while cut > 1 and candidates[cut].startswith(_NO_LINE_START):
                cut -= 1
            if cut > 1 or not candidates[cut].startswith(_NO_LINE_START):
                lines.append(" ".join(current[:cut]))
                current = current[cut:]
        current.append(token)
    lines.append(" ".join(current))
    return lines


def equation_text(equation: Equation) -> str:
    out = _chain(_signs_shown(equation), text, RELATIONS_TEXT)
    return out if equation.condition is None else out + ",  " + text(equation.condition)


def step_latex(step: Step) -> str:
    """All equations of a step as one LaTeX string (the JSON's steps[].latex)."""
    rows = equations_latex(step.equations)
    if not rows:
        return ""
    return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"


def equations_as(form: str, equations: Sequence[Equation]) -> list[str]:
    """Equations in the one form a template shows them in: "rows" (LaTeX align rows), "inline"
    (Markdown $$ blocks) or "plain" (text). Only that form is printed: printing is most of the
    time a document takes."""
    if form == "rows":
        return equations_latex(equations)
    if form == "inline":
        return [equation_inline_latex(e) for e in equations]
    return [equation_text(e) for e in equations]


def _outer_exponentials(expr: sp.Basic) -> list[sp.Basic]:
    """The exponentials of expr that are not inside another one."""
    if isinstance(expr, sp.exp):
        return [expr]
    return [e for a in expr.args for e in _outer_exponentials(a)]


def density_kernels(steps: Sequence[Step]) -> tuple[sp.Basic, ...]:
    """The density's exponentials, at x and at each x_i, when the likelihood sets its own exp{...}
    and the density's exponentials are all factors of it (its kernel): exponentials_written_out sets
    them exp{...} on the whole page, so that e^{-|x - mu|/b} and exp{-sum |x_i - mu|/b} never stand
    on one page. An exponential inside a sum (the logistic's 1 + e^{-(x - mu)/s}) keeps e^{...}, and
    so do the others of its density."""
    likelihood = [s for s in steps if s.kind == "likelihood"]
    if not any(r"\exp" in latex(part) for s in likelihood for e in s.equations for part in e.parts[1:]):
        return ()
    kernels: list[sp.Basic] = []
    for step in (*[s for s in steps if s.kind == "model"][:1], *likelihood):
        for part in step.equations[0].parts[1:2]:
            body = part.function if isinstance(part, sp.Product) else part
            outer = _outer_exponentials(body)
            if len(outer) != sum(isinstance(f, sp.exp) for f in sp.Mul.make_args(body)):
                return ()
            kernels.extend(outer)
    return tuple(kernels)


@contextlib.contextmanager
def page(model: Model, steps: Sequence[Step]) -> Iterator[None]:
    """While a model's page is written (its sentences are printed as the template reads them): signs
    judged in the model's region, and the density's exponential set as its likelihood's is."""
    with signs_of(model), exponentials_written_out(density_kernels(steps)):
        yield
