"""Prose turned into LaTeX or Markdown text with inline math.

A sentence built as `Prose` (symle.stages.step) keeps its mathematics apart: each piece is set as
$...$ by symle's LaTeX printer, its words escaped. A plain str (a title, a course name, a warning
from older code) has its Unicode mathematics (λ, σ², Σ|xᵢ − μ|, x̄) found and converted; a bar |
is always math there, because in roman type OT1 prints it as an em dash. Words are escaped for
LaTeX (symle.render.unicode_latex: any text compiles) or for Markdown (no character of them is
Markdown syntax), in one pass: the time is linear in the text."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from symle.algebra.printing import latex_inline
from symle.render.equations import equation_prose_latex
from symle.render.unicode_latex import continues_math, is_math_start, math_latex, text_latex
from symle.stages.step import Equation, Math, Prose

# what Markdown (CommonMark, GitHub's, pandoc's) reads as syntax within a line: emphasis, code, links,
# HTML and entities, math, tables, strikeout, super- and subscripts, heading attributes, citations
MARKDOWN_SPECIALS = frozenset("\\`*_[]<>#|$~^&{}@")
_BLOCK_START = re.compile(r"[-+=]|\d{1,9}(?=[.)])")  # a list item or a setext underline at a line's start


def _segments(text: str) -> list[tuple[bool, str]]:
    """The text cut into words and runs of Unicode mathematics, (is math, piece), in one pass: a run
    is letters and digits, parentheses, scripts and accents holding at least one math character,
    starting at the word it is in (2πσ², Σ|xᵢ − μ|); a ) it does not open stays outside it."""
    pieces: list[tuple[bool, str]] = []
    words = k = 0
    n = len(text)
    while k < n:
        start = k
        if text[k].isascii() and text[k].isalnum():
            while k < n and text[k].isascii() and text[k].isalnum():
                k += 1
            if k == n or not is_math_start(text[k]):
                continue
        elif not is_math_start(text[k]):
            k += 1
            continue
        k += 1
        while k < n and continues_math(text[k]):
            k += 1
        run = text[start:k]
        excess = run.count(")") - run.count("(")
        stripped = run.rstrip(")")
        tail = min(excess, len(run) - len(stripped)) if excess > 0 else 0
        pieces.append((False, text[words:start]))
        pieces.append((True, run[: len(run) - tail]))
        words = k - tail
    pieces.append((False, text[words:]))
    return [(math, piece) for math, piece in pieces if piece]


def _str_segments(text: str, escape: bool) -> list[tuple[bool, str]]:
    """A str as (is a formula, LaTeX) pieces: its Unicode mathematics as formulas, two runs apart by
    one space one formula (Σ|xᵢ − μ|); its words escaped for LaTeX (or for Markdown)."""
    words = text_latex if escape else markdown_words
    out: list[tuple[bool, str]] = []
    formula: list[str] = []  # the formula being built, runs apart by single spaces
    for k, (math, piece) in enumerate(segments := _segments(text)):
        if math:
            formula.append(math_latex(piece))
        elif not (piece == " " and formula and k + 1 < len(segments) and segments[k + 1][0]):
            out.append((True, " ".join(f for f in formula if f)))
            formula = []
            out.append((False, words(piece)))
    out.append((True, " ".join(f for f in formula if f)))
    return out


def _join(pieces: list[tuple[bool, str]], escape: bool) -> str:
    """Words and $formulas$ in a row; two formulas with nothing printed between them kept apart
    ($a$$b$ would be display math): $a${}$b$ in LaTeX, $a$ $b$ in Markdown."""
    out: list[str] = []
    formula_last = False
    for formula, text in pieces:
        if not text:
            continue
        if formula and formula_last:
            out.append("{}" if escape else " ")
        out.append("$" + text + "$" if formula else text)
        formula_last = formula
    return "".join(out)


def markdown_words(text: str) -> str:
    """Words for Markdown: every character Markdown or pandoc could read as syntax (emphasis, links,
    HTML, math, headings, lists) escaped, line breaks and control characters as spaces, invisible
    format characters (bidi marks) dropped; so a title prints as typed and makes nothing."""
    out = []
    for ch in text:
        if ch in MARKDOWN_SPECIALS:
            out.append("\\" + ch)
        elif ch.isprintable() or ch == " ":
            out.append(ch)
        else:
            category = unicodedata.category(ch)
            out.append("" if category in ("Cf", "Cn", "Co", "Cs") else " ")
    return "".join(out)


def formula_latex(part: Math) -> str:
    if isinstance(part.expr, str):
        return math_latex(part.expr)
    if isinstance(part.expr, Equation):
        return equation_prose_latex(part.expr)
    return latex_inline(part.expr)


def _convert(prose: Any, escape: bool) -> str:
    """A `Prose` piece by piece (words escaped, math printed by symle's printer), a str by finding
    its Unicode mathematics; for LaTeX or (escape=False) Markdown."""
    parts = prose.parts if isinstance(prose, Prose) else (str(prose),)
    pieces: list[tuple[bool, str]] = []
    for part in parts:
        pieces.extend([(True, formula_latex(part))] if isinstance(part, Math) else _str_segments(part, escape))
    return _join(pieces, escape)


def latex_text(prose: Any) -> str:
    """Prose as LaTeX text with inline math (λ, σ², Σ|xᵢ − μ|, x̄ in a str found and set as math)."""
    return _convert(prose, escape=True)


def markdown_text(prose: Any) -> str:
    """Prose as Markdown with $...$ math (as pandoc and MathJax read it), its words escaped; at the
    start of a line it starts no block (- 1. x, four spaces)."""
    text = _convert(prose, escape=False).lstrip(" ")
    block = _BLOCK_START.match(text)
    if block is None:
        return text
    at = block.end() if block.group()[0].isdigit() else 0  # 1\. x, \- x
    return text[:at] + "\\" + text[at:]
