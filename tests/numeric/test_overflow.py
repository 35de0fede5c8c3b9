"""Data at the edge of double precision: sums that overflow (values near 1e304, summed) are taken again
scaled by a power of two, terms that overflow themselves in long double or mpmath, so that every
estimate, standard error and log-likelihood that is a double is reported; an estimate beyond double's
range is refused as such (its size given), never called undefined. Checked against mpmath at 50 digits."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

import symle
from symle.errors import DataError
from symle.numeric.columns import WIDE, InMemory, scaled_mean, scaled_sum
from symle.numeric.wald import standard_errors_beyond

mpmath.mp.dps = 50

# beyond 200 000 rows, terms that overflow one by one are summed in long double: where it is wider than double
NEEDS_WIDE = pytest.mark.skipif(not WIDE, reason="long double is no wider than double here")


def _exact_mean(values: np.ndarray) -> mpmath.mpf:
    return mpmath.fsum(mpmath.mpf(float(v)) for v in values) / len(values)


def _exact_variance(values: np.ndarray) -> mpmath.mpf:
    mean = _exact_mean(values)
    return mpmath.fsum((mpmath.mpf(float(v)) - mean) ** 2 for v in values) / len(values)


def test_scaled_sums_and_means_agree_with_mpmath() -> None:
    values = np.array([1e308, 1.5e308, -1.7e308, 1.7e308, 9e307])
    with np.errstate(over="ignore"):
        assert not math.isfinite(float(np.sum(values[[0, 1, 3]])))
    total = scaled_sum(values)
    assert mpmath.almosteq(total, mpmath.fsum(mpmath.mpf(float(v)) for v in values), rel_eps=1e-15)
    assert scaled_mean(values) == pytest.approx(float(_exact_mean(values)), rel=1e-15)
    assert scaled_sum(np.array([1.0, np.inf])) == math.inf


@pytest.mark.parametrize("repeat", [10_000, 150_000])
def test_an_exponential_whose_sum_overflows_is_fitted(repeat: int) -> None:
    """λ̂ = 1/x̄ of values alternating 1e304 and 2e304 is 6.7e-305, a double, though Σx is not."""
    data = np.tile([1e304, 2e304], repeat)
    with np.errstate(over="ignore"):
        assert not math.isfinite(float(np.sum(data)))
    result = symle.derive("exponential").fit(data)
    rate = 1 / _exact_mean(data)
    assert result["estimates"]["lambda"] == pytest.approx(float(rate), rel=1e-14)
    assert result["loglik"] == pytest.approx(float(data.size * mpmath.log(rate) - data.size), rel=1e-14)
    assert result["standard_errors"]["lambda"] == pytest.approx(float(rate / mpmath.sqrt(data.size)), rel=1e-12)
    assert result["warnings"] == []


def test_equal_observations_near_1e304_are_an_exponential_fit() -> None:
    """300 000 values of 1e304 are all equal, and their exponential fit exists: λ̂ = 1e-304."""
    data = np.full(300_000, 1e304)
    result = symle.derive("exponential").fit(data)
    assert result["estimates"]["lambda"] == pytest.approx(1e-304, rel=1e-15)
    assert result["loglik"] == pytest.approx(float(300_000 * (mpmath.log(mpmath.mpf("1e-304")) - 1)), rel=1e-14)


@pytest.mark.parametrize("repeat", [1, pytest.param(100_000, marks=NEEDS_WIDE)])
def test_a_normal_whose_squares_overflow_is_fitted_when_its_variance_is_a_double(repeat: int) -> None:
    """(xᵢ - x̄)² near 1e308 overflow one by one; σ̂² = 1.6e308 and the standard errors are doubles."""
    data = np.tile([1e154, 2e154, -1e154], repeat)
    result = symle.derive("normal").fit(data)
    variance = _exact_variance(data[:3])  # the same for every repeat
    assert result["estimates"]["mu"] == pytest.approx(float(_exact_mean(data[:3])), rel=1e-15)
    assert result["estimates"]["sigma2"] == pytest.approx(float(variance), rel=1e-13)
    n = data.size
    assert result["standard_errors"]["mu"] == pytest.approx(float(mpmath.sqrt(variance / n)), rel=1e-12)
    assert result["standard_errors"]["sigma2"] == pytest.approx(float(variance * mpmath.sqrt(2 / n)), rel=1e-12)


@pytest.mark.parametrize(
    ("family", "data", "name"),
    [
        ("normal", [1e308, 1.5e308, -1.7e308], "σ²"),  # x̄ is a double, σ̂² ≈ 2e616 is not
        pytest.param("normal", [1e304, 2e304, -1e304] * 100_000, "σ²", marks=NEEDS_WIDE),
        ("exponential", [5e-324, 1e-323], "λ"),  # 1/x̄ ≈ 1.35e323
        ("exponential", [5e-324] * 3, "λ"),  # all equal: still too large, not "all equal"
    ],
)
def test_an_estimate_beyond_double_range_is_refused_with_its_size(family: str, data: list[float], name: str) -> None:
    values = np.array(data)
    exact = _exact_variance(values) if name == "σ²" else 1 / _exact_mean(values)
    with pytest.raises(DataError) as caught:
        symle.derive(family).fit(values)
    message = str(caught.value)
    assert message.startswith(f"the estimate of {name} is about {mpmath.nstr(exact, 3)}, above the range")
    assert "undefined" not in message


def test_the_information_is_inverted_beyond_double_range() -> None:
    """An information of 1e613 and 1e-612 on its diagonal: its inverse's diagonal, square-rooted."""
    import sympy as sp

    matrix = np.array([[sp.Float("4e613"), sp.Float(0)], [sp.Float(0), sp.Float("6.25e-612")]], dtype=object)
    errors = standard_errors_beyond(matrix)
    assert errors is not None
    assert errors.tolist() == pytest.approx([float(mpmath.mpf("4e613") ** -0.5), 4e305], rel=1e-15)
    singular = np.array([[sp.Float(1), sp.Float(1)], [sp.Float(1), sp.Float(1)]], dtype=object)
    assert standard_errors_beyond(singular) is None


def test_columns_in_memory_keep_sums_that_overflow() -> None:
    columns = InMemory({"x": np.array([1.5e308, 1.5e308])})
    (total,) = columns.sums([lambda chunk: chunk["x"]])
    assert mpmath.almosteq(total, 2 * mpmath.mpf(1.5e308), rel_eps=1e-15)
