"""Sentences true of the model they describe: when an estimate exists (derived from the score's range,
never a stock string), the Lambert W function defined on the branch the samples choose, one-parameter
pages worded for one parameter with no solver internals, a true reason for no closed form, and the
support and median arguments the right way round. Models beyond the lecturer's examples, chosen first."""

from __future__ import annotations

import functools
import pathlib
import re

import numpy as np
import pytest
import sympy as sp

import symle
from symle.algebra.sample import SampleMean

MODELS = {
    "poisson": ("poisson", {}),
    "binomial": ("binomial", {"known": ("m=10",)}),
    "geometric": ("geometric", {}),
    "bernoulli": ("bernoulli", {}),
    "zero-truncated": (
        "lambda^x*exp(-lambda)/(factorial(x)*(1-exp(-lambda)))",
        {"params": "lambda", "support": "x in {1, 2, ...}"},
    ),
    "logarithmic": ("-p^x/(x*log(1-p))", {"params": "p", "support": "x in {1, 2, ...}"}),
    "binomial-3": ("binomial(3, x)*q^x*(1-q)^(3-x)", {"params": "q", "support": "x in {0, 1, 2, 3}"}),
    "exponential": ("exponential", {}),
    "normal-known-mean": ("normal", {"known": ("mu=0",)}),
    "lomax": ("theta*(1+x)^(-(theta+1))", {"params": "theta", "support": "x > 0"}),
    "cauchy-location": ("1/(pi*(1+(x-t)^2))", {"params": "t"}),
    "logistic-location": ("exp(-(x-m))/(1+exp(-(x-m)))^2", {"params": "m"}),
    "power": ("(a+1)*x^a", {"params": "a", "support": "0 < x < 1"}),
    "gamma-shape": ("x^(a-1)*exp(-x)/gamma(a)", {"params": "a", "support": "x > 0"}),
    "symmetric-beta": ("x^(t-1)*(1-x)^(t-1)/beta(t,t)", {"params": "t", "support": "0 < x < 1"}),
}


@functools.cache
def derived(name: str) -> symle.Derivation:
    model, keywords = MODELS[name]
    return symle.derive(model, timeout=60, **keywords)


# the condition, as (lower, upper) on x̄, written down before the pages were read
EXISTS = {
    "poisson": (0, None),
    "binomial": (0, 10),
    "geometric": (1, None),
    "bernoulli": (0, 1),
    "zero-truncated": (1, None),
    "logarithmic": (1, None),
    "binomial-3": (0, 3),
}


@pytest.mark.parametrize("name", EXISTS)
def test_the_estimate_exists_when_the_mean_lies_inside_the_scores_range(name: str) -> None:
    d = derived(name)
    (estimator,) = d.estimators.values()
    found = estimator.exists
    assert found is not None and isinstance(found.statistic, SampleMean)
    assert (found.lower, found.upper) == tuple(None if v is None else sp.Integer(v) for v in EXISTS[name])
    solve = next(s for s in d.steps if s.kind in ("solve", "numeric"))
    assert "exists when" in solve.text and "the likelihood has no maximum" in solve.text
    assert "exists when" in d.steps[-1].text  # the Result says it too
    assert any(c.startswith("exists:") for c in d.steps[-1].claims)


@pytest.mark.parametrize("name", ["exponential", "normal-known-mean", "lomax", "power", "gamma-shape"])
def test_no_condition_where_every_sample_gives_an_estimate(name: str) -> None:
    """A continuous support reaches its ends with probability zero: nothing to say."""
    d = derived(name)
    assert all(e.exists is None for e in d.estimators.values())
    assert not any("exists when" in s.text for s in d.steps)


def test_lambert_w_is_defined_and_its_branch_chosen_on_samples() -> None:
    d = derived("zero-truncated")
    (estimator,) = d.estimators.values()
    assert estimator.value.has(sp.LambertW) and all(len(w.args) == 1 for w in estimator.value.atoms(sp.LambertW))
    solve = next(s for s in d.steps if s.kind == "solve")
    assert "W₀(z) is the principal branch of the Lambert W function" in solve.text
    # x̄ = 2: λ̂ = 1.5936..., and λ/(1 − e^(−λ)) = x̄ there
    total = next(iter(estimator.value.atoms(sp.Sum)))
    value = float(estimator.value.xreplace({total: 2 * sp.Symbol("n", integer=True, positive=True)}).evalf())
    assert abs(value - 1.5936242600400401) < 1e-9 and abs(value / (1 - np.exp(-value)) - 2) < 1e-9


ONE_PARAMETER = [
    "cauchy-location",
    "logistic-location",
    "gamma-shape",
    "zero-truncated",
    "logarithmic",
    "power",
    "symmetric-beta",
]
SOFTWARE = ("backtracking", "predicted gain", "directly", "checked by numerical integration", "checked to be")
MANY = ("saddle", "score equations", "Hessian", "leading minors", "leading principal")


