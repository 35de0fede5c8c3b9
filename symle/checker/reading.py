"""Reading one step: strip `$`, split at `=`, drop a left-hand side such as `\\hat\\lambda =` or
`\\ell(\\lambda) =`, and read each remaining part as LaTeX or as plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from symle.checker.latex import read_latex
from symle.checker.plain import read_plain
from symle.checker.tokens import MAX_STEP_CHARS, Unreadable, tokenize
from symle.checker.vocabulary import Vocabulary

# Left-hand sides that only name what follows (matched on the text without spaces and `$`).
_NAME_HEADS = (
    r"(?:L|\\mathcal\{?L\}?|\\ell|\\ell_\{?n\}?|l|\\log\{?L\}?|\\ln\{?L\}?|logL|lnL|loglik|ℓ)(?:\(.*\))?",
    r"(?:S|U|s|u|\\ell'|l'|\\ell\^\{?\\prime\}?|score)(?:\(.*\))?",
    r".*\\partial.*|\\frac\{d.*\}\{d.*\}|d(?:\\ell|l|L)/d.*",
    r"(?:I|I_\{?n\}?|\\mathcal\{?I\}?(?:_\{?n\}?)?|J|J_\{?n\}?|i_\{?n\}?|fisher)(?:\(.*\))?",
    r"(?:\\operatorname|\\mathrm|\\text|\\textrm)\{[A-Za-z]+\}(?:\(.*\)|\[.*\])?|(?:Var|var|AVar|avar|V|\\mathbb\{V\})(?:\(.*\)|\[.*\])",
    r"\\(?:wide)?hat.*|[A-Za-z]+\d?_?hat\d?|hat\(.*\)",
)
_HEAD = re.compile("|".join(f"(?:{h})" for h in _NAME_HEADS))
_PLAIN = re.compile(r"[A-Za-z0-9_+\-*/^().\s\[\]]*")


_MATRIX = re.compile(r"\s*\\begin\{([pbvBV]?matrix)\}(.*)\\end\{\1\}\s*", re.S)


@dataclass(frozen=True)
class Reading:
    """A step's math: the parts between `=` signs after the left-hand side, if it was a name;
    a part is a Matrix when the step (`fisher`) writes one."""

    parts: tuple[sp.Expr | sp.Matrix, ...]
    head: str | None


def _split(text: str) -> list[tuple[int, int]]:
    """Spans of the parts between `=` signs outside brackets."""
    spans = []
    depth = 0
    start = 0
    for position, char in enumerate(text):
        if char in "({[":
            depth += 1
        elif char in ")}]":
            depth -= 1
        elif char == "=" and depth <= 0:
            spans.append((start, position))
            start = position + 1
    spans.append((start, len(text)))
    return spans


def _compact(text: str) -> str:
    return re.sub(r"\s+|\$|\\[,;:! ]|\\left|\\right|\\big[lr]?|\\Big[lr]?", "", text)


def is_head(text: str, kind: str, vocabulary: Vocabulary) -> bool:
    """Whether a left-hand side only names the quantity (then it is dropped, not compared)."""
    compact = _compact(text)
    if _HEAD.fullmatch(compact):
        return True
    # `mle lambda: \lambda = ...`: in an estimator step the bare parameter names the estimate
    # (`b_0 = ...`, `b_{1} = ...`: a regression's coefficients)
    bare = re.sub(r"^([A-Za-z]+)_\{?(\d+)\}?$", r"\1\2", compact.lstrip("\\"))
    return kind == "mle" and bare in vocabulary.names


def _cells(text: str, start: int, separator: str) -> list[tuple[int, str]]:
    """Pieces of text between separators outside brackets, each with its offset."""
    pieces, depth, begin = [], 0, 0
    position = 0
    while position < len(text):
        char = text[position]
        if char in "({[":
            depth += 1
        elif char in ")}]":
            depth -= 1
        elif depth == 0 and text.startswith(separator, position):
            pieces.append((start + begin, text[begin:position]))
            begin = position + len(separator)
            position = begin
            continue
        position += 1
    pieces.append((start + begin, text[begin:]))
    return pieces


def _read_matrix(text: str, start: int, kind: str, vocabulary: Vocabulary) -> sp.Matrix | None:
    """`\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}` or plain `[[a, b], [c, d]]`; None if neither."""
    match = _MATRIX.fullmatch(text)
    stripped = text.strip()
    if match is not None:
        rows = [row for row in _cells(match.group(2), start + match.start(2), "\\\\") if row[1].strip()]
        grid = [_cells(row, offset, "&") for offset, row in rows]
    elif stripped.startswith("[[") and stripped.endswith("]]"):
        inner = start + text.index("[[") + 1
        rows = _cells(stripped[1:-1], inner, ",")
        grid = []
        for offset, row in rows:
            row_text = row.strip()
            if not (row_text.startswith("[") and row_text.endswith("]")):
                raise Unreadable("a plain matrix is [[a, b], [c, d]]", offset)
            grid.append(_cells(row_text[1:-1], offset + row.index("[") + 1, ","))
    else:
        return None
    if kind != "fisher":
        raise Unreadable("a matrix is read only in a `fisher` step", start)
    if not grid or len({len(row) for row in grid}) != 1:
        raise Unreadable("the rows of the matrix have different lengths", start)
    return sp.Matrix([[_read_part(cell, offset, vocabulary) for offset, cell in row] for row in grid])


def _read_part(text: str, start: int, vocabulary: Vocabulary) -> sp.Expr:
    part = text.replace("$", " ")
    if not part.strip():
        raise Unreadable("nothing to read here", start)
    if _PLAIN.fullmatch(part) and ("*" in part or "(" in part or "_" not in part):
        try:
            return read_plain(part, vocabulary, start)
        except Unreadable as plain_error:
            try:
                return _read_latex(part, start, vocabulary)
            except Unreadable:
                raise plain_error from None
    return _read_latex(part, start, vocabulary)


def _read_latex(part: str, start: int, vocabulary: Vocabulary) -> sp.Expr:
    try:
        tokens = tokenize(part, vocabulary.names, vocabulary.var, tuple(vocabulary.covariates))
    except Unreadable as exc:
        raise Unreadable(str(exc), start + exc.offset) from None
    for token in tokens:
        token.start_pos = (token.start_pos or 0) + start
    return read_latex(tokens, vocabulary, start + len(part.rstrip()))


def read_step(text: str, kind: str, vocabulary: Vocabulary) -> Reading:
    """Read a step's math into SymPy; Unreadable names the offset where reading stopped."""
    if len(text) > MAX_STEP_CHARS:
        raise Unreadable(f"the step is longer than {MAX_STEP_CHARS} characters", MAX_STEP_CHARS)
    spans = _split(text)
    head = None
    # `\ell(\lambda) = \log L(\lambda) = ...`: every leading part that only names the quantity
    while len(spans) >= 2 and is_head(text[spans[0][0] : spans[0][1]], kind, vocabulary):
        head = text[spans[0][0] : spans[0][1]].strip() if head is None else head
        spans = spans[1:]
    parts = tuple(
        _read_matrix(text[a:b], a, kind, vocabulary) or _read_part(text[a:b], a, vocabulary) for a, b in spans
    )
    return Reading(parts, head)
