"""symle: symbolic maximum-likelihood derivations, rendered as a textbook prints them."""

from __future__ import annotations

from symle.checker import CheckReport, check
from symle.derivation import Derivation, Estimator, Step
from symle.engine import derive
from symle.errors import SymleError
from symle.parse import parse_expression
from symle.worksheet import worksheet

__version__ = "0.1.0"

__all__ = [
    "CheckReport",
    "Derivation",
    "Estimator",
    "Step",
    "SymleError",
    "check",
    "derive",
    "parse_expression",
    "worksheet",
    "__version__",
]
