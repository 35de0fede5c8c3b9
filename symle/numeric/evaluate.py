"""Numeric evaluation of expressions in the data: sums become NumPy reductions, never Python loops."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from symle.algebra.sample import SampleMaxAbs, SampleMean, SampleMedian, SampleMin, SampleStatistic, n
from symle.algebra.sums import is_sample_sum
from symle.numeric.columns import Columns, Term, as_columns, scaled_mean

EXACT_LIMIT = 200_000  # observations up to which an overflowing sum is done again exactly


class ScaledBesselI(sp.Function):
    """e^(-|z|) I_ν(z), SciPy's ive: finite where I_ν(z) overflows (z > 713)."""

    nargs = 2

    @staticmethod
    def _imp_(order: Any, z: Any) -> Any:  # for lambdify
        from scipy.special import ive

        return ive(order, z)

    def _eval_evalf(self, prec: int) -> sp.Expr | None:  # for evaluate's numbers: exactly, at any size
        order, z = self.args
        if not (order.is_number and z.is_number):
            return None
        return (sp.besseli(order, z) * sp.exp(-sp.Abs(z))).evalf(mpmath.libmp.prec_to_dps(prec))


def scaled_bessel(expr: sp.Expr) -> sp.Expr:
    """I_ν(z) written e^|z| ive(ν, z), the exponentials cancelled in ratios (I₁(κ)/I₀(κ) is
    ive(1, κ)/ive(0, κ)) and taken out of logarithms (log I₀(κ) is log ive(0, κ) + κ), so that the
    log-likelihood, score and Hessian of a von Mises κ stay finite for every κ."""
    if not expr.has(sp.besseli):
        return expr

    def scaled(e: sp.besseli) -> sp.Expr:
        order, z = e.args
        return ScaledBesselI(order, z) * sp.exp(z if z.is_nonnegative else sp.Abs(z))

    def log_apart(e: sp.log) -> sp.Expr:
        factors = sp.Mul.make_args(e.args[0])
        exponents = [f.args[0] for f in factors if isinstance(f, sp.exp)]
        rest = sp.Mul(*(f for f in factors if not isinstance(f, sp.exp)))
        return sp.Add(*exponents, sp.log(rest))

    expr = sp.factor_terms(expr.replace(lambda e: isinstance(e, sp.besseli), scaled))
    return expr.replace(lambda e: isinstance(e, sp.log) and e.args[0].has(ScaledBesselI), log_apart)


def numeric_form(expr: sp.Expr) -> sp.Expr:
    """Rewrite logs of factorials, gammas and binomials, and of products and powers of them, as
    loggamma, which stays finite for large arguments where the functions themselves overflow; and
    modified Bessel functions as scaled ones (scaled_bessel)."""
    special = (sp.factorial, sp.gamma, sp.binomial)

    def of_specials(e: sp.Basic) -> bool:  # log(1/Γ(a)), log(Γ(a)Γ(b)): a product of powers of them
        if not isinstance(e, sp.log) or isinstance(e.args[0], special):
            return False
        factors = [f.as_base_exp() for f in sp.Mul.make_args(e.args[0])]
        return all(isinstance(b, special) and x.is_number and x.is_real for b, x in factors)

    def split(e: sp.log) -> sp.Expr:
        return sp.Add(*[x * sp.log(b) for b, x in (f.as_base_exp() for f in sp.Mul.make_args(e.args[0]))])

    def loggamma(z: sp.Expr) -> sp.Expr:  # unevaluated: SymPy writes log Γ(k + 1) of an integer k as log(Γ(k + 1))
        return sp.loggamma(z, evaluate=False)

    rules = (
        (of_specials, split),
        (
            lambda e: isinstance(e, sp.log) and isinstance(e.args[0], sp.factorial),
            lambda e: loggamma(e.args[0].args[0] + 1),
        ),
        (lambda e: isinstance(e, sp.log) and isinstance(e.args[0], sp.gamma), lambda e: loggamma(e.args[0].args[0])),
        (
            lambda e: isinstance(e, sp.log) and isinstance(e.args[0], sp.binomial),
            lambda e: (
                loggamma(e.args[0].args[0] + 1)
                - loggamma(e.args[0].args[1] + 1)
                - loggamma(e.args[0].args[0] - e.args[0].args[1] + 1)
            ),
        ),
    )
    for test, rewrite in rules:
        expr = expr.replace(test, rewrite)
    return scaled_bessel(expr)


