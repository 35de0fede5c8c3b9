"""The command line on restricted parameter spaces, in a fresh process: bad intervals are one line and
exit 2; `symle fit` reports a boundary estimate without Wald errors."""

from __future__ import annotations

import json

import pytest
from adversary import assert_user_error, run_here

BERNOULLI = ["theta^x*(1-theta)^(1-x)", "--support", "x in {0, 1}"]


@pytest.mark.parametrize(
    ("interval", "words"),
    [("[1,1/2]", "empty"), ("[a,1/2]", "not a number"), ("[-1,1/2]", "outside"), ("[0,1/2", "not an interval")],
)
def test_bad_intervals_are_one_line(interval: str, words: str) -> None:
    done, _ = run_here("derive", BERNOULLI[0], "--params", f"theta:{interval}", *BERNOULLI[1:], "--no-cache")
    assert_user_error(done, "--params", words)


def test_fit_reports_the_boundary_estimate(tmp_path) -> None:
    data = tmp_path / "x.txt"
    data.write_text("1\n1\n0\n1\n1\n")
    done, _ = run_here("fit", BERNOULLI[0], str(data), "--params", "theta:[0,1/2]", *BERNOULLI[1:], "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["estimates"]["theta"] == 0.5
    assert "on the boundary" in result["method"]["theta"]
    assert result["standard_errors"]["theta"] is None
    assert any("not asymptotically normal" in w for w in result["warnings"])


def test_open_end_is_a_user_error(tmp_path) -> None:
    data = tmp_path / "x.txt"
    data.write_text("1\n1\n0\n1\n1\n")
    done, _ = run_here("fit", BERNOULLI[0], str(data), "--params", "theta:(0,1/2)", *BERNOULLI[1:])
    assert_user_error(done, "no maximum", "open end")
