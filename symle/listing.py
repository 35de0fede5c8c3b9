"""The catalogue as a listing: each family with its parameters, support and kind of estimator."""

from __future__ import annotations

from typing import Any

from symle.model.catalogue import FAMILIES


def catalogue_rows(timeout: float = 10) -> list[dict[str, Any]]:
    """One row per family: name, parameters, support, and each parameter's method, derived."""
    from symle.pipeline import derive

    rows = []
    for entry in FAMILIES.values():
        known = [f"{c.name}=10" for c in entry.constants]
        derivation = derive(entry.name, known=known, timeout=timeout)
        rows.append(
            {
                "name": entry.name,
                "parameters": list(derivation.parameters),
                "support": entry.support or f"{entry.var} real",
                "covariates": list(entry.covariates),
                "methods": {name: e.method for name, e in derivation.estimators.items()},
                "needs_known": [c.name for c in entry.constants],
            }
        )
    return rows
