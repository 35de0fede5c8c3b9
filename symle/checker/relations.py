"""A step's relations: where its parts begin and end, which part is the answer, and the claim that ends it.

People do not stop at `=`. They write `\\hat\\lambda = 1/\\bar x \\approx 0.42`, `L(\\lambda) \\propto ...`,
`\\ell'' = -n/\\lambda^2 < 0`, `\\frac{n}{\\lambda} = \\sum x_i \\implies \\hat\\lambda = \\frac{n}{\\sum x_i}`.
This module finds the relations outside brackets and decides what each one means:

- an implication (`\\implies`, `\\Rightarrow`, `\\iff`, `⇒`) separates clauses; the clause that answers
  the step is the first for a score or second derivative (what follows is solving it), the last
  for everything else (what comes before is the working);
- `=`, `\\approx`, `\\propto` separate the parts of a clause; a part after `\\approx` that is a bare
  number is a value computed from data the checker does not have, and is dropped; parts after
  `\\propto` are proportional (a likelihood up to a constant factor);
- an inequality (`<`, `\\le`, `>=`, ...) is a claim about the part before it, checked on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Span = tuple[int, int]

ARROWS = ("implies", "Rightarrow", "Longrightarrow", "iff", "Leftrightarrow", "Longleftrightarrow", "therefore")
EQUALITIES = ("approx", "propto", "simeq", "doteq", "equiv")
INEQUALITIES = {
    **dict.fromkeys(("le", "leq", "leqslant"), "<="),
    **dict.fromkeys(("ge", "geq", "geqslant"), ">="),
    "lt": "<",
    "gt": ">",
}
_COMMAND = re.compile(r"\\([A-Za-z]+)(?![A-Za-z])")
_SYMBOL = re.compile(r"<=>|==>|=>|:=|<=|>=|=|<|>")
_OVERSET = re.compile(r"\\(?:overset|stackrel)\{[^{}]*\}\{=\}")
_NUMBER = re.compile(r"[\s$]*[-+]?\s*(?:\d+(?:\.\d*)?|\.\d+)(?:\s*\\?%)?[\s$]*")
_FIRST_CLAUSE_KINDS = ("score", "second-order")


@dataclass(frozen=True)
class Claim:
    """`subject OPERATOR bound`: the subject is the answer part before the inequality."""

    operator: str  # one of <, <=, >, >=
    bound: Span


@dataclass(frozen=True)
class Relations:
    """The answering clause of a step: its parts, whether each is only proportional, and its claim."""

    parts: tuple[Span, ...]
    proportional: tuple[bool, ...]
    claim: Claim | None = None


@dataclass(frozen=True)
class _Relation:
    kind: str  # "arrow", "equal", "approx", "propto", "claim"
    operator: str
    span: Span


def _find(text: str) -> list[_Relation]:
    """The relations outside brackets, in order."""
    found: list[_Relation] = []
    depth = 0
    position = 0
    while position < len(text):
        char = text[position]
        if char in "({[":
            depth += 1
        elif char in ")}]":
            depth -= 1
        elif depth <= 0 and char == "\\" and (match := _COMMAND.match(text, position)) is not None:
            name = match.group(1)
            relation = _command(name, match.span())
            if relation is not None:
                found.append(relation)
            position = match.end()
            continue
        elif depth <= 0 and (match := _SYMBOL.match(text, position)) is not None:
            symbol = match.group()
            if symbol in ("<=>", "==>", "=>"):
                found.append(_Relation("arrow", symbol, match.span()))
            elif symbol in ("=", ":="):
                found.append(_Relation("equal", "=", match.span()))
            else:
                found.append(_Relation("claim", symbol, match.span()))
            position = match.end()
            continue
        position += 1
    return found


def _command(name: str, span: Span) -> _Relation | None:
    if name in ARROWS:
        return _Relation("arrow", name, span)
    if name in EQUALITIES:
        return _Relation({"approx": "approx", "propto": "propto"}.get(name, "equal"), name, span)
    if name in INEQUALITIES:
        return _Relation("claim", INEQUALITIES[name], span)
    return None


def _clauses(text: str, relations: list[_Relation]) -> list[tuple[Span, list[_Relation]]]:
    clauses: list[tuple[Span, list[_Relation]]] = []
    start, inside = 0, []
    for relation in relations:
        if relation.kind == "arrow":
            clauses.append(((start, relation.span[0]), inside))
            start, inside = relation.span[1], []
        else:
            inside.append(relation)
    clauses.append(((start, len(text)), inside))
    return [c for c in clauses if text[c[0][0] : c[0][1]].strip(" $")]


def _within(clause: Span, relations: list[_Relation], text: str) -> Relations:
    parts: list[Span] = []
    proportional: list[bool] = []
    operator: str | None = None
    start, scaled, previous = clause[0], False, ""
    for relation in [*relations, _Relation("end", "", (clause[1], clause[1]))]:
        span = (start, relation.span[0])
        if operator is not None:  # the part after an inequality is its bound; what follows is ignored
            return Relations(tuple(parts), tuple(proportional), Claim(operator, span))
        if not (previous == "approx" and _NUMBER.fullmatch(text[span[0] : span[1]])):
            parts.append(span)
            proportional.append(scaled)
        scaled = scaled or relation.kind == "propto"
        if relation.kind == "claim":
            operator = relation.operator
        previous, start = relation.kind, relation.span[1]
    return Relations(tuple(parts), tuple(proportional))


def relations(text: str, kind: str) -> list[Relations]:
    """The clauses of a step (`text` blanked by `blank_oversets`), the likeliest answer first: the
    reader takes the first that holds more than a name."""
    clauses = _clauses(text, _find(text))
    if not clauses:
        return [Relations(((0, len(text)),), (False,))]
    ordered = clauses if kind in _FIRST_CLAUSE_KINDS else list(reversed(clauses))
    return [_within(span, inside, text) for span, inside in ordered]


def blank_oversets(text: str) -> str:
    """`\\overset{!}{=}` and `\\stackrel{set}{=}` mean `=`: blanked to spaces ending in `=` (same length)."""
    return _OVERSET.sub(lambda m: " " * (len(m.group()) - 1) + "=", text)
