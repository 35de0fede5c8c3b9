"""Homework written without labels: each step is named by its own left-hand side (L(λ) =, ∂ℓ/∂μ =, λ̂ =),
in sentences or on lines of their own; remarks (`E[X] = μ`, `n = 10`) are not steps. The parameter a
score or an estimate is about comes from its name (`dl/dsigma^2`, `mu_hat`) when no label gives it."""

from __future__ import annotations

import pytest

from symle.checker import check_text
from symle.checker.unlabelled import find_steps, head_parameter, kind_of
from symle.errors import HomeworkError


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        ("L(λ)", "likelihood"),
        (r"\mathcal{L}(\theta)", "likelihood"),
        (r"\prod_{i=1}^n f(x_i;\lambda)", "likelihood"),
        ("ℓ(λ)", "loglik"),
        (r"\log L(\mu, \sigma^2)", "loglik"),
        ("l(p)", "loglik"),
        ("ℓ'(λ)", "score"),
        (r"\frac{\partial \ell}{\partial \mu}", "score"),
        ("dl/dsigma^2", "score"),
        ("∂ℓ/∂σ²", "score"),
        ("ℓ''(λ)", "second-order"),
        (r"\frac{\partial^2 \ell}{\partial \mu^2}", "second-order"),
        ("λ̂", "mle"),
        ("p_hat", "mle"),
        (r"\hat\sigma^2_{MLE}", "mle"),
        ("I(λ)", "fisher"),
        (r"\operatorname{Var}(\hat\lambda)", "variance"),
        # names that could be anything else start no step
        ("E[X]", None),
        ("Var(X)", None),
        ("n", None),
        ("x̄", None),
        ("the sample mean", None),
    ],
)
def test_a_left_hand_side_names_its_kind(head, kind):
    assert kind_of(head) == kind


def test_a_line_with_several_claims_is_several_steps():
    line = "ℓ'(λ) = n/λ − Σxᵢ = 0 ⇒ λ̂ = 1/x̄"
    assert [(line[a:b], kind) for a, b, kind in find_steps(line)] == [
        ("ℓ'(λ) = n/λ − Σxᵢ = 0", "score"),
        ("λ̂ = 1/x̄", "mle"),
    ]


def test_a_step_in_a_sentence_ends_with_its_inline_math():
    line = r"Taking logs, $\ell(\lambda) = n\log\lambda - \lambda\sum x_i$, which we now differentiate."
    ((start, end, kind),) = find_steps(line)
    assert (line[start:end], kind) == (r"$\ell(\lambda) = n\log\lambda - \lambda\sum x_i$", "loglik")


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("dl/dsigma^2 = -n/(2 sigma^2)", "score", "sigma2"),
        (r"\frac{\partial \ell}{\partial \mu} = 0", "score", "mu"),
        ("∂ℓ/∂σ² = 0", "score", "sigma2"),
        ("mu_hat = xbar", "mle", "mu"),
        (r"\hat{\sigma}^2 = s", "mle", "sigma2"),
        ("σ̂² = s", "mle", "sigma2"),
        (r"\hat\mu_{MLE} = \bar x", "mle", "mu"),
        ("sigma_hat = s", "mle", None),  # σ is not a parameter of this parametrisation
    ],
)
def test_the_name_of_a_score_or_estimate_gives_its_parameter(text, kind, expected):
    assert head_parameter(text, kind, ["mu", "sigma2"]) == expected


EXPONENTIAL = """model: exponential
Here n = 10 and E[X] = 1/λ.
The likelihood is L(λ) = λ^n e^{−λ Σxᵢ}, and its log is ℓ(λ) = n log λ − λ Σxᵢ.
ℓ'(λ) = n/λ − Σxᵢ = 0 ⇒ λ̂ = {mle}
ℓ''(λ) = −n/λ² < 0, so this is a maximum.
"""


