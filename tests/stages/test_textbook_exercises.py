"""Textbook exercises symle had not seen, each checked against an independent reference: numeric
maximisation of the log-likelihood, quadrature, SciPy's own fits and distributions."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from scipy import integrate, optimize, special, stats

import symle
from symle.algebra.sample import SampleMaxAbs
from symle.errors import DataError

RNG = np.random.default_rng(20261201)


def maximise(loglik, low: float, high: float) -> float:
    """The maximiser of a one-parameter log-likelihood on [low, high], by bounded scalar search."""
    found = optimize.minimize_scalar(
        lambda t: -loglik(t), bounds=(low, high), method="bounded", options={"xatol": 1e-10}
    )
    return float(found.x)


# --- a parameter in both bounds of the support ---------------------------------------------------


def test_uniform_on_minus_theta_theta_is_max_abs() -> None:
    d = symle.derive("1/(2*theta)", params="theta", support="-theta < x < theta")
    assert isinstance(d.estimators["theta"].value, SampleMaxAbs)
    x = RNG.uniform(-3, 3, 50)
    fit = d.fit(x)
    assert fit["estimates"]["theta"] == pytest.approx(np.max(np.abs(x)), rel=1e-14)
    # the likelihood (with its indicator) is largest at the smallest theta the data allow
    loglik = lambda t: -len(x) * np.log(2 * t) if t >= np.max(np.abs(x)) else -np.inf  # noqa: E731
    assert maximise(loglik, 0.1, 10) == pytest.approx(np.max(np.abs(x)), abs=1e-6)


def test_uniform_on_theta_two_theta_is_half_the_maximum() -> None:
    d = symle.derive("1/theta", params="theta", support="theta < x < 2*theta")
    x = RNG.uniform(2, 4, 50)
    assert d.fit(x)["estimates"]["theta"] == pytest.approx(x.max() / 2, rel=1e-14)


def test_uniform_on_theta_theta_plus_one_is_not_unique() -> None:
    d = symle.derive("1", params="theta", support="theta < x < theta + 1")
    estimator = d.estimators["theta"]
    assert estimator.interval is not None
    x = RNG.uniform(5.0, 6.0, 40)
    fit = d.fit(x)
    low, high = x.max() - 1, x.min()
    assert low <= fit["estimates"]["theta"] <= high
    assert any("not unique" in w for w in fit["warnings"])
    assert "not unique" in d.to_text()
    with pytest.raises(DataError, match="cannot come from this model"):
        d.fit(np.array([5.0, 5.5, 6.4]))  # spread over more than 1: no theta makes them all possible


# --- logarithms with the signs the domains prove ---------------------------------------------------


def test_log_series_has_no_complex_logarithm_and_fits_like_scipy() -> None:
    d = symle.derive("-p^x/(x*log(1-p))", params="p", support="x in {1, 2, ...}")
    assert not d.likelihood.loglik.has(sp.I)
    x = stats.logser.rvs(0.7, size=300, random_state=3)
    p = d.fit(x)["estimates"]["p"]
    reference = maximise(lambda q: np.sum(stats.logser.logpmf(x, q)), 1e-9, 1 - 1e-9)
    assert p == pytest.approx(reference, abs=1e-7)


def test_lomax_fits_like_scipy() -> None:
    d = symle.derive("alpha*lambda^alpha/(x + lambda)^(alpha + 1)", params="alpha,lambda", support="x > 0")
    assert not d.likelihood.loglik.has(sp.I)
    x = stats.lomax.rvs(3.0, scale=2.0, size=2000, random_state=5)
    fit = d.fit(x)
    c, _, scale = stats.lomax.fit(x, floc=0)
    ours = np.sum(stats.lomax.logpdf(x, fit["estimates"]["alpha"], scale=fit["estimates"]["lambda"]))
    theirs = np.sum(stats.lomax.logpdf(x, c, scale=scale))
    assert ours >= theirs - 1e-7 * abs(theirs)


# --- polynomial score equations: the root in the domain -------------------------------------------


@pytest.mark.parametrize(
    ("density", "params", "support", "draw", "loglik", "bounds"),
    [
        (
            "exp(-(x - theta)^2/(2*theta^2))/sqrt(2*pi*theta^2)",
            "theta:positive",
            None,
            lambda: RNG.normal(2.0, 2.0, 200),
            lambda x, t: np.sum(stats.norm.logpdf(x, t, t)),
            (1e-3, 50),
        ),
        (
            "theta^2/(theta + 1)*(1 + x)*exp(-theta*x)",
            "theta",
            "x > 0",
            lambda: RNG.gamma(1.5, 1.0, 200),
            lambda x, t: np.sum(2 * np.log(t) - np.log(t + 1) + np.log1p(x) - t * x),
            (1e-3, 50),
        ),
    ],
)
def test_quadratic_score_equations_give_the_root_in_the_domain(density, params, support, draw, loglik, bounds):
    kw = {"support": support} if support else {}
    d = symle.derive(density, params=params, **kw)
    (estimator,) = d.estimators.values()
    assert estimator.closed_form
    for _ in range(3):
        x = draw()
        assert d.fit(x)["estimates"][estimator.parameter.name] == pytest.approx(
            maximise(lambda t, x=x: loglik(x, t), *bounds), rel=1e-6
        )


def test_genetic_linkage_has_its_root_in_the_unit_interval() -> None:
    # Rao's linkage counts: categories 1..4 with probabilities (2 + t)/4, (1 - t)/4, (1 - t)/4, t/4
    density = (
        "((2+t)/4)^((x-2)*(x-3)*(x-4)/(-6))*((1-t)/4)^((x-1)*(x-3)*(x-4)/2)"
        "*((1-t)/4)^((x-1)*(x-2)*(x-4)/(-2))*(t/4)^((x-1)*(x-2)*(x-3)/6)"
    )
    d = symle.derive(density, params="t:probability", support="x in {1, 2, 3, 4}")
    assert d.estimators["t"].closed_form
    counts = np.array([125, 18, 20, 34])
    x = np.repeat([1, 2, 3, 4], counts)
    loglik = lambda t: np.sum(counts * np.log([(2 + t) / 4, (1 - t) / 4, (1 - t) / 4, t / 4]))  # noqa: E731
    assert d.fit(x)["estimates"]["t"] == pytest.approx(maximise(loglik, 1e-9, 1 - 1e-9), rel=1e-7)
    assert d.fit(x)["estimates"]["t"] == pytest.approx(0.6268214980, rel=1e-8)  # the textbook value


# --- expected information: known results checked by quadrature ------------------------------------


def _quadrature_information(logpdf, params, low, high) -> np.ndarray:
    """E[s s^T] of one observation by numerical differentiation of SciPy's log-density and
    quadrature: a reference independent of symle's symbolic work."""
    h = 1e-5

    def score(x: float) -> np.ndarray:
        out = []
        for j in range(len(params)):
            up, down = list(params), list(params)
            up[j] += h
            down[j] -= h
            out.append((logpdf(x, *up) - logpdf(x, *down)) / (2 * h))
        return np.array(out)

    size = len(params)
    return np.array(
        [
            [
                integrate.quad(
                    lambda x, a=a, b=b: score(x)[a] * score(x)[b] * math.exp(logpdf(x, *params)), low, high, limit=300
                )[0]
                for b in range(size)
            ]
            for a in range(size)
        ]
    )


