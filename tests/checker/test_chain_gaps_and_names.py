"""Issue 23, the checker's reading after the fourth held-out round, by class: a score's `= 0` left alone
after an unread member is no verdict (E); a subscript in plain letters on an estimator's name (A); the
second derivative named `d2l/dθ2` or `U'(θ)` (B); a capital Sigma or Pi with limits as the sum or
product sign (C); a bias symle does not derive is "not checked" (D)."""

from __future__ import annotations

import pytest
from checked import steps, verdicts

EXPONENTIAL = "model: exponential"
POISSON = "model: poisson"
NORMAL = "model: normal"
NORMAL_MU_KNOWN = "model: normal\nknown: mu"


# -- E: a skipped member never leaves a bare `= 0` to be judged


@pytest.mark.parametrize(
    "line",
    [
        r"score lambda: $\frac{d\ell}{d\lambda} = \frac{n}{\lambda} - \Xi_{i=1}^{n} x_i = 0$",
        "score lambda: dl/dlambda = n/lambda - foo(x) = 0",
        "score lambda: ∂ℓ/∂λ = n/λ − ⊕x = 0",
    ],
)
def test_an_unread_score_set_to_zero_is_unreadable_naming_the_member(line):
    (step,) = steps(EXPONENTIAL, line)
    assert step.verdict == "unreadable"
    assert step.note is not None and step.note.startswith("could not read '") and "= 0" in step.note
    assert any(mark in step.note for mark in ("Xi", "foo", "⊕"))  # the member not read, as written


def test_the_same_step_misread_wrong_is_unreadable_too():
    # a wrong member that cannot be read: no verdict either way, the checker cannot tell
    line = r"score lambda: $\frac{d\ell}{d\lambda} = \frac{2n}{\lambda} - \Xi x_i = 0$"
    assert verdicts(EXPONENTIAL, line) == ["unreadable"]


@pytest.mark.parametrize(
    ("line", "verdict"),
    [
        # the members read are themselves a claim of the score: judged, and the note names what was skipped
        (r"score lambda: $\ell'(\lambda) = \frac{n}{\lambda} - \Xi x_i = \frac{n}{\lambda} + 3 = 0$", "incorrect"),
        (r"score lambda: $\ell'(\lambda) = \frac{n}{\lambda} - \Xi x_i = \frac{n}{\lambda} - \sum x_i$", "correct"),
        ("mle lambda: λ̂ = ⊕x = 2/x̄", "incorrect"),
        ("mle lambda: lambda_hat = foo(x) = 1/xbar", "correct"),
    ],
)
def test_a_chain_with_a_skipped_member_is_judged_on_a_claim_and_says_so(line, verdict):
    (step,) = steps(EXPONENTIAL, line)
    assert step.verdict == verdict
    assert step.note is not None and step.note.startswith("not read:")


def test_an_unread_member_makes_no_later_step_follow_from_it():
    result = steps(
        EXPONENTIAL,
        "score lambda: dl/dlambda = n/lambda - foo(x) = 0",
        "mle lambda: lambda_hat = 1/xbar",
    )
    assert [s.verdict for s in result] == ["unreadable", "correct"]
    assert result[1].note is None


# -- A: plain letters in a subscript decorate the estimator's name


@pytest.mark.parametrize(
    ("header", "line"),
    [
        (EXPONENTIAL, r"mle lambda: $\hat\lambda_{ML} = \frac{1}{\bar{x}}$"),
        (EXPONENTIAL, r"mle lambda: $\hat{\lambda}_{ML} = 1/\bar x$"),
        (EXPONENTIAL, r"mle lambda: \lambda_{MLE} = \frac{1}{\bar x}"),
        (EXPONENTIAL, "mle lambda: λ_{MLE} = 1/x̄"),
        (EXPONENTIAL, "mle lambda: λ̂_ML = 1/x̄"),
        (EXPONENTIAL, r"mle lambda: $\hat\lambda_{\mathrm{ML}} = 1/\bar x$"),
        (EXPONENTIAL, "mle lambda: lambda_{mle} = 1/xbar"),
        (EXPONENTIAL, r"mle lambda: \hat\lambda_{\rm MLE} = 1/\bar x"),  # the old font switch, then a space
        (EXPONENTIAL, r"mle lambda: $\hat{\lambda}_{\rm ML} = \frac{1}{\bar x}$"),
        (EXPONENTIAL, r"mle lambda: \hat\lambda_{\text{MLE}} = 1/\bar x"),
        (NORMAL, r"mle sigma2: $\hat\sigma^2_{MLE} = \frac{1}{n}\sum_{i=1}^{n}(x_i - \bar x)^2$"),
        (NORMAL, r"mle mu: $\hat\mu_{ML} = \bar{x}$"),
    ],
)
def test_a_subscript_in_letters_on_the_estimators_name(header, line):
    assert verdicts(header, line) == ["correct"]


def test_a_wrong_estimator_under_such_a_name_is_judged_wrong():
    assert verdicts(EXPONENTIAL, r"mle lambda: $\hat\lambda_{ML} = \bar{x}$") == ["incorrect"]
    assert verdicts(NORMAL, r"mle mu: $\hat\mu_{MLE} = -\bar{x}$") == ["incorrect"]
    assert verdicts(EXPONENTIAL, r"mle lambda: \hat\lambda_{\rm MLE} = \bar x") == ["incorrect"]


