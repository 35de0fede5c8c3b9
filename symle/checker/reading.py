"""Reading one step: rewrite it into the LaTeX subset, split it at its relations, drop a left-hand side
such as `\\hat\\lambda =` or `\\ell(\\lambda) =`, and read each remaining part as LaTeX or as plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from symle.algebra.sample import i
from symle.checker.aliases import capitals, greek_names, without_constant
from symle.checker.heads import compact, is_head
from symle.checker.latex import read_latex
from symle.checker.layout import tidy
from symle.checker.plain import read_plain
from symle.checker.prose import math_of
from symle.checker.relations import Relations, blank_oversets, relations
from symle.checker.tokens import MAX_STEP_CHARS, LooseIndex, Unreadable, tokenize
from symle.checker.unicode import to_latex
from symle.checker.vocabulary import INDICES, Vocabulary

SINGLE_KINDS = ("likelihood", "loglik", "score", "mle")
SOLVING_KINDS = ("score", "mle")  # where an implication solves an equation
_PLAIN = re.compile(r"[A-Za-z0-9_+\-*/^().,\s\[\]]*")


_MATRIX = re.compile(r"\s*\\begin\{([pbvBV]?matrix)\}(.*)\\end\{\1\}\s*", re.S)


@dataclass(frozen=True)
class Reading:
    """A step's math: the parts of its answering clause after the left-hand side, if that was a
    name (a part is a Matrix when a `fisher` step writes one); `proportional` says, part by part,
    whether it came after `\\propto`; `claim` is a trailing inequality (`< 0`): its operator and
    bound, about the last part."""

    parts: tuple[sp.Expr | sp.Matrix, ...]
    head: str | None
    proportional: tuple[bool, ...] = ()
    claim: tuple[str, sp.Expr] | None = None
    # a part was written in one observation x_i outside any sum (then it is that expression, in i)
    single: bool = False
    # in a score or an estimator step, the other clauses of an implication, each a chain of equal
    # parts (`\\sum x_i - n\\mu = 0 \\Rightarrow \\hat\\mu = \\bar x`): every one is a claim, checked
    consequences: tuple[tuple[sp.Expr, ...], ...] = ()
    # members of a chain that could not be read (`= \\frac{E[\\sum X_i]}{\\lambda^2} =`), as written: the
    # step is judged on the members read, and the report names these
    unread: tuple[str, ...] = ()


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
    if not _PLAIN.fullmatch(part):
        return _read_latex(part, start, vocabulary)
    # plain text reads as either; the likelier reader first, its complaint kept if neither reads it
    # (`b_1_hat` is plain, `x_i` alone is LaTeX's)
    readers = [read_plain, _read_latex_at]
    if not ("*" in part or "(" in part or "_" not in part):
        readers.reverse()
    try:
        return readers[0](part, vocabulary, start)
    except Unreadable as first_error:
        try:
            return readers[1](part, vocabulary, start)
        except Unreadable:
            raise first_error from None


def _read_latex_at(part: str, vocabulary: Vocabulary, start: int) -> sp.Expr:
    """_read_latex with read_plain's arguments."""
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
    """Read a step's math into SymPy; Unreadable names the offset in `text` where reading stopped.

    The text is first rewritten into the LaTeX subset (phone Unicode, Overleaf leftovers, capital
    X for x), then split at its relations; offsets are mapped back to what the person typed."""
    if len(text) > MAX_STEP_CHARS:
        raise Unreadable(f"the step is longer than {MAX_STEP_CHARS} characters", MAX_STEP_CHARS)
    rewritten = to_latex(text)
    words = (*vocabulary.names, *vocabulary.observed)
    # `\text{const} + ...`, `... + \text{terms without }\beta`: the comparison is up to a constant anyway
    written = without_constant(rewritten.text, vocabulary) if kind == "loglik" else rewritten.text
    math = greek_names(math_of(written, kind, words), vocabulary)
    if _mentioned(written, math, vocabulary):
        raise Unreadable(
            "an argument in words: its only mathematics is a name (symle reads a step's formula, "
            "such as ℓ''(θ) = … < 0, not the argument)",
            0,
        )
    latex = blank_oversets(capitals(tidy(math), vocabulary))
    try:
        return _read(latex, kind, vocabulary)
    except Unreadable as exc:
        raise Unreadable(str(exc), rewritten.origin(exc.offset)) from None


