"""One root without concavity: when the score reads x̄ = m(θ) with m(θ) = E_θX, and m′(θ) = c(θ) Var_θX has
the sign of c on the parameter space, the root is unique and the global maximum (lecturer round 6, M3)."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

import symle
from symle.stages.likelihood import region
from symle.stages.monotone_mean import monotone_mean

LOG_SERIES = ("-theta^x/(x*log(1-theta))", "theta", "x in {1, 2, ...}")


def _second_order(derivation: symle.Derivation) -> tuple[str, tuple[str, ...]]:
    step = next(s for s in derivation.steps if s.kind == "second-order")
    return step.text, step.claims


def test_one_root_from_the_monotone_mean() -> None:
    density, support = LOG_SERIES[0], LOG_SERIES[2]
    derivation = symle.derive(density, params="theta", support=support, timeout=60)
    text, claims = _second_order(derivation)
    assert "maximum-monotone-mean" in claims
    assert "strictly increasing" in text and "global maximum" in text and "not shown here" not in text
    recipe = next(s for s in derivation.steps if s.kind == "numeric-recipe")
    assert "several other points" not in recipe.text


def test_the_mean_is_the_expectation() -> None:
    """m(θ) is E_θX, by summing the log-series at θ = 1/2 and 9/10."""
    model = symle.derive(*LOG_SERIES[:1], params="theta", support=LOG_SERIES[2], timeout=60).model
    theta, x = model.parameters[0].symbol, model.var
    log_density = sp.expand_log(sp.log(model.density), force=True)
    found = monotone_mean(log_density, model, model.parameters, region(model))
    assert found is not None
    slope, mean = found
    for value in (0.5, 0.9):
        expected = mpmath.nsum(lambda k, t=value: -(t**k) / mpmath.log(1 - t), [1, mpmath.inf])
        assert float(mean.subs(theta, value)) == pytest.approx(float(expected), rel=1e-10)
        assert float(slope.subs(theta, value)) == pytest.approx(1 / value)
    assert not mean.has(x)


@pytest.mark.parametrize(
    "density, name, support",
    [
        ("1/(pi*(1 + (x - theta)^2))", "theta", None),  # Cauchy: the score is not linear in x
        ("theta*x^(theta - 1)", "theta", "0 < x < 1"),  # linear in log x, not in x: closed form anyway
    ],
)
def test_not_claimed_outside_its_case(density: str, name: str, support: str | None) -> None:
    derivation = symle.derive(density, params=name, support=support, timeout=60)
    assert all("monotone-mean" not in c for s in derivation.steps for c in s.claims)
