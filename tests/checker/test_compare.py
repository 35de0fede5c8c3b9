"""The decision rule of the checker's comparisons (symle.checker.compare)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import symle
from symle.algebra.sample import i, n
from symle.checker.compare import (
    Probe,
    Verdict,
    agree,
    agree_up_to_constant,
    constant_ratio,
    equivalent_equation,
    same,
    same_up_to_constant,
)
from symle.checker.context import make_context
from symle.checker.hints import N_NOT_MINUS_ONE, Situation, find_hint
from symle.checker.points import DRAWS, SIZES, make_points
from symle.checker.vocabulary import vocabulary


@pytest.fixture(scope="module")
def exponential():
    derivation = symle.derive("exponential")
    return derivation, Probe(make_points(derivation.model), "x")


def test_points_are_fixed_and_inside_the_support():
    model = symle.derive("uniform").model
    first, second = make_points(model), make_points(model)
    assert len(first) == len(SIZES) * DRAWS
    assert [p.n for p in first[::DRAWS]] == list(SIZES)
    for a, b in zip(first, second, strict=True):
        assert np.array_equal(a.data, b.data) and a.params == b.params
        names = {s.name: v for s, v in a.params.items()}
        assert names["a"] <= a.data.min() and a.data.max() <= names["b"]


def test_agree_needs_enough_points():
    expected = np.array([1.0, 2.0, np.nan, np.nan, np.nan])
    assert agree(expected.copy(), expected) is Verdict.UNDECIDED
    full = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    assert agree(full * (1 + 1e-9), full) is Verdict.SAME
    assert agree(full * (1 + 1e-5), full) is Verdict.DIFFERENT
    assert agree(np.where(full > 4, np.nan, full), full) is Verdict.DIFFERENT


def test_tiny_likelihoods_are_compared_relatively():
    expected = np.array([1e-20, 2e-20, 3e-20, 4e-20])
    assert agree(expected * 1.001, expected) is Verdict.DIFFERENT


def test_up_to_a_constant_per_sample():
    groups = np.array([0, 0, 0, 1, 1, 1])
    expected = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    shifted = expected + np.array([7.0, 7.0, 7.0, -2.0, -2.0, -2.0])
    assert agree_up_to_constant(shifted, expected, groups) is Verdict.SAME
    assert agree_up_to_constant(shifted + np.array([0, 0, 0.1, 0, 0, 0]), expected, groups) is Verdict.DIFFERENT


def test_constant_ratio():
    expected = np.array([1.0, -2.0, 3.0, 4.0])
    assert constant_ratio(-2.5 * expected, expected) == pytest.approx(-2.5)
    assert constant_ratio(expected**2, expected) is None


def test_symbolic_and_numeric_equality(exponential):
    derivation, probe = exponential
    x = derivation.model.data
    lam = derivation.model.symbols[0]
    loglik = derivation.likelihood.loglik
    assert same(n * sp.log(lam) - lam * sp.Sum(x[i], (i, 1, n)), loglik, probe) is Verdict.SAME
    assert same(sp.log(lam**n) - sp.Sum(lam * x[i], (i, 1, n)), loglik, probe) is Verdict.SAME
    assert same_up_to_constant(loglik + sp.Sum(sp.log(x[i]), (i, 1, n)), loglik, probe) is Verdict.SAME
    assert same_up_to_constant(loglik + lam, loglik, probe) is Verdict.DIFFERENT


def test_equations_equivalent_to_the_score(exponential):
    derivation, probe = exponential
    x = derivation.model.data
    lam = derivation.model.symbols[0]
    score = n / lam - sp.Sum(x[i], (i, 1, n))
    estimates = make_context(derivation, vocabulary(derivation.model), probe).estimates
    assert equivalent_equation(3 * score, score, probe, ()) is Verdict.SAME  # a constant factor needs no root
    rearranged = n - lam * sp.Sum(x[i], (i, 1, n))
    assert equivalent_equation(rearranged, score, probe, ()) is Verdict.UNDECIDED
    assert equivalent_equation(rearranged, score, probe, estimates) is Verdict.SAME
    assert equivalent_equation(n - 2 * lam * sp.Sum(x[i], (i, 1, n)), score, probe, estimates) is Verdict.DIFFERENT


def test_n_instead_of_n_minus_one_where_the_answer_has_n_minus_one(exponential):
    derivation, probe = exponential
    x = derivation.model.data
    unbiased = (n - 1) / sp.Sum(x[i], (i, 1, n))
    hint = find_hint(probe.values(n / sp.Sum(x[i], (i, 1, n))), unbiased, probe, Situation("variance"))
    assert hint.startswith(N_NOT_MINUS_ONE)
