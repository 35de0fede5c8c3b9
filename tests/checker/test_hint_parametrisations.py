"""The hint classes of the fourth held-out round's misses, each in plain text, LaTeX and Unicode: the
estimator of another parametrisation (1/θ, σ for σ², trials for failures), a known constant left out,
a missing root, the direction of a factor n or of a symbol, and a wrong power named as a power. A right
step gets no hint; each wrong one gets its class, whichever way it is written."""

from __future__ import annotations

import pytest
from checked import steps

from symle.checker.hints import CONSTANT, EXTRA_N, MISSING_N, MISSING_ROOT, OTHER_PARAMETRISATION, RECIPROCAL, TRIALS
from symle.checker.slips import EXPONENT, FACTOR, KNOWN_LEFT_OUT

EXP = "model: exponential"
EXP_MEAN = "density: exp(-x/theta)/theta\nvar: x\nparams: theta\nsupport: x > 0"
GEOMETRIC0 = "density: p*(1-p)^x\nvar: x\nparams: p\nsupport: x in {0, 1, ...}"
NORMAL = "model: normal"
SIGMA2_KNOWN = "model: normal\nknown: sigma2"
MU_KNOWN = "model: normal\nknown: mu"
PARETO = "model: pareto\nknown: xm"
WEIBULL3 = "model: weibull\nknown: k=3"
RAYLEIGH = "model: rayleigh"
POISSON = "model: poisson"
BINOMIAL = "model: binomial\nknown: m"
NBINOM = "model: negative-binomial\nknown: r"


def hint(header: str, line: str) -> str:
    (step,) = steps(header, line)
    assert step.verdict == "incorrect"
    assert step.hint is not None, line
    return step.hint


WRONG = [
    # (a) the estimator of the other parametrisation: a rate for a scale, σ for σ², trials for failures
    (
        EXP,
        "mle lambda: lambda_hat = xbar",
        f"{RECIPROCAL}: your estimator is 1 over the right one, so it estimates 1/λ",
    ),
    (EXP_MEAN, r"mle theta: \hat\theta_{ML} = \frac{1}{\bar{x}}", f"{RECIPROCAL}: your estimator is 1 over"),
    (NORMAL, r"mle sigma2: \hat\sigma^2 = \sqrt{\frac{1}{n}\sum_{i=1}^{n}(x_i-\bar{x})^2}", OTHER_PARAMETRISATION),
    (NORMAL, "mle sigma2: σ̂² = √(Σ(xᵢ − x̄)²/n)", f"{OTHER_PARAMETRISATION}: yours estimates σ"),
    (GEOMETRIC0, r"mle p: \hat{p}_{\text{MLE}} = \frac{1}{\bar{x}}", TRIALS),
    (GEOMETRIC0, "mle p: p_hat = 1/xbar", TRIALS),
    # (b) a known constant left out: the scale as 1, the location as 0
    (SIGMA2_KNOWN, "score mu: sum(x_i - mu)", f"{FACTOR} σ²"),  # a factor, and why: below
    (SIGMA2_KNOWN, r"score mu: \sum_{i=1}^n (x_i - \mu)", f"{FACTOR} σ²"),
    (PARETO, "mle alpha: alpha_hat = n/sum(log(x_i))", f"{KNOWN_LEFT_OUT}: the known xₘ is left out"),
    (PARETO, r"mle alpha: \hat\alpha = \frac{n}{\sum_{i=1}^n \log x_i}", KNOWN_LEFT_OUT),
    (
        MU_KNOWN,
        "mle sigma2: σ̂² = Σxᵢ²/n",
        f"{KNOWN_LEFT_OUT}: the known μ is left out (yours is the right answer with μ = 0)",
    ),
    # (c) a missing root
    (
        WEIBULL3,
        r"mle lambda: $\hat\lambda = \frac{1}{n}\sum_{i=1}^{n}x_i^{3}$",
        f"{MISSING_ROOT}: yours is the right answer cubed",
    ),
    (WEIBULL3, "mle lambda: lambda_hat = sum(x_i^3)/n", MISSING_ROOT),
    (RAYLEIGH, "mle sigma: σ̂ = Σxᵢ²/(2n)", f"{MISSING_ROOT}: yours is the right answer squared, an estimator of σ²"),
    # (d) the direction of a factor
    (POISSON, "mle lambda: lambda_hat = n*xbar", f"{EXTRA_N}: your answer has an extra factor n"),
    (POISSON, r"mle lambda: \hat\lambda = \frac{\bar x}{n}", f"{MISSING_N}: your answer is missing a factor n"),
    (EXP, "variance lambda: n λ²", f"{FACTOR} n²: your answer has an extra factor n²"),
    (POISSON, "loglik: sum(x_i)*log(lambda) - lambda", f"{MISSING_N}: in the term -nλ, yours is missing a factor n"),
    (BINOMIAL, "variance p: p(1 − p)/n", f"{FACTOR} m: your answer has an extra factor m"),
    # a constant factor that is a square root is printed as one, not as 1.41421
    (RAYLEIGH, "mle sigma: sigma_hat = sqrt(sum(x_i^2)/n)", f"{CONSTANT}: your answer is sqrt(2) times the right one"),
    # (e) a wrong power, named as a power
    (POISSON, "mle lambda: lambda_hat = xbar^2", f"{EXPONENT}: where the right answer has x̄, yours has x̄²"),
    (POISSON, r"mle lambda: \hat\lambda = \bar{x}^2", EXPONENT),
    (EXP, r"fisher: I(\lambda) = \frac{n}{\lambda}", f"{EXPONENT}: where the right answer has 1/λ², yours has 1/λ"),
    (EXP, "variance lambda: λ/n", f"{EXPONENT}: where the right answer has λ², yours has λ"),
]


