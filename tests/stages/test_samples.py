"""Several samples (symle.model.samples): the page of two normals with a common variance and of two
exponentials, in the samples' notation, its JSON fields, its LaTeX compiling, and refusals in one line."""

from __future__ import annotations

import functools
import json

import numpy as np
import pytest
import sympy as sp
from latex import compile_latex, requires_pdflatex

import symle
from symle.errors import ModelError, ParseError

TIMEOUT = 60


@functools.cache
def derived(family: str, k: int = 2, shared: tuple[str, ...] = ()) -> symle.Derivation:
    return symle.derive(family, groups=k, shared=list(shared), timeout=TIMEOUT)


def test_two_normals_with_a_common_variance_page() -> None:
    d = derived("normal", 2, ("sigma2",))
    page = d.to_text()
    assert "μ̂₁ = Σ_(i=1)^n₁ x_1,i/n₁" in page and "μ̂₂ = Σ_(i=1)^n₂ x_2,i/n₂" in page
    assert "σ̂² = (Σ_(i=1)^n₁ (x_1,i - μ̂₁)² + Σ_(i=1)^n₂ (x_2,i - μ̂₂)²)/(n₁ + n₂)" in page
    assert "Π_(j=1)^2 Π_(i=1)^(n_j) (f(x_j,i; μ_j, σ²))" in page
    assert "g₂" not in page and "covariate" not in page  # the indicators never reach the page
    assert "whose σ² is common to all" in page
    assert "H = [-n₁/σ̂², 0, 0; 0, -n₂/σ̂², 0; 0, 0, -(n₁ + n₂)/(2σ̂⁴)]" in page  # the block structure


def test_the_rewritten_estimators_equal_the_derived_ones_on_data() -> None:
    """The page's values (in x_ji, n_j) and the derivation's (in x_i and the indicator) agree on random samples."""
    from symle.stages.samples_notation import in_groups, sizes

    d = derived("normal", 2, ("sigma2",))
    rng = np.random.default_rng(5)
    a, b = rng.normal(1, 2, 7), rng.normal(3, 2, 5)
    x = sp.IndexedBase("x", real=True)
    n1, n2 = sizes(d.model)
    for name, expected in (("mu1", a.mean()), ("mu2", b.mean())):
        shown = in_groups(d.estimators[name].value, d.model)
        value = shown.subs({n1: 7, n2: 5}).doit()
        value = value.xreplace({x[1, k]: a[k - 1] for k in range(1, 8)} | {x[2, k]: b[k - 1] for k in range(1, 6)})
        assert float(value) == pytest.approx(expected, rel=1e-12)


def test_two_exponentials_each_rate_and_under_h0_the_common_rate() -> None:
    page = derived("exponential").to_text()
    assert "λ̂₁ = n₁/Σ_(i=1)^n₁ x_1,i" in page and "λ̂₂ = n₂/Σ_(i=1)^n₂ x_2,i" in page
    common = derived("exponential", 2, ("lambda",)).to_text()
    assert "λ̂ = (n₁ + n₂)/(Σ_(i=1)^n₁ x_1,i + Σ_(i=1)^n₂ x_2,i)" in common
    assert "one sample of n₁ + n₂ observations" in common


def test_json_has_groups_and_shared() -> None:
    data = json.loads(derived("normal", 2, ("sigma2",)).to_json())
    assert data["groups"] == {"k": 2, "per_group": {"mu": ["mu1", "mu2"]}, "indicators": ["g2"]}
    assert data["shared"] == ["sigma2"] and data["parameters"] == ["mu1", "mu2", "sigma2"]
    assert json.loads(symle.derive("normal", timeout=TIMEOUT).to_json())["groups"] is None


def test_markdown_shows_the_double_product() -> None:
    page = derived("normal", 2, ("sigma2",)).to_markdown()
    assert r"\prod_{j=1}^{2} \prod_{i=1}^{n_{j}}" in page and "x_{1,i}" in page


