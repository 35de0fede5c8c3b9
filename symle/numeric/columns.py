"""Data as the fitting code sees it: named columns that it reads in passes, whether they are in memory,
streamed from a file in chunks (symle.numeric.spill) or Dask arrays on a cluster (symle.numeric.distributed).

Every consumer (closed forms, standard errors, least squares) asks for several sums at once, so that
data not in memory are read once per level of nesting, never once per sum."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import mpmath
import numpy as np

from symle.numeric.select import select_median

Term = Callable[[Mapping[str, np.ndarray]], Any]  # a column-wise value (array or scalar) on some rows
Total = float | mpmath.mpf  # a sum: a double, or beyond double's range an mpmath number
WIDE = np.finfo(np.longdouble).maxexp > np.finfo(np.float64).maxexp  # a long double wider than double


class Columns:
    """Named float64 columns of equal length `n`, read in passes. Subclasses supply `chunks()`
    (or override `sums`); the statistics of a column (min, max, median) and every sum already taken
    are remembered in `memo`, so that repeated requests cost no further pass."""

    source: str = "<data>"
    n: int = 0
    names: tuple[str, ...] = ()
    in_memory: bool = False  # the whole columns are at hand (one chunk)
    arrays: Mapping[str, np.ndarray] | None = None  # and these are they
    notes: tuple[str, ...] = ()  # what reading the data changed (values left out or rounded): the fit warns

    def __init__(self) -> None:
        self.memo: dict[Any, float] = {}

    def chunks(self) -> Iterator[Mapping[str, np.ndarray]]:
        raise NotImplementedError

    def sums(self, terms: Sequence[Term]) -> list[Total]:
        """Σ of each term over all rows, in one pass (a constant term counts once a row). A sum of
        finite terms that overflows double precision (values near 1e304, summed) is an mpmath
        number, from a second pass that sums each chunk's terms scaled by a power of two."""
        totals = self._sums(terms, scaled=False)
        overflowed = [k for k, total in enumerate(totals) if not math.isfinite(total)]
        if overflowed:
            again = self._sums([terms[k] for k in overflowed], scaled=True)
            for k, total in zip(overflowed, again, strict=True):
                if mpmath.isfinite(total):
                    totals[k] = total
        return totals

    def _sums(self, terms: Sequence[Term], scaled: bool) -> list[Total]:
        totals: list[Total] = [0.0] * len(terms)
        for chunk in self.chunks():
            rows = len(next(iter(chunk.values())))
            with np.errstate(all="ignore"):
                values = [np.broadcast_to(np.asarray(t(chunk), dtype=float), (rows,)) for t in terms]
                if scaled:
                    parts = [_wide_sum(t, chunk, rows, v) for t, v in zip(terms, values, strict=True)]
                else:
                    parts = [float(np.sum(v)) for v in values]
            totals = [a + b for a, b in zip(totals, parts, strict=True)]
        return totals

    def extremes(self, name: str) -> tuple[float, float]:
        """(min, max) of a column."""
        key = ("extremes", name)
        if key not in self.memo:
            low, high = np.inf, -np.inf
            for chunk in self.chunks():
                low, high = min(low, float(np.min(chunk[name]))), max(high, float(np.max(chunk[name])))
            self.memo[key] = (low, high)
        return self.memo[key]

    def median(self, name: str) -> float:
        """The exact median of a column (NumPy's definition: the mean of the two middle values when n is even)."""
        key = ("median", name)
        if key not in self.memo:
            self.memo[key] = self._median(name)
        return self.memo[key]

    def _median(self, name: str) -> float:
        if self.in_memory:
            return float(np.median(self.gather()[name]))
        low, high = self.extremes(name)
        return select_median(lambda: (chunk[name] for chunk in self.chunks()), self.n, low, high)

    def r_factor(self, rows: Callable[[Mapping[str, np.ndarray]], np.ndarray]) -> np.ndarray:
        """R of the QR factorisation of the matrix whose rows `rows(chunk)` gives, chunk by chunk: each
        chunk's rows stacked under the R so far and factorised again (a tall-and-skinny QR)."""
        r: np.ndarray | None = None
        for chunk in self.chunks():
            block = rows(chunk)
            r = np.linalg.qr(block if r is None else np.vstack([r, block]), mode="r")
        assert r is not None
        return r

    def gather(self) -> dict[str, np.ndarray]:
        """The whole columns in memory (for small data only: the exact arithmetic of evaluate)."""
        parts = list(self.chunks())
        return {name: np.concatenate([p[name] for p in parts]) for name in self.names}

    def all_equal(self, name: str) -> bool:
        low, high = self.extremes(name)
        return low == high

    def first(self, name: str) -> float:
        """Any one value of the column (the value of all, when they are all equal)."""
        return self.extremes(name)[0]


