"""A regression's expected information given the covariates (typed with --response/--covariates):
each response's expectations from its own score identity, checked against the information summed
over the observations by quadrature (or summation, for counts) at the covariates; and, where it is
not derived, a page that says what this derivation did not do, never that no closed form exists."""

from __future__ import annotations

import functools

import numpy as np
import pytest
import sympy as sp
from scipy import integrate

import symle
from symle.algebra.printing import latex, text
from symle.numeric.evaluate import evaluate

RNG = np.random.default_rng(20261208)

# typed regressions written down before any was run: (density, parameters, support, trial values)
REGRESSIONS = {
    "poisson-exposure": ("(lambda*t)^y*exp(-lambda*t)/factorial(y)", "lambda", "y in {0, 1, ...}", {"lambda": 1.3}),
    "poisson-shifted": ("(lambda+t)^y*exp(-(lambda+t))/factorial(y)", "lambda", "y in {0, 1, ...}", {"lambda": 0.7}),
    "normal-origin": (
        "exp(-(y-beta*t)^2/(2*sigma2))/sqrt(2*pi*sigma2)",
        "beta,sigma2",
        None,
        {"beta": 0.4, "sigma2": 1.6},
    ),
    "normal-line": (
        "exp(-(y-a-b*t)^2/(2*s))/sqrt(2*pi*s)",
        "a,b,s:positive",
        None,
        {"a": -0.3, "b": 0.8, "s": 0.9},
    ),
    "exponential-mean": ("exp(-y/(theta*t))/(theta*t)", "theta", "y > 0", {"theta": 1.7}),
    "normal-known-mean": ("exp(-(y-2*t)^2/(2*v))/sqrt(2*pi*v)", "v", None, {"v": 0.6}),
    # issue 22's: a weighted normal (weight t) and a probit regression
    "normal-weighted": (
        "sqrt(t/(2*pi*sigma2))*exp(-t*(y-mu)^2/(2*sigma2))",
        "mu,sigma2:positive",
        None,
        {"mu": 0.5, "sigma2": 1.4},
    ),
    "probit": (
        "((1+erf((a+b*t)/sqrt(2)))/2)^y*((1-erf((a+b*t)/sqrt(2)))/2)^(1-y)",
        "a,b",
        "y in {0, 1}",
        {"a": -0.4, "b": 0.7},
    ),
}


@functools.cache
def derived(name: str) -> symle.Derivation:
    density, params, support, _ = REGRESSIONS[name]
    return symle.derive(density, params=params, support=support, response="y", covariates="t", timeout=180)


def _by_quadrature(d: symle.Derivation, values: dict[sp.Symbol, float], t: np.ndarray) -> np.ndarray:
    """Σᵢ E[-∂² log f(y | tᵢ)] at these parameter values, each expectation by quadrature or summation."""
    model = d.model
    y, (covariate,) = model.var, model.covariates
    symbols = [p.symbol for p in d.information.regular]
    density = sp.lambdify((y, covariate), model.density.xreplace(values), "scipy")
    total = np.zeros((len(symbols), len(symbols)))
    for r, a in enumerate(symbols):
        for c, b in enumerate(symbols):
            second = sp.lambdify((y, covariate), -sp.diff(d.likelihood.log_density, a, b).xreplace(values), "scipy")
            for ti in t:
                if model.discrete:
                    counts = np.array([float(v) for v in model.support.values or range(200)])
                    total[r, c] += float(np.sum(density(counts, ti) * second(counts, ti)))
                else:
                    lower = 0.0 if model.support.lower == 0 else -np.inf
                    total[r, c] += integrate.quad(lambda v, g=second, u=ti: density(v, u) * g(v, u), lower, np.inf)[0]
    return total


@pytest.mark.parametrize("name", REGRESSIONS)
def test_a_regressions_information_is_the_sum_of_each_observations_given_its_covariate(name):
    d = derived(name)
    info = d.information
    assert info.fisher is not None and info.how in ("given the covariates", "no responses")
    values = {p.symbol: REGRESSIONS[name][3][p.name] for p in d.model.parameters}
    t = RNG.uniform(0.3, 2.5, 7)
    ours = np.array(
        [
            [evaluate(e, {"t": t, "y": t}, {**values, sp.Symbol("n"): len(t)}) for e in row]
            for row in info.fisher.tolist()
        ]
    )
    assert ours == pytest.approx(_by_quadrature(d, values, t), rel=1e-6, abs=1e-9)


def test_the_information_step_says_which_expectations_it_took():
    """Poisson counts with exposure t: E[yᵢ | tᵢ] = λtᵢ, so 𝓘(λ) = Σtᵢ/λ, as the page says."""
    d = derived("poisson-exposure")
    (step,) = [s for s in d.steps if s.kind == "fisher"]
    assert "E[y_i | t_i] = λ t_i" in step.text
    assert text(step.equations[0].parts[1]) == "Σ t_i/λ"
    assert r"\operatorname{E}[y_{i} \mid t_{i}] = \lambda t_{i}" in d.to_latex()
    assert "closed form" not in step.text.lower()


def test_a_second_moment_is_said_as_the_means_square_plus_the_variance():
    (step,) = [s for s in derived("normal-line").steps if s.kind == "fisher"]
    assert "E[y_i | t_i] = a + b t_i" in step.text and "E[y_i² | t_i] = s + (a + b t_i)²" in step.text


@pytest.mark.parametrize(
    ("density", "params", "support", "over"),
    [
        ("1/(pi*(1+(y-b*t)^2))", "b", None, "integrals over the density of y given t"),
        (
            "gamma(y+r)/(gamma(r)*factorial(y))*(r/(r+exp(b*t)))^r*(exp(b*t)/(r+exp(b*t)))^y",
            "r,b",
            "y in {0, 1, ...}",
            "sums over the probability mass function of y given t",
        ),
    ],
)
def test_where_the_score_identity_does_not_give_it_the_page_says_so_truly(density, params, support, over):
    """A Cauchy regression, a negative binomial regression: the responses sit inside functions of the
    parameters, so the score identity fixes nothing; the page says that, in the words of a density or
    of a probability mass function, and never that no closed form exists."""
    d = symle.derive(density, params=params, support=support, response="y", covariates="t", timeout=60)
    assert d.information.fisher is None
    (step,) = [s for s in d.steps if s.kind == "fisher"]
    assert step.text.startswith("The expected information is not derived here: ")
    assert "score identity does not fix" in step.text and over in step.text
    assert "closed form" not in step.text.lower() and step.claims == ("information-none",)
    assert latex(d.information.regular[0].symbol) in d.to_latex()


def test_without_integration_the_page_says_what_was_not_asked():
    """The Cauchy location with symle.derive's default (no integrals): the reason names the option."""
    d = symle.derive("1/(pi*(1+(x-t)^2))", params="t", timeout=60)
    (step,) = [s for s in d.steps if s.kind == "fisher"]
    assert "need integrals over the density" in step.text and "integrate=True" in step.text


def test_expectations_fixed_only_in_combination_are_used_where_they_cancel():
    """The normal with μ = 1.5 known: the score identity fixes E[(x - 1.5)²] = σ², not E[x²] and E[x]
    apart, and that is what the Hessian needs; no integral."""
    d = symle.derive("normal", known=["mu=1.5"], timeout=60)
    assert d.information.fisher is not None and d.information.how == "score identity"
    assert (
        sp.simplify(
            d.information.fisher[0, 0] - sp.Symbol("n", integer=True, positive=True) / (2 * d.model.symbols[0] ** 2)
        )
        == 0
    )
