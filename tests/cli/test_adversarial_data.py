"""The data path tried from the command line as a careless user would: confidence levels at and beyond
the edges, Parquet integers beyond 2**53, a chunk size from the environment, values near the ends of
double precision, a density whose integral diverges. Every probe ends in a correct answer (checked
against an independent computation), or in exit status 2 with one line on stderr, never exit 1."""

from __future__ import annotations

import json
import math
from pathlib import Path

import mpmath
import numpy as np
import pytest
from adversary import assert_user_error, run_here
from sweeps import slow

DATA = [0.5, 1.5, 0.25, 2.0, 0.75, 1.1]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    (tmp_path / "x.txt").write_text("\n".join(repr(v) for v in DATA) + "\n")
    return tmp_path


def _fit(folder: Path, *args: str, env: dict[str, str] | None = None) -> dict:
    done, _ = run_here("fit", *args, "--format", "json", cwd=folder, env=env)
    assert done.returncode == 0 and not done.stderr, done.stderr
    return json.loads(done.stdout)


# --- confidence levels ------------------------------------------------------------------------------


@pytest.mark.parametrize("level", [*slow("0.9999999999999999", "0.999999999999"), "1e-300"])
def test_a_level_near_an_edge_has_its_interval(data: Path, level: str) -> None:
    """z = Φ⁻¹(1 - (1 - level)/2), from SciPy; the exponential's interval on the log scale."""
    stats = pytest.importorskip("scipy.stats")
    result = _fit(data, "exponential", "x.txt", "--level", level)
    rate = 1 / np.mean(DATA)
    z = -stats.norm.ppf((1 - float(level)) / 2)
    spread = z / math.sqrt(len(DATA))  # se / λ̂ = 1/√n
    assert result["estimates"]["lambda"] == pytest.approx(rate, rel=1e-14)
    assert result["confidence_intervals"]["lambda"] == pytest.approx(
        [rate * math.exp(-spread), rate * math.exp(spread)], rel=1e-12
    )


def test_the_text_prints_the_level_it_was_given(data: Path) -> None:
    done, _ = run_here("fit", "exponential", "x.txt", "--level", "0.9999999999999999", cwd=data)
    assert done.returncode == 0, done.stderr
    assert "99.99999999999999% Wald interval" in done.stdout and "100%" not in done.stdout


@pytest.mark.parametrize("level", [*slow("0", "1"), "nan", "1.5", *slow("-0.5", "inf")])
def test_a_level_outside_0_and_1_is_a_user_error(data: Path, level: str) -> None:
    done, _ = run_here("fit", "exponential", "x.txt", "--level", level, cwd=data)
    assert_user_error(done, "--level", "strictly between 0 and 1")


# --- Parquet integers beyond 2**53 --------------------------------------------------------------------


