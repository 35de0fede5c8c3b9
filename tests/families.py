"""The catalogue's families as several test folders use them: which are closed form, simulated data
with the textbook's estimates and scipy's log-likelihood, and each family's derivation and JSON
(cached per process, so the folders share them)."""

from __future__ import annotations

import contextlib
import functools
import io
import json
import math
from collections.abc import Callable

import numpy as np
from scipy import stats

import symle
from symle.cli import main
from symle.model.catalogue import FAMILIES

REL = 1e-9
N = 201  # odd, so the Laplace median is one observation

CLOSED = [
    "bernoulli",
    "binomial",
    "geometric",
    "poisson",
    "exponential",
    "normal",
    "lognormal",
    "rayleigh",
    "half-normal",
    "inverse-gaussian",
    "uniform",
    "pareto",
    "shifted-exponential",
    "laplace",
]
NUMERIC = ["gamma", "beta", "weibull", "cauchy", "logistic", "gumbel", "negative-binomial"]
KNOWN = {"binomial": {"m": 10}}
KNOWN_CLI = {"binomial": ("--known", "m=10")}

EXPECTED_METHOD = {
    "uniform": {"a": "boundary", "b": "boundary"},
    "pareto": {"xm": "boundary", "alpha": "closed-form"},
    "shifted-exponential": {"theta": "boundary", "lambda": "closed-form"},
}


def estimate_warnings(result: dict) -> list[str]:
    """The fit's warnings about the estimates themselves (not about standard errors)."""
    return [w for w in result["warnings"] if "standard error" not in w]


@functools.cache
def derivation(name: str) -> symle.Derivation:
    return symle.derive(name, known=KNOWN.get(name))


_DERIVED: dict[str, symle.Derivation] = {}


def derived(model: str, **options: object) -> symle.Derivation:
    """`symle.derive(model, **options)`, once a process for the same arguments (tests that fit many
    data sets to one model): a derivation is a frozen value, which the tests only read."""
    key = repr((model, sorted(options.items())))
    if key not in _DERIVED:
        _DERIVED[key] = symle.derive(model, **options)  # type: ignore[arg-type]
    return _DERIVED[key]


