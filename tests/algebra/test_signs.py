"""Signs as a careful author sets them: (b - a)/(n + 1), never -(a - b)/(n + 1); both parts of a
quotient positive where both would print negative; a factor negative for every value written with
its sign outside; the observation first; and never a change of value."""

from __future__ import annotations

import pytest
import sympy as sp

from symle.algebra.printing import latex, text
from symle.algebra.sample import i, n
from symle.algebra.signs import sign_everywhere, sign_pulled, signs_within

x = sp.IndexedBase("x")
a, b, s, beta = sp.symbols("a b s beta", positive=True)
alpha = sp.Symbol("alpha", real=True)
mu = sp.Symbol("mu", real=True)
p = sp.Symbol("p", positive=True)
w = sp.Dummy("w", positive=True)
u = sp.Dummy("u", positive=True)
TOTAL = sp.Sum(x[i], (i, 1, n))
SQUARES = sp.Sum(x[i] ** 2, (i, 1, n))
trigamma = lambda z: sp.polygamma(1, z)  # noqa: E731


def test_signs_are_judged_at_points_inside_the_region():
    assert sign_everywhere(trigamma(a + b) - trigamma(b)) == -1  # psi' decreases
    assert sign_everywhere(TOTAL**2 - n * SQUARES) == -1  # Cauchy-Schwarz, x_i not all equal
    assert sign_everywhere(sp.EulerGamma - 1) == -1
    assert sign_everywhere(b - a) == 0  # nothing says b > a ...
    with signs_within({b: a + w}):
        assert sign_everywhere(b - a) == 1  # ... until the model's region does
    assert sign_everywhere(1 - p) == 0
    with signs_within({p: u / (1 + u)}):
        assert sign_everywhere(1 - p) == 1
    assert sign_everywhere(sp.exp(-(x[i] - mu) / s) - 1) == 0  # the data lie anywhere on the line
    assert sign_everywhere(sp.Function("g")(a) - 1) == 0  # what cannot be evaluated has no sign


@pytest.mark.parametrize(
    ("expr", "tex", "plain"),
    [
        # a minus sign left over goes into the factor it pairs with
        (-(a - b) / (n + 1), r"\frac{b - a}{n + 1}", "(b - a)/(n + 1)"),
        (
            -sp.Sum((x[i] - mu) * (sp.exp(-(x[i] - mu) / s) - 1), (i, 1, n)) / n,
            r"\frac{1}{n} \sum_{i=1}^{n} (x_{i} - \mu) (1 - e^{- (x_{i} - \mu)/s})",
            "Σ (x_i - μ)(1 - e^(-(x_i - μ)/s))/n",
        ),
        # ... but never makes an observation negative, nor a sum of plus terms
        (-(x[i] - mu) / beta, r"- \frac{x_{i} - \mu}{\beta}", "-(x_i - μ)/β"),
        (-(a + b) / n, r"- \frac{a + b}{n}", "-(a + b)/n"),
        # both parts negative for every value: both written positive
        (
            (trigamma(a + b) - trigamma(b)) / (n * (trigamma(a) * trigamma(a + b) - trigamma(a) * trigamma(b))),
            r"\frac{\psi'(b) - \psi'(a + b)}{n (\psi'(a) \psi'(b) - \psi'(a) \psi'(a + b))}",
            "(ψ'(b) - ψ'(a + b))/(n (ψ'(a) ψ'(b) - ψ'(a) ψ'(a + b)))",
        ),
        # one factor negative for every value: its sign outside, -n(n sum x_i^2 - (sum x_i)^2)
        (
            n * (TOTAL**2 - n * SQUARES) / (2 * beta**8),
            r"- \frac{n \left(n \sum_{i=1}^{n} x_{i}^{2} - \left(\sum_{i=1}^{n} x_{i}\right)^{2}\right)}{2 \beta^{8}}",
            "-n (n Σ x_i² - (Σ x_i)²)/(2β⁸)",
        ),
        # a sum of negative terms is minus a sum
        (sp.Sum(-(x[i] ** 2) / (alpha * x[i] + 1) ** 2, (i, 1, n)), None, "-Σ (x_i²/(α x_i + 1)²)"),
        # a squared constant difference that is negative is written positive
        (beta**2 * ((sp.EulerGamma - 1) ** 2 + sp.pi**2 / 6), None, "β² ((1 - γ)² + π²/6)"),
    ],
)
def test_signs_as_a_careful_author_sets_them(expr, tex, plain):
    if tex is not None:
        assert latex(expr) == tex
    assert text(expr) == plain


def test_a_term_of_a_sum_keeps_what_the_region_says_is_positive():
    bernoulli = TOTAL / p - (n - TOTAL) / (1 - p)
    with signs_within({p: u / (1 + u), sp.Symbol("x", real=True): u / (1 + u)}):
        assert latex(bernoulli) == r"\frac{\sum_{i=1}^{n} x_{i}}{p} - \frac{n - \sum_{i=1}^{n} x_{i}}{1 - p}"
    with signs_within({b: a + w}):
        assert latex(-n / (b - a)) == r"- \frac{n}{b - a}"


EXPRESSIONS = [
    -(a - b) / (n + 1),
    (a - b) / (n + 1),
    -(alpha - 1) * (alpha + 2) / (1 - alpha) ** 3,
    n * (TOTAL**2 - n * SQUARES) * (mu - x[i]) ** 2 / (2 * beta),
    -sp.Sum((x[i] - mu) * (sp.exp(-(x[i] - mu) / s) - 1), (i, 1, n)) / n,
    (trigamma(a + b) - trigamma(b)) / (trigamma(a) - trigamma(a + b)),
    -((sp.EulerGamma - 1) ** 3) * beta,
    -n * (2 * alpha + sp.log(1 - alpha) - sp.log(1 + alpha)) / (2 * alpha**3),
]


@pytest.mark.parametrize("expr", EXPRESSIONS)
def test_signs_never_change_the_value(expr):
    pulled = sign_pulled(expr)
    if pulled is not None:
        negative, product = pulled
        assert sp.simplify((-product if negative else product) - expr) == 0