def test_parquet_integers_beyond_2_to_the_53_are_rounded_with_a_warning(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    parquet = pytest.importorskip("pyarrow.parquet")
    values = [2**60 + 1, 2**60 + 4097, 2**60 + 123457, 5]
    parquet.write_table(pa.table({"x": pa.array(values, type=pa.int64())}), tmp_path / "big.parquet")
    result = _fit(tmp_path, "normal", "big.parquet", "--column", "x")
    exact = mpmath.fsum(values) / len(values)
    assert result["estimates"]["mu"] == pytest.approx(float(exact), rel=1e-15)
    assert any("beyond 2**53" in w and "rounded" in w for w in result["warnings"])


def test_parquet_integers_that_round_to_equal_values_say_so_in_the_error(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    parquet = pytest.importorskip("pyarrow.parquet")
    table = pa.table({"x": pa.array([2**60 + 1, 2**60 + 3], type=pa.int64())})
    parquet.write_table(table, tmp_path / "twins.parquet")
    done, _ = run_here("fit", "normal", "twins.parquet", "--column", "x", cwd=tmp_path)
    assert_user_error(done, "all observations are equal", "rounded")


def test_parquet_integers_that_doubles_hold_exactly_need_no_warning(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    parquet = pytest.importorskip("pyarrow.parquet")
    values = [2**60, 2**61, 3, 2**53]
    parquet.write_table(pa.table({"x": pa.array(values, type=pa.uint64())}), tmp_path / "exact.parquet")
    result = _fit(tmp_path, "normal", "exact.parquet", "--column", "x")
    assert result["warnings"] == []
    assert result["estimates"]["mu"] == pytest.approx(float(mpmath.fsum(values) / 4), rel=1e-15)


# --- SYMLE_CHUNK_ROWS ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [*slow("1000000000000", "0", "-1"), "abc", *slow("", "1e3"), "16777217"])
def test_a_chunk_size_out_of_range_is_a_user_error(data: Path, rows: str) -> None:
    done, _ = run_here("fit", "exponential", "x.txt", cwd=data, env={"SYMLE_CHUNK_ROWS": rows})
    assert_user_error(done, "SYMLE_CHUNK_ROWS", "a whole number of rows from 1 to 16777216")


@pytest.mark.parametrize("rows", ["1", *slow("2", "16777216")])
def test_every_chunk_size_in_range_gives_the_same_fit(data: Path, rows: str) -> None:
    result = _fit(data, "exponential", "x.txt", env={"SYMLE_CHUNK_ROWS": rows})
    assert result["estimates"]["lambda"] == pytest.approx(1 / np.mean(DATA), rel=1e-14)


# --- the ends of double precision ---------------------------------------------------------------------


def test_a_normal_variance_beyond_double_range_is_refused_with_its_size(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("1e308\n1.5e308\n-1.7e308\n")
    done, _ = run_here("fit", "normal", "big.txt", cwd=tmp_path)
    values = [mpmath.mpf(v) for v in ("1e308", "1.5e308", "-1.7e308")]
    mean = mpmath.fsum(values) / 3
    variance = mpmath.fsum((v - mean) ** 2 for v in values) / 3
    assert_user_error(done, f"the estimate of σ² is about {mpmath.nstr(variance, 3)}", "above the range")


def test_an_exponential_rate_beyond_double_range_is_refused_with_its_size(tmp_path: Path) -> None:
    """λ̂ = 1/x̄ of 5e-324 and 1e-323 is about 1.35e323: beyond the largest double, 1.8e308."""
    (tmp_path / "tiny.txt").write_text("5e-324\n1e-323\n")
    done, _ = run_here("fit", "exponential", "tiny.txt", cwd=tmp_path)
    rate = 2 / (mpmath.mpf(5e-324) + mpmath.mpf(1e-323))
    assert_user_error(done, f"the estimate of λ is about {mpmath.nstr(rate, 3)}", "above the range")


def test_an_exponential_whose_sum_overflows_is_fitted(tmp_path: Path) -> None:
    """300 000 lines alternating 1e304 and 2e304: Σx overflows, λ̂ = 6.67e-305 does not."""
    (tmp_path / "alt.txt").write_text("1e304\n2e304\n" * 150_000)
    result = _fit(tmp_path, "exponential", "alt.txt")
    rate = 1 / mpmath.mpf("1.5e304")
    assert result["estimates"]["lambda"] == pytest.approx(float(rate), rel=1e-14)
    assert result["standard_errors"]["lambda"] == pytest.approx(float(rate / mpmath.sqrt(300_000)), rel=1e-12)
    assert result["loglik"] == pytest.approx(float(300_000 * (mpmath.log(rate) - 1)), rel=1e-14)


def test_equal_values_near_1e304_are_an_exponential_fit(tmp_path: Path) -> None:
    (tmp_path / "eq.txt").write_text("1e304\n" * 300_000)
    result = _fit(tmp_path, "exponential", "eq.txt")
    assert result["estimates"]["lambda"] == pytest.approx(1e-304, rel=1e-15)
    assert math.isfinite(result["loglik"]) and result["warnings"] == []


def test_equal_values_are_still_refused_where_the_estimate_is_zero(tmp_path: Path) -> None:
    (tmp_path / "eq.txt").write_text("2.5\n" * 10)
    done, _ = run_here("fit", "normal", "eq.txt", cwd=tmp_path)
    assert_user_error(done, "the estimate of σ² is undefined: all observations are equal")


# --- densities --------------------------------------------------------------------------------------


def test_a_density_that_tends_to_a_constant_is_refused_as_divergent() -> None:
    done, _ = run_here("derive", "exp(-exp(exp(x-a)))", "--params", "a")
    assert_user_error(done, "integral over its support diverges")


@pytest.mark.parametrize("values", ["-1\n2\n3\n", "0\n2\n3\n"])
def test_data_below_a_support_bound_held_by_a_positive_parameter_are_refused(values: str, tmp_path: Path) -> None:
    """The Pareto's x > xₘ with xₘ > 0: nonpositive data are outside, whatever xₘ is (was: internal error)."""
    (tmp_path / "x.txt").write_text(values)
    done, _ = run_here("fit", "pareto", "x.txt", cwd=tmp_path)
    assert_user_error(done, "outside the support of pareto")
