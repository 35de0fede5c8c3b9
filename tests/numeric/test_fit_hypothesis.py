"""`fit(..., test=...)` (issue 24): the likelihood-ratio, Wald and score statistics on data against hand
formulas (exponential, normal μ and σ², Poisson), the numeric families' likelihood ratio against SciPy's
densities maximised under H₀ by hand, and every p-value against scipy.stats.chi2."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

import symle
from symle.errors import DataError, ModelError, ParseError
from symle.numeric.nesting import chi2_sf

RNG = np.random.default_rng(2024)
POSITIVE = RNG.gamma(2.0, 0.7, 40)
REAL = RNG.normal(0.3, 1.2, 35)
COUNTS = RNG.poisson(2.5, 50).astype(float)


def fitted_tests(family: str, data: np.ndarray, test: object) -> dict:
    return symle.fit(family, data, test=test).to_dict()["tests"]


def check(found: dict, lr: float, wald: float, score: float, rel: float = 1e-8) -> None:
    for key, value in (("lr", lr), ("wald", wald), ("score", score)):
        assert found[key]["statistic"] == pytest.approx(value, rel=rel), key
        assert found[key]["p_value"] == pytest.approx(stats.chi2.sf(value, 1), rel=1e-6), key
    assert found["df"] == 1


def test_exponential() -> None:
    n, mean = len(POSITIVE), float(np.mean(POSITIVE))
    found = fitted_tests("exponential", POSITIVE, {"lambda": 1})["lambda"]
    hand = n * (mean - 1) ** 2
    check(found, 2 * n * (mean - 1 - math.log(mean)), hand, hand)


def test_normal_mean_and_variance_in_one_comma_list() -> None:
    n, mean = len(REAL), float(np.mean(REAL))
    spread = float(np.sum((REAL - mean) ** 2))
    found = fitted_tests("normal", REAL, "mu=0,sigma2=2")
    check(
        found["mu"],
        n * math.log(1 + n * mean**2 / spread),
        n * mean**2 / (spread / n),
        n * mean**2 / (float(np.sum(REAL**2)) / n),
        rel=1e-6,  # the variance profiled out by BFGS
    )
    ratio = spread / n / 2
    check(
        found["sigma2"],
        n * (ratio - 1 - math.log(ratio)),
        n * (ratio - 1) ** 2 / (2 * ratio**2),
        n * (ratio - 1) ** 2 / 2,
    )


def test_poisson() -> None:
    n, mean = len(COUNTS), float(np.mean(COUNTS))
    found = fitted_tests("poisson", COUNTS, ["lambda=3"])["lambda"]
    check(found, 2 * n * (mean * math.log(mean / 3) - mean + 3), n * (mean - 3) ** 2 / mean, n * (mean - 3) ** 2 / 3)


def test_gamma_likelihood_ratio_from_the_profile_maximum() -> None:
    """α = 1 makes the gamma the exponential, whose maximum under H₀ is known: β̃ = 1/x̄."""
    result = symle.fit("gamma", POSITIVE, test={"alpha": 1})
    alpha, beta = result.estimates["alpha"], result.estimates["beta"]
    best = stats.gamma.logpdf(POSITIVE, alpha, scale=1 / beta).sum()
    under = stats.expon.logpdf(POSITIVE, scale=float(np.mean(POSITIVE))).sum()
    found = result.to_dict()["tests"]["alpha"]
    assert found["lr"]["statistic"] == pytest.approx(2 * (best - under), rel=1e-6)
    assert found["lr"]["p_value"] == pytest.approx(stats.chi2.sf(2 * (best - under), 1), rel=1e-5)
    assert "test of H0: alpha = 1" in result.to_text()


@pytest.mark.parametrize("x", [1e-8, 0.5, 3.841458820694124, 12.0, 80.0])
def test_the_p_value_for_one_degree_of_freedom(x: float) -> None:
    assert chi2_sf(x, 1) == pytest.approx(math.erfc(math.sqrt(x / 2)), rel=1e-14)
    assert chi2_sf(x, 1) == pytest.approx(stats.chi2.sf(x, 1), rel=1e-9)


def test_the_summary_reports_each_statistic() -> None:
    text = symle.fit("exponential", POSITIVE, test="lambda=1").summary()
    assert "likelihood ratio" in text and "Wald" in text and "score" in text and "p = " in text


@pytest.mark.parametrize(
    ("test", "error", "words"),
    [
        ("nope=1", ModelError, "not a parameter"),
        ("lambda=-1", ModelError, "outside the parameter space"),
        ("lambda=abc", ParseError, "not a number"),
        ("lambda", ParseError, "give the value"),
        ("lambda=1,lambda=2", ParseError, "tested twice"),
        (3, ParseError, "NAME=VALUE"),
    ],
)
def test_bad_tests(test: object, error: type, words: str) -> None:
    with pytest.raises(error, match=words):
        symle.fit("exponential", POSITIVE, test=test)


def test_a_boundary_parameter_is_refused() -> None:
    with pytest.raises((ModelError, DataError), match="bounds the support"):
        symle.fit("uniform", POSITIVE, known={"a": 0}, test="b=5")


def test_an_estimate_on_the_edge_of_the_space_is_refused() -> None:
    """All zeros: λ̂ = 0 is no interior maximum, so no statistic has its χ² limit (never a NaN printed)."""
    with pytest.raises(DataError, match="on the edge of its parameter space"):
        symle.fit("poisson", [0, 0, 0, 0], test="lambda=1")
