"""The exact bias of a power of a gamma-distributed sum: a sum whose terms take negative values is
refused at once (its terms are not gamma distributed), as the integrals would refuse it, slowly."""

from __future__ import annotations

import pytest
import sympy as sp

import symle
from symle.algebra.sample import n
from symle.algebra.sums import is_sample_sum
from symle.budget import Budget
from symle.followups import exact_bias
from symle.followups.exact_bias import _gamma_terms, _negative_somewhere
from symle.followups.moments import scalar_form
from symle.model.formula import parse_expression


def term_of(d: symle.Derivation, parameter: str) -> sp.Expr:
    (total,) = [s for s in d.estimators[parameter].value.atoms(sp.Sum) if is_sample_sum(s)]
    return scalar_form(d.model, total.function)


@pytest.mark.parametrize(
    ("density", "params", "support"),
    [
        ("theta*x^(theta-1)", "theta", "0 < x < 1"),
        pytest.param("theta*(1-x)^(theta-1)", "theta", "0 < x < 1", marks=pytest.mark.slow),
    ],
)
def test_a_sum_of_negative_terms_is_refused_as_the_integrals_refuse_it(density, params, support, monkeypatch) -> None:
    d = symle.derive(density, params=params, support=support)
    term = term_of(d, "theta")
    assert _negative_somewhere(term, d.model)
    monkeypatch.setattr(exact_bias, "EXACT_SECONDS", 60)  # (the integrals take 1-2 s)
    assert _gamma_terms(term, d.model, Budget(120)) is None
    assert d.bias == {"theta": None}


@pytest.mark.parametrize(
    ("model", "kw", "bias"),
    [
        ("exponential", {}, "lambda/(n - 1)"),
        ("rayleigh", {}, "-sigma + sigma*gamma(n + 1/2)/(sqrt(n)*gamma(n))"),
        ("half-normal", {}, "-sigma + sqrt(2)*sigma*gamma(n/2 + 1/2)/(sqrt(n)*gamma(n/2))"),
        ("lambda^2*x*exp(-lambda*x)", {"params": "lambda", "support": "x > 0"}, "lambda/(2*n - 1)"),
    ],
)
def test_a_sum_of_positive_terms_goes_on_to_the_integrals(model, kw, bias) -> None:
    d = symle.derive(model, **kw)
    (name,) = [p for p, e in d.estimators.items() if e.value is not None and e.value.has(sp.Sum)]
    assert not _negative_somewhere(term_of(d, name), d.model)
    symbols = {p.symbol.name: p.symbol for p in (*d.model.parameters, *d.model.known_parameters)}
    assert sp.simplify(d.bias[name] - parse_expression(bias, {**symbols, "n": n})) == 0
