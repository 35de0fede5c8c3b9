"""The data of several samples (symle.model.samples): observations with a group label each.

The labels may be any values (text, numbers); groups are numbered 1..k in the labels' sorted order
(numbers by value), and the fit's columns are the observations and the 0/1 indicators of groups 2..k.
A row whose observation or label is missing (None, NaN, an empty cell, NA) is left out with a warning;
a label with no observation left, or fewer than two groups, is refused in one line."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from typing import Any

from symle.echo import shown
from symle.errors import DataError, ParseError, named
from symle.model.model import Model

LIMIT = 1 << 28  # bytes of a grouped data file read into memory
MISSING = {"", "NA", "N/A", "NULL", "."}  # as symle.numeric.reading reads a missing cell


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() in MISSING


def _order(labels: set[Any]) -> list[Any]:
    """The groups' labels in order: numbers by value, anything else by its text."""
    try:
        return sorted(labels, key=float)
    except (TypeError, ValueError):
        return sorted(labels, key=str)


def present_labels(labels: Sequence[Any]) -> list[Any]:
    """The labels given (missing ones left out), each once, in order of first appearance."""
    return list(dict.fromkeys(g.strip() if isinstance(g, str) else g for g in labels if not _missing(g)))


def labelled(values: Sequence[Any], labels: Sequence[Any]) -> tuple[list[float], list[Any], list[Any], int]:
    """The observations and labels kept (rows with neither missing), the groups' labels in order, and
    how many rows were left out."""
    values, labels = list(values), list(labels)
    if len(values) != len(labels):
        raise DataError(f"groups: {len(labels)} labels for {len(values)} observations; give one label per observation")
    kept = [(v, g) for v, g in zip(values, labels, strict=True) if not _missing(v) and not _missing(g)]
    xs: list[float] = []
    for v, _ in kept:
        try:
            xs.append(float(v))
        except (TypeError, ValueError):
            raise DataError(f"groups: the observation {str(v)[:40]!r} is not a number") from None
    tags = [g.strip() if isinstance(g, str) else g for _, g in kept]
    order = _order(set(tags))
    return xs, tags, order, len(values) - len(kept)


def check_groups(order: list[Any], present: list[Any], k: int | None) -> None:
    """Every group holds an observation, there are two or more, and as many as the model's when it has a number."""
    empty = [g for g in present if g not in order]
    if empty:
        raise DataError(f"groups: the group {str(empty[0])[:40]!r} has no observation (every row of it is missing)")
    if len(order) < 2:
        raise DataError(
            f"groups: the data hold {len(order)} group{'s' if len(order) != 1 else ''} with observations; "
            "several samples need 2 or more (one group is one sample: fit without groups)"
        )
    if k is not None and len(order) != k:
        raise DataError(
            f"groups: the derivation is for {k} samples but the data hold {len(order)} groups; "
            f"derive with groups={len(order)}"
        )


def grouped_columns(
    model: Model, values: Sequence[Any], labels: Sequence[Any]
) -> tuple[dict[str, list[float]], list[dict[str, Any]], list[str]]:
    """The fit's columns (observations and indicators of groups 2..k), each group's number, label and
    size (the fit's `groups`), and the warnings to add (rows left out)."""
    s = model.samples
    if s is None:
        raise ParseError(f"groups= applies to several samples: derive with groups=K ({named('groups')} K)")
    present = present_labels(labels)
    xs, tags, order, dropped = labelled(values, labels)
    check_groups(order, present, s.k)
    columns: dict[str, list[float]] = {model.var.name: xs}
    for label, g in zip(order[1:], s.indicators if model.covariates else (), strict=False):
        columns[g.name] = [1.0 if t == label else 0.0 for t in tags]
    notes = []
    if dropped:
        notes.append(f"groups: {dropped} row{'s' if dropped != 1 else ''} with a missing observation or label left out")
    numbered = [{"group": j, "label": str(label), "n": tags.count(label)} for j, label in enumerate(order, 1)]
    return columns, numbered, notes


def read_labelled(path: str, column: str, groups: str, delimiter: str | None) -> tuple[list[str], list[str]]:
    """A CSV file's observation and label columns, as text (labels may be words)."""
    import sys

    from symle.files import TooSlow, read_bounded, unreadable

    try:
        raw = sys.stdin.buffer.read(LIMIT) if path == "-" else read_bounded(path, LIMIT, 10.0)
    except OSError as err:
        raise DataError(unreadable(path, err)) from None
    except TooSlow:
        raise DataError(f"{shown(path)}: no data arrived within 10 s") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(f"{shown(path)}: not UTF-8 text") from None
    first = text.splitlines()[0] if text.strip() else ""
    if delimiter is None:
        delimiter = max(",;\t|", key=first.count) if any(d in first for d in ",;\t|") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise DataError(f"{shown(path)}: the file is empty")
    header = [h.strip() for h in rows[0]]
    for name in (column, groups):
        if name not in header:
            raise DataError(f"{shown(path)}: no column {shown(name)} (the header has {shown(', '.join(header))})")
    a, b = header.index(column), header.index(groups)
    body = [r for r in rows[1:] if any(cell.strip() for cell in r)]
    short = [r for r in body if len(r) <= max(a, b)]
    if short:
        raise DataError(f"{shown(path)}: a row has {len(short[0])} cells, fewer than the header's {len(header)}")
    return [r[a] for r in body], [r[b] for r in body]
