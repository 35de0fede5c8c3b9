"""Restricted parameter spaces (issue 22, class 6): the textbook cases, each estimate confirmed by
SciPy's bounded maximisation of the log-likelihood on simulated data, where the bound binds and
where it does not; the page's projection argument and its honest fallback."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from latex import compile_latex, requires_pdflatex
from scipy import optimize, stats

import symle

RNG = np.random.default_rng(20261207)

BERNOULLI = dict(params="theta:[0,1/2]", support="x in {0, 1}")
NORMAL_MEAN = "exp(-(x-mu)^2/2)/sqrt(2*pi)"
EXPONENTIAL = "lambda*exp(-lambda*x)"
POISSON = "lambda^x*exp(-lambda)/factorial(x)"


def bounded_maximum(loglik, low: float, high: float) -> float:
    """The maximiser of a one-parameter log-likelihood on [low, high] (SciPy's bounded search)."""
    found = optimize.minimize_scalar(
        lambda t: -loglik(t), bounds=(low, high), method="bounded", options={"xatol": 1e-12}
    )
    # the bounded search never evaluates the ends themselves: compare them too
    candidates = [float(found.x), low, high]
    return max(candidates, key=loglik)


# each case: the derivation, data where the bound binds, data where it does not, the log-likelihood, the box
CASES = {
    "C&B 7.12 Bernoulli, theta <= 1/2": (
        ("theta^x*(1-theta)^(1-x)", BERNOULLI),
        lambda: RNG.binomial(1, 0.8, 60).astype(float),
        lambda: RNG.binomial(1, 0.3, 60).astype(float),
        lambda x: lambda t: float(np.sum(stats.bernoulli.logpmf(x, t))),
        (1e-9, 0.5),
    ),
    "normal mean >= 0": (
        (NORMAL_MEAN, dict(params="mu:>=0")),
        lambda: RNG.normal(-0.7, 1.0, 40),
        lambda: RNG.normal(1.3, 1.0, 40),
        lambda x: lambda m: float(np.sum(stats.norm.logpdf(x, m, 1.0))),
        (0.0, 20.0),
    ),
    "exponential rate <= 1": (
        (EXPONENTIAL, dict(params="lambda:(0,1]", support="x > 0")),
        lambda: RNG.exponential(1 / 3.0, 50),
        lambda: RNG.exponential(1 / 0.4, 50),
        lambda x: lambda lam: float(np.sum(stats.expon.logpdf(x, scale=1 / lam))),
        (1e-6, 1.0),
    ),
    "Poisson mean >= 1": (
        (POISSON, dict(params="lambda:>=1", support="x in {0, 1, ...}")),
        lambda: RNG.poisson(0.3, 50).astype(float),
        lambda: RNG.poisson(4.0, 50).astype(float),
        lambda x: lambda lam: float(np.sum(stats.poisson.logpmf(x, lam))),
        (1.0, 50.0),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_textbook_restricted_mle_is_scipys_bounded_maximum(case: str) -> None:
    (density, options), binding, free, loglik, (low, high) = CASES[case]
    d = symle.derive(density, **options)
    name = next(iter(d.estimators))
    assert d.estimators[name].closed_form, d.to_text()
    for draw, binds in ((binding, True), (free, False)):
        x = draw()
        expected = bounded_maximum(loglik(x), low, high)
        fitted = d.fit(x)
        assert fitted["estimates"][name] == pytest.approx(expected, rel=1e-6, abs=1e-7), (case, binds)
        on_boundary = "on the boundary" in fitted["method"][name]
        assert on_boundary is binds, fitted
        if binds:  # a boundary estimate: no Wald standard error, and the warning says why
            assert fitted["standard_errors"][name] is None
            assert fitted["confidence_intervals"][name] is None
            assert any("not asymptotically normal" in w for w in fitted["warnings"])
        else:
            assert fitted["standard_errors"][name] > 0


def test_bernoulli_page_argues_the_projection_from_this_derivation() -> None:
    d = symle.derive("theta^x*(1-theta)^(1-x)", **BERNOULLI)
    text = d.to_text()
    assert "θ̂ = min(x̄, 1/2)" in text
    step = next(s for s in d.steps if s.kind == "restricted")
    # the argument is made from the derivation's own facts: the stationary point and its second derivative
    assert "increases up to x̄" in step.text and "at 1/2 when x̄ > 1/2" in step.text
    assert "where 0 ≤ θ ≤ 1/2" in d.steps[0].text
    result = d.steps[-1]
    assert "min(x̄, 1/2)" in text.split("Result")[-1]
    assert "exists when" not in result.text  # θ̂ = 0 or 1/2 maximises on the closed interval for any data
    assert r"\min\left(\bar{x}, \frac{1}{2}\right)" in d.to_latex()
    assert r"\min\left(\bar{x}, \frac{1}{2}\right)" in d.to_markdown()
    data = json.loads(d.to_json())
    estimator = data["estimators"]["theta"]
    assert estimator["restricted"]["projected"] is True
    assert estimator["restricted"]["upper"] == "1/2" and estimator["restricted"]["lower"] == "0"
    assert estimator["expression"].startswith("Min(")


def test_concave_log_likelihood_argued_as_concave() -> None:
    d = symle.derive(NORMAL_MEAN, params="mu:>=0")
    step = next(s for s in d.steps if s.kind == "restricted")
    assert "concave" in step.text and "at 0 when x̄ < 0" in step.text
    assert "μ̂ = max(x̄, 0)" in d.to_text()


def test_open_end_has_no_maximum_and_says_so() -> None:
    d = symle.derive("alpha*x^(-alpha-1)", params="alpha:>1", support="x > 1")
    result = d.steps[-1]
    assert "exists when" in result.text and "> 1" in result.text
    x = 1 + RNG.pareto(3.0, 80)
    alpha = len(x) / np.sum(np.log(x))
    assert d.fit(x)["estimates"]["alpha"] == pytest.approx(alpha, rel=1e-12)
    heavy = 1 + RNG.pareto(0.5, 80)  # n/Σ log x < 1: the likelihood rises towards the open end 1
    with pytest.raises(symle.SymleError, match="no maximum"):
        d.fit(heavy)


def test_joint_restriction_falls_back_to_a_numeric_maximum_within_the_bounds() -> None:
    d = symle.derive("exp(-(x-mu)^2/(2*s2))/sqrt(2*pi*s2)", params="mu:>=0,s2")
    step = next(s for s in d.steps if s.kind == "restricted")
    assert "restriction may bind jointly" in step.text and "numerically" in step.text
    assert not d.estimators["mu"].closed_form and not d.estimators["s2"].closed_form
    assert "(x_i - x̄)²" not in d.to_text().split("Result")[-1]  # the unrestricted σ̂² is not the answer
    for centre in (-0.8, 1.5):
        x = RNG.normal(centre, 2.0, 60)
        fitted = d.fit(x)["estimates"]
        mu = max(float(np.mean(x)), 0.0)  # the textbook answer: the mean projected, the variance about it
        assert fitted["mu"] == pytest.approx(mu, abs=1e-6)
        assert fitted["s2"] == pytest.approx(float(np.mean((x - mu) ** 2)), rel=1e-6)
        found = optimize.minimize(
            lambda t, x=x: -np.sum(stats.norm.logpdf(x, t[0], math.sqrt(t[1]))),
            [1.0, 1.0],
            method="L-BFGS-B",
            bounds=[(0, None), (1e-6, None)],
        )
        assert fitted["mu"] == pytest.approx(found.x[0], abs=1e-4)


def test_generated_code_projects_and_refuses_what_it_cannot_bound(tmp_path) -> None:
    d = symle.derive("theta^x*(1-theta)^(1-x)", **BERNOULLI)
    from symle.numeric.codegen import load

    module = load(d)
    assert module.fit(np.array([1.0, 1, 0, 1, 1]))["theta"] == 0.5
    assert module.fit(np.array([1.0, 0, 0, 0, 1]))["theta"] == pytest.approx(0.4)
    joint = symle.derive("exp(-(x-mu)^2/(2*s2))/sqrt(2*pi*s2)", params="mu:>=0,s2")
    with pytest.raises(symle.SymleError, match="restricted"):
        load(joint)


@requires_pdflatex
def test_restricted_page_compiles(tmp_path) -> None:
    d = symle.derive("theta^x*(1-theta)^(1-x)", **BERNOULLI)
    result = compile_latex(d.to_latex(standalone=True), tmp_path)
    assert result.ok, result.errors
