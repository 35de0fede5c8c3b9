"""Tokens of the formula grammar: a whitelist of numbers, names and operators, nothing else."""

from __future__ import annotations

import re
from dataclasses import dataclass

from symle.errors import ParseError

MAX_TEXT_BYTES = 10_000


@dataclass(frozen=True)
class Token:
    kind: str  # "number", "name", "op", "end"
    text: str
    column: int  # 1-based


_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z_0-9]*)"
    r"|(?P<op>\*\*|\.\.\.|<=|>=|[-+*/^(),\[\]{}<>=])"
)


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
                raise ParseError(f"name {word!r} at column {position + 1} is not allowed (leading underscore)")
            tokens.append(Token(kind, word, position + 1))
        position = match.end()
    tokens.append(Token("end", "", len(text) + 1))
    return tokens
