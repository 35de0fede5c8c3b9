"""The printers write what a careful author writes, and nothing a reader could misparse: -(α + 1) Σ log x_i,
(1 - p)^(x_i), (Π x_i) e^(...), Σ ((x_i - θ)²/x_i) in plain text; ∞, never Infinity; one rule for e^{...}
against exp{...}, the same in both printers; no fraction inside a fraction in LaTeX."""

from __future__ import annotations

import pytest
import sympy as sp

from symle.algebra import notation
from symle.algebra.printing import latex, latex_inline, text
from symle.algebra.sample import SampleMax, i, n
from symle.model.display import textbook_density

x = sp.IndexedBase("x")
X = sp.Symbol("x", real=True)
j = sp.Symbol("j", integer=True, nonnegative=True)
alpha, beta, theta, lam, sigma = sp.symbols("alpha beta theta lambda sigma", positive=True)
mu = sp.Symbol("mu", real=True)
p = sp.Symbol("p", positive=True)
a, b = sp.symbols("a b", positive=True)
LOGS = sp.Sum(sp.log(x[i]), (i, 1, n))
TOTAL = sp.Sum(x[i], (i, 1, n))

# (expression, plain text, LaTeX)
TABLE = [
    # a sum whose terms all carry a minus sign is written with its sign outside
    ((-alpha - 1) * LOGS, "-(α + 1) Σ log x_i", r"- (\alpha + 1) \sum_{i=1}^{n} \log x_{i}"),
    (
        n * sp.log(alpha) + (-alpha - 1) * LOGS,
        "n log α - (α + 1) Σ log x_i",
        r"n \log \alpha - (\alpha + 1) \sum_{i=1}^{n} \log x_{i}",
    ),
    (x[i] ** (-theta - 1), "x_i^(-(θ + 1))", r"x_{i}^{- (\theta + 1)}"),
    # an exponent that is not one name or number is parenthesised in text
    ((1 - p) ** x[i], "(1 - p)^(x_i)", r"(1 - p)^{x_{i}}"),
    (theta ** (n / 2), "θ^(n/2)", r"\theta^{n/2}"),
    # one order of terms: θ + 1 in text as in LaTeX, inside a product too
    ((1 + theta) ** n, "(θ + 1)^n", r"(\theta + 1)^{n}"),
    (n * sp.log(1 + theta), "n log(θ + 1)", r"n \log(\theta + 1)"),
    # a product followed by another factor is bracketed: its value would change if read as one product
    (
        sp.Product(x[i], (i, 1, n)) * sp.exp(-theta * TOTAL),
        "(Π x_i) e^(-θ Σ x_i)",
        r"\left(\prod_{i=1}^{n} x_{i}\right) e^{- \theta \sum_{i=1}^{n} x_{i}}",
    ),
    # a quotient inside a sum is bracketed in text; in LaTeX it is inline inside a fraction
    (
        n * theta**2 / sp.Sum((x[i] - theta) ** 2 / x[i], (i, 1, n)),
        "nθ²/Σ ((x_i - θ)²/x_i)",
        r"\frac{n \theta^{2}}{\sum_{i=1}^{n} (x_{i} - \theta)^{2}/x_{i}}",
    ),
    (
        lam * sp.Sum((x[i] - mu) ** 2 / x[i], (i, 1, n)) / (2 * mu**2),
        "λ Σ ((x_i - μ)²/x_i)/(2μ²)",
        r"\frac{\lambda}{2 \mu^{2}} \sum_{i=1}^{n} \frac{(x_{i} - \mu)^{2}}{x_{i}}",
    ),
    # a logarithm ending a sum before a division keeps its parentheses: never 3Σ log x_i/2
    (sp.Rational(3, 2) * LOGS, "3Σ log(x_i)/2", r"\frac{3}{2} \sum_{i=1}^{n} \log x_{i}"),
    (sp.log(sp.gamma(alpha)), "log Γ(α)", r"\log \Gamma(\alpha)"),
    # a logarithm of the parameters after what holds a sum over the data
    (
        (n - TOTAL) * sp.log(1 - p),
        "(n - Σ x_i) log(1 - p)",
        r"\left(n - \sum_{i=1}^{n} x_{i}\right) \log(1 - p)",
    ),
    # infinity and the limits of a sum that is not over the sample
    (sp.Sum(p**j, (j, 0, sp.oo)), "Σ_(j=0)^∞ p^j", r"\sum_{j=0}^{\infty} p^{j}"),
    (sp.oo, "∞", r"\infty"),
    (-sp.oo, "-∞", r"-\infty"),
    (sp.zoo, "∞̃", r"\tilde{\infty}"),
    (sp.nan, "NaN", r"\mathrm{NaN}"),
    (sp.Catalan, "Catalan", "G"),
    (sp.beta(a, b), "B(a, b)", r"\mathrm{B}(a, b)"),
    (
        sp.Integral(theta ** (alpha - 1) * sp.exp(-theta), (theta, 0, sp.oo)),
        "∫_0^∞ θ^(α - 1) e^(-θ) dθ",
        r"\int_{0}^{\infty} \theta^{\alpha - 1} e^{- \theta} \, d\theta",
    ),
    # the observation first in a term of a sum: -(x - μ)/β, never (μ - x)/β
    (
        (mu - X) / beta - sp.exp((mu - X) / beta),
        "-(x - μ)/β - e^(-(x - μ)/β)",
        r"- \frac{x - \mu}{\beta} - e^{- (x - \mu)/\beta}",
    ),
    # the indicator closes the product, outside the fraction and a thin space from it
    (
        2**n * theta ** (-2 * n) * notation.Indicator(sp.Lt(SampleMax(x), theta)) / sp.pi,
        "2^n 1{x₍ₙ₎ < θ}/(πθ^(2n))",
        r"\frac{2^{n}}{\pi \theta^{2 n}} \, \mathbf{1}\left\{x_{(n)} < \theta\right\}",
    ),
    # a power with a negative exponent joins a denominator that is there anyway
    (
        sp.gamma(alpha) ** (-n) * sp.Product(sp.gamma(x[i] + alpha), (i, 1, n)) / sp.Product(x[i], (i, 1, n)),
        "Π Γ(α + x_i)/(Γ(α)^n Π x_i)",
        r"\frac{\prod_{i=1}^{n} \Gamma(\alpha + x_{i})}{\Gamma(\alpha)^{n} \prod_{i=1}^{n} x_{i}}",
    ),
]


