"""Right censoring in the model: each catalogue survival function is 1 − ∫f in the catalogue's own
parametrisation, a typed density's is SymPy's integral, and what cannot be censored is refused."""

from __future__ import annotations

import math

import pytest
import sympy as sp
from scipy import integrate

from symle.budget import Budget
from symle.errors import ModelError, ParseError
from symle.model.censoring import SURVIVAL, censor
from symle.model.resolve import resolve
from symle.model.spec import ModelSpec
from symle.pipeline import Options, Stage, derive

TRIAL = {"lambda": 1.3, "k": 1.7, "alpha": 2.5, "beta": 0.8, "xm": 0.7, "sigma": 1.1, "mu": 0.4, "sigma2": 0.9}
TRIAL |= {"s": 0.6, "theta": 0.3, "x0": -0.2, "gamma": 1.4}


@pytest.mark.parametrize("name", sorted(SURVIVAL))
def test_catalogue_survival_is_one_minus_the_integral_of_the_density(name: str) -> None:
    model = resolve(ModelSpec.of(name, known={"xm": "7/10"} if name == "pareto" else None))
    values = {p.symbol: TRIAL[p.name] for p in model.parameters}
    f = sp.lambdify(model.var, model.density.xreplace(values), "mpmath")
    survival = censor(model, "delta", Budget(10)).censoring.survival.xreplace(values)
    S = sp.lambdify(model.var, survival, "mpmath")
    lower = float(model.support.lower.xreplace(values)) if model.support.lower.is_finite is not False else -math.inf
    for q in (0.3, 1.0, 2.5):
        t = max(lower, 0.0) + q if lower > -math.inf else q - 1.0
        tail, _ = integrate.quad(lambda u: float(f(u)), t, math.inf)
        assert float(S(t)) == pytest.approx(tail, rel=1e-7, abs=1e-12), (name, t)


def test_a_typed_density_takes_its_survival_function_from_the_integral() -> None:
    spec = ModelSpec.of("x/theta*exp(-x^2/(2*theta))", params="theta", support="x > 0", censored="d")
    model = derive(spec, stop=Stage.MODEL)
    (theta,) = model.symbols
    assert model.censoring.source == "integral"
    assert sp.simplify(model.censoring.survival - sp.exp(-(model.var**2) / (2 * theta))) == 0


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        (ModelSpec.of("poisson", censored="d"), "discrete"),
        (ModelSpec.of("linear-regression", censored="d"), "regression"),
        (ModelSpec.of("exponential", censored="lambda"), "parameter"),
        # the log-logistic, which the catalogue does not hold: SymPy finds no integral of it in time
        (ModelSpec.of("(b/a)*(x/a)^(b-1)/(1 + (x/a)^b)^2", params="a,b", support="x>0", censored="d"), "survival"),
    ],
)
def test_what_cannot_be_censored_is_refused_in_one_clear_message(spec: ModelSpec, words: str) -> None:
    with pytest.raises(ModelError, match=words):
        derive(spec, Options(timeout=60), stop=Stage.MODEL)  # (the integral's cap is processor time)


def test_the_indicator_is_a_name() -> None:
    with pytest.raises(ParseError):
        ModelSpec.of("exponential", censored="1 + d")
