"""A lighter SymPy for symle's own command-line process: SymPy's simplify and solve import the whole
of sympy.physics.units (its unit systems take as long to load as a third of SymPy itself) only to
check that an expression holds no physical quantity. No expression of symle's ever does: the
formula readers know no units. Here that module is a stand-in whose Quantity class is never built,
so those checks give the same answer, False, at no cost.

Only for the command line, which owns its process: `symle` as a library leaves its host's modules alone."""

from __future__ import annotations

import sys
import types
from typing import Any

UNITS = "sympy.physics.units"


def without_units() -> None:
    """Put the stand-in in place, unless the real module is loaded already."""
    if UNITS in sys.modules:
        return
    stand_in = types.ModuleType(UNITS, "symle's stand-in for sympy.physics.units: no quantities (symle.lean)")

    def quantity(name: str) -> Any:
        if name not in ("Quantity", "Unit"):
            raise AttributeError(f"module {UNITS!r} has no attribute {name!r} (symle's stand-in)")
        from sympy import AtomicExpr  # (SymPy is loaded by then: only its own code asks)

        class Quantity(AtomicExpr):  # type: ignore[misc]
            """Never built: an expression's has(Quantity) is False, as with SymPy's own class."""

        stand_in.Quantity = stand_in.Unit = Quantity  # type: ignore[attr-defined]
        return Quantity

    stand_in.__getattr__ = quantity  # type: ignore[method-assign]
    sys.modules[UNITS] = stand_in