_NAME_ONLY = re.compile(r"(?:\\(?:wide)?hat)?\{?\\?([A-Za-z]+\d?)\}?")


def _mentioned(written: str, math: str, vocabulary: Vocabulary) -> bool:
    """Whether a step in words names a parameter and nothing else ("concave in mu", "negative at
    \\hat\\lambda"): a name mentioned in a sentence, not an answer."""
    worded = any(a.isalpha() and b == " " for a, b in zip(written, math, strict=False))
    only = _NAME_ONLY.fullmatch(re.sub(r"[\s$]", "", tidy(math)))
    return worded and only is not None and only.group(1) in vocabulary.parameters


def _read(text: str, kind: str, vocabulary: Vocabulary) -> Reading:
    candidates = relations(text, kind)
    for number, clause in enumerate(candidates):
        spans, proportional = list(clause.parts), list(clause.proportional)
        head = None
        # `\ell(\lambda) = \log L(\lambda) = ...`: every leading part that only names the quantity
        while len(spans) >= 2 and is_head(text[spans[0][0] : spans[0][1]], kind, vocabulary):
            head = text[spans[0][0] : spans[0][1]].strip() if head is None else head
            spans, proportional = spans[1:], proportional[1:]
        alone = len(spans) == 1 and clause.claim is None and is_head(text[spans[0][0] : spans[0][1]], kind, vocabulary)
        if alone and number + 1 < len(candidates):
            continue  # `... \implies \hat\lambda \approx 0.42`: this clause only names the answer
        others = [c for c in candidates if c is not clause]
        if kind not in SOLVING_KINDS and kind != "second-order":
            # `L(\lambda) = ... \Rightarrow L(\lambda) = ...`: an earlier clause about the same quantity is
            # part of the answer; a definition (`s = \sum x_i \Rightarrow ...`) names nothing asked
            named = [_named_spans(text, c, kind, vocabulary) for c in others]
            before = [(span, scaled) for spans_and_flags in named for span, scaled in spans_and_flags]
            spans = [span for span, _ in before] + spans
            proportional = [scaled for _, scaled in before] + proportional
        read, proportional, unread = _members(text, spans, proportional, kind, vocabulary, head is not None)
        claim = None
        if clause.claim is not None:
            a, b = clause.claim.bound
            claim = (clause.claim.operator, _read_part(text[a:b], a, vocabulary))
        parts = tuple(value for value, _ in read)
        solving = others if kind in SOLVING_KINDS else []
        consequences = tuple(e for e in (_equation(text, c, kind, vocabulary) for c in solving) if len(e) >= 2)
        single = any(single for _, single in read)
        return Reading(parts, head, tuple(proportional), claim, single, consequences, unread)
    raise Unreadable("nothing to read", 0)


def _members(
    text: str,
    spans: list[tuple[int, int]],
    proportional: list[bool],
    kind: str,
    vocabulary: Vocabulary,
    named: bool,
) -> tuple[list[tuple[sp.Expr | sp.Matrix, bool]], list[bool], tuple[str, ...]]:
    """Each member of a chain read, with its `\\propto` flag. A middle member that cannot be read (after
    the name of the quantity, before the last) is left out and returned as written, so the members that
    can be read are still judged; an unreadable left side (`u = \\lambda^{-k}`, a letter defined) or
    last member is not skipped."""
    read, flags, unread = [], [], []
    for number, ((a, b), scaled) in enumerate(zip(spans, proportional, strict=True)):
        try:
            read.append(_part(text, a, b, kind, vocabulary))
        except Unreadable:
            if number == len(spans) - 1 or (number == 0 and not named):
                raise
            unread.append(" ".join(text[a:b].split()))
            continue
        flags.append(scaled)
    return read, flags, tuple(unread)


