"""Printed follow-ups are real on the parameter space: a logarithm whose argument is negative there
(log(-θ) - log(θ - 2) on 0 < θ < 2, right only on the principal complex branch) is printed over the
negated argument, log θ - log(2 - θ) (lecturer round 6, M1)."""

from __future__ import annotations

import json

import mpmath
import pytest
import sympy as sp
from adversary import run_here

from symle.algebra.logs import inside_interval, real_logs

theta, n = sp.symbols("theta n")

# (typed density, support, its end, one observation's information by quadrature); both have the
# space 0 <= θ <= 2 and printed log(-θ) - log(θ - 2) before (the second is M1 stretched to 0 < x < 2)
CASES = [
    ("theta + 2*(1-theta)*x", 1, lambda t: mpmath.quad(lambda x: (1 - 2 * x) ** 2 / (t + 2 * (1 - t) * x), [0, 1])),
    ("theta/2 + (1-theta)*x/2", 2, lambda t: mpmath.quad(lambda x: (1 - x) ** 2 / (2 * t + 2 * (1 - t) * x), [0, 2])),
]


@pytest.mark.parametrize("density, end, one", CASES)
def test_information_is_real_on_the_space(density: str, end: int, one) -> None:
    support = f"0 < x < {end}"
    result, _ = run_here("derive", density, "--params", "theta", "--support", support, "--format", "json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    printed = {
        "information": sp.sympify(out["fisher_information"][0][0], locals={"theta": theta, "n": n}),
        "variance": 1 / sp.sympify(out["asymptotic_variance"]["theta"], locals={"theta": theta, "n": n}),
    }
    for value in (sp.Rational(2 * k, 7) for k in range(1, 7)):  # inside 0 < θ < 2, and not at 1, where it is 0/0
        for what, expr in printed.items():
            at = expr.subs({theta: value, n: 1})
            for node in expr.atoms(sp.log):
                assert node.args[0].subs(theta, value) > 0, (what, node, value)
            assert complex(at.evalf()) == pytest.approx(float(one(float(value))), rel=1e-9), (what, value)


def test_real_logs_leaves_what_it_cannot_make_real() -> None:
    inside = {theta: inside_interval(theta, sp.Integer(0), sp.Integer(2))}
    assert real_logs(sp.log(-theta) - sp.log(theta - 2) + 1, inside) == sp.log(theta / (2 - theta)) + 1
    lone = sp.log(-theta) + theta  # iπ does not cancel: the expression is complex, and stays as it is
    assert real_logs(lone, inside) == lone
    assert real_logs(sp.log(theta + 1), inside) == sp.log(theta + 1)
