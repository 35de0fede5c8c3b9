"""Familiar forms of estimators: 1/x-bar, (1/n) sum (x_i - x-bar)^2, n / sum log(x_i / x_(1))."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from contextvars import ContextVar

import sympy as sp

from symle.algebra.sample import SampleMean, i, n
from symle.algebra.sums import canonical_sums, is_sample_sum, reads_shorter, split_sum, tidy_sum
from symle.budget import cpu_limit
from symle.errors import BudgetExceeded

EQUAL_SECONDS = 0.5  # processor time to find a rewritten estimator and prove it equal to the one found

# the data whose totals stay totals, by name, or all of them (every=True): Σwᵢ, a weighted sample's total
# weight, is never written nw̄; a censored sample's Σδᵢ is its number of failures and Σtᵢ its total time on
# test, which a textbook writes as such (Σδᵢ/Σtᵢ), never as nδ̄ or nt̄
_KEPT: ContextVar[tuple[bool, frozenset[str]]] = ContextVar("totals_kept", default=(False, frozenset()))


@contextlib.contextmanager
def totals_kept(names: Sequence[str] = (), every: bool = False) -> Iterator[None]:
    """While it lasts, the sums of these data (by name, or of all when `every`) are not written as n times
    their mean."""
    token = _KEPT.set((every, frozenset(names)))
    try:
        yield
    finally:
        _KEPT.reset(token)


def _means(expr: sp.Expr) -> sp.Expr:
    """sum x_k (any index k) becomes n x-bar (unless its sums are kept)."""
    every, kept = _KEPT.get()
    if every:
        return expr

    def is_plain_total(node: sp.Basic) -> bool:
        return (
            is_sample_sum(node)
            and isinstance(node.function, sp.Indexed)
            and node.function.indices == (node.limits[0][0],)
            and str(node.function.base.label) not in kept
        )

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
        return (
            len(sums) == 1
            and isinstance(sums[0].function, sp.log)
            and len(node.args) > 1
            and all(
                is_sample_sum(t) or (t / n).is_polynomial(n) and not (t / n).has(n) and (t / n).has(sp.log)
                for t in node.args
            )
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


def _centred(expr: sp.Expr) -> sp.Expr:
    """sum a_i^2 - n a-bar^2 becomes sum (a_i - a-bar)^2, and sum (b_i - b-bar) a_i becomes
    sum (a_i - a-bar)(b_i - b-bar): the centred sums of squares and products of regression."""

    def squares(node: sp.Basic) -> bool:
        return isinstance(node, sp.Add) and _square_pair(node) is not None

    def to_squares(node: sp.Add) -> sp.Expr:
        total, mean, rest = _square_pair(node)  # type: ignore[misc]
        return sp.Sum((total.function.base - mean) ** 2, *total.limits) + sp.Add(*rest)

    def products(node: sp.Basic) -> bool:
        if not is_sample_sum(node):
            return False
        factors = sp.Mul.make_args(node.function)
        centred = [f for f in factors if _centred_factor(f) is not None]
        plain = [f for f in factors if isinstance(f, sp.Indexed)]
        return len(factors) == 2 and len(centred) == 1 and len(plain) == 1

    def to_products(node: sp.Sum) -> sp.Expr:
        factors = sp.Mul.make_args(node.function)
        centred = next(f for f in factors if _centred_factor(f) is not None)
        plain = next(f for f in factors if isinstance(f, sp.Indexed))
        return sp.Sum((plain - SampleMean(plain.base)) * centred, *node.limits)

    return expr.replace(squares, to_squares).replace(products, to_products)


def _centred_factor(factor: sp.Expr) -> sp.Expr | None:
    """b_i - b-bar (in either order of terms), or None."""
    if isinstance(factor, sp.Add) and len(factor.args) == 2:
        data = [t for t in factor.args if isinstance(t, sp.Indexed)]
        means = [t for t in factor.args if isinstance(-t, SampleMean)]
        if len(data) == 1 and len(means) == 1 and (-means[0]).args[0] == data[0].base:
            return data[0]
    return None


def _square_pair(node: sp.Add) -> tuple[sp.Sum, sp.Expr, list[sp.Expr]] | None:
    for total in node.args:
        if (
            is_sample_sum(total)
            and isinstance(total.function, sp.Pow)
            and total.function.exp == 2
            and isinstance(total.function.base, sp.Indexed)
        ):
            mean = SampleMean(total.function.base.base)
            partner = -n * mean**2
            if partner in node.args:
                return total, mean, [t for t in node.args if t not in (total, partner)]
    return None


def _split_linear(expr: sp.Expr) -> sp.Expr:
    """A sum whose summand is linear in the observations splits: sum (y_i - b x_i) = sum y_i - b sum x_i."""

    def linear(node: sp.Basic) -> bool:
        if not is_sample_sum(node) or not isinstance(node.function, sp.Add):
            return False
        atoms = list(node.function.atoms(sp.Indexed))
        return (
            bool(atoms) and node.function.is_polynomial(*atoms) and sp.Poly(node.function, *atoms).total_degree() <= 1
        )

    return expr.replace(linear, split_sum)


def _constant_split(expr: sp.Expr) -> sp.Expr:
    """-(n + S)/S becomes -1 - n/S: a constant plus a simple fraction, as textbooks write the
    estimator, when that is shorter; the expression itself otherwise."""
    numer, denom = sp.fraction(sp.together(expr))
    if not denom.has(sp.Sum):
        return expr
    parts = [sp.cancel(t / denom) for t in sp.Add.make_args(sp.expand(numer))]
    constant = sp.Add(*(p for p in parts if not p.has(sp.Sum, sp.Indexed)))
    rest = [t for t, p in zip(sp.Add.make_args(sp.expand(numer)), parts, strict=True) if p.has(sp.Sum, sp.Indexed)]
    if constant == 0 or not rest:
        return expr
    split = constant + sp.factor_terms(sp.Add(*rest)) / denom
    return split if len(str(split)) < len(str(expr)) else expr


def _as_sums(expr: sp.Expr) -> sp.Expr:
    """x-bar written out as (1/n) sum x_i, so that equal forms compare equal."""
    return expr.replace(lambda e: isinstance(e, SampleMean), lambda e: sp.Sum(e.args[0][i], (i, 1, n)) / n)


def _reciprocal_sum(expr: sp.Expr) -> sp.Expr | None:
    """n over one sum, when the estimator's reciprocal is a mean of single terms: the inverse
    Gaussian's n x-bar^2/sum (x_i - x-bar)^2/x_i is n/sum (1/x_i - 1/x-bar); None otherwise."""
    if not sp.fraction(expr)[1].has(sp.Sum):
        return None
    inverse = sp.expand(canonical_sums(_as_sums(1 / expr)))
    folded = fold_into_sums(sp.expand(n * _means(inverse)))
    return n / folded if is_sample_sum(folded) else None