def _term(
    summand: sp.Expr, index: sp.Symbol, length: int, scalars: Mapping[sp.Symbol, float]
) -> tuple[sp.Expr, Term | None]:
    """The summand with n and the scalars put in (the memo's key), and a function of a chunk's columns
    that evaluates it at every row at once; None when it is undefined (an inner sum was 0/0)."""
    indexed = [a for a in summand.atoms(sp.Indexed) if a.indices == (index,)]
    names = {a: sp.Symbol(f"_data_{a.base.label.name}") for a in indexed}
    body = numeric_form(summand.xreplace(names).xreplace({n: sp.Integer(length), **scalars}))
    if body.has(sp.zoo, sp.nan):
        return body, None
    function = sp.lambdify(list(names.values()), body, modules=["scipy", "numpy"])
    labels = [a.base.label.name for a in names]
    return body, lambda chunk: function(*[chunk[label] for label in labels])


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


def evaluate_constant(expr: sp.Expr, values: Mapping[str, float], response: str, length: int) -> sp.Expr:
    """The exact value of an expression when every column is constant, `values` holding each column's
    one value (as a rational; the sample statistics are the response's): all-equal data make some
    estimators exactly undefined, which floating point would blur."""
    exact = {name: sp.Rational(value) for name, value in values.items()}
    expr = expr.xreplace({s: n for s in expr.free_symbols if isinstance(s, sp.Symbol) and s.name == "n" and s != n})
    expr = expr.replace(lambda e: isinstance(e, SampleStatistic), lambda e: exact[response])
    while True:
        sums = [s for s in expr.atoms(sp.Sum) if is_sample_sum(s) and not s.function.has(sp.Sum)]
        if not sums:
            break
        expr = expr.xreplace(
            {
                s: n * s.function.xreplace({a: exact[a.base.label.name] for a in s.function.atoms(sp.Indexed)})
                for s in sums
            }
        )
    return sp.simplify(expr.xreplace({n: sp.Integer(length)}))


def evaluate(
    expr: sp.Expr, data: Mapping[str, np.ndarray] | Columns, scalars: Mapping[sp.Symbol, float] | None = None
) -> float:
    """The value of an expression in the data (sums, order statistics, the median, n) and in
    scalar symbols; +-inf or nan when the expression is undefined there (the caller decides)."""
    return evaluate_all([expr], data, scalars)[0]


def evaluate_beyond(expr: sp.Expr, data: Columns, scalars: Mapping[sp.Symbol, float] | None = None) -> sp.Float | None:
    """The value of an expression whose double is infinite, as a SymPy Float (whose exponent has no
    limit) when it is a finite real number beyond double's range, else None (the sums are remembered:
    no further pass over the data)."""
    return evaluate_all([expr], data, scalars, beyond=True)[0]