# parentheses of a line's height unless they hold something taller (a fraction, a sum, a root); a
# function's own parentheses close to its name, grown ones too; a hat on the letter, not its index
PARENTHESES = [
    ((notation.Hat(theta) + 1) ** 2, r"(\hat{\theta} + 1)^{2}"),
    (sp.gamma(a + b) * sp.polygamma(1, a + b), r"\Gamma(a + b) \psi'(a + b)"),
    (n * sp.log(notation.Profile(beta, alpha)), r"n \log \hat{\beta}(\alpha)"),
    (sp.log(theta / (theta + n)), r"\log\mathopen{}\left(\frac{\theta}{n + \theta}\right)"),
    ((1 + TOTAL) ** 2, r"\left(\sum_{i=1}^{n} x_{i} + 1\right)^{2}"),
    (notation.Hat(sp.IndexedBase("p")[i]), r"\hat{p}_{i}"),
]


@pytest.mark.parametrize(("expr", "tex"), PARENTHESES)
def test_parentheses_grow_only_around_what_is_taller_than_a_line(expr, tex):
    assert latex(expr) == tex


@pytest.mark.parametrize(("expr", "plain", "tex"), TABLE)
def test_printed_as_a_textbook_prints_it(expr, plain, tex):
    assert text(expr) == plain
    assert latex(expr) == tex


# e^{...} against exp{...}: one rule, the exponent's shape, in both printers
EXPONENTS = [
    (-lam * X, False),
    (-(X - mu) / beta, False),
    (-sp.Abs(X - mu) / b, False),
    (-lam * TOTAL, False),
    (theta - X, False),
    (-(X**2) / (2 * sigma**2), True),  # a compound denominator
    (n * theta - TOTAL, True),  # a sum over the data among other terms
    (-sp.Sum(sp.Abs(x[i] - mu), (i, 1, n)) / b, True),  # a sum over the data under a fraction
    (-sp.Sum(x[i] - theta, (i, 1, n)), True),  # a sum of compound terms
    ((mu - X) / beta - sp.exp((mu - X) / beta), True),  # an exponential inside
]


@pytest.mark.parametrize(("exponent", "written_out"), EXPONENTS)
def test_one_rule_for_e_against_exp(exponent, written_out):
    tex, plain = latex(sp.exp(exponent)), text(sp.exp(exponent))
    assert tex.startswith(r"\exp") == written_out, tex
    assert plain.startswith("exp(") == written_out, plain
    assert "Σ" not in plain.split("exp(")[0] or not written_out


def test_no_fraction_inside_a_fraction():
    """A fraction within a numerator or a denominator is written inline, a/b; a factor that is a
    fraction itself stands before the bar in a display form (sqrt(2/π) (1/σ) exp{...})."""
    over_sum = n / (beta**2 * sp.Sum(x[i] / (theta + x[i]), (i, 1, n)))
    assert latex(over_sum) == r"\frac{n}{\beta^{2} \sum_{i=1}^{n} x_{i}/(\theta + x_{i})}"
    scaled = (
        n * sp.Sum(sp.exp(-x[i] / beta) / (1 + x[i]), (i, 1, n)) / (beta**2 * sp.Sum(x[i] / (theta + x[i]), (i, 1, n)))
    )
    assert latex(scaled).count(r"\frac") == 2, latex(scaled)  # the scale, then the summand
    written = textbook_density("sqrt(2/pi)/sigma*exp(-x^2/(2*sigma^2))", {"x": X, "sigma": sigma})
    assert latex(written) == r"\sqrt{\frac{2}{\pi}} \frac{1}{\sigma} \exp\left\{- \frac{x^{2}}{2 \sigma^{2}}\right\}"


def test_inline_latex_writes_fractions_with_a_slash():
    assert latex_inline(2 * X / theta**2) == r"2 x/\theta^{2}"
    assert latex_inline(sp.beta(a, b)) == r"\mathrm{B}(a, b)"


def test_matrix_entries_never_touch():
    """A quad between columns; rows of fractions further apart than the 1ex that TeX adds only to the
    strut (the negative binomial's -n/p above nr/(p^2 (1 - p)))."""
    r = sp.Symbol("r", positive=True)
    information = sp.Matrix([[n, -n / p], [-n / p, n * r / (p**2 * (1 - p))]])
    tex = latex(information)
    assert r" \quad & " in tex
    assert r"\\[2.5ex]" in tex and r"\\[1ex]" not in tex
    assert r"\\[1ex]" in latex(sp.Matrix([[n, theta], [theta, n]]))
