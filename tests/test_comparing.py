"""`symle compare` and symle.compare (issue 24): each family's maximised log-likelihood against
SciPy's fit of the same data, AIC = 2k − 2ℓ exactly, the order by AIC, the likelihood-ratio tests
between nested families with scipy.stats.chi2's p-values; misuse one clear error (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from adversary import assert_user_error, run_here
from scipy import stats

import symle
from symle.errors import SymleError

RNG = np.random.default_rng(424)
X = RNG.gamma(2.0, 1.5, 150)
COUNTS = RNG.negative_binomial(3, 0.5, 150)


def scipy_loglik(model: str) -> float:
    """The log-likelihood at SciPy's own maximum-likelihood fit (location fixed at 0)."""
    if model == "gamma":
        a, _, scale = stats.gamma.fit(X, floc=0)
        return float(np.sum(stats.gamma.logpdf(X, a, scale=scale)))
    if model == "weibull":
        c, _, scale = stats.weibull_min.fit(X, floc=0)
        return float(np.sum(stats.weibull_min.logpdf(X, c, scale=scale)))
    if model == "lognormal":
        s, _, scale = stats.lognorm.fit(X, floc=0)
        return float(np.sum(stats.lognorm.logpdf(X, s, scale=scale)))
    return float(np.sum(stats.expon.logpdf(X, scale=X.mean())))


@pytest.fixture(scope="module")
def compared() -> dict:
    return symle.compare(X, ["exponential", "gamma", "weibull", "lognormal"])


def test_each_family_reaches_scipys_maximum(compared: dict) -> None:
    for row in compared["models"]:
        reference = scipy_loglik(row["model"])
        assert row["loglik"] >= reference - 1e-7 * abs(reference)  # no lower than SciPy's optimiser
        assert row["loglik"] == pytest.approx(reference, rel=1e-6)


def test_the_table_is_sorted_by_aic_computed_exactly(compared: dict) -> None:
    rows = compared["models"]
    assert [r["aic"] for r in rows] == sorted(r["aic"] for r in rows)
    for row in rows:
        assert row["k"] == len(row["estimates"])
        assert row["aic"] == 2 * row["k"] - 2 * row["loglik"]
        assert row["bic"] == row["k"] * np.log(len(X)) - 2 * row["loglik"]
        assert row["delta_aic"] == row["aic"] - rows[0]["aic"]


def test_nested_families_are_tested_with_chi2_p_values(compared: dict) -> None:
    loglik = {row["model"]: row["loglik"] for row in compared["models"]}
    tests = {(t["null"], t["alternative"]): t for t in compared["tests"]}
    assert set(tests) == {("exponential", "gamma"), ("exponential", "weibull")}
    for (small, large), test in tests.items():
        statistic = 2 * (loglik[large] - loglik[small])
        assert test["statistic"] == pytest.approx(statistic, rel=1e-12) and test["df"] == 1
        assert test["p_value"] == pytest.approx(stats.chi2.sf(statistic, 1), rel=1e-9)


def test_poisson_within_the_negative_binomial_is_a_boundary_test() -> None:
    result = symle.compare(COUNTS, ["poisson", "negative-binomial"])
    (test,) = result["tests"]
    assert test["boundary"] and test["reference"] == "½χ²₀ + ½χ²₁"
    assert test["p_value"] == pytest.approx(0.5 * stats.chi2.sf(test["statistic"], 1), rel=1e-9)
    lam = COUNTS.mean()
    poisson = next(r for r in result["models"] if r["model"] == "poisson")
    assert poisson["loglik"] == pytest.approx(float(np.sum(stats.poisson.logpmf(COUNTS, lam))), rel=1e-12)


def test_a_family_that_cannot_fit_the_data_is_listed_with_why() -> None:
    result = symle.compare(np.append(X, 0.0), ["normal", "lognormal"])
    assert result["models"][0]["model"] == "normal"
    assert "outside the support of lognormal" in result["models"][1]["error"]


@pytest.mark.parametrize(
    ("families", "words"),
    [
        (["exponential", "gama"], "unknown family 'gama'"),
        (["poisson", "exponential"], "poisson is discrete and exponential continuous"),
        (["gamma", "gamma"], "gamma is named twice"),
        (["linear-regression"], "is a regression"),
        ("gamma", "a list of families"),
    ],
)
def test_misuse_is_one_clear_error(families: list[str], words: str) -> None:
    with pytest.raises(SymleError) as caught:
        symle.compare(X, families)
    assert words in str(caught.value)


def test_the_command_prints_the_table_and_json(tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text("id;wait\n" + "".join(f"{i};{v!r}\n" for i, v in enumerate(X.tolist())))
    done, _ = run_here("compare", "d.csv", "exponential", "gamma", "--column", "wait", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[2].split() == ["family", "log-likelihood", "k", "AIC", "BIC", "ΔAIC"]
    assert lines[3].split()[0] == "gamma" and "exponential within gamma (alpha = 1)" in done.stdout
    done, _ = run_here("compare", "d.csv", "exponential", "gamma", "--column", "wait", "--format", "json", cwd=tmp_path)
    result = json.loads(done.stdout)
    assert [r["model"] for r in result["models"]] == ["gamma", "exponential"] and result["n"] == len(X)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["d.csv", "exponential", "nosuch", "--column", "wait"], "unknown family 'nosuch'"),
        (["d.csv", "exponential"], "has the columns 'id', 'wait'"),
        (["bad.txt", "exponential", "gamma"], "bad.txt line 2: 'abc' is not a number"),
        (["none.txt", "exponential"], "none.txt"),
        (["d.csv", "exponential", "--column", "wait", "--missing", "no"], "invalid choice"),
    ],
)
def test_command_misuse_exits_2(tmp_path: Path, args: list[str], words: str) -> None:
    (tmp_path / "d.csv").write_text("id,wait\n1,2.5\n2,1.5\n")
    (tmp_path / "bad.txt").write_text("1.5\nabc\n")
    done, _ = run_here("compare", *args, cwd=tmp_path)
    assert_user_error(done, words)
