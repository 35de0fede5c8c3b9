"""The displayed forms are the derived values: every density as a textbook prints it, the likelihood's
product and collected forms, the log-likelihood in textbook order, and each equation part as it is
printed (fewer fractions, signs shown) equal what the pipeline derived, at random points."""

from __future__ import annotations

import functools
import random

import pytest
import sympy as sp
from sweeps import sweep

import symle
from symle.algebra import notation
from symle.algebra.sample import SampleStatistic
from symle.model.catalogue import FAMILIES
from symle.render.equations import _signs_shown, sign_shown
from symle.stages.step import Equation

KNOWN = {"binomial": {"m": 10}}
TYPED = {
    "uniform-zero": ("1/theta", {"params": "theta", "support": "0<x<theta"}),
    "pareto-one": ("theta*x^(-theta-1)", {"params": "theta", "support": "x>1"}),
    "poisson-theta": ("theta^x*exp(-theta)/factorial(x)", {"params": "theta", "support": "x in {0,1,...}"}),
    "laplace-typed": ("exp(-abs(x-mu)/b)/(2*b)", {"params": "mu,b"}),
    "power": ("(theta+1)*x^theta", {"params": "theta", "support": "0<x<1"}),
    "gamma-two": ("theta^2*x*exp(-theta*x)", {"params": "theta", "support": "x>0"}),
    "triangle": ("2*x/theta^2", {"params": "theta", "support": "0<x<theta"}),
}
MODELS = sorted(FAMILIES) + sorted(TYPED)
N = sp.Symbol("n", integer=True, positive=True)
SIZE = 4  # the sample size the sums and products are expanded at


@functools.cache
def derivation(model: str) -> symle.Derivation:
    if model in TYPED:
        text, options = TYPED[model]
        return symle.derive(text, **options)
    return symle.derive(model, known=KNOWN.get(model))


def value(expr: sp.Basic, seed: int) -> complex:
    """expr at a random point: n = 4 (sums and products written out), every symbol, observation,
    estimate, profile and sample statistic a random number in (0.2, 0.9), the same one on both sides."""

    def number(key: str) -> sp.Float:  # by name, so both sides draw the same number whatever their order
        return sp.Float(random.Random(f"{seed}:{key}").uniform(0.2, 0.9))

    expr = expr.xreplace({N: sp.Integer(SIZE)})
    expr = expr.replace(lambda e: isinstance(e, notation.Indicator), lambda e: sp.Integer(1))
    expr = expr.doit()
    stand_ins = {
        a: number(str(a))
        for a in expr.atoms(notation.Hat, notation.Profile, SampleStatistic, sp.Indexed)
        if not a.has(sp.Dummy)
    }
    expr = expr.xreplace(stand_ins)
    expr = expr.xreplace({s: number(s.name) for s in expr.free_symbols if isinstance(s, sp.Symbol)})
    return complex(sp.N(expr.doit()))


def assert_equal(shown: sp.Basic, derived: sp.Basic) -> None:
    if shown == derived:
        return
    for seed in range(3):
        a, b = value(shown, seed), value(derived, seed)
        assert abs(a - b) <= 1e-9 * max(1.0, abs(b)), (shown, derived, a, b)


@pytest.mark.parametrize("model", sweep(MODELS))
def test_the_density_as_printed_is_the_density(model):
    m = derivation(model).model
    assert m.display is not None
    assert_equal(m.display, m.density)


@pytest.mark.parametrize("model", sweep(MODELS))
def test_the_likelihood_and_log_likelihood_as_printed_are_the_derived_ones(model):
    likelihood = derivation(model).likelihood
    assert_equal(likelihood.product, likelihood.product_form)
    assert_equal(likelihood.loglik_form, likelihood.loglik)


@pytest.mark.parametrize("model", sweep(MODELS))
def test_every_equation_part_as_printed_is_the_derived_part(model):
    for step in derivation(model).steps:
        for equation in step.equations:
            shown = _signs_shown(equation)
            for part, derived in zip(shown.parts, equation.parts, strict=True):
                if isinstance(derived, sp.MatrixBase):
                    for shown_entry, derived_entry in zip(part, derived, strict=True):
                        assert_equal(shown_entry, derived_entry)
                elif isinstance(derived, sp.Expr):
                    assert_equal(part, derived)


def test_a_sign_is_shown_by_turning_one_factor_round():
    p, n = sp.Symbol("p", positive=True), N
    shown = sign_shown(10 * n / ((p - 1) * p), negative=True)
    assert shown.could_extract_minus_sign()
    assert sp.simplify(shown - 10 * n / ((p - 1) * p)) == 0
    assert sign_shown(-n / p**2, negative=True) == -n / p**2
    assert _signs_shown(Equation((n / (p - 1), sp.Integer(0)), ("<",))).parts[0] == -n / (1 - p)
