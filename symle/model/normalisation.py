"""The check that a typed density is one: not negative on its support, and integrating (summing) to 1."""

from __future__ import annotations

import dataclasses
import math
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from symle.algebra.special import as_sympy
from symle.budget import Budget
from symle.errors import BudgetExceeded, ModelError, named
from symle.model.indicators import cases
from symle.model.model import Model, Parameter
from symle.model.support import REAL_LINE, Support

NORMALISE_SECONDS = 3.0


def check_density(model: Model, budget: Budget) -> list[str]:
    """check_one for each group of the model's group indicators (symle.model.indicators): a density of
    the response given them; else, summed over their values, a density of both together (Casella and
    Berger's (z, w) with z = min(x, y) and w = 1 when z = x), which is said: the estimates are the same,
    but the information given the indicators is not the one over both."""
    if not model.groups:
        return check_one(model, budget)
    each = [
        dataclasses.replace(model, density=model.density.xreplace(values), groups=())
        for values, _ in cases(model.groups)
    ]
    try:
        return list(dict.fromkeys(w for one in each for w in check_one(one, budget)))
    except ModelError as refusal:
        joint = dataclasses.replace(model, density=sp.Add(*(one.density for one in each)), groups=())
        try:
            found = check_one(joint, budget)
        except ModelError:
            raise refusal from None
    names = ", ".join(c.name for c in model.indicators)
    return [
        *found,
        f"the formula is a density of {model.var.name} and {names} together (summed over {names} = 0 and 1), "
        f"not of {model.var.name} given {names}: the estimates are the same, and the information below is "
        f"the one given {names}",
    ]


def check_one(model: Model, budget: Budget) -> list[str]:
    """Refuse a typed formula that is no density: negative on its support, with an integral (sum)
    that diverges, or one that is not 1. The parameters take trial values inside their domains;
    when the formula fails at the first trial values but is a density at others (the Borel
    distribution is one only for mu <= 1, its inferred domain being mu > 0), it is kept with a
    warning that names the failure; when it fails at every trial it is refused."""
    symbolic = [p for p in model.known_parameters if model.known.get(p.name) is None]
    free = (*model.parameters, *symbolic)
    first = {p.symbol: p.space.trial for p in free}
    try:
        verdict = _check_at(model, first, budget, symbolically=True)
    except BudgetExceeded:
        return ["the check that the formula is a density did not finish: its values took too long to compute"]
    if verdict is None or verdict.startswith(_UNVERIFIED):
        return [verdict] if verdict else []
    for trial in _other_trials(free):
        try:
            if _check_at(model, trial, budget, symbolically=False) is None:
                return [f"the formula is a density only for some values of the parameters: {verdict}"]
        except BudgetExceeded:
            break
    if model.support == REAL_LINE:  # the default: say so, and how to give another
        verdict += (
            f"; its support is the whole real line, as when no {named('support')} is given: give the support, "
            f"e.g. {named('support')} '{model.var.name} > 0' or '0 < {model.var.name} < 1'"
        )
    raise ModelError(verdict)


_UNVERIFIED = "it could not be verified"


def _other_trials(free: tuple[Parameter, ...]) -> list[dict[sp.Symbol, sp.Expr]]:
    """The first trial values with one parameter moved at a time to its domain's other values."""
    first = {p.symbol: p.space.trial for p in free}
    return [{**first, p.symbol: value} for p in free for value in p.space.others]


def _check_at(model: Model, trial: Mapping[sp.Symbol, sp.Expr], budget: Budget, symbolically: bool) -> str | None:
    """None when the formula is a density at these parameter values; else why not (a refusal),
    or a sentence starting with _UNVERIFIED when neither SymPy nor quadrature could tell."""
    x = model.var
    density = as_sympy(model.density).xreplace(trial)
    support = model.support.substitute(trial)
    where = f"(parameters {_show(trial)})"
    diverges = f"the density's {_integral(support)} over its support diverges {where}: not a density"
    points = _support_points(support)
    doubles = _doubles(density, x, [float(p) for p in points])
    with budget.guard("checking the sign of the density", cap=NORMALISE_SECONDS):
        for point, double in zip(points, doubles, strict=True):
            # a double's sign is the value's, also +0.0 from an underflow: no slow evalf (SymPy takes
            # seconds over exp(-exp(exp(20)))); -0.0 may be a true 0 and is asked again
            if np.isfinite(double) and not (double == 0 and np.signbit(double)):
                negative = double < 0
            else:
                value = density.xreplace({x: point}).evalf()
                negative = bool(value.is_real and value.is_negative)
            if negative:
                return f"the density is negative at {x.name} = {point} {where}"
    total = _symbolic_total(density, x, support, budget) if symbolically else None
    if total is not None:
        if total.has(sp.oo, -sp.oo, sp.zoo) or total.is_finite is False:
            return diverges
        if total.is_number:
            value = complex(total)
            if value.real < 0:  # a function found nonnegative cannot integrate to a negative number:
                return diverges  # SymPy took an improper integral that diverges as if it converged
            if abs(value - 1) > 1e-9:
                return f"the density integrates to {sp.nsimplify(total)}, not 1 {where}"
            return None
    if total is None and _tail_stays_up(density, x, support, budget):
        return diverges
    numeric = _numeric_total(density, x, support)
    if numeric is not None:
        value, trusted = numeric
        if not np.isfinite(value):
            return diverges
        if trusted:
            return f"the density integrates to {value:.6g}, not 1 {where}" if abs(value - 1) > 1e-6 else None
    return f"{_UNVERIFIED} that the density integrates to 1"


