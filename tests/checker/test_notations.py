"""What students write, read as the notation symle already knew: each row is (model, label kind, what
a student wrote, the same step in the checker's established LaTeX); both must read the same."""

from __future__ import annotations

import functools

import pytest
import sympy as sp

from symle.checker.homework import read_homework
from symle.checker.reading import read_step
from symle.checker.tokens import Unreadable
from symle.checker.vocabulary import vocabulary
from symle.pipeline import Options, derive


@functools.cache
def words(model: str):
    spec = read_homework(f"{model}\nmle p: 1\n").spec
    return vocabulary(derive(spec, Options(10.0)).model)


def read(model: str, kind: str, text: str):
    return read_step(text, kind, words(model))


EXP = "model: exponential"
NORMAL = "model: normal"
POISSON = "model: poisson"
ROWS = [
    # Unicode combining marks, Greek, superscripts and subscripts
    (EXP, "mle", "λ̂ = 1/x̄", r"\frac{1}{\bar x}"),
    (EXP, "mle", "λ = 1/xbar", r"\frac{1}{\bar x}"),
    (EXP, "loglik", "ℓ(λ) = n ln λ − λ Σᵢ xᵢ", r"n \log\lambda - \lambda\sum x_i"),
    (EXP, "loglik", "ℓ = n·log λ − λ∑ᵢ₌₁ⁿ xᵢ", r"n \log\lambda - \lambda\sum_{i=1}^n x_i"),
    (EXP, "likelihood", "L(λ) = ∏ λe^(−λxᵢ)", r"\prod \lambda e^{-\lambda x_i}"),
    (EXP, "likelihood", "λⁿ e^(−λΣxᵢ)", r"\lambda^n e^{-\lambda\sum x_i}"),
    (NORMAL, "mle", "σ̂² = (1/n) Σ(xᵢ − x̄)²", r"\frac{1}{n}\sum (x_i - \bar x)^2"),
    (NORMAL, "variance", "Var(μ̂) = σ/√n", r"\frac{\sigma}{\sqrt{n}}"),
    ("model: bernoulli", "likelihood", "∏ pˣⁱ(1−p)¹⁻ˣⁱ", r"\prod p^{x_i}(1-p)^{1-x_i}"),
    ("model: linear-regression\nresponse: y\ncovariates: x", "mle", "b̂₀ = ȳ − b̂₁x̄", r"\bar y - b_1 \bar x"),
    ("model: pareto", "mle", "x̂ₘ = x₍₁₎", r"x_{(1)}"),
    # derivative left-hand sides
    (EXP, "score", "∂ℓ/∂λ = n/λ − Σxᵢ", r"\frac{n}{\lambda} - \sum x_i"),
    (EXP, "score", r"\ell'(\lambda) = \frac{n}{\lambda} - \sum x_i", r"\frac{n}{\lambda} - \sum x_i"),
    (EXP, "second-order", r"\ell''(\lambda) = -\frac{n}{\lambda^2}", r"-\frac{n}{\lambda^2}"),
    (EXP, "score", r"\frac{d\ell}{d\lambda} = \frac{n}{\lambda} - \sum x_i", r"\frac{n}{\lambda} - \sum x_i"),
    (EXP, "score", r"\frac{\mathrm{d}}{\mathrm{d}\lambda}\ell(\lambda) = \frac{n}{\lambda}", r"\frac{n}{\lambda}"),
    (
        EXP,
        "score",
        r"\left.\frac{∂ℓ}{∂λ}\right|_{λ=\hat λ} = \frac{n}{\lambda} = \sum x_i",
        r"\frac{n}{\lambda} = \sum x_i",
    ),
    (EXP, "score", "d/dlambda logL = n/lambda - n*xbar", r"\frac{n}{\lambda} - n\bar x"),
    (
        EXP,
        "fisher",
        r"I(\lambda) = -\mathbb{E}\left[\ell''(\lambda)\right] = \frac{n}{\lambda^2}",
        r"\frac{n}{\lambda^2}",
    ),
    # Overleaf leftovers
    (EXP, "loglik", r"\ell(\lambda) &= n\ln\lambda - \lambda\sum x_i \\", r"n \log\lambda - \lambda\sum x_i"),
    (EXP, "mle", r"\displaystyle\hat{\lambda} &= \frac{1}{\bar{x}}. \\", r"\frac{1}{\bar x}"),
    (EXP, "loglik", r"n\log\lambda - \lambda\sum x_i \quad \text{(independence)}", r"n \log\lambda - \lambda\sum x_i"),
    # operators before big operators
    (EXP, "loglik", r"n\log\lambda - \lambda \cdot \sum_{i=1}^n x_i", r"n \log\lambda - \lambda\sum x_i"),
    (EXP, "loglik", "n·ln λ − λ·Σxᵢ", r"n \log\lambda - \lambda\sum x_i"),
    (EXP, "mle", r"\hat\lambda = n \Big/ \sum_{i=1}^n x_i", r"\frac{n}{\sum x_i}"),
    (EXP, "loglik", r"\ln\prod_{i=1}^n \lambda e^{-\lambda x_i}", r"\log\left(\prod \lambda e^{-\lambda x_i}\right)"),
    ("model: gamma\nknown: alpha=3", "loglik", "3n*log(beta) - beta*sum(x_i)", r"3n\log\beta - \beta\sum x_i"),
    # relations: the answering clause, \approx, \propto
    (EXP, "mle", r"\hat\lambda = 1/\bar x \approx 0.42", r"\frac{1}{\bar x}"),
    (EXP, "mle", r"\frac{n}{\lambda} = \sum x_i \implies \hat\lambda = \frac{n}{\sum x_i}", r"\frac{n}{\sum x_i}"),
    (
        EXP,
        "score",
        r"\frac{n}{\lambda} = \sum x_i \Rightarrow \hat\lambda = \frac{n}{\sum x_i}",
        r"\frac{n}{\lambda} = \sum x_i",
    ),
    (EXP, "score", r"\frac{n}{\lambda} - \sum x_i \overset{!}{=} 0", r"\frac{n}{\lambda} - \sum x_i = 0"),
    (NORMAL, "mle", r"\partial_\mu \ell = 0 \iff \hat\mu = \bar X", r"\bar x"),
    # the sample written out
    (
        POISSON,
        "loglik",
        "sum(x_i)*log(lambda) - n*lambda - sum(log(x_i!))",
        r"\sum x_i \log\lambda - n\lambda - \sum\log(x_i!)",
    ),
    (EXP, "mle", "lambda_hat = 1/mean(x)", r"\frac{1}{\bar x}"),
    (NORMAL, "mle", "sum(X_i^2)/n - Xbar^2", r"\frac{1}{n}\sum x_i^2 - \bar x^2"),
    (NORMAL, "mle", r"\bar X_n", r"\bar x"),
    (EXP, "mle", r"\frac{n}{x_1 + x_2 + \cdots + x_n}", r"\frac{n}{\sum x_i}"),
    (EXP, "mle", "n/(x_1 + ... + x_n)", r"\frac{n}{\sum x_i}"),
    (EXP, "mle", r"\max\{x_1,\dots,x_n\}", r"x_{(n)}"),
    (EXP, "mle", "max(x₁, …, xₙ)", r"x_{(n)}"),
    (EXP, "mle", r"\max_{1 \le i \le n} x_i", r"x_{(n)}"),
    ("model: laplace", "mle", r"\operatorname{med}(x_1,\dots,x_n)", r"\tilde x"),
    ("model: laplace", "mle", r"\frac1n \sum \lvert x_i - \mu \rvert", r"\frac{1}{n}\sum |x_i - \mu|"),
    ("model: binomial\nknown: m", "likelihood", r"\prod {m \choose x_i} p^{x_i}", r"\prod \binom{m}{x_i} p^{x_i}"),
    ("model: binomial\nknown: m", "likelihood", "prod(choose(m, x_i) * p^x_i)", r"\prod \binom{m}{x_i} p^{x_i}"),
    # constants in a log-likelihood
    (EXP, "loglik", r"n\log\lambda - \lambda\sum x_i + \text{const}", r"n \log\lambda - \lambda\sum x_i"),
    (EXP, "loglik", "n*log(lambda) - lambda*sum(x_i) + C", r"n \log\lambda - \lambda\sum x_i"),
]


