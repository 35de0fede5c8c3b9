"""Worksheets: the spec, the parts that apply, sheet and key numbered alike, LaTeX that compiles."""

from __future__ import annotations

import contextlib
import functools
import io
import re
import shutil
from pathlib import Path

import pytest
from latex import compile_latex, requires_pdflatex
from sweeps import REPRESENTATIVE

import symle
from symle.cli import main
from symle.errors import LatexError, WorksheetError
from symle.model.catalogue import FAMILIES
from symle.worksheets.pdf import first_error
from symle.worksheets.spec import read_spec

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "worksheet.toml"

# A sheet of many families: by default one of each kind (tests/sweeps.py), under `slow` every family.
SOME = tuple(name for name in FAMILIES if name in REPRESENTATIVE)
SHEETS = [SOME, pytest.param(tuple(FAMILIES), marks=pytest.mark.slow, id="every")]


def families_spec(names: tuple[str, ...]) -> dict:
    return {
        "title": "Every family",
        "course": "Statistics 2",
        "problem": [{"model": name, **({"known": {"m": 10}} if name == "binomial" else {})} for name in names],
    }


# what only an answer shows: hats, sample means, order statistics, the median
ANSWER_MARKS = [
    r"\hat",
    r"\widehat",
    r"\bar{x}",
    r"_{(1)}",
    r"_{(n)}",
    r"\operatorname{med}",
    r"\mathcal{I}",
    r"\operatorname{AVar}",
    "Setting the score to zero",
]


@functools.cache
def sheet(solutions: bool, format: str = "latex", names: tuple[str, ...] = SOME) -> str:
    return symle.worksheet(families_spec(names), solutions=solutions, format=format)


def problems(source: str) -> list[str]:
    """Each problem's statement and parts (its notes, in the key, cut off)."""
    return [p.split(r"\textit{Notes.}")[0] for p in re.split(r"\\section\*\{Problem \d+\}", source)[1:]]


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


# ---------------------------------------------------------------------------------------------
# the spec


def test_the_example_spec_reads():
    spec = read_spec(EXAMPLE)
    assert spec.title == "Maximum likelihood"
    assert spec.course == "Statistics 2"
    assert [p.model.model for p in spec.problems][:2] == ["exponential", "normal"]
    assert len(spec.problems) >= 6


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('title = "x"', "no problems"),
        ('[[problem]]\nmodel = "nope"', "unknown model 'nope'"),
        ('[[problem]]\nmodel = "normal"\nask = ["mle", "proof"]', "unknown part 'proof'"),
        ('[[problem]]\ndensity = "theta*x"', "needs params"),
        ('[[problem]]\nmodel = "normal"\ndensity = "x"', "either model"),
        ('[[problem]]\nmodel = "normal"\ncolour = 1', "unknown key 'colour'"),
        ('[[problem]\nmodel = "normal"', "not valid TOML"),
    ],
)
def test_spec_errors_say_what_is_wrong(text, message):
    with pytest.raises(WorksheetError, match=re.escape(message)):
        read_spec(text + "\n")


def test_a_problem_the_engine_refuses_is_named():
    with pytest.raises(WorksheetError, match=r"problem 1 \(binomial\).*m"):
        symle.worksheet({"problem": [{"model": "binomial"}]})


# ---------------------------------------------------------------------------------------------
# parts, numbering, no answers in the sheet


@pytest.mark.parametrize("names", SHEETS, ids=lambda names: "some" if names == SOME else "every")
def test_sheet_and_key_number_parts_alike(names):
    exercise, key = problems(sheet(False, names=names)), problems(sheet(True, names=names))
    assert len(exercise) == len(key) == len(names)
    for a, b in zip(exercise, key, strict=True):
        assert a.count(r"\item ") == b.count(r"\item ") > 0
        questions_a = re.findall(r"\\item (.*)", a)
        questions_b = re.findall(r"\\item (.*)", b)
        assert questions_a == questions_b


@pytest.mark.parametrize("names", SHEETS, ids=lambda names: "some" if names == SOME else "every")
def test_the_exercise_sheet_holds_no_solution(names):
    text = sheet(False, names=names)
    for mark in ANSWER_MARKS:
        assert mark not in text, mark


@pytest.mark.parametrize("names", SHEETS, ids=lambda names: "some" if names == SOME else "every")
def test_the_key_answers_every_part(names):
    for part in problems(sheet(True, names=names)):
        items = part.split(r"\item ")[1:]
        for item in items:
            assert r"\textit{" in item, item[:80]


def test_parts_follow_from_the_model():
    spec = {"problem": [{"model": "uniform"}, {"model": "normal"}, {"model": "exponential"}, {"model": "cauchy"}]}
    uniform, normal, exponential, cauchy = problems(symle.worksheet(spec))
    assert "score" not in uniform and "Fisher" not in uniform  # boundary estimators only
    assert normal.count(r"\item ") == 8  # likelihood ... variance and bias
    assert "bias" in normal and "bias" in exponential  # 1/x-bar: a power of a gamma-distributed sum
    assert "bias" not in cauchy  # numeric estimators have no exact bias
    assert "Where there is no closed form" in cauchy


