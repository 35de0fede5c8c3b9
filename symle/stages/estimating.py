"""Estimating equations as a textbook writes them.

A score equation without a closed-form root is what the numeric method solves, and the page shows
it as an author would: common positive factors divided out, the parameters on the left and the
data on the right where they separate (the gamma's log α − ψ(α) = log x̄ − (1/n)Σ log xᵢ), a
parameter that appears outside the sums only linearly written as a fixed point (the Gumbel's
β = x̄ − Σxᵢe^{−xᵢ/β}/Σe^{−xᵢ/β}), otherwise = 0 per observation (the Weibull's
1/k + (1/n)Σ log xᵢ − Σxᵢᵏ log xᵢ/Σxᵢᵏ = 0). Every form is the score times a nonzero factor, so it
has the same roots (tests/stages/test_estimating.py checks that on random data)."""

from __future__ import annotations

from collections.abc import Iterable

import sympy as sp

from symle.algebra.sample import SampleMax, SampleMean, SampleMedian, SampleMin, n
from symle.algebra.sums import hide_sums, is_sample_sum, tidy_sum
from symle.stages.familiar import familiar

_DATA = (sp.Sum, sp.Indexed, SampleMean, SampleMin, SampleMax, SampleMedian)


def _has_data(expr: sp.Expr) -> bool:
    return expr.has(*_DATA)


def _terms(expr: sp.Expr) -> list[sp.Expr]:
    """The top-level terms, products distributed over the outer sum only (not inside functions, and
    never splitting a sum over the data: Σ(xᵢ − θ)wᵢ stays one term)."""
    whole = {s: sp.Dummy("sum") for s in expr.atoms(sp.Sum)}
    spread = sp.expand(
        expr.xreplace(whole), deep=False, power_exp=False, power_base=False, log=False, multinomial=False
    )
    back = {d: s for s, d in whole.items()}
    return [t.xreplace(back) for t in sp.Add.make_args(spread)]


def _common_summands(expr: sp.Expr) -> sp.Expr:
    """Each sum's summand over one denominator, its factors free of the index pulled out:
    Σ(x₀ − xᵢ)/(1 + (xᵢ − x₀)²/γ²) becomes γ²Σ(x₀ − xᵢ)/(γ² + (xᵢ − x₀)²)."""
    return expr.replace(is_sample_sum, lambda s: tidy_sum(sp.Sum(sp.together(s.function), *s.limits)))


def _hidden(expr: sp.Expr) -> sp.Expr:
    return hide_sums(expr)[0]


def _positive_content(terms: list[sp.Expr]) -> sp.Expr:
    """The common factor of the terms, outside their sums, that is known positive (n, a positive
    parameter's power, a positive number): dividing by it keeps the equation's roots and sign."""
    common = sp.factor_terms(_hidden(sp.Add(*terms)))
    if isinstance(common, sp.Add):
        return sp.S.One
    positive = [
        f for f in sp.Mul.make_args(common) if not f.has(sp.Add, sp.Dummy) and f.is_positive and not _has_data(f)
    ]
    return sp.Mul(*positive)


def _outside(term: sp.Expr, unknowns: set[sp.Symbol]) -> bool:
    """Whether an unknown appears in the term outside every sum over the data."""
    return bool(_hidden(term).free_symbols & unknowns)


def _kind(term: sp.Expr, unknowns: set[sp.Symbol]) -> str:
    """parameter (no data), data (no parameter), constant, or mixed."""
    has_parameter = bool(term.free_symbols & unknowns)
    has_data = _has_data(term)
    if has_parameter and has_data:
        return "mixed"
    if has_parameter:
        return "parameter"
    return "data" if has_data else "constant"


def _per_observation(terms: list[sp.Expr], unknowns: set[sp.Symbol]) -> bool:
    """Divide by n when every term but the sums has the factor n and a parameter term is among
    them: n ψ(a) − Σ log xᵢ becomes ψ(a) − (1/n)Σ log xᵢ, as textbooks write means."""
    if not any(_kind(t, unknowns) == "parameter" for t in terms):
        return False
    for term in terms:
        if is_sample_sum(term.as_coeff_Mul()[1]):
            continue
        if not any(f == n or f.is_Pow and f.base == n and f.exp.is_positive for f in sp.Mul.make_args(term)):
            return False
    return True


