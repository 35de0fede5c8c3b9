"""Reading grouped data: a count file (value, count: the values of a discrete variable with how many times
each was seen) and a class file (lower, upper, count: a histogram's classes (a, b] with their counts).

Each is a small table read whole (one row a value or a class), with or without a header, its delimiter
found as a data file's is; every cell a number (an upper bound may be inf), every row as many cells as the
kind of file has columns. What a row may not be is said in one line naming the file and line: a third
column in a count file, a negative or fractional count, a class whose bounds are reversed, two classes
that overlap."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

import numpy as np

from symle.echo import shown
from symle.errors import DataError
from symle.numeric.data import _read_text
from symle.numeric.reading import detect_delimiter, first_line, header_cells, is_missing


@dataclass(frozen=True)
class Grouped:
    """The columns of a count or class file, as floats, with the file's name and each row's line."""

    name: str
    columns: tuple[np.ndarray, ...]
    lines: tuple[int, ...]


def read_counts(source: str, delimiter: str | None = None) -> Grouped:
    """value, count rows: the counts whole numbers ≥ 0, not all 0."""
    grouped = _read(source, delimiter, ("value", "count"), "a count file has two columns, value and count")
    _check_counts(grouped, grouped.columns[1])
    if not np.all(np.isfinite(grouped.columns[0])):
        raise DataError(f"{shown(grouped.name)}: a value is not a finite number")
    return grouped


def read_classes(source: str, delimiter: str | None = None) -> Grouped:
    """lower, upper, count rows: classes (a, b] with a < b (b may be inf, a -inf) that do not overlap."""
    kinds = ("lower", "upper", "count")
    return checked_classes(_read(source, delimiter, kinds, "a class file has three columns, lower, upper and count"))


def checked_classes(grouped: Grouped) -> Grouped:
    """The classes, each a < b, not overlapping, their counts whole numbers ≥ 0 and not all 0."""
    lower, upper, counts = grouped.columns
    for column, kind in zip(grouped.columns, ("lower bound", "upper bound", "count"), strict=True):
        if np.isnan(column).any():
            raise DataError(f"{shown(grouped.name)}: a {kind} is NaN")
    _check_counts(grouped, counts)
    where = shown(grouped.name)
    for a, b, line in zip(lower, upper, grouped.lines, strict=True):
        if not a < b:
            raise DataError(f"{where} line {line}: the class ({a:g}, {b:g}] has its bounds reversed or equal")
        if a == math.inf or b == -math.inf:
            raise DataError(f"{where} line {line}: the class ({a:g}, {b:g}] holds no value")
    order = np.argsort(lower, kind="stable")
    for k, m in zip(order[:-1], order[1:], strict=True):
        if upper[k] > lower[m]:
            lines = sorted((grouped.lines[k], grouped.lines[m]))
            raise DataError(
                f"{where} lines {lines[0]} and {lines[1]}: the classes ({lower[k]:g}, {upper[k]:g}] and "
                f"({lower[m]:g}, {upper[m]:g}] overlap"
            )
    return grouped


def _check_counts(grouped: Grouped, counts: np.ndarray) -> None:
    where = shown(grouped.name)
    for count, line in zip(counts, grouped.lines, strict=True):
        if not (count >= 0 and count == round(count) and math.isfinite(count)):
            raise DataError(f"{where} line {line}: the count {count:g} is not a whole number ≥ 0")
    if not counts.sum() > 0:
        raise DataError(f"{where}: every count is 0: there is no observation to fit")


def _read(source: str, delimiter: str | None, kinds: tuple[str, ...], shape: str) -> Grouped:
    name, text = _read_text(source, None)
    sep = detect_delimiter(first_line(text.encode()), delimiter)
    rows: list[list[float]] = []
    lines: list[int] = []
    where = shown(name)
    first = True
    for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=sep), start=1):
        if not cells or not "".join(cells).strip() or cells[0].lstrip().startswith("#"):
            continue
        header, first = first and header_cells(sep.join(cells), sep) is not None, False
        if len(cells) != len(kinds):
            what = "the header has" if header else "the row has"
            raise DataError(f"{where} line {number}: {what} {len(cells)} columns: {shape}")
        if not header:
            rows.append([_number(cell, kind, where, number) for cell, kind in zip(cells, kinds, strict=True)])
            lines.append(number)
    if not rows:
        raise DataError(f"{where}: no rows: {shape}")
    table = np.array(rows, dtype=float)
    return Grouped(name, tuple(table[:, k] for k in range(len(kinds))), tuple(lines))


def _number(cell: str, kind: str, where: str, line: int) -> float:
    text = cell.strip()
    if is_missing(text):
        raise DataError(f"{where} line {line}: the {kind} is missing")
    try:
        value = float(text)
    except ValueError:
        raise DataError(f"{where} line {line}: the {kind} {shown(text)!r} is not a number") from None
    if math.isnan(value) or (math.isinf(value) and kind not in ("lower", "upper")):
        raise DataError(f"{where} line {line}: the {kind} {shown(text)!r} is not a finite number")
    return value
