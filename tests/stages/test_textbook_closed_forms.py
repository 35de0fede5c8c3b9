"""Textbook exercises whose closed form needs a power combined or an angle expanded, and densities
with the Riemann zeta and modified Bessel functions: each answer checked against numeric maximisation
of the log-likelihood or SciPy's own fit."""

from __future__ import annotations

import families
import numpy as np
import pytest
import sympy as sp
from latex import compile_latex, requires_pdflatex
from scipy import optimize, stats

import symle
from symle.algebra.printing import latex, text

RNG = np.random.default_rng(20261207)
CIRCLE = "-pi < x < pi"
TIMEOUT = 60  # a busy machine slows a derivation, never changes it (symle.budget)


def derived(density: str, params: str, support: str) -> symle.Derivation:
    """One derivation a model for the process (tests/families.py; a frozen value: the tests only read
    it), shared with test_special_functions' von Mises and zeta where the same worker runs both."""
    return families.derived(density, params=params, support=support, timeout=TIMEOUT)


def maximise(loglik, low: float, high: float) -> float:
    """The maximiser of a one-parameter log-likelihood on [low, high], by bounded scalar search."""
    found = optimize.minimize_scalar(
        lambda t: -loglik(t), bounds=(low, high), method="bounded", options={"xatol": 1e-11}
    )
    return float(found.x)


def on_circle(x: np.ndarray) -> np.ndarray:
    return np.angle(np.exp(1j * x))


# --- powers whose base the support or the domain makes positive --------------------------------------


@pytest.mark.parametrize(
    "density",
    ["theta^(2*x)*(1-theta^2)^(1-x)", "(theta^2)^x*(1-theta^2)^(1-x)", "theta^(3*x)*(1-theta^3)^(1-x)"],
)
def test_a_bernoulli_in_a_power_of_theta_is_solved_by_invariance(density: str) -> None:
    d = derived(density, "theta:probability", "x in {0, 1}")
    assert d.estimators["theta"].method == "closed-form"
    power = 3 if "3" in density else 2
    x = RNG.binomial(1, 0.6**power, 200)
    mean = x.mean()
    estimate = d.fit(x)["estimates"]["theta"]
    assert estimate == pytest.approx(mean ** (1 / power), rel=1e-12)
    loglik = lambda t: np.sum(x * np.log(t**power) + (1 - x) * np.log(1 - t**power))  # noqa: E731
    assert maximise(loglik, 1e-6, 1 - 1e-6) == pytest.approx(estimate, abs=1e-7)
    assert d.second_order is not None and d.second_order.proved
    assert "does not separate" not in d.to_text()


def test_kumaraswamy_with_a_known_has_the_closed_form_b() -> None:
    d = symle.derive("a*b*x^(a-1)*(1-x^a)^(b-1)", params="a,b", known={"a": 2}, support="0 < x < 1", timeout=TIMEOUT)
    (estimator,) = d.estimators.values()
    assert estimator.method == "closed-form"
    x = RNG.beta(2.0, 3.0, 300)  # any data in (0, 1): the MLE is what the formula says
    assert "-n/Σ log(1 - x_i²)" in text(estimator.value).replace("x_i^2", "x_i²")
    b = d.fit(x)["estimates"]["b"]
    assert b == pytest.approx(-len(x) / np.sum(np.log(1 - x**2)), rel=1e-12)
    loglik = lambda t: np.sum(np.log(2 * t * x) + (t - 1) * np.log(1 - x**2))  # noqa: E731
    assert maximise(loglik, 1e-3, 50) == pytest.approx(b, rel=1e-7)
    assert "(1 - x_i²)^(1 - b)" not in d.to_text()


def test_kumaraswamy_with_both_unknown_profiles_b_and_fits_the_maximum() -> None:
    d = derived("a*b*x^(a-1)*(1-x^a)^(b-1)", "a,b", "0 < x < 1")
    profile = d.estimators["b"].profile
    assert profile is not None and not profile.has(sp.Symbol("b", positive=True))
    assert "log(1 - x_i^a)" in text(profile).replace("x_i^â", "x_i^a")
    # Kumaraswamy(a, b) by inversion: x = (1 - (1 - u)^(1/b))^(1/a)
    x = (1 - (1 - RNG.uniform(size=500)) ** (1 / 3.0)) ** (1 / 2.0)
    fit = d.fit(x)["estimates"]

    def minus(t: np.ndarray) -> float:
        a_, b_ = np.exp(t)
        return -np.sum(np.log(a_ * b_) + (a_ - 1) * np.log(x) + (b_ - 1) * np.log(1 - x**a_))

    found = optimize.minimize(minus, np.log([1.5, 2.0]), method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-12})
    assert fit["a"] == pytest.approx(np.exp(found.x[0]), rel=1e-5)
    assert fit["b"] == pytest.approx(np.exp(found.x[1]), rel=1e-5)


