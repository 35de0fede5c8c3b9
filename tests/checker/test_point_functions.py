"""The evaluation points' special functions: the gamma function's family from the standard library
(the Poisson's x!, the binomial coefficient, the gamma's Γ(α)) gives SciPy's values, NaN where it is
undefined, and checking a homework of such functions loads neither SciPy nor numpy.testing."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import sympy as sp
from scipy import special

from symle.checker.points import _GAMMAS, _lambdify, _modules

a, b = sp.symbols("a b", positive=True)
A = np.array([0.3, 1.0, 2.5, 7.0, 30.0, 150.0])
B = np.array([0.2, 1.0, 2.0, 3.0, 12.0, 40.0])


@pytest.mark.parametrize(
    ("expr", "reference"),
    [
        (sp.gamma(a), special.gamma(A)),
        (sp.loggamma(a), special.gammaln(A)),
        (sp.factorial(a), special.gamma(A + 1)),
        (sp.log(sp.factorial(a)), special.gammaln(A + 1)),
        (sp.binomial(a, b), special.binom(A, B)),
        (sp.beta(a, b), special.beta(A, B)),
    ],
    ids=str,
)
def test_the_gamma_family_gives_scipys_values(expr, reference):
    assert _modules(expr)[0] is _GAMMAS
    values = _lambdify([a, b], expr, _modules(expr))(A, B)
    assert np.allclose(values, reference, rtol=1e-12, atol=0)


def test_undefined_values_are_nan_not_an_error():
    with np.errstate(all="ignore"):
        values = _lambdify([a], sp.gamma(a), _modules(sp.gamma(a)))(np.array([-1.0, 0.0, 200.0, 2.0]))
    assert np.isnan(values[:3]).all() and values[3] == 1.0


def test_other_special_functions_still_use_scipy():
    assert _modules(sp.polygamma(0, a)) == ["scipy", "numpy"]


def test_checking_a_poisson_homework_loads_neither_scipy_nor_numpy_testing():
    script = (
        "import sys, symle.worker as w; w._BOUNDED = 1\n"
        "from symle.checker import check_text\n"
        "report = check_text('model: poisson\\nloglik: sum(x_i)*log(lambda) - n*lambda - sum(log(x_i!))\\n')\n"
        "assert report.ok, report\n"
        "print(sorted(m for m in ('scipy', 'numpy.testing', 'numpy.f2py') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
