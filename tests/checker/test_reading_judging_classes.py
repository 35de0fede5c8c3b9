"""The reading and judging defects of issue 23's held-out round, each by class, in several notations:
an unreadable middle member of a chain, the textbook I_{θθ} entry (A); words about the mathematics never
graded as a formula, and a comparison that cannot decide never a verdict (B); a placeholder for an
additive constant, leading, trailing or in words (C); a label line alone is a heading, or takes the
display under it (E)."""

from __future__ import annotations

import pytest
from checked import steps, verdicts

from symle.checker import check_text
from symle.checker.context import UNDECIDED_NOTE

NORMAL = "model: normal"
POISSON = "model: poisson"
GAMMA = "model: gamma\nknown: alpha"
WEIBULL = "model: weibull\nknown: k"
LAPLACE = "model: laplace\nknown: b"


# -- A: the left side and the middle of a chain


@pytest.mark.parametrize(
    ("line", "label"),
    [
        (r"fisher mu: $I_{\mu\mu} = \frac{n}{\sigma^2}$", "fisher mu"),
        (r"fisher sigma2: I_{\sigma^2 \sigma^2} = \dfrac{n}{2\sigma^4}", "fisher sigma2"),
        ("fisher: I_{σ²σ²} = n/(2σ⁴)", "fisher sigma2"),  # the entry names the parameter
        ("fisher mu: I_mumu = n/sigma2", "fisher mu"),
    ],
)
def test_an_information_entry_named_on_the_left(line, label):
    (step,) = steps(NORMAL, line)
    assert (step.label, step.verdict) == (label, "correct")


def test_a_wrong_information_entry_is_still_judged():
    assert verdicts(NORMAL, r"fisher mu: $I_{\mu\mu} = \frac{1}{\sigma^2}$") == ["incorrect"]


@pytest.mark.parametrize(
    "line",
    [
        r"fisher: $I(\lambda) = \frac{\mathbb{E}\left[\sum_{i} X_i\right]}{\lambda^2} = \frac{n}{\lambda}$",
        "fisher: I(λ) = E[ΣXᵢ]/λ² = n/λ",
        "fisher: I(lambda) = E(sum(X_i))/lambda^2 = n/lambda",
    ],
)
def test_a_middle_member_not_read_is_named_and_the_rest_judged(line):
    (step,) = steps(POISSON, line)
    assert step.verdict == "correct"
    assert step.note is not None and step.note.startswith("not read:") and "E" in step.note


def test_a_wrong_last_member_after_an_unread_one_is_incorrect():
    assert verdicts(POISSON, "fisher: I(λ) = E[ΣXᵢ]/λ² = n/λ²") == ["incorrect"]


def test_an_unreadable_last_member_leaves_the_step_unread():
    assert verdicts(POISSON, r"fisher: I(\lambda) = \frac{n}{\lambda} = \frac{E[\sum X_i]}{\lambda^2}") == [
        "unreadable"
    ]


# -- B: words are not formulas; undecided is not a verdict


@pytest.mark.parametrize(
    ("header", "line"),
    [
        (LAPLACE, "second-order: the log-likelihood is strictly concave in mu, so the maximum is unique"),
        (LAPLACE, "second-order: the log-likelihood is concave in μ, so the median maximises it"),
        (WEIBULL, r"second-order: $\ell''$ is negative at $\hat\lambda$, so it is a maximum"),
        (
            WEIBULL,
            r"second-order: negative at $\hat\lambda$, because in $v = \lambda^{-k}$ the log-likelihood "
            r"is $n\log v - v\sum_i x_i^k$ plus a constant, which is concave.",
        ),
        (POISSON, "second-order: it is concave in lambda"),
    ],
)
def test_an_argument_in_words_is_never_graded_as_a_formula(header, line):
    (step,) = steps(header, line)
    assert step.verdict == "unreadable"


def test_a_formula_with_a_comment_in_words_is_still_judged():
    assert verdicts(POISSON, r"second-order: $-n\bar x/\lambda^2$, which is negative, so concave") == ["correct"]
    assert verdicts(POISSON, "second-order: −n x̄/λ, which is negative") == ["incorrect"]


def test_a_comparison_that_cannot_decide_is_not_judged():
    # the Laplace location's second derivative is a sum of Dirac deltas: no point decides it
    (step,) = steps(LAPLACE, r"second-order mu: -\frac{n}{b^2}")
    assert (step.verdict, step.note) == ("unreadable", UNDECIDED_NOTE)


# -- C: placeholders for an additive constant


@pytest.mark.parametrize(
    "line",
    [
        r"loglik: \ell(\beta) = \text{const} + n\alpha\log\beta - \beta\sum_{i=1}^n x_i",
        r"loglik: \begin{align*} \ell &= n\alpha\ln\beta - \beta\sum_i x_i + \text{terms without }\beta \end{align*}",
        "loglik: C + nα log β − β Σxᵢ",
        "loglik: ℓ(β) = nα log β − β Σxᵢ + terms not involving β",
        "loglik: const + n*alpha*log(beta) - beta*sum(x_i)",
        r"loglik: $n\alpha\log\beta - n\beta\bar x + (\text{terms free of } \beta)$",
        r"loglik: \ell(\beta) &= n\alpha\log\beta - \beta\sum x_i + K_1 \\",
    ],
)
def test_a_constant_placeholder_anywhere_is_up_to_a_constant(line):
    (step,) = steps(GAMMA, line)
    assert step.verdict == "correct" and "additive constant" in (step.note or "")


def test_a_placeholder_does_not_hide_a_mistake():
    assert verdicts(GAMMA, r"loglik: \text{const} + n\alpha\log\beta + \beta\sum x_i") == ["incorrect"]
    # a letter that is a name of the model is never a placeholder
    assert verdicts("model: normal\nknown: sigma2", r"loglik: \mu + n\mu\bar x") == ["incorrect"]


# -- E: a label line with nothing after its colon


def test_a_heading_is_not_a_step():
    text = "\n".join(
        (POISSON, "Log-likelihood (constants dropped):", "", r"loglik: $n\bar x\log\lambda - n\lambda$", "Score:", "")
    )
    report = check_text(text + "\nWe set it to zero.\n")
    assert [(s.line, s.label, s.verdict) for s in report.steps] == [(4, "loglik", "correct")]


@pytest.mark.parametrize("display", [r"$$\frac{n\bar x}{\lambda} - n$$", r"\[ \frac{n \bar{x}}{\lambda} - n \]"])
def test_a_label_line_takes_the_display_under_it(display):
    report = check_text("\n".join((POISSON, "**Score:**", "", display)) + "\n")
    assert [(s.line, s.label, s.verdict) for s in report.steps] == [(4, "score lambda", "correct")]
