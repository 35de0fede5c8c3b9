"""Without an assignment, the standard parts of a derivation a file leaves out (likelihood,
log-likelihood, each score and estimator, the second-order check) are named in one note; they are
never `missing` verdicts, which stay an assignment's, and the file's own verdicts do not change."""

from __future__ import annotations

import json
import subprocess
import sys

from symle.checker import Assignment, check_text
from symle.model.spec import ModelSpec

FULL_POISSON = (
    "model: poisson\n"
    r"likelihood: \prod_{i=1}^n \frac{\lambda^{x_i} e^{-\lambda}}{x_i!}"
    "\n"
    r"loglik: \sum x_i \log\lambda - n\lambda"
    "\n"
    r"score lambda: \frac{\sum x_i}{\lambda} - n"
    "\n"
    r"mle lambda: \hat\lambda = \bar x"
    "\n"
    r"second-order: -\frac{\sum x_i}{\lambda^2}"
    "\n"
)


def test_a_file_with_every_standard_part_has_no_note() -> None:
    report = check_text(FULL_POISSON)
    assert report.notes == () and report.ok


def test_the_parts_left_out_are_named_in_one_note_in_text_and_json() -> None:
    report = check_text("model: normal\nmle mu: xbar\nscore sigma2: -n/(2*sigma2) + sum((x_i - mu)^2)/(2*sigma2^2)\n")
    (note,) = report.notes
    assert note == (
        "not shown: the likelihood, the log-likelihood, the score for μ, the estimator of σ², the second-order check"
    )
    assert f"note: {note}" in report.to_text()
    assert json.loads(report.to_json())["notes"] == [note]
    # a note, not a verdict: the two steps are all the steps, and both are right
    assert [s.verdict for s in report.steps] == ["correct", "correct"] and report.ok


def test_a_boundary_parameter_is_not_asked_for_a_score_or_a_second_order_check() -> None:
    (note,) = check_text("model: uniform\nknown: a=0\nmle b: b_hat = max(x)\n").notes
    assert note == "not shown: the likelihood, the log-likelihood"


def test_with_an_assignment_the_parts_are_missing_verdicts_and_no_note() -> None:
    report = check_text(FULL_POISSON.split("second-order")[0], assignment=Assignment(ModelSpec.of("poisson")))
    assert "second-order" in [s.label for s in report.steps if s.verdict == "missing"]
    assert not any(note.startswith("not shown") for note in report.notes)


def test_the_second_order_check_written_with_its_parameter_counts_as_shown() -> None:
    text = FULL_POISSON.replace("second-order:", "second-order lambda:")
    assert check_text(text).notes == ()


def test_the_note_loads_no_worksheet_code() -> None:
    # every check without an assignment works the note out: it must not bring the worksheets' Jinja2 in
    code = (
        "import sys\n"
        "from symle.checker.assignment import unshown_note\n"
        "from symle.model.spec import ModelSpec\n"
        "from symle.pipeline import derive\n"
        "print(unshown_note(derive(ModelSpec.of('poisson')), ()))\n"
        "print(sorted(m for m in sys.modules if m.startswith(('jinja2', 'symle.worksheets'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    note, loaded = done.stdout.splitlines()
    assert note.startswith("not shown: the likelihood") and loaded == "[]"
