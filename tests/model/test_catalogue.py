"""The catalogue against the textbook: every closed-form family fitted on simulated data must give
the estimates the textbook formulas give, with the log-likelihood scipy computes, at a maximum of
it; the same density typed by hand gives the catalogue's estimator."""

from __future__ import annotations

import math

import pytest
from families import (
    CLOSED,
    EXPECTED_METHOD,
    NUMERIC,
    REL,
    N,
    derivation,
    estimate_warnings,
    family_json,
    scipy_loglik,
    simulate,
    textbook,
)

import symle
from symle.errors import DataError
from symle.model.catalogue import FAMILIES


def test_the_lists_cover_the_catalogue():
    assert sorted(CLOSED + NUMERIC) == sorted(f for f in FAMILIES if not FAMILIES[f].covariates)


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
    assert estimate_warnings(result) == []


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
    with pytest.raises(DataError, match="observation 2"):
        typed.fit([1.0, -1.0])


def test_a_model_keeps_its_catalogue_family() -> None:
    """The entry a model was built from travels with it (censored, in several samples; from the worker, a
    copy), and a typed density has none."""
    from symle.model.catalogue import FAMILIES
    from symle.model.resolve import resolve
    from symle.model.spec import ModelSpec
    from symle.pipeline import Stage, derive

    assert resolve(ModelSpec.of("Exponential")).family is FAMILIES["exponential"]
    assert derive(ModelSpec.of("weibull", censored="d"), stop=Stage.MODEL).family == FAMILIES["weibull"]
    assert derive(ModelSpec.of("normal", groups=2), stop=Stage.MODEL).family == FAMILIES["normal"]
    assert resolve(ModelSpec.of("lam*exp(-lam*x)", params="lam", support="x > 0")).family is None
