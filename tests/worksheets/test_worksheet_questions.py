"""Each question is generated from what the derivation shows, and its answer answers it: a stationary
point only where there is one, "each estimator" only where each is answered, and "Is it unbiased?"
answered yes or no, with the direction."""

from __future__ import annotations

import functools

import pytest

import symle
from symle.errors import WorksheetError
from symle.model.spec import ModelSpec
from symle.pipeline import Options, derive
from symle.worksheets.problems import answer, question


@functools.cache
def derived(model: str, **keywords):  # type: ignore[no-untyped-def]
    return derive(ModelSpec(model, **keywords), Options(60))


def test_a_median_parameter_is_no_stationary_point() -> None:
    """The Laplace's μ̂ is the median: the question asks about b, with μ̂ in place of μ."""
    d = derived("laplace")
    asked = question("second-order", d)
    assert asked == (
        "Show that the stationary point in b you found is a maximum (with the estimator of μ in place of μ)."
    )


@pytest.mark.parametrize(
    ("model", "keywords", "start"),
    [
        ("gamma", {}, "Show that the score equations have at most one root"),
        ("weibull", {}, "Show that the score equations have at most one root"),
        ("cauchy", {}, "Is the log-likelihood concave?"),
        ("1/(pi*(1+(x-t)^2))", {"params": ("t",)}, "Is the log-likelihood concave? Can the score equation have"),
        ("normal", {}, "Show that the stationary point you found is a maximum."),
    ],
)
def test_the_maximum_question_follows_the_argument_the_page_gives(model: str, keywords: dict, start: str) -> None:
    assert question("second-order", derived(model, **keywords)).startswith(start)


def test_a_parameter_of_the_support_is_asked_why_it_has_no_variance() -> None:
    d = derived("pareto")
    asked = question("variance", d)
    assert asked.startswith("Give the asymptotic variance of the estimator of α.")
    assert asked.endswith("Why is there none for the estimator of xₘ?")
    (step,) = answer("variance", d)
    assert "x̂ₘ has no asymptotic variance of this kind: xₘ bounds the support" in step.text


def test_the_bias_question_names_only_the_estimators_it_answers() -> None:
    """The inverse Gaussian's λ̂ has no exact bias here: the question asks about μ̂ alone."""
    d = derived("inverse-gaussian")
    assert d.bias["mu"] is not None and d.bias["lambda"] is None
    assert question("bias", d) == "Find the bias of the estimator of μ. Is it unbiased?"


@pytest.mark.parametrize(
    ("model", "said"),
    [
        ("shifted-exponential", ("θ̂ is biased upwards", "λ̂ is biased upwards", "Both biases vanish")),
        ("normal", ("μ̂ is unbiased", "σ̂² is biased downwards")),
        ("rayleigh", ("biased downwards (it underestimates σ on average, since Γ(n + 1/2) <",)),
    ],
)
def test_is_it_unbiased_gets_an_answer(model: str, said: tuple[str, ...]) -> None:
    d = derived(model)
    assert question("bias", d).endswith("unbiased?")
    (step,) = answer("bias", d)
    assert "not derived here" not in step.text
    for words in said:
        assert words in step.text, words


def test_the_lrt_part_asks_for_the_statistic_and_the_key_derives_it() -> None:
    spec = {"title": "Tests", "problem": [{"model": "exponential", "ask": ["mle", "lrt"]}]}
    sheet = symle.worksheet(spec, format="markdown")
    assert r"Derive the likelihood-ratio statistic for $H_{0}: \lambda = \lambda_{0}$" in sheet
    key = symle.worksheet(spec, solutions=True, format="markdown")
    derivation = symle.derive("exponential", test="lambda")
    for step in derivation.steps:
        if step.kind.startswith("test-"):
            assert step.title in key


def test_the_lrt_part_of_a_model_with_several_parameters_names_the_one_tested() -> None:
    spec = {"title": "Tests", "problem": [{"model": "normal", "ask": ["lrt"]}]}
    with pytest.raises(WorksheetError, match="give test = 'mu'"):
        symle.worksheet(spec)
    spec["problem"][0]["test"] = "mu=0"
    assert r"$H_{0}: \mu = 0$ ($\sigma^{2}$ unknown)" in symle.worksheet(spec, format="markdown")
