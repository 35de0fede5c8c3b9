"""Tokens of the formula grammar: a whitelist of numbers, names and operators, nothing else."""

from __future__ import annotations

import re
from dataclasses import dataclass

from symle.echo import quoted
from symle.errors import ParseError

MAX_TEXT_BYTES = 10_000
MAX_NAME_LENGTH = 64  # a parameter, variable or function name: longer ones overflow TeX's dimensions


@dataclass(frozen=True)
class Token:
    kind: str  # "number", "name", "op", "end"
    text: str
    column: int  # 1-based


_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z_0-9]*)"
    r"|(?P<op>\*\*|\.\.\.|<=|>=|[-+*/^(),\[\]{}<>=!])"
)
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*")


def check_name(name: object, what: str) -> str:
    """A name a person gives (a parameter, variable, covariate, known value or function): a letter,
    then letters and digits, single underscores between them, at most MAX_NAME_LENGTH characters.
    Such a name is safe wherever it is printed (LaTeX, Markdown, text); any other is a ParseError
    naming `what`, the field it was given in."""
    if not isinstance(name, str):
        raise ParseError(f"{what}: {name!r} is not a name (a name is text, e.g. theta)")
    if len(name) > MAX_NAME_LENGTH:
        raise ParseError(f"{what}: the name {quoted(name)} is longer than {MAX_NAME_LENGTH} characters")
    if not _IDENTIFIER.fullmatch(name):
        raise ParseError(
            f"{what}: {quoted(name)} is not a valid name (a letter, then letters, digits or single underscores)"
        )
    return name


def tokenize(text: str) -> list[Token]:
    """Split text into tokens, refusing any character outside the whitelist."""
    if len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise ParseError(f"text is longer than {MAX_TEXT_BYTES} bytes")
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            char = text[position]
            if char in "'\"":
                what = "strings are not allowed"
            elif char == ".":
                what = "attribute access is not allowed"
            else:
                what = f"unexpected character {char!r}"
            raise ParseError(f"{what} at column {position + 1}")
        kind = match.lastgroup or ""
        if kind != "space":
            word = match.group()
            if kind == "name" and word.startswith("_"):
                raise ParseError(f"name {quoted(word)} at column {position + 1} is not allowed (leading underscore)")
            if kind == "name" and len(word) > MAX_NAME_LENGTH:
                where = f"at column {position + 1}"
                raise ParseError(f"name {quoted(word)} {where} is longer than {MAX_NAME_LENGTH} characters")
            tokens.append(Token(kind, word, position + 1))
        position = match.end()
    tokens.append(Token("end", "", len(text) + 1))
    return tokens
