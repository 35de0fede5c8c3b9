"""Python values given to Derivation.fit: every kind of container and element either fits exactly as
the same numbers in a float64 array do, or is refused with one line (a DataError), never a raw
TypeError and never an answer computed from something else (masked values, real parts, day numbers).
The estimates are compared with NumPy's own on the numbers meant."""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

import symle
from symle.errors import DataError

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def normal() -> symle.Derivation:
    return symle.derive("normal")


def _normal_estimates(values: np.ndarray) -> dict[str, float]:
    return {"mu": float(np.mean(values)), "sigma2": float(np.var(values))}


def refused(derivation: symle.Derivation, data: object) -> str:
    """The one-line error for data that are no observations (missing values refused, as missing='error' asks)."""
    with pytest.raises(DataError) as caught:
        derivation.fit(data, missing="error")
    text = str(caught.value)
    assert "\n" not in text
    return text


# --- refused ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (["a", "b"], "text, not numbers"),
        (np.array(["1", "2", "x"]), "text, not numbers"),
        (np.array(["1", "2", "3"]), "text, not numbers"),  # text is read from files, not from Python values
        (pd.Series(["1", "2"]), "'1' is text, not a number"),
        ([1 + 2j, 3], "complex numbers are not observations"),
        (np.array([1 + 0j, 2, 3]), "complex numbers are not observations"),  # even with no imaginary part
        (np.array(["2020-01-01", "2020-01-03"], dtype="datetime64[D]"), "dates and times are not numbers"),
        (np.array([1, 2, 4], dtype="timedelta64[D]"), "dates and times are not numbers"),
        (pd.Series(pd.to_datetime(["2020-01-01", "2020-01-02"])), "dates and times are not numbers"),
        ([datetime.date(2020, 1, 1), datetime.date(2020, 1, 2)], "dates and times are not numbers"),
        ([[1, 2], [3]], "not a flat list of numbers"),
        (np.array([[1.0, 2.0], [3.0, 4.0]]), "a 2×2 array: give one column"),
        ({1.0, 2.0, 3.0}, "a set drops repeated observations"),
        (None, "no data"),
        (b"1\n2\n", "bytes are not observations"),
        ([], "no observations"),
        ([10**400, 1], "observation 1: an integer of 401 digits is beyond double precision"),
        ([Fraction(10**400), 1], "observation 1: 1000"),
        ([Decimal("1e400"), Decimal(2)], "observation 1: 1E+400 is beyond double precision"),
        ([1.0, float("nan"), 2.0], "observation 2 is missing (NaN)"),
        ([1.0, float("inf"), 2.0], "observation 2: inf is not a finite number"),
        ([Decimal("NaN"), Decimal(2)], "observation 1 is missing (NaN)"),
        ([1.0, None, 2.0], "observation 2 is missing (None)"),
        (pd.Series([1.0, np.nan, 2.0, 4.0]), "observation 2 is missing (NaN)"),
        (pd.Series([1, None, 2, 4], dtype="Int64"), "observation 2 is missing (NaN)"),
        (pd.Series([1.5, None, 2.0], dtype="Float64"), "observation 2 is missing (NaN)"),
        (np.array([1, "x", 3], dtype=object), "observation 2: 'x' is text, not a number"),
        (np.array([1, [2], 3], dtype=object), "observation 2: a list is not a number"),
        (pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]}), "the data have the columns 'a', 'b'"),
        ({"a": [1.0, 2.0], "b": [3.0, 4.0]}, "the data have the columns 'a', 'b'"),
        (np.ma.masked_array([1.0, 2.0, 3.0], mask=[1, 1, 1]), "no observations: all 3 values are masked"),
    ],
)
def test_values_that_are_not_observations_are_refused(normal: symle.Derivation, data: object, words: str) -> None:
    assert words in refused(normal, data)


@pytest.mark.skipif(np.finfo(np.longdouble).max <= np.finfo(np.float64).max, reason="long double is double here")
def test_a_long_double_beyond_double_precision_is_refused(normal: symle.Derivation) -> None:
    data = np.array([1, np.longdouble("1e400")])
    assert refused(normal, data) == "observation 2: 1e+400 is beyond double precision (at most 1.8e308)"


def test_a_bernoulli_with_a_missing_boolean_is_refused() -> None:
    text = refused(symle.derive("bernoulli"), pd.Series([True, None, False], dtype="boolean"))
    assert text.startswith("observation 2 is missing")


def test_a_value_outside_the_support_is_named_by_its_position() -> None:
    assert refused(symle.derive("exponential"), [1.0, 2.0, -3.0]).startswith("observation 3: -3 is outside")


# --- fitted as the numbers they are ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "meant"),
    [
        ((x for x in [1.0, 2.0, 4.5]), [1.0, 2.0, 4.5]),  # a generator, read once
        (iter([3, 1, 2]), [3.0, 1.0, 2.0]),
        ([Decimal("1.1"), Decimal("2.2"), Decimal("3")], [1.1, 2.2, 3.0]),
        ([Fraction(1, 3), Fraction(2, 3), 2], [1 / 3, 2 / 3, 2.0]),
        (np.array([1, 2.5, 3], dtype=object), [1.0, 2.5, 3.0]),
        (np.array([1.0, 2.0, 3.5], dtype=np.float16), [1.0, 2.0, 3.5]),
        (np.array([1.0, 2.0, 3.5], dtype=np.float32), [1.0, 2.0, 3.5]),
        (np.array([1.0, 2.0, 3.5], dtype=np.longdouble), [1.0, 2.0, 3.5]),
        (pd.Series([1, 3, 2, 4], dtype="Int64"), [1.0, 3.0, 2.0, 4.0]),
        (pd.Series([1.0, 2.0, 3.0], dtype="category"), [1.0, 2.0, 3.0]),
        (pd.DataFrame({"v": [1.0, 2.0, 3.5]}), [1.0, 2.0, 3.5]),  # a table's only column
        ({"x": [1.0, 2.0, 3.5], "other": [0.0, 0.0, 0.0]}, [1.0, 2.0, 3.5]),  # the model's variable by name
        (np.array([[1.0], [2.0], [3.5]]), [1.0, 2.0, 3.5]),  # one column
        (np.array([[1.0, 2.0, 3.5]]), [1.0, 2.0, 3.5]),  # one row
    ],
)
def test_values_fit_as_the_numbers_they_hold(normal: symle.Derivation, data: object, meant: list[float]) -> None:
    result = normal.fit(data)
    expected = _normal_estimates(np.array(meant, dtype=float))
    for name, value in expected.items():
        assert result["estimates"][name] == pytest.approx(value, rel=1e-12)
    assert result["warnings"] == []


