"""Printed expressions read back: symle's SymPy-syntax printer and the reader agree, on hand-written
expressions and on everything the JSON prints for every family (log-likelihood, scores,
estimators), which read back to the engine's own expressions and evaluate to the fit."""

from __future__ import annotations

import pytest
import sympy as sp
from families import CLOSED, REL, derivation, family_json, simulate
from sweeps import sweep

import symle
from symle.algebra.printing import sympy_syntax
from symle.algebra.sample import n as sample_n
from symle.algebra.sums import expand_sums
from symle.model.catalogue import FAMILIES
from symle.numeric.evaluate import evaluate

ROUND_TRIPS = [
    "Sum(x[i], (i, 1, n))/n",
    "Max(x)",
    "Min(x)",
    "Median(x)",
    "n/Sum(x[i], (i, 1, n))",
    "Sum((x[i] - Sum(x[j], (j, 1, n))/n)**2, (i, 1, n))/n",
    "sqrt(Sum(x[i]**2, (i, 1, n))/(2*n))",
    "Sum(log(x[i]), (i, 1, n))",
    "-n/Sum(log(x[i]), (i, 1, n))",
    "Product(x[i], (i, 1, n))",
    "Sum(Abs(x[i] - Median(x)), (i, 1, n))/n",
    "Max(x) - Min(x)",
]


@pytest.mark.parametrize("text", ROUND_TRIPS)
def test_parse_expression_round_trip(text: str) -> None:
    value = symle.parse_expression(text)
    printed = sympy_syntax(value)
    again = symle.parse_expression(printed)
    assert sp.srepr(again) == sp.srepr(value)
    assert sympy_syntax(again) == printed


# ---------------------------------------------------------------------------------------------
# what the JSON prints for each family


def _printed(name: str) -> list[tuple[str, str]]:
    out = family_json(name)
    items = [("loglik", out["loglik"])]
    items += [(f"score[{p}]", s) for p, s in out["score"].items()]
    for p, e in out["estimators"].items():
        if e["expression"] is not None:
            items.append((f"expression[{p}]", e["expression"]))
        if e["profile"] is not None:
            items.append((f"profile[{p}]", e["profile"]))
    return items


@pytest.mark.parametrize("name", sweep(FAMILIES))
def test_printed_expressions_read_back_stably(name):
    for what, text in _printed(name):
        first = symle.parse_expression(text)
        again = symle.parse_expression(str(first))
        assert sp.srepr(first) == sp.srepr(again), what
        assert str(again) == str(first), what


@pytest.mark.parametrize("name", sweep(FAMILIES))
def test_printed_expressions_are_what_was_derived(name):
    """The JSON text reads back to the engine's own expression (up to symbol assumptions)."""
    from symle.algebra.sample import plain

    d = derivation(name)
    out = family_json(name)
    assert symle.parse_expression(out["loglik"]) == plain(d.likelihood.loglik)
    for p, e in out["estimators"].items():
        if e["expression"] is not None:
            assert symle.parse_expression(e["expression"]) == plain(d.estimators[p].value)


@pytest.mark.parametrize("name", CLOSED)
def test_parsed_estimator_evaluates_to_the_fit(name):
    """Reading back the printed estimator, as a user would, and evaluating it on the data."""
    x = simulate(name)
    fitted = derivation(name).fit(x)["estimates"]
    for parameter, estimator in family_json(name)["estimators"].items():
        expr = symle.parse_expression(estimator["expression"])
        assert evaluate(expr, {"x": x}) == pytest.approx(fitted[parameter], rel=REL), parameter


@pytest.mark.parametrize("name", CLOSED)
def test_parsed_estimator_with_engine_n_evaluates_to_the_fit(name):
    x = simulate(name)
    fitted = derivation(name).fit(x)["estimates"]
    for parameter, estimator in family_json(name)["estimators"].items():
        expr = symle.parse_expression(estimator["expression"], {"n": sample_n})
        assert evaluate(expr, {"x": x}) == pytest.approx(fitted[parameter], rel=REL), parameter


@pytest.mark.parametrize("name", CLOSED)
def test_parsed_loglik_evaluates_to_the_fit_loglik(name):
    x = simulate(name)
    result = derivation(name).fit(x)
    expr = symle.parse_expression(family_json(name)["loglik"], {"n": sample_n})
    scalars = {sp.Symbol(p): v for p, v in result["estimates"].items()}
    assert evaluate(expr, {"x": x}, scalars) == pytest.approx(result["loglik"], rel=REL)


@pytest.mark.parametrize("name", [f for f in CLOSED if f != "uniform"])
def test_parsed_score_vanishes_at_the_estimates(name):
    """Each score printed in the JSON is zero at the closed-form (non-boundary) estimates."""
    x = simulate(name)
    result = derivation(name).fit(x)
    scalars = {sp.Symbol(p): v for p, v in result["estimates"].items()}
    scores = family_json(name)["score"]
    assert scores
    for parameter, text in scores.items():
        assert result["method"][parameter] == "closed-form"
        expr = symle.parse_expression(text, {"n": sample_n})
        value = evaluate(expr, {"x": x}, scalars)
        terms = sp.Add.make_args(sp.expand(expand_sums(expr)))
        scale = sum(abs(evaluate(term, {"x": x}, scalars)) for term in terms)
        assert scale > 0
        assert abs(value) <= 1e-9 * scale, parameter
