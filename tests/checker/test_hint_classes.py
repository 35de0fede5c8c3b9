"""Issue 23's hint classes, each named from the symbolic difference between the answer and the right
one, in plain text, LaTeX and Unicode: a factor that is a symbol, a dropped Σ, the wrong statistic,
and slips in the last step. And never where they do not apply: a right answer gets no hint, an
answer no single change explains gets none of these."""

from __future__ import annotations

import pytest

from symle.checker import check_text
from symle.checker.hints import EXTRA_N
from symle.checker.mistakes import DROPPED_SUM
from symle.checker.slips import EXPONENT, FACTOR, INNER_SIGN, KNOWN_LEFT_OUT, POWER, RECIPROCAL, STATISTIC

BINOMIAL = "model: binomial\nknown: m"
WEIBULL = "model: weibull\nknown: k"
POISSON = "model: poisson"
LAPLACE = "model: laplace\nknown: b"
NBINOM = "model: negative-binomial\nknown: r"
GAMMA = "model: gamma\nknown: alpha"
BOUNDARY = (
    "the support depends on b, so the likelihood is largest at the boundary the data allow (x₍ₙ₎), "
    "not where a derivative is zero"
)


def judged(header: str, line: str):
    (only,) = check_text(f"{header}\n{line}\n").steps
    return only


CASES = [
    # a factor that is a symbol: x̄ for x̄/m, p(1 − p)/n for p(1 − p)/(nm), nk/λ² for nk²/λ²
    (BINOMIAL, "mle p: p_hat = xbar", f"{FACTOR} m: your answer has an extra factor m"),
    (BINOMIAL, r"mle p: \hat p = \bar{x}", f"{FACTOR} m: your answer has an extra factor m"),
    (BINOMIAL, "mle p: p̂ = x̄", f"{FACTOR} m: your answer has an extra factor m"),
    (BINOMIAL, "variance p: p*(1-p)/n", f"{FACTOR} m: your answer has an extra factor m"),
    (BINOMIAL, r"variance p: \frac{p(1-p)}{n}", f"{FACTOR} m: your answer has an extra factor m"),
    (BINOMIAL, "variance p: p(1 − p)/n", f"{FACTOR} m: your answer has an extra factor m"),
    (WEIBULL, "fisher: n*k/lambda^2", f"{FACTOR} k: your answer is missing a factor k"),
    (WEIBULL, r"fisher: I(\lambda) = \frac{nk}{\lambda^2}", f"{FACTOR} k: your answer is missing a factor k"),
    (WEIBULL, "fisher: I(λ) = nk/λ²", f"{FACTOR} k: your answer is missing a factor k"),
    (GAMMA, "mle beta: β̂ = 1/x̄", f"{FACTOR} α: your answer is missing a factor α"),
    # a dropped Σ: x_i, or n·x_i, where Σ x_i belongs
    (POISSON, "score lambda: x_i/lambda - n", f"{DROPPED_SUM}: x_i is one observation's term"),
    (POISSON, r"score lambda: \frac{x_i}{\lambda} - n = 0", f"{DROPPED_SUM}: x_i is one observation's term"),
    (POISSON, "score lambda: xᵢ/λ − n", f"{DROPPED_SUM}: x_i is one observation's term"),
    (POISSON, "loglik: n*x_i*log(lambda) - n*lambda", f"{DROPPED_SUM}: n·x_i where Σ x_i belongs"),
    (POISSON, r"loglik: \ell(\lambda) = n x_i \log\lambda - n\lambda", f"{DROPPED_SUM}: n·x_i where Σ x_i belongs"),
    (POISSON, "loglik: ℓ(λ) = n xᵢ log λ − nλ", f"{DROPPED_SUM}: n·x_i where Σ x_i belongs"),
    (POISSON, r"mle lambda: \hat\lambda = \frac{1}{n} x_i", f"{DROPPED_SUM}: x_i is one observation's term"),
    (
        "model: normal",
        "loglik: -n/2*log(2*pi*sigma2) - (x_i - mu)^2/(2*sigma2)",
        f"{DROPPED_SUM}: (x_i - μ)² is one observation's term",
    ),
    (
        "model: normal",
        r"score mu: \frac{n(x_i-\mu)}{\sigma^2}",
        f"{DROPPED_SUM}: n·(x_i - μ) where Σ (x_i - μ) belongs",
    ),
    # the wrong statistic: the mean for the median (and the other way round), x̄ for x₍ₙ₎
    (LAPLACE, "mle mu: mu_hat = xbar", f"{STATISTIC}: yours is built on the sample mean"),
    (LAPLACE, r"mle mu: \hat\mu = \bar{x}", f"{STATISTIC}: yours is built on the sample mean"),
    (LAPLACE, "mle mu: μ̂ = x̄", f"{STATISTIC}: yours is built on the sample mean"),
    ("model: normal", r"mle mu: \hat\mu = \operatorname{med}(x)", f"{STATISTIC}: yours is built on the sample median"),
    ("model: uniform\nknown: a=0", "mle b: b_hat = 2*xbar", "the support depends on b"),
    ("model: uniform\nknown: a=0", r"mle b: \hat b = \bar x", f"{BOUNDARY}; yours is built on the sample mean, x̄"),
    # slips in the last step: n·x̄ for x̄, the sign of a term, the power k for 1/k, 1/x̄ for x̄
    (POISSON, "mle lambda: λ̂ = n·x̄", EXTRA_N),
    (NBINOM, "mle p: p_hat = r/(r - xbar)", f"{INNER_SIGN}: in r + x̄, the term x̄ has the wrong sign"),
    (NBINOM, r"mle p: \hat p = \frac{r}{\bar x - r}", f"{INNER_SIGN}: in r + x̄, the term r has the wrong sign"),
    (NBINOM, "mle p: p̂ = r/(r − x̄)", f"{INNER_SIGN}: in r + x̄, the term x̄ has the wrong sign"),
    (WEIBULL, "mle lambda: lambda_hat = (sum(x_i^k)/n)^k", f"{POWER}: the right answer raises"),
    (WEIBULL, r"mle lambda: \hat\lambda = \left(\frac{1}{n}\sum x_i^k\right)^{k}", f"{POWER}: the right answer raises"),
    (GAMMA, "mle beta: beta_hat = alpha*xbar", f"{RECIPROCAL}: where the right answer has 1/x̄, yours has x̄"),
    (GAMMA, r"mle beta: \hat\beta = \alpha\bar{x}", f"{RECIPROCAL}: where the right answer has 1/x̄, yours has x̄"),
]