@pytest.mark.parametrize("name", ONE_PARAMETER)
def test_a_one_parameter_page_speaks_of_one_parameter_and_no_solver_internals(name: str) -> None:
    for step in derived(name).steps:
        if step.kind in ("fisher", "variance"):  # "minus the expected Hessian": the information's own sentence
            continue
        for phrase in SOFTWARE + MANY:
            assert phrase not in step.text, (step.kind, phrase)


def test_a_one_parameter_concavity_is_proved_at_the_estimate_with_e_to_the_u() -> None:
    """The zero-truncated Poisson: ℓ″(λ̂) < 0 because e^u > 1 + u, never 'could not be decided'."""
    step = next(s for s in derived("zero-truncated").steps if s.kind == "second-order")
    assert "second-order-at-estimate" in step.claims
    assert "e^(λ̂) > λ̂ + 1 for λ̂ > 0" in step.text and "not shown" not in step.text


def test_a_rational_score_gives_the_polynomial_degree_as_the_reason() -> None:
    """Σ(xᵢ − t)/(1 + (xᵢ − t)²) = 0 clears to a polynomial of degree 2n − 1; no rearranged second line
    that is only the first over a number, and the Result keeps the equation's own form."""
    d = derived("cauchy-location")
    numeric = next(s for s in d.steps if s.kind == "numeric")
    assert "polynomial equation of degree 2n - 1 in t" in numeric.text
    assert "Rearranged" not in numeric.text and len(numeric.equations) == 1
    (result,) = d.steps[-1].equations
    assert len(result.parts[0].atoms(sp.Sum)) == 1  # one sum, not split in two


def test_the_logistic_location_gives_no_false_reason() -> None:
    numeric = next(s for s in derived("logistic-location").steps if s.kind == "numeric")
    assert "sit together" not in numeric.text and "does not split" not in numeric.text
    assert "a fixed set of statistics of the data" in numeric.text


def test_the_support_argument_runs_the_right_way() -> None:
    upper = symle.derive("3*x^2/theta^3", params="theta", support="0 <= x <= theta", timeout=60)
    step = next(s for s in upper.steps if s.kind == "support")
    assert "decreases as θ increases, and on θ ≥ x₍ₙ₎ it is largest at θ = x₍ₙ₎" in step.text
    lower = symle.derive("2*exp(-2*(x-theta))", params="theta", support="x >= theta", timeout=60)
    step = next(s for s in lower.steps if s.kind == "support")
    assert "increases as θ increases, and on θ ≤ x₍₁₎ it is largest at θ = x₍₁₎" in step.text


def test_the_median_subgradient_belongs_to_the_log_likelihood() -> None:
    d = symle.derive("exp(-abs(x-m)/3)/6", params="m", timeout=60)
    step = next(s for s in d.steps if s.kind == "median")
    assert "the derivative of S in m is the number of observations below m minus the number above" in step.text
    assert "the log-likelihood's derivative is 1/3 times the number above minus the number below" in step.text


def test_the_lambert_w_definition_is_typeset_as_a_power_not_a_hat() -> None:
    """h13 of round 4: "the inverse of w ↦ wêw" (an ASCII caret set as a hat accent)."""
    d = derived("zero-truncated")
    latex = d.to_latex()
    assert r"w \mapsto  we^{w}" in latex and r"\hat{}" not in latex
    assert "w ↦ weʷ" in d.to_text()


def test_authored_formulas_hold_no_ascii_caret() -> None:
    """A formula written in the source is Unicode math (x², weʷ): an ASCII ^ in it is set as a literal
    caret, a hat accent on the page."""
    root = pathlib.Path(symle.__file__).parent
    for path in root.rglob("*.py"):
        for literal in re.findall(r'formula\(f?"([^"]*)"', path.read_text(encoding="utf-8")):
            assert "^" not in literal, f"{path.relative_to(root)}: formula({literal!r})"


@pytest.mark.parametrize(
    ("density", "keywords", "condition"),
    [
        (
            "(lambda*t)^y*exp(-lambda*t)/factorial(y)",
            {"params": "lambda", "support": "y in {0, 1, ...}", "response": "y", "covariates": "t"},
            "exists when Σ y_i > 0: if every y_i is 0",
        ),
        (
            "(mu*s)^k*exp(-mu*s)/factorial(k)",
            {"params": "mu", "support": "k in {0, 1, ...}", "response": "k", "covariates": "s"},
            "exists when Σ k_i > 0: if every k_i is 0",
        ),
    ],
)
def test_a_rate_with_exposures_exists_when_some_count_is_positive(density: str, keywords: dict, condition: str) -> None:
    """h8 of round 4: with every count 0 the likelihood e^{−λΣtᵢ} has no maximum with λ > 0."""
    d = symle.derive(density, timeout=60, **keywords)
    solve = next(s for s in d.steps if s.kind == "solve")
    assert condition in str(solve.text), solve.text
