"""Choosing among several roots of a score equation: the one every possible sample puts in the domain.

A quadratic score equation (N(theta, theta^2), Lindley's distribution, genetic linkage) has two
roots, and only one of them can be an estimate: the other is negative, or outside (0, 1), for every
sample. SymPy rarely proves that sign (it would need sqrt(b^2 + 4ac) > b), so the roots are tried
on random samples drawn in the support: a root that leaves the domain for some sample is no
estimator. One survivor is the closed form; none or several, and the parameter goes to the
numeric path as before."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import sympy as sp

from symle.algebra.sample import n
from symle.model.model import Model, Parameter

TRIALS = 12


def root_in_domain(
    roots: Sequence[sp.Expr], parameter: Parameter, sums: Mapping[sp.Symbol, sp.Expr], model: Model
) -> sp.Expr | None:
    """The one root (over hidden sums `sums`) in the parameter's domain for every sample tried."""
    rng = np.random.default_rng(20261201)
    alive = list(roots)
    others = [p for p in model.parameters if p != parameter]
    for _ in range(TRIALS):
        columns = _sample(model, rng, int(rng.integers(5, 60)))
        if columns is None:
            return None
        values: dict[sp.Basic, sp.Expr] = {n: sp.Integer(len(next(iter(columns.values()))))}
        values.update({p.symbol: sp.Float(p.space.random(rng)) for p in others})
        for dummy, total in sums.items():
            values[dummy] = sp.Float(_total(total, columns, model))
        kept = []
        for root in alive:
            try:
                value = complex(root.xreplace(values).evalf(20))
            except (TypeError, ValueError, ZeroDivisionError):
                continue
            if abs(value.imag) <= 1e-9 * max(1.0, abs(value.real)) and parameter.space.contains(value.real):
                kept.append(root)
        alive = kept
        if not alive:
            return None
    return alive[0] if len(alive) == 1 else None


def _sample(model: Model, rng: np.random.Generator, size: int) -> dict[str, np.ndarray] | None:
    """A random sample in the support (not from the model: any sample must give an estimate in the
    domain), with random covariates for a conditional model."""
    support = model.support
    low, high = support.lower, support.upper
    if (low.free_symbols | high.free_symbols) & set(model.symbols):
        return None
    if support.values is not None:
        x = rng.choice(np.array(support.values, dtype=float), size)
    elif support.discrete:
        x = float(low) + rng.poisson(3.0, size).astype(float)
        if high.is_finite:
            x = np.minimum(x, float(high))
    elif low.is_finite and high.is_finite:
        x = rng.uniform(float(low), float(high), size)
    elif low.is_finite:
        x = float(low) + rng.exponential(2.0, size)
    elif high.is_finite:
        x = float(high) - rng.exponential(2.0, size)
    else:
        x = rng.normal(0.5, 2.0, size)
    columns = {model.var.name: x}
    zero_one = set(model.indicators) | ({model.censoring.indicator} if model.censoring is not None else set())
    for c in model.covariates:  # a 0/1 indicator is drawn 0 or 1, one 1 at least (a failure observed)
        columns[c.name] = (
            np.maximum(rng.integers(0, 2, size), np.arange(size) == 0) if c in zero_one else rng.normal(0.0, 1.0, size)
        )
    return columns


def _total(total: sp.Sum, columns: Mapping[str, np.ndarray], model: Model) -> float:
    """A sum over the sample evaluated on these columns."""
    index = total.limits[0][0]
    observations = {a: sp.Symbol(f"_column_{a.base.label.name}") for a in total.function.atoms(sp.Indexed)}
    body = total.function.xreplace(observations)
    function = sp.lambdify(list(observations.values()), body, modules=["scipy", "numpy"])
    with np.errstate(all="ignore"):
        values = function(*[columns[a.base.label.name] for a in observations])
    assert not body.has(index)
    return float(np.sum(np.broadcast_to(values, next(iter(columns.values())).shape)))
