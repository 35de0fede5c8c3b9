"""Python values as observations: a sequence, an array, a Series, a generator, or a table (a mapping or
DataFrame of columns, as a regression needs), made float64 and checked, with one clear error for all
that is not a real number (text, complex numbers, dates, ragged lists, a set), and a note in the fit's
warnings for what was changed on the way (masked values left out, integers rounded to double).

Booleans are numbers here, as in NumPy and Python: True is 1 and False is 0, so a Bernoulli model
fits a column of True/False as it fits 1/0. Missing values (NaN, None, pandas' NA) are refused, as an
empty cell of a file is; a masked array's masked values are left out, as NumPy's own statistics do."""

from __future__ import annotations

import datetime
import decimal
import math
import numbers
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from symle.errors import DataError
from symle.numeric.chunk import ROUNDED, inexact_integers
from symle.numeric.data import DATA_NAME, Sample

__all__ = ["dtype_problem", "observations"]

_DATES = "dates and times are not numbers: convert them in a unit, e.g. (t - t[0]) / np.timedelta64(1, 'D')"
_BEYOND = "beyond double precision (at most 1.8e308)"
_COMPLEX = "complex numbers are not observations of a real variable (give x.real if the imaginary parts are noise)"


def observations(
    data: Any, names: Sequence[str], sources: Sequence[str] | None = None, missing: str = "error"
) -> Sample:
    """The observations of `names[0]` (and a regression's covariates `names[1:]`) as a Sample whose
    `lines` are the 1-based positions of the rows kept. A table's columns `sources` (by default
    `names`) are read under `names`; with `missing` "drop", rows with a missing value (NaN, None, NA)
    are left out and counted in a note, with "error" refused."""
    if isinstance(data, Sample):
        return data
    if _is_table(data):
        columns = _table_columns(data, names, list(sources) if sources else None)
    elif len(names) > 1:
        wanted = ", ".join(repr(name) for name in sources or names)
        raise DataError(f"a regression's data are a table: a mapping or DataFrame with the columns {wanted}")
    elif sources:
        raise DataError(f"column {sources[0]!r}: only a table (a mapping or DataFrame) or a CSV file has columns")
    else:
        columns = {names[0]: data}
    drop = missing == "drop"
    converted = {name: _column(values, name if len(columns) > 1 else None, drop) for name, values in columns.items()}
    sizes = {name: values.size for name, (values, _, _) in converted.items()}
    if len(set(sizes.values())) > 1:
        shown = ", ".join(f"{name!r} has {size}" for name, size in sizes.items())
        raise DataError(f"the columns have different lengths: {shown}")
    masked = np.zeros(next(iter(sizes.values())), dtype=bool)
    for _, mask, _ in converted.values():
        if mask is not None:
            masked |= mask
    gaps = np.zeros_like(masked)
    if drop:
        for values, _, _ in converted.values():
            gaps |= np.isnan(values)  # (missing values were made NaN: any other NaN is one too)
        gaps &= ~masked
    notes = list(dict.fromkeys(note for _, _, column_notes in converted.values() for note in column_notes))
    total = masked.size
    if (masked | gaps).all():
        raise DataError(f"no observations: all {total} values are {'masked' if masked.all() else 'missing'}")
    if gaps.any():
        notes.insert(0, _missing_note(int(gaps.sum()), total))
    if masked.any():
        notes.insert(0, _masked_note(int(masked.sum()), total, rows=len(converted) > 1))
    keep = ~(masked | gaps)
    arrays = {name: _frozen(values[keep]) for name, (values, _, _) in converted.items()}
    for name, values in arrays.items():
        _check_finite(values, np.flatnonzero(keep), name if len(arrays) > 1 else None)
    response = arrays.pop(names[0])
    return Sample(response, _frozen(np.flatnonzero(keep) + 1), DATA_NAME, arrays, tuple(notes))


