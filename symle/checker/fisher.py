"""The Fisher information and asymptotic variances the `fisher` and `variance` steps are compared with,
read from symle's own derivation (with integrals over the density where the score identity is not enough)."""

from __future__ import annotations

import sympy as sp

from symle.budget import WALL_FACTOR, Budget
from symle.derivation import Derivation
from symle.followups.information import Information, information
from symle.recent import Recent

INTEGRATION_SECONDS = 8.0

_INTEGRATED: Recent[object, Information] = Recent(64)


def _complete(derivation: Derivation) -> Information | None:
    """The derivation's information if it covers every parameter; else the same computed with
    integrals over the density (remembered per model: a batch asks for the same one again and again)."""
    info = derivation.information
    if info is None or info.irregular:
        return None  # the matrix form, or the support moves with a parameter
    if info.complete:
        return info
    model = derivation.model
    key = (model.name, model.density, model.var, model.parameters, tuple(model.known.items()), model.support)
    if key not in _INTEGRATED:
        _INTEGRATED[key] = information(
            derivation.likelihood,
            derivation.score,
            derivation.solved,
            Budget(WALL_FACTOR * INTEGRATION_SECONDS),  # (the steps' caps are processor time; this, a net)
            integrate=True,
        )
    found = _INTEGRATED[key]
    return found if found.complete else None


def fisher_matrix(derivation: Derivation) -> sp.Matrix | None:
    """The Fisher information matrix of n observations, or None when symle cannot find it."""
    info = _complete(derivation)
    return None if info is None else info.fisher


def asymptotic_variance(derivation: Derivation, parameter: str) -> sp.Expr | None:
    """The parameter's diagonal entry of the inverse information."""
    info = _complete(derivation)
    return None if info is None else info.variance.get(parameter)
