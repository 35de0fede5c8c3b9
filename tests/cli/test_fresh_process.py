"""The command line in a real `python -m symle` process, for representative cases of what
tests/cli/test_cli.py runs in process: a fresh interpreter proves that the entry point works, that
the exit status is the process's, and that nothing (a traceback, a warning) reaches stderr."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from families import cli_json

ROOT = Path(__file__).resolve().parents[2]


def run(
    *args: str, stdin: str | None = None, cwd: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return subprocess.run(
        [sys.executable, "-m", "symle", *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=cwd,
        env=env,
        timeout=timeout,
    )


def user_error(result: subprocess.CompletedProcess[str], pattern: str) -> None:
    """Exit status 2, exactly one non-empty stderr line, no traceback, nothing on stdout."""
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == 2, f"exit {result.returncode}: {result.stderr[-2000:]}"
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert result.stdout == ""
    assert lines[0].startswith("symle: error: ")
    assert re.search(pattern, lines[0]), f"{pattern!r} not found in {lines[0]!r}"


@pytest.mark.parametrize(
    "args",
    [
        ("exponential",),
        pytest.param(("binomial", "--known", "m=10"), marks=pytest.mark.slow),
        pytest.param(("normal", "--known", "mu"), marks=pytest.mark.slow),
        pytest.param(("weibull", "--known", "k=2"), marks=pytest.mark.slow),
        pytest.param(("gamma",), marks=pytest.mark.slow),
    ],
    ids=" ".join,
)
def test_derive_json_is_what_main_prints(args: tuple[str, ...]) -> None:
    done = run("derive", *args, "--format", "json", cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert json.loads(done.stdout) == cli_json(*args)


def test_fit_from_stdin() -> None:
    done = run("fit", "exponential", "-", "--format", "json", stdin="1.2\n0.5\n2.0\n0.7\n")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    d = json.loads(done.stdout)
    assert d["n"] == 4
    assert d["estimates"]["lambda"] == pytest.approx(4 / 4.4)


@pytest.mark.parametrize(
    ("args", "pattern"),
    [
        (["derive", "nosuchfamily"], r"unknown family 'nosuchfamily'"),  # symle's own error
        (["derive", "normal", "--bogus"], r"unrecognized arguments: --bogus"),  # argparse's
        (["fit", "exponential", "-"], r"<stdin> line 2: 'abc' is not a number"),  # the data's
    ],
    ids=["model", "usage", "data"],
)
def test_user_error_is_one_line_and_exit_2(args: list[str], pattern: str) -> None:
    user_error(run(*args, stdin="1\nabc\n2\n"), pattern)  # (only the fit reads stdin)


def test_eval_injection_runs_nothing(tmp_path: Path) -> None:
    hostile = "__import__('os').system('touch PWNED')*a*x"
    user_error(run("derive", hostile, "--params", "a", cwd=tmp_path), r"'__import__' at column 1 is not allowed")
    assert list(tmp_path.iterdir()) == []
