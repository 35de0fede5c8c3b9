"""Solving for the estimators: support boundaries, the median rule, then the score equations."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import sympy as sp

from symle.algebra.sample import SampleMax, SampleMaxAbs, SampleMedian, SampleMin, i
from symle.algebra.sums import hide_sums, is_sample_sum, restore_sums, split_sum, substitute_nested
from symle.budget import Budget
from symle.errors import BudgetExceeded, OutOfTime
from symle.model.model import Model, Parameter
from symle.stages.existence import Existence, existence
from symle.stages.likelihood import Likelihood
from symle.stages.reasons import inseparable, unsolved
from symle.stages.score import score_of
from symle.stages.step import listed, prose

SOLVE_SECONDS = 3.0


@dataclass(frozen=True)
class Solution:
    """How one parameter is estimated.

    method: "closed-form" | "boundary" | "numeric". `value` is the estimator in the data alone
    (None when numeric); `profile` its closed form given the other parameters, when there is one;
    `rule`: "score" | "support-lower" | "support-upper" | "support-interval" | "median" (support-lower:
    the likelihood rises to the largest value the data allow, support-upper: falls from the smallest,
    support-interval: flat, so not unique); `reason` says why a parameter
    is numeric, in words for the steps.
    """

    parameter: Parameter
    method: str
    rule: str
    value: sp.Expr | None = None
    profile: sp.Expr | None = None
    equation: sp.Expr | None = None
    reason: str = ""
    root: sp.Expr | None = None  # the root of its own score with the other parameters left as symbols
    interval: tuple[sp.Expr, sp.Expr] | None = None  # every value between maximises (value: the midpoint)
    exists: Existence | None = None  # the data's condition for a root inside the domain (x̄ > 0)


@dataclass(frozen=True)
class Solved:
    """The solution stage: per parameter, in model order, and the scores it solved."""

    solutions: tuple[Solution, ...]
    scores: dict[sp.Symbol, sp.Expr]
    loglik: sp.Expr  # the log-likelihood after boundary and median parameters are fixed

    def of(self, name: str) -> Solution:
        return next(s for s in self.solutions if s.parameter.name == name)


def _solve_one(
    equation: sp.Expr, symbol: sp.Symbol, parameter: Parameter, budget: Budget, model: Model
) -> tuple[sp.Expr | None, str]:
    """The unique root of equation = 0 in the parameter's domain, or None and the reason."""
    whole, mapping = hide_sums(equation, keep=symbol)
    hidden = whole.replace(lambda e: is_sample_sum(e) and e.has(symbol), split_sum)
    if any(is_sample_sum(s) and s.has(symbol) for s in hidden.atoms(sp.Sum)):
        holder = "that class's bounds" if model.grouping is not None else "that term's observation"
        return None, inseparable(whole, parameter, budget, holder)
    special = [
        f for f in hidden.atoms(sp.Function) if f.has(symbol) and isinstance(f, (sp.polygamma, sp.gamma, sp.loggamma))
    ]
    if special:
        what = {
            "polygamma": "the digamma function",
            "gamma": "the gamma function",
            "loggamma": "the log-gamma function",
        }
        name = what.get(special[0].func.__name__, special[0].func.__name__)
        return None, prose(parameter.symbol, f" appears inside {name}, which has no elementary inverse")
    angle = on_the_circle(hidden, symbol)
    if angle is not None:
        return restore_sums(angle, mapping), ""
    numerator = sp.numer(sp.together(hidden))
    try:
        with budget.guard(f"solving the score equation for {parameter.name}", cap=SOLVE_SECONDS):
            roots = sp.solve(numerator, symbol, dict=False)
    except BudgetExceeded:
        return None, prose("no solution for ", parameter.symbol, " was found within the time budget")
    except (NotImplementedError, ValueError, TypeError, StopIteration):  # (SymPy's sum_simplify can raise the last)
        return None, unsolved(parameter.symbol)
    roots = [r for r in _branches(roots) if not r.has(symbol) and parameter.space.admits(r)]
    if not roots:
        return None, unsolved(parameter.symbol)
    if len(roots) > 1:
        # the data-only sums the split brought out are hidden too, for the trial samples
        hidden_roots, split = hide_sums(sp.Tuple(*roots))
        from symle.stages.roots import root_in_domain  # (NumPy, for a few equations only)

        chosen = root_in_domain(tuple(hidden_roots), parameter, {**mapping, **split}, model)
        if chosen is None:
            return None, prose("the score equation for ", parameter.symbol, " has several roots")
        roots = [restore_sums(chosen, split)]
    return restore_sums(roots[0], mapping), ""


