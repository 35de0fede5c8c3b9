"""Restricted parameter spaces (θ ∈ [0, 1/2], α > 1, μ ≥ 0): the constrained maximum.

Where one parameter is estimated and its log-likelihood rises up to the stationary point and falls
beyond it (concave everywhere, or a unique stationary point that is a maximum), the maximum on an
interval is the stationary point projected onto it: θ̂ = min(x̄, 1/2). Where that argument is not
available (several parameters, which the restriction may bind jointly; no closed form; no proof of
the shape), the page says so and the estimate is found numerically within the interval."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import sympy as sp

from symle.algebra import notation as N
from symle.errors import NotSupported
from symle.model.interval import Interval
from symle.model.model import Model, Parameter
from symle.stages.estimators import Estimator
from symle.stages.existence import Existence
from symle.stages.maximum import CONCAVE, Maximum
from symle.stages.restricted_ends import ends_result, ends_step
from symle.stages.secondorder import SecondOrder
from symle.stages.solve import Solved
from symle.stages.step import Equation, Prose, Step, chain, listed, prose


@dataclass(frozen=True)
class Restriction:
    """A parameter restricted to an interval: `projected` when its estimator is the unrestricted
    one projected onto the interval (`argument`: "concave" or "unimodal"), else it is found
    numerically within the interval and `reason` says why the projection was not argued."""

    parameter: Parameter
    interval: Interval
    projected: bool
    argument: str = ""
    reason: str = ""
    unrestricted: sp.Expr | None = None  # the stationary point, in the data
    shown: sp.Expr | None = None  # the stationary point as the page shows it (x̄)
    score: sp.Expr | None = None  # argument "ends": the score, whose sign at the ends places the maximum


def restriction_chain(parameter: Parameter) -> object:
    """0 ≤ θ ≤ 1/2, θ > 1, μ ≥ 0: the restricted space as a condition in a sentence."""
    interval = parameter.interval
    assert interval is not None
    low, high = interval.sympy_bounds()
    symbol = parameter.symbol
    lower, upper = ("<=" if interval.lower_closed else "<"), ("<=" if interval.upper_closed else "<")
    if low.is_finite and high.is_finite:
        return chain(low, symbol, high, relations=(lower, upper))
    if low.is_finite:
        return chain(symbol, low, relations=(">=" if interval.lower_closed else ">",))
    return chain(symbol, high, relations=(upper,))


def unknowns(parameters: tuple[Parameter, ...], page: bool = False) -> Prose:
    """The unknown parameters named in a sentence, with their restricted spaces: θ, where 0 ≤ θ ≤ 1/2.
    On a derivation's page (`page`) with their domains too (θ, where θ > 0), and without a space found
    from the density's sign, which the page states in a sentence of its own."""
    names = listed(p.symbol for p in parameters)
    restricted = []
    for p in parameters:
        if p.interval is not None and not (page and p.interval.inferred):
            restricted.append(restriction_chain(p))
        elif page and p.interval is None and p.domain in _DOMAIN_CHAINS:
            restricted.append(_DOMAIN_CHAINS[p.domain](p.symbol))
    return prose(names, ", where ", listed(restricted)) if restricted else names


_DOMAIN_CHAINS = {
    "positive": lambda s: chain(s, sp.Integer(0), relations=(">",)),
    "probability": lambda s: chain(sp.Integer(0), s, sp.Integer(1), relations=("<", "<")),
}


def _binding(parameter: Parameter) -> tuple[sp.Expr | None, sp.Expr | None]:
    """The interval's ends that can bind: those inside the parameter's domain (an end the domain
    shares, 0 of [0, 1/2] for a probability, is never passed by the unrestricted estimate)."""
    interval = parameter.interval
    assert interval is not None
    space = parameter.space
    low, high = interval.sympy_bounds()
    return (low if low.is_finite and float(low) > space.lower else None), (
        high if high.is_finite and float(high) < space.upper else None
    )