@pytest.mark.parametrize(
    ("name", "values", "logpdf", "low", "high"),
    [
        ("cauchy", {"x0": 0.3, "gamma": 1.4}, lambda x, a, g: stats.cauchy.logpdf(x, a, g), -np.inf, np.inf),
        ("logistic", {"mu": 0.3, "s": 1.4}, lambda x, m, s: stats.logistic.logpdf(x, m, s), -60, 60),
        ("gumbel", {"mu": 0.3, "beta": 1.4}, lambda x, m, b: stats.gumbel_r.logpdf(x, m, b), -15, 60),
        ("weibull", {"k": 1.7, "lambda": 2.3}, lambda x, k, s: stats.weibull_min.logpdf(x, k, scale=s), 0, np.inf),
        ("laplace", {"mu": 0.2, "b": 1.3}, lambda x, m, b: stats.laplace.logpdf(x, m, b), -40, 40),
    ],
)
def test_known_information_agrees_with_quadrature(name, values, logpdf, low, high) -> None:
    d = symle.derive(name)
    fisher = d.information.fisher
    assert fisher is not None
    substitution = {p.symbol: v for p in d.model.parameters for k, v in values.items() if p.name == k}
    ours = np.array((fisher / sp.Symbol("n", integer=True, positive=True)).xreplace(substitution).evalf(), float)
    reference = _quadrature_information(logpdf, list(values.values()), low, high)
    assert ours == pytest.approx(reference, rel=1e-4, abs=1e-6)


