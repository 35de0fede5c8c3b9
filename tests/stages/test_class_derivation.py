"""The page of counts in classes: f and F = 1 − S, pᵢ(θ) = F(bᵢ) − F(aᵢ), L(θ) = ∏ pᵢ(θ)^mᵢ, its log and
score, no closed form with its reason from the score, and every format (JSON's `classes`)."""

from __future__ import annotations

import json

import pytest
from latex import compile_latex, requires_pdflatex

import symle
from symle.errors import SymleError

TIMEOUT = 60


@pytest.fixture(scope="module")
def exponential() -> symle.Derivation:
    return symle.derive("exponential", classes=True, timeout=TIMEOUT)


def test_the_page_states_the_multinomial_likelihood_its_log_and_score(exponential) -> None:
    page = exponential.to_text()
    assert "from counts in classes" in page.splitlines()[0]
    assert "F(x; λ) = 1 - e^(-λx)" in page
    assert "p_i(λ) = F(b_i; λ) - F(a_i; λ) = e^(-λ a_i) - e^(-λ b_i)" in page
    assert "L(λ) = Π (p_i(λ)^(m_i))" in page and "multinomial" in page
    assert "ℓ(λ) = Σ m_i log(p_i(λ)) = Σ m_i log(e^(-λ a_i) - e^(-λ b_i))" in page
    assert "∂ℓ/∂λ = Σ (m_i (b_i e^(-λ b_i) - a_i e^(-λ a_i))/(e^(-λ a_i) - e^(-λ b_i)))" in page
    assert "No closed form for λ" in page and "Cramér" not in page
    assert not exponential.estimators["lambda"].closed_form


def test_every_format_says_the_classes(exponential) -> None:
    view = json.loads(exponential.to_json())
    assert view["classes"] == {"lower": "a", "upper": "b", "count": "m", "variable": "x", "cdf": "1 - exp(-lambda*x)"}
    assert view["weights"] is None
    assert r"p_{i}(\lambda)" in exponential.to_latex() and "p_{i}" in exponential.to_markdown()


@requires_pdflatex
def test_the_latex_page_compiles(exponential, tmp_path) -> None:
    result = compile_latex(exponential.to_latex(standalone=True), tmp_path)
    assert result.ok, result.errors


@pytest.mark.parametrize(
    ("model", "words"),
    [("poisson", "discrete; give its values with their counts"), ("uniform", "uses already")],
)
def test_a_model_without_classes_is_refused(model: str, words: str) -> None:
    with pytest.raises(SymleError, match=words):
        symle.derive(model, classes=True, timeout=TIMEOUT)


def test_the_no_closed_form_reason_speaks_of_the_classes():
    """Each term of a class model's score holds its class's bounds, not an observation."""
    text = symle.derive("exponential", classes=True).to_text()
    assert "together with that class's bounds" in text
    assert "that term's observation" not in text
