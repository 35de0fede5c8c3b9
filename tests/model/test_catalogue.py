"""The catalogue against the textbook: every closed-form family fitted on simulated data must give
the estimates the textbook formulas give, with the log-likelihood scipy computes; the CLI's JSON
must say which estimators are closed form, and its expressions must read back and evaluate to the
same numbers; degenerate data must be refused (or warned about) with a useful message."""

from __future__ import annotations

import contextlib
import functools
import io
import json
import math
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from scipy import stats

import symle
from symle.algebra.sample import n as sample_n
from symle.algebra.sums import expand_sums
from symle.cli import main
from symle.errors import DataError
from symle.model.catalogue import FAMILIES
from symle.numeric.evaluate import evaluate

ROOT = Path(__file__).resolve().parents[2]
REL = 1e-9
N = 201  # odd, so the Laplace median is one observation

CLOSED = [
    "bernoulli",
    "binomial",
    "geometric",
    "poisson",
    "exponential",
    "normal",
    "lognormal",
    "rayleigh",
    "half-normal",
    "inverse-gaussian",
    "uniform",
    "pareto",
    "shifted-exponential",
    "laplace",
]
NUMERIC = ["gamma", "beta", "weibull", "cauchy", "logistic", "gumbel", "negative-binomial"]
KNOWN = {"binomial": {"m": 10}}
KNOWN_CLI = {"binomial": ("--known", "m=10")}


def _estimate_warnings(result: dict) -> list[str]:
    """The fit's warnings about the estimates themselves (not about standard errors)."""
    return [w for w in result["warnings"] if "standard error" not in w]


def test_the_lists_cover_the_catalogue():
    assert sorted(CLOSED + NUMERIC) == sorted(f for f in FAMILIES if not FAMILIES[f].covariates)


@functools.cache
def derivation(name: str) -> symle.Derivation:
    return symle.derive(name, known=KNOWN.get(name))