@pytest.mark.parametrize(
    ("density", "estimate"),
    [
        ("2*theta*x^(2*theta-1)", lambda x: -len(x) / (2 * np.sum(np.log(x)))),
        ("theta^2*x^(theta^2-1)", lambda x: np.sqrt(-len(x) / np.sum(np.log(x)))),
    ],
)
def test_a_power_of_x_with_theta_in_its_exponent(density: str, estimate) -> None:
    d = derived(density, "theta", "0 < x < 1")
    assert d.estimators["theta"].method == "closed-form"
    x = RNG.beta(1.7, 1.0, 200)
    fitted = d.fit(x)["estimates"]["theta"]
    assert fitted == pytest.approx(estimate(x), rel=1e-12)
    logf = sp.lambdify((sp.Symbol("t"), sp.Symbol("x")), sp.log(sp.sympify(density.replace("theta", "t"))))
    assert maximise(lambda t: np.sum(logf(t, x)), 1e-3, 20) == pytest.approx(fitted, rel=1e-7)


def test_a_geometric_in_theta_squared() -> None:
    d = derived("(1-theta^2)*(theta^2)^x", "theta:probability", "x in {0, 1, ...}")
    x = RNG.geometric(0.4, 300) - 1
    fitted = d.fit(x)["estimates"]["theta"]
    assert fitted == pytest.approx(np.sqrt(x.mean() / (1 + x.mean())), rel=1e-12)
    loglik = lambda t: np.sum(np.log(1 - t**2) + 2 * x * np.log(t))  # noqa: E731
    assert maximise(loglik, 1e-6, 1 - 1e-6) == pytest.approx(fitted, abs=1e-7)


# --- the von Mises location: an angle expanded -----------------------------------------------------


VON_MISES = "exp(kappa*cos(x - mu))/(2*pi*besseli(0, kappa))"


@pytest.mark.parametrize(
    ("density", "params", "known"),
    [
        (VON_MISES, "mu:real,kappa", {"kappa": 2}),
        # the normaliser a symbol, κ a number: the same closed form, under `slow` (tests/sweeps.py)
        pytest.param("exp(cos(x - mu))/(2*pi*I0)", "mu:real,I0", {"I0": "1.266065877752"}, marks=pytest.mark.slow),
        pytest.param("exp(2*cos(mu - x))/(2*pi*besseli(0, 2))", "mu:real", {}, marks=pytest.mark.slow),
    ],
)
def test_von_mises_location_is_the_mean_direction(density: str, params: str, known: dict) -> None:
    d = symle.derive(density, params=params, known=known, support=CIRCLE, timeout=TIMEOUT)
    estimator = d.estimators["mu"]
    assert isinstance(estimator.value, sp.atan2)
    assert text(estimator.value) == "atan2(Σ sin(x_i), Σ cos(x_i))"
    assert d.second_order is not None and d.second_order.proved
    page = d.to_text()
    assert "R = sqrt((Σ sin(x_i))² + (Σ cos(x_i))²) > 0" in page and "atan2" in page
    assert r"\operatorname{atan2}" in d.to_latex()
    for loc in (2.8, -2.9, 0.3):  # in every quadrant's reach, including across ±π
        x = on_circle(stats.vonmises.rvs(2.0, loc=loc, size=200, random_state=int(10 * abs(loc))))
        fitted = d.fit(x)["estimates"]["mu"]
        assert fitted == pytest.approx(np.arctan2(np.sin(x).sum(), np.cos(x).sum()), abs=1e-12)
        loglik = lambda m: np.sum(np.cos(x - m))  # noqa: E731,B023
        grid = np.linspace(-np.pi, np.pi, 20001)
        best = grid[np.argmax([loglik(m) for m in grid])]
        assert abs(np.angle(np.exp(1j * (fitted - best)))) < 1e-3