@functools.cache
def cli_json(name: str, *extra: str) -> dict:
    """`symle derive ... --format json` run in this process (the same main() the console script
    calls); tests/cli/test_fresh_process.py checks that a real process prints the same."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["derive", name, *extra, "--format", "json"])
    assert status == 0, err.getvalue()
    assert err.getvalue() == ""
    return json.loads(out.getvalue())


def family_json(name: str) -> dict:
    return cli_json(name, *KNOWN_CLI.get(name, ()))


# ---------------------------------------------------------------------------------------------
# simulated data, textbook estimates, scipy log-likelihoods


def simulate(name: str) -> np.ndarray:
    rng = np.random.default_rng(20240611 + sorted(FAMILIES).index(name))
    draw: dict[str, Callable[[], np.ndarray]] = {
        "bernoulli": lambda: rng.binomial(1, 0.3, N),
        "binomial": lambda: rng.binomial(10, 0.4, N),
        "geometric": lambda: rng.geometric(0.3, N),  # trials up to and including the first success
        "poisson": lambda: rng.poisson(3.5, N),
        "exponential": lambda: rng.exponential(1 / 2.5, N),
        "normal": lambda: rng.normal(1.5, 2.0, N),
        "lognormal": lambda: rng.lognormal(0.5, 0.8, N),
        "rayleigh": lambda: rng.rayleigh(1.7, N),
        "half-normal": lambda: np.abs(rng.normal(0.0, 1.3, N)),
        "inverse-gaussian": lambda: rng.wald(2.0, 3.0, N),
        "uniform": lambda: rng.uniform(-1.0, 4.0, N),
        "pareto": lambda: 2 * (1 + rng.pareto(3.0, N)),
        "shifted-exponential": lambda: 1.5 + rng.exponential(0.5, N),
        "laplace": lambda: rng.laplace(1.0, 2.0, N),
    }
    return np.asarray(draw[name](), dtype=float)


def textbook(name: str, x: np.ndarray) -> dict[str, float]:
    """The estimates as any textbook writes them, computed directly."""
    k = len(x)
    if name in ("bernoulli", "poisson"):
        return {"p" if name == "bernoulli" else "lambda": x.mean()}
    if name == "binomial":
        return {"p": x.mean() / 10}
    if name == "geometric":
        return {"p": 1 / x.mean()}
    if name == "exponential":
        return {"lambda": 1 / x.mean()}
    if name == "normal":
        return {"mu": x.mean(), "sigma2": np.var(x, ddof=0)}
    if name == "lognormal":
        return {"mu": np.log(x).mean(), "sigma2": np.var(np.log(x), ddof=0)}
    if name == "rayleigh":
        return {"sigma": math.sqrt(np.sum(x**2) / (2 * k))}
    if name == "half-normal":
        return {"sigma": math.sqrt(np.sum(x**2) / k)}
    if name == "inverse-gaussian":
        return {"mu": x.mean(), "lambda": k / np.sum(1 / x - 1 / x.mean())}
    if name == "uniform":
        return {"a": x.min(), "b": x.max()}
    if name == "pareto":
        return {"xm": x.min(), "alpha": k / np.sum(np.log(x / x.min()))}
    if name == "shifted-exponential":
        return {"theta": x.min(), "lambda": 1 / (x.mean() - x.min())}
    if name == "laplace":
        median = np.median(x)
        return {"mu": median, "b": np.mean(np.abs(x - median))}
    raise AssertionError(name)


def scipy_loglik(name: str, x: np.ndarray, e: dict[str, float]) -> float:
    g = e.get
    logpdf = {
        "bernoulli": lambda: stats.bernoulli.logpmf(x, g("p")),
        "binomial": lambda: stats.binom.logpmf(x, 10, g("p")),
        "geometric": lambda: stats.geom.logpmf(x, g("p")),
        "poisson": lambda: stats.poisson.logpmf(x, g("lambda")),
        "exponential": lambda: stats.expon.logpdf(x, scale=1 / g("lambda")),
        "normal": lambda: stats.norm.logpdf(x, g("mu"), math.sqrt(g("sigma2"))),
        "lognormal": lambda: stats.lognorm.logpdf(x, math.sqrt(g("sigma2")), scale=math.exp(g("mu"))),
        "rayleigh": lambda: stats.rayleigh.logpdf(x, scale=g("sigma")),
        "half-normal": lambda: stats.halfnorm.logpdf(x, scale=g("sigma")),
        "inverse-gaussian": lambda: stats.invgauss.logpdf(x, g("mu") / g("lambda"), scale=g("lambda")),
        "uniform": lambda: stats.uniform.logpdf(x, g("a"), g("b") - g("a")),
        "pareto": lambda: stats.pareto.logpdf(x, g("alpha"), scale=g("xm")),
        "shifted-exponential": lambda: stats.expon.logpdf(x, loc=g("theta"), scale=1 / g("lambda")),
        "laplace": lambda: stats.laplace.logpdf(x, g("mu"), g("b")),
    }[name]
    return float(np.sum(logpdf()))


# typed densities written down before looking at their pages (issue 20), each as `symle.derive` takes it
TYPED = {
    "typed-exponential": ("theta*exp(-theta*x)", {"params": "theta", "support": "x > 0"}),
    "typed-power": ("(theta+1)*x^theta", {"params": "theta", "support": "0 < x < 1"}),
    "typed-shifted": ("exp(-(x-theta))", {"params": "theta", "support": "x > theta"}),
    "typed-uniform": ("1/theta", {"params": "theta", "support": "0 < x < theta"}),
    "typed-poisson": ("theta^x*exp(-theta)/factorial(x)", {"params": "theta", "support": "x in {0, 1, ...}"}),
    "typed-triangle": ("2*x/theta^2", {"params": "theta", "support": "0 < x < theta"}),
    "typed-pareto": ("theta*x^(-theta-1)", {"params": "theta", "support": "x > 1"}),
    "typed-rayleigh": ("x*exp(-x^2/(2*theta))/theta", {"params": "theta", "support": "x > 0"}),
    "typed-laplace": ("exp(-abs(x-mu)/b)/(2*b)", {"params": "mu,b"}),
    "typed-gamma-two": ("lambda^2*x*exp(-lambda*x)", {"params": "lambda", "support": "x > 0"}),
    "typed-geometric": ("p*(1-p)^x", {"params": "p", "support": "x in {0, 1, ...}"}),
}


@functools.cache
def model_derivation(name: str) -> symle.Derivation:
    """A catalogue family's derivation, or a typed density's of TYPED."""
    if name in TYPED:
        density, options = TYPED[name]
        return symle.derive(density, **options)
    return derivation(name)