@pytest.mark.parametrize(("header", "line", "named"), WRONG, ids=[line for _, line, _ in WRONG])
def test_each_class_is_named(header, line, named):
    assert hint(header, line).startswith(named)


def test_a_known_scale_left_out_is_said_with_the_factor():
    assert "the known σ² is left out (yours is the right answer with σ² = 1)" in hint(SIGMA2_KNOWN, "fisher: n")


def test_the_reciprocal_estimator_names_the_other_parametrisation():
    assert OTHER_PARAMETRISATION in hint(EXP_MEAN, "mle theta: θ̂ = 1/x̄")


RIGHT = [
    (EXP, "mle lambda: lambda_hat = 1/xbar"),
    (EXP_MEAN, r"mle theta: \hat\theta = \bar{x}"),
    (NORMAL, r"mle sigma2: \hat\sigma^2 = \frac{1}{n}\sum_{i=1}^{n}(x_i-\bar{x})^2"),
    (GEOMETRIC0, r"mle p: \hat{p} = \frac{1}{\bar{x}+1}"),
    (SIGMA2_KNOWN, "score mu: sum(x_i - mu)/sigma2"),
    (PARETO, "mle alpha: alpha_hat = n/sum(log(x_i/xm))"),
    (MU_KNOWN, "mle sigma2: σ̂² = Σ(xᵢ − μ)²/n"),
    (WEIBULL3, r"mle lambda: \hat\lambda = \left(\frac{1}{n}\sum x_i^3\right)^{1/3}"),
    (RAYLEIGH, "mle sigma: sigma_hat = sqrt(sum(x_i^2)/(2*n))"),
    (POISSON, r"mle lambda: \hat\lambda = \bar x"),
    (EXP, r"fisher: I(\lambda) = \frac{n}{\lambda^2}"),
    (EXP, "variance lambda: λ²/n"),
]


@pytest.mark.parametrize(("header", "line"), RIGHT, ids=[line for _, line in RIGHT])
def test_a_right_step_gets_no_hint(header, line):
    (step,) = steps(header, line)
    assert (step.verdict, step.hint) == ("correct", None)


@pytest.mark.parametrize(
    ("header", "line"),
    [
        ("model: poisson", "mle lambda: xbar - 1"),  # a Poisson count from 0 is no count of failures
        (POISSON, "mle lambda: xbar^3 + 2"),  # a power and a term: no one change
        (NORMAL, "mle mu: mu_hat = xbar^2 + xbar"),
    ],
)
def test_no_class_is_guessed(header, line):
    (step,) = steps(header, line)
    assert step.verdict == "incorrect"
    named = (TRIALS, EXPONENT, KNOWN_LEFT_OUT, MISSING_ROOT, OTHER_PARAMETRISATION)
    assert step.hint is None or not step.hint.startswith(named), step.hint
