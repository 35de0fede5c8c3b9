"""How a data file is read: its delimiter (given or detected from the header), whether its first
line is a header, and what is done with missing values (an empty cell, NA): rows holding one left
out and counted in a warning, or refused."""

from __future__ import annotations

import csv
from dataclasses import dataclass

from symle.echo import quoted, shown
from symle.errors import DataError, ParseError, named

MISSING_POLICIES = ("drop", "error")
DELIMITERS = (",", ";", "\t", "|")  # detected in this order of preference, when tied
MISSING_MARKS = frozenset({"", "na", "n/a", "null", "."})  # (NaN stays an error: a value that is not finite)
HEAD_BYTES = 1 << 16  # the header is looked for in the file's first 64 KiB


@dataclass(frozen=True)
class Reading:
    """The reading options: `delimiter` None to detect it, `missing` "drop" or "error"."""

    delimiter: str | None = None
    missing: str = "drop"

    @classmethod
    def of(cls, delimiter: str | None = None, missing: str = "drop") -> Reading:
        """The options checked: a delimiter is one character that no number holds ("tab" or \\t for a
        tab), missing one of MISSING_POLICIES."""
        if missing not in MISSING_POLICIES:
            raise ParseError(f"missing {shown(str(missing))!r}: give 'drop' (leave such rows out) or 'error'")
        if delimiter is None:
            return cls(None, missing)
        if not isinstance(delimiter, str):
            raise ParseError(f"delimiter {delimiter!r}: give one character, e.g. ',' or ';'")
        text = "\t" if delimiter in ("tab", "\\t") else delimiter
        if len(text) != 1 or text.isalnum() or text in "+-.\"'\r\n_ #" or not text.isprintable() and text != "\t":
            raise ParseError(
                f"delimiter {quoted(delimiter)}: give one character that no number holds, e.g. ',' ';' '|' or tab"
            )
        return cls(text, missing)


def is_missing(token: str) -> bool:
    """Whether a cell marks a missing value: empty, NA, N/A, NULL or a lone '.' (any case)."""
    return token.strip().lower() in MISSING_MARKS


def first_line(head: bytes) -> str | None:
    """The first line that is not blank, decoded (None: none in the head, or not text, which the
    reader then names as such)."""
    if b"\0" in head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    try:
        text = head.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as err:
        text = head[: err.start].decode("utf-8")
    for line in text.splitlines():
        if line.strip():
            return line
    return None


def detect_delimiter(line: str | None, given: str | None) -> str:
    """The delimiter given, else the one of DELIMITERS the header line holds most often (a comma
    when it holds none: one column)."""
    if given is not None:
        return given
    if not line:
        return ","
    counts = [(line.count(d), -k, d) for k, d in enumerate(DELIMITERS)]
    best = max(counts)
    return best[2] if best[0] else ","


def header_cells(line: str | None, delimiter: str) -> list[str] | None:
    """The cells of a header line, or None when the line is data (a number in every cell, a missing
    mark, or a comment line '#', which only the one-number-a-line form has)."""
    if line is None or line.lstrip().startswith("#"):
        return None
    cells = [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter), [])]
    if not cells or all(_number(cell) or is_missing(cell) for cell in cells):
        return None
    if len(cells) == 1 and not any(c.isalpha() for c in cells[0]):
        return None  # '1e', '--': a bad number, which the reader names as such
    return cells


def choose_column(name: str, cells: list[str]) -> str:
    """The one column of a file whose header has one name; several are an error naming them."""
    if len(cells) == 1:
        return cells[0]
    listed = ", ".join(quoted(cell) for cell in cells if cell)
    raise DataError(f"{shown(name)} has the columns {listed}: choose one with {named('column')} NAME")


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return cell.isascii()
