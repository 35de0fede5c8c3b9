"""Phone Unicode turned into the LaTeX subset the readers know, remembering where each character came from.

People type homework on phones: x̄ and λ̂ (a letter and a combining mark), σ², λⁿ, xᵢ, x₍ₙ₎, ∂ℓ/∂λ,
Σ, ∏, √, −, ·, ≤, ⇒. Rather than teach every later stage each of these, one pass rewrites them as the
LaTeX the rest of the checker already reads (x̄ -> \\bar{x}, λ̂ -> \\hat{\\lambda}, σ² -> \\sigma ^{2}).
The rewritten text is longer than the original, so every character keeps the offset it came from:
an unreadable step still names the column the person typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from symle.algebra.names import GREEK

# combining marks (they follow the letter they decorate) -> the LaTeX accent
ACCENTS = {"\u0304": "bar", "\u0305": "bar", "\u0302": "hat", "\u0303": "tilde"}
SUPERSCRIPTS = dict(
    zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ", "0123456789+-=()abcdefghijklmnoprstuvwxyz", strict=True)
)
SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼ", "0123456789+-=()aeoxhklmnpstij", strict=True))
LOWER_GREEK = dict(zip("αβγδεζηθικλμνξοπρστυφχψω", GREEK, strict=True)) | {"ϑ": "theta", "ϕ": "phi", "ϵ": "epsilon"}
SYMBOLS = {
    "Γ": "\\Gamma ",
    "Σ": "\\sum ",
    "∑": "\\sum ",
    "Π": "\\prod ",
    "∏": "\\prod ",
    "ℓ": "\\ell ",
    "ℒ": "L",
    "∂": "\\partial ",
    "√": "\\sqrt ",
    "−": "-",
    "–": "-",
    "‐": "-",
    "·": "\\cdot ",
    "⋅": "\\cdot ",
    "∙": "\\cdot ",
    "×": "\\times ",
    "∗": "*",
    "÷": "/",
    "⁄": "/",
    "′": "'",
    "’": "'",
    "″": "''",
    "‴": "'''",
    "≤": "\\le ",
    "⩽": "\\le ",
    "≥": "\\ge ",
    "⩾": "\\ge ",
    "≈": "\\approx ",
    "∝": "\\propto ",
    "⇒": "\\Rightarrow ",
    "⟹": "\\Rightarrow ",
    "→": "\\Rightarrow ",
    "⇔": "\\iff ",
    "⟺": "\\iff ",
    "…": "\\dots ",
    "⋯": "\\dots ",
    "∣": "|",
    "½": "\\tfrac{1}{2}",
    "𝟙": "\\mathbf{1}",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
}


@dataclass(frozen=True)
class Rewritten:
    """Text in the LaTeX subset; `origins[k]` is the offset in the original text of character k,
    `length` the original's length."""

    text: str
    origins: tuple[int, ...]
    length: int

    def origin(self, offset: int) -> int:
        """The original offset of a rewritten one (past the end: the original's end)."""
        if offset >= len(self.origins):
            return self.length
        return self.origins[max(0, offset)]


def _decomposed(char: str) -> tuple[str, str] | None:
    """A precomposed letter with an accent (ȳ, ā, ŷ) as its letter and combining mark."""
    if char.isascii():
        return None
    parts = unicodedata.normalize("NFD", char)
    if len(parts) == 2 and parts[0].isascii() and parts[0].isalpha() and parts[1] in ACCENTS:
        return parts[0], parts[1]
    return None


def _letter(char: str) -> str | None:
    """The LaTeX of a letter a combining mark can decorate: a Latin letter or a Greek one."""
    if char.isascii() and char.isalpha():
        return char
    if char in LOWER_GREEK:
        return f"\\{LOWER_GREEK[char]}"
    return None


def _script(text: str, start: int, table: dict[str, str]) -> tuple[str, int]:
    """A run of superscript (or subscript) characters from `start`: their plain text and its end.
    Unicode has no subscript inside a superscript, so in `pˣⁱ` the ⁱ after a letter is its index."""
    end = start
    while end < len(text) and text[end] in table:
        end += 1
    run = "".join(table[c] for c in text[start:end])
    if table is SUPERSCRIPTS:
        run = re.sub(r"(?<=[a-hk-z])i(?![a-z])", "_{i}", run)
    return run, end


# `n log λ`: a bare log before its argument, as phones write it, is the LaTeX command
_BARE_LOG = re.compile(r"(?<![A-Za-z\\])(log|ln)(?=\s+[^\s(])")


def to_latex(text: str) -> Rewritten:
    """Rewrite the Unicode of one step; text without any is returned unchanged."""
    if text.isascii():
        return Rewritten(text, tuple(range(len(text))), len(text))
    pieces: list[str] = []
    origins: list[int] = []

    def emit(piece: str, origin: int) -> None:
        pieces.append(piece)
        origins.extend([origin] * len(piece))

    position = 0
    while position < len(text):
        char = text[position]
        following = text[position + 1] if position + 1 < len(text) else ""
        letter = _letter(char)
        bare = _BARE_LOG.match(text, position)
        if bare is not None and (position == 0 or not text[position - 1].isalpha()):
            emit(f"\\{bare.group(1)} ", position)
            position = bare.end()
        elif (precomposed := _decomposed(char)) is not None:
            emit(f"\\{ACCENTS[precomposed[1]]}{{{precomposed[0]}}}", position)
            position += 1
        elif letter is not None and following in ACCENTS:
            emit(f"\\{ACCENTS[following]}{{{letter}}}", position)
            position += 2
        elif char in SUPERSCRIPTS:
            run, end = _script(text, position, SUPERSCRIPTS)
            emit(f"^{{{run}}}", position)
            position = end
        elif char in SUBSCRIPTS:
            run, end = _script(text, position, SUBSCRIPTS)
            emit(f"_{{{run}}}", position)
            position = end
        elif letter is not None and not char.isascii():
            emit(f"{letter} ", position)
            position += 1
        elif char in SYMBOLS:
            emit(SYMBOLS[char], position)
            position += 1
        elif char in ACCENTS:  # a mark on something that is not a letter: left for the reader to refuse
            emit(char, position)
            position += 1
        else:
            emit(char, position)
            position += 1
    return Rewritten("".join(pieces), tuple(origins), len(text))


def parameter_name(text: str) -> str:
    """A label's parameter without its Unicode (`σ²` -> `sigma2`, `λ̂` -> `lambda`)."""
    out = []
    for char in unicodedata.normalize("NFD", text):
        if char in ACCENTS:
            continue
        if char in LOWER_GREEK:
            out.append(LOWER_GREEK[char])
        elif char in SUPERSCRIPTS:
            out.append(SUPERSCRIPTS[char])
        elif char in SUBSCRIPTS:
            out.append(SUBSCRIPTS[char])
        else:
            out.append(char)
    return "".join(out)
