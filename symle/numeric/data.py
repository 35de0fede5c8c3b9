"""Reading observations from a file or standard input, with the line number of every value."""

from __future__ import annotations

import contextlib
import contextvars
import csv
import io
import math
import operator
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

import numpy as np

from symle.echo import quoted, shown
from symle.errors import DataError, named
from symle.files import TooLarge, read_limited, unreadable
from symle.numeric.reading import is_missing

__all__ = ["Sample", "Table", "read_sample", "read_table"]

STDIN_NAME = "<stdin>"
DATA_NAME = "<data>"  # the source of values given in Python
MAX_DATA_BYTES = 1 << 30  # read into memory whole: beyond this, refuse before memory runs out
_VALUE_CHARS = 40  # a bad value longer than this loses its middle in the message


@dataclass(frozen=True)
class Sample:
    """One column of observations: the values, the physical line each came from, and the file name."""

    values: np.ndarray  # float64, 1-D, read-only
    lines: np.ndarray  # int64, 1-based physical line numbers, read-only
    source: str  # the file name as given, "<stdin>", or "<data>" (Python values: lines are positions)
    covariates: dict[str, np.ndarray] = field(default_factory=dict)  # a regression's other columns
    notes: tuple[str, ...] = ()  # what reading changed (masked values left out), for the fit's warnings

    def __len__(self) -> int:
        return len(self.values)

    def place(self, k: int) -> str:
        """Where row k came from: 'data.txt line 12', or 'observation 12' of Python values."""
        line = int(self.lines[k])
        return f"observation {line}" if self.source == DATA_NAME else f"{self.source} line {line}"

    def arrays(self, name: str) -> dict[str, np.ndarray]:
        """Every column by name, the observations under `name` (the model's variable or response)."""
        return {name: self.values, **self.covariates}


@dataclass(frozen=True)
class Table:
    """Several named columns of a CSV file, aligned row by row, with the line of every row."""

    columns: dict[str, np.ndarray]  # name -> float64 1-D read-only array, in the order asked for
    lines: np.ndarray  # int64, 1-based physical line of each row
    source: str

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.columns[name]

    def sample(self, name: str, covariates: Sequence[str] = ()) -> Sample:
        """The named column as a Sample, keeping its line numbers (and covariate columns)."""
        return Sample(self.columns[name], self.lines, self.source, {c: self.columns[c] for c in covariates})


def read_sample(source: str | os.PathLike[str], column: str | None = None, *, stdin: TextIO | None = None) -> Sample:
    """Read one number per line, or with `column` the named column of a CSV file with a header.

    `source` "-" means standard input (`stdin`, by default sys.stdin). Blank lines and lines
    starting with '#' are skipped in the one-number-per-line form; anything else that is not a
    single finite number is a DataError naming the file and line.
    """
    if column is not None:
        return read_table(source, [column], stdin=stdin).sample(column)
    name, text = _read_text(source, stdin)
    values, lines = _parse_plain(text, name)
    if len(values) == 0:
        raise DataError(f"{shown(name)}: no observations")
    return Sample(_frozen(values), _frozen(lines), name)


def read_table(source: str | os.PathLike[str], columns: Sequence[str], *, stdin: TextIO | None = None) -> Table:
    """Read the named columns of a CSV file whose first non-blank row is a header.

    Every row must have a finite number in every named column; blank rows are skipped.
    """
    if isinstance(columns, str):
        raise TypeError("columns must be a sequence of column names, not one string")
    wanted = list(dict.fromkeys(columns))  # drop repeats, keep order
    if not wanted:
        raise ValueError("read_table needs at least one column name")
    name, text = _read_text(source, stdin)
    cells, lines = _csv_cells(text, name, wanted)
    if len(lines) == 0:
        raise DataError(f"{shown(name)}: no observations")
    line_array = _frozen(np.asarray(lines, dtype=np.int64))
    parsed = {col: _frozen(_to_floats(cells[col], line_array, name, f"column {quoted(col)}")) for col in wanted}
    return Table(parsed, line_array, name)


# --- reading text -----------------------------------------------------------------------------