def test_masked_values_are_left_out_with_a_warning_that_counts_them(normal: symle.Derivation) -> None:
    data = np.ma.masked_array([1.0, 2.0, 1000.0, 5.0, -70.0], mask=[0, 0, 1, 0, 1])
    result = normal.fit(data)
    expected = _normal_estimates(data.compressed())
    assert result["estimates"]["mu"] == pytest.approx(float(np.ma.mean(data)), rel=1e-14)
    assert result["estimates"]["sigma2"] == pytest.approx(expected["sigma2"], rel=1e-14)
    assert result["n"] == 3
    assert "2 of the 5 values are masked: they were left out, the fit uses the other 3" in result["warnings"]


def test_a_masked_array_without_masked_values_fits_without_a_warning(normal: symle.Derivation) -> None:
    data = np.ma.masked_array([1.0, 2.0, 4.0])
    assert normal.fit(data)["warnings"] == []


def test_booleans_are_one_and_zero() -> None:
    """A Bernoulli fit on True/False equals the fit on 1/0 (the proportion of True)."""
    bernoulli = symle.derive("bernoulli")
    flags = [True, False, True, True, False]
    for data in (flags, np.array(flags), pd.Series(flags), pd.Series(flags, dtype="boolean")):
        result = bernoulli.fit(data)
        assert result["estimates"]["p"] == pytest.approx(np.mean(flags), rel=1e-15)
        assert result["estimates"] == bernoulli.fit([int(f) for f in flags])["estimates"]


def test_integers_beyond_two_to_the_53_are_rounded_with_a_warning(normal: symle.Derivation) -> None:
    exact = [2**60 + 1, 2**60 + 4097, 2**60 + 123457]
    for data in (np.array(exact, dtype=np.int64), exact, np.array(exact, dtype=np.uint64)):
        result = normal.fit(data)
        assert result["estimates"]["mu"] == pytest.approx(np.mean(np.array(exact, dtype=float)), rel=1e-15)
        assert any("beyond 2**53" in w and "rounded" in w for w in result["warnings"])
    # exactly representable integers beyond 2**53 lose nothing: no warning
    assert normal.fit(np.array([2**60, 2**61, 2**60 + 2**10], dtype=np.int64))["warnings"] == []


def test_an_error_on_rounded_data_says_they_were_rounded(normal: symle.Derivation) -> None:
    """2**60 + 1 and 2**60 + 3 are the same double: the error says why they became equal."""
    text = refused(normal, np.array([2**60 + 1, 2**60 + 3], dtype=np.int64))
    assert "all observations are equal" in text and "rounded" in text


# --- a regression's table --------------------------------------------------------------------------


def test_a_regression_fits_a_mapping_or_dataframe_of_its_columns() -> None:
    regression = symle.derive("linear-regression")
    x = np.array([0.0, 1.0, 2.0, 3.0, 4.5])
    y = np.array([1.0, 2.2, 3.5, 3.9, 6.1])
    slope, intercept = np.polyfit(x, y, 1)
    for data in ({"y": y, "x": x}, pd.DataFrame({"x": x, "y": y, "unused": 0.0})):
        estimates = regression.fit(data)["estimates"]
        assert estimates["b1"] == pytest.approx(slope, rel=1e-12)
        assert estimates["b0"] == pytest.approx(intercept, rel=1e-12)


def test_a_regression_leaves_out_the_rows_with_a_masked_value() -> None:
    regression = symle.derive("linear-regression")
    x = np.ma.masked_array([0.0, 1.0, 2.0, 3.0, 50.0], mask=[0, 0, 0, 0, 1])
    y = np.array([1.0, 2.2, 3.5, 3.9, -100.0])
    result = regression.fit({"y": y, "x": x})
    slope, _ = np.polyfit(x.compressed(), y[:4], 1)
    assert result["estimates"]["b1"] == pytest.approx(slope, rel=1e-12)
    assert result["n"] == 4
    assert any(w.startswith("1 of the 5 rows has a masked value: it was left out") for w in result["warnings"])


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ([1.0, 2.0, 3.5], "a regression's data are a table"),
        ({"y": [1.0, 2.0, 3.0]}, "the data have no column 'x'; the columns are 'y'"),
        ({"y": [1.0, 2.0, 3.0], "x": [1.0, 2.0]}, "the columns have different lengths: 'y' has 3, 'x' has 2"),
        ({"y": [1.0, 2.0, 3.0], "x": ["a", "b", "c"]}, "column 'x': the data are text"),
        ({"y": [1.0, 2.0, 3.0], "x": [1.0, float("nan"), 2.0]}, "column 'x', observation 2 is missing"),
    ],
)
def test_a_regression_refuses_data_that_are_no_table_of_its_columns(data: object, words: str) -> None:
    assert words in refused(symle.derive("linear-regression"), data)
