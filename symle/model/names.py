"""What people call the catalogue's families: any case, `_` for `-`, common aliases and the names of
scipy.stats, and the closest names when none matches; and each family's parametrisation in words,
which `symle families` and `symle fit` print (the gamma's beta is a rate here, a scale in SciPy)."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from symle.echo import quoted
from symle.errors import ModelError, named
from symle.model.catalogue import FAMILIES, Family

# alias -> catalogue name; the catalogue's own names need no entry (scipy.stats names included)
ALIASES: Mapping[str, str] = {
    "gaussian": "normal",
    "norm": "normal",
    "expon": "exponential",
    "lognorm": "lognormal",
    "log-normal": "lognormal",
    "binom": "binomial",
    "bern": "bernoulli",
    "geom": "geometric",
    "nbinom": "negative-binomial",
    "negbin": "negative-binomial",
    "weibull-min": "weibull",
    "halfnorm": "half-normal",
    "halfnormal": "half-normal",
    "invgauss": "inverse-gaussian",
    "wald": "inverse-gaussian",
    "inverse-normal": "inverse-gaussian",
    "unif": "uniform",
    "expon-shifted": "shifted-exponential",
    "two-parameter-exponential": "shifted-exponential",
    "gumbel-r": "gumbel",
    "double-exponential": "laplace",
    "ols": "linear-regression",
    "poisson-glm": "poisson-regression",
    "logit": "logistic-regression",
}

# each family's parameters in words, with SciPy's where they differ
PARAMETRISATIONS: Mapping[str, str] = {
    "bernoulli": "p the probability of a 1",
    "binomial": "m trials (known), p the probability of a success",
    "geometric": "p the probability of a success; x counts trials to the first success, x >= 1 (as scipy.stats.geom)",
    "poisson": "lambda the mean",
    "negative-binomial": "r successes, p their probability; x counts failures (as scipy.stats.nbinom(r, p))",
    "exponential": "lambda the rate, mean 1/lambda (scipy.stats.expon: scale = 1/lambda)",
    "normal": "mu the mean, sigma2 the variance (scipy.stats.norm: scale = sqrt(sigma2))",
    "lognormal": "mu and sigma2 the mean and variance of log x (scipy.stats.lognorm: s = sqrt(sigma2), "
    "scale = exp(mu))",
    "gamma": "alpha the shape, beta the rate, mean alpha/beta (scipy.stats.gamma: a = alpha, scale = 1/beta)",
    "beta": "a and b the shapes (as scipy.stats.beta)",
    "weibull": "k the shape, lambda the scale (scipy.stats.weibull_min: c = k, scale = lambda)",
    "rayleigh": "sigma the scale (as scipy.stats.rayleigh's scale)",
    "half-normal": "sigma the scale (as scipy.stats.halfnorm's scale)",
    "inverse-gaussian": "mu the mean, lambda the shape (scipy.stats.invgauss: mu/lambda, scale = lambda)",
    "uniform": "a and b the ends (scipy.stats.uniform: loc = a, scale = b - a)",
    "pareto": "xm the scale (smallest value), alpha the shape (scipy.stats.pareto: b = alpha, scale = xm)",
    "shifted-exponential": "theta the shift, lambda the rate (scipy.stats.expon: loc = theta, scale = 1/lambda)",
    "laplace": "mu the location, b the scale (as scipy.stats.laplace)",
    "cauchy": "x0 the location, gamma the scale (as scipy.stats.cauchy)",
    "logistic": "mu the location, s the scale (as scipy.stats.logistic)",
    "gumbel": "mu the location, beta the scale, for maxima (as scipy.stats.gumbel_r)",
    "linear-regression": "y = b0 + b1 x + error, the error normal with variance sigma2",
    "regression-through-origin": "y = b x + error, the error normal with variance sigma2",
    "poisson-regression": "y Poisson with mean exp(b0 + b1 x) (log link)",
    "logistic-regression": "y Bernoulli with log-odds b0 + b1 x (logit link)",
}


def _key(name: str) -> str:
    return "-".join(name.strip().lower().replace("_", "-").split())


def canonical(name: str) -> str | None:
    """The catalogue name `name` stands for (Normal, gaussian, norm, weibull_min), or None."""
    key = _key(name)
    if key in FAMILIES:
        return key
    return ALIASES.get(key)


def closest(name: str, count: int = 3) -> list[str]:
    """The catalogue names whose names or aliases look like `name`, the closest first."""
    near = difflib.get_close_matches(_key(name), [*FAMILIES, *ALIASES], n=2 * count, cutoff=0.6)
    return list(dict.fromkeys(ALIASES.get(n, n) for n in near))[:count]


def family(name: str) -> Family:
    """The catalogue entry `name` stands for, or a ModelError with the closest names."""
    found = canonical(name)
    if found is not None:
        return FAMILIES[found]
    near = closest(name)
    hint = f"did you mean {' or '.join([', '.join(near[:-1]), near[-1]] if near[:-1] else near)}? " if near else ""
    listing = f"`symle families` lists them, or give a density with {named('params')}"
    raise ModelError(f"unknown family {quoted(name)}: {hint}{listing}", field="model")
