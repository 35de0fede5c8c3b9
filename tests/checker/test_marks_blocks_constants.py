"""What a held-out round showed the checker could not read (issue 23): a known constant of a typed density
that `params:` does not list, an enumeration mark before a step label, a display block on the lines under
its label, a reason clause before the answer, and the answer after "is" rather than the name before it."""

from __future__ import annotations

import pytest

from symle.checker import check_text
from symle.checker.homework import read_homework
from symle.errors import ModelError
from symle.model.resolve import resolve
from symle.model.spec import ModelSpec

SHIFTED = "density: theta*exp(-theta*(x - a))\nvar: x\nparams: theta\nknown: a\nsupport: x > a\n"


def test_a_known_constant_of_the_density_need_not_be_a_parameter() -> None:
    report = check_text(SHIFTED + "mle theta: \\hat\\theta = 1/(\\bar x - a)\nmle theta: \\hat\\theta = 1/\\bar x\n")
    assert [s.verdict for s in report.steps] == ["correct", "incorrect"]


def test_a_known_constant_is_known_on_the_command_line_too() -> None:
    model = resolve(ModelSpec.of("k*b^k/y^(k+1)", var="y", params="k", known=["b"], support="y > b"))
    assert ([p.name for p in model.parameters], [p.name for p in model.known_parameters]) == (["k"], ["b"])
    with_value = resolve(ModelSpec.of("k*b^k/y^(k+1)", var="y", params="k", known=["b=3"], support="y > b"))
    assert "b" not in {s.name for s in with_value.density.free_symbols}


@pytest.mark.parametrize("known", ["d", "thetas", "th"])
def test_a_known_name_the_density_does_not_write_is_refused(known: str) -> None:
    with pytest.raises(ModelError, match=rf"^known {known}: not a parameter .* nor a name the density writes"):
        resolve(ModelSpec.of("theta*exp(-theta*(x - a))", params="theta", known=[known, "a"], support="x > a"))


@pytest.mark.parametrize(
    "mark",
    ["(a) ", "(iv) ", "b) ", "3. ", "12) ", "\\item[(c)] ", "\\item ", "**(b)** ", "__(ii)__ ", "- (a) ", "(a)"],
)
def test_an_enumeration_mark_is_not_part_of_the_label(mark: str) -> None:
    steps = read_homework(f"model: poisson\n{mark}score lambda: n/\\lambda - 1\n{mark}mle: 2\n").steps
    assert [(s.kind, s.parameter, s.text.strip()) for s in steps] == [
        ("score", "lambda", "n/\\lambda - 1"),
        ("mle", "", "2"),
    ]


def test_words_before_a_label_are_not_a_mark() -> None:
    assert read_homework("model: poisson\nPart (a) loglik: 1\nsee (b) mle: 2\n").steps == ()


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("$$", "$$"), ("\\[", "\\]"), ("\\begin{equation*}", "\\end{equation*}"), ("$$", "  $$  ")],
)
def test_a_display_block_under_a_label_is_its_step(opening: str, closing: str) -> None:
    text = (
        f"model: exponential\n\nloglik:\n{opening}\n\\ell(\\lambda) = n\\log\\lambda\n"
        f"  - \\lambda\\sum x_i\n{closing}\n\n"
        f"Some words between the parts.\n\nmle lambda:\n\n{opening}\n\\hat\\lambda = 2/\\bar x\n{closing}\n"
    )
    report = check_text(text)
    assert [(s.label, s.line, s.verdict) for s in report.steps] == [
        ("loglik", 4, "correct"),
        ("mle lambda", 13, "incorrect"),
    ]


def test_a_row_end_with_spacing_does_not_open_a_display() -> None:
    steps = read_homework("model: poisson\nloglik: a \\\\[2pt]\nmle: 2\n").steps
    assert [s.kind for s in steps] == ["loglik", "mle"]


@pytest.mark.parametrize(
    ("step", "verdict"),
    [
        ("fisher lambda: Since $E[X_i] = \\lambda$, the information is $I(\\lambda) = n/\\lambda$.", "correct"),
        ("fisher lambda: Since $E[X_i] = \\lambda$, the information is $I(\\lambda) = n/\\lambda^2$.", "incorrect"),
        ("fisher lambda: Using $\\sum E[X_i] = n\\lambda$; $I(\\lambda) = \\frac{n}{\\lambda}$", "correct"),
        ("fisher lambda: Because E[Xᵢ] = λ, I(λ) = n/λ", "correct"),
        ("fisher lambda: Because E[Xᵢ] = λ, I(λ) = n/λ²", "incorrect"),
        ("mle lambda: Since $\\hat\\lambda = \\bar x$", "correct"),  # a reason alone is the step's value
        ("variance lambda: The asymptotic variance of $\\hat\\lambda$ is $\\lambda/n$.", "correct"),
        ("variance lambda: The asymptotic variance of $\\hat\\lambda$ is $\\lambda^2/n$.", "incorrect"),
        ("variance lambda: the variance of λ̂ is approximately λ/n", "correct"),
        ("mle lambda: our estimate λ̂ is x̄", "correct"),
        ("mle lambda: our estimate λ̂ is 1/x̄", "incorrect"),
    ],
)
def test_the_answer_is_judged_not_the_reason_or_the_name_before_it(step: str, verdict: str) -> None:
    assert [s.verdict for s in check_text(f"model: poisson\n{step}\n").steps] == [verdict]