FAR = (9, 10, 11, 12)  # a density still above FLOOR at 10**9 ... 10**12 from the origin integrates to far over 1
FLOOR = 1e-9


def _tail_stays_up(density: sp.Expr, x: sp.Symbol, support: Support, budget: Budget) -> bool:
    """Whether the density stays away from 0 towards an infinite end of its support, where a density
    (a sum's terms) must vanish: its values far out (10**9 to 10**12 from the support's finite end or
    the origin) all stay above 1e-9, over a stretch where that alone integrates to over 1000; where
    they cannot be had, SymPy's limit there (within the budget) is not 0."""
    ends = [end for end in (support.upper, support.lower) if end.is_infinite]
    if not ends or support.values is not None:
        return False
    origin = next((b for b in (support.lower, support.upper) if b.is_finite and b.is_number), sp.Integer(0))
    for end in ends:
        points = [float(origin) + (1 if end == sp.oo else -1) * 10.0**k for k in FAR]
        far = _far_values(density, x, points, budget)
        if far is not None:
            if all(v > FLOOR for v in far):  # inf counts: a density that grows
                return True
            continue
        limit = _limit(density, x, end, budget)
        if limit is not None and limit.is_zero is False:
            if limit.is_positive or limit.is_infinite or _above_zero(limit):
                return True
    return False


def _doubles(density: sp.Expr, x: sp.Symbol, points: list[float]) -> list[float]:
    """The density's real values at these points in double precision (NaN where it cannot be had)."""
    try:
        with np.errstate(all="ignore"):
            values = np.broadcast_to(sp.lambdify(x, density, modules="numpy")(np.array(points)), (len(points),))
            return [complex(v).real if abs(complex(v).imag) == 0 else math.nan for v in values]
    except Exception:  # noqa: BLE001 - a function NumPy lacks (factorial): SymPy's evalf instead
        return [math.nan] * len(points)


def _far_values(density: sp.Expr, x: sp.Symbol, points: list[float], budget: Budget) -> list[Any] | None:
    """The density at these points: in double precision where that is not NaN (0 · inf from an
    overflow), else in mpmath (no overflow), within the budget; None where neither can tell."""
    values = _doubles(density, x, points)
    if not any(np.isnan(values)):
        return values
    try:
        function = sp.lambdify(x, density, modules="mpmath")
        with budget.guard("checking the density's tails", cap=1.0), mpmath.workdps(20):
            return [mpmath.re(function(mpmath.mpf(p))) for p in points]
    except Exception:  # noqa: BLE001 - not decisive: SymPy's limit is asked instead
        return None


def _limit(density: sp.Expr, x: sp.Symbol, end: sp.Expr, budget: Budget) -> sp.Expr | None:
    """The density's limit at an end of its support, or None when SymPy has none in time."""
    try:
        with budget.guard("checking the density's tails", cap=NORMALISE_SECONDS):
            limit = sp.limit(density, x, end)
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError, AttributeError):
        return None
    return None if limit.has(sp.Limit) or limit.has(sp.nan) else limit


def _above_zero(limit: sp.Expr) -> bool:
    """An oscillating limit (SymPy's AccumBounds) whose lowest value is above 0."""
    return isinstance(limit, sp.AccumBounds) and bool(limit.min.is_positive)


def _integral(support: Support) -> str:
    return "sum" if support.discrete else "integral"


def _symbolic_total(density: sp.Expr, x: sp.Symbol, support: Support, budget: Budget) -> sp.Expr | None:
    """The integral (sum) over the support by SymPy, None when it cannot be had in time."""
    try:
        with budget.guard("checking that the density integrates to 1", cap=NORMALISE_SECONDS):
            if support.values is not None:
                total = sp.Add(*(density.xreplace({x: v}) for v in support.values))
            elif support.discrete:
                total = sp.summation(density, (x, support.lower, support.upper))
            else:
                total = _in_log_scale(density, x, support)
                if total is None:
                    total = sp.integrate(density, (x, support.lower, support.upper))
            total = sp.simplify(total)
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError):
        return None
    return None if total.has(sp.Integral, sp.Sum) else total