def _equal(candidate: sp.Expr, expr: sp.Expr) -> bool:
    """Whether two forms of an estimator are equal, proved symbolically (their reciprocals as sums)."""
    difference = canonical_sums(_as_sums(1 / candidate)) - canonical_sums(_as_sums(1 / expr))
    return sp.simplify(sp.expand(difference)) == 0


def familiar(expr: sp.Expr) -> sp.Expr:
    """The form a textbook prints, equal to expr (the tests check the equality on data): of the
    candidate rewritings, the one that reads shortest and is proved equal."""
    expr = _log_sums(_means(_split_linear(expr)))
    expr = sp.factor_terms(expr.replace(is_sample_sum, tidy_sum))
    shown = _constant_split(_radicals(sp.factor_terms(_centred(expr))))
    try:
        with cpu_limit(EQUAL_SECONDS, "rewriting an estimator"):
            candidate = _reciprocal_sum(shown)
            if candidate is not None and reads_shorter(candidate, shown) and _equal(candidate, shown):
                return candidate
    except BudgetExceeded:
        pass
    return shown


def has_nested_sums(expr: sp.Expr) -> bool:
    return any(s.function.has(sp.Sum) for s in expr.atoms(sp.Sum))


def profile_equation(expr: sp.Expr) -> sp.Expr:
    """A score equation after the profile estimates went in, as a textbook prints it: the logs and
    powers of the profile formula expanded where the symbols' signs allow (no force), the sums over
    i that hold sums over j split and collected, n/k + Σ log x_i - n Σ x_i^k log x_i/Σ x_i^k for the
    Weibull, not log((Σ x_j^k/n)^(1/k)); equal by construction, and shown only when shorter."""
    plain = familiar(sp.factor_terms(expr))
    divisors = _positive_divisors(expr)
    hidden = expr.xreplace(divisors)
    expanded = sp.expand_log(sp.powsimp(sp.expand_power_base(sp.expand_log(hidden))))
    expanded = expanded.xreplace({d: total for total, d in divisors.items()})
    candidate = familiar(sp.expand(canonical_sums(expanded)))
    return candidate if len(str(candidate)) < len(str(plain)) else plain


def _positive_divisors(expr: sp.Expr) -> dict[sp.Expr, sp.Dummy]:
    """Each sum of nonnegative terms the expression divides by, with a positive symbol to stand for it:
    it is positive wherever the expression is defined (a censored sample's Σδᵢ, the number of failures, in
    (Σtᵢᵏ/Σδᵢ)^(1/k)), so that its logarithms expand and cancel."""
    divisors = {
        p.base
        for p in expr.atoms(sp.Pow)
        if is_sample_sum(p.base) and p.exp.is_negative and p.base.function.is_nonnegative and not p.base.is_positive
    }
    return {d: sp.Dummy("count", positive=True) for d in divisors}
