"""`symle derive FAMILY --groups K --shared NAMES` and `symle fit FAMILY data.csv --column x --groups g`:
the pages and fits of several samples, and bad input in one line with exit status 2."""

from __future__ import annotations

import json

import pytest
from adversary import assert_user_error, run_here


def test_derive_two_normals_json(tmp_path) -> None:
    out, _ = run_here(
        "derive", "normal", "--groups", "2", "--shared", "sigma2", "--format", "json", "--no-cache", "--timeout", "60"
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["groups"]["k"] == 2 and data["shared"] == ["sigma2"]


def test_fit_reads_a_label_column(tmp_path) -> None:
    data = tmp_path / "d.csv"
    data.write_text("x,g\n1,a\n3,a\n2,b\n6,b\n10,c\n12,c\n,c\n")
    out, _ = run_here(
        "fit", "normal", str(data), "--column", "x", "--groups", "g", "--shared", "sigma2", "--timeout", "60"
    )
    assert out.returncode == 0, out.stderr
    assert "mu3" in out.stdout and "1 row with a missing observation" in out.stdout
    assert "n = 6 (group 1 = a: 2, group 2 = b: 2, group 3 = c: 2)" in out.stdout
    mu = {line.split()[0]: float(line.split()[1]) for line in out.stdout.splitlines() if line.strip().startswith("mu")}
    assert mu == {"mu1": 2.0, "mu2": 4.0, "mu3": 11.0}


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("derive", "normal", "--groups", "1"), ("one group is one sample",)),
        (("derive", "normal", "--groups", "two"), ("give the number of groups",)),
        (("derive", "normal", "--groups", "2", "--shared", "rho"), ("--shared rho: not a parameter of normal",)),
        (("derive", "exponential", "--groups", "2", "--censored", "d"), ("not for censored lifetimes",)),
        (("derive", "normal", "--shared", "sigma2"), ("give --groups too",)),
    ],
)
def test_bad_input_is_one_line(args, words) -> None:
    out, _ = run_here(*args, "--no-cache")
    assert_user_error(out, *words)


def test_fit_refuses_a_group_with_no_observations(tmp_path) -> None:
    data = tmp_path / "d.csv"
    data.write_text("x,g\n1,a\n3,a\nNA,b\n")
    out, _ = run_here("fit", "exponential", str(data), "--column", "x", "--groups", "g")
    assert_user_error(out, "the group 'b' has no observation")


def test_a_missing_label_leaves_its_row_out_and_names_no_group(tmp_path) -> None:
    data = tmp_path / "d.csv"
    data.write_text("x,g\n1.5,a\n2.5,NA\n0.5,b\n1,b\n")
    out, _ = run_here("fit", "exponential", str(data), "--column", "x", "--groups", "g", "--timeout", "60")
    assert out.returncode == 0, out.stderr
    assert "n = 3 (group 1 = a: 1, group 2 = b: 2)" in out.stdout and "1 row with a missing" in out.stdout
