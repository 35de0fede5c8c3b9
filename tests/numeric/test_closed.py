"""Closed-form fitting on awkward data: degenerate samples refused (or warned about) with a useful
one-line message, data far from zero keeping their precision, a symbolic known parameter named."""

from __future__ import annotations

import re

import numpy as np
import pytest
from families import N, derivation, estimate_warnings

import symle
from symle.errors import DataError


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
    (warning,) = estimate_warnings(result)
    assert "estimate of λ is 0" in warning and "edge" in warning


def test_all_zero_bernoulli_estimates_zero_with_a_warning():
    result = derivation("bernoulli").fit([0, 0, 0])
    assert result["estimates"] == {"p": 0.0}
    assert result["loglik"] == 0.0
    (warning,) = estimate_warnings(result)
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


def test_exponential_negative_value_names_its_position():
    text = refused("exponential", [1.0, 2.0, -3.0, 4.0])
    assert text.startswith("observation 3:")
    assert "-3" in text


def test_exponential_negative_value_in_a_file_names_its_line(tmp_path):
    path = tmp_path / "data.txt"
    path.write_text("1.5\n2\n\n-0.25\n")
    text = refused("exponential", path)
    assert "line 4" in text
    assert "-0.25" in text


def test_poisson_non_integer_is_refused():
    text = refused("poisson", [1, 0.5, 2])
    assert "observation 2" in text and "0.5" in text


def test_bernoulli_outside_zero_one_is_refused():
    assert "observation 2" in refused("bernoulli", [0, 2, 1])


def test_binomial_above_m_is_refused():
    assert "observation 1" in refused("binomial", [11, 2], known={"m": 10})


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