@pytest.mark.parametrize(
    ("density", "kernel"),
    [
        ("exp(-cos(x - mu))/(2*pi*besseli(0, 1))", lambda x, m: -np.cos(x - m)),  # the antipode
        ("exp(3*sin(x - mu))/(2*pi*besseli(0, 3))", lambda x, m: 3 * np.sin(x - m)),  # a quarter turn
    ],
)
def test_the_branch_of_the_angle_is_the_maximum(density: str, kernel) -> None:
    d = derived(density, "mu:real", CIRCLE)
    assert isinstance(d.estimators["mu"].value, sp.atan2)
    x = on_circle(stats.vonmises.rvs(1.5, loc=1.0, size=150, random_state=8))
    fitted = d.fit(x)["estimates"]["mu"]
    grid = np.linspace(-np.pi, np.pi, 40001)
    best = grid[np.argmax([np.sum(kernel(x, m)) for m in grid])]
    assert abs(np.angle(np.exp(1j * (fitted - best)))) < 1e-3


@pytest.mark.parametrize("kappa", [0.5, 3.0, 900.0])
def test_von_mises_with_both_unknown_fits_like_scipy(kappa: float) -> None:
    d = derived(VON_MISES, "mu:real,kappa:positive", CIRCLE)
    assert isinstance(d.estimators["mu"].value, sp.atan2)
    assert d.estimators["kappa"].method == "numeric"
    x = on_circle(stats.vonmises.rvs(kappa, loc=0.5, size=400, random_state=2))
    fit = d.fit(x)
    k, loc, _ = stats.vonmises.fit(x, fscale=1)
    assert fit["estimates"]["kappa"] == pytest.approx(k, rel=1e-8)
    assert fit["estimates"]["mu"] == pytest.approx(loc, abs=1e-10)
    assert all(np.isfinite(v) for v in fit["standard_errors"].values())
    assert fit["warnings"] == []
    assert "I₁(κ)/I₀(κ)" in d.to_text()


# --- the zeta distribution -------------------------------------------------------------------------


def test_zeta_distribution_fits_like_scipy_zipf() -> None:
    d = derived("x^(-s)/zeta(s)", "s:positive", "x in {1, 2, ...}")
    page = d.to_text()
    assert "ζ′(s)/ζ(s)" in page and "ζ″(s)" in page
    assert r"\zeta'(s)" in d.to_latex()
    for s in (1.3, 1.8, 3.5):
        x = stats.zipf.rvs(s, size=800, random_state=int(10 * s))
        fitted = d.fit(x)["estimates"]["s"]
        reference = maximise(lambda t: np.sum(stats.zipf.logpmf(x, t)), 1.0001, 12)  # noqa: B023
        assert fitted == pytest.approx(reference, rel=1e-6)


def test_special_functions_print_as_textbooks_write_them() -> None:
    s, kappa = sp.Symbol("s", positive=True), sp.Symbol("kappa", positive=True)
    from symle.algebra.special import zeta

    second = sp.diff(sp.log(zeta(s)), s, 2)
    assert "ζ″(s)" in text(second) and "ζ′(s)²" in text(second) and "Derivative" not in text(second)
    assert r"\zeta''(s)" in latex(second)
    assert text(sp.besseli(1, kappa) / sp.besseli(0, kappa)) == "I₁(κ)/I₀(κ)"
    assert latex(sp.besseli(0, kappa)) == r"I_{0}(\kappa)"
    # ζ̂ substituted: a derivative that is a function, not SymPy's Derivative, takes the estimate
    hat = sp.Symbol("s_hat", positive=True)
    assert sp.diff(zeta(s), s).xreplace({s: hat}).args[1] == hat


@requires_pdflatex
@pytest.mark.parametrize(
    ("density", "params", "support"),
    [
        (VON_MISES, "mu:real,kappa:positive", CIRCLE),
        ("x^(-s)/zeta(s)", "s:positive", "x in {1, 2, ...}"),
        ("a*b*x^(a-1)*(1-x^a)^(b-1)", "a,b", "0 < x < 1"),
    ],
)
def test_the_pages_compile(density: str, params: str, support: str, tmp_path) -> None:
    d = derived(density, params, support)
    result = compile_latex(d.to_latex(standalone=True), tmp_path)
    assert result.ok and result.errors == [], result.errors
    assert "Derivative" not in d.to_latex() and "Derivative" not in d.to_markdown()
