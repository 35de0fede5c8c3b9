"""Left- and interval-censored lifetimes: the fits against scipy's CensoredData (left_censored,
interval_censored) to 1e-4, the left-censored page's likelihood, and bad bounds refused in one line."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import symle
from symle.errors import DataError, ParseError

TIMEOUT = 60


def _left(seed: int, size: int = 80) -> tuple[np.ndarray, np.ndarray]:
    """Weibull(1.6, 2) lifetimes seen only above a detection limit: below it, the limit with δ = 0."""
    rng = np.random.default_rng(seed)
    life, limit = rng.weibull(1.6, size) * 2.0, rng.uniform(0, 1.5, size)
    return np.maximum(life, limit), (life >= limit).astype(int)


def _intervals(seed: int, size: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """Inspections every 0.5: the interval holding each lifetime; a fifth observed exactly (lo = hi), those
    beyond 3 right-censored (hi = inf), those before the first inspection left-censored (lo = 0)."""
    rng = np.random.default_rng(seed)
    life = rng.weibull(1.6, size) * 2.0
    lo = np.floor(life / 0.5) * 0.5
    hi = lo + 0.5
    exact = rng.random(size) < 0.2
    lo[exact] = hi[exact] = life[exact]
    right = life > 3
    lo[right], hi[right] = 3.0, np.inf
    return lo, hi


def _scipy_intervals(lo: np.ndarray, hi: np.ndarray) -> stats.CensoredData:
    return stats.CensoredData.interval_censored(lo, hi)  # (lo = hi exact, hi = inf right-censored, as here)


@pytest.fixture(scope="module")
def left_exponential() -> symle.Derivation:
    return symle.derive("exponential", censoring="left", timeout=TIMEOUT)


def test_the_left_censored_page_states_its_likelihood(left_exponential) -> None:
    page = left_exponential.to_text()
    assert "left-censored" in page and "F(t_i; λ)^(1 - δ_i) f(t_i; λ)^(δ_i)" in page
    assert "F(t; λ) = 1 - exp(-λt)" in page and "found numerically" in page


def test_the_left_censored_exponential_matches_scipy(left_exponential) -> None:
    t, d = _left(1)
    estimate = left_exponential.fit(t, censored=d)["estimates"]["lambda"]
    _, scale = stats.expon.fit(stats.CensoredData.left_censored(t, d == 0), floc=0)
    assert estimate == pytest.approx(1 / scale, rel=1e-4)


@pytest.mark.slow
def test_the_left_censored_weibull_matches_scipy() -> None:
    t, d = _left(2, 120)
    estimates = symle.fit("weibull", t, censored=d, censoring="left", timeout=TIMEOUT).to_dict()["estimates"]
    shape, _, scale = stats.weibull_min.fit(stats.CensoredData.left_censored(t, d == 0), floc=0)
    assert estimates["k"] == pytest.approx(shape, rel=1e-4)
    assert estimates["lambda"] == pytest.approx(scale, rel=1e-4)


def test_the_interval_censored_exponential_matches_scipy() -> None:
    lo, hi = _intervals(3)
    result = symle.fit("exponential", intervals=(lo, hi), timeout=TIMEOUT).to_dict()
    _, scale = stats.expon.fit(_scipy_intervals(lo, hi), floc=0)
    assert result["estimates"]["lambda"] == pytest.approx(1 / scale, rel=1e-4)
    exact = int(np.sum(lo == hi))
    assert result["censoring"] == {"failures": exact, "censored": lo.size - exact}
    assert result["standard_errors"]["lambda"] > 0


@pytest.mark.slow
@pytest.mark.parametrize("family", ["weibull", "gamma"])
def test_the_interval_censored_two_parameter_fits_match_scipy(family: str) -> None:
    lo, hi = _intervals(4, 150)
    estimates = symle.fit(family, intervals=(lo, hi), timeout=TIMEOUT).to_dict()["estimates"]
    if family == "weibull":
        shape, _, scale = stats.weibull_min.fit(_scipy_intervals(lo, hi), floc=0)
        expected = {"k": shape, "lambda": scale}
    else:
        shape, _, scale = stats.gamma.fit(_scipy_intervals(lo, hi), floc=0)
        expected = {"alpha": shape, "beta": 1 / scale}
    assert estimates == pytest.approx(expected, rel=1e-4)


@pytest.mark.parametrize(
    ("lo", "hi", "words"),
    [
        ([1.0, 2.0], [0.5, 3.0], "reversed at row 1: lo = 1 > hi = 0.5"),
        ([1.0, 2.0], [1.5], "different lengths"),
        ([1.0, np.nan], [1.5, 2.5], "must be numbers"),
        ([1.0, np.inf], [1.5, np.inf], "lo below inf"),
    ],
)
def test_bad_bounds_are_refused_in_one_line(lo, hi, words: str) -> None:
    with pytest.raises(DataError, match=words.replace("(", r"\(")) as caught:
        symle.fit("exponential", intervals=(lo, hi), timeout=TIMEOUT)
    assert "\n" not in str(caught.value)


def test_intervals_take_no_other_data_and_censoring_names_a_side() -> None:
    with pytest.raises(ParseError, match="give no data"):
        symle.fit("exponential", [1.0, 2.0], intervals=([1.0], [2.0]), timeout=TIMEOUT)
    with pytest.raises(ParseError, match="'right' or 'left'"):
        symle.derive("exponential", censoring="middle", timeout=TIMEOUT)
