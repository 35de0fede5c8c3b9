"""Conditional models as the derivation shows them: the textbook forms of the linear regression's
estimators, and the numeric regressions' steps naming iteratively reweighted least squares."""

from __future__ import annotations

import json

import pytest

import symle


def test_linear_regression_shows_the_textbook_forms() -> None:
    derivation = symle.derive("linear-regression")
    latex = derivation.to_latex()
    assert r"\hat{b}_{1} &= \frac{\sum_{i=1}^{n} (x_{i} - \bar{x}) (y_{i} - \bar{y})}" in latex
    assert r"\hat{b}_{0} &= \bar{y} - \hat{b}_{1} \bar{x}" in latex
    expressions = json.loads(derivation.to_json())["estimators"]
    assert all(e["closed_form"] for e in expressions.values())
    for e in expressions.values():  # the data appear as y[i] and x[i]
        assert "y[" in e["expression"] or "x[" in e["expression"]


def test_steps_say_irls() -> None:
    assert "iteratively reweighted least squares" in symle.derive("logistic-regression").to_text()


def _maximum(derivation: symle.Derivation) -> str:
    (step,) = [s for s in derivation.steps if s.kind == "second-order"]
    return step.text


def test_the_concavity_of_a_regression_names_the_condition_its_design_needs() -> None:
    """With an intercept a constant covariate leaves the information singular; without one (Poisson
    counts with mean e^(bt)) a constant covariate t = c ≠ 0 does not: its condition is said apart, and
    with one parameter it is a second derivative, negative unless every covariate is 0."""
    assert "unless the covariates are constant or collinear" in _maximum(symle.derive("poisson-regression"))
    origin = symle.derive(
        "exp(-exp(b*t))*exp(b*t*y)/factorial(y)", params="b", support="y in {0, 1, ...}", response="y", covariates="t"
    )
    text = _maximum(origin)
    assert "constant or collinear" not in text and "positive unless the covariates are all zero" in text
    two = symle.derive(
        "exp(-exp(a + b*t*u))*exp((a + b*t*u)*y)/factorial(y)",
        params="a,b",
        support="y in {0, 1, ...}",
        response="y",
        covariates="t,u",
    )
    assert "unless the covariates cannot tell the parameters apart" in _maximum(two)


def test_poisson_regression_says_when_its_maximum_exists() -> None:
    """Every count 0, or the positive counts all at the smallest (or largest) covariate: no maximum, as
    the fit finds; counts at two covariate values in the middle and at an end: a maximum."""
    assert "The maximum exists unless every response is 0" in _maximum(symle.derive("poisson-regression"))
    d = symle.derive("poisson-regression")
    with pytest.raises(symle.SymleError):
        d.fit({"y": [0, 0, 3, 2], "x": [1.0, 2.0, 3.0, 3.0]})
    assert d.fit({"y": [0, 1, 3], "x": [1.0, 2.0, 3.0]})["estimates"]["b1"] > 0