def test_negative_binomial_information_agrees_with_a_sum_over_the_support() -> None:
    d = symle.derive("negative-binomial")
    r, p = 2.5, 0.4
    values = {s: v for s in d.information.fisher.free_symbols for name, v in (("r", r), ("p", p)) if s.name == name}
    ours = np.array(
        (d.information.fisher / sp.Symbol("n", integer=True, positive=True)).xreplace(values).evalf(), float
    )
    x = np.arange(0, 3000)
    logpmf = lambda k, rr, pp: stats.nbinom.logpmf(k, rr, pp)  # noqa: E731
    h = 1e-6
    scores = np.array(
        [
            (logpmf(x, r + h, p) - logpmf(x, r - h, p)) / (2 * h),
            (logpmf(x, r, p + h) - logpmf(x, r, p - h)) / (2 * h),
        ]
    )
    weights = np.exp(logpmf(x, r, p))
    assert ours == pytest.approx((scores * weights) @ scores.T, rel=1e-5)


def test_gaussian_regressions_have_their_information_given_the_covariates() -> None:
    d = symle.derive("linear-regression")
    x = RNG.normal(0, 1, 30)
    sigma2 = 1.7
    symbols = {p.name: p.symbol for p in d.model.parameters}
    from symle.numeric.evaluate import evaluate

    ours = np.array(
        [
            [evaluate(e, {"y": x, "x": x}, {symbols["sigma2"]: sigma2}) for e in row]
            for row in d.information.fisher.tolist()
        ]
    )
    design = np.column_stack([np.ones_like(x), x])
    expected = np.zeros((3, 3))
    expected[:2, :2] = design.T @ design / sigma2
    expected[2, 2] = len(x) / (2 * sigma2**2)
    assert ours == pytest.approx(expected, rel=1e-12)
    assert "depends on the response" not in " ".join(d.warnings)


# --- second order proved ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "kw"),
    [
        ("linear-regression", {}),
        ("regression-through-origin", {}),
        ("(theta+1)*x^theta", {"params": "theta", "support": "0 < x < 1"}),
    ],
)
def test_the_maximum_is_proved(model, kw) -> None:
    d = symle.derive(model, **kw)
    assert d.second_order is not None and d.second_order.proved
    assert not any("unproved" in w for w in d.warnings)


# --- exact bias ------------------------------------------------------------------------------------


def _bias_at(d, parameter: str, values: dict[str, float], size: int) -> float:
    bias = d.bias[parameter]
    substitution = {s: values[s.name] for s in bias.free_symbols if s.name in values}
    substitution[sp.Symbol("n", integer=True, positive=True)] = size
    return float(bias.xreplace(substitution).evalf())


