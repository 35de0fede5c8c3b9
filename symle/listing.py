"""The catalogue as a listing: each family with its parameters, support and kind of estimator."""

from __future__ import annotations

from typing import Any

from symle.model.catalogue import FAMILIES, coefficients
from symle.model.names import ALIASES, PARAMETRISATIONS
from symle.model.spec import ModelSpec
from symle.pipeline import Options, Stage, derive


def catalogue_rows(timeout: float = 10) -> list[dict[str, Any]]:
    """One row per family: name, parameters, support, and each parameter's method, derived
    (up to the estimators: the listing needs no follow-ups)."""
    rows = []
    for entry in FAMILIES.values():
        known = [f"{c.name}=10" for c in entry.constants]
        estimators = derive(ModelSpec.of(entry.name, known=known), Options(timeout), stop=Stage.ESTIMATORS)
        rows.append(
            {
                "name": entry.name,
                "parameters": list(estimators),
                "support": entry.support or f"{entry.var} real",
                "covariates": list(entry.covariates),
                "methods": {name: e.method for name, e in estimators.items()},
                "needs_known": [c.name for c in entry.constants],
                "density": density_text(entry.name),
                "parametrisation": PARAMETRISATIONS[entry.name],
                "aliases": [alias for alias, name in ALIASES.items() if name == entry.name],
            }
        )
    return rows


def density_text(name: str) -> str:
    """The family's density as its formula is typed (a regression's with its linear predictor)."""
    entry = FAMILIES[name]
    text = entry.display or entry.density
    if entry.covariates:
        text = text.replace("eta", coefficients(entry, entry.covariates)[1])
    given = " | " + ", ".join(entry.covariates) if entry.covariates else ""
    return f"f({entry.var}{given}) = {text}"
