"""symle: symbolic maximum-likelihood derivations, rendered as a textbook prints them.

The names below are loaded on first use, so that `symle` on the command line starts quickly."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "CheckReport": "symle.checker",
    "Derivation": "symle.api",
    "Estimator": "symle.stages.estimators",
    "Step": "symle.stages.step",
    "SymleError": "symle.errors",
    "check": "symle.checker",
    "compare": "symle.comparing",
    "derive": "symle.api",
    "fit": "symle.api",
    "parse_expression": "symle.model.formula",
    "worksheet": "symle.worksheets",
}

__all__ = [
    "CheckReport",
    "Derivation",
    "Estimator",
    "Step",
    "SymleError",
    "check",
    "compare",
    "derive",
    "fit",
    "parse_expression",
    "worksheet",
    "__version__",
]

if TYPE_CHECKING:
    from symle.api import Derivation, derive, fit
    from symle.checker import CheckReport, check
    from symle.comparing import compare
    from symle.errors import SymleError
    from symle.model.formula import parse_expression
    from symle.stages.estimators import Estimator
    from symle.stages.step import Step
    from symle.worksheets import worksheet


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'symle' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
