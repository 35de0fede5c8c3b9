"""The first pass over a data file, and the columns that later passes read.

The first pass parses the file chunk by chunk (symle.numeric.stream), checks every value (the caller's
check names the line of a value outside the support), keeps the size, each column's extremes and a
subsample (the numeric fitters' warm start), and writes the parsed values to a temporary binary file,
8 bytes a value. Later passes read that copy: parsing text is the expensive part of a pass, and
standard input cannot be read twice. Memory stays bounded by the chunk size; data that fit in one
chunk stay in memory and are fitted exactly as in-memory data are."""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import IO, Any

import numpy as np

from symle.echo import shown
from symle.errors import DataError
from symle.numeric.columns import Columns
from symle.numeric.runtime_data import SUBSAMPLE
from symle.numeric.stream import Chunk, DataFile, Progress

Check = Callable[[Chunk], None]


class Streamed(Columns):
    """Columns read once from a file, then from memory (one chunk) or from the temporary copy."""

    def __init__(
        self,
        source: str,
        names: tuple[str, ...],
        n: int,
        extremes: dict[str, tuple[float, float]],
        sample: dict[str, np.ndarray],
        memory: dict[str, np.ndarray] | None,
        copy: IO[bytes] | None,
        sizes: list[int],
        notes: tuple[str, ...] = (),
    ) -> None:
        super().__init__()
        self.source, self.names, self.n, self.notes = source, names, n, notes
        self.in_memory = memory is not None
        self._extremes, self._sample, self._memory, self._copy, self._sizes = extremes, sample, memory, copy, sizes

    def chunks(self) -> Iterator[Mapping[str, np.ndarray]]:
        if self._memory is not None:
            yield self._memory
            return
        assert self._copy is not None
        self._copy.seek(0)
        for size in self._sizes:
            yield {name: np.fromfile(self._copy, dtype=np.float64, count=size) for name in self.names}

    def extremes(self, name: str) -> tuple[float, float]:
        return self._extremes[name]

    def all_equal(self, name: str) -> bool:
        if self._memory is not None:
            values = self._memory[name]
            return bool(np.all(values == values[0]))
        low, high = self._extremes[name]
        return low == high

    def gather(self) -> dict[str, np.ndarray]:
        return self._memory if self._memory is not None else super().gather()

    @property
    def arrays(self) -> dict[str, np.ndarray] | None:
        """The columns when they are in memory (one chunk), else None."""
        return self._memory

    @property
    def summary(self) -> dict[str, Any]:
        """What a generated fitter needs before its first pass (runtime_data.read_source): the size,
        the response's extremes, a subsample and the exact median, all checked by the first pass."""
        response = self.names[0]
        low, high = self._extremes[response]
        return {"n": self.n, "low": low, "high": high, "sample": self._sample, "median": lambda: self.median(response)}

    def close(self) -> None:
        if self._copy is not None:
            self._copy.close()


class _Thinned:
    """Every step-th row (step a power of 2, doubled as the rows come): between SUBSAMPLE and twice
    as many rows of any length of data, spread over all of it, kept as they are read."""

    def __init__(self) -> None:
        self.step = 1
        self.parts: list[dict[str, np.ndarray]] = []
        self.size = 0

    def add(self, arrays: Mapping[str, np.ndarray], row: int) -> None:
        offset = (-row) % self.step
        part = {k: v[offset :: self.step].copy() for k, v in arrays.items()}  # (a view would keep the chunk)
        self.parts.append(part)
        self.size += len(next(iter(part.values())))
        if self.size > 2 * SUBSAMPLE:
            merged = self.sample()
            self.step *= 2
            self.parts = [{k: v[::2] for k, v in merged.items()}]
            self.size = len(next(iter(self.parts[0].values())))

    def sample(self) -> dict[str, np.ndarray]:
        return {k: np.concatenate([p[k] for p in self.parts]) for k in self.parts[0]}


def scan(data: DataFile, names: Sequence[str], check: Check, progress: Progress | None = None) -> Streamed:
    """Read the file once: every chunk checked (`check` raises a DataError naming the line), its
    size, extremes and a subsample kept, its values copied for the passes that follow."""
    names = tuple(names)
    n = 0
    extremes: dict[str, tuple[float, float]] = {}
    thinned = _Thinned()
    first: dict[str, np.ndarray] | None = None
    copy: IO[bytes] | None = None
    sizes: list[int] = []
    notes: dict[str, None] = {}
    dropped = 0
    try:
        for chunk in data.chunks(progress or data.progress):
            dropped += chunk.dropped
            if not len(chunk):
                continue
            arrays = dict(zip(names, chunk.arrays.values(), strict=True))
            chunk = dataclasses.replace(chunk, arrays=arrays)
            check(chunk)
            notes.update(dict.fromkeys(chunk.notes))
            for name, values in arrays.items():
                low, high = float(np.min(values)), float(np.max(values))
                old = extremes.get(name, (low, high))
                extremes[name] = (min(old[0], low), max(old[1], high))
            thinned.add(arrays, n)
            n += len(chunk)
            if first is None:
                first = arrays
                continue
            if copy is None:
                copy = _temporary(data.name)
                _write(copy, first, sizes, data.name)
            _write(copy, arrays, sizes, data.name)
    except BaseException:
        if copy is not None:
            copy.close()
        raise
    if first is None:
        raise DataError(f"{shown(data.name)}: no observations")
    if copy is not None:
        copy.flush()
    sample = first if copy is None else thinned.sample()
    memory = first if copy is None else None
    if dropped:
        notes = {missing_note(data.name, dropped, n): None, **notes}
    return Streamed(data.name, names, n, extremes, sample, memory, copy, sizes, tuple(notes))


def missing_note(name: str, dropped: int, kept: int) -> str:
    """The warning that counts the rows left out for a missing value."""
    rows = "row has a missing value: it was" if dropped == 1 else "rows have a missing value: they were"
    return f"{dropped} {rows} left out ({shown(name)}), the fit uses the other {kept} (they can be refused instead)"


def _temporary(name: str) -> IO[bytes]:
    try:
        return tempfile.TemporaryFile(prefix="symle-data-")
    except OSError as err:
        raise DataError(f"{shown(name)}: cannot make a temporary copy of the data ({err.strerror or err})") from None


def _write(copy: IO[bytes], arrays: Mapping[str, np.ndarray], sizes: list[int], name: str) -> None:
    try:
        for values in arrays.values():
            copy.write(np.ascontiguousarray(values, dtype=np.float64).data)
    except OSError as err:
        where = f"{shown(tempfile.gettempdir())} ({err.strerror or err})"
        raise DataError(f"{shown(name)}: no room for a temporary copy of the data in {where}") from None
    sizes.append(len(next(iter(arrays.values()))))
