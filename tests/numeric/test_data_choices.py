"""Data in without surprises (issue 24): the column, response and covariates chosen by name, a CSV
file's header and delimiter found, missing values left out with a counted warning or refused, in
Python and from files; each estimate compared with SciPy on the same values."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, stats

import symle
from symle.errors import DataError, ParseError

RNG = np.random.default_rng(24)
N = 120
SIZE = RNG.uniform(1.0, 5.0, N)
WAIT = RNG.gamma(2.6, 0.7, N) + 0.2 * SIZE
GROUP = (RNG.uniform(size=N) < 1 / (1 + np.exp(-(-1.5 + 0.5 * SIZE)))).astype(int)
FRAME = pd.DataFrame({"id": np.arange(N), "wait": WAIT, "size": SIZE, "grp": GROUP})


@pytest.fixture(scope="module")
def gamma() -> symle.Derivation:
    return symle.derive("gamma")


@pytest.fixture(scope="module")
def linear() -> symle.Derivation:
    return symle.derive("linear-regression")


def scipy_gamma(x: np.ndarray) -> dict[str, float]:
    a, _, scale = stats.gamma.fit(x, floc=0)
    return {"alpha": a, "beta": 1 / scale}


def least_squares(y: np.ndarray, x: np.ndarray) -> dict[str, float]:
    design = np.column_stack([np.ones_like(x), x])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    residuals = y - design @ coef
    return {"b0": coef[0], "b1": coef[1], "sigma2": float(residuals @ residuals) / len(y)}


def close(found: dict[str, float], expected: dict[str, float], rel: float = 1e-5) -> bool:
    return all(found[k] == pytest.approx(v, rel=rel) for k, v in expected.items())


def write(path: Path, frame: pd.DataFrame, sep: str = ",", na: str = "") -> Path:
    frame.to_csv(path, sep=sep, index=False, na_rep=na, float_format="%.17g")
    return path


# --- files ------------------------------------------------------------------------------------


def test_a_csv_file_with_several_columns_needs_one_chosen(tmp_path: Path, gamma: symle.Derivation) -> None:
    path = write(tmp_path / "d.csv", FRAME)
    with pytest.raises(DataError) as caught:
        gamma.fit(str(path))
    assert "has the columns 'id', 'wait', 'size', 'grp': choose one" in str(caught.value)
    assert close(gamma.fit(str(path), column="wait")["estimates"], scipy_gamma(WAIT))


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_the_delimiter_is_found_from_the_header(tmp_path: Path, gamma: symle.Derivation, sep: str) -> None:
    path = write(tmp_path / "d.csv", FRAME, sep)
    assert close(gamma.fit(str(path), column="wait")["estimates"], scipy_gamma(WAIT))
    assert close(gamma.fit(str(path), column="wait", delimiter=sep)["estimates"], scipy_gamma(WAIT))


def test_a_delimiter_given_is_the_one_used(tmp_path: Path, gamma: symle.Derivation) -> None:
    path = write(tmp_path / "d.csv", FRAME, ";")
    with pytest.raises(DataError, match="no column 'wait'; the columns are 'id;wait;size;grp'"):
        gamma.fit(str(path), column="wait", delimiter=",")


@pytest.mark.parametrize("delimiter", ["ab", "", "1", ".", "-", "\n", '"'])
def test_a_delimiter_no_file_can_use_is_refused(gamma: symle.Derivation, delimiter: str) -> None:
    with pytest.raises(ParseError, match="give one character"):
        gamma.fit([1.0, 2.0], delimiter=delimiter)


def test_a_one_column_file_with_a_header_is_read(tmp_path: Path, gamma: symle.Derivation) -> None:
    path = write(tmp_path / "d.csv", FRAME[["wait"]])
    assert close(gamma.fit(str(path))["estimates"], scipy_gamma(WAIT))


@pytest.mark.parametrize("mark", ["", "NA", "N/A", "null"])
def test_missing_cells_are_left_out_and_counted(tmp_path: Path, gamma: symle.Derivation, mark: str) -> None:
    frame = FRAME.copy()
    frame.loc[[3, 50, 51], "wait"] = np.nan
    frame.loc[[7], "size"] = np.nan  # another column's gap: the row is kept for the fit of wait
    path = write(tmp_path / "d.csv", frame, na=mark)
    result = gamma.fit(str(path), column="wait")
    kept = frame["wait"].dropna().to_numpy()
    assert result["n"] == N - 3
    assert close(result["estimates"], scipy_gamma(kept))
    assert any(w.startswith(f"3 rows have a missing value: they were left out ({path})") for w in result["warnings"])
    with pytest.raises(DataError, match=r"line 5, column 'wait': a missing value .*refused"):
        gamma.fit(str(path), column="wait", missing="error")


def test_a_regression_leaves_out_rows_missing_a_covariate(tmp_path: Path, linear: symle.Derivation) -> None:
    frame = FRAME.copy()
    frame.loc[[3, 9], "size"] = np.nan
    frame.loc[[9, 20], "wait"] = np.nan
    path = write(tmp_path / "d.csv", frame)
    result = linear.fit(str(path), response="wait", covariates="size")
    kept = frame.dropna(subset=["wait", "size"])
    assert result["n"] == N - 3
    assert close(result["estimates"], least_squares(kept["wait"].to_numpy(), kept["size"].to_numpy()))


def test_a_file_whose_every_value_is_missing_has_no_observations(tmp_path: Path, gamma: symle.Derivation) -> None:
    path = tmp_path / "d.csv"
    path.write_text("wait,size\n,1\nNA,2\n")
    with pytest.raises(DataError, match="no observations"):
        gamma.fit(str(path), column="wait")


def test_missing_lines_of_a_plain_file_are_left_out_but_nan_is_not_missing(tmp_path: Path) -> None:
    exponential = symle.derive("exponential")
    path = tmp_path / "d.txt"
    path.write_text("1.5\nNA\n2.5\n")
    result = exponential.fit(str(path))
    assert result["n"] == 2 and result["estimates"]["lambda"] == pytest.approx(0.5)
    path.write_text("1.5\nnan\n2.5\n")
    with pytest.raises(DataError, match="'nan' is not a finite number"):
        exponential.fit(str(path))


# --- Python values ----------------------------------------------------------------------------


@pytest.mark.parametrize("table", [FRAME, FRAME.to_dict("list")], ids=["DataFrame", "dict"])
def test_a_table_with_several_columns_needs_one_chosen(gamma: symle.Derivation, table: object) -> None:
    with pytest.raises(DataError, match="the data have the columns 'id', 'wait', 'size', 'grp': choose one"):
        gamma.fit(table)
    assert close(gamma.fit(table, column="wait")["estimates"], scipy_gamma(WAIT))
    with pytest.raises(DataError, match="no column 'delay'; the columns are 'id', 'wait'"):
        gamma.fit(table, column="delay")


def test_a_regression_reads_any_response_and_covariate(linear: symle.Derivation) -> None:
    expected = least_squares(WAIT, SIZE)
    assert close(linear.fit(FRAME, response="wait", covariates=["size"])["estimates"], expected)
    result = symle.fit("linear-regression", FRAME, response="wait", covariates="size")
    assert close(result.estimates, expected)
    assert result.to_dict()["parametrisation"].startswith("wait = b0 + b1 size + error")


def test_logistic_regression_reads_any_response(tmp_path: Path) -> None:
    def minus_loglik(b: np.ndarray) -> float:
        eta = b[0] + b[1] * SIZE
        return float(np.sum(np.logaddexp(0, eta) - GROUP * eta))

    best = optimize.minimize(minus_loglik, [0.0, 0.0], method="BFGS", options={"gtol": 1e-10}).x
    path = write(tmp_path / "d.csv", FRAME)
    for found in (
        symle.fit("logistic-regression", str(path), response="grp", covariates="size").estimates,
        symle.derive("logistic-regression").fit(FRAME, response="grp", covariates="size")["estimates"],
    ):
        assert close(found, {"b0": best[0], "b1": best[1]}, rel=1e-4)


def test_pandas_missing_values_are_left_out_and_counted(gamma: symle.Derivation) -> None:
    wait = pd.Series(WAIT).mask(pd.Series(np.arange(N) % 40 == 0))  # 3 NaN
    result = gamma.fit(wait)
    assert result["n"] == N - 3
    assert close(result["estimates"], scipy_gamma(wait.dropna().to_numpy()))
    assert result["warnings"][0].startswith("3 of the 120 rows have a missing value")
    with pytest.raises(DataError, match="observation 1 is missing"):
        gamma.fit(wait, missing="error")


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: symle.derive("gamma").fit(FRAME, response="wait"), "gamma is not a regression: choose"),
        (lambda: symle.derive("linear-regression").fit(FRAME, column="wait"), "column= does not apply"),
        (lambda: symle.derive("linear-regression").fit(FRAME, covariates="size,id"), "the model has the covariates x"),
        (lambda: symle.derive("gamma").fit(list(WAIT), column="wait"), "only a table"),
        (lambda: symle.derive("gamma").fit(FRAME, column="wait", missing="maybe"), "give 'drop'"),
        (lambda: symle.fit("gamma", FRAME["wait"], column=3), "give the column's name"),
    ],
)
def test_misused_choices_are_one_clear_error(call, words: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(symle.SymleError) as caught:
        call()
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_symle_fit_is_exported_and_returns_a_fit_result() -> None:
    assert "fit" in symle.__all__
    result = symle.fit("gamma", FRAME, column="wait")
    assert close(result.estimates, scipy_gamma(WAIT))


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"a,b\x00\n1,2\n", "not a text file"), (b"\xff\xfea\x00\n", "UTF-16"), (b"x\n1e\n", "'1e' is not a number")],
)
def test_a_file_that_is_no_header_and_data_says_why(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes(content)
    with pytest.raises(DataError, match=words):
        symle.derive("exponential").fit(str(path))
