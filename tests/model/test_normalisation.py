"""The check that a typed density is one, where SymPy finds no integral: a density that does not vanish
towards an infinite end of its support integrates to infinity and is refused as such; a proper density
that SymPy cannot integrate is kept (with the note that its normalisation is unverified, or checked by
quadrature). The tails are judged against an independent computation (mpmath's limits and quadrature)."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp

import symle
from symle.budget import Budget
from symle.errors import ModelError
from symle.model.formula import parse_formula
from symle.model.normalisation import _in_log_scale, _tail_stays_up
from symle.model.support import Support, parse_support

X = sp.Symbol("x", real=True)
REAL = Support(sp.S.NegativeInfinity, sp.S.Infinity, False, False, False, None)


@pytest.mark.parametrize(
    ("density", "params", "support"),
    [
        ("exp(-exp(exp(x-a)))", "a", None),  # tends to e^(-1) as x -> -oo
        ("exp(-exp(exp(-x-a)))", "a", None),  # the mirror image: e^(-1) as x -> +oo
        ("exp(-1/(1+(x-a)^2))", "a", None),  # tends to 1 at both ends
        # (of the kind above, a constant at both ends: in the slow run)
        pytest.param("exp(-a/(1+x^2))", "a:positive", None, marks=pytest.mark.slow),
        ("exp(-exp(exp(x-a)))/exp(-exp(1))", "a", "x < 0"),
        ("(1 + sin(x)^2)*exp(-a)", "a", None),  # oscillates, never below e^(-a)
    ],
)
def test_a_density_that_does_not_vanish_at_an_infinite_end_diverges(
    density: str, params: str, support: str | None
) -> None:
    with pytest.raises(ModelError) as caught:
        symle.derive(density, params=params, support=support, timeout=60)
    assert "integral over its support diverges" in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        "exp(-exp(x-2/5)-exp(-(x-2/5)))",
        "exp(-x^2/2-sin(x)^2)",
        "exp(-x-exp(-x))*exp(-x^2/100)",
        "exp(-x*atan(x))",
        "exp(-cosh(x)^2)",
        "1/(pi*(1+x^2))",  # Cauchy: the heaviest common tail, 1/(pi x^2)
    ],
)
def test_proper_densities_without_a_symbolic_integral_keep_their_tails(text: str) -> None:
    """Each vanishes at both ends (mpmath's limit is 0) and has a finite integral (SciPy's quadrature),
    so the tail check must not refuse it."""
    integrate = pytest.importorskip("scipy.integrate")
    density = parse_formula(text, {"x": X})
    function = sp.lambdify(X, density, modules="mpmath")
    for end in (mpmath.inf, -mpmath.inf):
        assert abs(mpmath.limit(function, end)) < 1e-12
    with np.errstate(all="ignore"):  # exp(-exp(x)) overflows inside, to an exact 0
        value, error = integrate.quad(sp.lambdify(X, density, modules=["scipy", "numpy"]), -np.inf, np.inf)
    assert 0 < value < 10 and error < 1e-6
    assert not _tail_stays_up(density, X, REAL, Budget(30))


def test_the_tail_check_is_numeric_where_double_precision_overflows() -> None:
    """exp(-exp(exp(x))) underflows to 0 in double precision far to the right, and stays at e^(-1)
    far to the left: no SymPy limit needed for either end."""
    density = parse_formula("exp(-exp(exp(x)))", {"x": X})
    assert _tail_stays_up(density, X, REAL, Budget(30))
    positive = Support(sp.S.Zero, sp.S.Infinity, False, False, False, None)
    assert not _tail_stays_up(density, X, positive, Budget(30))


def test_a_discrete_density_with_a_heavy_tail_is_kept() -> None:
    """The Borel distribution's terms overflow double precision far out (inf/inf), not mpmath."""
    derivation = symle.derive("exp(-mu*x)*(mu*x)^(x-1)/factorial(x)", params="mu", support="x in {1, 2, ...}")
    assert "mu" in derivation.estimators


@pytest.mark.parametrize(
    ("density", "support"),
    [
        ("exp(-(log(x) - 1/3)^2/8)/(2*x*sqrt(2*pi))", "x > 0"),  # a lognormal
        ("exp(-(log(x))^2/2)/(x*sqrt(2*pi))", "x > 1"),  # half of one, on x > 1
        ("log(x)/x^2", "x > 1"),
        ("exp(-(log(x) - 1)^2/2)/x", "x > 0"),  # not normalised: sqrt(2 pi)
    ],
)
def test_a_density_in_log_x_is_integrated_in_log_x(density: str, support: str) -> None:
    x = sp.Symbol("x", positive=True)
    formula = parse_formula(density, {"x": x})
    found = _in_log_scale(formula, x, parse_support(support, "x", {"x": x}))
    lower = 1 if support == "x > 1" else 0
    assert abs(float(found) - float(mpmath.quad(sp.lambdify(x, formula, "mpmath"), [lower, mpmath.inf]))) < 1e-9