def _run_cli(args: tuple[str, ...]) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.run(
        [sys.executable, "-m", "symle", "derive", *args, "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )


@functools.cache
def cli_json(name: str, *extra: str) -> dict:
    """`symle derive ... --format json` run in this process (the same main() the console script
    calls); test_cli_in_a_fresh_process checks that a real process prints the same."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["derive", name, *extra, "--format", "json"])
    assert status == 0, err.getvalue()
    assert err.getvalue() == ""
    return json.loads(out.getvalue())


@pytest.mark.parametrize(
    "args",
    [
        ("exponential",),
        ("binomial", "--known", "m=10"),
        ("normal", "--known", "mu"),
        ("weibull", "--known", "k=2"),
        ("gamma",),
    ],
    ids=" ".join,
)
def test_cli_in_a_fresh_process(args):
    done = _run_cli(args)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert json.loads(done.stdout) == cli_json(*args)


def family_json(name: str) -> dict:
    return cli_json(name, *KNOWN_CLI.get(name, ()))


# ---------------------------------------------------------------------------------------------
# simulated data, textbook estimates, scipy log-likelihoods


def simulate(name: str) -> np.ndarray:
    rng = np.random.default_rng(20240611 + sorted(FAMILIES).index(name))
    draw: dict[str, Callable[[], np.ndarray]] = {
        "bernoulli": lambda: rng.binomial(1, 0.3, N),
        "binomial": lambda: rng.binomial(10, 0.4, N),
        "geometric": lambda: rng.geometric(0.3, N),  # trials up to and including the first success
        "poisson": lambda: rng.poisson(3.5, N),
        "exponential": lambda: rng.exponential(1 / 2.5, N),
        "normal": lambda: rng.normal(1.5, 2.0, N),
        "lognormal": lambda: rng.lognormal(0.5, 0.8, N),
        "rayleigh": lambda: rng.rayleigh(1.7, N),
        "half-normal": lambda: np.abs(rng.normal(0.0, 1.3, N)),
        "inverse-gaussian": lambda: rng.wald(2.0, 3.0, N),
        "uniform": lambda: rng.uniform(-1.0, 4.0, N),
        "pareto": lambda: 2 * (1 + rng.pareto(3.0, N)),
        "shifted-exponential": lambda: 1.5 + rng.exponential(0.5, N),
        "laplace": lambda: rng.laplace(1.0, 2.0, N),
    }
    return np.asarray(draw[name](), dtype=float)


def textbook(name: str, x: np.ndarray) -> dict[str, float]:
    """The estimates as any textbook writes them, computed directly."""
    k = len(x)
    if name in ("bernoulli", "poisson"):
        return {"p" if name == "bernoulli" else "lambda": x.mean()}
    if name == "binomial":
        return {"p": x.mean() / 10}
    if name == "geometric":
        return {"p": 1 / x.mean()}
    if name == "exponential":
        return {"lambda": 1 / x.mean()}
    if name == "normal":
        return {"mu": x.mean(), "sigma2": np.var(x, ddof=0)}
    if name == "lognormal":
        return {"mu": np.log(x).mean(), "sigma2": np.var(np.log(x), ddof=0)}
    if name == "rayleigh":
        return {"sigma": math.sqrt(np.sum(x**2) / (2 * k))}
    if name == "half-normal":
        return {"sigma": math.sqrt(np.sum(x**2) / k)}
    if name == "inverse-gaussian":
        return {"mu": x.mean(), "lambda": k / np.sum(1 / x - 1 / x.mean())}
    if name == "uniform":
        return {"a": x.min(), "b": x.max()}
    if name == "pareto":
        return {"xm": x.min(), "alpha": k / np.sum(np.log(x / x.min()))}
    if name == "shifted-exponential":
        return {"theta": x.min(), "lambda": 1 / (x.mean() - x.min())}
    if name == "laplace":
        median = np.median(x)
        return {"mu": median, "b": np.mean(np.abs(x - median))}
    raise AssertionError(name)


def scipy_loglik(name: str, x: np.ndarray, e: dict[str, float]) -> float:
    g = e.get
    logpdf = {
        "bernoulli": lambda: stats.bernoulli.logpmf(x, g("p")),
        "binomial": lambda: stats.binom.logpmf(x, 10, g("p")),
        "geometric": lambda: stats.geom.logpmf(x, g("p")),
        "poisson": lambda: stats.poisson.logpmf(x, g("lambda")),
        "exponential": lambda: stats.expon.logpdf(x, scale=1 / g("lambda")),
        "normal": lambda: stats.norm.logpdf(x, g("mu"), math.sqrt(g("sigma2"))),
        "lognormal": lambda: stats.lognorm.logpdf(x, math.sqrt(g("sigma2")), scale=math.exp(g("mu"))),
        "rayleigh": lambda: stats.rayleigh.logpdf(x, scale=g("sigma")),
        "half-normal": lambda: stats.halfnorm.logpdf(x, scale=g("sigma")),
        "inverse-gaussian": lambda: stats.invgauss.logpdf(x, g("mu") / g("lambda"), scale=g("lambda")),
        "uniform": lambda: stats.uniform.logpdf(x, g("a"), g("b") - g("a")),
        "pareto": lambda: stats.pareto.logpdf(x, g("alpha"), scale=g("xm")),
        "shifted-exponential": lambda: stats.expon.logpdf(x, loc=g("theta"), scale=1 / g("lambda")),
        "laplace": lambda: stats.laplace.logpdf(x, g("mu"), g("b")),
    }[name]
    return float(np.sum(logpdf()))


EXPECTED_METHOD = {
    "uniform": {"a": "boundary", "b": "boundary"},
    "pareto": {"xm": "boundary", "alpha": "closed-form"},
    "shifted-exponential": {"theta": "boundary", "lambda": "closed-form"},
}


@pytest.mark.parametrize("name", CLOSED)
def test_fit_matches_the_textbook_formula(name):
    x = simulate(name)
    result = derivation(name).fit(x)
    expected = textbook(name, x)
    assert result["n"] == N
    assert set(result["estimates"]) == set(expected)
    for parameter, value in expected.items():
        assert result["estimates"][parameter] == pytest.approx(value, rel=REL), parameter
    methods = EXPECTED_METHOD.get(name, dict.fromkeys(expected, "closed-form"))
    assert result["method"] == methods
    assert _estimate_warnings(result) == []


@pytest.mark.parametrize("name", CLOSED)
def test_fit_loglik_is_scipys(name):
    x = simulate(name)
    result = derivation(name).fit(x)
    assert math.isfinite(result["loglik"])
    assert result["loglik"] == pytest.approx(scipy_loglik(name, x, result["estimates"]), rel=REL)


@pytest.mark.parametrize("name", CLOSED)
def test_fit_is_a_maximum_of_scipys_loglik(name):
    """Moving any estimate a little (inside the support) lowers the scipy log-likelihood."""
    x = simulate(name)
    estimates = derivation(name).fit(x)["estimates"]
    best = scipy_loglik(name, x, estimates)
    for parameter, value in estimates.items():
        if EXPECTED_METHOD.get(name, {}).get(parameter) == "boundary":
            continue  # moving a boundary estimate inward excludes data: -inf, trivially lower
        for factor in (1 - 1e-3, 1 + 1e-3):
            moved = dict(estimates, **{parameter: value * factor if value else 1e-3 * (factor - 1)})
            if name in ("bernoulli", "binomial", "geometric") and not 0 < moved[parameter] < 1:
                continue
            assert scipy_loglik(name, x, moved) < best, (parameter, factor)


# ---------------------------------------------------------------------------------------------
# the JSON contract through the command line


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
        assert any(w.startswith(f"{parameter} has no closed-form estimator") for w in out["warnings"]), parameter
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


# ---------------------------------------------------------------------------------------------
# printed expressions read back


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


@pytest.mark.parametrize("name", list(FAMILIES))
def test_printed_expressions_read_back_stably(name):
    for what, text in _printed(name):
        first = symle.parse_expression(text)
        again = symle.parse_expression(str(first))
        assert sp.srepr(first) == sp.srepr(again), what
        assert str(again) == str(first), what


@pytest.mark.parametrize("name", list(FAMILIES))
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


# ---------------------------------------------------------------------------------------------
# degenerate data


def refused(name: str, data, known=None) -> str:
    with pytest.raises(DataError) as info:
        symle.derive(name, known=known).fit(data)
    text = str(info.value)
    assert "\n" not in text
    return text


def test_all_zero_poisson_estimates_zero_with_a_warning():
    result = derivation("poisson").fit([0, 0, 0, 0])
    assert result["estimates"] == {"lambda": 0.0}
    assert result["loglik"] == 0.0
    (warning,) = _estimate_warnings(result)
    assert "estimate of lambda is 0" in warning and "edge" in warning


def test_all_zero_bernoulli_estimates_zero_with_a_warning():
    result = derivation("bernoulli").fit([0, 0, 0])
    assert result["estimates"] == {"p": 0.0}
    assert result["loglik"] == 0.0
    (warning,) = _estimate_warnings(result)
    assert "estimate of p is 0" in warning and "edge" in warning


@pytest.mark.parametrize(
    "name, data, known",
    [("bernoulli", [1, 1, 1], None), ("geometric", [1, 1, 1], None), ("binomial", [10, 10, 10], {"m": 10})],
)
def test_p_of_one_is_on_the_edge_like_p_of_zero(name, data, known):
    """All successes: p-hat = 1 maximises the likelihood (which is 1), just as all failures give 0."""
    result = symle.derive(name, known=known).fit(data)
    assert result["estimates"] == {"p": 1.0}
    assert result["loglik"] == 0.0
    assert any("estimate of p is 1" in w and "edge" in w for w in result["warnings"])


@pytest.mark.parametrize("value", [2.5, 0.1])
def test_normal_all_equal_is_refused(value):
    # 0.1 is not exact in binary: the mean of seven 0.1s is not 0.1, yet the data are all equal
    assert "all observations are equal" in refused("normal", [value] * 7)


@pytest.mark.parametrize(
    "name, value",
    [
        ("lognormal", 1.1),
        ("laplace", 0.1),
        ("inverse-gaussian", 0.1),
        ("shifted-exponential", 0.1),
        ("pareto", 1.1),
        ("uniform", 0.1),
    ],
)
def test_all_equal_inexact_values_are_refused(name, value):
    assert "all observations are equal" in refused(name, [value] * 7)


def test_normal_single_observation_is_refused():
    assert "single observation" in refused("normal", [2.5])


@pytest.mark.parametrize("name", ["uniform", "pareto", "shifted-exponential"])
@pytest.mark.parametrize("value", [2.0, 3.0])
def test_single_observation_is_refused(name, value):
    assert "single observation" in refused(name, [value])


def test_pareto_all_equal_is_refused_as_undefined():
    assert "all observations are equal" in refused("pareto", [3.0, 3.0, 3.0])


def test_laplace_all_equal_is_refused():
    assert "all observations are equal" in refused("laplace", [1.0, 1.0, 1.0])


def test_exponential_negative_value_names_its_line():
    text = refused("exponential", [1.0, 2.0, -3.0, 4.0])
    assert "line 3" in text
    assert "-3" in text


def test_exponential_negative_value_in_a_file_names_its_line(tmp_path):
    path = tmp_path / "data.txt"
    path.write_text("1.5\n2\n\n-0.25\n")
    text = refused("exponential", path)
    assert "line 4" in text
    assert "-0.25" in text


def test_poisson_non_integer_is_refused():
    text = refused("poisson", [1, 0.5, 2])
    assert "line 2" in text and "0.5" in text


def test_bernoulli_outside_zero_one_is_refused():
    assert "line 2" in refused("bernoulli", [0, 2, 1])


def test_binomial_above_m_is_refused():
    assert "line 1" in refused("binomial", [11, 2], known={"m": 10})


# ---------------------------------------------------------------------------------------------
# the same density typed by hand


def test_typed_exponential_matches_the_catalogue():
    typed = symle.derive("lambda*exp(-lambda*x)", var="x", params="lambda", support="x > 0")
    assert typed.estimators["lambda"].method == "closed-form"
    x = simulate("exponential")
    mine, theirs = typed.fit(x), derivation("exponential").fit(x)
    assert mine["estimates"]["lambda"] == pytest.approx(theirs["estimates"]["lambda"], rel=REL)
    assert mine["estimates"]["lambda"] == pytest.approx(1 / x.mean(), rel=REL)
    assert mine["loglik"] == pytest.approx(theirs["loglik"], rel=REL)
    assert (
        typed.to_dict()["estimators"]["lambda"]["expression"]
        == family_json("exponential")["estimators"]["lambda"]["expression"]
    )


def test_typed_exponential_refuses_negative_data_too():
    typed = symle.derive("lambda*exp(-lambda*x)", var="x", params="lambda", support="x > 0")
    with pytest.raises(DataError, match="line 2"):
        typed.fit([1.0, -1.0])


# ---------------------------------------------------------------------------------------------
# precision: data far from zero (timestamps, altitudes) must not lose the estimate to cancellation;
# the numpy references subtract first (x - mu, x - min), as a careful textbook computation does

OFFSET = 1e8


def _offset_case(name: str):
    rng = np.random.default_rng(7)
    if name == "normal (mu known)":
        x = OFFSET + rng.normal(0.0, 1.0, N)
        return symle.derive("normal", known={"mu": OFFSET}), x, "sigma2", np.mean((x - OFFSET) ** 2)
    if name == "normal":
        x = OFFSET + rng.normal(0.0, 1.0, N)
        return derivation("normal"), x, "sigma2", np.mean((x - x.mean()) ** 2)
    if name == "shifted-exponential":
        x = OFFSET + rng.exponential(1.0, N)
        return derivation(name), x, "lambda", N / np.sum(x - x.min())
    raise AssertionError(name)


@pytest.mark.parametrize("name", ["normal", "normal (mu known)", "shifted-exponential"])
def test_data_far_from_zero_keep_their_precision(name):
    d, x, parameter, expected = _offset_case(name)
    assert d.fit(x)["estimates"][parameter] == pytest.approx(expected, rel=1e-9)


def test_fit_with_a_symbolic_known_parameter_says_which_value_is_missing():
    """`--known mu` keeps mu symbolic: fitting then needs its value, and the error must say so
    (not blame the data)."""
    d = symle.derive("normal", known=["mu"])
    with pytest.raises(symle.SymleError) as info:
        d.fit([1.0, 2.0, 3.5])
    assert re.search(r"\bmu\b", str(info.value))  # the word, not the "mu" in "formula"