@pytest.mark.parametrize(("model", "kind", "text", "reference"), ROWS, ids=[r[2] for r in ROWS])
def test_what_students_write(model, kind, text, reference):
    assert read(model, kind, text).parts == read(model, kind, reference).parts


UNIFORM = "density: 1/theta\nvar: x\nparams: theta\nsupport: 0 < x < theta"


def test_an_indicator_is_one_where_its_condition_holds():
    (value,) = read(UNIFORM, "likelihood", r"\frac{1}{\theta^n}\mathbf{1}\{x_{(n)} \le \theta\}").parts
    (piece,) = value.atoms(sp.Piecewise)
    assert piece.args[0][0] == 1 and isinstance(piece.args[0][1], (sp.Le, sp.Ge))
    assert piece.args[1] == (0, True)


@pytest.mark.parametrize(
    ("text", "kind", "claim"),
    [
        (r"\ell''(\lambda) = -\frac{n}{\lambda^2} < 0", "second-order", "<"),
        (r"-\frac{n}{\lambda^2} \le 0", "second-order", "<="),
        ("I(λ) = n/λ² > 0", "fisher", ">"),
        ("n/lambda^2 >= 0", "fisher", ">="),
    ],
)
def test_a_trailing_inequality_is_a_claim(text, kind, claim):
    reading = read(EXP, kind, text)
    assert reading.claim == (claim, 0)
    assert len(reading.parts) == 1


def test_a_likelihood_up_to_a_factor():
    reading = read(EXP, "likelihood", r"L(\lambda) \propto \lambda^n e^{-\lambda \sum x_i}")
    assert reading.proportional == (True,)


@pytest.mark.parametrize(
    ("text", "column", "message"),
    [
        ("x₁ + λ", 1, "x_1 and x_n are read only in an ellipsis"),
        (r"x_1^2 + \cdots + x_n", 7, "an ellipsis starts with the terms for x_1"),
        (r"\max(x_1, x_2)", 1, "max(...) is read as max(x_1, \\dots, x_n)"),
        ("λ̂ = 1/x̄ + #", 13, "unexpected character '#'"),  # the combining marks are characters too
    ],
)
def test_unreadable_names_the_column_typed(text, column, message):
    with pytest.raises(Unreadable) as error:
        read(EXP, "mle", text)
    assert message in str(error.value)
    assert error.value.offset == column - 1
