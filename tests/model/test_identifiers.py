"""The one rule of names (symle.model.tokens.check_name), which every name a person gives passes:
parameters, the variable, the response and covariates, known values, functions of the parameters;
from the command line, the Python API, worksheets and homework alike."""

from __future__ import annotations

import pytest

import symle
from symle.errors import ParseError
from symle.followups.invariance import parse_functions
from symle.model.formula import split_names
from symle.model.tokens import MAX_NAME_LENGTH, check_name, tokenize


@pytest.mark.parametrize("name", ["a", "sigma2", "b_x1", "x_1_2", "Theta", "a" * MAX_NAME_LENGTH])
def test_names(name: str) -> None:
    assert check_name(name, "--params") == name


@pytest.mark.parametrize(
    "name",
    ["", "1", "1a", "_a", "a_", "a__b", "a b", "a-b", "λ", "a}\\input{x}", "a\nb", "a" * (MAX_NAME_LENGTH + 1), 1],
)
def test_not_names(name: object) -> None:
    with pytest.raises(ParseError, match="^--params: ") as error:
        check_name(name, "--params")
    assert "\n" not in str(error.value) and len(str(error.value)) < 200


def test_a_formula_name_longer_than_a_name_is_refused() -> None:
    with pytest.raises(ParseError, match=f"longer than {MAX_NAME_LENGTH} characters"):
        tokenize("a" * 3000 + " * x")


def test_every_reader_of_names_uses_the_rule() -> None:
    with pytest.raises(ParseError, match="^--covariates: 'a_' is not a valid name"):
        split_names("x, a_", "--covariates")
    with pytest.raises(ParseError, match="functions: 'x}' is not a valid name"):
        parse_functions({"x}": "1/lambda"}, "functions")
    with pytest.raises(ParseError, match="^function: 1 is not a name"):
        parse_functions({1: "1/lambda"})  # type: ignore[dict-item]
    with pytest.raises(ParseError, match="^known: 'm m' is not a valid name"):
        symle.derive("binomial", known={"m m": 10})
