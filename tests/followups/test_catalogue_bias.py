"""The catalogue's exact biases (symle.model.catalogue, read by symle.followups.bias.catalogue_bias)
are what the symbolic computation finds, and print the same in every format."""

from __future__ import annotations

import dataclasses

import pytest

import symle
from symle.algebra.printing import latex, sympy_syntax
from symle.budget import Budget
from symle.followups.bias import bias_of, catalogue_bias
from symle.followups.moments import integration_budget
from symle.model.catalogue import FAMILIES


def derivation(name: str, **kw: object) -> symle.Derivation:
    constants = [f"{c.name}=10" for c in FAMILIES[name].constants]
    return symle.derive(name, known=[*constants, *kw.pop("known", [])], timeout=60, integrate=True, **kw)


def computed(d: symle.Derivation) -> dict[str, object]:
    budget = Budget(60)
    moments = d.later.moments
    if moments is not None and moments.integration is not None:
        moments = dataclasses.replace(moments, integration=integration_budget(budget))
    return {name: bias_of(e, d.model, moments, budget) for name, e in d.estimators.items()}


@pytest.mark.parametrize("name", list(FAMILIES))
def test_the_declared_bias_is_the_computed_one(name: str) -> None:
    d = derivation(name)
    declared = catalogue_bias(d.model)
    assert declared is not None
    found = computed(d)
    assert set(declared) == set(found) == set(d.estimators)
    for parameter, value in found.items():
        assert declared[parameter] == value, (parameter, declared[parameter], value)
        if value is not None:
            assert sympy_syntax(declared[parameter]) == sympy_syntax(value)
            assert latex(declared[parameter]) == latex(value)
    assert d.bias == found


@pytest.mark.parametrize(("name", "known"), [("normal", ["mu"]), ("gamma", ["alpha"]), ("weibull", ["k"])])
def test_with_a_parameter_known_the_bias_is_computed(name: str, known: list[str]) -> None:
    """Other estimators than the family's own: the declaration does not apply."""
    d = derivation(name, known=known)
    assert catalogue_bias(d.model) is None
    assert d.bias == computed(d)


def test_a_typed_density_is_computed() -> None:
    d = symle.derive("lambda*exp(-lambda*x)", params="lambda", support="x > 0")
    assert catalogue_bias(d.model) is None
    assert sympy_syntax(d.bias["lambda"]) == "lambda/(n - 1)"