def test_the_exponential_rate_bias_is_lambda_over_n_minus_one() -> None:
    d = symle.derive("exponential")
    lam, size = 1.7, 6
    # n / T with T ~ Gamma(n, rate lambda): its mean by quadrature
    mean = stats.gamma(size, scale=1 / lam).expect(lambda t: size / t)
    assert _bias_at(d, "lambda", {"lambda": lam}, size) == pytest.approx(mean - lam, rel=1e-8)


def test_the_uniform_maximum_bias_is_minus_theta_over_n_plus_one() -> None:
    d = symle.derive("1/theta", params="theta", support="0 < x < theta")
    theta, size = 2.5, 7
    mean = theta * stats.beta(size, 1).mean()  # x_(n)/theta ~ Beta(n, 1)
    assert _bias_at(d, "theta", {"theta": theta}, size) == pytest.approx(mean - theta, rel=1e-12)


def test_the_rayleigh_scale_bias_by_quadrature() -> None:
    d = symle.derive("rayleigh")
    sigma, size = 1.3, 5
    # sigma-hat = sqrt(T / (2n)), T = sum x_i^2 ~ Gamma(n, scale 2 sigma^2)
    mean = stats.gamma(size, scale=2 * sigma**2).expect(lambda t: math.sqrt(t / (2 * size)))
    assert _bias_at(d, "sigma", {"sigma": sigma}, size) == pytest.approx(mean - sigma, rel=1e-8)


def test_pareto_and_shifted_exponential_minimum_bias() -> None:
    pareto = symle.derive("pareto")
    xm, alpha, size = 1.5, 3.0, 8
    mean = stats.pareto(size * alpha, scale=xm).mean()  # x_(1) ~ Pareto(n alpha, xm)
    assert _bias_at(pareto, "xm", {"xm": xm, "alpha": alpha}, size) == pytest.approx(mean - xm, rel=1e-12)
    shifted = symle.derive("shifted-exponential")
    assert _bias_at(shifted, "theta", {"lambda": 2.0}, 4) == pytest.approx(1 / (2.0 * 4), rel=1e-12)


# --- intervals, edges, partial closed forms --------------------------------------------------------


def test_a_positive_parameter_interval_stays_positive() -> None:
    fit = symle.derive("exponential").fit([0.5, 1.2, 0.3])
    low, high = fit["confidence_intervals"]["lambda"]
    assert 0 < low < fit["estimates"]["lambda"] < high
    assert fit["interval_scales"]["lambda"] == "log"


def test_borel_with_all_ones_is_an_edge_estimate() -> None:
    d = symle.derive("exp(-mu*x)*(mu*x)^(x-1)/factorial(x)", params="mu", support="x in {1, 2, ...}")
    fit = d.fit([1, 1, 1, 1])
    assert fit["estimates"]["mu"] == 0
    assert fit["loglik"] == pytest.approx(0, abs=1e-12)
    assert any("edge" in w for w in fit["warnings"])
    x = np.array([1, 2, 1, 3, 1, 1, 4])
    reference = maximise(lambda m: np.sum(-m * x + (x - 1) * np.log(m * x) - special.gammaln(x + 1)), 1e-9, 1 - 1e-9)
    assert d.fit(x)["estimates"]["mu"] == pytest.approx(reference, abs=1e-7)


def test_partial_closed_forms_are_said_in_the_result() -> None:
    text = symle.derive("gamma").to_text()
    result = text.split("Result")[1]
    assert "β̂ = α̂/x̄" in result and "α̂ solves" in result
    assert "No parameter has a closed-form estimator" not in text


def test_the_pareto_score_is_the_derivative_then_the_substitution() -> None:
    steps = {s.title: s for s in symle.derive("pareto").steps}
    score = steps["Score for α"]
    assert "xₘ" in symle.derive("pareto").to_text().split("Score for α")[1].split("\n\n")[0]
    assert score.kind == "score"
    assert "x₍₁₎" in symle.derive("pareto").to_text().split("Solving for α")[1].split("\n\n")[0]
