"""The page of right-censored lifetimes: L(θ) = ∏ f(tᵢ)^δᵢ S(tᵢ)^(1−δᵢ), the closed forms where they
exist (the exponential's failures over the total time on test, the Weibull's with known shape), the
observed information in place of the expected one, and every format."""

from __future__ import annotations

import json

import numpy as np
import pytest
import sympy as sp
from censored_samples import censored_sample
from latex import compile_latex, requires_pdflatex
from scipy import optimize

import symle
from symle.algebra.sample import i, n, sample

TIMEOUT = 60


def _censored(seed: int, size: int = 40) -> tuple[np.ndarray, np.ndarray]:
    return censored_sample(seed, size, 1.4, 2.5)


@pytest.fixture(scope="module")
def exponential() -> symle.Derivation:
    return symle.derive("exponential", censored=True, timeout=TIMEOUT)


def test_the_exponential_is_the_number_of_failures_over_the_total_time_on_test(exponential) -> None:
    t, delta = sample("t", positive=True), sample("delta", nonnegative=True)
    value = exponential.estimators["lambda"].value
    assert sp.simplify(value - sp.Sum(delta[i], (i, 1, n)) / sp.Sum(t[i], (i, 1, n))) == 0
    page = exponential.to_text()
    assert "f(t_i; λ)^(δ_i) S(t_i; λ)^(1 - δ_i)" in page
    assert "number of observed failures" in page and "total time on test" in page and "Σ δ_i > 0" in page
    assert "Observed information" in page and "Fisher information" not in page and "Cramér" not in page


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_exponential_estimate_equals_a_numeric_maximisation(exponential, seed: int) -> None:
    t, d = _censored(seed)
    estimate = exponential.fit(t, censored=d)["estimates"]["lambda"]
    assert estimate == pytest.approx(d.sum() / t.sum(), rel=1e-12)

    def minus_loglik(log_rate: np.ndarray) -> float:
        rate = np.exp(log_rate[0])
        return -(d * np.log(rate) - rate * t).sum()

    found = optimize.minimize(minus_loglik, [0.0], method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-14})
    assert estimate == pytest.approx(np.exp(found.x[0]), rel=1e-6)


def test_the_weibull_with_known_shape_has_its_closed_form() -> None:
    derivation = symle.derive("weibull", censored="d", known={"k": None}, timeout=TIMEOUT)
    t, d = sample("t", positive=True), sample("d", nonnegative=True)
    k = next(p.symbol for p in derivation.model.known_parameters)
    expected = (sp.Sum(t[i] ** k, (i, 1, n)) / sp.Sum(d[i], (i, 1, n))) ** (1 / k)
    value = derivation.estimators["lambda"].value
    assert sp.simplify(value - expected) == 0
    times, flags = _censored(4)
    fitted = symle.derive("weibull", censored="d", known={"k": "3/2"}, timeout=TIMEOUT).fit(times, censored=flags)
    assert fitted["estimates"]["lambda"] == pytest.approx((np.sum(times**1.5) / flags.sum()) ** (1 / 1.5), rel=1e-12)


def test_the_json_names_the_indicator_and_the_survival_function(exponential) -> None:
    view = json.loads(exponential.to_json())
    assert view["censored"] == "delta" and view["censoring"] == "right"
    assert view["survival"] == "exp(-lambda*t)"
    assert [s["kind"] for s in view["steps"]][-2:] == ["observed", "estimators"]
    uncensored = json.loads(symle.derive("exponential", timeout=TIMEOUT).to_json())
    assert uncensored["censored"] is None and uncensored["survival"] is None and uncensored["censoring"] is None


def test_markdown_shows_the_censored_likelihood(exponential) -> None:
    page = exponential.to_markdown()
    assert r"S(t_{i}; \lambda)^{1 - \delta_{i}}" in page and "right-censored" in page


@requires_pdflatex
def test_the_latex_page_compiles(exponential, tmp_path) -> None:
    result = compile_latex(exponential.to_latex(standalone=True), tmp_path)
    assert result.ok, result.errors


def test_the_rayleigh_has_its_closed_form_and_it_maximises() -> None:
    """σ̂² = Σtᵢ²/(2Σδᵢ): the positive root, chosen on samples whose indicators are 0 or 1 (never a normal
    draw, which made both roots look complex and sent σ to the numeric path)."""
    derivation = symle.derive("rayleigh", censored=True, timeout=TIMEOUT)
    value = derivation.estimators["sigma"].value
    assert value is not None and "numerically" not in derivation.to_text()
    t, delta = _censored(7)
    shown = {sp.Sum(sample("t", positive=True)[i] ** 2, (i, 1, n)): float(np.sum(t**2))}
    shown[sp.Sum(sample("delta", nonnegative=True)[i], (i, 1, n))] = float(np.sum(delta))
    closed = float(value.xreplace(shown))

    def minus_loglik(s: float) -> float:  # δ log(t/σ²) − t²/(2σ²)
        return -float(np.sum(delta * np.log(t / s**2) - t**2 / (2 * s**2)))

    numeric = optimize.minimize_scalar(minus_loglik, bounds=(1e-3, 50), method="bounded", options={"xatol": 1e-10}).x
    assert closed == pytest.approx(numeric, rel=1e-6)


def test_the_observed_information_says_at_the_estimate_once(exponential) -> None:
    """One sentence of reason: 'at the estimate' said once, the second line named as the value there."""
    (step,) = [s for s in exponential.to_text().split("\n\n") if "Observed information" in s]
    assert step.count("at the estimate") == 1 and "the second line is its value there" in step


def test_the_exponentials_observed_information_at_the_estimate_is_failures_over_its_square(exponential) -> None:
    assert "J(λ̂) = Σ δ_i/λ̂² = (Σ t_i)²/Σ δ_i" in exponential.to_text()
