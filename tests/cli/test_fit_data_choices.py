"""`symle fit` on a CSV file as a new user writes it (issue 24): any response and covariate names,
the delimiter found, a header recognised, missing cells left out with a counted warning or refused;
every misuse one line on stderr and exit 2. Run in a fresh process, as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from adversary import assert_user_error, run, run_here

RNG = np.random.default_rng(7)
N = 80
SIZE = RNG.uniform(1.0, 5.0, N)
WAIT = 1.0 + 0.5 * SIZE + RNG.normal(0, 0.3, N)


def csv(path: Path, sep: str = ",", gaps: tuple[int, ...] = ()) -> Path:
    rows = ["id,wait,size,grp".replace(",", sep)]
    for i in range(N):
        wait = "" if i in gaps else repr(float(WAIT[i]))
        rows.append(sep.join([str(i), wait, repr(float(SIZE[i])), str(i % 2)]))
    path.write_text("\n".join(rows) + "\n")
    return path


def fitted(*args: str) -> dict:
    done, _ = run_here(
        "fit", *args, "--format", "json", "--timeout", "120"
    )  # (a busy machine: regressions derive slowly)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def least_squares(y: np.ndarray, x: np.ndarray) -> list[float]:
    design = np.column_stack([np.ones_like(x), x])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    return [*coef, float(np.sum((y - design @ coef) ** 2)) / len(y)]


@pytest.mark.parametrize("sep", [",", ";"])
def test_linear_regression_with_named_columns(tmp_path: Path, sep: str) -> None:
    out = fitted("linear-regression", str(csv(tmp_path / "d.csv", sep)), "--response", "wait", "--covariates", "size")
    found = [out["estimates"][k] for k in ("b0", "b1", "sigma2")]
    assert found == pytest.approx(least_squares(WAIT, SIZE), rel=1e-9)
    assert out["aic"] == 2 * 3 - 2 * out["loglik"] and out["bic"] == 3 * np.log(N) - 2 * out["loglik"]


def test_missing_cells_are_left_out_with_a_warning_or_refused(tmp_path: Path) -> None:
    path = str(csv(tmp_path / "d.csv", gaps=(4, 9)))
    out = fitted("exponential", path, "--column", "wait")
    keep = np.delete(WAIT, [4, 9])
    assert out["n"] == N - 2 and out["estimates"]["lambda"] == pytest.approx(1 / keep.mean(), rel=1e-12)
    assert any(w.startswith("2 rows have a missing value") for w in out["warnings"])
    done, _ = run_here("fit", "exponential", path, "--column", "wait", "--missing", "error")
    assert_user_error(done, "line 6, column 'wait': a missing value (an empty cell)")


def test_a_header_read_from_standard_input(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "symle", "fit", "exponential", "-", "--format", "json"],
        input="wait\n1.5\n2.5\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["estimates"]["lambda"] == pytest.approx(0.5)


def test_profile_intervals_from_the_command_line(tmp_path: Path) -> None:
    out = fitted("exponential", str(csv(tmp_path / "d.csv")), "--column", "wait", "--interval", "profile")
    low, high = out["confidence_intervals"]["lambda"]
    lam, n = out["estimates"]["lambda"], N
    drop = [2 * n * (np.log(lam / t) - 1 + t / lam) for t in (low, high)]  # 2(ℓ(λ̂) − ℓ(t)) by hand
    assert out["interval"] == "profile" and drop == pytest.approx([3.841458820694124] * 2, rel=1e-8)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["exponential", "{csv}"], "has the columns 'id', 'wait', 'size', 'grp': choose one with --column"),
        (["exponential", "{csv}", "--column", "delay"], "no column 'delay'"),
        (["exponential", "{csv}", "--column", "wait", "--delimiter", "ab"], "give one character"),
        (["exponential", "{csv}", "--column", "wait", "--missing", "maybe"], "invalid choice: 'maybe'"),
        (["linear-regression", "{csv}", "--column", "wait"], "--column does not apply to a regression"),
        (["linear-regression", "{csv}", "--response", "wait", "--covariates", "wait"], "covariate 'wait'"),
        (["linear-regression", "{csv}", "--response", "wait", "--covariates", "nope"], "no column 'nope'"),
        (["gamma", "{csv}", "--response", "wait"], "gamma is not a regression model"),
        (["exponential", "{csv}", "--column", "wait", "--interval", "score"], "invalid choice: 'score'"),
    ],
)
def test_misuse_is_one_line(tmp_path: Path, args: list[str], words: str) -> None:
    path = str(csv(tmp_path / "d.csv"))
    done, _ = run_here("fit", *(path if a == "{csv}" else a for a in args), "--timeout", "120")
    assert_user_error(done, words)


@pytest.mark.parametrize(
    ("text", "args", "expected"),
    [
        ("1\n2\n3\n", [], {"lambda": 0.5}),  # one number a line
        ("id;wait\n1;2\n2;3.5\n3;4.5\n", ["--column", "wait"], {"lambda": 3 / 10}),  # a CSV, its delimiter found
    ],
)
def test_a_pipe_is_read_once(tmp_path: Path, text: str, args: list[str], expected: dict[str, float]) -> None:
    """A named pipe or `<(printf ...)` gives its bytes once: the header and delimiter are looked for in
    them and the same bytes are then read as data (once "no observations": the pipe was read twice)."""
    fifo = tmp_path / "data.fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_text, args=(text,), daemon=True)
    writer.start()
    out, _ = run("fit", "exponential", str(fifo), *args, "--format", "json")
    writer.join(timeout=10)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["estimates"] == pytest.approx(expected, rel=1e-12)


def test_a_bad_value_in_a_pipe_is_named_by_its_line(tmp_path: Path) -> None:
    fifo = tmp_path / "data.fifo"
    os.mkfifo(fifo)
    threading.Thread(target=fifo.write_text, args=("1\n2\nz\n",), daemon=True).start()
    out, _ = run("fit", "exponential", str(fifo))
    assert_user_error(out, "line 3: 'z' is not a number")
