"""Data as the fitting code sees it: named columns that it reads in passes, whether they are in memory,
streamed from a file in chunks (symle.numeric.spill) or Dask arrays on a cluster (symle.numeric.distributed).

Every consumer (closed forms, standard errors, least squares) asks for several sums at once, so that
data not in memory are read once per level of nesting, never once per sum."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from symle.numeric.select import select_median

Term = Callable[[Mapping[str, np.ndarray]], Any]  # a column-wise value (array or scalar) on some rows


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

    def sums(self, terms: Sequence[Term]) -> list[float]:
        """Σ of each term over all rows, in one pass (a constant term counts once a row)."""
        totals = [0.0] * len(terms)
        first = True
        for chunk in self.chunks():
            rows = len(next(iter(chunk.values())))
            with np.errstate(all="ignore"):
                parts = [float(np.sum(np.broadcast_to(np.asarray(t(chunk), dtype=float), (rows,)))) for t in terms]
            totals = parts if first else [a + b for a, b in zip(totals, parts, strict=True)]
            first = False
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


def as_columns(data: Mapping[str, np.ndarray] | Columns) -> Columns:
    """Columns from columns, or from a mapping of names to arrays (in memory)."""
    return data if isinstance(data, Columns) else InMemory(data)