def projection(value: sp.Expr, parameter: Parameter) -> sp.Expr:
    """The unrestricted estimate projected onto the interval: min(max(θ̂, a), b)."""
    low, high = _binding(parameter)
    if low is not None:
        value = sp.Max(value, low, evaluate=False)
    if high is not None:
        value = sp.Min(value, high, evaluate=False)
    return value


def _argument(
    parameter: Parameter, scored: tuple[Parameter, ...], maximum: Maximum | None, second_order: SecondOrder | None
) -> str:
    """Why the log-likelihood rises to its stationary point and falls beyond: "concave" or
    "unimodal", or "" when this derivation does not show it."""
    if scored != (parameter,):
        return ""
    if maximum is not None and maximum.kind in CONCAVE and maximum.parameters == (parameter,):
        return "concave"
    if second_order is not None and second_order.proved and second_order.parameters == (parameter,):
        return "unimodal"
    return ""


def _within(shown: sp.Expr, low: sp.Expr | None, high: sp.Expr | None, interval: Interval) -> object:
    """x̄ ≤ 1/2, 1 ≤ x̄ ≤ 2, n/Σ log xᵢ > 1: where the stationary point lies in the interval."""
    below = "<=" if interval.lower_closed else "<"
    above = "<=" if interval.upper_closed else "<"
    if low is not None and high is not None:
        return chain(low, shown, high, relations=(below, above))
    if low is not None:
        return chain(shown, low, relations=(">=" if interval.lower_closed else ">",))
    return chain(shown, high, relations=(above,))


def _cases(parameter: Parameter, shown: sp.Expr) -> Prose:
    """Where ℓ is largest on the interval, case by case: at 1/2 when x̄ > 1/2, ...; an open end
    the estimate passes has no maximum (the likelihood rises towards it)."""
    interval = parameter.interval
    assert interval is not None
    low, high = _binding(parameter)
    clauses = [prose("at ", shown, " when ", _within(shown, low, high, interval))]
    for end, closed, beyond, edge in (
        (low, interval.lower_closed, "<", "at or below"),
        (high, interval.upper_closed, ">", "at or above"),
    ):
        if end is None:
            continue
        if closed:
            clauses.append(prose("at ", end, " when ", chain(shown, end, relations=(beyond,))))
        else:
            clauses.append(prose("nowhere when ", shown, f" is {edge} ", end, " (it rises towards that open end)"))
    return listed(clauses)


def _existence(parameter: Parameter, estimator: Estimator, shown: sp.Expr) -> Existence | None:
    """When the restricted estimate exists: an end the interval shares with the domain keeps the
    unrestricted condition on that side if open (0 < x̄ for θ ∈ (0, 1/2]) and drops it if closed
    (θ̂ = 0 when every xᵢ is 0, for θ ∈ [0, 1/2]); an open end inside the domain adds its own
    (n/Σ log xᵢ > 1 for α > 1); a closed one none."""
    interval = parameter.interval
    assert interval is not None
    found = estimator.exists
    low, high = _binding(parameter)
    ends = interval.sympy_bounds()
    keep_low = (
        found is not None
        and found.lower is not None
        and (ends[0].is_infinite or (low is None and not interval.lower_closed))
    )
    keep_high = (
        found is not None
        and found.upper is not None
        and (ends[1].is_infinite or (high is None and not interval.upper_closed))
    )
    open_low = low if low is not None and not interval.lower_closed else None
    open_high = high if high is not None and not interval.upper_closed else None
    if open_low is None and open_high is None:
        if found is None or not (keep_low or keep_high):
            return None
        return dataclasses.replace(
            found, lower=found.lower if keep_low else None, upper=found.upper if keep_high else None, every=()
        )
    same = found is not None and found.statistic == shown
    lower = open_low if open_low is not None else (found.lower if same and keep_low else None)
    upper = open_high if open_high is not None else (found.upper if same and keep_high else None)
    variable = found.variable if found is not None else sp.Symbol("x")
    return Existence(parameter, shown, lower, upper, (), variable)