def evaluate_all(
    exprs: Sequence[sp.Expr],
    data: Mapping[str, np.ndarray] | Columns,
    scalars: Mapping[sp.Symbol, float] | None = None,
    beyond: bool = False,
) -> list[Any]:
    """Several expressions at once: the sums of all of them at one level of nesting are taken in one
    pass over the data (data not in memory are read once a level, not once a sum). Each is a float,
    or with `beyond` a SymPy Float of any exponent (None where not a finite real number)."""
    columns = as_columns(data)
    values = dict(scalars or {})
    length = columns.n
    # a parsed expression holds an assumption-free n; the sums over 1..n are ours all the same
    exprs = [
        e.xreplace({s: n for s in e.free_symbols if isinstance(s, sp.Symbol) and s.name == "n" and s != n})
        for e in exprs
    ]
    stats: dict[sp.Basic, sp.Basic] = {}
    for function in set().union(*[e.atoms(SampleStatistic) for e in exprs]):
        stats[function] = sp.Float(_statistic(columns, function), 17)
    exprs = [e.xreplace(stats) for e in exprs]
    # innermost sums first: a sum whose summand holds no other sum
    while True:
        sums = {s for e in exprs for s in e.atoms(sp.Sum) if is_sample_sum(s) and not s.function.has(sp.Sum)}
        if not sums:
            break
        replaced: dict[sp.Basic, sp.Basic] = {}
        pending: dict[sp.Expr, tuple[Term, list[sp.Sum]]] = {}
        for s in sums:
            key, term = _term(s.function, s.limits[0][0], length, values)
            if term is None:
                replaced[s] = sp.nan  # an inner sum was undefined (0/0): so is this one
            elif key in columns.memo:
                replaced[s] = columns.memo[key]
            else:
                pending.setdefault(key, (term, []))[1].append(s)
        keys = list(pending)
        for key, total in zip(keys, columns.sums([pending[k][0] for k in keys]), strict=True):
            first = pending[key][1][0]
            if mpmath.isfinite(total):  # a double, or an mpmath number beyond double's range
                value: sp.Basic = sp.Float(total, 17)
            elif length <= EXACT_LIMIT:
                # the data are finite, so double precision overflowed (values near 1e300) or the
                # summand is truly infinite (log 0): arbitrary exponents tell the two apart
                value = _exact_total(first.function, first.limits[0][0], columns.gather(), values)
            else:
                value = sp.oo if total > 0 else -sp.oo if total < 0 else sp.nan
            columns.memo[key] = value
            replaced.update(dict.fromkeys(pending[key][1], value))
        exprs = [e.xreplace(replaced) for e in exprs]
    return [(_big if beyond else _number)(e, length, values) for e in exprs]


def _statistic(columns: Columns, function: sp.Basic) -> float:
    name = function.args[0].label.name
    if isinstance(function, SampleMedian):
        return columns.median(name)
    if isinstance(function, SampleMean):
        key = ("mean", name)
        if key not in columns.memo:
            columns.memo[key] = (
                float(columns.sums([lambda chunk: chunk[name]])[0] / columns.n)
                if not columns.in_memory
                else scaled_mean(columns.gather()[name])
            )
        return columns.memo[key]
    low, high = columns.extremes(name)
    if isinstance(function, SampleMaxAbs):
        return max(abs(low), abs(high))
    return low if isinstance(function, SampleMin) else high


def _number(expr: sp.Expr, length: int, values: Mapping[sp.Symbol, float]) -> float:
    """The expression's value once its sums and statistics are numbers (inf beyond double's range:
    the caller asks evaluate_beyond how far)."""
    expr = _numbers_in(expr, length, values)
    if expr.has(sp.zoo, sp.nan):
        return float("nan")
    try:
        result = complex(expr.evalf(17))
    except (TypeError, ValueError, KeyError, OverflowError):
        return float("nan")
    if abs(result.imag) > 1e-12 * max(1.0, abs(result.real)):
        return float("nan")
    return result.real


def _big(expr: sp.Expr, length: int, values: Mapping[sp.Symbol, float]) -> sp.Float | None:
    """The expression's value as a SymPy Float of any exponent, or None when it is no finite real number."""
    expr = _numbers_in(expr, length, values)
    if expr.has(sp.zoo, sp.nan):
        return None
    try:
        real, imag = (sp.Float(part, 17) for part in expr.evalf(17).as_real_imag())
    except (TypeError, ValueError, KeyError, OverflowError):
        return None
    if not (real.is_finite and imag.is_finite) or abs(imag) > 1e-12 * max(1, abs(real)):
        return None
    return real


def _numbers_in(expr: sp.Expr, length: int, values: Mapping[sp.Symbol, float]) -> sp.Expr:
    # n first: (n - sum x_i) log(1 - p) is then exactly 0 when every x_i is 1, before p = 1 arrives
    expr = numeric_form(expr).xreplace({n: sp.Integer(length)})
    return expr.xreplace({k: sp.Float(v, 17) for k, v in values.items()})
