"""The follow-up sentences say what was computed: the delta method as its formula with the derivative
it uses, the Result naming every function asked for, the bias reason chosen by how the bias was found
(a quadratic in sums is no linear function), the spacings' gamma law stated with its statistic, and
whether each estimator is unbiased, in which direction. Models beyond the lecturer's examples."""

from __future__ import annotations

import functools

import numpy as np
import pytest
import sympy as sp

import symle
from symle.algebra import notation as N
from symle.algebra.sample import n
from symle.followups.bias import how
from symle.followups.bias_steps import bias_step, sign_of_bias


@functools.cache
def derived(model: str, **keywords) -> symle.Derivation:  # type: ignore[no-untyped-def]
    return symle.derive(model, timeout=60, **keywords)


def _step(d: symle.Derivation, kind: str):  # type: ignore[no-untyped-def]
    return next(s for s in d.steps if s.kind == kind)


def test_one_parameter_delta_method_is_g_prime_squared_over_the_information() -> None:
    d = derived("exponential", functions=("median=log(2)/lambda",))
    step = _step(d, "function")
    assert "g′" not in step.text and "taken between" not in step.text
    assert "median′(λ)²/I(λ)" in step.text
    slope, variance = step.equations[2], step.equations[3]
    lam = d.model.parameter("lambda").symbol
    assert isinstance(slope.parts[0], N.Slope) and sp.simplify(slope.parts[1] + sp.log(2) / lam**2) == 0
    # the formula's value is the variance printed after it: (log 2/λ²)² λ²/n
    assert sp.simplify(variance.parts[-1] - sp.log(2) ** 2 / (n * lam**2)) == 0


def test_several_parameters_use_the_gradient_and_the_inverse_information() -> None:
    d = derived("normal", functions=("cv=sqrt(sigma2)/mu",))
    step = _step(d, "function")
    assert "∇cvᵀ I(μ, σ²)⁻¹ ∇cv" in step.text
    gradient = step.equations[2]
    assert isinstance(gradient.parts[0], N.Gradient) and gradient.parts[1].shape == (2, 1)
    mu, s2 = d.model.parameter("mu").symbol, d.model.parameter("sigma2").symbol
    value = (gradient.parts[1].T * d.information.fisher.inv() * gradient.parts[1])[0, 0]
    assert sp.simplify(value - step.equations[3].parts[-1]) == 0
    assert sp.simplify(step.equations[3].parts[-1] - (s2 / mu**2 / n) * (s2 / mu**2 + sp.Rational(1, 2))) == 0


def test_the_result_lists_every_function_asked_for() -> None:
    d = derived("gamma", functions=("mean=alpha*beta", "rate=1/beta"))
    result = d.steps[-1]
    names = {str(e.parts[0].args[0]) for e in result.equations if isinstance(e.parts[0], N.Named)}
    assert names == {"mean", "rate"}
    assert "The last 2 lines are the estimators of mean and rate, by invariance." in result.text


def test_a_quadratic_in_sums_is_not_called_linear() -> None:
    for model in ("normal", "lognormal"):
        d = derived(model)
        assert how(d.estimators["sigma2"]) == "polynomial"
        assert how(d.estimators["mu"]) == "linear"
        text = bias_step(d.estimators, d.bias, d.model).text
        assert "σ̂² is a polynomial in sums" in text and "μ̂ is a linear function" in text


def test_spacings_above_the_minimum_have_a_gamma_law() -> None:
    """Σ(t(xᵢ) − t(x₍₁₎)) is Gamma(n − 1) where t(X) is exponential above the support's end: the
    shifted exponential's λ̂ and the Pareto's α̂ have E = nλ/(n − 2), checked by simulation."""
    lam, alpha = sp.Symbol("lambda"), sp.Symbol("alpha")
    shifted, pareto = derived("shifted-exponential"), derived("pareto")
    assert how(shifted.estimators["lambda"]) == "spacings" and how(pareto.estimators["alpha"]) == "spacings"
    for d, symbol in ((shifted, lam), (pareto, alpha)):
        bias = d.bias[symbol.name].xreplace({s: sp.Symbol(s.name) for s in d.bias[symbol.name].free_symbols})
        assert sp.simplify(bias - 2 * sp.Symbol(symbol.name) / (sp.Symbol("n") - 2)) == 0
    rng = np.random.default_rng(7)
    size, rate = 6, 1.5
    x = 2.0 + rng.exponential(1 / rate, (200_000, size))  # θ = 2
    estimates = size / np.sum(x - x.min(axis=1, keepdims=True), axis=1)
    assert abs(estimates.mean() - size * rate / (size - 2)) < 0.02


def test_is_it_unbiased_is_answered_with_its_direction() -> None:
    text = {m: bias_step(derived(m).estimators, derived(m).bias, derived(m).model).text for m in ("poisson",)}
    assert text["poisson"].endswith("So λ̂ is unbiased.")
    half = derived("half-normal")
    said = bias_step(half.estimators, half.bias, half.model).text
    assert "σ̂ is biased downwards (it underestimates σ on average, since Γ(n/2 + 1/2) < " in said
    assert said.endswith("The bias vanishes as n grows.")
    exponential = derived("exponential")
    assert "λ̂ is biased upwards" in bias_step(exponential.estimators, exponential.bias, exponential.model).text
    uniform = derived("uniform")
    said = bias_step(uniform.estimators, uniform.bias, uniform.model).text
    assert "biased upwards (it overestimates a on average, since x₍₁₎ > a for every sample)" in said
    assert "biased downwards (it underestimates b on average, since x₍ₙ₎ < b for every sample)" in said


def test_the_sign_of_a_bias_holds_at_every_sample_size() -> None:
    """What sign_of_bias proves, numerically, for n from 3 to 200 (where the expectations exist)."""
    for model in ("half-normal", "rayleigh", "exponential", "normal", "shifted-exponential", "pareto"):
        d = derived(model)
        for name, bias in d.bias.items():
            if bias is None or bias == 0:
                continue
            sign, _ = sign_of_bias(bias)
            if not sign:
                continue
            values = {s: d.model.parameter(s.name).space.trial for s in bias.free_symbols if s != n}
            for size in range(3, 200, 7):
                assert np.sign(float(bias.xreplace({**values, n: size}))) == sign, (model, name, size)


@pytest.mark.parametrize(
    ("model", "keywords", "said"),
    [  # written before they were run: the statement with its formula, not a description of it
        (
            "pareto",
            {},
            "α̂ = n/T, where T = Σ (log x_i - log x₍₁₎) is gamma distributed with shape n - 1 and rate α by the "
            "memorylessness of the exponential distribution, so E[α̂] = nα/(n - 2).",
        ),
        (
            "lambda*exp(-lambda*x)",
            {"params": "lambda", "support": "x > 0"},
            "λ̂ = n/T, where T = Σ x_i is gamma distributed with shape n and rate λ, as a sum of n independent "
            "exponential terms, so E[λ̂] = nλ/(n - 1).",
        ),
    ],
)
def test_a_power_of_a_gamma_statistic_is_stated_with_its_formula(model: str, keywords: dict, said: str) -> None:
    d = derived(model, **keywords)
    text = bias_step(d.estimators, d.bias, d.model).text
    assert said in text
    assert "on a scale on which" not in text and "a ratio of values of the gamma function" not in text


def test_an_order_statistic_expectation_has_a_roman_e() -> None:
    key = symle.worksheet({"problem": [{"model": "uniform", "ask": ["bias"]}]}, solutions=True)
    assert r"\operatorname{E}\left[x_{(1)}\right]" in key and "$E[" not in key
