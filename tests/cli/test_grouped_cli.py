"""`symle fit poisson counts.csv --counts` (value, count) and `symle fit exponential hist.csv --classes`
(lower, upper, count): the fits, and a bad file as one line with exit status 2."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from adversary import assert_user_error, run_here


def test_a_count_file_is_the_fit_of_its_values_repeated(tmp_path: Path) -> None:
    data = tmp_path / "counts.csv"
    data.write_text("k,n\n0,12\n1,25\n2,30\n3,18\n4,9\n5,6\n")
    done, _ = run_here("fit", "poisson", str(data), "--counts", "--format", "json", "--timeout", "60")
    assert done.returncode == 0, done.stderr
    fitted = json.loads(done.stdout)
    values = np.repeat([0, 1, 2, 3, 4, 5], [12, 25, 30, 18, 9, 6])
    assert fitted["estimates"]["lambda"] == pytest.approx(values.mean(), rel=1e-12)
    assert fitted["weights"]["total"] == 100 and fitted["weights"]["counts"] is True


def test_a_class_file_is_fitted_by_its_multinomial_likelihood(tmp_path: Path) -> None:
    data = tmp_path / "hist.csv"
    data.write_text("lower,upper,count\n0,0.5,120\n0.5,1,80\n1,2,90\n2,inf,40\n")
    done, _ = run_here("fit", "exponential", str(data), "--classes", "--timeout", "60")
    assert done.returncode == 0, done.stderr
    assert "n = 330 observations in 4 classes" in done.stdout and "observed information" in done.stdout


@pytest.mark.parametrize(
    ("option", "text", "words"),
    [
        ("--classes", "lower,upper,count\n0,1,5\n2,1,4\n", "bounds reversed"),
        ("--counts", "k,n,z\n0,1,2\n", "a count file has two columns"),
    ],
)
def test_a_bad_grouped_file_is_one_line(tmp_path: Path, option: str, text: str, words: str) -> None:
    data = tmp_path / "bad.csv"
    data.write_text(text)
    family = "poisson" if option == "--counts" else "exponential"
    done, _ = run_here("fit", family, str(data), option, "--timeout", "60")
    assert_user_error(done, words)
