"""Fitting Dask data on a dask.distributed LocalCluster of two workers: the generated module and
symle.fit sum on the cluster and agree with the in-memory fit."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symle
from symle.errors import DataError
from symle.numeric.codegen import load

# Dask and pandas, imported by the `client` fixture that every test here uses: collecting the file (each
# pytest-xdist worker collects every file) loads neither (1.5 s of processor time)
da: Any = None
dd: Any = None
pd: Any = None
distributed: Any = None

rng = np.random.default_rng(7)
X = rng.gamma(2.5, 0.6, 40_000)


@pytest.fixture(scope="module")
def client():
    """Two worker processes: the graph holds only Dask's, NumPy's and SciPy's own functions, so it
    pickles to real processes as it would to a cluster (about two seconds to start)."""
    global da, dd, pd, distributed
    da = pytest.importorskip("dask.array")
    dd = pytest.importorskip("dask.dataframe")
    pd = pytest.importorskip("pandas")
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def _close(a: dict, b: dict, rel: float) -> None:
    for name, value in b.items():
        assert a[name] == pytest.approx(value, rel=rel), name


def test_the_generated_module_fits_a_dask_array_and_series(client) -> None:
    module = load(symle.derive("gamma"))
    expected = module.fit(X)
    array = da.from_array(X, chunks=10_000)
    _close(module.fit(array), expected, 1e-12)
    series = dd.from_pandas(pd.DataFrame({"v": X}), npartitions=3)["v"]
    _close(module.fit(series), expected, 1e-12)
    assert module.loglik(array, **expected) == pytest.approx(module.loglik(X, **expected), rel=1e-13)
    _close(module.score(array, **expected), module.score(X, **expected), 1e-6)


def test_symle_fit_on_dask_matches_in_memory(client) -> None:
    array = da.from_array(X, chunks=10_000)
    series = dd.from_pandas(pd.DataFrame({"v": X}), npartitions=3)["v"]
    for family in ("exponential", "normal", "laplace"):  # (gamma: the generated module, above)
        d = symle.derive(family)
        expected = d.fit(X)
        for data in (array, series):
            got = d.fit(data)
            assert got["n"] == expected["n"]
            _close(got["estimates"], expected["estimates"], 1e-12)
            assert got["loglik"] == pytest.approx(expected["loglik"], rel=1e-12)


def test_a_dask_regression_and_bad_data(client) -> None:
    y = (rng.random(X.size) < 1 / (1 + np.exp(-(0.3 - 0.8 * X)))).astype(float)
    frame = dd.from_pandas(pd.DataFrame({"y": y, "x": X}), npartitions=3)
    d = symle.derive("logistic-regression")
    module = load(d)
    _close(d.fit(frame)["estimates"], module.fit(X.reshape(-1, 1), y), 1e-9)
    bad = X.copy()
    bad[12_345] = -1.0
    with pytest.raises(DataError, match=r"observation 12346: -1 is outside the support of exponential"):
        symle.derive("exponential").fit(da.from_array(bad, chunks=10_000))


def test_dask_data_with_unknown_chunk_sizes_are_counted(client) -> None:
    """x[x > c] has chunks of unknown size: counted on the cluster, then fitted as the values are."""
    array = da.from_array(X, chunks=10_000)
    kept = X[X > 1.0]
    expected = symle.derive("exponential").fit(kept)
    got = symle.derive("exponential").fit(array[array > 1.0])
    assert got["n"] == kept.size
    _close(got["estimates"], {"lambda": 1 / np.mean(kept)}, 1e-12)
    _close(got["estimates"], expected["estimates"], 1e-12)
    module = load(symle.derive("gamma"))
    _close(module.fit(array[array > 1.0]), module.fit(kept), 1e-9)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: da.from_array(np.array(["1", "2", "x"]), chunks=2), "the data are text, not numbers"),
        (lambda: da.from_array(np.array(["1", "x"], dtype=object), chunks=1), "the Dask data are not all numbers"),
        (lambda: dd.from_pandas(pd.Series(["1", "x"] * 5), npartitions=2), "the data are string values, not numbers"),
        (lambda: da.from_array(np.array([1 + 1j, 2.0]), chunks=1), "complex numbers are not observations"),
        (lambda: da.from_array(np.array(["2020-01-01"], dtype="datetime64[D]")), "dates and times are not numbers"),
        (lambda: da.ones((4, 4), chunks=2), "a 4×4 Dask array: give one column"),
        (lambda: dd.from_pandas(pd.Series([1, None, 3] * 4, dtype="Int64"), npartitions=2), "observation 2 is missing"),
    ],
)
def test_dask_data_that_are_not_numbers_are_refused(client, make, words: str) -> None:
    with pytest.raises(DataError) as caught:
        symle.derive("exponential").fit(make())
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_a_dask_series_of_nullable_integers_fits_as_floats(client) -> None:
    values = [1, 2, 3, 7] * 5
    series = dd.from_pandas(pd.Series(values, dtype="Int64"), npartitions=2)
    _close(symle.derive("exponential").fit(series)["estimates"], {"lambda": 1 / np.mean(values)}, 1e-14)
