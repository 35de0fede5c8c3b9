"""`symle derive weibull --censored` and `symle fit weibull data.csv --column t --censored d`, in a fresh
process: the page, the fit, and bad indicators as one line with exit status 2."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from adversary import assert_user_error, run_here
from scipy import stats


def _write(path: Path, times: np.ndarray, flags: np.ndarray) -> Path:
    path.write_text("t,d\n" + "".join(f"{a!r},{b}\n" for a, b in zip(times.tolist(), flags.tolist(), strict=True)))
    return path


def test_derive_prints_the_censored_page() -> None:
    done, _ = run_here("derive", "exponential", "--censored", "--no-cache", "--timeout", "60")
    assert done.returncode == 0, done.stderr
    assert "right-censored" in done.stdout and "λ̂ = (Σ δ_i)/(Σ t_i)" in done.stdout


def test_fit_reads_the_indicator_column(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    life, limit = rng.weibull(1.3, 70) * 1.5, rng.exponential(2.0, 70)
    times, flags = np.minimum(life, limit), (life <= limit).astype(int)
    data = _write(tmp_path / "life.csv", times, flags)
    done, _ = run_here(
        "fit", "weibull", str(data), "--column", "t", "--censored", "d", "--format", "json", "--timeout", "60"
    )
    assert done.returncode == 0, done.stderr
    shape, _, scale = stats.weibull_min.fit(stats.CensoredData.right_censored(times, flags == 0), floc=0)
    estimates = json.loads(done.stdout)["estimates"]
    assert estimates["k"] == pytest.approx(shape, rel=1e-4) and estimates["lambda"] == pytest.approx(scale, rel=1e-4)


@pytest.mark.parametrize(
    ("flags", "words"),
    [(np.array([1, 0, 2]), "must be 0 or 1"), (np.array([0, 0, 0]), "no failure is observed")],
)
def test_a_bad_indicator_is_one_line(tmp_path: Path, flags: np.ndarray, words: str) -> None:
    data = _write(tmp_path / "bad.csv", np.array([1.0, 2.0, 3.0]), flags)
    done, _ = run_here("fit", "exponential", str(data), "--column", "t", "--censored", "d", "--timeout", "60")
    assert_user_error(done, words)


def test_interval_censored_bounds_are_read_with_inf_and_reversed_ones_refused(tmp_path: Path) -> None:
    good = tmp_path / "iv.csv"
    good.write_text("lo,hi\n0,0.5\n0.5,1\n1.2,1.2\n3,inf\n1,1.5\n0.7,0.7\n")
    done, _ = run_here(
        "fit", "exponential", str(good), "--interval-censored", "lo,hi", "--format", "json", "--timeout", "60"
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["censoring"] == {"failures": 2, "censored": 4}
    bad = tmp_path / "bad.csv"
    bad.write_text("lo,hi\n0,0.5\n1,0.5\n")
    done, _ = run_here("fit", "exponential", str(bad), "--interval-censored", "lo,hi")
    assert_user_error(done, "reversed at row 2")
    done, _ = run_here("fit", "exponential", str(good), "--column", "hi")  # inf only as an interval's bound
    assert_user_error(done, "not a finite number")
