"""The catalogue's exact biases (symle.model.catalogue, read by symle.followups.bias.catalogue_bias)
are what the symbolic computation finds, and print the same in every format."""

from __future__ import annotations

import dataclasses

import pytest
from families import derivation

import symle
from symle.algebra.printing import latex, sympy_syntax
from symle.budget import Budget
from symle.followups.bias import bias_of, catalogue_bias
from symle.followups.moments import integration_budget
from symle.model.catalogue import FAMILIES


def computed(d: symle.Derivation, integrate: bool) -> dict[str, object]:
    """Each estimator's bias by symle.followups.bias, with integrals over the density or without."""
    budget = Budget(60)
    moments = d.later.moments
    if moments is not None:
        moments = dataclasses.replace(moments, integration=integration_budget(budget) if integrate else None)
    return {name: bias_of(e, d.model, moments, budget) for name, e in d.estimators.items()}


@pytest.mark.parametrize("name", list(FAMILIES))
def test_the_declared_bias_is_the_computed_one(name: str) -> None:
    """As `symle derive` computes it (with integrals) and as symle.derive does (without)."""
    d = derivation(name)
    declared = catalogue_bias(d.model)
    assert declared is not None and set(declared) == set(d.estimators)
    for integrate in (True, False):
        found = computed(d, integrate)
        for parameter, value in found.items():
            assert declared[parameter] == value, (parameter, declared[parameter], value)
            if value is not None:
                assert sympy_syntax(declared[parameter]) == sympy_syntax(value)
                assert latex(declared[parameter]) == latex(value)
    assert d.bias == declared


@pytest.mark.parametrize(("name", "known"), [("normal", ["mu"]), ("gamma", ["alpha"]), ("weibull", ["k"])])
def test_with_a_parameter_known_the_bias_is_computed(name: str, known: list[str]) -> None:
    """Other estimators than the family's own: the declaration does not apply."""
    d = symle.derive(name, known=known)
    assert catalogue_bias(d.model) is None
    assert d.bias == computed(d, integrate=False)


def test_a_typed_density_is_computed() -> None:
    d = symle.derive("lambda*exp(-lambda*x)", params="lambda", support="x > 0")
    assert catalogue_bias(d.model) is None
    assert sympy_syntax(d.bias["lambda"]) == "lambda/(n - 1)"
