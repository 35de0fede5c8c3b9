"""Interval domains in --params (theta:[0,1/2], alpha:>1, mu:>=0, p:(0,1/2]): read by a small grammar
of their own, never eval; nonsense refused in one clear line naming the item."""

from __future__ import annotations

from fractions import Fraction

import pytest

import symle
from symle.errors import ParseError
from symle.flags import said
from symle.model.interval import Interval, parse_interval, split_items
from symle.model.spec import ModelSpec

BERNOULLI = "theta^x*(1-theta)^(1-x)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[0,1/2]", Interval(Fraction(0), Fraction(1, 2), True, True)),
        ("(0, 1/2]", Interval(Fraction(0), Fraction(1, 2), False, True)),
        ("[0.25,0.75)", Interval(Fraction(1, 4), Fraction(3, 4), True, False)),
        (">1", Interval(Fraction(1), None, False, False)),
        (">=0", Interval(Fraction(0), None, True, False)),
        ("≥ -3/2", Interval(Fraction(-3, 2), None, True, False)),
        ("<=1", Interval(None, Fraction(1), False, True)),
        ("(2, inf)", Interval(Fraction(2), None, False, False)),
    ],
)
def test_intervals_read_exactly(text: str, expected: Interval) -> None:
    assert parse_interval(text, f"theta:{text}") == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[1,1/2]", "empty"),
        ("(1/2,1/2]", "empty"),
        ("[1/2,1/2]", "single point"),
        ("[a,1]", "not a number"),
        ("[__import__('os'),1]", "not a number"),
        ("[0,1e9999]", "not a number"),  # no exponents: a bound is never a huge number
        ("[0,1", "not an interval"),
        ("[0,1,2]", "not an interval"),
        (">", "not a number"),
        (">inf", "finite number"),
        ("[-inf,0]", "infinite end must be open"),
        ("(inf,1)", "empty"),
        ("(-inf,inf)", "whole line"),
        ("[" + "1" * 100 + ",2]", "too long"),
    ],
)
def test_nonsense_refused_by_name(text: str, words: str) -> None:
    with pytest.raises(ParseError, match=words) as raised:
        parse_interval(text, f"theta:{text}")
    assert "\n" not in str(raised.value) and str(raised.value).startswith("params ")
    assert said(raised.value).startswith("--params ")  # the command line names its flag


def test_commas_inside_brackets_do_not_split() -> None:
    assert split_items("theta:[0,1/2],sigma2,p:(0,1)") == ["theta:[0,1/2]", "sigma2", "p:(0,1)"]
    spec = ModelSpec.of("exp(-(x-mu)^2/(2*s2))", params="mu:[0,2],s2")
    assert spec.params == ("mu:[0,2]", "s2")


def test_python_and_command_line_forms_agree() -> None:
    a = symle.derive(BERNOULLI, params="theta:[0,1/2]", support="x in {0, 1}")
    b = symle.derive(BERNOULLI, params=["theta:[0, 1/2]"], support="x in {0, 1}")
    assert a.model.parameters == b.model.parameters
    (theta,) = a.model.parameters
    assert theta.domain == "probability" and theta.interval == Interval(Fraction(0), Fraction(1, 2), True, True)


def test_interval_beyond_the_domain_is_refused() -> None:
    with pytest.raises(ParseError, match="outside the values where the density is defined"):
        symle.derive(BERNOULLI, params="theta:[-1,1/2]", support="x in {0, 1}")
    with pytest.raises(ParseError, match="outside"):
        symle.derive("lambda*exp(-lambda*x)", params="lambda:>=-1", support="x > 0")


def test_a_domain_name_still_works_and_unknown_ones_say_intervals_exist() -> None:
    symle.derive(BERNOULLI, params="theta:probability", support="x in {0, 1}")
    with pytest.raises(ParseError, match="or an interval"):
        symle.derive(BERNOULLI, params="theta:half", support="x in {0, 1}")
