"""A step of a derivation: a title, one sentence saying why, and its equations as SymPy objects.

The sentence is `Prose`: a str (its plain Unicode text, which the JSON, the checker and the text
output read) that also keeps its words apart from its mathematics, so that LaTeX and Markdown set
every symbol in math ($\\alpha$) and never guess it from the text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sympy as sp

from symle.algebra.printing import text as _text


@dataclass(frozen=True)
class Math:
    """A piece of mathematics in a sentence: a SymPy expression (printed by symle's printers) or,
    for a formula SymPy would not print as a textbook does (Σ|xᵢ − μ|), its Unicode text."""

    expr: Any  # sp.Basic, an Equation (a chain a ≤ b ≤ c) or a str of Unicode mathematics

    @property
    def text(self) -> str:
        if isinstance(self.expr, str):
            return self.expr
        if isinstance(self.expr, Equation):
            out = _text(self.expr.parts[0])
            for relation, part in zip(self.expr.relations, self.expr.parts[1:], strict=True):
                out += f" {_RELATIONS_TEXT[relation]} {_text(part)}"
            return out
        return _text(self.expr)


_RELATIONS_TEXT = {"=": "=", "<": "<", ">": ">", "<=": "≤", ">=": "≥"}


Part = str | Math


class Prose(str):
    """A sentence: words and Math, in order; as a str, its plain Unicode text."""

    parts: tuple[Part, ...]

    def __new__(cls, *pieces: Any) -> Prose:
        parts: list[Part] = []
        for piece in pieces:
            for part in piece.parts if isinstance(piece, Prose) else (piece,):
                if isinstance(part, sp.Basic):
                    part = Math(part)
                if isinstance(part, str) and not part:
                    continue
                if isinstance(part, str) and parts and isinstance(parts[-1], str):
                    parts[-1] = parts[-1] + part
                else:
                    parts.append(part if isinstance(part, Math) else str(part))
        value = super().__new__(cls, "".join(p if isinstance(p, str) else p.text for p in parts))
        value.parts = tuple(parts)
        return value

    def __add__(self, other: Any) -> Prose:  # type: ignore[override]
        return Prose(self, other)

    def __radd__(self, other: Any) -> Prose:
        return Prose(other, self)

    def __reduce__(self) -> tuple[Any, ...]:
        # the text as built, where the model's sign region was in force (a worker's result is unpickled
        # outside it: printed again there, 1 - g_i of a group indicator would read -(g_i - 1))
        return (_prose, (self.parts, str(self)))

    def capitalised(self) -> Prose:
        """The sentence with its first word capitalised (a sentence never starts with math here)."""
        first = self.parts[0] if self.parts else ""
        if not isinstance(first, str) or not first:
            return self
        return Prose(first[0].upper() + first[1:], *self.parts[1:])


def _prose(parts: tuple[Part, ...], built: str | None = None) -> Prose:
    if built is None:
        return Prose(*parts)
    value = str.__new__(Prose, built)
    value.parts = parts
    return value


def prose(*pieces: Any) -> Prose:
    """A sentence from words (str), SymPy expressions and Math, in order."""
    return Prose(*pieces)


def chain(*parts: sp.Basic, relations: tuple[str, ...] = ()) -> Math:
    """a ≤ b ≤ c in a sentence: an Equation as math."""
    return Math(Equation(tuple(parts), relations))


def formula(unicode: str) -> Math:
    """A formula given as Unicode text (Σ|xᵢ − μ|, E[x₍₁₎]): math, converted for LaTeX."""
    return Math(unicode)


def listed(items: Iterable[Any], conjunction: str = "and") -> Prose:
    """a, b and c: each item math (a SymPy expression or Math) or words."""
    items = list(items)
    if not items:
        return Prose()
    pieces: list[Any] = [items[0]]
    for k, item in enumerate(items[1:], start=1):
        pieces.extend((f" {conjunction} " if k == len(items) - 1 else ", ", item))
    return Prose(*pieces)


@dataclass(frozen=True)
class Equation:
    """A chain a = b = c (or with <, > between the last parts), held as SymPy objects; `condition`
    is a side condition printed on the same line after a comma (the support beside a density)."""

    parts: tuple[sp.Basic, ...]
    relations: tuple[str, ...] = ()
    condition: sp.Basic | None = None

    def __post_init__(self) -> None:
        if not self.relations:
            object.__setattr__(self, "relations", ("=",) * (len(self.parts) - 1))


@dataclass(frozen=True)
class Step:
    """One step of a derivation: a title, one sentence saying why, and its equations.

    `kind` names the step for the checker and worksheets (model, likelihood, loglik, support,
    median, score, solve, profile, numeric, second-order, estimators, fisher, variance, function);
    `parameter` the one it is about. `title` and `text` are str, usually `Prose`. `claims` name what
    the sentence asserts of the model ("profile:beta", "maximum-minors", "information-no data"),
    each with a precondition that tests/stages/test_sentences.py checks on the derivation."""

    kind: str
    title: str
    text: str
    equations: tuple[Equation, ...] = ()
    parameter: str | None = None
    claims: tuple[str, ...] = ()
