"""Tests of H₀: θ = θ₀ on the page (issue 24): the derived likelihood-ratio, Wald and score statistics
evaluated on data against the textbook's hand formulas (2n(λ₀x̄ − 1 − log λ₀x̄) for the exponential,
n log(1 + n(x̄ − μ₀)²/Σ(xᵢ − x̄)²) for the normal, ...), the same steps in every format, the JSON's
test object, the numeric families' formulas in ℓ, and bad input."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import sympy as sp

import symle
from symle.algebra.notation import Null
from symle.algebra.sample import SampleMean
from symle.errors import ModelError, ParseError

RNG = np.random.default_rng(24)
POSITIVE = RNG.gamma(2.0, 0.7, 25)
REAL = RNG.normal(0.4, 1.3, 30)
COUNTS = RNG.poisson(2.2, 40).astype(float)


def evaluated(expr: sp.Expr, data: np.ndarray, null: dict[sp.Basic, float] | None = None) -> float:
    """An expression of the page (sums over xᵢ, x̄, n) at the data: each sum added up term by term."""
    expr = expr.xreplace(null or {})
    expr = expr.replace(lambda e: isinstance(e, SampleMean), lambda e: sp.Float(float(np.mean(data)), 30))

    def added(total: sp.Sum) -> sp.Expr:
        index = total.limits[0][0]
        return sp.Add(*(total.function.xreplace({index: k}) for k in range(1, len(data) + 1)))

    expr = expr.replace(lambda e: isinstance(e, sp.Sum), added)
    values = {s: sp.Float(float(data[s.indices[0] - 1]), 30) for s in expr.atoms(sp.Indexed)}
    expr = expr.xreplace(values)
    expr = expr.xreplace({s: len(data) for s in expr.free_symbols if s.name == "n"})
    return float(expr.evalf(30))


def statistics(family: str, test: str, data: np.ndarray, null: dict | None = None) -> tuple[float, float, float]:
    found = symle.derive(family, test=test).test
    assert found is not None and found.closed
    return tuple(evaluated(found.in_data(e), data, null) for e in (found.lr, found.wald, found.score))


def test_exponential_against_the_textbook() -> None:
    lr, wald, score = statistics("exponential", "lambda=2", POSITIVE)
    n, mean = len(POSITIVE), float(np.mean(POSITIVE))
    assert lr == pytest.approx(2 * n * (2 * mean - 1 - math.log(2 * mean)), rel=1e-10)
    assert wald == pytest.approx(n * (1 / mean - 2) ** 2 * mean**2, rel=1e-10)  # (λ̂ − λ₀)² n/λ̂²
    assert score == pytest.approx((n / 2 - n * mean) ** 2 / (n / 4), rel=1e-10)  # U(λ₀)²/I(λ₀)


def test_a_symbolic_null_value_is_lambda_0() -> None:
    derivation = symle.derive("exponential", test="lambda")
    lam = derivation.model.parameter("lambda").symbol
    assert derivation.test.null == Null(lam)
    lr = evaluated(derivation.test.in_data(derivation.test.lr), POSITIVE, {Null(lam): 0.8})
    n, mean = len(POSITIVE), float(np.mean(POSITIVE))
    assert lr == pytest.approx(2 * n * (0.8 * mean - 1 - math.log(0.8 * mean)), rel=1e-10)
    assert "−2 log Λ = 2(ℓ(λ̂) - ℓ(λ₀)) = 2n (λ₀x̄ - 1 - log(λ₀x̄))" in derivation.to_text()  # the textbook's order


def test_normal_mean_with_the_variance_profiled_out() -> None:
    lr, wald, score = statistics("normal", "mu=0", REAL)
    n, mean = len(REAL), float(np.mean(REAL))
    spread = float(np.sum((REAL - mean) ** 2))
    assert lr == pytest.approx(n * math.log(1 + n * mean**2 / spread), rel=1e-10)
    assert wald == pytest.approx(n * mean**2 / (spread / n), rel=1e-10)  # (x̄ − μ₀)²/(σ̂²/n)
    assert score == pytest.approx(n * mean**2 / (float(np.sum(REAL**2)) / n), rel=1e-10)  # at σ̃² = Σxᵢ²/n


def test_normal_variance_with_the_mean_profiled_out() -> None:
    lr, wald, score = statistics("normal", "sigma2=2", REAL)
    n = len(REAL)
    ratio = float(np.var(REAL)) / 2  # σ̂²/σ₀²
    assert lr == pytest.approx(n * (ratio - 1 - math.log(ratio)), rel=1e-10)
    assert wald == pytest.approx(n * (ratio - 1) ** 2 / (2 * ratio**2), rel=1e-10)  # (σ̂² − σ₀²)²/(2σ̂⁴/n)
    assert score == pytest.approx(n * (ratio - 1) ** 2 / 2, rel=1e-10)


def test_poisson_against_the_textbook() -> None:
    lr, wald, score = statistics("poisson", "lambda=3", COUNTS)
    n, mean = len(COUNTS), float(np.mean(COUNTS))
    assert lr == pytest.approx(2 * n * (mean * math.log(mean / 3) - mean + 3), rel=1e-10)
    assert wald == pytest.approx(n * (mean - 3) ** 2 / mean, rel=1e-10)
    assert score == pytest.approx(n * (mean - 3) ** 2 / 3, rel=1e-10)


def test_a_negative_statistic_keeps_its_logarithm_real() -> None:
    """Σ log xᵢ < 0 on 0 < x < 1: log(−n/Σ log xᵢ) is never split into log(n/Σ log xᵢ) + iπ."""
    unit = RNG.beta(2.0, 1.0, 20)
    found = symle.derive("theta*x^(theta-1)", params="theta", support="0 < x < 1", test="theta=2").test
    assert found is not None and not found.lr.has(sp.I)
    n, logs = len(unit), float(np.sum(np.log(unit)))
    hat = -n / logs  # ℓ(θ) = n log θ + (θ − 1) Σ log xᵢ
    expected = 2 * (n * math.log(hat / 2) + (hat - 2) * logs)
    assert evaluated(found.in_data(found.lr), unit) == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize(
    ("test", "known", "shown"),
    [
        ("mu", {}, "σ̂²(μ₀) = Σ (x_i - μ₀)²/n"),  # not (n(x̄ − μ₀)² + Σ(xᵢ − x̄)²)/n
        ("mu", {}, "n log(1 + (x̄ - μ₀)²/σ̂²)"),  # the 1 first; Σ(xᵢ − x̄)² as nσ̂², the shorter
        ("sigma2", {}, "n (σ̂²/σ₀² - 1 - log(σ̂²/σ₀²))"),  # the logarithm of the ratio beside it, subtracted
        ("sigma2", {}, "W = (σ̂² - σ₀²)²/[I⁻¹]_22 = n (σ̂² - σ₀²)²/(2σ̂⁴)"),
        ("sigma2", {"mu": None}, "S = U(σ₀²)²/I(σ₀²) = n (σ̂² - σ₀²)²/(2σ₀⁴)"),  # μ known: σ̂² = Σ(xᵢ − μ)²/n
        ("mu", {"sigma2": 1}, "−2 log Λ = 2(ℓ(μ̂) - ℓ(μ₀)) = n (x̄ - μ₀)²"),  # x̄ stays x̄, never μ̂
    ],
)
def test_the_normal_statistics_in_the_textbook_form(test: str, known: dict, shown: str) -> None:
    page = symle.derive("normal", test=test, known=known).to_text()
    assert shown in page
    assert " + 1)" not in page


def test_the_same_steps_in_every_format() -> None:
    derivation = symle.derive("normal", test="mu")
    kinds = [s.kind for s in derivation.steps if s.kind.startswith("test-")]
    assert kinds == ["test-hypothesis", "test-profile", "test-lr", "test-wald", "test-score", "test-reference"]
    assert derivation.steps[-1].kind == "estimators"
    titles = [s.title for s in derivation.steps if s.kind.startswith("test-")]
    page = json.loads(derivation.to_json())
    numbered = {s["title"]: k for k, s in enumerate(page["steps"], start=1)}
    for title in titles:
        k = numbered[title]
        assert f"{k}. {title}" in derivation.to_text()
        assert f"{k}. {title}" in derivation.to_markdown()
        assert title in derivation.to_latex()
    test = page["test"]
    assert (test["parameter"], test["null"], test["df"], test["closed_form"]) == ("mu", None, 1, True)
    assert test["null_latex"] == r"\mu_{0}"
    assert test["null_symbol"] == "mu_0"
    parsed = symle.parse_expression(test["lr"])  # reads back, μ₀ as mu_0
    assert parsed.has(sp.log) and "mu_0" in {s.name for s in parsed.free_symbols}
    assert set(test) >= {"lr", "wald", "score", "profiled"}


def test_a_family_without_closed_forms_gives_the_formulas_in_ell() -> None:
    derivation = symle.derive("gamma", test="alpha=1")
    assert derivation.test is not None and not derivation.test.closed
    text = derivation.to_text()
    assert "−2 log Λ = 2(ℓ(α̂, β̂) - ℓ(1, β̂(1)))" in text
    assert "evaluated numerically" in text
    test = json.loads(derivation.to_json())["test"]
    assert (test["lr"], test["wald"], test["score"], test["null"]) == (None, None, None, 1)


@pytest.mark.parametrize(
    ("test", "error", "words"),
    [
        ("nope=1", ModelError, "not a parameter of exponential"),
        ("lambda=-1", ModelError, "outside the parameter space"),
        ("lambda=abc", ParseError, "not a number"),
        ("lambda=", ParseError, "missing"),
        ({"lambda": float("nan")}, ParseError, "not a number"),
    ],
)
def test_bad_input_is_one_clear_error(test: object, error: type, words: str) -> None:
    with pytest.raises(error, match=words):
        symle.derive("exponential", test=test)


def test_a_parameter_bounding_the_support_is_refused() -> None:
    with pytest.raises(ModelError, match="bounds the support"):
        symle.derive("uniform", known={"a": 0}, test="b=1")


def test_a_restricted_space_is_refused() -> None:
    """θ̂ = min(x̄, 1/2) is a projection, which the statistics derived from the score equations ignore."""
    with pytest.raises(ModelError, match="restricted parameter space"):
        symle.derive("theta^x*(1-theta)^(1-x)", params="theta:[0,1/2]", support="x in {0, 1}", test="theta=0.25")


@pytest.mark.parametrize(
    ("family", "known", "test", "shown"),
    [
        ("weibull", {"k": 2}, "lambda", "2n (λ̂²/λ₀² - 1 - 2log(λ̂/λ₀))"),  # Σxᵢ² as nλ̂², never (λ̂ − 1)(λ̂ + 1)
        ("weibull", {"k": 2}, "lambda", "S = U(λ₀)²/I(λ₀) = n (λ̂² - λ₀²)²/λ₀⁴"),  # a square, not its factors
        ("pareto", {"xm": 1}, "alpha", "2n (α₀/α̂ - 1 - log(α₀/α̂))"),
        ("lognormal", {}, "sigma2", "n (σ̂²/σ₀² - 1 - log(σ̂²/σ₀²))"),
        ("lognormal", {}, "mu=0", "W = μ̂²/[I⁻¹]_11 = nμ̂²/σ̂²"),  # both sums of the logarithms through μ̂ and σ̂²
    ],
)
def test_statistics_are_written_with_the_estimates_where_shorter(family, known, test, shown) -> None:
    derivation = symle.derive(family, known=known, test=test)
    assert shown in derivation.to_text()
    json_test = json.loads(derivation.to_json())["test"]
    assert "Hat" not in json_test["lr"] + json_test["wald"] + json_test["score"]  # the JSON reads back
    symle.parse_expression(json_test["lr"])


def test_a_statistic_with_estimates_equals_it_in_the_data() -> None:
    """n(σ̂²/σ₀² − 1 − log(σ̂²/σ₀²)) at the data is the likelihood ratio from the log-likelihood itself."""
    test = symle.derive("normal", test="sigma2=2").test
    n, spread = len(REAL), float(np.sum((REAL - REAL.mean()) ** 2))
    hat = spread / n
    direct = n * math.log(2 / hat) + spread / 2 - n  # 2(ℓ(μ̂, σ̂²) − ℓ(μ̂, 2))
    assert evaluated(test.in_data(test.lr), REAL) == pytest.approx(direct, rel=1e-10)
