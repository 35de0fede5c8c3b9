"""Steps written as sentences (issue 23): the words around the mathematics are read for their role, and
every clause of an implication is a claim that is checked."""

from __future__ import annotations

import pytest
from checked import verdicts
from test_notations import EXP, NORMAL, UNIFORM, read

REGRESSION = "model: linear-regression\nresponse: y\ncovariates: x"


@pytest.mark.parametrize(
    ("model", "kind", "text", "reference"),
    [
        # words before the mathematics, and a comment after it
        (
            EXP,
            "loglik",
            r"Taking logs, $\ell(\lambda) = n\log\lambda - \lambda\sum x_i$.",
            r"n\log\lambda - \lambda\sum x_i",
        ),
        (EXP, "mle", r"Hence $\hat\lambda = 1/\bar x$.", r"\frac{1}{\bar x}"),
        (
            EXP,
            "likelihood",
            r"The likelihood is $L = \lambda^n e^{-\lambda\sum x_i}$, a product of $n$ terms",
            r"\lambda^n e^{-\lambda\sum x_i}",
        ),
        (
            EXP,
            "loglik",
            "The log-likelihood is ℓ(λ) = n log λ − λ Σxᵢ, as required.",
            r"n\log\lambda - \lambda\sum x_i",
        ),
        (EXP, "mle", "so lambda_hat = 1/xbar, the reciprocal of the mean", r"\frac{1}{\bar x}"),
        (EXP, "fisher", r"\mathrm{Var} = \frac{1}{I(\lambda)} = \frac{n}{\lambda^2}", r"\frac{n}{\lambda^2}"),
        # conditions after the mathematics
        (UNIFORM, "likelihood", "L(θ) = θ⁻ⁿ for θ ≥ max xᵢ", r"\theta^{-n}"),
        (UNIFORM, "likelihood", "L(θ) = θ⁻ⁿ (θ ≥ x₍ₙ₎)", r"\theta^{-n}"),
        (UNIFORM, "loglik", r"\ell(\theta) = -n\log\theta, \quad \theta \ge x_{(n)}", r"-n\log\theta"),
        (UNIFORM, "loglik", r"-n\log\theta \quad \text{for } \theta \ge x_{(n)}", r"-n\log\theta"),
        # aligned environments, Greek names for Latin parameters
        (
            EXP,
            "likelihood",
            r"\begin{aligned} L &= \prod \lambda e^{-\lambda x_i} \\ &= \lambda^n e^{-\lambda\sum x_i} \end{aligned}",
            r"\prod \lambda e^{-\lambda x_i} = \lambda^n e^{-\lambda\sum x_i}",
        ),
        (REGRESSION, "mle", r"\hat\beta_0 = \bar y - \hat\beta_1 \bar x", r"\bar y - \hat b_1 \bar x"),
        (REGRESSION, "mle", "β̂₀ = ȳ − β̂₁x̄", r"\bar y - \hat b_1 \bar x"),
    ],
)
def test_the_mathematics_of_a_sentence(model, kind, text, reference):
    assert read(model, kind, text).parts == read(model, kind, reference).parts


def test_a_product_of_one_letter_names_and_a_misspelt_name_are_mathematics():
    binomial = "model: binomial\nknown: m"
    assert (
        read(binomial, "variance", r"\frac{p(1-p)}{nm}").parts
        == read(binomial, "variance", r"\frac{p(1-p)}{n m}").parts
    )
    with pytest.raises(Exception, match="unknown name 'lamda'"):
        read(EXP, "mle", "n/lamda")


