"""symle: symbolic maximum-likelihood derivations, rendered as a textbook prints them."""

from __future__ import annotations

from symle.api import Derivation, derive
from symle.checker import CheckReport, check
from symle.errors import SymleError
from symle.model.formula import parse_expression
from symle.stages.estimators import Estimator
from symle.stages.step import Step
from symle.worksheets import worksheet

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