def on_the_circle(score: sp.Expr, symbol: sp.Symbol) -> sp.Expr | None:
    """The maximiser of a log-likelihood whose score is P cos θ + Q sin θ, P and Q free of θ:
    ℓ = P sin θ - Q cos θ + c = R cos(θ - φ) + c with R = √(P² + Q²), largest at
    φ = atan2(P, -Q) (the von Mises location: atan2(Σ sin xᵢ, Σ cos xᵢ)); a common positive factor of
    P and Q (κ) left out. None for any other score."""
    expanded = sp.expand(score)
    cos, sin = sp.cos(symbol), sp.sin(symbol)
    p, q = expanded.coeff(cos), expanded.coeff(sin)
    if p.has(symbol) or q.has(symbol) or (p == 0 and q == 0) or sp.expand(expanded - p * cos - q * sin) != 0:
        return None
    p, q = sp.factor_terms(p), sp.factor_terms(-q)
    common = sp.gcd(p.as_coeff_Mul()[0], q.as_coeff_Mul()[0])  # atan2(-2C, 2S) is atan2(-C, S)
    p, q = p / abs(common), q / abs(common)
    for factor in sp.Mul.make_args(p):
        if factor.is_positive and factor in sp.Mul.make_args(q):
            p, q = p / factor, q / factor
    return sp.atan2(p, q)


def _branches(roots: list[sp.Expr]) -> list[sp.Expr]:
    """Each root holding the Lambert W function on both real branches, W₀ and W₋₁, so that the
    choice among them is made on samples (root_in_domain), not left to SymPy's principal branch."""
    out: list[sp.Expr] = []
    for root in roots:
        out.append(root)
        lower = root.replace(
            lambda e: isinstance(e, sp.LambertW) and len(e.args) == 1, lambda e: sp.LambertW(e.args[0], -1)
        )
        if lower != root:
            out.append(lower)
    return out


def _sign(expr: sp.Expr) -> int:
    """+1 or -1 when the sign of expr is decided by the assumptions, else 0."""
    simplified = sp.factor_terms(sp.together(expr))
    if simplified.is_positive:
        return 1
    if simplified.is_negative:
        return -1
    return 0


def _limits(likelihood: Likelihood, symbol: sp.Symbol) -> tuple[list[sp.Expr], list[sp.Expr]] | None:
    """The values of a parameter the data allow, from every observation lying in the support:
    lower(theta) <= x_(1) and upper(theta) >= x_(n), each solved for theta, give theta in
    [max(lows), min(highs)]. None when a bound is not monotone in theta or holds another
    parameter of the support, so the rule does not apply."""
    model = likelihood.model
    data = sp.IndexedBase(model.data.label)
    others = set(model.support.parameters_in_bounds(model.symbols)) - {symbol}
    lows: list[sp.Expr] = []
    highs: list[sp.Expr] = []
    for bound, extreme, is_lower in (
        (model.support.lower, SampleMin(data), True),
        (model.support.upper, SampleMax(data), False),
    ):
        if not bound.has(symbol):
            continue
        if bound.free_symbols & others:
            return None
        roots = sp.solve(sp.Eq(bound, extreme), symbol)
        slope = _sign(sp.diff(bound, symbol))
        if len(roots) != 1 or slope == 0:
            return None
        # lower(theta) <= x_(1): theta at most the root when lower increases with theta, else at least
        (highs if (slope > 0) == is_lower else lows).append(roots[0])
    return lows, highs


def _largest(values: list[sp.Expr], data: sp.IndexedBase) -> sp.Expr:
    """max(-x_(1), x_(n)) is max |x_i|, as textbooks write the estimator of U(-theta, theta)."""
    if set(values) == {-SampleMin(data), SampleMax(data)}:
        return SampleMaxAbs(data)
    return values[0] if len(values) == 1 else sp.Max(*values)


def _boundary(likelihood: Likelihood, budget: Budget) -> tuple[dict[sp.Symbol, Solution], sp.Expr]:
    """Parameters in the support's bounds: the data allow an interval of values; where the
    log-likelihood is monotone there, the estimate is the end it rises to (an order statistic);
    where it is flat, every value of the interval is a maximum and the estimate is not unique."""
    model = likelihood.model
    data = sp.IndexedBase(model.data.label)
    bounds = model.support.parameters_in_bounds(model.symbols)
    solutions: dict[sp.Symbol, Solution] = {}
    loglik = likelihood.loglik
    if not bounds:
        return solutions, loglik
    lowest = sp.Symbol("x_(1)", **model.support.variable_assumptions())
    gap = sp.Symbol("w", positive=True)
    with budget.guard("checking the sign of the score on the feasible region"):
        limits = {symbol: _limits(likelihood, symbol) for symbol in bounds}
        # a point inside the allowed region for every bound parameter at once: below x_(1) for one
        # the data bound from above (a lower bound), above x_(n) for the others
        feasible = {
            symbol: lowest - sp.Symbol(f"u_{symbol.name}", positive=True)
            if found is not None and found[1]
            else lowest + gap + sp.Symbol(f"u_{symbol.name}", positive=True)
            for symbol, found in limits.items()
        }
        for symbol, found in limits.items():
            if found is None:
                continue
            parameter = next(p for p in model.parameters if p.symbol == symbol)
            lows, highs = found
            score = sp.diff(loglik, symbol)
            sign = _sign(score) or _sign(score.xreplace(feasible))
            if score == 0 and lows and highs:
                low, high = _largest(lows, data), _smallest(highs, data)
                solutions[symbol] = Solution(
                    parameter, "boundary", "support-interval", (low + high) / 2, interval=(low, high)
                )
            elif sign > 0 and highs:
                solutions[symbol] = Solution(parameter, "boundary", "support-lower", _smallest(highs, data))
            elif sign < 0 and lows:
                solutions[symbol] = Solution(parameter, "boundary", "support-upper", _largest(lows, data))
    fixed = {s: sol.value for s, sol in solutions.items() if sol.interval is None}
    return solutions, loglik.xreplace(fixed)