def test_words_in_a_subscript_are_not_a_sentence_elsewhere_either():
    # `x_{max}`-like decorations are no words between two pieces of mathematics
    assert verdicts(EXPONENTIAL, r"mle lambda: $\hat\lambda_{MLE} = \frac{n}{\sum x_i}$ so it is 1/xbar") == ["correct"]


BERNOULLI_SCORE_ZERO = r"$\frac{n\bar x}{p} - \frac{n - n\bar x}{1-p} = 0 \Rightarrow "


@pytest.mark.parametrize(
    ("line", "verdict"),
    [
        (BERNOULLI_SCORE_ZERO + r"\hat p_{ML} = 1 - \bar x$", "incorrect"),
        (BERNOULLI_SCORE_ZERO + r"\hat p_{\text{MLE}} = 1 - \bar x$", "incorrect"),
        (BERNOULLI_SCORE_ZERO + r"p_{\mathrm{MLE}} = \bar x$", "correct"),
        ("dl/dp = sum(x_i)/p - (n - sum(x_i))/(1-p) = 0 => p_MLE = 1 - xbar", "incorrect"),
        ("∂ℓ/∂p = Σxᵢ/p − (n − Σxᵢ)/(1−p) = 0 ⇒ p̂_ML = 2x̄", "incorrect"),
        ("∂ℓ/∂p = Σxᵢ/p − (n − Σxᵢ)/(1−p) = 0 ⇒ p̂_ML = x̄", "correct"),
    ],
)
def test_a_subscripted_estimator_after_an_implication_is_a_claim_checked(line, verdict):
    # the estimate named with `_{ML}` is the estimate: a wrong value after it is never dropped unread
    assert verdicts("model: bernoulli", "score p: " + line) == [verdict]


# -- B: plain-text names of the second derivative


@pytest.mark.parametrize(
    "line",
    [
        "second-order: d2l/dlambda2 = -n/lambda^2",
        "second-order: d^2l/dlambda^2 = -n/lambda^2",
        "second-order: d2l/dλ2 = −n/λ²",
        "second-order: U'(lambda) = -n/lambda^2",
        "second-order: S'(λ) = −n/λ²",
        "second-order: ℓ''(λ) = −n/λ²",
        "second-order: l''(lambda) = -n/lambda^2",
        r"second-order: $U'(\lambda) = -\frac{n}{\lambda^2}$",
        r"second-order: $d^2\ell/d\lambda^2 = -\frac{n}{\lambda^2}$",
    ],
)
def test_a_second_derivative_named_in_plain_text(line):
    assert verdicts(EXPONENTIAL, line) == ["correct"]


def test_a_wrong_second_derivative_under_such_a_name_is_wrong():
    assert verdicts(EXPONENTIAL, "second-order: d2l/dlambda2 = -n/lambda") == ["incorrect"]
    assert verdicts(EXPONENTIAL, "second-order: S'(λ) = n/λ²") == ["incorrect"]


# -- C: capital Sigma and Pi with limits


@pytest.mark.parametrize(
    "line",
    [
        r"loglik: $\ell(\lambda) = n\log\lambda - \lambda\,\Sigma_{i=1}^{n} x_i$",
        r"loglik: $\ell(\lambda) = n\log\lambda - \lambda \Sigma _{i} x_i$",
        "loglik: ℓ(λ) = n log λ − λ Σ_{i=1}^n x_i",
        r"likelihood: $L(\lambda) = \Pi_{i=1}^{n} \lambda e^{-\lambda x_i}$",
        r"score lambda: $\frac{d\ell}{d\lambda} = \frac{n}{\lambda} - \Sigma_{i=1}^{n} x_i = 0$",
    ],
)
def test_a_capital_sigma_or_pi_with_limits_is_the_sum_or_product(line):
    assert verdicts(EXPONENTIAL, line) == ["correct"]


def test_a_capital_sigma_with_limits_in_a_wrong_step_is_wrong():
    assert verdicts(EXPONENTIAL, r"mle lambda: $\hat\lambda = \frac{1}{\Sigma_{i=1}^{n} x_i}$") == ["incorrect"]


def test_a_capital_sigma_without_limits_is_still_unknown():
    (step,) = steps(EXPONENTIAL, r"loglik: $\ell(\lambda) = n\log\lambda - \lambda\Sigma$")
    assert step.verdict == "unreadable" and "Sigma" in (step.note or "")


# -- D: a bias symle does not derive


def test_a_bias_not_derived_is_not_checked_rather_than_unread():
    (step,) = steps(NORMAL_MU_KNOWN, r"bias sigma2: $0$")
    assert step.verdict == "unreadable"  # the JSON's verdicts are unchanged
    assert step.note is not None and step.note.startswith("not checked: symle does not derive the exact bias")


def test_a_bias_that_cannot_be_read_still_says_so():
    (step,) = steps(NORMAL_MU_KNOWN, r"bias sigma2: $\Xi$")
    assert step.note is not None and step.note.startswith("could not read")
