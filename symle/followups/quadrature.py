"""The information of one observation by numerical integration, to verify SymPy's symbolic integrals.

SymPy's integrals are occasionally wrong (a branch taken for a parameter value outside the domain,
an improper integral taken as if it converged); an expected information that came from them is
kept only when quadrature at trial parameter values agrees with it."""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import sympy as sp

from symle.model.model import Model, Parameter
from symle.stages.score import derivatives

TERMS = 5_000


def information_of_one(
    model: Model, log_density: sp.Expr, parameters: tuple[Parameter, ...], trial: Mapping[sp.Symbol, sp.Expr]
) -> np.ndarray | None:
    """-E[Hessian of log f] at these parameter values, by quadrature (sums for a discrete support);
    None when the integrals do not settle."""
    x = model.var
    _, hessian = derivatives(log_density, [p.symbol for p in parameters])
    density = sp.lambdify(x, model.density.xreplace(trial), modules=["scipy", "numpy"])
    entries = [
        [sp.lambdify(x, -hessian[r, c].xreplace(trial), modules=["scipy", "numpy"]) for c in range(len(parameters))]
        for r in range(len(parameters))
    ]
    support = model.support.substitute(trial)
    result = np.zeros((len(parameters), len(parameters)))
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="ignore"):
        warnings.simplefilter("always")
        for r, row in enumerate(entries):
            for c, entry in enumerate(row):
                result[r, c] = _expectation(entry, density, support)
    if caught or not np.all(np.isfinite(result)):
        return None
    return result


def _expectation(entry, density, support) -> float:  # type: ignore[no-untyped-def]
    if support.values is not None or support.discrete:
        values = np.array(support.values, dtype=float) if support.values is not None else None
        if values is None:
            start = float(support.lower)
            stop = float(support.upper) if support.upper.is_finite else start + TERMS
            values = np.arange(start, stop + 1)
        weights = np.asarray(density(values), dtype=float)
        return float(np.sum(weights * np.broadcast_to(entry(values), values.shape)))
    from scipy.integrate import quad

    lower = float(support.lower) if support.lower.is_finite else -np.inf
    upper = float(support.upper) if support.upper.is_finite else np.inf
    value, _ = quad(lambda t: float(entry(t) * density(t)), lower, upper, limit=200)
    return value