def test_an_unlabelled_derivation_is_read_and_judged():
    report = check_text(EXPONENTIAL.replace("{mle}", "1/x̄"))
    assert [(s.line, s.label, s.verdict) for s in report.steps] == [
        (3, "likelihood", "correct"),
        (3, "loglik", "correct"),
        (4, "score lambda", "correct"),
        (4, "mle lambda", "correct"),
        (5, "second-order lambda", "correct"),
    ]


def test_a_wrong_unlabelled_step_is_incorrect():
    steps = check_text(EXPONENTIAL.replace("{mle}", "1/(n x̄)")).steps
    assert [(s.label, s.verdict) for s in steps if s.verdict != "correct"] == [("mle lambda", "incorrect")]


def test_a_two_parameter_model_takes_each_parameter_from_its_name():
    text = """model: normal
l(mu, sigma^2) = -n/2 log(2 pi sigma^2) - sum (x_i - mu)^2/(2 sigma^2)
dl/dmu = sum (x_i - mu)/sigma^2
dl/dsigma^2 = -n/(2 sigma^2) + sum (x_i - mu)^2/(2 sigma^4)
mu_hat = xbar
sigma2_hat = (1/n) sum (x_i - xbar)^2
"""
    report = check_text(text)
    assert [(s.label, s.verdict) for s in report.steps] == [
        ("loglik", "correct"),
        ("score mu", "correct"),
        ("score sigma2", "correct"),
        ("mle mu", "correct"),
        ("mle sigma2", "correct"),
    ]


def test_labels_in_a_file_mean_only_labelled_lines_are_steps():
    text = "model: poisson\nWe have ℓ(λ) = 0 here, wrongly.\nmle lambda: λ̂ = x̄\n"
    assert [(s.label, s.verdict) for s in check_text(text).steps] == [("mle lambda", "correct")]


def test_a_reason_after_the_value_is_not_a_second_value():
    text = "model: exponential\nmle: λ̂ = 1/x̄, since the score n/λ − Σxᵢ = 0 there\n"
    assert [s.verdict for s in check_text(text).steps] == ["correct"]


def test_a_file_with_no_step_says_how_to_write_one():
    with pytest.raises(HomeworkError, match="named equation"):
        check_text("model: exponential\nThe MLE is the reciprocal of the mean.\n")


def test_each_row_of_a_display_is_its_own_step():
    text = r"""model: geometric
\begin{align*}
\ell(p) &= n\log p + \Big(\sum_{i=1}^n x_i - n\Big)\log(1-p)\\
\ell'(p) &= \frac{n}{p} - \frac{\sum x_i - n}{1-p}\\
\hat p &= \frac{n}{\sum x_i} = \frac{1}{\bar x}\\
I(p) &= \frac{n}{p^2(1-p)}
\end{align*}
"""
    report = check_text(text)
    assert [(s.line, s.label, s.verdict) for s in report.steps] == [
        (3, "loglik", "correct"),
        (4, "score p", "correct"),
        (5, "mle p", "correct"),
        (6, "fisher", "correct"),
    ]


def test_a_step_ends_with_its_sentence_and_before_spacing():
    assert [kind for _, _, kind in find_steps("λ̂ = (Σ xᵢ^k / n)^(1/k). When k = 1 it is the mean.")] == ["mle"]
    line = r"\[ \frac{\partial\ell}{\partial b} = -\frac{n}{b} + \frac{S}{b^2} = 0 \;\Rightarrow\; \hat b = S/n \]"
    (score, _) = find_steps(line)
    assert line[score[0] : score[1]].endswith("= 0")


def test_c_of_m_and_x_is_the_binomial_coefficient():
    text = "model: binomial\nknown: m\nlikelihood: L(p) = [Π C(m,xᵢ)] p^(Σxᵢ) (1−p)^(nm−Σxᵢ)\n"
    assert [s.verdict for s in check_text(text).steps] == ["correct"]
