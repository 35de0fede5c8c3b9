"""User text as symle echoes it: a file name, a column, a formula, a data value, a homework label.

A file name can hold an escape sequence that recolours or retitles the terminal, a newline that
forges a line of a report, a right-to-left override that reverses what follows it, or bytes that
are not UTF-8; a homework or data line can hold the same. Whatever symle prints passes through
`shown` (text) or `json_text` (JSON): one line, nothing a terminal acts on, bounded in length."""

from __future__ import annotations

import json
import os
import unicodedata
from typing import Any

SHOWN_CHARS = 200  # an echo inside a message: longer ones lose their middle
LINE_CHARS = 2000  # a whole message line

# control characters (C0, DEL, C1: ESC, BEL, CR, the CSI byte 0x9b), format characters (bidi
# overrides and isolates, zero-width spaces), surrogates (a file name's bytes that are not UTF-8,
# decoded by Python's surrogateescape) and the line and paragraph separators U+2028, U+2029
_UNSAFE = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
ELLIPSIS = "…"


def _escape(char: str) -> str:
    """A character as Python writes it in a string literal; a surrogate from a byte that is not
    UTF-8 (U+DC80 to U+DCFF) as that byte, \\xff."""
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _pieces(text: str) -> list[str]:
    return [_escape(c) if unicodedata.category(c) in _UNSAFE else c for c in text]


def shown(text: str | os.PathLike[str] | bytes, limit: int | None = SHOWN_CHARS) -> str:
    """`text` on one line with every control or format character, line separator and undecodable
    byte written as a visible escape (\\x1b, \\n, \\u202e, \\xff); longer than `limit` characters
    (None: no limit), its middle becomes an ellipsis, so that both ends stay (a path's folder and
    its file name). Applying it again changes nothing."""
    if not isinstance(text, str):
        text = os.fsdecode(text)
    # the common case first, in C: isprintable is False for every character of an _UNSAFE class
    if limit is None:
        return text if text.isprintable() else "".join(_pieces(text))
    if len(text) <= limit:
        whole = text if text.isprintable() else "".join(_pieces(text))
        if len(whole) <= limit:
            return whole
    budget = max(limit - len(ELLIPSIS), 2)
    head = _within(_pieces(text[:budget]), (budget + 1) // 2)
    tail = _within(_pieces(text[-budget:])[::-1], budget // 2)[::-1]
    return "".join(head) + ELLIPSIS + "".join(tail)


def _within(pieces: list[str], room: int) -> list[str]:
    """The first pieces whose length together is at most `room` (an escape is never cut)."""
    taken: list[str] = []
    for piece in pieces:
        room -= len(piece)
        if room < 0:
            break
        taken.append(piece)
    return taken


def quoted(text: str | os.PathLike[str] | bytes, limit: int | None = SHOWN_CHARS) -> str:
    """`shown(text)` in single quotes: a value, a column's or a parameter's name inside a message."""
    return f"'{shown(text, limit)}'"


def shown_lines(text: str) -> str:
    """Text of several lines (a report) with each line `shown`: no line can hold another."""
    return "\n".join(shown(line, None) for line in text.split("\n"))


def file_text(name: str | os.PathLike[str] | bytes) -> str:
    """A file name as text for JSON: a byte that is not UTF-8 as \\xff (what `shown` prints), since
    a lone surrogate is not valid JSON for many readers; every other character as it is."""
    if not isinstance(name, str):
        name = os.fsdecode(name)
    return "".join(_escape(c) if unicodedata.category(c) == "Cs" else c for c in name)


def json_text(value: Any, indent: int | None = None) -> str:
    """`json.dumps(value)`, non-ASCII letters kept, but every character `shown` escapes written as
    a JSON \\u escape: the values read back unchanged, and the text is valid UTF-8 that a terminal
    shows without acting on it. (json.dumps writes a raw line break only between items.)"""
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    if all(line.isprintable() for line in text.split("\n")):
        return text
    return "".join(_json_escape(c) if c != "\n" and unicodedata.category(c) in _UNSAFE else c for c in text)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
