"""The homework file's structure: labels, continuation lines, ignored prose, the model lines."""

from __future__ import annotations

import pytest

from symle.checker.homework import read_homework
from symle.errors import HomeworkError
from symle.model.spec import ModelSpec


def test_labels_lines_and_continuations():
    homework = read_homework(
        "# a comment\n"
        "model: exponential\n"
        "\n"
        "Some Markdown prose, ignored.\n"
        "loglik: n \\log \\lambda \\\n"
        "   - \\lambda \\sum x_i\n"
        "- score lambda: n/lambda - sum(x_i)\n"
        "**mle lambda**: 1/xbar\n"
        "Log-likelihood: n log(lambda)\n"
    )
    assert homework.spec == ModelSpec.of("exponential")
    assert [(s.line, s.kind, s.parameter) for s in homework.steps] == [
        (5, "loglik", ""),
        (7, "score", "lambda"),
        (8, "mle", "lambda"),
        (9, "loglik", ""),
    ]
    first = homework.steps[0]
    assert first.text == " n \\log \\lambda     - \\lambda \\sum x_i"
    assert first.position(first.text.index("\\sum")) == "line 6, column 14"
    assert first.position(1) == "line 5, column 9"


def test_a_typed_density():
    homework = read_homework(
        "density: theta*x^(theta - 1)\nvar: x\nparams: theta\nsupport: 0 < x < 1\nknown: \nmle theta: 1\n"
    )
    assert homework.spec == ModelSpec.of("theta*x^(theta - 1)", var="x", params="theta", support="0 < x < 1")


def test_known_values_are_collected():
    homework = read_homework("model: binomial\nknown: m=10\nmle p: xbar/10\n")
    assert homework.spec == ModelSpec.of("binomial", known=("m=10",))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("loglik: n\n", "no `model:` or `density:` line"),
        ("model: normal\nmodel: exponential\n", "a second `model:` line"),
        ("model: normal\ndensity: x\n", "either a `model:` line or a `density:` line"),
        ("density: theta\nmle theta: 1\n", "needs a `params:` line"),
        ("model: normal\nparams: mu\n", "belongs to a typed `density:`"),
        ("model: \n", "names no model"),
    ],
)
def test_unusable_files(text, message):
    with pytest.raises(HomeworkError, match=message):
        read_homework(text)
