"""The exact median of data read in passes, in bounded memory.

A median cannot be accumulated like a sum. Reading the column into memory would break the memory
bound that streaming promises (8 bytes a value: 800 MB for 1e8 values), so it is selected instead:
each pass counts the values in a bracket [lo, hi] in 4096 equal bins and narrows the bracket to the
bin(s) holding the middle rank(s), until the bracket holds at most CAP values, which the last pass
collects and sorts. For most data that is two passes after the extremes (one histogram, one
collection); each pass costs about as much as a sum."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

BINS = 4096
CAP = 1 << 20  # values collected into memory at the end (8 MB)
MAX_PASSES = 12  # then collect whatever the bracket holds (only for values packed within a few ulps)


def select_median(chunks: Callable[[], Iterable[np.ndarray]], n: int, low: float, high: float) -> float:
    """NumPy's median of the values that `chunks()` yields, a pass each call: the middle value, or the
    mean of the two middle ones when n is even; `low` and `high` are the extremes."""
    ranks = sorted({(n - 1) // 2, n // 2})
    return float(np.mean(select_ranks(chunks, ranks, low, high)))


def _inside(values: np.ndarray, lo: float, hi: float, closed: bool) -> np.ndarray:
    return (values >= lo) & ((values <= hi) if closed else (values < hi))


def select_ranks(chunks: Callable[[], Iterable[np.ndarray]], ranks: list[int], low: float, high: float) -> list[float]:
    """The values of the given 0-based ranks (adjacent or equal), found by narrowing a bracket."""
    lo, hi, closed, below = low, high, True, 0  # the bracket: lo <= x <= hi (x < hi unless closed)
    for attempt in range(MAX_PASSES + 1):
        if lo == hi:
            return [lo for _ in ranks]
        # the last pass, or a bracket too narrow for equal bins (values a few ulps apart): collect it
        final = attempt == MAX_PASSES or hi - lo <= 8 * BINS * np.spacing(max(abs(lo), abs(hi)))
        counts = np.zeros(BINS, dtype=np.int64)
        inside = 0
        collected: list[np.ndarray] = []
        for values in chunks():
            mask = _inside(values, lo, hi, closed)
            picked = values[mask]
            inside += picked.size
            if final or inside <= CAP:
                collected.append(picked)
            else:
                collected = []
            if not final:
                counts += np.histogram(picked, bins=BINS, range=(lo, hi))[0]
        if final or inside <= CAP:
            ordered = np.sort(np.concatenate(collected)) if collected else np.empty(0)
            return [float(ordered[r - below]) for r in ranks]
        # numpy's equal bins: [e_k, e_k+1), the last one closed at hi; the edges are exactly these
        edges = np.histogram_bin_edges(np.empty(0), bins=BINS, range=(lo, hi))
        cumulative = below + np.cumsum(counts)
        first = int(np.searchsorted(cumulative, ranks[0], side="right"))
        last = int(np.searchsorted(cumulative, ranks[-1], side="right"))
        below = below + (int(np.sum(counts[:first])) if first else 0)
        lo, closed = float(edges[first]), last == BINS - 1 and closed
        hi = float(edges[last + 1])
    raise AssertionError("unreachable: the last pass collects the bracket")