def _named_spans(text: str, clause: Relations, kind: str, vocabulary: Vocabulary) -> list[tuple[tuple[int, int], bool]]:
    """The parts of a clause after a leading name of the step's quantity, each with its `\\propto` flag;
    nothing for a clause that names something else or ends in an inequality."""
    spans = list(zip(clause.parts, clause.proportional, strict=True))
    first = text[spans[0][0][0] : spans[0][0][1]] if spans else ""
    # a bare letter (`s = \\sum x_i`) is a definition, not the name of the step's quantity
    if clause.claim is not None or len(spans) < 2 or len(compact(first)) < 2 or not is_head(first, kind, vocabulary):
        return []
    return [(span, scaled) for span, scaled in spans[1:] if not is_head(text[span[0] : span[1]], kind, vocabulary)]


def _equation(text: str, clause: Relations, kind: str, vocabulary: Vocabulary) -> tuple[sp.Expr, ...]:
    """The parts of a clause that is not the answer, read in full: a leading name that cannot be read
    (`\\ell'(\\lambda) = 0`) is dropped, a hat is the parameter (`\\hat\\lambda = 5`); an inequality
    clause, or one with a matrix, is not an equation and gives nothing."""
    if clause.claim is not None:
        return ()
    values: list[sp.Expr] = []
    for a, b in clause.parts:
        piece = text[a:b]
        try:
            value = _read_part(piece, a, vocabulary)
        except Unreadable:
            estimate = _estimate_name(piece, vocabulary)
            if estimate is not None:
                value = estimate
            elif not values and is_head(piece, kind, vocabulary):
                continue
            else:
                raise
        if not isinstance(value, sp.Expr):
            return ()
        values.append(value)
    return tuple(values)


_HAT = re.compile(r"\\?(?:wide)?hat\{?\\?(?P<a>[A-Za-z]+\d?)\}?|\\?(?P<b>[A-Za-z]+\d?)_?\{?hat\}?")


# the decoration of an estimator's name: `_{ML}`, `_{\\text{MLE}}`, `_MLE`
_DECORATION = re.compile(r"_\{?(?:\\(?:text|textrm|mathrm|rm)\s*\{?)?(?:MLE|ML|mle|ml)\}?\}?$")


def _estimate_name(piece: str, vocabulary: Vocabulary) -> sp.Expr | None:
    """`mu_hat`, `lambdahat`, `\\hat{b_1}`, `\\hat p_{ML}`, `lambda_MLE`: what the hat of a parameter means
    here, if the piece is one."""
    short = compact(piece)
    bare = _DECORATION.sub("", short)
    if bare != short:  # `\\lambda_{MLE}`, `\\hat\\sigma^2_{ML}`: the estimate, hat or not
        bare = bare.replace("^{2}", "2").replace("^2", "2")
        name = re.fullmatch(r"\\?([A-Za-z]+\d?)", bare)
        return _estimate_name(bare, vocabulary) if "hat" in bare or name is None else vocabulary.hat(name.group(1))
    match = _HAT.fullmatch(short.replace("_{", "").replace("_", "") if "hat" in piece else "")
    if match is None:
        return None
    return vocabulary.hat(match.group("a") or match.group("b"))


def _part(text: str, a: int, b: int, kind: str, vocabulary: Vocabulary) -> tuple[sp.Expr | sp.Matrix, bool]:
    """A part's value, and whether it is written in one observation x_i outside any sum (read only
    where that is a classic mistake: a likelihood, log-likelihood or score of one observation)."""
    piece = text[a:b]
    try:
        return _read_matrix(piece, a, kind, vocabulary) or _read_part(piece, a, vocabulary), False
    except LooseIndex as exc:
        if kind not in SINGLE_KINDS or not isinstance(exc.value, sp.Expr):
            raise
        loose = exc.value.free_symbols & set(INDICES.values())
        return exc.value.xreplace({index: i for index in loose}), True