def _read_text(source: str | os.PathLike[str], stdin: TextIO | None) -> tuple[str, str]:
    """The display name and decoded text of the source; every failure is a one-line DataError."""
    if isinstance(source, str) and source == "-":
        stream = sys.stdin if stdin is None else stdin
        buffer = getattr(stream, "buffer", None)
        try:
            if buffer is not None:  # a real stdin: decode the bytes ourselves, like a file
                return STDIN_NAME, _decode(read_limited(buffer, MAX_DATA_BYTES), STDIN_NAME)
            text = stream.read(MAX_DATA_BYTES + 1)
            if len(text) > MAX_DATA_BYTES:
                raise TooLarge(f"longer than {MAX_DATA_BYTES // (1 << 20)} MB")
        except TooLarge as err:
            raise DataError(f"{STDIN_NAME}: the input is {err}") from None
        except UnicodeDecodeError:
            raise DataError(f"{STDIN_NAME}: not UTF-8 text") from None
        except OSError as err:
            raise DataError(f"{STDIN_NAME}: cannot read ({err.strerror or err})") from None
        if "\0" in text:
            raise DataError(f"{STDIN_NAME}: not a text file (it contains NUL bytes)")
        return STDIN_NAME, text.removeprefix("\ufeff")

    name = os.fspath(source)
    try:
        with open(name, "rb") as handle:
            raw = read_limited(handle, MAX_DATA_BYTES)
    except TooLarge as err:
        raise DataError(f"{shown(name)}: the file is {err}") from None
    except OSError as err:
        raise DataError(unreadable(name, err)) from None
    return name, _decode(raw, name)


def _decode(raw: bytes, name: str, first_line: int = 1, first: bool = True) -> str:
    """The text of a file (or of one chunk of it, which starts at `first_line`; only the `first`
    chunk may start with a byte-order mark)."""
    if first and raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError(f"{shown(name)}: the file is UTF-16; save it as UTF-8 text")
    if b"\0" in raw:
        raise DataError(f"{shown(name)}: not a text file (it contains NUL bytes)")
    try:
        # a byte-order mark from spreadsheet exports is harmless
        return raw.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + first_line
        raise DataError(f"{shown(name)} line {line}: not UTF-8 text (byte 0x{raw[err.start]:02x})") from None


# --- one number per line ----------------------------------------------------------------------