@pytest.mark.parametrize(
    ("header", "line", "verdict"),
    [
        # what follows an implication is a claim: checked where the score is zero
        (
            NORMAL,
            r"score mu: \frac{1}{\sigma^2}\sum (x_i - \mu) = 0 \\ &\Rightarrow \sum x_i - n\mu = 0"
            r" \\ &\Rightarrow \sum x_i = \mu",
            "incorrect",
        ),
        (
            NORMAL,
            r"score mu: \frac{1}{\sigma^2}\sum (x_i - \mu) = 0 \Rightarrow \sum x_i - n\mu = 0"
            r" \Rightarrow \hat\mu = \bar x",
            "correct",
        ),
        (EXP, r"score lambda: \ell'(\lambda) = \frac{n}{\lambda} - \sum x_i = 0 \Rightarrow \lambda = 5", "incorrect"),
        (EXP, "score lambda: ℓ′(λ) = n/λ − Σxᵢ = 0 gives λ̂ = n/Σxᵢ", "correct"),
        (EXP, "score lambda: ℓ′(λ) = n/λ − Σxᵢ = 0 gives λ̂ = Σxᵢ/n", "incorrect"),
        (EXP, "score lambda: dl/dlambda = n/lambda - sum(x_i) = 0 => lambda_hat = xbar", "incorrect"),
        (EXP, r"mle lambda: \frac{n}{\lambda} + \sum x_i = 0 \implies \hat\lambda = \frac{n}{\sum x_i}", "incorrect"),
        (EXP, r"mle lambda: Setting \(\ell'(\lambda) = 0\) we find \(\hat\lambda = 1/\bar x\).", "correct"),
        # every clause about the step's quantity is a claim; a definition is not
        (EXP, "likelihood: L(λ) = λⁿ e^(−λΣxᵢ), which equals λ e^(−λΣxᵢ)", "incorrect"),
        (EXP, "likelihood: L(λ) = λ e^(−λΣxᵢ) ⇒ L(λ) = λⁿ e^(−λΣxᵢ)", "incorrect"),
        (EXP, r"loglik: Write $s = \sum x_i$; then $\ell(\lambda) = n\log\lambda - \lambda \sum x_i$", "correct"),
        (EXP, "mle lambda: λ̂ = 1/x̄ for x̄ > 0", "correct"),
        (EXP, "mle lambda: λ̂ = x̄, for x̄ > 0", "incorrect"),
        # in a score or estimator step an equation after words is a claim; an aside in brackets is not
        ("model: poisson", "score lambda: The derivative is Σxᵢ/λ − n, which vanishes when λ = x̄.", "correct"),
        ("model: poisson", "score lambda: The derivative is Σxᵢ/λ − n, which vanishes when λ = 1/x̄.", "incorrect"),
        ("model: poisson", "mle lambda: λ̂ = x̄ (note: unbiased since E[x̄] = λ)", "correct"),
        # a condition after the mathematics is not a claim about it
        (UNIFORM, r"loglik: \ell(\theta) = -n\log\theta \quad \text{for } \theta \ge x_{(n)}", "correct"),
        (UNIFORM, r"loglik: \ell(\theta) = n\log\theta \quad \text{for } \theta \ge x_{(n)}", "incorrect"),
        # "so λ̂ is a maximum" is a comment on the claim, which is still checked
        (EXP, "second-order: ℓ″(λ) = −n/λ² < 0, so λ̂ is a maximum", "correct"),
        (EXP, "second-order: ℓ″(λ) = −n/λ² > 0, so λ̂ is a maximum", "incorrect"),
        # a noun of mathematics inside the words ("the sample mean"), a remark after "so" that claims nothing
        (EXP, r"mle lambda: \hat\lambda = 1/\bar x, so the estimate is the reciprocal of the sample mean", "correct"),
        (EXP, "mle lambda: λ̂ = x̄, so the estimate is the sample mean", "incorrect"),
        (EXP, r"mle lambda: \hat\lambda = 1/\bar x, so the estimate is \bar x", "incorrect"),
        (
            REGRESSION,
            r"mle b0: \hat{b}_0 = \bar{y} - \hat{b}_1\bar{x}, so the line passes through (\bar x, \bar y)",
            "correct",
        ),
        (REGRESSION, "mle b0: b0_hat = ybar + b1_hat*xbar, so the fitted line goes through (xbar, ybar)", "incorrect"),
        # the regression's coefficients written plain, with the index apart or in Greek
        (REGRESSION, "mle b0: b_0_hat = ybar - b_1_hat*xbar", "correct"),
        (REGRESSION, "mle b0: beta0_hat = ybar - beta1_hat*xbar", "correct"),
        (REGRESSION, "mle b0: bhat0 = ybar - bhat1*xbar, as required", "correct"),
        (REGRESSION, "mle b0: beta_0_hat = ybar + beta_1_hat*xbar", "incorrect"),
        (REGRESSION, "score b0: sum(y_i - beta_0 - beta_1*x_i)/sigma2", "correct"),
        # the parameter of an unlabelled information or variance step, from its own name
        (NORMAL, r"fisher: I(\mu) = \frac{n}{\sigma^2}", "correct"),
        (NORMAL, "variance: Var(μ̂) = σ²/n", "correct"),
        (NORMAL, "variance: Var(μ̂) = σ²", "incorrect"),
        # what was done to get the value ("Writing ℓ as …, differentiating …,") is not the value; after an
        # aside ("and since ℓ'' < 0 this is the maximum") the claim resumes with "so the MLE is …"
        (
            EXP,
            "mle lambda: Writing the log-likelihood as n log(lambda) - lambda*sum(x_i) and differentiating with "
            "respect to lambda, the MLE is lambdahat = 1/xbar.",
            "correct",
        ),
        (
            EXP,
            "score lambda: Differentiating n log(lambda) - lambda*sum(x_i), the score is n/lambda + sum(x_i).",
            "incorrect",
        ),
        (
            EXP,
            "mle lambda: the score vanishes at lambda = n/sum(x_i), and since -n/lambda^2 < 0 this is the maximum, "
            "so the MLE is lambdahat = 1/xbar.",
            "correct",
        ),
        (
            EXP,
            "mle lambda: the score vanishes at lambda = n/sum(x_i), and since -n/lambda^2 < 0 this is the maximum, "
            "so the MLE is lambdahat = 2/xbar.",
            "incorrect",
        ),
    ],
)
def test_every_clause_is_judged(header, line, verdict):
    assert verdicts(header, line) == [verdict]


def test_an_aligned_environment_over_several_lines_is_one_step():
    lines = (
        r"loglik: \begin{aligned}",
        r"\ell(\lambda) &= n\log\lambda",
        r"&\quad - \lambda\sum x_i",
        r"\end{aligned}",
    )
    assert verdicts(EXP, *lines) == ["correct"]
    # an environment never closed ends at a blank line: what follows is not swallowed
    assert verdicts(EXP, r"loglik: \begin{aligned} n\log\lambda - \lambda\sum x_i", "", "mle lambda: 1/xbar") == [
        "correct",
        "correct",
    ]