def _projection_step(parameter: Parameter, shown: sp.Expr, argument: str) -> Step:
    symbol = parameter.symbol
    within = restriction_chain(parameter)
    if argument == "concave":
        why = prose("The log-likelihood is concave in ", symbol, ", so it increases up to its stationary point ")
    else:
        why = prose(
            "The score is zero only at ",
            shown,
            ", where the second derivative is negative, so the log-likelihood increases up to ",
        )
    sentence = prose(
        why,
        shown,
        " and decreases beyond it; on ",
        within,
        " it is therefore largest ",
        _cases(parameter, shown),
        ".",
    )
    return Step(
        "restricted",
        "Restricted parameter space",
        sentence,
        (Equation((N.Hat(symbol), projection(shown, parameter))),),
        parameter=parameter.name,
        claims=(f"restricted-{argument}:{parameter.name}",),
    )


def _numeric_step(restrictions: list[Restriction], numeric: list[Parameter]) -> Step:
    conditions = listed(restriction_chain(r.parameter) for r in restrictions)
    reasons = listed(dict.fromkeys(r.reason for r in restrictions))
    symbols = listed(N.Hat(p.symbol) for p in numeric)
    sentence = prose(
        "The parameter is restricted to " if len(restrictions) == 1 else "The parameters are restricted to ",
        conditions,
        "; ",
        reasons,
        ", so the stationary point is not shown to give the maximum there: ",
        symbols,
        " maximises" if len(numeric) == 1 else " maximise",
        " the log-likelihood over the restricted space, found numerically within it (a quasi-Newton search kept",
        " inside the bounds, from several starts).",
    )
    return Step("restricted", "Restricted parameter space", sentence, (), claims=("restricted-numeric",))


def _at_ends(
    parameter: Parameter, scored: tuple[Parameter, ...], maximum: Maximum | None, second_order: SecondOrder | None
) -> bool:
    """Whether the maximum on the interval is the score's root or an end (the score's sign there):
    one parameter, its log-likelihood concave, both ends closed, finite and inside its domain."""
    interval = parameter.interval
    assert interval is not None
    binding = _binding(parameter)
    closed = interval.lower_closed and interval.upper_closed
    return closed and None not in binding and _argument(parameter, scored, maximum, second_order) == "concave"


def _why_not(parameter: Parameter, scored: tuple[Parameter, ...], estimator: Estimator) -> Prose:
    if len(scored) > 1 and parameter in scored:
        return "several parameters are estimated together, and the restriction may bind jointly"
    if not estimator.closed_form:
        return prose(parameter.symbol, " has no closed-form estimator to project onto the interval")
    return prose("the log-likelihood is not shown to be concave or unimodal in ", parameter.symbol)


def restrict(
    model: Model,
    solved: Solved,
    estimators: dict[str, Estimator],
    second_order: SecondOrder | None,
    maximum: Maximum | None,
) -> tuple[dict[str, Estimator], tuple[Restriction, ...]]:
    """The estimators on the parameters' restricted spaces: the projection where the argument
    holds, else no closed form (the estimate is found numerically within the interval)."""
    restricted = [p for p in model.parameters if p.interval is not None]
    if not restricted:
        return estimators, ()
    scored = tuple(s.parameter for s in solved.solutions if s.rule == "score")
    found: list[Restriction] = []
    estimators = dict(estimators)
    for parameter in restricted:
        estimator = estimators[parameter.name]
        interval = parameter.interval
        assert interval is not None
        rule = solved.of(parameter.name).rule
        if rule != "score":  # the likelihood's shape there is the support's or the median's, not argued here
            raise NotSupported(
                f"{parameter.name} is estimated {'by the median' if rule == 'median' else 'from the support'}: "
                "a restricted space for such a parameter is not supported yet (give it without the interval)"
            )
        argument = _argument(parameter, scored, maximum, second_order) if estimator.closed_form else ""
        if argument and estimator.interval is None:
            shown = estimator.familiar if estimator.familiar is not None else estimator.value
            estimators[parameter.name] = dataclasses.replace(
                estimator,
                value=projection(estimator.value, parameter),
                familiar=projection(shown, parameter),
                exists=_existence(parameter, estimator, shown),
            )
            found.append(Restriction(parameter, interval, True, argument, unrestricted=estimator.value, shown=shown))
        elif _at_ends(parameter, scored, maximum, second_order):  # concave, no closed form: root or an end
            found.append(Restriction(parameter, interval, False, "ends", score=solved.scores[parameter.symbol]))
        else:
            found.append(Restriction(parameter, interval, False, reason=_why_not(parameter, scored, estimator)))
    # found numerically within the interval: the restricted parameters and those estimated with them
    joint = {r.parameter for r in found if not r.projected}
    if joint & set(scored):
        joint |= set(scored)
    for parameter in joint:
        estimators[parameter.name] = dataclasses.replace(
            estimators[parameter.name], value=None, familiar=None, exists=None, profile=None
        )
    return estimators, tuple(found)


