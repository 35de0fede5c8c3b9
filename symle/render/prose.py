"""Prose with Unicode mathematics (λ, σ², Σ|xᵢ − μ|, x̄) turned into LaTeX text with inline math."""

from __future__ import annotations

import re

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
}
_SUBSCRIPT_DIGITS = dict(zip("₀₁₂₃₄₅₆₇₈₉", "0123456789", strict=True))
_MATH_RUN = re.compile(
    "[A-Za-z0-9]*(?:["
    + "".join(_GREEK_LATEX)
    + "ΣΓ∫∂ℓ≤≥−∈²ᵢₙₘ₍₎₀-₉ᵀ⁻¹⁴ⁿᵃᵖ×\u0304\u0302|][A-Za-z0-9()₀-₉ᵢₙₘ₍₎²ᵀ⁻¹⁴ⁿᵃᵖ\u0304\u0302|]*)+"
)
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
    return "$" + "".join(_SYMBOLS_LATEX.get(ch, ch) for ch in out).strip() + "$"


def latex_text(prose: str) -> str:
    """Prose with Unicode mathematics (λ, σ², Σ|xᵢ − μ|, x̄) as LaTeX text with inline math."""
    escaped = "".join(_ESCAPE.get(ch, ch) for ch in prose)
    converted = _MATH_RUN.sub(lambda m: _math_run(m.group()) if not m.group().isascii() else m.group(), escaped)
    return converted.replace("$ $", " ")
