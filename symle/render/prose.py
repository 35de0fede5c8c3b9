"""Prose turned into LaTeX or Markdown text with inline math.

A sentence built as `Prose` (symle.stages.step) keeps its mathematics apart: each piece is set as
$...$ by symle's LaTeX printer, its words escaped. A plain str (a title, a course name, a warning
from older code) has its Unicode mathematics (λ, σ², Σ|xᵢ − μ|, x̄) found and converted; a bar |
is always math there, because in roman type OT1 prints it as an em dash."""

from __future__ import annotations

import re
from typing import Any

from symle.algebra.printing import latex_inline
from symle.render.equations import equation_prose_latex
from symle.stages.step import Equation, Math, Prose

_GREEK_LATEX = {
    ch: "\\" + name
    for name, ch in zip(
        "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi "
        "chi psi omega".split(),
        "αβγδεζηθικλμνξοπρστυφχψω",
        strict=True,
    )
}
_SYMBOLS_LATEX = {
    **_GREEK_LATEX,
    "Σ": "\\sum ",
    "Γ": "\\Gamma ",
    "∫": "\\int ",
    "ⁿ": "^{n}",
    "ᵃ": "^{a}",
    "ᵖ": "^{p}",
    "Π": "\\prod ",
    "≤": "\\le ",
    "≥": "\\ge ",
    "−": "-",
    "ℓ": "\\ell ",
    "∂": "\\partial ",
    "∈": "\\in ",
    "ᵀ": "^{T}",
    "⁻¹": "^{-1}",
    "⁴": "^{4}",
    "×": "\\times ",
    "²": "^{2}",
    "ᵢ": "_{i}",
    "ₙ": "_{n}",
    "ₘ": "_{m}",
    "₍₁₎": "_{(1)}",
    "₍ₙ₎": "_{(n)}",
    "\u0304": "",
    "\u0302": "",
    "′": "'",
    "…": "\\dots ",
    "∞": "\\infty ",
    "√": "\\sqrt ",
    "·": "\\cdot ",
}
_SUBSCRIPT_DIGITS = dict(zip("₀₁₂₃₄₅₆₇₈₉", "0123456789", strict=True))
_MATH_RUN = re.compile(
    "[A-Za-z0-9]*(?:["
    + "".join(_GREEK_LATEX)
    + "ΣΓ∫∂ℓ≤≥−∈²ᵢₙₘ₍₎₀-₉ᵀ⁻¹⁴ⁿᵃᵖ×\u0304\u0302|][A-Za-z0-9()₀-₉ᵢₙₘ₍₎²ᵀ⁻¹⁴ⁿᵃᵖ\u0304\u0302|]*)+"
)
_INLINE = re.compile(r"(\$[^$]*\$)")
_ESCAPE = {  # every TeX special, the backslash first among them: no user text runs as TeX
    "\\": r"\textbackslash{}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "~": r"\~{}",
    "^": r"\^{}",
}


def _math_run(run: str) -> str:
    out = run.replace("₍₁₎", "_{(1)}").replace("₍ₙ₎", "_{(n)}").replace("⁻¹", "^{-1}")
    for ch, digit in _SUBSCRIPT_DIGITS.items():
        out = out.replace(ch, "_{" + digit + "}")
    out = re.sub(r"([A-Za-z])\u0304", r"\\bar{\1}", out)
    out = re.sub(r"(\S)\u0302", r"\\hat{\1}", out)
    out = "".join(_SYMBOLS_LATEX.get(ch, ch) for ch in out).strip()
    # a subscripted name subscripted again (x₁ᵢ, the i-th value of x1) is braced: {x_{1}}_{i}
    out = re.sub(r"(?<![\\{\w])([A-Za-z]_\{\w+\})(?=_\{)", r"{\1}", out)
    return "$" + out + "$"


def _is_math(run: str) -> bool:
    return not run.isascii() or "|" in run


def _run(run: str) -> str:
    """A run of text as math when it is math; a closing parenthesis it does not open stays outside."""
    if not _is_math(run):
        return run
    tail = ""
    while run.endswith(")") and run.count(")") > run.count("("):
        run, tail = run[:-1], ")" + tail
    return _math_run(run) + tail


def _unicode_latex(text: str, escape: bool) -> str:
    """A str's Unicode mathematics found and set as inline math; TeX specials escaped if asked
    (then a bar left in the words is \\textbar, never OT1's em dash)."""
    escaped = "".join(_ESCAPE.get(ch, ch) for ch in text) if escape else text
    converted = _MATH_RUN.sub(lambda m: _run(m.group()), escaped)
    converted = converted.replace("$ $", " ")
    if not escape:
        return converted
    pieces = _INLINE.split(converted)
    return "".join(p if k % 2 else _roman(p) for k, p in enumerate(pieces))


def _roman(words: str) -> str:
    """Words as TeX sets them literally: a bar as a bar, and -- (an option) not an en dash."""
    return words.replace("|", r"\textbar{}").replace("--", "-{}-").replace("--", "-{}-")


def _formula(part: Math) -> str:
    if isinstance(part.expr, str):
        return _math_run(part.expr)
    if isinstance(part.expr, Equation):
        return "$" + equation_prose_latex(part.expr) + "$"
    return "$" + latex_inline(part.expr) + "$"


def _pieces(prose: Prose, escape: bool) -> str:
    """Words escaped, math printed; two formulas side by side kept apart ($a$$b$ would be $$)."""
    out = []
    for k, part in enumerate(prose.parts):
        if isinstance(part, Math):
            if k and isinstance(prose.parts[k - 1], Math):
                out.append("{}" if escape else " ")
            out.append(_formula(part))
        else:
            out.append(_unicode_latex(part, escape=escape))
    return "".join(out)


def latex_text(prose: Any) -> str:
    """Prose as LaTeX text with inline math: a `Prose` piece by piece, a str by finding its
    Unicode mathematics (λ, σ², Σ|xᵢ − μ|, x̄)."""
    if not isinstance(prose, Prose):
        return _unicode_latex(str(prose), escape=True)
    return _pieces(prose, escape=True)


def markdown_text(prose: Any) -> str:
    """Prose as Markdown with $...$ math (as pandoc and MathJax read it)."""
    if not isinstance(prose, Prose):
        return _unicode_latex(str(prose), escape=False)
    return _pieces(prose, escape=False)
