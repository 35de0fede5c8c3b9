"""The homework checker end to end: correct files pass in every notation, each classic mistake is
found and named, a carried-forward mistake is reported once; the Python API (the command line's
`symle check` is in tests/cli/test_check_command.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

import symle
from symle.checker import check_text
from symle.checker.hints import (
    CONSTANT,
    DROPPED,
    EXTRA_N,
    MISSING_N,
    N_MINUS_ONE,
    RECIPROCAL,
    SIGN,
    WRONG_PARAMETER,
)
from symle.errors import HomeworkError, ModelError

HOMEWORK = Path(__file__).parents[1] / "homework"
EXAMPLES = Path(__file__).parents[2] / "examples"
CORRECT = sorted(HOMEWORK.glob("*.txt")) + [EXAMPLES / "homework-correct.txt"]


@pytest.mark.parametrize("path", CORRECT, ids=lambda p: p.name)
def test_correct_homework_passes(path):
    report = symle.check(path)
    assert [(s.label, s.verdict, s.hint) for s in report.steps if s.verdict != "correct"] == []
    assert report.ok


def step(model: str, line: str):
    (only,) = check_text(f"model: {model}\n{line}\n").steps
    return only


MISTAKES = [
    ("exponential", r"score lambda: -\frac{n}{\lambda} + \sum x_i", SIGN),
    ("exponential", r"loglik: n\log\lambda + \lambda\sum x_i", SIGN),
    ("normal", r"score mu: \frac{1}{\sigma^2}\sum_{i=1}^n (x_i + \mu)", SIGN),
    ("exponential", r"loglik: \log\lambda - \lambda\sum x_i", MISSING_N),
    ("exponential", r"fisher: \frac{1}{\lambda^2}", MISSING_N),
    ("exponential", r"mle lambda: \frac{n^2}{\sum x_i}", EXTRA_N),
    ("normal", r"mle sigma2: \frac{1}{n-1}\sum_{i=1}^n (x_i - \bar x)^2", N_MINUS_ONE),
    ("poisson", r"loglik: \sum x_i \log\lambda", DROPPED),
    ("normal", r"loglik: -\frac{1}{2\sigma^2}\sum_{i=1}^n (x_i-\mu)^2", DROPPED),
    ("normal", r"loglik: -\frac{n}{2}\log\sigma^2 - \frac{1}{\sigma^2}\sum_{i=1}^n (x_i-\mu)^2", CONSTANT),
    ("exponential", r"score lambda: \frac{2n}{\lambda} - 2\sum x_i", CONSTANT),
    ("normal", r"score sigma2: \frac{1}{\sigma^2}\sum_{i=1}^n (x_i - \mu)", WRONG_PARAMETER),
    (
        "normal",
        r"score sigma2: -\frac{n}{\sigma} + \frac{1}{\sigma^3}\sum_{i=1}^n (x_i-\mu)^2",
        WRONG_PARAMETER,
    ),
    ("exponential", r"mle lambda: \hat\lambda = \bar x", RECIPROCAL),
    ("bernoulli", r"mle p: \frac{1}{\bar x}", RECIPROCAL),
    ("exponential", r"variance lambda: \frac{n}{\lambda^2}", RECIPROCAL),
]


@pytest.mark.parametrize(
    ("model", "line", "kind"), MISTAKES, ids=[f"{m}-{k}-{n}" for n, (m, _, k) in enumerate(MISTAKES)]
)
def test_each_classic_mistake_is_named(model, line, kind):
    result = step(model, line)
    assert result.verdict == "incorrect"
    assert result.hint is not None and result.hint.startswith(kind), result.hint


@pytest.mark.parametrize(
    ("model", "line", "expected"),
    [
        ("uniform", r"mle b: \bar x", "the support depends on b"),
        ("uniform", r"mle b: x_{(1)}", "wrong order statistic"),
        ("poisson", r"mle lambda: \frac{1}{n}\sum x_i^2", None),
    ],
)
def test_other_wrong_answers(model, line, expected):
    result = step(model, line)
    assert result.verdict == "incorrect"
    assert (result.hint is None) if expected is None else expected in result.hint


def test_an_additive_constant_is_accepted_with_a_note():
    result = step("poisson", r"loglik: \sum x_i \log\lambda - n\lambda")
    assert result.verdict == "correct"
    assert result.note.startswith("correct up to an additive constant")


def test_score_equations_are_accepted_rearranged_or_scaled():
    for line in (r"n = \lambda \sum x_i", r"\frac{1}{\lambda} = \bar x", r"\frac{n}{\lambda} - \sum x_i = 0"):
        assert step("exponential", f"score lambda: {line}").verdict == "correct", line
    assert step("exponential", r"score lambda: n = 2\lambda \sum x_i").verdict == "incorrect"
    assert step("normal", r"score sigma2: n\sigma^2 = \sum (x_i - \mu)^2").verdict == "correct"


def test_a_bare_score_must_equal_the_score():
    assert step("exponential", r"score lambda: n - \lambda\sum x_i").verdict == "incorrect"


def test_a_carried_mistake_is_reported_once():
    report = check_text(
        "model: exponential\n"
        "loglik: n \\log \\lambda + \\lambda \\sum x_i\n"
        "score lambda: \\frac{n}{\\lambda} + \\sum x_i\n"
        "mle lambda: -\\frac{n}{\\sum x_i}\n"
    )
    assert [(s.verdict, s.note) for s in report.steps] == [
        ("incorrect", None),
        ("correct", "follows from your step 1"),
        ("correct", "follows from your step 2"),
    ]
    assert report.steps[0].hint.startswith(SIGN)
    assert not report.ok


def test_a_carried_likelihood_and_variance():
    report = check_text(
        "model: exponential\n"
        "likelihood: \\lambda^n e^{\\lambda \\sum x_i}\n"
        "loglik: n \\log \\lambda + \\lambda \\sum x_i\n"
        "fisher: \\frac{n}{\\lambda}\n"
        "variance lambda: \\frac{\\lambda}{n}\n"
    )
    assert [(s.verdict, s.note) for s in report.steps] == [
        ("incorrect", None),
        ("correct", "follows from your step 1"),
        ("incorrect", None),
        ("correct", "follows from your step 3"),
    ]


def test_an_estimator_judged_against_a_wrong_score():
    report = check_text(
        "model: normal\n"
        "score sigma2: -\\frac{n}{\\sigma^2} + \\frac{1}{2\\sigma^4}\\sum (x_i - \\mu)^2\n"
        "mle sigma2: \\frac{1}{2n}\\sum (x_i - \\bar x)^2\n"
    )
    assert [(s.verdict, s.note) for s in report.steps] == [
        ("incorrect", None),
        ("correct", "follows from your step 1"),
    ]
    assert report.steps[0].hint.startswith(MISSING_N) or report.steps[0].hint.startswith(CONSTANT)


def test_unreadable_steps_name_the_place():
    report = check_text("model: exponential\nmle lambda: \\frac{1}{\\bar{x}\nloglik: 2 \\theta\nscore mu: 1\n")
    verdicts = [(s.verdict, s.note) for s in report.steps]
    assert verdicts[0] == ("unreadable", "could not read line 2, column 29: the expression stops too early")
    assert verdicts[1] == (
        "unreadable",
        "could not read line 3, column 11: unknown name 'theta' (the model's names: lambda, x_i, n)",
    )
    assert verdicts[2] == ("unreadable", "'mu' is not a parameter of exponential (parameters: lambda)")
    assert report.steps[0].expected == "\\frac{1}{\\bar{x}}"


def test_a_missing_parameter_in_a_label():
    (only,) = check_text("model: normal\nmle: xbar\n").steps
    assert only.verdict == "unreadable"
    assert "which parameter" in only.note


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("loglik: n\n", HomeworkError),
        ("model: nope\nloglik: n\n", ModelError),
        ("model: normal\n# nothing else\n", HomeworkError),
    ],
)
def test_unusable_files_raise(text, error):
    with pytest.raises(error):
        check_text(text)


def test_the_same_verdicts_every_run():
    text = (HOMEWORK.parent.parent / "examples" / "homework-mistakes.txt").read_text()
    first, second = check_text(text), check_text(text)
    assert first.to_dict() == second.to_dict()


def test_the_python_api_reads_text_or_a_path(tmp_path):
    path = tmp_path / "hw.txt"
    path.write_text("model: exponential\nmle lambda: 1/xbar\n")
    assert symle.check(str(path)).file == str(path)
    assert symle.check(path).ok
    assert symle.check("model: exponential\nmle lambda: xbar\n").file == "<text>"
    with pytest.raises(HomeworkError, match="no such file"):
        symle.check(str(tmp_path / "missing.txt"))


def test_a_huge_constant_is_not_a_log_likelihood():
    assert step("exponential", r"loglik: \binom{1000}{500}").verdict == "incorrect"


def test_the_readme_shows_the_real_output():
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    shown = readme.split("On `examples/homework-mistakes.txt`:\n\n```text\n", 1)[1].split("\n```", 1)[0]
    assert shown == symle.check("examples/homework-mistakes.txt").to_text()


def test_an_information_matrix():
    report = check_text(
        "model: normal\n"
        "fisher: \\begin{pmatrix} \\frac{n}{\\sigma^2} & 0 \\\\\n"
        "    0 & \\frac{n}{2\\sigma^4} \\end{pmatrix}\n"
        "fisher: [[n/sigma2, 0], [0, 1/(2*sigma2^2)]]\n"
        "variance sigma2: 2\\sigma^4\n"
        "fisher: \\frac{n}{\\sigma^2}\n"
    )
    assert [(s.line, s.verdict, s.note) for s in report.steps] == [
        (2, "correct", None),
        (4, "incorrect", None),
        (5, "correct", "follows from your step 2"),
        (6, "incorrect", None),
    ]
    assert report.steps[1].hint.startswith(f"entry (2, 2): {MISSING_N}")
    assert "2×2 matrix" in report.steps[3].hint


def test_an_estimator_with_only_a_profile():
    report = check_text("model: gamma\nmle beta: \\hat\\beta = \\frac{\\hat\\alpha}{\\bar x}\nmle alpha: \\bar x\n")
    assert [(s.verdict, s.note) for s in report.steps] == [
        ("correct", None),
        ("unreadable", "α has no closed-form estimator, so there is no formula to compare"),
    ]


def test_setting_a_boundary_score_to_zero():
    result = step("uniform", r"score b: -\frac{n}{b-a} = 0")
    assert result.verdict == "incorrect"
    assert result.hint.startswith("the score for b is never zero")


@pytest.mark.parametrize("label", ["score sigma2", r"score \sigma^2", r"score $\sigma^{2}$", "score σ²"])
def test_parameter_labels_in_every_notation(label):
    result = step("normal", label + r": -\frac{n}{2\sigma^2} + \frac{1}{2\sigma^4}\sum_{i=1}^n (x_i-\mu)^2")
    assert (result.label, result.verdict) == ("score sigma2", "correct")
