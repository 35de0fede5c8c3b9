"""Numeric evaluation of expressions in the data: sums become NumPy reductions, never Python loops."""

from __future__ import annotations

from collections.abc import Mapping

import mpmath
import numpy as np
import sympy as sp

from symle.algebra.sample import SampleStatistic, n
from symle.algebra.sums import is_sample_sum

EXACT_LIMIT = 200_000  # observations up to which an overflowing sum is done again exactly


def numeric_form(expr: sp.Expr) -> sp.Expr:
    """Rewrite logs of factorials, gammas and binomials as loggamma, which stays finite for large
    arguments where the functions themselves overflow."""
    rules = (
        (
            lambda e: isinstance(e, sp.log) and isinstance(e.args[0], sp.factorial),
            lambda e: sp.loggamma(e.args[0].args[0] + 1),
        ),
        (lambda e: isinstance(e, sp.log) and isinstance(e.args[0], sp.gamma), lambda e: sp.loggamma(e.args[0].args[0])),
        (
            lambda e: isinstance(e, sp.log) and isinstance(e.args[0], sp.binomial),
            lambda e: (
                sp.loggamma(e.args[0].args[0] + 1)
                - sp.loggamma(e.args[0].args[1] + 1)
                - sp.loggamma(e.args[0].args[0] - e.args[0].args[1] + 1)
            ),
        ),
    )
    for test, rewrite in rules:
        expr = expr.replace(test, rewrite)
    return expr


def _vector(
    summand: sp.Expr, index: sp.Symbol, arrays: Mapping[str, np.ndarray], scalars: Mapping[sp.Symbol, float]
) -> np.ndarray:
    """The summand evaluated at every observation at once."""
    indexed = [a for a in summand.atoms(sp.Indexed) if a.indices == (index,)]
    names = {a: sp.Symbol(f"_data_{a.base.label.name}") for a in indexed}
    length = len(next(iter(arrays.values())))
    body = numeric_form(summand.xreplace(names).xreplace({n: sp.Integer(length), **scalars}))
    if body.has(sp.zoo, sp.nan):  # an inner sum was undefined (0/0): so is this one
        return np.full(length, np.nan)
    function = sp.lambdify(list(names.values()), body, modules=["scipy", "numpy"])
    with np.errstate(all="ignore"):
        values = function(*[arrays[a.base.label.name] for a in names])
    return np.broadcast_to(np.asarray(values, dtype=float), (length,))


def _exact_total(
    summand: sp.Expr, index: sp.Symbol, arrays: Mapping[str, np.ndarray], scalars: Mapping[sp.Symbol, float]
) -> sp.Expr:
    """A sum evaluated term by term with mpmath's arbitrary exponents (slow: only for data at the
    edge of double precision, where NumPy's sum overflows)."""
    indexed = [a for a in summand.atoms(sp.Indexed) if a.indices == (index,)]
    names = {a: sp.Symbol(f"_data_{a.base.label.name}") for a in indexed}
    length = len(next(iter(arrays.values())))
    scalar_values = {k: sp.Float(v, 17) for k, v in scalars.items()}
    body = numeric_form(summand.xreplace(names).xreplace({n: sp.Integer(length), **scalar_values}))
    if body.has(sp.zoo, sp.nan):
        return sp.nan
    function = sp.lambdify(list(names.values()), body, modules="mpmath")
    columns = [arrays[a.base.label.name] for a in names]
    with mpmath.workdps(30):
        try:
            total = mpmath.fsum(function(*(mpmath.mpf(float(c[k])) for c in columns)) for k in range(length))
        except (ValueError, ZeroDivisionError):
            return sp.nan
        if not mpmath.isfinite(total):
            return sp.nan if mpmath.isnan(total) else (sp.oo if total > 0 else -sp.oo)
        return sp.Float(total, 17)


def evaluate_constant(expr: sp.Expr, value: float, length: int) -> sp.Expr:
    """The exact value of an expression when every observation equals `value` (as a rational):
    all-equal data make some estimators exactly undefined, which floating point would blur."""
    exact = sp.Rational(value)
    expr = expr.xreplace({s: n for s in expr.free_symbols if isinstance(s, sp.Symbol) and s.name == "n" and s != n})
    expr = expr.replace(lambda e: isinstance(e, SampleStatistic), lambda e: exact)
    while True:
        sums = [s for s in expr.atoms(sp.Sum) if is_sample_sum(s) and not s.function.has(sp.Sum)]
        if not sums:
            break
        expr = expr.xreplace(
            {s: n * s.function.xreplace({a: exact for a in s.function.atoms(sp.Indexed)}) for s in sums}
        )
    return sp.simplify(expr.xreplace({n: sp.Integer(length)}))


def evaluate(
    expr: sp.Expr, arrays: Mapping[str, np.ndarray], scalars: Mapping[sp.Symbol, float] | None = None
) -> float:
    """The value of an expression in the data (sums, order statistics, the median, n) and in
    scalar symbols; +-inf or nan when the expression is undefined there (the caller decides)."""
    values = dict(scalars or {})
    length = len(next(iter(arrays.values())))
    # a parsed expression holds an assumption-free n; the sums over 1..n are ours all the same
    expr = expr.xreplace({s: n for s in expr.free_symbols if isinstance(s, sp.Symbol) and s.name == "n" and s != n})
    stats: dict[sp.Basic, sp.Basic] = {}
    for function in expr.atoms(SampleStatistic):
        stats[function] = sp.Float(float(type(function).reduce(arrays[function.args[0].label.name])), 17)
    expr = expr.xreplace(stats)
    # innermost sums first: a sum whose summand holds no other sum
    while True:
        sums = [s for s in expr.atoms(sp.Sum) if is_sample_sum(s) and not s.function.has(sp.Sum)]
        if not sums:
            break
        replaced = {}
        for s in sums:
            index = s.limits[0][0]
            total = float(np.sum(_vector(s.function, index, arrays, values)))
            if np.isfinite(total):
                replaced[s] = sp.Float(total, 17)
            elif length <= EXACT_LIMIT:
                # the data are finite, so double precision overflowed (values near 1e300) or the
                # summand is truly infinite (log 0): arbitrary exponents tell the two apart
                replaced[s] = _exact_total(s.function, index, arrays, values)
            else:
                replaced[s] = sp.oo if total > 0 else -sp.oo if total < 0 else sp.nan
        expr = expr.xreplace(replaced)
    # n first: (n - sum x_i) log(1 - p) is then exactly 0 when every x_i is 1, before p = 1 arrives
    expr = numeric_form(expr).xreplace({n: sp.Integer(length)})
    expr = expr.xreplace({k: sp.Float(v, 17) for k, v in values.items()})
    if expr.has(sp.zoo, sp.nan):
        return float("nan")
    try:
        result = complex(expr.evalf(17))
    except (TypeError, ValueError, KeyError, OverflowError):
        return float("nan")
    if abs(result.imag) > 1e-12 * max(1.0, abs(result.real)):
        return float("nan")
    return result.real
