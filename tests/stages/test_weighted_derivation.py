"""The page of frequency-weighted data: ℓ(θ) = Σ wᵢ log f(xᵢ; θ), what a weight means, the weighted
estimators (Σwᵢxᵢ/Σwᵢ, the weighted variance with divisor Σwᵢ), the information of Σwᵢ observations,
and every format."""

from __future__ import annotations

import json

import pytest
import sympy as sp
from latex import compile_latex, requires_pdflatex

import symle
from symle.algebra.sample import i, n, sample
from symle.errors import SymleError

TIMEOUT = 60
x, w = sample("x", real=True), sample("w", positive=True)
W = sp.Sum(w[i], (i, 1, n))


@pytest.fixture(scope="module")
def normal() -> symle.Derivation:
    return symle.derive("normal", weights=True, timeout=TIMEOUT)


def _at(e: sp.Expr) -> sp.Expr:
    """The value on three weighted observations (whatever assumptions the sums' symbols carry)."""
    data = {"x": (sp.Rational(3, 2), 2, 5), "w": (2, sp.Rational(1, 3), 4)}
    e = e.subs(n, 3).doit()
    value = e.replace(lambda a: isinstance(a, sp.Indexed), lambda a: data[str(a.base)][int(a.indices[0]) - 1])
    return sp.nsimplify(value)


def test_the_poisson_mean_is_the_weighted_mean() -> None:
    d = symle.derive("poisson", weights=True, timeout=TIMEOUT)
    assert _at(d.estimators["lambda"].value) == _at(sp.Sum(w[i] * x[i], (i, 1, n)) / W) == sp.Rational(71, 19)
    page = d.to_text()
    assert "ℓ(λ) = Σ w_i log(f(x_i; λ))" in page
    assert "stands for w_i identical observations" in page and "need not be a whole number" in page
    assert "λ̂ = (Σ w_i x_i)/(Σ w_i)" in page and "AVar(λ̂) = λ/Σ w_i" in page
    assert "w̄" not in page  # the total weight is never written n w̄


def test_the_normal_has_the_weighted_mean_and_the_weighted_variance_with_divisor_the_total_weight(normal) -> None:
    mean = sp.Sum(w[i] * x[i], (i, 1, n)) / W
    assert _at(normal.estimators["mu"].value) == _at(mean)
    assert _at(normal.estimators["sigma2"].value) == _at(sp.Sum(w[i] * (x[i] - mean) ** 2, (i, 1, n)) / W)
    page = normal.to_text()
    assert "μ̂ = (Σ w_i x_i)/(Σ w_i)" in page
    assert "σ̂² = (Σ w_i (x_i - μ̂)²)/(Σ w_i)" in page
    assert "I(μ, σ²) = [Σ w_i/σ², 0; 0, Σ w_i/(2σ⁴)]" in page
    assert "with frequency weights" in page.splitlines()[0]


def test_every_format_says_the_weights(normal) -> None:
    assert json.loads(normal.to_json())["weights"] == "w"
    assert json.loads(symle.derive("normal", timeout=TIMEOUT).to_json())["weights"] is None
    assert r"w_{i} \log" in normal.to_latex() or r"\log{\left(f" in normal.to_latex()
    assert "identical observations" in normal.to_markdown()


def test_the_gamma_without_closed_form_shows_its_hessian_in_sums() -> None:
    page = symle.derive("gamma", weights="v", timeout=TIMEOUT).to_text()
    assert "T₁" not in page and "D₁ = -ψ'(α) Σ v_i < 0" in page


@requires_pdflatex
def test_the_latex_page_compiles(normal, tmp_path) -> None:
    result = compile_latex(normal.to_latex(standalone=True), tmp_path)
    assert result.ok, result.errors


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"weights": "x"}, "also the variable's"),
        ({"weights": "mu"}, "also the variable's or a parameter's"),
        ({"weights": "w", "censored": "d"}, "not derived yet"),
        ({"weights": "1w"}, "^weights: "),
    ],
)
def test_a_bad_weight_name_is_refused(options, words) -> None:
    with pytest.raises(SymleError, match=words):
        symle.derive("normal" if "censored" not in options else "weibull", timeout=TIMEOUT, **options)