def _masked_note(count: int, total: int, rows: bool) -> str:
    """'2 of the 5 values are masked: they were left out, ...' (a regression's: rows with a masked value)."""
    what = (
        ("rows has a masked value", "rows have a masked value") if rows else ("values is masked", "values are masked")
    )
    left = ("it was", "they were")[count > 1]
    return f"{count} of the {total} {what[count > 1]}: {left} left out, the fit uses the other {total - count}"


def _missing_note(count: int, total: int) -> str:
    """'2 of the 5 rows have a missing value (NaN, None, NA): they were left out, ...'."""
    what, left = ("row has", "it was") if count == 1 else ("rows have", "they were")
    return (
        f"{count} of the {total} {what} a missing value (NaN, None or NA): {left} left out, the fit uses the "
        f"other {total - count} (missing='error' refuses them)"
    )


def _is_table(data: Any) -> bool:
    return isinstance(data, Mapping) or (hasattr(data, "columns") and hasattr(data, "to_numpy"))


def _table_columns(data: Any, names: Sequence[str], sources: list[str] | None) -> dict[str, Any]:
    """The columns `sources` (by default `names`) of a mapping or DataFrame, under `names`; without
    covariates or a column chosen, a table's only column is the data."""
    keys = list(data.keys() if isinstance(data, Mapping) else data.columns)
    available = [str(k) for k in keys]
    shown = ", ".join(repr(name) for name in available) or "none"
    if sources is None and len(names) == 1 and names[0] not in available:
        if len(available) != 1:
            raise DataError(
                f"the data have the columns {shown}: choose one with column=NAME (or pass it alone, data[NAME])"
            )
        return {names[0]: data[keys[0]]}
    picked = {}
    for name, source in zip(names, sources or names, strict=True):
        if source not in available:
            raise DataError(f"the data have no column {source!r}; the columns are {shown}")
        picked[name] = data[keys[available.index(source)]]
    return picked


def _column(data: Any, name: str | None, drop: bool = False) -> tuple[np.ndarray, np.ndarray | None, list[str]]:
    """One column as float64 values (masked entries included), its mask (True where masked) or None,
    and the notes on its conversion; with `drop`, a missing value (None, NA, NaN) is NaN."""
    where = f"column {name!r}: " if name is not None else ""
    if data is None:
        raise DataError(f"{where}no data: give numbers (a sequence or an array), a file's path, or a Dask array")
    if isinstance(data, (bytes, bytearray, memoryview)):
        raise DataError(f"{where}bytes are not observations: give numbers, or a file's path as text")
    if isinstance(data, (set, frozenset)):
        raise DataError(f"{where}a set drops repeated observations: give a list or an array")
    if isinstance(data, Iterator):
        data = list(data)  # a generator: read once, here
    mask = None
    if isinstance(data, np.ma.MaskedArray):
        mask = np.ma.getmaskarray(data).reshape(-1)
        data = np.ma.getdata(data)
    try:
        array = np.asarray(data)
    except (ValueError, TypeError):
        raise DataError(f"{where}the data are not a flat list of numbers (nested lists of unequal lengths?)") from None
    array = _flat(array, where)
    notes: list[str] = []
    kind = array.dtype.kind
    if kind in "iu" and inexact_integers(array):
        notes.append(ROUNDED)
    refused = dtype_problem(array.dtype)
    if refused is not None:
        raise DataError(where + refused)
    if kind in "biuf":
        with np.errstate(over="ignore"):
            values = array.astype(np.float64)
        overflow = np.isfinite(array) & ~np.isfinite(values) if kind == "f" else np.zeros(0, dtype=bool)
        if overflow.any():  # a long double beyond double's range
            k = int(np.argmax(overflow))
            raise DataError(f"{where}observation {k + 1}: {str(array[k])} is {_BEYOND}")
        return values, mask, notes
    values = np.empty(array.size, dtype=np.float64)
    for k, item in enumerate(array.tolist()):
        if mask is not None and mask[k]:
            values[k] = 0.0
            continue
        if drop and (item is None or type(item).__name__ in ("NAType", "NaTType")):
            values[k] = math.nan
            continue
        values[k] = _number(item, k, where, notes)
    return values, mask, notes


