"""Printed forms a careful author would choose: one fraction for a ratio of sums, x-bar log 2 (never
log 2 x-bar), the quadratic formula's order, no slash inside a displayed fraction, a power needing no
more parentheses after a slash, and one rule for e^{...} against exp{...} on a page's density lines."""

from __future__ import annotations

import sympy as sp

from symle.algebra import notation
from symle.algebra.printing import latex, latex_inline, text
from symle.algebra.sample import SampleMean, i, n
from symle.algebra.textbook import exponentials_written_out
from symle.model.display import textbook_density

x = sp.IndexedBase("x")
X = sp.Symbol("x", positive=True)
beta, theta, sigma, b = sp.symbols("beta theta sigma b", positive=True)
mu = sp.Symbol("mu", real=True)
b0, b1 = sp.symbols("b0 b1", real=True)
XBAR = SampleMean(x)


def test_a_ratio_of_sums_is_one_fraction():
    weighted = XBAR - sp.Sum(x[i] * sp.exp(-x[i] / beta), (i, 1, n)) / sp.Sum(sp.exp(-x[i] / beta), (i, 1, n))
    assert latex(weighted) == (
        r"\bar{x} - \frac{\sum_{i=1}^{n} x_{i} e^{- x_{i}/\beta}}{\sum_{i=1}^{n} e^{- x_{i}/\beta}}"
    )
    assert text(weighted) == "x̄ - (Σ x_i e^(-x_i/β))/(Σ e^(-x_i/β))"


def test_a_logarithm_of_a_number_comes_last():
    assert latex(sp.log(2) * XBAR) == r"\bar{x} \log 2"
    assert text(sp.log(2) * XBAR) == "x̄ log 2"
    assert latex(sp.log(2) / notation.Hat(theta)) == r"\frac{\log 2}{\hat{\theta}}"
    # a power of a logarithm in parentheses in text: (log 2)², never log 2², which reads log(2²)
    assert text(sp.log(2) ** 2 / (n * theta**2)) == "(log 2)²/(nθ²)"
    assert text(sp.Sum(x[i] ** theta * sp.log(x[i]) ** 2, (i, 1, n))) == "Σ x_i^θ (log x_i)²"


def test_the_quadratic_formula_has_its_root_last_and_a_profile_leads():
    root = (1 - XBAR + sp.sqrt(XBAR**2 + 6 * XBAR + 1)) / (2 * XBAR)
    assert latex(root) == r"\frac{1 - \bar{x} + \sqrt{\bar{x}^{2} + 6 \bar{x} + 1}}{2 \bar{x}}"
    assert text(root) == "(1 - x̄ + sqrt(x̄² + 6x̄ + 1))/(2x̄)"
    assert latex(sp.sqrt(theta) - 1) == r"\sqrt{\theta} - 1"  # no plus term to lead: the root stays first
    linear = sp.exp(b1 * x[i] + notation.Profile(b0, b1))
    assert latex(linear) == r"e^{\hat{b}_{0}(b_{1}) + b_{1} x_{i}}"


def test_no_slash_inside_a_displayed_fraction():
    squares = sp.Sum(x[i] ** 2, (i, 1, n))
    held = sp.Mul(sp.Rational(1, 2), sp.sqrt(n + 4 * squares) / sp.sqrt(n) - 1, evaluate=False)
    assert latex(held) == r"\frac{\sqrt{n + 4 \sum_{i=1}^{n} x_{i}^{2}}}{2 \sqrt{n}} - \frac{1}{2}"
    # an exponential that would need a slash in the numerator stands after the fraction
    kernel = sp.exp(-sp.Sum((sp.log(x[i]) - mu) ** 2, (i, 1, n)) / (2 * sigma**2))
    likelihood = kernel / (sp.Pow(2 * sp.pi * sigma**2, n / 2, evaluate=False) * sp.Product(x[i], (i, 1, n)))
    assert latex(likelihood) == (
        r"\frac{1}{(2 \pi \sigma^{2})^{n/2} \prod_{i=1}^{n} x_{i}} "
        r"\exp\left\{- \frac{\sum_{i=1}^{n} (\log x_{i} - \mu)^{2}}{2 \sigma^{2}}\right\}"
    )


def test_a_power_after_a_slash_needs_no_more_parentheses():
    assert latex_inline(theta * X ** (-theta - 1)) == r"\theta/x^{\theta + 1}"
    logistic = sp.exp(mu - X) / (1 + sp.exp(mu - X)) ** 2
    assert latex_inline(logistic) == r"e^{\mu - x}/(1 + e^{\mu - x})^{2}"
    root = sp.Pow(2 * sp.pi * theta, sp.S.Half, evaluate=False)  # held whole, as a display form holds it
    held = sp.Mul(sp.exp(-X), sp.Pow(root, -1, evaluate=False), evaluate=False)
    assert latex_inline(held) == r"e^{- x}/\sqrt{2 \pi \theta}"


def test_a_density_kernel_written_out_is_written_out_everywhere():
    kernel = sp.exp(-sp.Abs(X - mu) / b)
    laplace = kernel / (2 * b)
    assert r"e^{- \left|x - \mu\right|/b}" in latex(laplace)
    with exponentials_written_out([kernel]):
        assert latex(laplace) == r"\frac{1}{2 b} \exp\left\{- \frac{\left|x - \mu\right|}{b}\right\}"
        assert latex_inline(laplace) == r"\exp\{- \left|x - \mu\right|/b\}/(2 b)"
        assert text(laplace) == "exp(-|x - μ|/b)/(2b)"
        assert latex(sp.exp(-X)) == r"e^{- x}"  # another exponential keeps its own form
    assert r"e^{- \left|x - \mu\right|/b}" in latex(laplace)


def test_a_sum_among_the_factors_of_a_written_density_keeps_its_parentheses():
    # the skew normal, as typed: (1 + erf(α(x − μ)/√2)) times the normal kernel, never erf(...) + 1 e^{...}
    alpha = sp.Symbol("alpha", real=True)
    skew = textbook_density(
        "exp(-(x-mu)^2/2)/sqrt(2*pi)*(1+erf(alpha*(x-mu)/sqrt(2)))", {"x": X, "mu": mu, "alpha": alpha}
    )
    for printed in (latex(skew), latex_inline(skew)):
        assert r"\left(\operatorname{erf}{\left(" in printed and r"+ 1\right)" in printed, printed
