"""The steps of a parameter that bounds the support: the indicator its density carries in the
likelihood, as strict as the support, and its estimate, the end of the interval the data allow that
the likelihood rises to; where the support is open there, the estimate is the supremum's limit."""

from __future__ import annotations

import sympy as sp

from symle.algebra import notation as N
from symle.algebra.sample import SampleMax, SampleMin
from symle.model.model import Model
from symle.stages.estimators import Estimator
from symle.stages.likelihood import Likelihood
from symle.stages.solve import score_of
from symle.stages.step import Equation, Step, chain, prose


def model_support(model: Model, closed: tuple[str, ...] = ()) -> N.InSupport:
    """The model's support as math (0 < x < theta), with the sides named in `closed` taken closed."""
    sup = model.support
    values = sp.Tuple(*sup.values) if sup.values is not None else sp.Tuple()
    flags = (
        sp.true if sup.lower_closed or "lower" in closed else sp.false,
        sp.true if sup.upper_closed or "upper" in closed else sp.false,
        sp.true if sup.discrete else sp.false,
    )
    return N.InSupport(model.var, sup.lower, sup.upper, *flags, values)


def indicators(model: Model, each: sp.Expr | None = None) -> list[N.Indicator]:
    """The indicators of the support's bounds that hold parameters, strict where the support is open:
    0 < x < theta gives 1{x_(n) < theta}, a <= x <= b gives 1{a <= x_(1)} and 1{x_(n) <= b}; with
    `each` an observation (x_i), the indicators of that observation, as each density carries them."""
    bounds = set(model.support.parameters_in_bounds(model.symbols))
    data = sp.IndexedBase(model.data.label)
    support = model.support
    low = SampleMin(data) if each is None else each
    high = SampleMax(data) if each is None else each
    found = []
    if support.lower.free_symbols & bounds:
        relation = sp.Le if support.closed("lower") else sp.Lt
        found.append(N.Indicator(relation(support.lower, low)))
    if support.upper.free_symbols & bounds:
        relation = sp.Le if support.closed("upper") else sp.Lt
        found.append(N.Indicator(relation(high, support.upper)))
    return found


def restriction(model: Model) -> tuple[sp.Basic, ...]:
    """Where the log-likelihood is defined, for a parameter in the support: theta <= x_(1) (none if
    no bound holds a parameter), the conditions the log-likelihood step writes beside it."""
    return tuple(i.args[0] for i in indicators(model))


def boundary_step(likelihood: Likelihood, estimator: Estimator, rule: str) -> Step:
    """A parameter in the support: the data allow an interval of values, and the likelihood rises to
    one end of it (or is flat on it). Where the support is open at that end, the likelihood is zero
    there: the step says that the estimate is the supremum's limit, the maximum of the closed support."""
    model = likelihood.model
    symbol = estimator.parameter.symbol
    score = score_of(likelihood.loglik, symbol)
    title = prose("Estimating ", symbol, " from the support")
    if rule == "support-interval":
        assert estimator.interval is not None
        low, high = estimator.interval
        # theta < x < theta + 1: x_(n) - 1 < theta < x_(1), strict where the support is open
        relations = tuple("<=" if model.support.closed(side) else "<" for side in ("upper", "lower"))
        sentence = prose(
            "The likelihood is zero unless every observation lies in the support, that is unless ",
            chain(low, symbol, high, relations=relations),
            "; there it does not depend on ",
            symbol,
            " (the score is zero), so every value of that interval maximises it: the maximum-likelihood "
            "estimate is not unique, and its midpoint is the usual choice.",
        )
        equations = (
            Equation((N.Partial(symbol), score)),
            Equation((low, N.Hat(symbol), high), relations),
        )
        return Step("support", title, sentence, equations, estimator.parameter.name, (f"{rule}:{symbol.name}",))
    bound = estimator.value
    where = {SampleMin: "the smallest observation", SampleMax: "the largest observation"}.get(type(estimator.value))
    c = model.censoring
    if where and c is not None and (c.kind == "right") == isinstance(bound, SampleMin):
        # a lifetime censored beyond the bound contributes 1 whatever the parameter (S = 1 below a lower end)
        where += (
            f" when that time is an observed failure (a lifetime {c.kind}-censored there contributes 1 whatever "
            f"the parameter, and the likelihood would rise on to the {where.split()[1]} failure time)"
        )
    rising = rule == "support-lower"
    # the sides whose bounds hold the parameter: both for -theta < x < theta, whose estimate is max |x_i|
    sides = tuple(
        side for side, bound in (("lower", model.support.lower), ("upper", model.support.upper)) if bound.has(symbol)
    )
    sides = sides or ("lower" if rising else "upper",)
    if all(model.support.closed(side) for side in sides):
        sentence = prose(
            "The likelihood is zero unless ",
            chain(symbol, bound, relations=("<=" if rising else ">=",)),
            f"; there the score is {'positive' if rising else 'negative'}, so the likelihood "
            f"{'increases' if rising else 'decreases'} as ",
            symbol,
            " increases, and on ",
            chain(symbol, bound, relations=("<=" if rising else ">=",)),
            " it is largest at ",
            chain(symbol, bound, relations=("=",)),
            f", {where}." if where else ".",
        )
    else:
        sentence = prose(
            "The likelihood is zero unless ",
            chain(symbol, bound, relations=("<" if rising else ">",)),
            f"; there the score is {'positive' if rising else 'negative'}, so the likelihood increases as ",
            symbol,
            f" {'increases' if rising else 'decreases'} towards ",
            bound,
            ", but at ",
            chain(symbol, bound, relations=("=",)),
            " it is zero, because the support ",
            model_support(model),
            " is open there: the likelihood has no maximum, only a supremum approached as ",
            symbol,
            " tends to ",
            bound,
            ". The estimate is that limit, the maximum once the support is taken closed, ",
            model_support(model, closed=sides),
            ", which changes no probability.",
        )
    return Step(
        "support",
        title,
        sentence,
        (
            Equation((N.Partial(symbol), score, sp.Integer(0)), ("=", ">" if rising else "<")),
            Equation((N.Hat(symbol), estimator.value)),
        ),
        estimator.parameter.name,
        (f"{rule}:{symbol.name}",),
    )


__all__ = ["boundary_step", "indicators", "model_support"]
