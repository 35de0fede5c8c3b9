"""Plain-text conventions after printing: products by juxtaposition as a textbook writes them (2πσ²,
kn, λx, n log λ), powers as superscripts (σ⁴, λ̂², (x_i − μ)²)."""

from __future__ import annotations

import re

SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_MARKS = "\u0302\u0304⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉ₘ₍₎ₙ"
_LEFT = re.compile(rf"[\w{_MARKS}]+$")
_LAST = re.compile(rf"[^\W\d_ΣΠ][{_MARKS}]*$")  # a last name of one letter: λ, σ², λ̂, xₘ
_FIRST = re.compile(rf"^[^\W\d_ΣΠ][{_MARKS}]*(?![\w('])")  # a first one, not a function's name


_PLAIN_TOKEN = re.compile("^(?:[^\\W_][\u0302\u0304]?)+[⁰¹²³⁴⁵⁶⁷⁸⁹]*$|^∞$")


def plain_token(text: str) -> bool:
    """A name or number that reads whole after ^ or _ with no parentheses: x, 2, λ̂, ∞ (not x_i, -1, n/2)."""
    return bool(_PLAIN_TOKEN.match(text))


def superscript(exponent: int) -> str:
    """A positive integer exponent as superscript digits."""
    return str(exponent).translate(SUPERSCRIPTS)


def _separator(left: str, right: str) -> str:
    if not left or not right:
        return "*"
    if right[0] in "0123456789" and not right.startswith("1{"):
        return "·"
    if left[-1] in "0123456789" and (right[0].isalpha() or right[0] == "("):
        number = _LEFT.search(left)
        return "" if number is not None and number.group().isdigit() else " "  # 2π, 2(x - μ); x_1 λ
    if left[-1] == ")" and right[0] == "(":
        return ""
    last = _LAST.search(left)
    before = left[last.start() - 1] if last is not None and last.start() > 0 else " "
    alone = last is not None and not before.isalpha() and before not in "^_"  # not the end of a name or exponent
    return "" if alone and _FIRST.match(right) else " "


def juxtaposed(text: str) -> str:
    """Each * of a product replaced by what a textbook writes: nothing (2π, kn), a space (n log λ,
    (k - 1) Σ ...) or a centred dot between numbers. Powers must already read ^."""
    parts = text.split("*")
    out = parts[0]
    for part in parts[1:]:
        out += _separator(out, part) + part
    return out
