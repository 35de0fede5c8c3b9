"""Profile-likelihood intervals (issue 24) against a brute-force scan: the log-likelihood (SciPy's
densities) on a fine grid of the parameter, the others maximised at each point by SciPy's scalar
optimiser, and the interval's ends where 2(ℓ̂ − ℓₚ) crosses scipy.stats.chi2's quantile."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from scipy import optimize, stats

import symle
from symle.errors import ParseError

RNG = np.random.default_rng(99)
X = RNG.gamma(2.5, 0.8, 80)
Y = RNG.binomial(1, 0.3, 60)


def scanned(
    profile: Callable[[float], float], estimate: float, low: float, high: float, level: float, points: int = 2001
) -> list[float]:
    """The ends of {t : 2(ℓₚ(t̂) − ℓₚ(t)) ≤ χ²₁} from ℓₚ on a grid of points, linearly interpolated."""
    grid = np.linspace(low, high, points)
    drop = np.array([2 * (profile(estimate) - profile(t)) for t in grid]) - stats.chi2.ppf(level, 1)
    inside = np.flatnonzero(drop <= 0)
    first, last = inside[0], inside[-1]
    assert 0 < first and last < len(grid) - 1, "the grid must reach past both ends"

    def cross(a: int, b: int) -> float:
        return float(grid[a] + (grid[b] - grid[a]) * drop[a] / (drop[a] - drop[b]))

    return [cross(first - 1, first), cross(last, last + 1)]


def nuisance_max(loglik: Callable[[float, float], float], t: float, bounds: tuple[float, float]) -> float:
    found = optimize.minimize_scalar(lambda v: -loglik(t, v), bounds=bounds, method="bounded", options={"xatol": 1e-10})
    return -found.fun


def test_exponential() -> None:
    result = symle.fit("exponential", X, interval="profile")
    lam = result.estimates["lambda"]
    expected = scanned(lambda t: stats.expon.logpdf(X, scale=1 / t).sum(), lam, lam / 2, lam * 2, 0.95)
    assert result.to_dict()["confidence_intervals"]["lambda"] == pytest.approx(expected, rel=2e-5)


def test_gamma_both_parameters() -> None:
    result = symle.fit("gamma", X, interval="profile", level=0.9)
    alpha, beta = result.estimates["alpha"], result.estimates["beta"]
    intervals = result.to_dict()["confidence_intervals"]

    def loglik(a: float, b: float) -> float:
        return float(stats.gamma.logpdf(X, a, scale=1 / b).sum())

    def by_alpha(t: float) -> float:
        return nuisance_max(loglik, t, (beta / 5, beta * 5))

    def by_beta(t: float) -> float:
        return nuisance_max(lambda b, a: loglik(a, b), t, (alpha / 5, alpha * 5))

    assert intervals["alpha"] == pytest.approx(scanned(by_alpha, alpha, alpha / 1.4, alpha * 1.4, 0.9, 801), rel=2e-5)
    assert intervals["beta"] == pytest.approx(scanned(by_beta, beta, beta / 1.4, beta * 1.4, 0.9, 801), rel=2e-5)


def test_normal_mean_on_a_small_sample() -> None:
    x = X[:12]
    result = symle.fit("normal", x, interval="profile").to_dict()
    mu = result["estimates"]["mu"]

    def by_mu(t: float) -> float:
        return float(stats.norm.logpdf(x, t, np.sqrt(np.mean((x - t) ** 2))).sum())

    spread = 4 * np.std(x)
    assert result["confidence_intervals"]["mu"] == pytest.approx(
        scanned(by_mu, mu, mu - spread, mu + spread, 0.95), rel=1e-5
    )
    assert result["interval"] == "profile" and result["interval_scales"]["mu"] is None


def test_a_probability_stays_inside_zero_and_one() -> None:
    result = symle.fit("bernoulli", Y, interval="profile").to_dict()
    p = result["estimates"]["p"]
    expected = scanned(lambda t: stats.bernoulli.logpmf(Y, t).sum(), p, 1e-4, 0.9, 0.95)
    assert result["confidence_intervals"]["p"] == pytest.approx(expected, rel=2e-5)


def test_boundary_estimates_have_no_profile_interval() -> None:
    result = symle.fit("uniform", X, interval="profile").to_dict()
    assert result["confidence_intervals"] == {"a": None, "b": None}
    assert any("no profile interval for b" in w for w in result["warnings"])


def test_a_linear_model_with_several_covariates_says_it_has_none() -> None:
    table = {"y": X[:25], "a": X[25:50], "b": X[50:75]}
    result = symle.fit("linear-regression", table, response="y", covariates="a,b", interval="profile", timeout=60)
    assert set(result.to_dict()["confidence_intervals"].values()) == {None}
    assert any("no profile intervals for a linear model with several covariates" in w for w in result.warnings)


def test_an_unknown_interval_kind_is_refused() -> None:
    with pytest.raises(ParseError, match="give 'wald' or 'profile'"):
        symle.fit("exponential", X, interval="score")
