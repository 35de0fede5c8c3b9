"""`symle derive poisson --weights` and `symle fit normal data.csv --column x --weights w`: the page, the
fit with the expanded sample's size stated, and bad weights as one line with exit status 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from adversary import assert_user_error, run_here


def _write(path: Path, rows: list[tuple[str, str]]) -> Path:
    path.write_text("x,w\n" + "".join(f"{a},{b}\n" for a, b in rows))
    return path


def test_derive_prints_the_weighted_page() -> None:
    done, _ = run_here("derive", "poisson", "--weights", "--no-cache", "--timeout", "60")
    assert done.returncode == 0, done.stderr
    assert "ℓ(λ) = Σ w_i log(f(x_i; λ))" in done.stdout and "λ̂ = (Σ w_i x_i)/(Σ w_i)" in done.stdout


def test_fit_reads_the_weight_column_and_says_the_standard_errors_are_the_expanded_samples(tmp_path: Path) -> None:
    data = _write(tmp_path / "d.csv", [("1.5", "2"), ("3.0", "1"), ("2.5", "0.5"), ("4.0", "3")])
    done, _ = run_here("fit", "normal", str(data), "--column", "x", "--weights", "w", "--timeout", "60")
    assert done.returncode == 0, done.stderr
    said = "n = 4 rows of total weight 6.5 (standard errors and BIC those of the expanded sample, n = 6.5"
    assert said in done.stdout
    assert "not all whole numbers" in done.stdout
    done, _ = run_here("fit", "normal", str(data), "--weights", "w", "--format", "json", "--timeout", "60")
    fitted = json.loads(done.stdout)
    mean = (1.5 * 2 + 3.0 + 2.5 * 0.5 + 4.0 * 3) / 6.5
    assert fitted["estimates"]["mu"] == pytest.approx(mean, rel=1e-12) and fitted["weights"]["total"] == 6.5


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ([("1", "2"), ("3", "-1")], "1 weight is negative"),
        ([("1", "0"), ("3", "0")], "every weight w is 0"),
        ([("1", "NaN"), ("3", "1")], "not a finite number"),
    ],
)
def test_bad_weights_are_one_line(tmp_path: Path, rows, words: str) -> None:
    data = _write(tmp_path / "bad.csv", rows)
    done, _ = run_here("fit", "poisson", str(data), "--weights", "w", "--timeout", "60")
    assert_user_error(done, words)
