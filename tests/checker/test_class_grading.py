"""Grading a class: an assignment imposes the model and the parts, missing parts are reported,
notebooks are read, and a folder gives a gradebook and the class's most frequent mistakes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from adversary import assert_user_error, run_here

from symle.checker import Assignment, check_text
from symle.checker.assignment import asked
from symle.checker.gradebook import csv_text, row
from symle.model.spec import ModelSpec
from symle.pipeline import Options, derive

CORRECT = "model: exponential\nlikelihood: \\lambda^n e^{-\\lambda \\sum x_i}\nmle lambda: 1/\\bar x\n"
EXPONENTIAL = Assignment(ModelSpec.of("exponential"))


def test_every_part_a_worksheet_asks_has_a_label_bias_included() -> None:
    text = "model: normal\nbias mu: 0\nbias sigma2: -\\sigma^2/n\n"
    report = check_text(text)
    assert [(s.label, s.verdict) for s in report.steps] == [("bias mu", "correct"), ("bias sigma2", "correct")]
    wrong = check_text("model: normal\nbias sigma2: \\sigma^2/n\n")
    assert wrong.steps[0].verdict == "incorrect" and "sign" in (wrong.steps[0].hint or "")


def test_a_part_the_file_leaves_out_is_missing_with_its_answer() -> None:
    report = check_text(CORRECT, assignment=Assignment(ModelSpec.of("exponential"), ("likelihood", "score", "mle")))
    verdicts = {s.label: s.verdict for s in report.steps}
    assert verdicts == {"likelihood": "correct", "mle lambda": "correct", "score lambda": "missing"}
    missing = [s for s in report.steps if s.verdict == "missing"][0]
    assert missing.expected_text and not report.ok and report.exit_status == 1
    assert json.loads(report.to_json())["steps"][-1]["line"] is None


def test_by_default_every_part_that_applies_is_asked() -> None:
    derivation = derive(ModelSpec.of("uniform"), Options(20))
    wanted = asked(derivation, None)
    assert ("mle", "a") in wanted and ("mle", "b") in wanted
    assert not [w for w in wanted if w[0] == "score"]  # the uniform's ends have no score equation


def test_an_assignment_overrides_the_files_model_and_says_so() -> None:
    report = check_text(CORRECT, assignment=Assignment(ModelSpec.of("poisson"), ("mle",)))
    assert report.model == "poisson" and "exponential" in report.notes[0] and "ignored" in report.notes[0]
    same = check_text(CORRECT.replace("exponential", "Exponential"), assignment=EXPONENTIAL)
    assert same.notes == ()
    no_model = check_text("mle lambda: 1/\\bar x\n", assignment=EXPONENTIAL)
    assert no_model.steps[0].verdict == "correct"


def test_a_notebooks_markdown_cells_are_read_and_its_code_is_not(tmp_path: Path) -> None:
    cells = [
        {"cell_type": "markdown", "source": ["model: exponential\n", "mle lambda: 1/\\bar x\n"], "metadata": {}},
        {"cell_type": "code", "source": "mle lambda: 5\n", "outputs": [], "metadata": {}, "execution_count": None},
        {"cell_type": "markdown", "source": "likelihood: \\lambda^n e^{-\\lambda \\sum x_i}", "metadata": {}},
    ]
    (tmp_path / "hw.ipynb").write_text(json.dumps({"cells": cells, "nbformat": 4, "nbformat_minor": 5}))
    done, _ = run_here("check", "hw.ipynb", "--format", "json", cwd=tmp_path)
    report = json.loads(done.stdout)
    assert [(s["label"], s["verdict"]) for s in report["steps"]] == [
        ("mle lambda", "correct"),
        ("likelihood", "correct"),
    ]
    (tmp_path / "bad.ipynb").write_text("[1, 2")
    assert_user_error(run_here("check", "bad.ipynb", cwd=tmp_path)[0], "not a Jupyter notebook")


def test_a_class_folder_gives_a_gradebook_and_a_summary(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "a.txt").write_text(CORRECT)
    (folder / "b.txt").write_text("model: exponential\nmle lambda: \\bar x\n")
    (folder / "c.txt").write_text("mle lambda: \\bar x\n")
    (folder / "=cmd.txt").write_text(CORRECT)
    (tmp_path / "hw.toml").write_text('title = "HW"\n[[problem]]\nmodel = "exponential"\nask = ["likelihood", "mle"]\n')
    done, _ = run_here("check", "class", "--assignment", "hw.toml", "--gradebook", "grades.csv", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "class summary: 4 submissions" in done.stdout
    assert "2  mle lambda: " in done.stdout and "likelihood: missing" in done.stdout
    rows = list(csv.DictReader((tmp_path / "grades.csv").open()))
    by_file = {Path(r["file"].lstrip("'")).name: r for r in rows}
    assert by_file["a.txt"]["score"] == "1.0" and by_file["a.txt"]["correct"] == "2"
    assert by_file["b.txt"]["incorrect"] == "1" and by_file["b.txt"]["missing"] == "1"
    assert by_file["c.txt"]["missing"] == "1"
    json_lines, _ = run_here("check", "class", "--assignment", "hw.toml", "--format", "json", cwd=tmp_path)
    assert [json.loads(line)["file"] for line in json_lines.stdout.splitlines()][0].endswith("=cmd.txt")


def test_a_gradebook_cell_cannot_be_a_spreadsheet_formula() -> None:
    text = csv_text([{"file": "=HYPERLINK(1)", "model": "+x", "score": 1}])
    assert "'=HYPERLINK(1)" in text and "'+x" in text


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--params", "theta"], ["--params applies with --model"]),
        (["--problem", "2"], ["--problem applies with --assignment"]),
        (["--model", "normal", "--assignment", "x.toml"], ["--assignment or --model"]),
    ],
)
def test_class_options_that_do_not_fit_together_are_refused(tmp_path: Path, args: list[str], words: list[str]) -> None:
    (tmp_path / "a.txt").write_text(CORRECT)
    assert_user_error(run_here("check", "a.txt", *args, cwd=tmp_path)[0], *words)


def test_an_assignment_of_several_problems_needs_the_problems_number(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(CORRECT)
    (tmp_path / "two.toml").write_text(
        'title = "T"\n[[problem]]\nmodel = "normal"\n[[problem]]\nmodel = "exponential"\n'
    )
    assert_user_error(run_here("check", "a.txt", "--assignment", "two.toml", cwd=tmp_path)[0], "--problem", "1 to 2")
    done, _ = run_here("check", "a.txt", "--assignment", "two.toml", "--problem", "2", "--format", "json", cwd=tmp_path)
    assert json.loads(done.stdout)["ok"] is False  # the parts not written are missing
    assert row(Path("a.txt"), check_text(CORRECT))["score"] == 1.0
