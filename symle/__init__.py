"""symle: symbolic maximum-likelihood derivations, rendered as a textbook prints them."""

from __future__ import annotations

from symle.checker import CheckReport, check
from symle.errors import SymleError
from symle.model.formula import parse_expression
from symle.pipeline import derive
from symle.stages.derivation import Derivation, Estimator, Step
from symle.worksheets.problems import worksheet

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
