"""Conditional models as the derivation shows them: the textbook forms of the linear regression's
estimators, and the numeric regressions' steps naming iteratively reweighted least squares."""

from __future__ import annotations

import json

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
