"""The exact median of data read in passes, with a small collection cap so that brackets narrow."""

from __future__ import annotations

import numpy as np
import pytest

from symle.numeric import select


@pytest.mark.parametrize(
    "values",
    [
        np.random.default_rng(1).standard_cauchy(100_001),
        np.random.default_rng(2).exponential(1.0, 100_000),
        np.repeat([1.0, 2.0, 3.0], [40_000, 10, 40_000]),
        np.concatenate([np.full(60_000, 5.0), np.random.default_rng(3).normal(size=40_000)]),
        np.array([3.0]),
        np.array([2.0, 1.0]),
    ],
)
def test_the_median_of_chunks_is_numpys(values: np.ndarray, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(select, "CAP", 1000)
    passes = []

    def chunks():
        passes.append(1)
        return (values[k : k + 7_000] for k in range(0, values.size, 7_000))

    got = select.select_median(chunks, values.size, float(values.min()), float(values.max()))
    assert got == np.median(values)
    assert len(passes) <= 6  # (with a cap of 1000 values; 2 or 3 passes at the real cap)
