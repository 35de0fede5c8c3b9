"""Data on a Dask cluster: a Dask array, Series or DataFrame column, whose sums run where the data are.

Nothing here imports Dask at module import (symle runs without it): a Dask collection is recognised
by its graph (`__dask_graph__`), and its sums are built from NumPy's own functions, which Dask arrays
take over (`numpy.log(x)` of a Dask array is a Dask array). Each pass over the data is one Dask
computation of all the sums it needs; only the results (a few numbers) come back to this process."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import mpmath
import numpy as np

from symle.echo import quoted
from symle.errors import DataError
from symle.model.support import Support
from symle.numeric.columns import Columns, Term, Total
from symle.numeric.runtime_data import computed, computed_arrays, is_lazy
from symle.numeric.select import select_median
from symle.numeric.values import dtype_problem

__all__ = ["DaskColumns", "dask_columns", "is_dask"]


def is_dask(data: object) -> bool:
    """A Dask collection (array, Series, DataFrame), known without importing Dask."""
    return is_lazy(data)


def _array(data: Any) -> Any:
    """A 1-D float64 Dask array with known chunk sizes, from an array, a Series or a one-column frame
    (pandas' nullable numbers and booleans as floats, a missing value as NaN, refused as not finite)."""
    if _is_frame(data):
        if len(data.columns) != 1:
            names = ", ".join(quoted(str(c)) for c in data.columns)
            raise DataError(f"a Dask DataFrame with several columns: pass one (df[name]); the columns are {names}")
        data = data[data.columns[0]]
    if hasattr(data, "to_dask_array"):
        dtype = data.dtype
        if not isinstance(dtype, np.dtype):  # pandas' own: Int64, Float64, boolean (NA becomes NaN), string
            if getattr(dtype, "kind", "O") not in "biuf":
                raise DataError(f"the data are {dtype} values, not numbers")
            data = data.astype("float64")
        data = data.to_dask_array(lengths=True)
    refused = dtype_problem(data.dtype)
    if refused is not None:
        raise DataError(refused)
    if any(math.isnan(size) for size in data.shape):  # x[x > 0.5]: one pass on the cluster counts the rows
        data = data.compute_chunk_sizes()
    if sum(size > 1 for size in data.shape) > 1:
        shape = "×".join(str(size) for size in data.shape)
        raise DataError(f"a {shape} Dask array: give one column of observations (a 1-D array)")
    if data.ndim != 1:
        data = data.reshape(-1)
    return data.astype(float)


def _is_frame(data: Any) -> bool:
    """A Dask DataFrame (a Dask Series answers to `columns` too, by its metadata: ndim tells them apart)."""
    return hasattr(data, "to_dask_array") and getattr(data, "ndim", 1) == 2


class DaskColumns(Columns):
    """Named Dask arrays of one length, summed on their cluster."""

    def __init__(self, lazy: Mapping[str, Any], source: str = "<dask>") -> None:
        super().__init__()
        self.lazy = dict(lazy)
        self.names = tuple(self.lazy)
        self.n = int(next(iter(self.lazy.values())).shape[0])
        self.source = source

    def chunks(self) -> Iterator[Mapping[str, np.ndarray]]:
        raise NotImplementedError("Dask columns are summed on their cluster, never read here chunk by chunk")

    def _sums(self, terms: Sequence[Term], scaled: bool) -> list[Total]:
        """Every term summed in one computation on the cluster; `scaled` (a sum that overflowed),
        each term's largest magnitude first, then the terms scaled by its power of two, summed."""
        with np.errstate(all="ignore"):
            values = [np.broadcast_to(t(self.lazy), (self.n,)) for t in terms]
            if not scaled:
                return [float(v) for v in computed([np.sum(v) for v in values])]
            largest = [float(m) for m in computed([np.max(np.abs(v)) for v in values])]
            exponents = [math.frexp(m)[1] if math.isfinite(m) else 0 for m in largest]
            parts = computed([np.sum(np.ldexp(v, -e)) for v, e in zip(values, exponents, strict=True)])
        return [mpmath.ldexp(mpmath.mpf(float(p)), e) for p, e in zip(parts, exponents, strict=True)]

    def extremes(self, name: str) -> tuple[float, float]:
        key = ("extremes", name)
        if key not in self.memo:
            values = self.lazy[name]
            low, high = computed([np.min(values), np.max(values)])
            self.memo[key] = (float(low), float(high))
        return self.memo[key]

    def _median(self, name: str) -> float:
        """Exact, by the same bracketing as a stream's median: each pass a histogram computed on the
        cluster, the last one bringing back the few values in the final bracket."""
        low, high = self.extremes(name)
        values = self.lazy[name]
        return select_median(lambda: _Blocks(values), self.n, low, high)

    def gather(self) -> dict[str, np.ndarray]:
        return dict(zip(self.names, computed_arrays(list(self.lazy.values())), strict=True))

    def r_factor(self, rows: Callable[[Mapping[str, np.ndarray]], np.ndarray]) -> np.ndarray:
        """R of the matrix, by Dask's tall-and-skinny QR on the cluster (only R comes back)."""
        import dask.array

        matrix = rows(self.lazy).rechunk({1: -1})
        return np.asarray(dask.array.linalg.tsqr(matrix)[1].compute())

    @property
    def arrays(self) -> None:
        return None  # not in memory


class _Blocks:
    """A Dask array's blocks, each computed on the cluster when the median's pass reaches it: the
    selection's masks and histograms are small, and each block is brought back alone."""

    def __init__(self, values: Any) -> None:
        self.values = values

    def __iter__(self) -> Iterator[np.ndarray]:
        for block in self.values.blocks:
            yield np.asarray(block.compute(), dtype=float)


def dask_columns(data: Any, names: Sequence[str], support: Support, model: str, variable: str) -> DaskColumns:
    """The response (and a regression's covariates, as the columns of a Dask DataFrame or 2-D
    array) as DaskColumns, every value checked against the support in one computation."""
    if len(names) > 1:
        if not _is_frame(data):
            raise DataError("a regression on Dask data needs a Dask DataFrame with the response and covariate columns")
        missing = [c for c in names if c not in data.columns]
        if missing:
            raise DataError(f"the Dask DataFrame has no column {quoted(missing[0])}")
        lazy = {name: _array(data[name]) for name in names}
    else:
        lazy = {names[0]: _array(data)}
    values = lazy[names[0]]
    inside = np.isfinite(values)
    for other in list(lazy.values())[1:]:
        inside &= np.isfinite(other)
    inside &= _inside(values, support)  # Support.violations' rules, lazily
    if values.shape[0] == 0:
        raise DataError("no observations")
    try:
        (outside,) = computed([(~inside).sum()])
    except (ValueError, TypeError) as exc:  # an object array holding text, converted on the cluster
        raise DataError(f"the Dask data are not all numbers ({str(exc).splitlines()[0]})") from None
    if outside:
        k = int(computed([(~inside).argmax()])[0])
        value = float(computed([values[k]])[0])
        if not np.isfinite(value) or any(not np.isfinite(float(computed([a[k]])[0])) for a in lazy.values()):
            raise DataError(f"observation {k + 1} is missing (NaN) or not a finite number")
        shown = int(value) if value.is_integer() else value
        where = f"({variable} in {support.describe()})"
        raise DataError(f"observation {k + 1}: {shown} is outside the support of {model} {where}")
    return DaskColumns(lazy)


def _inside(values: Any, support: Support) -> Any:
    """Support.violations' test, lazily: whole numbers, the listed values, the bounds."""
    inside = values == values
    if support.discrete:
        inside &= values == np.round(values)
    if support.values is not None:
        inside &= np.isin(values, np.array(support.values, dtype=float))
    lower = Support._number(support.lower, {})
    upper = Support._number(support.upper, {})
    if lower is not None:
        inside &= values >= lower if support.lower_closed or support.discrete else values > lower
    if upper is not None:
        inside &= values <= upper if support.upper_closed or support.discrete else values < upper
    return inside
