"""When a parameter's estimate exists: the score equation must have a root inside the parameter's
domain, and some samples give it none (every observation 0 for the Poisson's λ, 0 < x̄ < m for the
binomial's p, x̄ > 1 for the zero-truncated Poisson's λ).

Where the score is linear in one sum over the data, a(θ)Σt(xᵢ) + b(θ) = 0 reads t̄ = h(θ) with
h = −b/(na). If h is strictly monotone on the domain, a root exists exactly when t̄ lies strictly
between h's limits at the domain's ends. The data put t̄ in the range of t over the support; an end
of that range is reached (every observation at it) only for a discrete support. The condition is
what the data can break: an end of h's range inside, or at a reachable end of, the data's."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symle.algebra.inequalities import decided, exponential_bound, logarithm_bound
from symle.algebra.logs import sign_of
from symle.algebra.sample import SampleMean, i, n
from symle.algebra.sums import hide_sums
from symle.budget import Budget
from symle.errors import BudgetExceeded
from symle.model.model import Model, Parameter
from symle.stages.likelihood import region
from symle.stages.step import Math, Prose, chain, prose

EXISTENCE_SECONDS = 1.5


@dataclass(frozen=True)
class Existence:
    """The estimate exists when lower < statistic < upper (None: no bound on that side). `every`
    holds the observation values at which a sample all equal to them breaks the condition (the
    support's ends); a bound inside the data's range is broken by other samples too."""

    parameter: Parameter
    statistic: sp.Expr  # x̄, or Σ t(xᵢ)
    lower: sp.Expr | None
    upper: sp.Expr | None
    every: tuple[sp.Expr, ...]
    variable: sp.Symbol  # x, the observation as the support names it

    @property
    def parts(self) -> tuple[tuple[sp.Expr, ...], tuple[str, ...]]:
        """The condition as a chain: (0, x̄, m) with (<, <), or (x̄, 1) with (>,)."""
        if self.lower is not None and self.upper is not None:
            return (self.lower, self.statistic, self.upper), ("<", "<")
        if self.lower is not None:
            return (self.statistic, self.lower), (">",)
        assert self.upper is not None
        return (self.statistic, self.upper), ("<",)


def _observation(total: sp.Sum, model: Model) -> sp.Expr:
    """The sum's term with xᵢ written as the model's variable x."""
    index = total.limits[0][0]
    return total.function.replace(
        lambda e: isinstance(e, sp.Indexed) and e.indices == (index,) and e.base.label == model.data.label,
        lambda e: model.var,
    )


def _range(term: sp.Expr, model: Model) -> tuple[list[sp.Expr], list[bool], list[sp.Expr]] | None:
    """The lowest and highest values of t(x) over the support (t monotone in x), whether each is
    reached (a discrete support's finite end), and the x that gives each."""
    x = model.var
    support = model.support
    if support.values is not None:
        values = sorted(support.values)
        low, high = sp.Integer(values[0]), sp.Integer(values[-1])
    else:
        low, high = support.lower, support.upper
    if low.free_symbols & set(model.symbols) or high.free_symbols & set(model.symbols):
        return None  # a parameter in the support: its estimate comes from the support
    slope = sign_of(sp.diff(term, x), region(model)) if term != x else 1
    if slope == 0:
        return None
    ends = [sp.limit(term, x, low, "+") if low.is_finite else sp.limit(term, x, low),
            sp.limit(term, x, high, "-") if high.is_finite else sp.limit(term, x, high)]  # fmt: skip
    discrete = support.discrete or support.values is not None
    reached = [discrete and low.is_finite, discrete and high.is_finite]
    at = [low, high]
    if slope < 0:
        ends.reverse()
        reached.reverse()
        at.reverse()
    return ends, reached, at


def _compare(a: sp.Expr, b: sp.Expr) -> int | None:
    """−1, 0 or 1 as a < b, a = b or a > b; None when undecided."""
    if a == b or sp.simplify(a - b) == 0:
        return 0
    if a == sp.S.NegativeInfinity or b == sp.S.Infinity:
        return -1
    if a == sp.S.Infinity or b == sp.S.NegativeInfinity:
        return 1
    difference = sp.simplify(a - b)
    if difference.is_positive:
        return 1
    if difference.is_negative:
        return -1
    return None


def existence(score: sp.Expr, parameter: Parameter, model: Model, budget: Budget) -> Existence | None:
    """The condition on the data for the score equation to have a root in the parameter's domain,
    or None when the data always give one or no condition could be derived."""
    try:
        with budget.guard(f"when the estimate of {parameter.name} exists", cap=EXISTENCE_SECONDS):
            return _existence(score, parameter, model)
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError, ZeroDivisionError):
        return None


def _existence(score: sp.Expr, parameter: Parameter, model: Model) -> Existence | None:
    symbol = parameter.symbol
    hidden, mapping = hide_sums(score)
    # a regression's sums of covariates alone (Σtᵢ) are the design, fixed and positive: constants here
    fixed = [d for d in mapping if model.conditional and _design_only(mapping[d], model)]
    design = {d: sp.Dummy(d.name, positive=True) for d in fixed}
    hidden = hidden.xreplace(design)
    data = [d for d in mapping if hidden.has(d)]
    if len(data) != 1 or hidden.free_symbols - {symbol, n, data[0], *design.values()} - set(model.symbols) - {
        p.symbol for p in model.known_parameters
    }:
        return None
    (total_symbol,) = data
    others = hidden.free_symbols & set(model.symbols) - {symbol}
    if others:
        return None
    total = mapping[total_symbol]
    slope = sp.diff(hidden, total_symbol)
    if slope == 0 or sp.diff(slope, total_symbol) != 0 or _sign_on_domain(slope, symbol, parameter) is None:
        return None  # a(θ) of one sign: the roots are those of t̄ = h(θ)
    # t̄ = h(θ), or with a design in it, Σt(yᵢ) = n h(θ) (Σyᵢ = λΣtᵢ): then the sum is the statistic
    scale = n if not design else sp.Integer(1)
    h = sp.simplify(-(hidden - slope * total_symbol) / (scale * slope))
    if h.has(total_symbol) or not h.has(symbol) or (h.has(n) and not design):
        return None
    low, high = sp.nsimplify(parameter.space.lower), sp.nsimplify(parameter.space.upper)
    rising = _monotone(h, symbol, parameter)
    if rising is None:
        return None
    ends = [sp.limit(h, symbol, low, "+"), sp.limit(h, symbol, high, "-")]
    if not rising:
        ends.reverse()
    term = _observation(total, model)
    found = _range(term, model)
    if found is None:
        return None
    (t_low, t_high), (reached_low, reached_high), at = found
    if design:  # the sum's range: n times the term's
        t_low, t_high = n * t_low, n * t_high
    lower = upper = None
    every: list[sp.Expr] = []
    below = _compare(t_low, ends[0])
    if below is None:
        return None
    if below < 0 or below == 0 and reached_low:
        lower = ends[0]
        if below == 0:
            every.append(at[0])
    above = _compare(t_high, ends[1])
    if above is None:
        return None
    if above > 0 or above == 0 and reached_high:
        upper = ends[1]
        if above == 0:
            every.append(at[1])
    if lower is None and upper is None:
        return None
    if not all(bound is None or bound.is_finite for bound in (lower, upper)):
        return None
    if design:
        if any(b is not None and b.free_symbols for b in (lower, upper)):
            return None  # a bound that depends on the design or the parameter: no condition on the data alone
        statistic: sp.Expr = total
    elif term == model.var:
        statistic = SampleMean(sp.IndexedBase(model.data.label))
    else:
        statistic, lower, upper = total, _times_n(lower), _times_n(upper)
    return Existence(parameter, statistic, lower, upper, tuple(every), model.var)


def _design_only(total: sp.Sum, model: Model) -> bool:
    """A sum over the covariates alone, without the response."""
    return not any(isinstance(e, sp.Indexed) and e.base.label == model.data.label for e in total.atoms(sp.Indexed))


def _times_n(bound: sp.Expr | None) -> sp.Expr | None:
    return None if bound is None else n * bound


def _monotone(h: sp.Expr, symbol: sp.Symbol, parameter: Parameter) -> bool | None:
    """True (increasing) or False (decreasing) on the domain, proved; None when not shown."""
    sign = _sign_on_domain(sp.diff(h, symbol), symbol, parameter)
    return None if sign is None else sign > 0


def _sign_on_domain(expr: sp.Expr, symbol: sp.Symbol, parameter: Parameter) -> int | None:
    """+1 or −1 when expr has that sign all over the parameter's domain (with e^u > 1 + u and
    log a > 1 − 1/a where needed), else None."""
    if parameter.space.bounded:
        u = sp.Dummy("u", positive=True)
        low, high = sp.nsimplify(parameter.space.lower), sp.nsimplify(parameter.space.upper)
        expr = expr.xreplace({symbol: low + (high - low) * u / (1 + u)})
    for form in (expr, exponential_bound(expr)[0], logarithm_bound(expr)[0]):
        if decided(form, 1):
            return 1
        if decided(form, -1):
            return -1
    return None


def domain_chain(parameter: Parameter) -> Math | None:
    """The parameter's domain as a condition: λ > 0, 0 < p < 1 (None for the whole line)."""
    space, symbol = parameter.space, parameter.symbol
    low, high = sp.nsimplify(space.lower), sp.nsimplify(space.upper)
    if low.is_finite and high.is_finite:
        return chain(low, symbol, high, relations=("<", "<"))
    if low.is_finite:
        return chain(symbol, low, relations=(">",))
    if high.is_finite:
        return chain(symbol, high, relations=("<",))
    return None


def exists_when(found: Existence, subject: str | Prose = "which", why: bool = True) -> Prose:
    """ "which exists when x̄ > 0: if every xᵢ is 0, the likelihood has no maximum with λ > 0" (the
    part after the colon only with `why`)."""
    parts, relations = found.parts
    if not why:
        return prose(subject, " exists when ", chain(*parts, relations=relations))
    observation = sp.IndexedBase(found.variable)[i]
    where = domain_chain(found.parameter)
    within = prose(" with ", where) if where is not None else prose()
    if found.every:
        cases = [prose("every ", observation, " is ", value) for value in found.every]
        failing = prose("if ", *(p for k, case in enumerate(cases) for p in (("" if not k else ", or "), case)))
    else:
        failing = prose("otherwise")
    return prose(
        subject,
        " exists when ",
        chain(*parts, relations=relations),
        ": ",
        failing,
        ", the likelihood has no maximum",
        within,
    )


__all__ = ["Existence", "domain_chain", "exists_when", "existence"]
