"""Fisher information, asymptotic variance, bias and invariance: known values and JSON fields
(the standard errors and Wald intervals of a fit are in tests/numeric/test_wald.py)."""

from __future__ import annotations

import contextlib
import functools
import io
import json

import numpy as np
import pytest
import sympy as sp

import symle
from symle.algebra.sample import n
from symle.budget import Budget
from symle.cli import main
from symle.followups.information import information, observed_information
from symle.followups.moments import integrate_expectation
from symle.numeric.evaluate import evaluate

lam, p, mu, sigma2 = sp.symbols("lambda p mu sigma2")
alpha, b, xm = sp.symbols("alpha b xm")


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


@functools.cache
def derive_json(name: str, *extra: str) -> dict:
    status, out, err = cli("derive", name, *extra, "--format", "json")
    assert status == 0, err
    return json.loads(out)


def read(text: str) -> sp.Expr:
    """A JSON string back as SymPy, with plain symbols (as the JSON prints them)."""
    expr = symle.parse_expression(text)
    return expr.xreplace({s: sp.Symbol(s.name) for s in expr.free_symbols})


N = sp.Symbol("n")


def same(text: str, expected: sp.Expr) -> bool:
    return sp.simplify(read(text) - sp.sympify(expected)) == 0


FISHER = [
    ("exponential", (), [[N / lam**2]]),
    ("poisson", (), [[N / lam]]),
    ("bernoulli", (), [[N / (p * (1 - p))]]),
    ("normal", (), [[N / sigma2, 0], [0, N / (2 * sigma2**2)]]),
    ("binomial", ("--known", "m=10"), [[10 * N / (p * (1 - p))]]),
    ("geometric", (), [[N / (p**2 * (1 - p))]]),
]


@pytest.mark.parametrize(("name", "extra", "expected"), FISHER)
def test_fisher_information_known_values(name, extra, expected):
    out = derive_json(name, *extra)
    matrix = out["fisher_information"]
    assert len(matrix) == len(out["parameters"]) == len(expected)
    for row, expected_row in zip(matrix, expected, strict=True):
        for entry, value in zip(row, expected_row, strict=True):
            assert same(entry, sp.sympify(value)), (entry, value)


def test_exponential_information_prints_as_the_issue_shows():
    assert derive_json("exponential")["fisher_information"] == [["n/lambda**2"]]


VARIANCE = [
    ("exponential", {"lambda": lam**2 / N}),
    ("poisson", {"lambda": lam / N}),
    ("bernoulli", {"p": p * (1 - p) / N}),
    ("normal", {"mu": sigma2 / N, "sigma2": 2 * sigma2**2 / N}),
]


@pytest.mark.parametrize(("name", "expected"), VARIANCE)
def test_asymptotic_variance_is_the_inverse_information(name, expected):
    variance = derive_json(name)["asymptotic_variance"]
    assert set(variance) == set(expected)
    for parameter, value in expected.items():
        assert same(variance[parameter], value), parameter


def test_normal_bias_of_sigma2_is_minus_sigma2_over_n():
    bias = derive_json("normal")["bias"]
    assert same(bias["sigma2"], -sigma2 / N)
    assert same(bias["mu"], sp.Integer(0))


def test_bias_is_null_where_no_exact_result_applies():
    assert derive_json("gamma")["bias"] == {"alpha": None, "beta": None}  # numeric estimators
    assert derive_json("lognormal")["bias"]["sigma2"] is not None  # a polynomial in sums of log x
    assert derive_json("laplace")["bias"]["mu"] is None  # the median


def test_unbiased_means():
    assert derive_json("poisson")["bias"] == {"lambda": "0"}
    assert derive_json("bernoulli")["bias"] == {"p": "0"}


def test_gamma_shape_information_uses_trigamma():
    out = derive_json("gamma")
    shape = read(out["fisher_information"][0][0])
    assert shape.has(sp.polygamma)
    assert sp.simplify(shape - N * sp.polygamma(1, alpha)) == 0
    assert out["asymptotic_variance"]["alpha"] is not None


