"""Display names: one table from declared names (sigma2, xm, lambda) to LaTeX and to plain text.

Every name a person gives is checked where it is read (symle.model.tokens.check_name: letters,
digits, underscores); the LaTeX of a name that is not one (a bug's) still holds no TeX: any other
character prints as ?."""

from __future__ import annotations

import re

GREEK = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau "
    "upsilon phi chi psi omega"
).split()
GREEK_UNICODE = dict(zip(GREEK, "αβγδεζηθικλμνξοπρστυφχψω", strict=True))
# the LaTeX of each Greek name: the command amsmath defines, and omicron, which has none, as o
GREEK_LATEX = {name: "o" if name == "omicron" else "\\" + name for name in GREEK}
_NOT_NAME = re.compile(r"[^A-Za-z0-9_]")
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
SPECIAL = {"xm": ("x_{m}", "xₘ"), "varepsilon": (r"\varepsilon", "ε")}
# the letters of a variance, whose name with a 2 is its square (sigma2 is σ²); mu2 beside mu1 is μ₂
SQUARED = {"sigma", "tau"}


def _parts(name: str) -> tuple[str, str, str]:
    """(base, power, subscript): sigma2 -> (sigma, 2, ''), mu2 -> (mu, '', 2), x0 -> (x, '', 0),
    b_x1 -> (b, '', x1)."""
    if "_" in name:
        base, _, sub = name.partition("_")
        if base in {f"{letter}2" for letter in SQUARED}:  # sigma2_1: a group's variance, σ₁²
            return base[:-1], "2", sub
        return base, "", sub
    match = re.fullmatch(r"([A-Za-z]+?)(\d+)", name)
    if match and match.group(1) in SQUARED and match.group(2) == "2":
        return match.group(1), "2", ""
    if match:
        return match.group(1), "", match.group(2)
    return name, "", ""


def latex_name(name: str) -> str:
    """sigma2 -> \\sigma^{2}, lambda -> \\lambda, xm -> x_{m}, x0 -> x_{0}, b_x1 -> b_{x_{1}}."""
    if name in SPECIAL:
        return SPECIAL[name][0]
    name = _NOT_NAME.sub("?", name)
    base, power, sub = _parts(name)
    text = GREEK_LATEX[base] if base in GREEK else (base if len(base) == 1 else f"\\mathrm{{{base}}}")
    if sub:
        text += f"_{{{latex_name(sub) if not sub.isdigit() else sub}}}"
    if power:
        text += f"^{{{power}}}"
    return text


def latex_word(name: str) -> str:
    """A name set upright as a word (a function of the parameters the user named): \\mathrm{odds}."""
    return "\\mathrm{" + _NOT_NAME.sub("?", name).replace("_", "\\_") + "}"


def latex_base(name: str) -> tuple[str, str]:
    """The LaTeX of a name split into base and power, so a hat goes on the base: hat sigma^2."""
    if name in SPECIAL:
        base, _, sub = SPECIAL[name][0].partition("_")
        return base, f"_{sub}" if sub else ""
    base, power, sub = _parts(name)
    if power:
        return latex_name(base), f"^{{{power}}}"
    if sub:
        return latex_name(base), f"_{{{latex_name(sub) if not sub.isdigit() else sub}}}"
    return latex_name(name), ""


def text_name(name: str) -> str:
    """sigma2 -> σ², lambda -> λ, xm -> xₘ, x0 -> x₀."""
    if name in SPECIAL:
        return SPECIAL[name][1]
    base, power, sub = _parts(name)
    text = GREEK_UNICODE.get(base, base)
    if sub:
        text += sub.translate(_SUBSCRIPTS) if sub.isdigit() else "_" + text_name(sub)
    if power:
        text += "²"
    return text