@pytest.mark.parametrize(("header", "line", "hint"), CASES, ids=[f"{h.split()[1]}: {line}" for h, line, _ in CASES])
def test_each_hint_class_fires(header, line, hint):
    result = judged(header, line)
    assert result.verdict == "incorrect"
    assert result.hint is not None and result.hint.startswith(hint), result.hint


@pytest.mark.parametrize(
    ("header", "line"),
    [
        (BINOMIAL, r"mle p: \hat p = \frac{\bar x}{m}"),
        (BINOMIAL, "variance p: p*(1-p)/(n*m)"),
        (WEIBULL, "fisher: n*k^2/lambda^2"),
        (WEIBULL, "mle lambda: (sum(x_i^k)/n)^(1/k)"),
        (LAPLACE, r"mle mu: \hat\mu = \operatorname{med}(x)"),
        (NBINOM, "mle p: p̂ = r/(r + x̄)"),
        (GAMMA, r"mle beta: \hat\beta = \frac{\alpha}{\bar x}"),
        (POISSON, r"score lambda: \frac{\sum x_i}{\lambda} - n = 0"),
    ],
)
def test_right_answers_get_no_hint(header, line):
    result = judged(header, line)
    assert (result.verdict, result.hint) == ("correct", None)


@pytest.mark.parametrize(
    ("header", "line"),
    [
        (BINOMIAL, "mle p: (xbar + 1)/m"),  # no one change of the right answer x̄/m gives it
        (WEIBULL, "fisher: n/lambda"),
        (POISSON, "mle lambda: x_i"),  # one observation, not the sum's nor n times it
        (NBINOM, "mle p: p̂ = 2/(1 + x̄)"),
        (LAPLACE, "mle mu: mu_hat = xbar + 1"),
    ],
)
def test_no_class_is_guessed(header, line):
    result = judged(header, line)
    assert result.verdict == "incorrect"
    named = (FACTOR, DROPPED_SUM, STATISTIC, INNER_SIGN, POWER, RECIPROCAL, EXPONENT, KNOWN_LEFT_OUT)
    assert result.hint is None or not result.hint.startswith(named), result.hint
