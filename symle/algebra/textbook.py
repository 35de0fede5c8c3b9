"""Textbook conventions both printers share: terms with a plus sign first, the observation first."""

from __future__ import annotations

import sympy as sp

from symle.algebra import notation
from symle.algebra.sample import SampleMax, SampleMean, SampleMin
from symle.algebra.sums import observation_negated


def is_simple(expr: sp.Basic) -> bool:
    """A single symbol-like thing: log x, not log(x)."""
    simple = (sp.Symbol, sp.Indexed, SampleMean, SampleMin, SampleMax, notation.Hat, sp.NumberSymbol)
    return isinstance(expr, simple) or (isinstance(expr, sp.Number) and expr >= 0)


def textbook_order(terms: list[sp.Basic], expr: sp.Basic | None = None) -> list[sp.Basic]:
    """Terms with a plus sign first (n log lambda - lambda sum x_i; x_i - x-bar), else SymPy's order;
    a sum held unevaluated (a display form) keeps the order it was written in."""
    if isinstance(expr, sp.Add) and sp.Add(*expr.args).args != expr.args:
        return list(expr.args)
    return sorted(terms, key=lambda t: t.could_extract_minus_sign())


def data_first(arg: sp.Expr) -> sp.Expr:
    """|med - x_i| is printed |x_i - med| (and |mu - x| as |x - mu|): the observation leads, as in a
    textbook."""
    variable = isinstance(arg, sp.Add) and any(
        t.could_extract_minus_sign() and (-t).is_Symbol and (-t).name in ("x", "y") for t in arg.args
    )
    return -arg if observation_negated(arg) or variable else arg


def _rank(factor: sp.Basic, has_sum: bool) -> int:
    if factor.is_Number:
        return 0
    if factor == sp.Symbol("n", integer=True, positive=True):
        return 1  # n lambda, n alpha log beta: the sample size leads, as in a textbook
    if has_sum and isinstance(factor, sp.log) and not factor.has(sp.Indexed):
        return 4  # sum x_i log p, not log p sum x_i
    if isinstance(factor, sp.exp) or isinstance(factor, sp.log) and factor.has(sp.Indexed):
        return 3  # x_i e^{b0 + b1 x_i}, lambda^n e^{-lambda sum x_i}, x_i^k log x_i: last
    return 2


def factor_order(factors: tuple[sp.Basic, ...] | list[sp.Basic], denominator: bool = False) -> list[sp.Basic]:
    """The factors of a product in textbook order: numbers, n, the rest as SymPy orders them, and a
    logarithm of parameters after a sum over the data; in a denominator a parenthesised sum last,
    p(1 - p)."""
    has_sum = any(isinstance(f, (sp.Sum, sp.Product)) for f in factors)

    def key(f: sp.Basic) -> tuple[int, bool]:
        compound = denominator and isinstance(f.as_base_exp()[0], sp.Add)
        return _rank(f, has_sum), compound

    return sorted(factors, key=key)


def simple_denominator(expr: sp.Basic) -> bool:
    """A denominator that an inline fraction a/b needs no parentheses around: b a symbol, a number,
    or a power of one."""
    if isinstance(expr, sp.Pow):
        return is_simple(expr.base) and expr.exp.is_Integer
    return is_simple(expr)


def _nested(expr: sp.Expr) -> bool:
    """A fraction inside a denominator: (x0 - x_i)/(1 + (x_i - x0)^2/gamma^2)."""
    _, denominator = sp.fraction(sp.factor_terms(expr))
    return any(isinstance(p, sp.Pow) and p.exp.is_negative for p in sp.preorder_traversal(denominator))


def _simpler(summand: sp.Expr, limit: int = 80) -> sp.Expr:
    """The summand over one denominator and factored, when that is shorter (and quick to find)."""
    if sp.count_ops(summand) > limit or summand.has(sp.Sum):
        return summand
    combined = sp.factor(sp.together(summand))
    return combined if sp.count_ops(combined) < sp.count_ops(summand) else summand


