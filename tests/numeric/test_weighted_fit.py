"""Frequency weights on data: the weighted fit equals the fit of the expanded sample (np.repeat) for
whole-number weights, estimates, log-likelihood, standard errors and BIC alike (closed forms and the
gamma's numeric one), in Python and in the generated fitter; bad weights are one clear error."""

from __future__ import annotations

import numpy as np
import pytest
from families import derived

import symle
from symle.errors import DataError
from symle.numeric.codegen import load

TIMEOUT = 60


def _sample(seed: int, size: int = 30) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.gamma(2.0, 1.5, size).round(1) + 1, rng.integers(0, 5, size)


@pytest.mark.parametrize("family", ["poisson", "normal", "gamma"])
def test_the_weighted_fit_is_the_expanded_samples(family: str) -> None:
    x, w = _sample(4)
    if family == "poisson":
        x = np.round(x)
    weighted = symle.fit(family, x, weights=w, timeout=TIMEOUT).to_dict()
    expanded = symle.fit(family, np.repeat(x, w), timeout=TIMEOUT).to_dict()
    for key in ("estimates", "standard_errors"):
        assert weighted[key] == pytest.approx(expanded[key], rel=1e-9)
    for key in ("loglik", "aic", "bic"):
        assert weighted[key] == pytest.approx(expanded[key], rel=1e-9)
    assert weighted["weights"]["total"] == expanded["n"] == w.sum() and weighted["n"] == len(x)


def test_weights_need_not_be_whole_numbers_and_scaling_them_keeps_the_estimates() -> None:
    x, w = _sample(5)
    half = symle.fit("normal", x, weights=w / 2, timeout=TIMEOUT)
    whole = symle.fit("normal", x, weights=w, timeout=TIMEOUT)
    assert half.estimates == pytest.approx(whole.estimates, rel=1e-12)
    assert half.to_dict()["weights"]["whole_numbers"] is False
    assert "not all whole numbers" in half.to_text() and "expanded sample, n = " in half.to_text()
    # the information is Σwᵢ times one observation's: half the weight, √2 times the standard error
    ratio = half.to_dict()["standard_errors"]["mu"] / whole.to_dict()["standard_errors"]["mu"]
    assert ratio == pytest.approx(np.sqrt(2), rel=1e-9)


def test_a_table_names_its_weight_column() -> None:
    x, w = _sample(6)
    table = {"value": x, "freq": w}
    fitted = symle.fit("exponential", table, column="value", weights="freq", timeout=TIMEOUT)
    assert fitted.estimates["lambda"] == pytest.approx(w.sum() / (w * x).sum(), rel=1e-12)


def test_the_generated_fitter_takes_the_weights() -> None:
    x, w = _sample(7)
    fitter = load(derived("gamma", weights="w", timeout=TIMEOUT))
    expanded = load(derived("gamma", timeout=TIMEOUT))
    assert fitter.fit(x, w) == pytest.approx(expanded.fit(np.repeat(x, w)), rel=1e-9)
    assert fitter.loglik(x, w, alpha=2.0, beta=1.0) == pytest.approx(
        expanded.loglik(np.repeat(x, w), alpha=2.0, beta=1.0), rel=1e-12
    )
    with pytest.raises(fitter.FitError, match="≥ 0"):
        fitter.fit(x, np.where(w > 2, -1, w))


@pytest.mark.parametrize(
    ("weights", "words"),
    [
        ([1, -2, 3, 1], "must be ≥ 0, but 1 weight is negative"),
        ([0, 0, 0, 0], "every weight w is 0"),
        ([1, float("nan"), 1, 1], "position 1 is NaN"),
        ([1, 2, 3], "3 weights for 4 observations"),
        ([1, float("inf"), 1, 1], "finite"),
    ],
)
def test_bad_weights_are_one_clear_error(weights, words) -> None:
    with pytest.raises(DataError, match=words) as caught:
        symle.fit("normal", [1.0, 2.0, 3.5, 4.0], weights=weights, timeout=TIMEOUT)
    assert "\n" not in str(caught.value)


def test_profile_intervals_are_the_expanded_samples() -> None:
    x, w = _sample(8)
    weighted = symle.fit("gamma", x, weights=w, interval="profile", timeout=TIMEOUT).to_dict()
    expanded = symle.fit("gamma", np.repeat(x, w), interval="profile", timeout=TIMEOUT).to_dict()
    for name, bounds in expanded["confidence_intervals"].items():
        assert weighted["confidence_intervals"][name] == pytest.approx(bounds, rel=1e-7)


def test_a_zero_weight_is_refused_where_an_estimate_is_an_extreme_observation() -> None:
    """x₍₁₎ and x₍ₙ₎ run over the rows: a row of weight 0 stands for no observation, so it is refused there
    (and left in elsewhere, where it adds nothing)."""
    x = [0.5, 1.0, 2.0, 9.0]
    assert symle.fit("uniform", x[:3], weights=[1, 2, 1], timeout=TIMEOUT).estimates == {"a": 0.5, "b": 2.0}
    with pytest.raises(DataError, match="a weight w is 0, and this model's estimate of a is an extreme"):
        symle.fit("uniform", x, weights=[1, 2, 1, 0], timeout=TIMEOUT)
