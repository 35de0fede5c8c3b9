"""Fitting right-censored lifetimes: the Weibull against scipy's CensoredData fit (and lifelines'
WeibullFitter where installed), the generated fitter's fit(t, censored), and bad indicators refused."""

from __future__ import annotations

import numpy as np
import pytest
from censored_samples import censored_sample
from scipy import stats

import symle
from symle.errors import DataError, ParseError
from symle.numeric.codegen import load

TIMEOUT = 60


def _censored(seed: int, size: int = 80) -> tuple[np.ndarray, np.ndarray]:
    return censored_sample(seed, size, 1.6, 3.0)


@pytest.fixture(scope="module")
def weibull() -> symle.Derivation:
    return symle.derive("weibull", censored="d", timeout=TIMEOUT)


@pytest.mark.parametrize("seed", [5, 6])
def test_the_weibull_fit_matches_scipys_censored_fit(weibull, seed: int) -> None:
    t, d = _censored(seed)
    estimates = weibull.fit(t, censored=d)["estimates"]
    shape, _, scale = stats.weibull_min.fit(stats.CensoredData.right_censored(t, d == 0), floc=0)
    assert estimates["k"] == pytest.approx(shape, rel=1e-4)
    assert estimates["lambda"] == pytest.approx(scale, rel=1e-4)


def test_the_weibull_fit_matches_lifelines(weibull) -> None:
    lifelines = pytest.importorskip("lifelines")
    t, d = _censored(7)
    estimates = weibull.fit(t, censored=d)["estimates"]
    fitter = lifelines.WeibullFitter().fit(t, event_observed=d)
    assert estimates["k"] == pytest.approx(fitter.rho_, rel=1e-4)
    assert estimates["lambda"] == pytest.approx(fitter.lambda_, rel=1e-4)


def test_a_table_and_symle_fit_read_the_indicator_by_name(weibull) -> None:
    t, d = _censored(8)
    expected = weibull.fit(t, censored=d)["estimates"]
    assert weibull.fit({"time": t, "d": d}, column="time")["estimates"] == pytest.approx(expected)
    table = {"time": t, "status": d}
    fitted = symle.fit("weibull", table, column="time", censored="status", timeout=TIMEOUT).to_dict()
    assert fitted["estimates"] == pytest.approx(expected)


def test_the_generated_fitter_takes_the_indicator(weibull) -> None:
    module = load(weibull)
    t, d = _censored(9)
    assert module.fit(t, d) == pytest.approx(weibull.fit(t, censored=d)["estimates"], rel=1e-8)
    with pytest.raises(module.FitError, match="0 or 1"):
        module.fit(t, np.where(d == 1, 2, 0))
    with pytest.raises(module.FitError, match="no failure"):
        module.fit(t, np.zeros_like(d))


@pytest.mark.parametrize(
    ("indicator", "words"),
    [
        (lambda d: np.where(d == 1, 1.0, 0.5), "must be 0 or 1"),
        (lambda d: -d, "must be 0 or 1"),
        (lambda d: np.zeros_like(d), "no failure is observed"),
        (lambda d: d[:-1], "different lengths"),
    ],
)
def test_a_bad_indicator_is_refused_in_one_line(indicator, words: str) -> None:
    derivation = symle.derive("exponential", censored=True, timeout=TIMEOUT)
    t, d = _censored(10)
    with pytest.raises(DataError, match=words) as caught:
        derivation.fit(t, censored=indicator(d))
    assert "\n" not in str(caught.value)


def test_no_censoring_at_all_is_an_ordinary_sample() -> None:
    t, _ = _censored(11)
    censored = symle.derive("exponential", censored=True, timeout=TIMEOUT).fit(t, censored=np.ones(t.size))
    assert censored["estimates"]["lambda"] == pytest.approx(1 / t.mean(), rel=1e-12)


def test_the_indicator_needs_a_censored_model_and_lifetimes_beside_it() -> None:
    t, d = _censored(12)
    with pytest.raises(ParseError, match="censored model"):
        symle.derive("exponential", timeout=TIMEOUT).fit(t, censored=d)
    with pytest.raises(DataError, match="lifetimes with their indicator"):
        symle.derive("exponential", censored=True, timeout=TIMEOUT).fit(t)


@pytest.mark.slow
def test_the_censored_gamma_fit_matches_scipys_censored_fit() -> None:
    """S = Q(α, βt), SciPy's gammaincc; its derivatives in α by finite differences (no Meijer G)."""
    t, d = _censored(13, 150)
    estimates = symle.fit("gamma", t, censored=d, timeout=120).to_dict()["estimates"]
    shape, _, scale = stats.gamma.fit(stats.CensoredData.right_censored(t, d == 0), floc=0)
    assert estimates["alpha"] == pytest.approx(shape, rel=1e-4)
    assert estimates["beta"] == pytest.approx(1 / scale, rel=1e-4)


@pytest.mark.parametrize(("k", "scale"), [(0.7, 1.3), (2.2, 0.9)])
def test_the_log_likelihood_is_failures_log_density_plus_censored_log_survival(weibull, k: float, scale: float) -> None:
    t, d = _censored(14)
    expected = np.sum(
        np.where(d == 1, stats.weibull_min.logpdf(t, k, scale=scale), stats.weibull_min.logsf(t, k, scale=scale))
    )
    assert load(weibull).loglik(t, d, k=k, **{"lambda": scale}) == pytest.approx(expected, rel=1e-12)


def test_the_fit_counts_failures_and_takes_its_standard_error_from_the_observed_information() -> None:
    t, d = _censored(15)
    result = symle.fit("exponential", t, censored=d)
    fitted = result.to_dict()
    assert fitted["censoring"] == {"failures": int(d.sum()), "censored": int(t.size - d.sum())}
    rate = fitted["estimates"]["lambda"]
    assert fitted["standard_errors"]["lambda"] == pytest.approx(rate / np.sqrt(d.sum()), rel=1e-9)
    assert f"({d.sum()} failures, {t.size - d.sum()} censored)" in result.to_text()