def _arranged(terms: list[sp.Expr], unknowns: set[sp.Symbol]) -> tuple[sp.Expr, sp.Expr, bool]:
    """(lhs, rhs, separated): parameters left and data right when no term mixes them; mixed terms
    left of the data when no term holds parameters alone; otherwise everything = 0."""
    kinds = [_kind(t, unknowns) for t in terms]
    left = [t for t, k in zip(terms, kinds, strict=True) if k in ("parameter", "mixed")]
    right = [-t for t, k in zip(terms, kinds, strict=True) if k in ("data", "constant")]
    if "mixed" not in kinds and left and right:
        return sp.Add(*left), sp.Add(*right), True
    if "parameter" not in kinds and left and right:
        lhs, rhs = sp.Add(*left), sp.Add(*right)
        coefficient, rest = lhs.as_coeff_Mul()
        if coefficient.is_Number and coefficient != 0:
            lhs, rhs = rest, rhs / coefficient
        return lhs, rhs, False
    return sp.Add(*terms), sp.S.Zero, False


def _fixed_point(terms: list[sp.Expr], symbol: sp.Symbol) -> tuple[sp.Expr, sp.Expr] | None:
    """θ = rest, when (after clearing θ's negative powers, θ being positive) θ appears outside the
    sums only in one linear term whose coefficient is a number or n, and inside a sum as well."""
    for power in range(3):
        if power and not symbol.is_positive:
            break
        cleared = _terms(sp.Add(*(t * symbol**power for t in terms))) if power else terms
        linear = [t for t in cleared if (t / symbol).free_symbols.isdisjoint({symbol}) and t.has(symbol)]
        linear = [t for t in linear if not _has_data(t) and (t / symbol).as_coeff_Mul()[1] in (1, n)]
        if len(linear) != 1:
            continue
        rest = [t for t in cleared if t is not linear[0]]
        if any(_outside(t, {symbol}) for t in rest) or not any(t.has(symbol) for t in rest):
            continue
        return symbol, _one_sum(sp.Add(*rest) / (-linear[0] / symbol))
    return None


def _one_sum(expr: sp.Expr) -> sp.Expr:
    """x̄ − μ + (2/n)Σ(μ − xᵢ)gᵢ as (1/n)Σ(xᵢ − μ)(1 − 2gᵢ): every term as one summand (a mean x̄
    as xᵢ/n, a constant c as c/n); unchanged when a term is not of those kinds (a ratio of sums)."""
    index = sp.Symbol("i", integer=True, positive=True)
    summand = sp.S.Zero
    for term in sp.Add.make_args(sp.expand(expr, deep=False, power_exp=False, log=False, multinomial=False)):
        coefficient, rest = term.as_independent(sp.Sum, as_Add=False)
        if is_sample_sum(rest) and not coefficient.has(sp.Sum, sp.Indexed):
            summand += coefficient * rest.function.xreplace({rest.limits[0][0]: index})
        elif not term.has(sp.Sum, sp.Indexed):
            summand += term.replace(lambda e: isinstance(e, SampleMean), lambda e: e.args[0][index]) / n
        else:
            return expr
    return tidy_sum(sp.Sum(_factored(summand), (index, 1, n)))


def _factored(expr: sp.Expr) -> sp.Expr:
    """expr factored with its exponentials and logs kept whole (SymPy's factor would split
    e^{(μ − xᵢ)/s} into e^{μ/s}e^{−xᵢ/s})."""
    whole = {f: sp.Dummy("w") for f in expr.atoms(sp.exp, sp.log)}
    return sp.factor(sp.together(expr.xreplace(whole))).xreplace({d: f for f, d in whole.items()})


def _candidate(expr: sp.Expr, unknowns: set[sp.Symbol], own: sp.Symbol | None) -> tuple[sp.Expr, sp.Expr, bool]:
    terms = _terms(_common_summands(expr))
    content = _positive_content(terms)
    if content != 1:
        terms = _terms(sp.Add(*(t / content for t in terms)))
    if own is not None:
        fixed = _fixed_point(terms, own)
        if fixed is not None:
            return fixed[0], fixed[1], True
    if _per_observation(terms, unknowns):
        terms = _terms(sp.Add(*(t / n for t in terms)))
    return _arranged(terms, unknowns)


def _one_denominator(terms: list[sp.Expr]) -> list[sp.Expr]:
    """Terms over one denominator outside the sums taken together and factored, as the score had
    them: (2θ + 3)/((θ + 1)(θ + 2)), never 2θ/(θ² + 3θ + 2) + 3/(θ² + 3θ + 2)."""
    groups: dict[sp.Expr, list[sp.Expr]] = {}
    for term in terms:
        denominator = sp.fraction(term)[1] if not term.has(sp.Sum) else sp.S.One
        groups.setdefault(denominator, []).append(term)
    out = []
    for denominator, members in groups.items():
        out.extend([_factored(sp.Add(*members))] if denominator != 1 and len(members) > 1 else members)
    return out


def _shown(expr: sp.Expr, unknowns: set[sp.Symbol]) -> sp.Expr:
    """Each term in its familiar form where it holds only data (Σxᵢ as nx̄); terms with the
    unknowns inside sums as they are, so that a summand keeps the score's own shape; terms over one
    denominator together."""
    return sp.Add(*(t if t.free_symbols & unknowns else familiar(t) for t in _one_denominator(_terms(expr))))


