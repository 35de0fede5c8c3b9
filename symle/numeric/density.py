"""The model's density (or probability mass) as a NumPy function of the variable at given parameter
values, zero outside the support: what the exact boundary intervals integrate and the plots draw."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import sympy as sp

from symle.model.model import Model
from symle.numeric.evaluate import numeric_form
from symle.stages.likelihood import log_density

Curve = Callable[[np.ndarray], np.ndarray]


def density_function(model: Model) -> Callable[[Mapping[str, float]], Curve]:
    """values -> f(·; θ): the density at an array of x for the parameters' values by name (known ones
    are already in the model's density), 0 outside the support at those values and where f is not
    finite. The support's ends are worked out once for each set of values, not once a point."""
    names = [p.name for p in model.parameters]
    symbols = [model.var, *(p.symbol for p in model.parameters)]
    compiled = sp.lambdify(symbols, model.density, modules=["scipy", "numpy"])
    # (λ^x e^(-λ)/x! at x = 50 000 is inf/inf: then e^(log f), whose log Γ does not overflow)
    logged = sp.lambdify(symbols, numeric_form(log_density(model)), modules=["scipy", "numpy"])
    support = model.support

    def at(values: Mapping[str, float]) -> Curve:
        low, high = support_ends(model, values)
        args = [values[n] for n in names]

        def density(x: np.ndarray) -> np.ndarray:
            x = np.asarray(x, dtype=float)
            with np.errstate(all="ignore"):
                out = np.array(np.broadcast_to(compiled(x, *args), x.shape), dtype=float)
                lost = ~np.isfinite(out) | (out == 0)
                if lost.any():
                    again = np.exp(np.broadcast_to(logged(x, *args), x.shape))
                    out = np.where(lost & np.isfinite(again), again, out)
            inside = np.isfinite(out) & np.isfinite(x)
            inside &= (x >= low) if support.lower_closed or support.discrete else (x > low)
            inside &= (x <= high) if support.upper_closed or support.discrete else (x < high)
            if support.discrete:
                inside &= x == np.round(x)
            if support.values is not None:
                inside &= np.isin(x, np.array(support.values, dtype=float))
            return np.where(inside, out, 0.0)

        return density

    return at


def support_ends(model: Model, values: Mapping[str, float]) -> tuple[float, float]:
    """The support's ends at the parameters' values (±inf where unbounded)."""
    ends = []
    for bound in (model.support.lower, model.support.upper):
        bound = sp.sympify(bound).xreplace(
            {s: sp.Float(values[s.name]) for s in bound.free_symbols if s.name in values}
        )
        ends.append(float(bound) if bound.is_number else float("nan"))
    return ends[0], ends[1]