def restricted_steps(
    steps: tuple[Step, ...], restrictions: tuple[Restriction, ...], estimators: dict[str, Estimator], result: Step
) -> tuple[tuple[Step, ...], tuple[Prose, ...]]:
    """The steps with the restrictions' before the Result, and `result` (built from the restricted
    estimators) in place of the last; with the notes a page adds (the variance at a boundary)."""
    if not restrictions:
        return steps, ()
    added = [_projection_step(r.parameter, r.shown, r.argument) for r in restrictions if r.projected]
    ends = [r for r in restrictions if r.argument == "ends"]
    added += [ends_step(r.parameter, r.score, restriction_chain(r.parameter)) for r in ends]
    numeric = [r for r in restrictions if not r.projected and r.argument != "ends"]
    joint = [e.parameter for e in estimators.values() if not e.closed_form and e.profile is None]
    if numeric:
        added.append(_numeric_step(numeric, joint))
    notes = tuple(
        prose(
            "on the boundary of ",
            restriction_chain(r.parameter),
            " the asymptotic variance does not apply: the estimator is not asymptotically normal when ",
            r.parameter.symbol,
            " is on the boundary",
        )
        for r in restrictions
        if r.projected or r.argument == "ends"
    )
    result = _result(result, estimators, joint if numeric else [])
    if ends and not numeric:
        result = dataclasses.replace(result, text=ends_result(ends[0].parameter, ends[0].score))
    return (*steps[:-1], *added, result), notes


def _result(step: Step, estimators: dict[str, Estimator], numeric: list[Parameter]) -> Step:
    """The Result with each restricted estimator as found here: the projection in place of the
    stationary point, and for those found numerically within the restricted space the maximiser of
    the log-likelihood there, (μ̂, σ̂²) = argmax ℓ(μ, σ²)."""
    replaced = {N.Hat(e.parameter.symbol): e.familiar for e in estimators.values()}
    equations = []
    for equation in step.equations:
        head = equation.parts[0]
        if head in replaced:
            if replaced[head] is None:
                continue
            equation = Equation((head, replaced[head]))
        elif numeric and not isinstance(head, N.Hat):  # an equation the unrestricted estimate solves
            continue
        equations.append(equation)
    text = step.text
    if numeric:
        hats = [N.Hat(p.symbol) for p in numeric]
        symbols = [e.parameter.symbol for e in estimators.values()]
        point = hats[0] if len(hats) == 1 else N.Point(*hats)
        equations.append(Equation((point, N.Maximiser(N.LogLikelihood(*symbols)))))
        closed = [N.Hat(e.parameter.symbol) for e in estimators.values() if e.closed_form]
        text = prose(
            "The maximum-likelihood estimate is below: "
            if len(estimators) == 1
            else "The maximum-likelihood estimates are below: ",
            listed(hats),
            " maximise" if len(numeric) > 1 else " maximises",
            " the log-likelihood within ",
            listed(restriction_chain(p) for p in numeric if p.interval is not None),
            " (numerically)",
            prose("; ", listed(closed), " has a closed form" if len(closed) == 1 else " have closed forms")
            if closed
            else prose(),
            ".",
        )
    return dataclasses.replace(step, text=text, equations=tuple(equations))