@requires_pdflatex
def test_the_latex_page_compiles(tmp_path) -> None:
    result = compile_latex(derived("normal", 2, ("sigma2",)).to_latex(standalone=True), tmp_path)
    assert result.ok, result.errors


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"groups": 1}, ModelError, "one group is one sample"),
        ({"groups": 2, "shared": ["tau"]}, ModelError, "^shared tau: not a parameter of normal"),
        ({"shared": ["sigma2"]}, ParseError, "give groups too"),
        ({"groups": 2.5}, ParseError, "whole number"),
        ({"groups": 2, "censored": "d"}, ModelError, "not for censored lifetimes"),
    ],
)
def test_bad_groups_are_refused_in_one_line(kwargs, error, words) -> None:
    with pytest.raises(error, match=words):
        symle.derive("normal" if "censored" not in kwargs else "exponential", timeout=TIMEOUT, **kwargs)


def test_a_parameter_bounding_the_support_is_refused_per_group() -> None:
    with pytest.raises(ModelError, match="bounds the support"):
        symle.derive("uniform", groups=2, timeout=TIMEOUT)


def _on_data(expr: sp.Expr, values: dict[sp.Basic, float], sizes: dict[sp.Symbol, int]) -> complex | None:
    """The expression's value with the sizes and observations given (None: it holds notation without a value)."""
    from symle.algebra.sample import SampleMean, i, n

    expr = expr.replace(SampleMean, lambda arg: sp.Sum(arg[i], (i, 1, n)) / n)
    done = expr.xreplace(sizes).doit().xreplace(values)
    try:
        return complex(done)
    except TypeError:
        return None


@pytest.mark.parametrize(("family", "shared"), [("normal", ("sigma2",)), ("exponential", ())])
def test_the_rewritten_values_equal_the_derived_ones_on_data(family, shared) -> None:
    """The log-likelihood, the estimators and the information in x_ji and n_j have the values of the
    derivation's own (in x_i and the indicator g₂ᵢ) on a random data set, at random parameter values."""
    from symle.algebra.sample import n
    from symle.stages.samples_notation import in_groups, sizes

    d = derived(family, 2, shared)
    model = d.model
    rng = np.random.default_rng(11)
    a, b = rng.gamma(2.0, 1.0, 4), rng.gamma(3.0, 1.0, 3)
    x, g = model.data, model.covariate_data(model.samples.indicators[0])
    flat = {x[k + 1]: v for k, v in enumerate([*a, *b])} | {g[k + 1]: float(k >= 4) for k in range(7)}
    grouped = {x[1, k + 1]: v for k, v in enumerate(a)} | {x[2, k + 1]: v for k, v in enumerate(b)}
    n1, n2 = sizes(model)
    point = {s: rng.uniform(0.5, 2.0) for s in model.symbols}
    fisher = d.information.fisher
    values = [d.likelihood.loglik, *(e.value for e in d.estimators.values()), *fisher]
    for value in values:
        before = _on_data(value.xreplace(point), flat, {n: 7})
        after = _on_data(in_groups(value, model).xreplace(point), grouped, {n1: 4, n2: 3})
        assert before is not None and after == pytest.approx(before, rel=1e-9), value


def test_the_pooled_variance_bias_and_its_divisor_sentence() -> None:
    """E[σ̂²] = (n − k)σ²/n by linearity from each sample's E[Σ(x_ji − x̄_j)²] = (n_j − 1)σ²: the bias is
    −2σ²/n with two samples, and the Result names the divisor n₁ + n₂ − 2 that removes it."""
    from symle.algebra.sample import n

    d = derived("normal", 2, ("sigma2",))
    sigma2 = d.model.parameter("sigma2").symbol
    assert d.bias is not None and sp.simplify(d.bias["sigma2"] + 2 * sigma2 / n) == 0
    assert d.bias["mu1"] == 0 and d.bias["mu2"] == 0
    assert "The divisor of σ̂² is n₁ + n₂, not n₁ + n₂ - 2" in d.to_text()
    exponential = derived("exponential")
    assert exponential.bias is not None and "divisor" not in exponential.to_text()  # nothing shared: no such claim


def test_each_rate_has_its_samples_bias() -> None:
    """λ̂ⱼ = n_j/Σᵢx_ji has the one-sample bias λ/(n − 1) at n = n_j."""
    from symle.stages.samples_notation import in_groups, sizes

    d = derived("exponential")
    n1, _ = sizes(d.model)
    lam = d.model.parameter("lambda1").symbol
    assert sp.simplify(in_groups(d.bias["lambda1"], d.model) - lam / (n1 - 1)) == 0
