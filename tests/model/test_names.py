"""Family names as people write them, and the parametrisations `symle families` and `fit` state,
each checked against the scipy.stats distribution it names."""

from __future__ import annotations

import math

import pytest
import sympy as sp
from scipy import stats

from symle.errors import ModelError
from symle.model.catalogue import FAMILIES
from symle.model.formula import parse_formula
from symle.model.names import ALIASES, PARAMETRISATIONS, canonical, closest, family

# family: (parameter values, the scipy distribution the parametrisation text names, points)
SCIPY = {
    "exponential": ({"lambda": 2.5}, stats.expon(scale=1 / 2.5), [0.1, 1.3]),
    "normal": ({"mu": 1.0, "sigma2": 4.0}, stats.norm(1.0, 2.0), [-1.0, 2.5]),
    "lognormal": ({"mu": 0.3, "sigma2": 0.49}, stats.lognorm(0.7, scale=math.exp(0.3)), [0.5, 2.0]),
    "gamma": ({"alpha": 2.5, "beta": 1.7}, stats.gamma(2.5, scale=1 / 1.7), [0.4, 3.0]),
    "beta": ({"a": 2.0, "b": 3.5}, stats.beta(2.0, 3.5), [0.2, 0.7]),
    "weibull": ({"k": 1.8, "lambda": 2.2}, stats.weibull_min(1.8, scale=2.2), [0.5, 3.1]),
    "rayleigh": ({"sigma": 1.3}, stats.rayleigh(scale=1.3), [0.4, 2.0]),
    "half-normal": ({"sigma": 1.3}, stats.halfnorm(scale=1.3), [0.4, 2.0]),
    "inverse-gaussian": ({"mu": 1.5, "lambda": 3.0}, stats.invgauss(1.5 / 3.0, scale=3.0), [0.5, 2.2]),
    "uniform": ({"a": -1.0, "b": 2.0}, stats.uniform(-1.0, 3.0), [0.0, 1.5]),
    "pareto": ({"xm": 1.5, "alpha": 2.5}, stats.pareto(2.5, scale=1.5), [1.6, 4.0]),
    "shifted-exponential": ({"theta": 1.0, "lambda": 2.0}, stats.expon(1.0, 0.5), [1.2, 3.0]),
    "laplace": ({"mu": 0.5, "b": 1.5}, stats.laplace(0.5, 1.5), [-1.0, 2.0]),
    "cauchy": ({"x0": 0.5, "gamma": 1.5}, stats.cauchy(0.5, 1.5), [-1.0, 2.0]),
    "logistic": ({"mu": 0.5, "s": 1.5}, stats.logistic(0.5, 1.5), [-1.0, 2.0]),
    "gumbel": ({"mu": 0.5, "beta": 1.5}, stats.gumbel_r(0.5, 1.5), [-1.0, 2.0]),
    "geometric": ({"p": 0.3}, stats.geom(0.3), [1, 4]),
    "negative-binomial": ({"r": 3.0, "p": 0.4}, stats.nbinom(3, 0.4), [0, 5]),
    "poisson": ({"lambda": 2.5}, stats.poisson(2.5), [0, 3]),
    "bernoulli": ({"p": 0.3}, stats.bernoulli(0.3), [0, 1]),
    "binomial": ({"m": 10, "p": 0.3}, stats.binom(10, 0.3), [0, 4]),
}


@pytest.mark.parametrize("name", sorted(SCIPY))
def test_each_stated_parametrisation_is_the_scipy_distribution_it_names(name: str) -> None:
    values, distribution, points = SCIPY[name]
    entry = FAMILIES[name]
    symbols = {n: sp.Symbol(n) for n in [*values, entry.var]}
    density = parse_formula(entry.density, symbols)
    scipy_name = distribution.dist.name
    assert scipy_name in PARAMETRISATIONS[name] or name in ("poisson", "bernoulli", "binomial"), scipy_name
    for point in points:
        mine = float(density.subs({symbols[k]: v for k, v in values.items()}).subs(symbols[entry.var], point))
        theirs = distribution.pmf(point) if hasattr(distribution.dist, "pmf") else distribution.pdf(point)
        assert mine == pytest.approx(theirs, rel=1e-9), (name, point)


def test_every_family_has_a_parametrisation_and_every_alias_a_family() -> None:
    assert set(PARAMETRISATIONS) == set(FAMILIES)
    assert set(ALIASES.values()) <= set(FAMILIES)
    assert not set(ALIASES) & set(FAMILIES)


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_every_family_is_found_in_capitals_and_with_underscores(name: str) -> None:
    assert canonical(name.upper().replace("-", "_")) == name
    assert family(f"  {name.title()} ") is FAMILIES[name]


def test_a_misspelling_gets_family_names_never_aliases() -> None:
    assert closest("gausian")[0] == "normal"
    assert all(n in FAMILIES for n in closest("nbinomial"))
    with pytest.raises(ModelError, match="did you mean normal"):
        family("nrmal")
    with pytest.raises(ModelError) as error:
        family("qqqqq")
    assert "did you mean" not in str(error.value) and "symle families" in str(error.value)


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_a_parametrisation_names_every_parameter_of_its_family(name: str) -> None:
    from symle.listing import catalogue_rows

    row = next(r for r in catalogue_rows() if r["name"] == name)
    words = set(PARAMETRISATIONS[name].replace(",", " ").replace("(", " ").replace(")", " ").split())
    assert set(row["parameters"]) <= words, (name, row["parameters"])
