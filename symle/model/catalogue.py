"""The catalogue: every family defined once, as data (density text, parameters, support)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from symle.model.parameter import Parameter

P = Parameter


@dataclass(frozen=True)
class Family:
    """A named family: its density in the safe formula syntax, parameters with domains, support.

    `constants` are parameters that must be given with --known (the binomial's m)."""

    name: str
    title: str
    density: str
    parameters: tuple[Parameter, ...]
    support: str
    constants: tuple[Parameter, ...] = ()
    note: str = ""
    var: str = "x"
    covariates: tuple[str, ...] = ()  # a regression: `eta` in the density is the linear predictor
    intercept: bool = True
    link: str = ""  # "canonical" when Newton's method on this model is iteratively reweighted least squares
    # the Fisher information of one observation, where textbooks give it and SymPy's integrals are
    # slow or fail: (parameter, parameter, entry in SymPy syntax; a regression's in its covariate x);
    # entries not listed are zero. tests/model/test_known_information.py checks each by quadrature.
    information: tuple[tuple[str, str, str], ...] = ()
    # the density as textbooks print it, when that differs from `density` as SymPy would write it
    # ((2 pi sigma2)^(-1/2) exp(...)); tests/model/test_display.py checks that the two are equal
    display: str = ""
    # when the maximum exists, where it may not (a textbook's condition, printed in the maximum step;
    # a parameter or variable named in `backticks` is set as mathematics)
    existence: str = ""
    # how the estimators are found, for `symle families` (a parameter in the support: "boundary");
    # tests/test_listing.py checks it against the derivation
    method: str = "closed-form"
    # the exact bias E[estimator] - parameter of each estimator that has one (SymPy syntax, in n and
    # the parameters; the others have none), for the family with no parameter known but its
    # constants; tests/followups/test_catalogue_bias.py checks each against symle.followups.bias
    bias: tuple[tuple[str, str], ...] = ()


FAMILIES: Mapping[str, Family] = {
    f.name: f
    for f in (
        Family(
            "bernoulli", "Bernoulli", "p^x*(1 - p)^(1 - x)", (P("p", "probability"),), "x in {0, 1}", bias=(("p", "0"),)
        ),
        Family(
            "binomial",
            "binomial",
            "binomial(m, x)*p^x*(1 - p)^(m - x)",
            (P("p", "probability"),),
            "x in {0, ..., m}",
            constants=(P("m", "integer"),),
            note="m, the number of trials, is known",
            bias=(("p", "0"),),
        ),
        Family(
            "geometric",
            "geometric",
            "(1 - p)^(x - 1)*p",
            (P("p", "probability"),),
            "x in {1, 2, ...}",
            note="the number of trials up to and including the first success",
            display="p*(1 - p)^(x - 1)",
        ),
        Family(
            "poisson",
            "Poisson",
            "lambda^x*exp(-lambda)/factorial(x)",
            (P("lambda", "positive"),),
            "x in {0, 1, ...}",
            bias=(("lambda", "0"),),
        ),
        Family(
            "negative-binomial",
            "negative binomial",
            "binomial(x + r - 1, x)*p^r*(1 - p)^x",
            (P("r", "positive"), P("p", "probability")),
            "x in {0, 1, ...}",
            note="the number of failures before the r-th success",
            existence=(
                "the maximum exists when the sample variance exceeds the sample mean; otherwise the profile "
                "log-likelihood rises without bound as `r` grows (towards the Poisson), and the fit says that no "
                "maximum exists"
            ),
            information=(
                ("r", "r", "trigamma(r) - Sum(trigamma(r + j)*binomial(j + r - 1, j)*p**r*(1 - p)**j, (j, 0, oo))"),
                ("r", "p", "-1/p"),
                ("p", "p", "r/(p**2*(1 - p))"),
            ),
            method="numeric",
        ),
        Family(
            "exponential",
            "exponential",
            "lambda*exp(-lambda*x)",
            (P("lambda", "positive"),),
            "x > 0",
            note="lambda is the rate",
            bias=(("lambda", "lambda/(n - 1)"),),
        ),
        Family(
            "normal",
            "normal",
            "exp(-(x - mu)^2/(2*sigma2))/sqrt(2*pi*sigma2)",
            (P("mu", "real"), P("sigma2", "positive")),
            "",
            note="sigma2 is the variance",
            display="(2*pi*sigma2)^(-1/2)*exp(-(x - mu)^2/(2*sigma2))",
            bias=(
                ("mu", "0"),
                ("sigma2", "-sigma2/n"),
            ),
        ),
        Family(
            "lognormal",
            "log-normal",
            "exp(-(log(x) - mu)^2/(2*sigma2))/(x*sqrt(2*pi*sigma2))",
            (P("mu", "real"), P("sigma2", "positive")),
            "x > 0",
            display="1/(x*sqrt(2*pi*sigma2))*exp(-(log(x) - mu)^2/(2*sigma2))",
            bias=(
                ("mu", "0"),
                ("sigma2", "-sigma2/n"),
            ),
        ),
        Family(
            "gamma",
            "gamma",
            "beta^alpha*x^(alpha - 1)*exp(-beta*x)/gamma(alpha)",
            (P("alpha", "positive"), P("beta", "positive")),
            "x > 0",
            note="beta is the rate",
            method="numeric",
        ),
        Family(
            "beta",
            "beta",
            "x^(a - 1)*(1 - x)^(b - 1)/beta(a, b)",
            (P("a", "positive"), P("b", "positive")),
            "0 < x < 1",
            method="numeric",
        ),
        Family(
            "weibull",
            "Weibull",
            "(k/lambda)*(x/lambda)^(k - 1)*exp(-(x/lambda)^k)",
            (P("k", "positive"), P("lambda", "positive")),
            "x > 0",
            note="k is the shape, lambda the scale",
            information=(
                ("k", "k", "((1 - EulerGamma)**2 + pi**2/6)/k**2"),
                ("k", "lambda", "-(1 - EulerGamma)/lambda"),
                ("lambda", "lambda", "k**2/lambda**2"),
            ),
            method="numeric",
        ),
        Family(
            "rayleigh",
            "Rayleigh",
            "x/sigma^2*exp(-x^2/(2*sigma^2))",
            (P("sigma", "positive"),),
            "x > 0",
            bias=(("sigma", "sigma*gamma(n + 1/2)/(sqrt(n)*gamma(n)) - sigma"),),
        ),
        Family(
            "half-normal",
            "half-normal",
            "sqrt(2)/(sigma*sqrt(pi))*exp(-x^2/(2*sigma^2))",
            (P("sigma", "positive"),),
            "x > 0",
            display="sqrt(2/pi)/sigma*exp(-x^2/(2*sigma^2))",
            bias=(("sigma", "sqrt(2)*sigma*gamma(n/2 + 1/2)/(sqrt(n)*gamma(n/2)) - sigma"),),
        ),
        Family(
            "inverse-gaussian",
            "inverse Gaussian",
            "sqrt(lambda/(2*pi*x^3))*exp(-lambda*(x - mu)^2/(2*mu^2*x))",
            (P("mu", "positive"), P("lambda", "positive")),
            "x > 0",
            bias=(("mu", "0"),),
        ),
        Family(
            "uniform",
            "uniform",
            "1/(b - a)",
            (P("a", "real"), P("b", "real")),
            "a <= x <= b",
            bias=(
                ("a", "(a*n + b)/(n + 1) - a"),
                ("b", "(a + b*n)/(n + 1) - b"),
            ),
        ),
        Family(
            "pareto",
            "Pareto",
            "alpha*xm^alpha/x^(alpha + 1)",
            (P("xm", "positive"), P("alpha", "positive")),
            "x >= xm",
            note="xm is the scale (the smallest possible value)",
            bias=(("xm", "xm/(alpha*n - 1)"), ("alpha", "2*alpha/(n - 2)")),
        ),
        Family(
            "shifted-exponential",
            "shifted exponential",
            "lambda*exp(-lambda*(x - theta))",
            (P("theta", "real"), P("lambda", "positive")),
            "x >= theta",
            bias=(("theta", "1/(lambda*n)"), ("lambda", "2*lambda/(n - 2)")),
        ),
        Family(
            "laplace",
            "Laplace",
            "exp(-abs(x - mu)/b)/(2*b)",
            (P("mu", "real"), P("b", "positive")),
            "",
            display="1/(2*b)*exp(-abs(x - mu)/b)",
        ),
        Family(
            "cauchy",
            "Cauchy",
            "1/(pi*gamma*(1 + ((x - x0)/gamma)^2))",
            (P("x0", "real"), P("gamma", "positive")),
            "",
            information=(
                ("x0", "x0", "1/(2*gamma**2)"),
                ("gamma", "gamma", "1/(2*gamma**2)"),
            ),
            display="gamma/(pi*(gamma^2 + (x - x0)^2))",
            method="numeric",
        ),
        Family(
            "logistic",
            "logistic",
            "exp(-(x - mu)/s)/(s*(1 + exp(-(x - mu)/s))^2)",
            (P("mu", "real"), P("s", "positive")),
            "",
            information=(
                ("mu", "mu", "1/(3*s**2)"),
                ("s", "s", "(pi**2 + 3)/(9*s**2)"),
            ),
            method="numeric",
        ),
        Family(
            "gumbel",
            "Gumbel",
            "exp(-((x - mu)/beta + exp(-(x - mu)/beta)))/beta",
            (P("mu", "real"), P("beta", "positive")),
            "",
            information=(
                ("mu", "mu", "1/beta**2"),
                ("mu", "beta", "-(1 - EulerGamma)/beta**2"),
                ("beta", "beta", "((1 - EulerGamma)**2 + pi**2/6)/beta**2"),
            ),
            display="1/beta*exp(-(x - mu)/beta - exp(-(x - mu)/beta))",
            method="numeric",
        ),
        Family(
            "linear-regression",
            "Gaussian linear regression",
            "exp(-(y - eta)^2/(2*sigma2))/sqrt(2*pi*sigma2)",
            (P("sigma2", "positive"),),
            "",
            var="y",
            covariates=("x",),
            note="y given x is normal with mean b0 + b1 x and variance sigma2",
            information=(
                ("b0", "b0", "1/sigma2"),
                ("b0", "b1", "x/sigma2"),
                ("b1", "b1", "x**2/sigma2"),
                ("sigma2", "sigma2", "1/(2*sigma2**2)"),
            ),
            display="(2*pi*sigma2)^(-1/2)*exp(-(y - eta)^2/(2*sigma2))",
        ),
        Family(
            "regression-through-origin",
            "Gaussian regression through the origin",
            "exp(-(y - eta)^2/(2*sigma2))/sqrt(2*pi*sigma2)",
            (P("sigma2", "positive"),),
            "",
            var="y",
            covariates=("x",),
            intercept=False,
            note="y given x is normal with mean b x and variance sigma2",
            information=(
                ("b", "b", "x**2/sigma2"),
                ("sigma2", "sigma2", "1/(2*sigma2**2)"),
            ),
            display="(2*pi*sigma2)^(-1/2)*exp(-(y - eta)^2/(2*sigma2))",
        ),
        Family(
            "poisson-regression",
            "Poisson regression",
            "exp(y*eta - exp(eta))/factorial(y)",
            (),
            "y in {0, 1, ...}",
            var="y",
            covariates=("x",),
            link="canonical",
            note="y given x is Poisson with mean exp(b0 + b1 x)",
            method="numeric",
            existence=(
                "the maximum exists unless every response is 0, or the positive responses all share the smallest "
                "value of the covariate, or all share its largest (with several covariates: some linear combination "
                "of them that is not constant is largest at every positive response); then the likelihood rises "
                "without bound as the coefficients go off to infinity"
            ),
        ),
        Family(
            "logistic-regression",
            "logistic regression",
            "exp(y*eta)/(1 + exp(eta))",
            (),
            "y in {0, 1}",
            var="y",
            covariates=("x",),
            link="canonical",
            note="y given x is Bernoulli with success probability 1/(1 + exp(-(b0 + b1 x)))",
            existence=(
                "the maximum exists unless the covariate separates the responses (all the 1s on one side of a "
                "value of `x`, all the 0s on the other); then the likelihood rises towards the edge and the fit says "
                "that no maximum exists"
            ),
            method="numeric",
        ),
    )
}


def coefficients(entry: Family, covariates: tuple[str, ...]) -> tuple[list[Parameter], str]:
    """The regression coefficients and the linear predictor's text for these covariates:
    b0 + b1*x for one covariate (b*x through the origin), b0 + b_x1*x1 + ... for several."""
    if len(covariates) == 1:
        slopes = ["b1" if entry.intercept else "b"]
    else:
        slopes = [f"b_{c}" for c in covariates]
    names = (["b0"] if entry.intercept else []) + slopes
    terms = (["b0"] if entry.intercept else []) + [f"{b}*{c}" for b, c in zip(slopes, covariates, strict=True)]
    return [P(name, "real") for name in names], "(" + " + ".join(terms) + ")"