def fewer_fractions(expr: sp.Expr) -> sp.Expr:
    """Sums over the sample as a textbook writes them: a summand with a fraction in its denominator
    over one denominator (the Cauchy score 2 sum (x_i - x0)/(gamma^2 + (x_i - x0)^2)), and sums with
    the same limits added into one when that is shorter (the inverse-Gaussian score
    lambda sum (x_i - mu)/mu^3). The value is unchanged."""
    from symle.algebra.sums import tidy_sum

    def one(node: sp.Sum) -> sp.Expr:
        if len(node.limits) != 1 or not _nested(node.function):
            return node
        numerator, denominator = sp.fraction(sp.factor_terms(sp.together(node.function)))
        sign = 1
        factors = list(sp.Mul.make_args(numerator))
        for k, factor in enumerate(factors):
            if observation_negated(factor):  # (x_i - x0), not (x0 - x_i)
                factors[k], sign = -factor, -1
                break
        numerator = sp.Mul(*factors)
        return sign * tidy_sum(sp.Sum(numerator / denominator, *node.limits))

    def together(node: sp.Add) -> sp.Expr:
        groups: dict[tuple, list[tuple[sp.Expr, sp.Sum]]] = {}
        rest = []
        for term in node.args:
            coefficient, body = term.as_independent(sp.Sum, as_Add=False)
            if isinstance(body, sp.Sum) and len(body.limits) == 1 and not coefficient.has(sp.Indexed):
                groups.setdefault(body.limits, []).append((coefficient, body))
            else:
                rest.append(term)
        changed = False
        for limits, members in groups.items():
            if len(members) < 2:
                rest.extend(c * s for c, s in members)
                continue
            summand = sp.Add(*(c * s.function for c, s in members))
            simpler = _simpler(summand)
            if simpler is summand:
                rest.extend(c * s for c, s in members)
                continue
            rest.append(tidy_sum(sp.Sum(simpler, *limits)))
            changed = True
        return sp.Add(*rest) if changed else node

    def exponentials(node: sp.Mul) -> sp.Expr:
        # e^{b0} sum e^{b1 x_i}/(e^{b0} e^{b1 x_i} + 1)^2 is sum e^{b0 + b1 x_i}/(e^{b0 + b1 x_i} + 1)^2
        outside, body = node.as_independent(sp.Sum, as_Add=False)
        factors = sp.Mul.make_args(outside)
        if not isinstance(body, sp.Sum) or len(body.limits) != 1 or not any(isinstance(f, sp.exp) for f in factors):
            return node
        inside = sp.Mul(*(f for f in factors if isinstance(f, sp.exp)))
        rest = outside / inside
        return rest * sp.Sum(sp.powsimp(inside * body.function, deep=True), *body.limits)

    out = expr.replace(lambda e: isinstance(e, sp.Sum), one)
    out = out.replace(lambda e: isinstance(e, sp.Mul) and e.has(sp.Sum) and e.has(sp.exp), exponentials)
    return out.replace(lambda e: isinstance(e, sp.Add) and e.has(sp.Sum), together)


def negative_power(exponent: sp.Expr) -> bool:
    """An exponent that puts its power under the fraction bar: -1, -2 k, -alpha - 1 (not -1/2,
    which stays a power, nor 10 - x)."""
    if exponent.is_Rational:
        return bool(exponent.is_Integer and exponent < 0)
    terms = sp.Add.make_args(exponent)
    return all(t.could_extract_minus_sign() for t in terms)


def display_size(entry: str) -> str:
    """\\frac at the entry's top level (not inside another fraction or an exponent) as \\dfrac."""
    out, depth, k = [], 0, 0
    while k < len(entry):
        if entry.startswith(r"\frac", k) and depth == 0:
            out.append(r"\dfrac")
            k += len(r"\frac")
            continue
        ch = entry[k]
        depth += {"{": 1, "}": -1}.get(ch, 0)
        out.append(ch)
        k += 1
    return "".join(out)


def observation_first(arg: sp.Basic) -> sp.Expr | None:
    """-(x - mu)/s for (mu - x)/s: the exponent with the observation leading, when that takes a sign."""
    factors = sp.Mul.make_args(arg)
    sums = [f for f in factors if isinstance(f, sp.Add)]
    if len(sums) != 1 or len(factors) == 1 or arg.could_extract_minus_sign():
        return None
    (total,) = sums
    data = [t for t in total.args if t.could_extract_minus_sign() and (-t).is_Symbol and (-t).name in ("x", "y")]
    if not data and not observation_negated(total):
        return None
    return sp.Mul(*(f if f is not total else -total for f in factors), evaluate=False)
