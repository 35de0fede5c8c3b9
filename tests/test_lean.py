"""The command line's SymPy without its unit systems (symle.lean): simplify and solve answer as with
them, and the unit systems are not loaded."""

from __future__ import annotations

import subprocess
import sys

WORK = """
import sys
{setup}
import sympy as sp
x, y = sp.symbols("x y", positive=True)
n = sp.Symbol("n", integer=True, positive=True)
print(sp.simplify((x**2 - y**2) / (x - y)))
print(sp.simplify(sp.exp(x) * sp.exp(-x) + sp.log(x * y) - sp.log(x)))
print(sp.solve(n / x - 3 * y, x), sp.solve(x**2 - 4 * y, x))
print("sympy.physics.units.systems" in sys.modules)
"""


def run(setup: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", WORK.format(setup=setup)], capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def test_simplify_and_solve_answer_as_with_the_unit_systems() -> None:
    lean = run("from symle.lean import without_units; without_units()")
    full = run("")
    assert lean[:-1] == full[:-1]
    assert lean[-1] == "False" and full[-1] == "True"  # (and the unit systems were not loaded)


def test_the_real_module_once_loaded_stays() -> None:
    setup = "import sympy.physics.units; from symle.lean import without_units; without_units()"
    assert run(setup)[-1] == "True"