def test_ask_selects_parts_in_the_standard_order():
    spec = {"problem": [{"model": "normal", "ask": ["variance", "mle"]}]}
    (problem,) = problems(symle.worksheet(spec, solutions=True))
    items = problem.split(r"\item ")[1:]
    assert len(items) == 2
    assert items[0].startswith("Find the maximum-likelihood estimator")
    assert r"\operatorname{AVar}" in items[1]


def test_functions_add_a_part_with_the_invariance_answer():
    spec = {
        "problem": [
            {
                "density": "theta*x^(theta - 1)",
                "var": "x",
                "params": ["theta"],
                "support": "0 < x < 1",
                "functions": {"mean": "theta/(theta + 1)"},
            }
        ]
    }
    exercise, key = symle.worksheet(spec), symle.worksheet(spec, solutions=True)
    assert r"\mathrm{mean} &= \frac{\theta}{\theta + 1}" in exercise
    assert r"\widehat{\mathrm{mean}}" in key and r"\widehat{\mathrm{mean}}" not in exercise


@pytest.mark.parametrize("names", SHEETS, ids=lambda names: "some" if names == SOME else "every")
def test_markdown_sheet_and_key(names):
    exercise, key = sheet(False, "markdown", names), sheet(True, "markdown", names)
    assert exercise.startswith("# Every family")
    assert "**(a)**" in exercise and "$$" in exercise
    assert r"\hat" not in exercise
    assert r"\hat{\lambda}" in key
    assert exercise.count("**(") == key.count("**(")


def test_the_sigma2_bias_is_in_the_normal_key():
    (normal,) = problems(symle.worksheet({"problem": [{"model": "normal", "ask": ["bias"]}]}, solutions=True))
    assert r"- \frac{\sigma^{2}}{n}" in normal


# ---------------------------------------------------------------------------------------------
# LaTeX that compiles, and lines that fit


def _check(result) -> None:  # type: ignore[no-untyped-def]
    assert result.ok, result.errors[:3]
    assert result.errors == []
    wide = [w for w in result.overfull if w > 10]
    assert wide == [], wide


@requires_pdflatex
@pytest.mark.latex
@pytest.mark.parametrize("names", SHEETS, ids=lambda names: "some" if names == SOME else "every")
@pytest.mark.parametrize("solutions", [False, True])
def test_every_family_worksheet_compiles_without_overfull_lines(tmp_path, solutions, names):
    _check(compile_latex(sheet(solutions, names=names), tmp_path))


@requires_pdflatex
@pytest.mark.latex
def test_the_example_worksheet_compiles(tmp_path):
    _check(compile_latex(symle.worksheet(EXAMPLE, solutions=True), tmp_path))


# ---------------------------------------------------------------------------------------------
# the command line and the PDF


def test_cli_writes_the_sheet(tmp_path):
    target = tmp_path / "sheet.md"
    status, out, err = cli("worksheet", str(EXAMPLE), "-o", str(target), "--format", "markdown")
    assert status == 0, err
    assert target.read_text(encoding="utf-8").startswith("# Maximum likelihood")


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_cli_builds_the_pdf_next_to_the_file(tmp_path):
    target = tmp_path / "key.tex"
    status, out, err = cli("worksheet", str(EXAMPLE), "-o", str(target), "--solutions", "--pdf")
    assert status == 0, err
    assert (tmp_path / "key.pdf").read_bytes().startswith(b"%PDF")


def test_pdf_without_latex_is_one_line_and_exit_2(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    status, out, err = cli("worksheet", str(EXAMPLE), "-o", str(tmp_path / "s.tex"), "--pdf")
    assert status == 2
    assert err.count("\n") == 1 and "pdflatex" in err and "texlive-latex-base" in err


def test_pdf_needs_latex_format(tmp_path):
    status, out, err = cli("worksheet", str(EXAMPLE), "-o", str(tmp_path / "s.md"), "--format", "markdown", "--pdf")
    assert status == 2 and "--pdf needs --format latex" in err


def test_latex_errors_name_their_problem():
    source = (
        "\\documentclass{article}\n\\begin{document}\n% symle: problem 1 (normal)\nfine\n"
        "% symle: problem 2 (gamma)\n\\oops\n\\end{document}\n"
    )
    log = "! Undefined control sequence.\nl.6 \\oops\n"
    assert first_error(log, source) == "LaTeX error in problem 2 (gamma), line 6: Undefined control sequence."
    located = "./worksheet.tex:4: Missing $ inserted."
    assert "problem 1 (normal)" in first_error(located, source)


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_a_failing_document_reports_the_problem(tmp_path):
    from symle.worksheets.pdf import build_pdf

    source = "\\documentclass{article}\n\\begin{document}\n% symle: problem 3 (weibull)\n\\oops\n\\end{document}\n"
    with pytest.raises(LatexError, match=r"problem 3 \(weibull\)"):
        build_pdf(source, tmp_path / "x.pdf")
