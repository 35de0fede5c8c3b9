"""The homework reading layer: every notation of issue 6, as LaTeX and as plain text."""

from __future__ import annotations

import pytest
import sympy as sp

import symle
from symle.algebra.sample import SampleMax, SampleMin, i, n
from symle.checker.reading import read_step
from symle.checker.tokens import Unreadable
from symle.checker.vocabulary import vocabulary


@pytest.fixture(scope="module")
def exponential():
    return vocabulary(symle.derive("exponential").model)


@pytest.fixture(scope="module")
def normal():
    return vocabulary(symle.derive("normal").model)


def parts(text, words, kind="loglik"):
    return read_step(text, kind, words).parts


LAM = sp.Symbol("lambda", positive=True)
X = sp.IndexedBase("x", positive=True)
SUM_X = sp.Sum(X[i], (i, 1, n))

EXPONENTIAL = [
    (r"\prod_{i=1}^{n} \lambda e^{-\lambda x_i}", sp.Product(LAM * sp.exp(-LAM * X[i]), (i, 1, n))),
    (r"n \log \lambda - \lambda \sum_{i=1}^{n} x_i", n * sp.log(LAM) - LAM * SUM_X),
    (r"n \ln \lambda - \lambda \sum x_i", n * sp.log(LAM) - LAM * SUM_X),
    (r"$n \log(\lambda) - \lambda \sum_{i=1}^n x_{i}$", n * sp.log(LAM) - LAM * SUM_X),
    (r"\frac{n}{\lambda} - \sum_{i=1}^{n} x_i", n / LAM - SUM_X),
    (r"\lambda^{n} e^{-\lambda \sum x_i}", LAM**n * sp.exp(-LAM * SUM_X)),
    (r"\lambda^n \exp\left(-\lambda\sum_{j=1}^n x_j\right)", LAM**n * sp.exp(-LAM * SUM_X)),
    (r"\frac{1}{\bar{x}}", n / SUM_X),
    (r"\frac1{\overline{x}}", n / SUM_X),
    (r"\frac{1}{\bar x}", n / SUM_X),
    (r"\log\lambda + \log\lambda + \log\lambda + \log\lambda + \log\lambda + \log\lambda", 6 * sp.log(LAM)),
    ("n*log(lambda) - lambda*sum(x_i)", n * sp.log(LAM) - LAM * SUM_X),
    ("n log(lambda) - lambda sum(x_i)", n * sp.log(LAM) - LAM * SUM_X),
    ("1/xbar", n / SUM_X),
    ("x_(1)", SampleMin(X)),
    (r"x_{(n)}", SampleMax(X)),
    (r"\max_i x_i", SampleMax(X)),
    ("max(x_i)", SampleMax(X)),
    (r"e^{-\lambda}", sp.exp(-LAM)),
    ("exp(-lambda)", sp.exp(-LAM)),
    (r"\frac12 \lambda", LAM / 2),
    (r"\lambda^2 \cdot 3", 3 * LAM**2),
]


@pytest.mark.parametrize(("text", "value"), EXPONENTIAL)
def test_exponential_notations(exponential, text, value):
    assert parts(text, exponential) == (value,)


SIGMA2 = sp.Symbol("sigma2", positive=True)
MU = sp.Symbol("mu", real=True)
XN = sp.IndexedBase("x", real=True)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (r"\sigma^2", SIGMA2),
        (r"\sigma", sp.sqrt(SIGMA2)),
        (r"\sigma^4", SIGMA2**2),
        ("sigma2", SIGMA2),
        ("sigma^2", SIGMA2),
        (r"\frac{1}{2\sigma^2}\sum_{i=1}^n (x_i-\mu)^2", sp.Sum((XN[i] - MU) ** 2, (i, 1, n)) / (2 * SIGMA2)),
        (r"-\frac{n}{2}\log(2\pi\sigma^2)", -n * sp.log(2 * sp.pi * SIGMA2) / 2),
        (r"\bar{x}", sp.Sum(XN[i], (i, 1, n)) / n),
    ],
)
def test_normal_notations(normal, text, value):
    assert parts(text, normal) == (value,)


def test_implicit_products_after_powers():
    words = vocabulary(symle.derive("bernoulli").model)
    p = sp.Symbol("p", positive=True)
    x = sp.IndexedBase("x", integer=True, nonnegative=True)
    (value,) = parts(r"\prod_{i=1}^{n} p^{x_i}(1-p)^{1-x_i}", words)
    assert value == sp.Product(p ** x[i] * (1 - p) ** (1 - x[i]), (i, 1, n))


