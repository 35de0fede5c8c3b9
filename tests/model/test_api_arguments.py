"""symle.derive, symle.check and symle.parse_expression given arguments of the wrong kind: each is a
SymleError (ParseError or HomeworkError) with one clear line, never Python's own TypeError or
AttributeError, and never a value that is quietly wrong."""

from __future__ import annotations

import math

import pytest

import symle
from symle.errors import HomeworkError, ParseError

TYPED = "a*exp(-a*x)"


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        ({"params": [1]}, "params: 1 is not text"),
        ({"params": ["a", None]}, "params: None is not text"),
        ({"params": 7}, "params must be text or a sequence of texts"),
        ({"params": "a", "var": 1}, "var must be text, not int"),
        ({"params": "a", "support": 1}, "support must be text, not int"),
        ({"params": "a", "support": ["x > 0"]}, "support must be text, not list"),
    ],
)
def test_typed_density_arguments_of_the_wrong_kind(arguments: dict[str, object], words: str) -> None:
    with pytest.raises(ParseError) as caught:
        symle.derive(TYPED, **arguments)
    assert str(caught.value).startswith(words)


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        ({"known": 1}, "known must be text or a sequence of texts"),
        ({"known": [1]}, "known: 1 is not text"),
        ({"known": {1: 2}}, "known: the name 1 is not text"),
        ({"functions": {1: "mu"}}, "functions: 1 is not a name"),
        ({"functions": [1]}, "functions: 1 is not text"),
        ({"functions": 3}, "functions must be NAME=EXPRESSION items"),
        ({"response": 1}, "response must be text, not int"),
        ({"covariates": [1]}, "covariates: 1 is not text"),
        ({"integrate": "yes"}, "integrate must be True or False"),
        ({"normalise_check": None}, "normalise_check must be True or False"),
    ],
)
def test_catalogue_arguments_of_the_wrong_kind(arguments: dict[str, object], words: str) -> None:
    with pytest.raises(ParseError) as caught:
        symle.derive("normal", **arguments)
    assert str(caught.value).startswith(words)


def test_one_function_may_be_one_text() -> None:
    """functions='sd=sqrt(sigma2)' is one function, not a sequence of characters."""
    derivation = symle.derive("normal", functions="sd=sqrt(sigma2)")
    assert [f.name for f in derivation.functions] == ["sd"]


@pytest.mark.parametrize("timeout", [10**400, -(10**400), math.nan, math.inf, -1, 0, 3601, True, "10", None, 1j])
def test_a_timeout_out_of_range_is_refused_as_the_command_line_refuses_it(timeout: object) -> None:
    """The same sentence as `--timeout`'s, without the flag's dashes."""
    with pytest.raises(ParseError) as caught:
        symle.derive("normal", timeout=timeout)  # type: ignore[arg-type]
    assert str(caught.value) == "timeout must be a positive number of seconds, at most 3600"


def test_a_whole_number_of_seconds_is_a_timeout() -> None:
    assert symle.derive("exponential", timeout=3600).estimators["lambda"].closed_form


# --- symle.check -------------------------------------------------------------------------------

HOMEWORK = "model: normal\nmle mu: \\bar x\n"


@pytest.mark.parametrize("given", [None, 5, ["model: normal"], 1.5])
def test_check_of_something_that_is_neither_text_nor_a_path(given: object) -> None:
    with pytest.raises(HomeworkError, match=r"^check needs the homework's text or its file's path"):
        symle.check(given)  # type: ignore[arg-type]


def test_check_reads_bytes_as_utf8_text() -> None:
    """Bytes are the homework as a file holds it: the same report as the text (a BOM allowed)."""
    expected = symle.check(HOMEWORK)
    for raw in (HOMEWORK.encode(), b"\xef\xbb\xbf" + HOMEWORK.encode(), bytearray(HOMEWORK.encode())):
        got = symle.check(raw)
        assert [(s.line, s.verdict) for s in got.steps] == [(s.line, s.verdict) for s in expected.steps]


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"model: normal\n\xff\xfe mle", "the homework is not UTF-8 text"),
        (b"model: normal\n\0", "the homework is not a text file (it contains NUL bytes)"),
        (b"x" * 300_000, "the homework is longer than 200 kB"),
    ],
)
def test_check_refuses_bytes_that_are_no_homework(raw: bytes, words: str) -> None:
    with pytest.raises(HomeworkError) as caught:
        symle.check(raw)
    assert str(caught.value).startswith(words)


# --- symle.parse_expression --------------------------------------------------------------------


@pytest.mark.parametrize("text", ["oo - oo", "-oo + oo + 1", "1 + oo - oo", "exp(oo) - exp(oo)", "oo*0", "oo/oo"])
def test_a_formula_whose_value_is_nan_is_refused(text: str) -> None:
    with pytest.raises(ParseError, match="is undefined"):
        symle.parse_expression(text)


@pytest.mark.parametrize("text", ["nan", "zoo", "2*nan + x", "zoo*x[i]"])
def test_printed_nan_and_complex_infinity_are_not_symbols(text: str) -> None:
    with pytest.raises(ParseError, match="is undefined"):
        symle.parse_expression(text)


def test_infinity_alone_still_reads() -> None:
    """oo is a bound of sums in SymPy's syntax; only what is undefined is refused."""
    import sympy as sp

    assert symle.parse_expression("oo") == sp.oo
    assert symle.parse_expression("x - oo") == sp.Symbol("x") - sp.oo
