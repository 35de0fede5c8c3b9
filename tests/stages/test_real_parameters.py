"""A typed parameter inferred real (its logarithm nowhere in log f) gets the derivation it would get with
its true domain: log e^z is z whatever z holds, a parameter the density divides by is not 0, and a
sign its domain does not give comes from its estimator (μ̂ = x̄ > 0), said as such. The inverse
Gaussian of the held-out review, typed without mu:positive, is the example; the others were written
down before any was run."""

from __future__ import annotations

import functools

import pytest
import sympy as sp

import symle
from symle.algebra.printing import text

INVERSE_GAUSSIAN = "sqrt(lambda/(2*pi*x^3))*exp(-lambda*(x-mu)^2/(2*mu^2*x))"
REAL_IN_A_DENOMINATOR = {
    "inverse-gaussian": (INVERSE_GAUSSIAN, "mu,lambda", "x > 0"),
    "inverse-gaussian-mean": ("sqrt(1/(2*pi*x^3))*exp(-(x-mu)^2/(2*mu^2*x))", "mu", "x > 0"),
    "normal-cv-one": ("exp(-(x-mu)^2/(2*mu^2))/sqrt(2*pi*mu^2)", "mu", None),
    "half-normal-abs": ("sqrt(2/pi)*exp(-x^2/(2*s^2))/abs(s)", "s", "x > 0"),
}


@functools.cache
def derived(name: str) -> symle.Derivation:
    density, params, support = REAL_IN_A_DENOMINATOR[name]
    return symle.derive(density, params=params, support=support, timeout=60)


@pytest.mark.parametrize("name", REAL_IN_A_DENOMINATOR)
def test_no_logarithm_of_an_exponential_is_left(name):
    likelihood = derived(name).likelihood
    for form in (likelihood.loglik, likelihood.log_density):
        assert not any(isinstance(log.args[0], sp.exp) for log in form.atoms(sp.log)), form


def test_a_real_parameter_the_density_divides_by_is_not_zero():
    """N(μ, μ²): μ is not 0 (the density divides by μ²), so no DiracDelta(μ) in its derivatives, and
    Newton's method does not start at 0, where the log-likelihood is not defined."""
    d = derived("normal-cv-one")
    (mu,) = d.model.parameters
    assert mu.domain == "real" and mu.nonzero and mu.symbol.is_nonzero
    assert not d.score.hessian.has(sp.DiracDelta, sp.sign)
    assert "starting from 0" not in " ".join(s.text for s in d.steps)
    plain = symle.derive("exp(-(x-mu)^2/2)/sqrt(2*pi)", params="mu", timeout=60).model.parameters[0]
    assert not plain.nonzero  # a location: nothing divides by it


def test_the_derivative_of_log_abs_is_one_over_the_parameter():
    """d log|s|/ds = 1/s for s ≠ 0: no sign(s)/|s| in the score, the Hessian or the information."""
    d = derived("half-normal-abs")
    (s,) = d.model.symbols
    assert text(d.solved.scores[s]) == "Σ x_i²/s³ - n/s"
    assert not d.score.hessian.has(sp.sign)
    assert sp.simplify(d.information.fisher[0, 0] - 2 * sp.Symbol("n", integer=True, positive=True) / s**2) == 0


def test_the_typed_inverse_gaussian_is_derived_as_with_its_domain_given():
    """Without mu:positive as with it: the score λΣ(xᵢ − μ)/μ³, μ̂ = x̄, the maximum proved from the
    minors (μ̂ = x̄ > 0 said), and the information diag(nλ/μ³, n/(2λ²))."""
    real = derived("inverse-gaussian")
    positive = symle.derive(INVERSE_GAUSSIAN, params="mu:positive,lambda", support="x > 0", timeout=60)
    shown = {s.kind + str(s.parameter): [text(p) for e in s.equations for p in e.parts] for s in real.steps}
    for step in positive.steps:
        assert shown[step.kind + str(step.parameter)] == [text(p) for e in step.equations for p in e.parts]
    (second,) = [s for s in real.steps if s.kind == "second-order"]
    assert second.claims == ("second-order-at-estimate",) and "their signs follow from μ̂ = x̄ > 0" in second.text
    n = sp.Symbol("n", integer=True, positive=True)
    mu, lam = (p.symbol for p in real.model.parameters)
    assert sp.simplify(real.information.fisher - sp.diag(n * lam / mu**3, n / (2 * lam**2))) == sp.zeros(2, 2)


def test_one_parameter_says_the_sign_it_used():
    (second,) = [s for s in derived("inverse-gaussian-mean").steps if s.kind == "second-order"]
    assert second.text.startswith("The second derivative is negative at the estimate, since μ̂ = x̄ > 0")


def test_a_hessian_of_statistics_is_not_said_free_of_the_observations():
    """N(μ, μ²)'s Hessian holds Σxᵢ and Σxᵢ² (as statistics T₁, T₂): it is not minus the information."""
    (step,) = [s for s in derived("normal-cv-one").steps if s.kind == "second-order"]
    assert "does not depend on the observations" not in step.text
    assert step.claims != ("maximum-information",)
