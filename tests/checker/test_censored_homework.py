"""The checker on censored lifetimes: a `censored:` line makes the homework's model the censored one
(indicator δ), whose log-likelihood is (Σδᵢ) log λ − λΣtᵢ for the exponential and whose estimator is the
number of failures over the total time on test; the uncensored answers are judged wrong against it."""

from __future__ import annotations

import pytest

from symle.checker import check_text
from symle.checker.homework import read_homework

HEAD = "model: exponential\ncensored: delta\n\n"
CORRECT = (
    HEAD
    + r"likelihood: $L(\lambda) = \prod_{i=1}^{n} \lambda^{\delta_i} e^{-\lambda t_i}$"
    + "\n"
    + r"loglik: $\ell(\lambda) = \left(\sum_{i=1}^n \delta_i\right) \log\lambda - \lambda \sum_{i=1}^n t_i$"
    + "\n"
    + r"score lambda: $\frac{\sum_{i=1}^n \delta_i}{\lambda} - \sum_{i=1}^n t_i$"
    + "\n"
    + r"mle lambda: $\hat\lambda = \frac{\sum_{i=1}^n \delta_i}{\sum_{i=1}^n t_i}$"
    + "\n"
)


def test_a_censored_exponential_homework_is_judged_against_the_censored_model() -> None:
    report = check_text(CORRECT)
    assert [(s.label, s.verdict) for s in report.steps] == [
        ("likelihood", "correct"),
        ("loglik", "correct"),
        ("score lambda", "correct"),
        ("mle lambda", "correct"),
    ]


def test_the_uncensored_answers_are_wrong_for_censored_data() -> None:
    wrong = HEAD + r"loglik: $\ell(\lambda) = n \log\lambda - \lambda \sum_{i=1}^n t_i$" + "\n"
    wrong += r"mle lambda: $\hat\lambda = \frac{n}{\sum_{i=1}^n t_i}$" + "\n"
    loglik, mle = check_text(wrong).steps
    assert loglik.verdict == "incorrect" and loglik.expected_text == "Σ δ_i log λ - λ Σ t_i"
    assert mle.verdict != "correct" or mle.note  # n/Σtᵢ follows only from the wrong log-likelihood


@pytest.mark.parametrize(
    ("line", "side"), [("censored: yes", "right"), ("censored: left", "left"), ("censored: d", "right")]
)
def test_the_censored_line_names_the_indicator_or_the_side(line: str, side: str) -> None:
    spec = read_homework(f"model: weibull\n{line}\n").spec
    assert spec.censored == ("d" if line.endswith(" d") else "delta") and spec.censoring == side