def _parse_plain(
    text: str, name: str, first_line: int = 1, missing: str | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Values and 1-based line numbers of a one-number-per-line text (whose first line is `first_line`
    of its file, when the text is one chunk of a file read in chunks); `missing` as for _to_floats."""
    if "\r" in text:  # Windows and old Mac line ends count as one line end each
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    physical = text.split("\n")
    if physical and physical[-1] == "":
        physical.pop()  # the final line end does not start another line

    # Fast path for the common file: no comments, no empty lines, nothing but ASCII numbers.
    if "#" not in text and "" not in physical and text.isascii() and "_" not in text:
        try:
            values = np.array(physical, dtype=np.float64)
        except ValueError:
            pass  # whitespace-only lines or a bad value: the general path sorts it out
        else:
            if values.ndim == 1:
                lines = np.arange(first_line, first_line + len(physical), dtype=np.int64)
                _check_finite(values, physical, lines, name, None)
                return values, lines

    numbers = [i for i, s in enumerate(map(str.strip, physical)) if s and s[0] != "#"]
    tokens = [physical[i] for i in numbers]
    lines = np.asarray(numbers, dtype=np.int64) + first_line
    return _to_floats(tokens, lines, name, None, missing), lines


# --- CSV --------------------------------------------------------------------------------------


def _csv_cells(text: str, name: str, wanted: list[str]) -> tuple[dict[str, list[str]], list[int]]:
    """The raw cells of the wanted columns and the first physical line of each data row.

    A missing cell (a short row) comes back as "", which _to_floats reports as an empty cell.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    positions: list[int] = []
    # The wanted cells of all rows, row after row, in one flat list of strings: keeping no
    # per-row tuples keeps a million-row file fast (no garbage-collector passes over them).
    flat: list[str] = []
    lines: list[int] = []
    pick: Callable[[list[str]], Any] = operator.itemgetter(0)  # set from the header
    add: Callable[[Any], None] = flat.append
    start = 1  # physical line on which the next record begins
    try:
        for row in reader:
            row_line, start = start, reader.line_num + 1
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank or whitespace-only line
            if header is None:
                header = [cell.strip() for cell in row]
                positions = _column_positions(header, wanted, name, row_line)
                pick = operator.itemgetter(*positions)
                add = flat.append if len(positions) == 1 else flat.extend
                continue
            try:
                add(pick(row))
            except IndexError:
                flat.extend(row[k] if k < len(row) else "" for k in positions)
            lines.append(row_line)
    except csv.Error as err:
        raise DataError(f"{shown(name)} line {reader.line_num}: not valid CSV ({err})") from None
    if header is None:
        raise DataError(f"{shown(name)}: no observations (the file is empty, expected a header row)")
    width = len(wanted)
    return {col: flat[j::width] for j, col in enumerate(wanted)}, lines


def _column_positions(header: list[str], wanted: list[str], name: str, line: int) -> list[int]:
    found: list[int] = []
    for col in wanted:
        positions = [k for k, head in enumerate(header) if head == col]
        if not positions:
            available = ", ".join(quoted(head) for head in header if head)
            raise DataError(f"{shown(name)}: no column {quoted(col)}; the columns are {available}")
        if len(positions) > 1:
            raise DataError(f"{shown(name)} line {line}: the header names column {quoted(col)} twice")
        found.append(positions[0])
    return found


# --- numbers ----------------------------------------------------------------------------------


def _to_floats(
    tokens: list[str], lines: np.ndarray, name: str, where: str | None, missing: str | None = None
) -> np.ndarray:
    """Parse every token as a finite float, or raise a DataError at the first one that is not. With
    `missing` "drop", a token marking a missing value (empty, NA: reading.is_missing) is NaN, which
    no number read here is; with "error", it is refused as missing."""
    joined = "".join(tokens)
    if joined.isascii() and "_" not in joined:
        try:
            values = np.array(tokens, dtype=np.float64)
        except ValueError:
            pass  # find the first bad token below
        else:
            if values.ndim == 1 and len(values) == len(tokens):
                _check_finite(values, tokens, lines, name, where)
                return values
    # Slow path: one token at a time, so the error names the first bad line.
    out = np.empty(len(tokens), dtype=np.float64)
    for k, token in enumerate(tokens):
        if missing is not None and is_missing(token):
            if missing == "drop":
                out[k] = math.nan
                continue
            shown_token = "an empty cell" if not token.strip() else quoted(token.strip(), _VALUE_CHARS)
            raise DataError(
                f"{_place(name, int(lines[k]), where)}: a missing value ({shown_token}), refused "
                f"({named('missing')} error)"
            )
        out[k] = _parse_number(token, name, int(lines[k]), where)
    return out


# While set, a cell may hold +inf (an interval-censored lifetime's upper bound, right-censored): nothing else
_INFINITY_READ: contextvars.ContextVar[bool] = contextvars.ContextVar("infinity_read", default=False)


@contextlib.contextmanager
def infinity_allowed() -> Iterator[None]:
    """While it lasts, files read may hold inf (+∞) as a number: the upper bounds of interval-censored data."""
    token = _INFINITY_READ.set(True)
    try:
        yield
    finally:
        _INFINITY_READ.reset(token)


def _allowed(values: np.ndarray | float) -> np.ndarray | bool:
    return np.isfinite(values) | (_INFINITY_READ.get() & np.isposinf(values))


def _parse_number(token: str, name: str, line: int, where: str | None) -> float:
    text = token.strip()
    if not text:  # only a CSV cell can be empty: blank lines never become tokens
        raise DataError(f"{shown(name)} line {line}: empty cell in {where or 'the row'}")
    # float() also takes '1_000' and non-ASCII digits such as '١'; a data file should not.
    try:
        if not text.isascii() or "_" in text:
            raise ValueError(text)
        value = float(text)
    except ValueError:
        raise DataError(f"{_place(name, line, where)}: {quoted(text, _VALUE_CHARS)} is not a number") from None
    if not _allowed(value):
        raise DataError(f"{_place(name, line, where)}: {quoted(text, _VALUE_CHARS)} is not a finite number")
    return value


def _check_finite(values: np.ndarray, tokens: list[str], lines: np.ndarray, name: str, where: str | None) -> None:
    finite = _allowed(values)
    if not finite.all():
        k = int(np.argmin(finite))
        text = tokens[k].strip()
        raise DataError(f"{_place(name, int(lines[k]), where)}: {quoted(text, _VALUE_CHARS)} is not a finite number")


def _place(name: str, line: int, where: str | None) -> str:
    place = f"{shown(name)} line {line}"
    return place if where is None else f"{place}, {where}"


def _frozen(array: np.ndarray) -> np.ndarray:
    """Mark an array read-only: stages hand each other immutable values."""
    array.flags.writeable = False
    return array