class InMemory(Columns):
    """Columns that are NumPy arrays already: one chunk, NumPy's own reductions."""

    in_memory = True

    def __init__(self, arrays: Mapping[str, np.ndarray], source: str = "<data>", notes: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.arrays = dict(arrays)
        self.names = tuple(self.arrays)
        self.n = len(next(iter(self.arrays.values())))
        self.source = source
        self.notes = notes

    def chunks(self) -> Iterator[Mapping[str, np.ndarray]]:
        yield self.arrays

    def extremes(self, name: str) -> tuple[float, float]:
        return float(np.min(self.arrays[name])), float(np.max(self.arrays[name]))

    def all_equal(self, name: str) -> bool:
        values = self.arrays[name]
        return bool(np.all(values == values[0]))

    def first(self, name: str) -> float:
        return float(self.arrays[name][0])

    def gather(self) -> dict[str, np.ndarray]:
        return self.arrays


def scaled_sum(values: np.ndarray) -> Total:
    """Σ values without overflow: each value scaled by the power of two of the largest (exactly),
    summed in double precision, and scaled back in mpmath, whose exponents have no limit. A value
    that is itself infinite or NaN makes the sum so."""
    with np.errstate(all="ignore"):
        largest = float(np.max(np.abs(values))) if values.size else 0.0
        if not math.isfinite(largest) or largest == 0.0:
            return float(np.sum(values))
        exponent = math.frexp(largest)[1]
        return mpmath.ldexp(mpmath.mpf(float(np.sum(np.ldexp(values, -exponent)))), exponent)


def _wide_sum(term: Term, chunk: Mapping[str, np.ndarray], rows: int, values: np.ndarray) -> Total:
    """Σ of a term over a chunk without overflow: its finite values scaled (scaled_sum); values that
    overflow themselves ((x - x̄)² near 1e304) computed again in long double, where the machine's is
    wider than double (x86: exponents to 1e4932), else left infinite."""
    if np.all(np.isfinite(values)) or not WIDE:
        return scaled_sum(values)
    wide = np.broadcast_to(np.asarray(term({k: v.astype(np.longdouble) for k, v in chunk.items()})), (rows,))
    if wide.dtype != np.longdouble or not np.all(np.isfinite(wide)):
        return scaled_sum(values)
    total = np.sum(wide)
    return mpmath.mpf(np.format_float_scientific(total, unique=True)) if np.isfinite(total) else scaled_sum(values)


def scaled_mean(values: np.ndarray) -> float:
    """The mean of finite values, which lies between their extremes, so always a double: NumPy's
    mean overflows where their sum does (1e308 + 1.5e308)."""
    with np.errstate(over="ignore"):
        mean = float(np.mean(values))
    return mean if math.isfinite(mean) else float(scaled_sum(values) / values.size)


def as_columns(data: Mapping[str, np.ndarray] | Columns) -> Columns:
    """Columns from columns, or from a mapping of names to arrays (in memory)."""
    return data if isinstance(data, Columns) else InMemory(data)
