"""Likelihood-ratio tests between nested families: the χ² tail against scipy.stats.chi2, and the
statistic against the two fits' log-likelihoods."""

from __future__ import annotations

import pytest
from scipy import stats

from symle.numeric.nesting import NESTINGS, chi2_sf, likelihood_ratio


@pytest.mark.parametrize("df", [1, 2, 3, 5])
@pytest.mark.parametrize("statistic", [1e-8, 0.3, 1.0, 3.84, 10.0, 60.0, 400.0])
def test_the_chi2_tail_agrees_with_scipy(df: int, statistic: float) -> None:
    assert chi2_sf(statistic, df) == pytest.approx(stats.chi2.sf(statistic, df), rel=1e-12, abs=1e-300)


def test_the_statistic_and_its_p_value() -> None:
    gamma = next(n for n in NESTINGS if n.large == "gamma")
    test = likelihood_ratio(gamma, -120.0, -117.5)
    assert test["statistic"] == 5.0 and test["df"] == 1
    assert test["p_value"] == pytest.approx(stats.chi2.sf(5.0, 1), rel=1e-12)


def test_on_the_boundary_the_p_value_is_the_mixtures() -> None:
    negbin = next(n for n in NESTINGS if n.boundary)
    test = likelihood_ratio(negbin, -120.0, -117.5)
    mixture = 0.5 * stats.chi2.sf(5.0, 1)  # ½χ²₀ + ½χ²₁: χ²₀ puts no mass above 5
    assert test["p_value"] == pytest.approx(mixture, rel=1e-12) and test["reference"] == "½χ²₀ + ½χ²₁"
    assert likelihood_ratio(negbin, -120.0, -120.0)["p_value"] == 1.0


def test_a_larger_family_fitted_below_the_smaller_is_named() -> None:
    gamma = next(n for n in NESTINGS if n.large == "gamma")
    assert likelihood_ratio(gamma, -120.0, -120.0 - 1e-12)["statistic"] == 0.0  # rounding
    assert "its maximum was not found" in likelihood_ratio(gamma, -120.0, -121.0)["note"]
