"""What a new user types first: family names as people write them, formulas as textbooks write them,
output files named for their format, and help where something is missing. What a command prints is
tested in this process (adversary.run_here); a worksheet's progress on a terminal in a real one."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from adversary import ENV, assert_user_error, run_here
from latex import requires_pdflatex


@pytest.mark.parametrize(
    ("typed", "family"),
    [
        ("Normal", "normal"),
        ("gaussian", "normal"),
        ("norm", "normal"),
        ("weibull_min", "weibull"),
        ("Negative_Binomial", "negative-binomial"),
        ("expon", "exponential"),
        ("GAMMA", "gamma"),
    ],
)
def test_a_family_is_found_by_any_case_and_its_common_names(typed: str, family: str) -> None:
    done, _ = run_here("derive", typed, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["model"] == family


@pytest.mark.parametrize(("typed", "suggested"), [("gausian", "normal"), ("nrmal", "normal"), ("weibul", "weibull")])
def test_an_unknown_family_gets_the_closest_names(typed: str, suggested: str) -> None:
    done, _ = run_here("derive", typed)
    assert_user_error(done, "unknown family", "did you mean", suggested, "symle families")


def test_a_typed_density_refused_on_the_real_line_says_the_real_line_was_assumed() -> None:
    done, _ = run_here("derive", "lambda*exp(-lambda*x)", "--params", "lambda")
    assert_user_error(done, "whole real line", "no --support", "--support 'x > 0'")


def test_a_factorial_is_read_as_textbooks_write_it() -> None:
    done, _ = run_here(
        "derive", "lambda^x*exp(-lambda)/x!", "--params", "lambda", "--support", "x in {0, 1, ...}", "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["estimators"]["lambda"]["latex"] == r"\bar{x}"
    assert_user_error(run_here("derive", "p^x/x!!", "--params", "p")[0], "double factorial")


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("n.tex", r"\paragraph{\boldmath 1."),
        ("n.md", "## Maximum likelihood"),
        ("n.json", "{"),
        ("n.txt", "Maximum likelihood for"),
    ],
)
def test_the_output_files_extension_sets_its_format(tmp_path: Path, name: str, start: str) -> None:
    done, _ = run_here("derive", "normal", "-o", name, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / name).read_text(encoding="utf-8")
    assert text.lstrip().startswith(start) or start in text.split("\n", 3)[0] + text[:200], text[:200]
    if name.endswith(".json"):
        assert json.loads(text)["model"] == "normal"


@requires_pdflatex
def test_a_pdf_output_is_the_compiled_standalone_page(tmp_path: Path) -> None:
    done, _ = run_here("derive", "exponential", "-o", "exponential.pdf", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "exponential.pdf").read_bytes().startswith(b"%PDF")
    assert_user_error(run_here("derive", "normal", "--format", "json", "-o", "x.pdf", cwd=tmp_path)[0], "PDF", "LaTeX")
    assert not (tmp_path / "x.pdf").exists()


def test_standalone_implies_latex_and_applies_to_nothing_else() -> None:
    done, _ = run_here("derive", "exponential", "--standalone")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(r"\documentclass") and r"\end{document}" in done.stdout
    assert_user_error(
        run_here("derive", "exponential", "--standalone", "--format", "markdown")[0], "--standalone", "LaTeX"
    )


def test_fit_and_check_write_to_an_output_file(tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_text("0.5\n1.5\n2.5\n", encoding="utf-8")
    done, _ = run_here("fit", "exponential", "d.txt", "-o", "fit.json", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout == "", done.stderr
    assert json.loads((tmp_path / "fit.json").read_text())["estimates"]["lambda"] == pytest.approx(1 / 1.5)
    homework = Path(__file__).resolve().parents[2] / "examples" / "homework-correct.txt"
    done, _ = run_here("check", str(homework), "-o", "report.txt", "--timeout", "120", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout == "", done.stderr
    assert "steps correct" in (tmp_path / "report.txt").read_text()


def test_every_format_option_says_what_its_formats_are() -> None:
    for command in ("derive", "fit", "check", "worksheet", "families"):
        done, _ = run_here(command, "--help")
        assert "--format" in done.stdout and "the output's format" in " ".join(done.stdout.split()), command


def test_families_show_each_density_and_what_its_parameters_mean() -> None:
    done, _ = run_here("families", "--format", "json")
    rows = {row["name"]: row for row in json.loads(done.stdout)}
    assert rows["gamma"]["density"].startswith("f(x) = ") and "exp(-beta*x)" in rows["gamma"]["density"]
    assert "rate" in rows["gamma"]["parametrisation"] and "scale = 1/beta" in rows["gamma"]["parametrisation"]
    assert "norm" in rows["normal"]["aliases"]
    text, _ = run_here("families")
    assert "beta the rate" in text.stdout and "f(x) = " in text.stdout


def test_fit_names_the_parametrisation(tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_text("0.8\n1.9\n2.4\n0.6\n3.1\n1.2\n", encoding="utf-8")
    done, _ = run_here("fit", "gamma", "d.txt", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "parameters: alpha the shape, beta the rate" in done.stdout


def test_a_worksheet_on_a_terminal_says_what_it_is_doing(tmp_path: Path) -> None:
    """Its standard error is a terminal (a pseudo-terminal here): a line per problem, then gone."""
    spec = Path(__file__).resolve().parents[2] / "examples" / "worksheet.toml"
    leader, follower = pty.openpty()
    done = subprocess.run(
        [sys.executable, "-m", "symle", "worksheet", str(spec), "-o", "sheet.tex", "--timeout", "120"],
        cwd=tmp_path,
        env={**ENV},
        stdout=subprocess.PIPE,
        stderr=follower,
        timeout=600,
        check=False,
    )
    os.close(follower)
    seen = b""
    try:
        while chunk := os.read(leader, 65536):
            seen += chunk
    except OSError:  # the terminal's other end is closed: all read
        pass
    os.close(leader)
    assert done.returncode == 0
    assert b"symle worksheet: deriving problem 1 of " in seen and b"\x1b[K" in seen
    assert (tmp_path / "sheet.tex").is_file()


def test_a_worksheet_off_a_terminal_says_nothing(tmp_path: Path) -> None:
    spec = tmp_path / "one.toml"
    spec.write_text('title = "One"\n[[problem]]\nmodel = "exponential"\n', encoding="utf-8")
    done, _ = run_here("worksheet", str(spec), "-o", "sheet.md", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert (tmp_path / "sheet.md").read_text().lstrip().startswith("#")  # the extension chose Markdown