@pytest.mark.parametrize("name", ["uniform", "pareto", "shifted-exponential"])
def test_information_is_null_with_a_warning_where_it_is_not_regular(name):
    out = derive_json(name)
    assert out["fisher_information"] is None
    assert out["observed_information"] is None
    assert any("does not exist in the regular sense" in w for w in out["warnings"])


def test_irregular_parameter_has_null_variance_the_other_keeps_its_own():
    variance = derive_json("pareto")["asymptotic_variance"]
    assert variance["xm"] is None
    assert same(variance["alpha"], alpha**2 / N)
    shifted = derive_json("shifted-exponential")["asymptotic_variance"]
    assert shifted["theta"] is None
    assert shifted["lambda"] == "lambda**2/n"
    assert derive_json("uniform")["asymptotic_variance"] == {"a": None, "b": None}


def test_observed_information_is_minus_the_hessian_at_the_estimate():
    observed = derive_json("exponential")["observed_information"]
    data = np.array([0.5, 1.0, 2.0, 4.5])
    value = evaluate(symle.parse_expression(observed[0][0]), {"x": data})
    estimate = len(data) / data.sum()
    assert value == pytest.approx(len(data) / estimate**2)


def test_fields_are_present_for_every_family_in_the_catalogue_order():
    for name in ("cauchy", "gumbel", "gamma", "normal"):
        out = derive_json(name, *(("--known", "m=10") if name == "binomial" else ()))
        for field in ("fisher_information", "observed_information", "asymptotic_variance", "bias"):
            assert field in out, (name, field)
        assert list(out["asymptotic_variance"]) == out["parameters"]
        assert list(out["bias"]) == out["parameters"]


def test_fisher_and_variance_steps_are_in_the_derivation():
    kinds = [s["kind"] for s in derive_json("normal")["steps"]]
    assert kinds[-3:] == ["fisher", "variance", "estimators"]
    titles = [s["title"] for s in derive_json("normal")["steps"]]
    assert "Fisher information" in titles and "Asymptotic variance" in titles


def test_functions_by_invariance_with_delta_method_variance():
    out = derive_json("normal", "--function", "sd=sqrt(sigma2)")
    sd = out["functions"]["sd"]
    assert set(sd) == {"expression", "latex", "asymptotic_variance"}
    assert same(sd["asymptotic_variance"], sigma2 / (2 * N))
    assert r"\sqrt" in sd["latex"] and r"\bar{x}" in sd["latex"]
    data = np.array([1.0, 2.0, 4.0, 7.0])
    value = evaluate(symle.parse_expression(sd["expression"]), {"x": data})
    assert value == pytest.approx(float(np.std(data)))
    kinds = [s["kind"] for s in out["steps"]]
    assert "function" in kinds


def test_function_of_a_probability():
    out = derive_json("bernoulli", "--function", "odds=p/(1 - p)")
    assert same(out["functions"]["odds"]["asymptotic_variance"], p / (N * (1 - p) ** 3))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--function", "sd"), "expected NAME=EXPRESSION"),
        (("--function", "sd=sqrt(tau)"), "tau"),
        (("--function", "mu=sigma2"), "already a parameter"),
    ],
)
def test_function_errors_are_one_line(args, message):
    status, out, err = cli("derive", "normal", *args, "--format", "json")
    assert status == 2
    assert err.count("\n") == 1 and message in err


def test_score_identity_agrees_with_integration():
    """The moments the score identity gives equal the integrals of t(x) f(x)."""
    d = symle.derive("normal")
    info = information(d.likelihood, d.score, d.solved, Budget(10))
    assert info.moments is not None
    for core, value in info.moments.determined.items():
        integral = integrate_expectation(core, d.model, Budget(20))
        assert integral is not None
        assert sp.simplify(integral - value) == 0, core


def test_integration_gives_the_information_when_asked():
    """With integration allowed the result is the same, and the observed information is in the data."""
    d = symle.derive("exponential")
    info = information(d.likelihood, d.score, d.solved, Budget(10), integrate=True)
    assert sp.simplify(info.fisher[0, 0] - n / sp.Symbol("lambda", positive=True) ** 2) == 0
    observed = observed_information(d.likelihood, d.score.block(info.regular), d.estimators, Budget(10))
    assert observed is not None and observed[0, 0].has(sp.Sum)
