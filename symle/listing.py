"""The catalogue as a listing: each family with its parameters, support, kind of estimator, density,
parametrisation and other names, read from the catalogue's declarations (tests/test_listing.py checks
them against the derivations), so that `symle families` answers at once, without SymPy."""

from __future__ import annotations

import re
from typing import Any

from symle.model.catalogue import FAMILIES, Family, coefficients
from symle.model.names import ALIASES, PARAMETRISATIONS


def parameters(entry: Family) -> list[str]:
    """The parameters a derivation of the family estimates: a regression's coefficients first."""
    names = [p.name for p in coefficients(entry, entry.covariates)[0]] if entry.covariates else []
    return names + [p.name for p in entry.parameters]


def method(entry: Family, name: str) -> str:
    """A parameter in the support is estimated at its boundary; the others as the family declares."""
    return "boundary" if re.search(rf"\b{re.escape(name)}\b", entry.support) else entry.method


def catalogue_rows() -> list[dict[str, Any]]:
    """One row per family: name, parameters, support, covariates, each parameter's method, the
    parameters that must be given with --known, the density, its parametrisation and aliases."""
    return [
        {
            "name": entry.name,
            "parameters": parameters(entry),
            "support": entry.support or f"{entry.var} real",
            "covariates": list(entry.covariates),
            "methods": {name: method(entry, name) for name in parameters(entry)},
            "needs_known": [c.name for c in entry.constants],
            "density": density_text(entry.name),
            "parametrisation": PARAMETRISATIONS[entry.name],
            "aliases": [alias for alias, name in ALIASES.items() if name == entry.name],
        }
        for entry in FAMILIES.values()
    ]


def density_text(name: str) -> str:
    """The family's density as its formula is typed (a regression's with its linear predictor)."""
    entry = FAMILIES[name]
    text = entry.display or entry.density
    if entry.covariates:
        text = text.replace("eta", coefficients(entry, entry.covariates)[1])
    given = " | " + ", ".join(entry.covariates) if entry.covariates else ""
    return f"f({entry.var}{given}) = {text}"