def test_factorials():
    words = vocabulary(symle.derive("poisson").model)
    (value,) = parts(r"\sum_{i=1}^n \log(x_i!)", words)
    assert value.has(sp.factorial)


@pytest.mark.parametrize(
    ("text", "kind", "head"),
    [
        (r"\hat\lambda = \frac{n}{\sum x_i}", "mle", r"\hat\lambda"),
        (r"\hat{\lambda} = 1/xbar", "mle", r"\hat{\lambda}"),
        ("lambdahat = 1/xbar", "mle", "lambdahat"),
        (r"\lambda = 1/\bar x", "mle", r"\lambda"),
        (r"L(\lambda) = \lambda^n", "likelihood", r"L(\lambda)"),
        (r"\ell(\lambda) = n\log\lambda", "loglik", r"\ell(\lambda)"),
        (
            r"\frac{\partial \ell}{\partial \lambda} = \frac{n}{\lambda}",
            "score",
            r"\frac{\partial \ell}{\partial \lambda}",
        ),
        (r"I(\lambda) = \frac{n}{\lambda^2}", "fisher", r"I(\lambda)"),
        (
            r"\operatorname{Var}(\hat\lambda) = \frac{\lambda^2}{n}",
            "variance",
            r"\operatorname{Var}(\hat\lambda)",
        ),
    ],
)
def test_left_hand_sides_are_dropped(exponential, text, kind, head):
    reading = read_step(text, kind, exponential)
    assert reading.head == head
    assert len(reading.parts) == 1


def test_a_score_equation_keeps_both_sides(exponential):
    assert parts(r"\frac{n}{\lambda} = \sum x_i", exponential, "score") == (n / LAM, SUM_X)


def test_hats_inside_an_estimator_are_estimators(normal):
    words = normal.with_hats({"mu": sp.Sum(XN[i], (i, 1, n)) / n})
    (value,) = read_step(r"\frac1n \sum (x_i-\hat\mu)^2", "mle", words).parts
    assert not value.has(MU)


@pytest.mark.parametrize(
    ("text", "offset", "message"),
    [
        (r"n \log \lambda - \foo", 17, r"unknown command \foo"),
        (r"\frac{n}{\lambda", 16, "the expression stops too early"),
        (r"n \log \theta", 7, "unknown name 'theta'"),
        (r"\lambda x", 8, "the observation x needs an index"),
        (r"\lambda + # 2", 10, "unexpected character '#'"),
        ("n/lamda", 2, "unknown name 'lamda'"),
        (r"\sum_{i=0}^{n} x_i", 5, "sums and products run over the sample"),
        (r"10^{10^{10}}", 2, "exponent"),
    ],
)
def test_unreadable_names_the_position(exponential, text, offset, message):
    with pytest.raises(Unreadable) as error:
        read_step(text, "loglik", exponential)
    assert message in str(error.value)
    assert error.value.offset == offset


def test_long_chains_of_logs_read_in_linear_time(exponential):
    text = " + ".join([r"\log\lambda"] * 80)
    (value,) = parts(text, exponential)
    assert value == 80 * sp.log(LAM)


def test_pareto_scale_names(exponential):
    words = vocabulary(symle.derive("pareto").model)
    xm = sp.Symbol("xm", positive=True)
    assert parts(r"x_m", words) == (xm,)
    assert parts(r"x_{(1)}", words)[0].func is SampleMin


@pytest.mark.parametrize(
    "text",
    [
        r"\(n \log \lambda - \lambda \sum x_i\)",
        r"\[n \log \lambda - \lambda \sum x_i\]",
        r"$$n \log \lambda - \lambda \sum\limits_{i=1}^{n} x_i$$",
        r"\ell(\lambda) = \log L(\lambda) = n \log \lambda - \lambda \sum x_i",
        r"n\,\log\lambda \;-\; \lambda \displaystyle\sum_{i=1}^{n} x_i",
    ],
)
def test_delimiters_spacing_and_chained_heads(exponential, text):
    assert parts(text, exponential) == (n * sp.log(LAM) - LAM * SUM_X,)


def test_mathrm_e_and_braced_exponentials(exponential):
    assert parts(r"\mathrm{e}^{-\lambda} \exp\{\lambda\}", exponential) == (sp.Integer(1),)
