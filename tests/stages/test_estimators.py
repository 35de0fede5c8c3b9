"""Which estimators are closed form, boundary or numeric, family by family and with known
parameters, as the command line's JSON reports them (the solve and estimators stages)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from families import CLOSED, EXPECTED_METHOD, NUMERIC, REL, cli_json, family_json, simulate, textbook

import symle
from symle.algebra.names import text_name
from symle.algebra.sample import n as sample_n
from symle.numeric.evaluate import evaluate


@pytest.mark.parametrize("name", CLOSED)
def test_cli_json_closed_form_families(name):
    out = family_json(name)
    assert out["model"] == name
    assert set(out["estimators"]) == set(textbook(name, simulate(name)))
    assert out["parameters"] == list(out["estimators"])
    for parameter, estimator in out["estimators"].items():
        assert estimator["closed_form"] is True, parameter
        assert estimator["method"] == EXPECTED_METHOD.get(name, {}).get(parameter, "closed-form")
        assert isinstance(estimator["expression"], str) and estimator["expression"], parameter
        assert estimator["latex"], parameter
    assert not any("no closed-form" in w for w in out["warnings"])


@pytest.mark.parametrize("name", NUMERIC)
def test_cli_json_numeric_families(name):
    out = family_json(name)
    assert out["model"] == name
    assert len(out["estimators"]) == 2
    for parameter, estimator in out["estimators"].items():
        assert estimator["closed_form"] is False, parameter
        assert estimator["method"] == "numeric"
        assert estimator["expression"] is None
        symbol = text_name(parameter)  # the warning names the parameter by its symbol: α, not alpha
        assert any(w.startswith(f"{symbol} has no closed-form estimator") for w in out["warnings"]), parameter
    # the score of every numeric parameter is there, for a numeric solver to use
    assert set(out["score"]) == set(out["estimators"])


def test_cli_binomial_records_the_known_m():
    out = family_json("binomial")
    assert out["known"] == {"m": 10}
    assert out["parameters"] == ["p"]


def test_cli_normal_with_known_mu_estimates_only_sigma2():
    out = cli_json("normal", "--known", "mu")
    assert out["parameters"] == ["sigma2"]
    assert list(out["estimators"]) == ["sigma2"]
    assert out["known"] == {"mu": None}
    sigma2 = out["estimators"]["sigma2"]
    assert sigma2["closed_form"] is True
    # mean squared deviation from the known mu, whatever form the engine prints it in
    expr = symle.parse_expression(sigma2["expression"], {"n": sample_n})
    x = simulate("normal")
    assert evaluate(expr, {"x": x}, {sp.Symbol("mu"): 1.25}) == pytest.approx(np.mean((x - 1.25) ** 2), rel=REL)


def test_cli_normal_with_known_mu_value():
    out = cli_json("normal", "--known", "mu=0")
    assert out["parameters"] == ["sigma2"]
    assert out["known"] == {"mu": 0}
    expr = symle.parse_expression(out["estimators"]["sigma2"]["expression"], {"n": sample_n})
    x = simulate("normal")
    assert evaluate(expr, {"x": x}) == pytest.approx(np.mean(x**2), rel=REL)


def test_cli_weibull_with_known_shape_has_a_closed_form_scale():
    out = cli_json("weibull", "--known", "k=2")
    assert out["parameters"] == ["lambda"]
    lam = out["estimators"]["lambda"]
    assert lam["closed_form"] is True
    assert lam["method"] == "closed-form"
    assert not any("no closed-form" in w for w in out["warnings"])
    # lambda-hat = (sum x^k / n)^(1/k) with k = 2
    x = simulate("rayleigh")
    expr = symle.parse_expression(lam["expression"], {"n": sample_n})
    assert evaluate(expr, {"x": x}) == pytest.approx(math.sqrt(np.mean(x**2)), rel=REL)
    fitted = symle.derive("weibull", known={"k": 2}).fit(x)["estimates"]["lambda"]
    assert fitted == pytest.approx(math.sqrt(np.mean(x**2)), rel=REL)


def test_cli_gamma_with_known_shape_has_a_closed_form_rate():
    out = cli_json("gamma", "--known", "alpha=2")
    assert out["estimators"]["beta"]["closed_form"] is True
    x = simulate("exponential")
    assert symle.derive("gamma", known={"alpha": 2}).fit(x)["estimates"]["beta"] == pytest.approx(2 / x.mean(), rel=REL)