def _oriented(lhs: sp.Expr, rhs: sp.Expr, unknowns: set[sp.Symbol]) -> tuple[sp.Expr, sp.Expr]:
    """Both sides negated so that the simplest term with a parameter is positive (log α − ψ(α),
    ψ(a) − ψ(a + b)); in an equation = 0, the simplest sum (1/k + (1/n)Σ log xᵢ − …,
    (1/n)Σ ψ(r + xᵢ) − ψ(r) + …); with no such term, the right-hand side's simplest term."""
    terms = _terms(lhs)
    sums = [t for t in terms if t.has(sp.Sum)]
    pool = sums if rhs == 0 and sums else [t for t in terms if t.free_symbols & unknowns]
    pool = pool or _terms(rhs if rhs != 0 else lhs)
    simplest = min(pool, key=lambda t: (len(str(t)), str(t)))
    if simplest.could_extract_minus_sign():
        return -lhs, -rhs
    return lhs, rhs


def _without_number(expr: sp.Expr) -> sp.Expr:
    """The terms divided by their numbers' greatest common divisor: 2a − 4b is a − 2b."""
    numbers = [t.as_coeff_Mul()[0] for t in sp.Add.make_args(expr)]
    if not all(c.is_Rational and c != 0 for c in numbers):
        return expr
    common = sp.gcd_list([abs(c) for c in numbers]) if len(numbers) > 1 else abs(numbers[0])
    return sp.Add(*(t / common for t in sp.Add.make_args(expr))) if common not in (0, 1) else expr


def _logs_expanded(expr: sp.Expr, positive_data: bool) -> sp.Expr:
    """Each log of a product or quotient expanded, log(α/x̄) = log α − log x̄, where the signs
    allow it (x̄ is positive when the observations are)."""
    means = {m: sp.Dummy("xbar", positive=True) for m in expr.atoms(SampleMean)} if positive_data else {}
    back = {d: m for m, d in means.items()}

    def expand(node: sp.log) -> sp.Expr:
        return sp.expand_log(node.xreplace(means)).xreplace(back)

    return expr.replace(lambda e: isinstance(e, sp.log), expand)


def estimating_equation(
    expr: sp.Expr, unknowns: Iterable[sp.Symbol], positive_data: bool = False, own: sp.Symbol | None = None
) -> tuple[sp.Expr, sp.Expr]:
    """The equation expr = 0 as a textbook prints it, (lhs, rhs): of the forms with logs expanded
    or kept, one that separates parameters from data is preferred, then the shorter.
    `positive_data`: the observations are positive (the log of their mean expands); `own`: the
    parameter whose score this is, written as a fixed point where it can be (default: the only
    unknown)."""
    unknowns = set(unknowns)
    if own is None and len(unknowns) == 1:
        own = next(iter(unknowns))
    best: tuple[tuple[int, int], sp.Expr, sp.Expr] | None = None
    for variant in (expr, _logs_expanded(expr, positive_data)):
        lhs, rhs, separated = _candidate(variant, unknowns, own)
        if rhs == 0:  # a number multiplying the whole equation goes: 2Σ(...) = 0 is Σ(...) = 0
            lhs = _without_number(lhs)
        lhs, rhs = _oriented(_shown(lhs, unknowns), _shown(rhs, unknowns), unknowns)
        score = (0 if separated else 1, len(str(lhs)) + len(str(rhs)))
        if best is None or score < best[0]:
            best = (score, lhs, rhs)
    assert best is not None
    return best[1], best[2]


__all__ = ["estimating_equation"]


def residual_form(expr: sp.Expr, response: sp.IndexedBase) -> tuple[sp.Expr, sp.Expr] | None:
    """A regression's score as Σ wᵢ (yᵢ − mᵢ) (up to a positive factor): (wᵢ, mᵢ), with mᵢ the
    mean of yᵢ the parameters give, when the score is linear in the responses; else None."""
    terms = _terms(expr)
    content = _positive_content(terms)
    total = sp.Add(*(t / content for t in terms))
    summand = sp.S.Zero
    index = None
    for term in _terms(total):
        coefficient, rest = term.as_independent(sp.Sum, as_Add=False)
        if not is_sample_sum(rest) or coefficient.has(sp.Indexed, sp.Sum):
            return None
        index = index or rest.limits[0][0]
        summand += coefficient * rest.function.xreplace({rest.limits[0][0]: index})
    if index is None:
        return None
    y = response[index]
    summand = sp.expand(summand, deep=False)
    weight = sp.simplify(summand.coeff(y))
    constant = sp.simplify(summand - weight * y)
    if weight == 0 or weight.has(response) or constant.has(response):
        return None
    return weight, sp.simplify(-constant / weight)
