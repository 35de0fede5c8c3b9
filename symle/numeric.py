"""Numeric fitting for parameters without a closed form (arrives with the numeric-fallback work)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from symle.errors import NotSupported

if TYPE_CHECKING:
    from symle.data import Sample
    from symle.derivation import Derivation
    from symle.fit import FitResult


def fit_numeric(derivation: Derivation, sample: Sample) -> FitResult:
    names = ", ".join(n for n, e in derivation.estimators.items() if not e.closed_form)
    raise NotSupported(f"{names} of {derivation.model.name} has no closed form and numeric fitting is not available yet")