def _smallest(values: list[sp.Expr], data: sp.IndexedBase) -> sp.Expr:
    return values[0] if len(values) == 1 else sp.Min(*values)


def _median(likelihood: Likelihood, loglik: sp.Expr, free: list[Parameter]) -> dict[sp.Symbol, Solution]:
    """A location parameter that enters only through -c * sum |x_i - mu| (c > 0) is estimated by
    the sample median, which minimises the sum of absolute deviations."""
    model = likelihood.model
    data = model.data
    solutions = {}
    for parameter in free:
        symbol = parameter.symbol
        sums = [s for s in loglik.atoms(sp.Sum) if s.has(symbol)]
        if len(sums) != 1 or not isinstance(sums[0].function, sp.Abs):
            continue
        inner = sums[0].function.args[0]
        if sp.expand(inner - (data[i] - symbol)) != 0 and sp.expand(inner + (data[i] - symbol)) != 0:
            continue
        coefficient = loglik.coeff(sums[0])
        if loglik.xreplace({sums[0]: 0}).has(symbol) or _sign(coefficient) >= 0:
            continue
        solutions[symbol] = Solution(parameter, "closed-form", "median", SampleMedian(sp.IndexedBase(data.label)))
    return solutions


def solve(likelihood: Likelihood, budget: Budget) -> Solved:
    """Find every parameter's estimator, or the reason it has no closed form."""
    model = likelihood.model
    solutions, loglik = _boundary(likelihood, budget)
    free = [p for p in model.parameters if p.symbol not in solutions]
    medians = _median(likelihood, loglik, free)
    solutions.update(medians)
    loglik = loglik.xreplace({s: sol.value for s, sol in medians.items()})
    free = [p for p in free if p.symbol not in medians]
    scores = {p.symbol: score_of(loglik, p.symbol) for p in free}

    solved: dict[sp.Symbol, sp.Expr] = {}
    reasons: dict[sp.Symbol, str] = {}
    pending = list(free)
    # each parameter's last equation and its answer: an equation that the last round left unchanged
    # keeps its root (two parameters with scores of their own are both solved, one round after the other)
    tried: dict[sp.Symbol, tuple[sp.Expr, sp.Expr | None, str]] = {}
    first_roots: dict[sp.Symbol, sp.Expr] = {}
    while pending:
        candidates = []
        for parameter in pending:
            symbol = parameter.symbol
            equation = substitute_nested(scores[symbol], solved)
            if symbol in tried and tried[symbol][0] == equation:
                root, reason = tried[symbol][1:]
            else:
                if budget.expired():  # (not answered by a weaker result: see symle.budget)
                    raise OutOfTime(f"out of time before solving the score equation for {parameter.name}")
                root, reason = _solve_one(equation, symbol, parameter, budget, model)
                tried[symbol] = (equation, root, reason)
            if root is None:
                reasons[symbol] = reason
            else:
                first_roots.setdefault(symbol, root)
                others = sum(1 for p in pending if p is not parameter and root.has(p.symbol))
                candidates.append((others, parameter, root))
        if not candidates:
            break
        _, parameter, root = min(candidates, key=lambda c: c[0])
        pending.remove(parameter)
        solved = {s: substitute_nested(v, {parameter.symbol: root}) for s, v in solved.items()}
        solved[parameter.symbol] = root

    pending_symbols = {p.symbol for p in pending}
    for parameter in free:
        symbol = parameter.symbol
        equation = scores[symbol]
        if symbol in solved and not solved[symbol].free_symbols & pending_symbols:
            solutions[symbol] = Solution(
                parameter, "closed-form", "score", solved[symbol], equation=equation, root=first_roots.get(symbol)
            )
        elif symbol in solved:
            solutions[symbol] = Solution(
                parameter,
                "numeric",
                "score",
                profile=solved[symbol],
                equation=equation,
                reason=prose(
                    "it has a closed form only given ",
                    listed(sorted(solved[symbol].free_symbols & pending_symbols, key=str)),
                    ", which must be found numerically",
                ),
            )
        else:
            solutions[symbol] = Solution(
                parameter, "numeric", "score", equation=equation, reason=reasons.get(symbol, "")
            )
    for parameter in free:  # when the score equation has a root in the domain at all
        others = {s: v for s, v in solved.items() if s != parameter.symbol}
        found = existence(substitute_nested(scores[parameter.symbol], others), parameter, model, budget)
        if found is not None:
            solutions[parameter.symbol] = dataclasses.replace(solutions[parameter.symbol], exists=found)
    ordered = tuple(solutions[p.symbol] for p in model.parameters)
    return Solved(ordered, scores, loglik)


__all__ = ["Solution", "Solved", "solve"]