def dtype_problem(dtype: np.dtype) -> str | None:
    """Why an array of this dtype is not observations (dates, complex numbers, text), or None for
    numbers and booleans, and for objects (read one by one, or by Dask when it computes)."""
    kind = dtype.kind
    if kind in "mM":
        return _DATES
    if kind == "c":
        return _COMPLEX
    if kind in "US":
        return "the data are text, not numbers: convert them first, or give a file's path"
    if kind not in "biufO":
        return f"an array of {dtype} is not numbers"
    return None


def _flat(array: np.ndarray, where: str) -> np.ndarray:
    """A 1-D array: a scalar is one observation, a single row or column is flattened, a true matrix refused."""
    if array.ndim == 0:
        return array.reshape(1)
    if array.ndim > 1 and sum(size > 1 for size in array.shape) > 1:
        shape = "×".join(str(size) for size in array.shape)
        raise DataError(f"{where}a {shape} array: give one column of observations (a 1-D array)")
    array = array.reshape(-1)
    if array.size == 0:
        raise DataError(f"{where}no observations")
    return array


def _number(item: Any, k: int, where: str, notes: list[str]) -> float:
    """One element of an object array: a number (Python's, NumPy's, a Fraction or a Decimal) as a float."""
    place = f"{where}observation {k + 1}"
    if isinstance(item, (bool, np.bool_)):
        return float(item)
    if isinstance(item, (numbers.Integral, np.integer)):
        try:
            value = float(item)
        except OverflowError:
            digits = len(str(abs(int(item))))
            raise DataError(f"{place}: an integer of {digits} digits is {_BEYOND}") from None
        if abs(int(item)) > 2**53 and int(value) != int(item) and ROUNDED not in notes:
            notes.append(ROUNDED)
        return value
    if isinstance(item, (numbers.Real, decimal.Decimal)):
        try:
            value = float(item)  # a Decimal beyond double's range gives inf, a Fraction raises
        except OverflowError:
            value = math.inf
        given_infinite = (
            isinstance(item, (float, np.floating)) or isinstance(item, decimal.Decimal) and item.is_infinite()
        )
        if math.isinf(value) and not given_infinite:
            raise DataError(f"{place}: {_shown(item)} is {_BEYOND}")
        return value
    if item is None or type(item).__name__ in ("NAType", "NaTType"):
        raise DataError(f"{place} is missing ({item}): leave missing values out first (e.g. series.dropna())")
    if isinstance(item, (datetime.date, datetime.time, datetime.timedelta, np.datetime64, np.timedelta64)):
        raise DataError(f"{place}: {_DATES}")
    if isinstance(item, (complex, np.complexfloating)):
        raise DataError(f"{place}: {_COMPLEX}")
    if isinstance(item, (str, bytes)):
        raise DataError(f"{place}: {_shown(item)} is text, not a number")
    raise DataError(f"{place}: a {type(item).__name__} is not a number")


def _check_finite(values: np.ndarray, positions: np.ndarray, name: str | None) -> None:
    finite = np.isfinite(values)
    if finite.all():
        return
    k = int(np.argmin(finite))
    place = f"observation {positions[k] + 1}" if name is None else f"column {name!r}, observation {positions[k] + 1}"
    if np.isnan(values[k]):
        raise DataError(f"{place} is missing (NaN): leave missing values out first (e.g. series.dropna())")
    raise DataError(f"{place}: {values[k]:g} is not a finite number")


def _shown(item: Any) -> str:
    text = repr(item) if isinstance(item, (str, bytes)) else str(item)
    return text if len(text) <= 40 else text[:40] + "..."


def _frozen(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array
