"""Familiar forms of estimators: 1/x-bar, (1/n) sum (x_i - x-bar)^2, n / sum log(x_i / x_(1))."""

from __future__ import annotations

import sympy as sp

from symle.sample import SampleMean, n
from symle.sums import is_sample_sum


def _means(expr: sp.Expr) -> sp.Expr:
    """sum x_k (any index k) becomes n x-bar."""

    def is_plain_total(node: sp.Basic) -> bool:
        return is_sample_sum(node) and isinstance(node.function, sp.Indexed) and node.function.indices == (node.limits[0][0],)

    return expr.replace(is_plain_total, lambda node: n * SampleMean(node.function.base))


def fold_into_sums(expr: sp.Expr) -> sp.Expr:
    """sum f(x_i) - n c becomes sum (f(x_i) - c): equal, and free of the cancellation between two
    large numbers when the data sit far from zero (the shifted exponential's sum x_i - n x_(1))."""

    def is_candidate(node: sp.Basic) -> bool:
        if not isinstance(node, sp.Add):
            return False
        sums = [t for t in node.args if is_sample_sum(t)]
        rest = [t for t in node.args if not is_sample_sum(t)]
        return len(sums) == 1 and bool(rest) and all((t / n).is_polynomial(n) and not (t / n).has(n) for t in rest)

    def fold(node: sp.Add) -> sp.Expr:
        (total,) = [t for t in node.args if is_sample_sum(t)]
        rest = sum(t / n for t in node.args if t is not total)
        return sp.Sum(total.function + rest, *total.limits)

    return expr.replace(is_candidate, fold)


def _log_sums(expr: sp.Expr) -> sp.Expr:
    """sum log x_i - n log c becomes sum log(x_i / c), as textbooks write the Pareto's estimator."""

    def is_candidate(node: sp.Basic) -> bool:
        if not isinstance(node, sp.Add):
            return False
        sums = [t for t in node.args if is_sample_sum(t)]
        return len(sums) == 1 and isinstance(sums[0].function, sp.log) and len(node.args) > 1 and all(
            is_sample_sum(t) or (t / n).is_polynomial(n) and not (t / n).has(n) and (t / n).has(sp.log) for t in node.args
        )

    def combine(node: sp.Add) -> sp.Expr:
        (total,) = [t for t in node.args if is_sample_sum(t)]
        rest = sum(t / n for t in node.args if t is not total)
        summand = sp.logcombine(total.function + rest, force=True)
        return sp.Sum(summand, *total.limits)

    return expr.replace(is_candidate, combine)


def _radicals(expr: sp.Expr) -> sp.Expr:
    """sqrt(2) sqrt(S) / (2 sqrt(n)) becomes sqrt(S / (2 n))."""
    roots = [f for f in sp.Mul.make_args(expr) if isinstance(f, sp.Pow) and abs(f.exp) == sp.Rational(1, 2)]
    if len(roots) >= 2:
        # Every factor under a root is a non-negative quantity (a sum of squares, n, a constant).
        # Unevaluated, else SymPy splits the root over the positive factors again.
        return sp.Pow(sp.factor_terms(sp.powsimp(sp.expand_power_base(expr**2, force=True))), sp.S.Half, evaluate=False)
    return expr


def familiar(expr: sp.Expr) -> sp.Expr:
    """The form a textbook prints, equal to expr (the tests check the equality on data)."""
    return _radicals(sp.factor_terms(_log_sums(_means(expr))))
