"""`symle derive --test` and `symle fit --test` from the command line (issue 24), in a fresh process:
the page's steps, the fit's statistics in text and JSON, and bad input as one line with exit status 2."""

from __future__ import annotations

import json
import math

import pytest
from adversary import assert_user_error, run_here
from latex import requires_pdflatex

import symle

DATA = "0.5\n1.2\n2.3\n0.7\n1.9\n0.4\n3.1\n"


def test_derive_and_fit_with_a_test(tmp_path) -> None:
    done, _ = run_here("derive", "exponential", "--test", "lambda=2", "--no-cache", "--timeout", "60")
    assert done.returncode == 0, done.stderr
    assert "−2 log Λ = 2(ℓ(λ̂) - ℓ(2)) = 2n" in done.stdout and "Reference distribution" in done.stdout
    path = tmp_path / "data.txt"
    path.write_text(DATA)
    done, _ = run_here("fit", "exponential", str(path), "--test", "lambda=1", "--format", "json", "--timeout", "60")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)["tests"]["lambda"]
    values = [float(v) for v in DATA.split()]
    mean, n = sum(values) / len(values), len(values)
    assert found["lr"]["statistic"] == pytest.approx(2 * n * (mean - 1 - math.log(mean)), rel=1e-9)
    assert found["wald"]["p_value"] == pytest.approx(math.erfc(math.sqrt(n * (mean - 1) ** 2 / 2)), rel=1e-9)


@pytest.mark.parametrize(
    ("command", "test", "words"),
    [
        ("derive", "nope=1", "not a parameter of exponential"),
        ("fit", "lambda=-1", "outside the parameter space"),
        ("fit", "lambda=abc", "not a number"),
    ],
)
def test_bad_tests_are_one_line(tmp_path, command: str, test: str, words: str) -> None:
    path = tmp_path / "data.txt"
    path.write_text(DATA)
    args = ("derive", "exponential", "--no-cache") if command == "derive" else ("fit", "exponential", str(path))
    done, _ = run_here(*args, "--test", test)
    assert_user_error(done, "--test", words)


@requires_pdflatex
def test_the_page_with_a_test_compiles() -> None:
    from symle.worksheets.pdf import compile_pdf  # latexmk where installed, else pdflatex

    pdf = compile_pdf(symle.derive("normal", test="mu").to_latex(standalone=True))
    assert pdf.startswith(b"%PDF")