def _in_log_scale(density: sp.Expr, x: sp.Symbol, support: Support) -> sp.Expr | None:
    """The integral of a density in log x on positive x, taken in t = log x (∫ f(eᵗ) eᵗ dt): the
    lognormal's becomes the normal's Gaussian integral, a fraction of a second where SymPy's heuristic
    on x takes many (issue 23). None when the density has no log x or the integral is not found."""
    lower, upper = support.lower, support.upper
    if not density.has(sp.log(x)) or not (lower.is_zero or lower.is_positive and lower.is_number):
        return None
    if not (upper == sp.oo or upper.is_positive and upper.is_number):
        return None
    t = sp.Dummy("t", real=True)
    ends = [-sp.oo if lower.is_zero else sp.log(lower), sp.oo if upper == sp.oo else sp.log(upper)]
    total = sp.integrate(density.xreplace({x: sp.exp(t)}) * sp.exp(t), (t, *ends))
    return None if total.has(sp.Integral) else total


def _show(values: Mapping[sp.Symbol, sp.Expr]) -> str:
    return ", ".join(f"{k}={v}" for k, v in values.items())


def _support_points(support: Support) -> list[sp.Expr]:
    if support.values is not None:
        return [sp.Integer(v) for v in support.values]
    lower = support.lower if support.lower.is_finite else None
    upper = support.upper if support.upper.is_finite else None
    if support.discrete:
        start = int(lower) if lower is not None else 0
        stop = int(upper) if upper is not None and upper.is_number else start + 20
        return [sp.Integer(k) for k in range(start, min(stop, start + 20) + 1)]
    if lower is not None and upper is not None and lower.is_number and upper.is_number:
        return [lower + (upper - lower) * sp.Rational(k, 10) for k in range(1, 10)]
    if lower is not None and lower.is_number:
        return [lower + sp.Rational(k, 4) for k in (1, 2, 4, 8, 16, 40)]
    if upper is not None and upper.is_number:
        return [upper - sp.Rational(k, 4) for k in (1, 2, 4, 8, 16, 40)]
    return [sp.Rational(k, 2) for k in (-20, -6, -2, -1, 0, 1, 2, 6, 20)]


def _numeric_total(density: sp.Expr, x: sp.Symbol, support: Support) -> tuple[float, bool] | None:
    """The integral (sum) of the density with the trial parameters, numerically, and whether the
    computation vouches for it; None if unusable. Sums run term by term in mpmath (no overflow in
    (mu x)^x / x!) until the terms are negligible; integrals by adaptive quadrature."""
    try:
        if support.discrete:
            return _numeric_sum(sp.lambdify(x, density, modules="mpmath"), support)
        f = sp.lambdify(x, density, modules=["scipy", "numpy"])
        from scipy.integrate import quad

        lower = float(support.lower) if support.lower.is_finite else -np.inf
        upper = float(support.upper) if support.upper.is_finite else np.inf
        with warnings.catch_warnings(record=True) as caught, np.errstate(all="ignore"):
            warnings.simplefilter("always")
            value, error = quad(lambda t: float(f(t)), lower, upper, limit=200)
        return value, not caught and error < 1e-6 * max(1.0, abs(value))
    except Exception:  # noqa: BLE001 - a numeric check that fails is simply not decisive
        return None


MAX_TERMS = 20_000


def _numeric_sum(term: Callable[[int], Any], support: Support) -> tuple[float, bool]:
    """Σ term(k) over the support: converged when thirty terms in a row are negligible; growing
    terms diverge (inf); a slow tail that never settles is not vouched for."""
    start = int(support.lower)
    stop = int(support.upper) if support.upper.is_finite else start + MAX_TERMS
    total = mpmath.mpf(0)
    small = 0
    previous = None
    with mpmath.workdps(25):
        for k in range(start, stop + 1):
            value = mpmath.re(term(k))
            total += value
            if support.upper.is_finite:
                continue
            small = small + 1 if abs(value) <= mpmath.mpf("1e-17") * max(abs(total), 1) else 0
            if small >= 30:
                return float(total), True
            if k - start == MAX_TERMS // 2:
                previous = abs(value)
        if support.upper.is_finite:
            return float(total), True
        if previous is not None and abs(value) > previous:
            return float("inf"), True  # the terms grow: the sum diverges
    return float(total), False
