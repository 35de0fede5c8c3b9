"""Supports as users type them (`x > 0`, `0 < x < 1`, `x in {0, 1, ...}`) and checking data against them."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from symle.errors import ParseError
from symle.model.support import REAL_LINE, Support, parse_support

x = sp.Symbol("x", real=True)
a = sp.Symbol("a", real=True)
b = sp.Symbol("b", real=True)
xm = sp.Symbol("xm", positive=True)
m = sp.Symbol("m", integer=True, positive=True)
theta = sp.Symbol("theta", real=True)
SYMBOLS = {"x": x, "a": a, "b": b, "xm": xm, "m": m, "theta": theta}

oo = sp.oo


def read(text: str | None) -> Support:
    return parse_support(text, "x", SYMBOLS)


# (text, lower, upper, lower_closed, upper_closed, discrete, values)
ACCEPTED = [
    ("x > 0", 0, oo, False, False, False, None),
    ("x>0", 0, oo, False, False, False, None),
    ("x >= 0", 0, oo, True, False, False, None),
    ("0 < x", 0, oo, False, False, False, None),
    ("0 <= x", 0, oo, True, False, False, None),
    ("x > -1", -1, oo, False, False, False, None),
    ("x < 0", -oo, 0, False, False, False, None),
    ("x <= 0.5", -oo, sp.Rational(1, 2), False, True, False, None),
    ("1 > x", -oo, 1, False, False, False, None),
    ("1 >= x", -oo, 1, False, True, False, None),
    ("0 < x < 1", 0, 1, False, False, False, None),
    ("0 <= x <= 1", 0, 1, True, True, False, None),
    ("0 < x <= 1", 0, 1, False, True, False, None),
    ("1 > x > 0", 0, 1, False, False, False, None),
    ("1 >= x >= 0", 0, 1, True, True, False, None),
    ("a <= x <= b", a, b, True, True, False, None),
    ("a < x < b", a, b, False, False, False, None),
    ("x >= xm", xm, oo, True, False, False, None),
    ("x > theta", theta, oo, False, False, False, None),
    ("x > 2*xm", 2 * xm, oo, False, False, False, None),
    ("x > pi", sp.pi, oo, False, False, False, None),
    ("x in {0, 1}", 0, 1, True, True, True, (0, 1)),
    ("x in {1, 0}", 0, 1, True, True, True, (0, 1)),
    ("x in {0,1,2}", 0, 2, True, True, True, (0, 1, 2)),
    ("x in {-1, 0, 1}", -1, 1, True, True, True, (-1, 0, 1)),
    ("x in {0, 1, ...}", 0, oo, True, False, True, None),
    ("x in {0, ...}", 0, oo, True, False, True, None),
    ("x in {1, 2, ...}", 1, oo, True, False, True, None),
    ("x in {0, ..., m}", 0, m, True, True, True, None),
    ("x in {0, 1, ..., m}", 0, m, True, True, True, None),
    ("x in {0, ..., 5}", 0, 5, True, True, True, None),
    ("x in {0, ..., m + 1}", 0, m + 1, True, True, True, None),
    ("  x in {0, 1, ...}  ", 0, oo, True, False, True, None),
    # the real line, as a person would write it
    ("x in R", -oo, oo, False, False, False, None),
    ("x in ℝ", -oo, oo, False, False, False, None),
    ("x in reals", -oo, oo, False, False, False, None),
    ("-inf < x < inf", -oo, oo, False, False, False, None),
    ("-oo < x < oo", -oo, oo, False, False, False, None),
    ("-infinity <= x <= +infinity", -oo, oo, False, False, False, None),
    ("x > -inf", -oo, oo, False, False, False, None),
    ("-inf < x <= 0", -oo, 0, False, True, False, None),
    ("inf > x >= a", a, oo, True, False, False, None),
]


@pytest.mark.parametrize(
    ("text", "lower", "upper", "lc", "uc", "discrete", "values"), ACCEPTED, ids=[c[0] for c in ACCEPTED]
)
def test_accepted_support(
    text: str,
    lower: object,
    upper: object,
    lc: bool,
    uc: bool,
    discrete: bool,
    values: tuple[int, ...] | None,
) -> None:
    support = read(text)
    assert support.lower == sp.sympify(lower)
    assert support.upper == sp.sympify(upper)
    assert support.lower_closed is lc
    assert support.upper_closed is uc
    assert support.discrete is discrete
    assert support.values == values


@pytest.mark.parametrize("text", [None, "", "   ", "\t"])
def test_missing_support_is_the_real_line(text: str | None) -> None:
    support = read(text)
    assert support == REAL_LINE
    assert support.lower == -oo and support.upper == oo
    assert not support.discrete
    assert support.condition(x) == sp.true
    assert support.describe() == "real line"


def test_parameters_in_the_bounds() -> None:
    assert read("x >= xm").parameters_in_bounds((xm,)) == {xm: "lower"}
    assert read("a <= x <= b").parameters_in_bounds((a, b)) == {a: "lower", b: "upper"}
    assert read("x > 0").parameters_in_bounds((a,)) == {}
    assert read("x in {0, ..., m}").parameters_in_bounds((m,)) == {m: "upper"}


def test_condition_of_the_support() -> None:
    assert read("0 < x < 1").condition(x) == sp.And(sp.Lt(0, x), sp.Lt(x, 1))
    assert read("x >= xm").condition(x) == sp.Le(xm, x)
    assert read("x in {0, 1}").condition(x) == sp.Contains(x, sp.FiniteSet(0, 1), evaluate=False)


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("x > 0", "(0, inf)"),
        ("0 <= x <= 1", "[0, 1]"),
        ("x in {0, 1}", "{0, 1}"),
        ("x in {0, 1, ...}", "{0, 1, ...}"),
        ("x in {1, 2, ...}", "{1, 2, ...}"),
        ("x in {0, ..., m}", "{0, ..., m}"),
    ],
)
def test_describe(text: str, described: str) -> None:
    assert read(text).describe() == described


def test_variable_assumptions() -> None:
    assert read("x > 0").variable_assumptions() == {"positive": True}
    assert read(None).variable_assumptions() == {"real": True}
    assert read("x in {0, 1, ...}").variable_assumptions() == {"integer": True, "nonnegative": True}


def test_substitute_a_known_bound() -> None:
    support = read("x in {0, ..., m}").substitute({m: sp.Integer(10)})
    assert support.upper == 10 and support.discrete


def test_other_variable_name() -> None:
    y = sp.Symbol("y", real=True)
    support = parse_support("y > 0", "y", {"y": y})
    assert support.lower == 0 and support.upper == oo
    with pytest.raises(ParseError, match="the variable 'y' must stand alone"):
        parse_support("x > 0", "y", {"y": y, "x": x})


# ---------------------------------------------------------------------------------------- malformed

REFUSED = [
    ("x", "expected one or two of <, <=, >, >="),
    ("x = 0", "expected one or two of <, <=, >, >="),
    ("x == 0", "expected one or two of <, <=, >, >="),
    ("0 < x < 1 < 2", "expected one or two of <, <=, >, >="),
    ("x > ", "missing expression at column 5"),
    ("< x", "missing expression"),
    ("0 < x > 1", "a chain must point one way"),
    ("x < 0 < 1", "the variable 'x' must be in the middle"),
    ("0 < 1", "the variable 'x' must stand alone on one side"),
    ("x < x", "the variable 'x' must stand alone on one side"),
    ("y > 0", "the variable 'x' must stand alone"),
    ("x > foo", "unknown name 'foo' at column 5"),
    ("x > a*x", "a bound may not contain 'x'"),
    ("1 < x < 0", "is empty"),
    ("1 < x < 1", "is empty"),
    ("x > 1/0", "division by zero at column 6"),
    ("x > log(0)", "undefined"),
    ("x > sqrt(-1)", "not a real number"),
    ("x > __import__", "'__import__' at column 5 is not allowed"),
    ("x > 'a'", "strings are not allowed at column 5"),
    ("x > 0; x < 1", "unexpected character ';' at column 6"),
    ("x > 0.real", "found 'real' at column 7"),
    ("x > a.real", "attribute access is not allowed at column 6"),
    ("x in 0, 1", "expected 'x in R' (the real line) or a set of integers, 'x in {0, 1, ...}'"),
    ("in {0, 1}", "expected 'x in R' (the real line) or a set of integers"),
    ("x in Q", "expected 'x in R' (the real line) or a set of integers"),
    ("x in R R", "expected 'x in R' (the real line) or a set of integers"),
    ("x real", "or 'x in R' for the real line"),
    ("x > inf", "is empty"),
    ("x < -oo", "is empty"),
    ("inf < x < 1", "is empty"),
    ("x in {0, 1", "expected '}' at the end"),
    ("x in {0, 1} extra", "expected '}' at the end"),
    ("x in {}", "missing expression"),
    ("x in {0.5, 1}", "a finite set must list integers"),
    ("x in {a, b}", "a finite set must list integers"),
    ("x in {0, 2, ...}", "the listed integers must be consecutive"),
    ("x in {..., 0}", "the set must start with integers"),
    ("x in {0, ..., ...}", "'...' may appear once"),
    ("x in {0, ..., }", "missing expression"),
    ("x in {0, 1, ..., m, 5}", "after '...' give one last value"),
    ("x in {0, ..., x}", "a bound may not contain 'x'"),
    ("x in {0, ..., 2.5}", "the last value must be an integer"),
    ("x in {2, ..., 1}", "is empty"),
    ("x in {0, ..., -3}", "is empty"),
    ("x in {0, 1, ..., 0}", "is empty"),
]


@pytest.mark.parametrize(("text", "fragment"), REFUSED, ids=[t for t, _ in REFUSED])
def test_malformed_support_is_refused(text: str, fragment: str) -> None:
    with pytest.raises(ParseError) as info:
        read(text)
    message = str(info.value)
    assert fragment in message, f"{fragment!r} not in {message!r}"
    assert "\n" not in message


def test_support_errors_say_support() -> None:
    """Whatever goes wrong, the message says it is about the support."""
    for text, _ in REFUSED:
        with pytest.raises(ParseError) as info:
            read(text)
        assert "support" in str(info.value), str(info.value)


def test_very_long_support_is_refused() -> None:
    with pytest.raises(ParseError, match="longer than 10000 bytes"):
        read("x > " + "1+" * 6000 + "1")


# ---------------------------------------------------------------------------------------- violations

VALUES = np.array([-1.0, 0.0, 0.5, 1.0, 2.0, np.nan, np.inf, 3.0])


@pytest.mark.parametrize(
    ("text", "bounds", "outside"),
    [
        ("x > 0", {}, [0, 1, 5, 6]),
        ("x >= 0", {}, [0, 5, 6]),
        ("0 < x < 1", {}, [0, 1, 3, 4, 5, 6, 7]),
        ("0 <= x <= 1", {}, [0, 4, 5, 6, 7]),
        ("a <= x <= b", {"a": 0.0, "b": 1.0}, [0, 4, 5, 6, 7]),
        ("a < x < b", {"a": 0.0, "b": 2.0}, [0, 1, 4, 5, 6, 7]),
        ("x >= xm", {"xm": 1.0}, [0, 1, 2, 5, 6]),
        ("x in {0, 1}", {}, [0, 2, 4, 5, 6, 7]),
        ("x in {0, 1, ...}", {}, [0, 2, 5, 6]),
        ("x in {1, 2, ...}", {}, [0, 1, 2, 5, 6]),
        ("x in {0, ..., m}", {"m": 2}, [0, 2, 5, 6, 7]),
        (None, {}, [5, 6]),
    ],
)
def test_violations(text: str | None, bounds: dict[str, float], outside: list[int]) -> None:
    found = read(text).violations(VALUES, bounds)
    assert list(found) == outside


def test_violations_none_when_all_inside() -> None:
    values = np.array([0.1, 0.2, 0.9])
    assert read("0 < x < 1").violations(values, {}).size == 0
    assert read("x in {0, 1, ...}").violations(np.array([0.0, 3.0, 7.0]), {}).size == 0


def test_violations_with_an_unknown_bound_only_check_finiteness() -> None:
    """A bound whose value is not given (a parameter to estimate) does not exclude data."""
    found = read("x >= xm").violations(np.array([-5.0, 0.0, np.nan, 7.0]), {})
    assert list(found) == [2]


def test_violations_on_an_empty_array() -> None:
    assert read("x > 0").violations(np.array([], dtype=float), {}).size == 0
