"""Overleaf leftovers blanked out of a step: `\\begin{aligned}`, alignment `&`, row ends `\\\\`,
`\\displaystyle`, `\\mathopen{}`, `\\nonumber`, `\\label{...}` and the full stop that ends a sentence.

People copy their steps out of an `align` environment, so `\\ell(\\lambda) &= ... \\\\` and
`\\hat\\lambda &= \\frac{1}{\\bar x}. \\\\` are what the checker meets. None of it is mathematics. Each
leftover is replaced by spaces of the same length, so every offset into the step still points at
the character the person typed (an unreadable step names its column). Inside a matrix environment
`&` and `\\\\` separate cells and rows, and are kept.
"""

from __future__ import annotations

import re

_MATRIX = re.compile(r"\\begin\{([pbvBV]?matrix)\}.*?\\end\{\1\}", re.S)
_LAYOUT = re.compile(
    r"\\(?:displaystyle|textstyle|nonumber|notag)(?![A-Za-z])|\\(?:label|tag)\{[^{}]*\}|&"
    # spacing hints as SymPy's LaTeX printer writes them: `\log\mathopen{}\left(...\right)`
    r"|\\math(?:open|close)\s*\{\s*\}"
    # the environments a derivation is aligned in, on one line or over several
    r"|\\(?:begin|end)\{(?:aligned|align|alignat|gathered|gather|split|equation|eqnarray|multline)\*?\}"
    # words set in the mathematics: `\quad \text{(independence)}`, `\text{by independence}`
    r"|(?:\\q?quad\s*)?\\(?:text|textrm|mbox)\s*\{\s*(?:\([^{}]*\)|[A-Za-z.]+\s+[^{}]*)\}"
)
_ROW_END = re.compile(r"\\\\")
# what ends a step after its mathematics: a full stop or comma, then closing `$` and spaces
_TRAILING = re.compile(r"[.,;](?=[\s$]*$)")


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def tidy(text: str) -> str:
    """The step with its layout commands blanked out (same length, same offsets)."""
    kept = [m.span() for m in _MATRIX.finditer(text)]

    def inside(position: int) -> bool:
        return any(a <= position < b for a, b in kept)

    for pattern in (_LAYOUT, _ROW_END):
        for match in reversed(list(pattern.finditer(text))):
            if not inside(match.start()):
                text = _blank(text, *match.span())
    match = _TRAILING.search(text)  # `2.` at the end reads as 2 either way
    if match is not None:
        text = _blank(text, *match.span())
    return text
