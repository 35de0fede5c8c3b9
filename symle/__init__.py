"""symle: symbolic maximum-likelihood derivations, rendered as a textbook prints them."""

from __future__ import annotations

from symle.derivation import Derivation, Estimator, Step
from symle.engine import derive
from symle.errors import SymleError
from symle.parse import parse_expression

__version__ = "0.1.0"

__all__ = ["Derivation", "Estimator", "Step", "SymleError", "derive", "parse_expression", "__version__"]
