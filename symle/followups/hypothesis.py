"""Tests of H₀: θ = θ₀ for one parameter: the likelihood-ratio, Wald and score statistics, derived
symbolically where every estimator has a closed form (the other parameters profiled out), each
written in the textbook's terms (x̄, Σ(xᵢ − x̄)²); where one has none, the statistics stay
formulas in ℓ and are evaluated numerically by `symle fit --test`."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from symle.algebra.notation import Hat, Null
from symle.budget import Budget
from symle.echo import quoted
from symle.errors import BudgetExceeded, ModelError, ParseError, named
from symle.followups.information import Information
from symle.followups.statistic_forms import Textbook, logs_last, one_first, ratio, tidy, with_estimates
from symle.model.model import Model
from symle.stages.estimators import Estimator
from symle.stages.likelihood import Likelihood
from symle.stages.step import listed, prose

_NUMBER = re.compile(r"[+-]?(?:\d{1,15}(?:\.\d{0,15})?|\.\d{1,15})(?:[eE][+-]?\d{1,3})?(?:/\d{1,15})?")


@dataclass(frozen=True)
class HypothesisTest:
    """H₀: `parameter` = `null` (a number, or Null(θ) where no value was given) against θ ≠ θ₀.

    `others` are the parameters profiled out under H₀ and `restricted` their estimates there; `lr`,
    `wald` and `score` the three statistics in the data's terms or the estimates' (θ̂ where that is shorter:
    `estimates` gives each θ̂ in the data's terms), None where they have no closed form (`why` says why:
    they are then evaluated numerically); `df` the χ² degrees of freedom."""

    parameter: str
    null: sp.Expr
    others: tuple[sp.Symbol, ...]
    restricted: Mapping[sp.Symbol, sp.Expr]
    lr: sp.Expr | None
    wald: sp.Expr | None
    score: sp.Expr | None
    why: str = ""
    df: int = 1
    estimates: Mapping[sp.Expr, sp.Expr] = dataclasses.field(default_factory=dict)

    @property
    def closed(self) -> bool:
        return self.lr is not None

    def in_data(self, statistic: sp.Expr) -> sp.Expr:
        """A statistic in the data's terms only: each estimate θ̂ it is written with replaced by its formula."""
        return statistic.xreplace(dict(self.estimates))


def parse_test(item: str | None, what: str = named("test")) -> tuple[str, ...]:
    """`NAME` or `NAME=VALUE` as (name,) or (name, value text); the value is checked against the
    model later (null_value)."""
    if not isinstance(item, str) or not item.strip():
        raise ParseError(f"{what}: give a parameter, or PARAMETER=VALUE, e.g. lambda=1")
    name, sep, value = item.partition("=")
    name = name.strip()
    if not name:
        raise ParseError(f"{what} {quoted(item)}: give a parameter, or PARAMETER=VALUE, e.g. lambda=1")
    if sep and not value.strip():
        raise ParseError(f"{what} {quoted(item)}: the value after '=' is missing (e.g. {name}=1)")
    return (name, value.strip()) if sep else (name,)


def null_value(model: Model, name: str, text: str | float | None, what: str = named("test")) -> sp.Expr | None:
    """The value under H₀ as an exact number, checked to be a parameter of the model and inside its
    space (λ = −1 is no exponential); None where no value is given."""
    names = [p.name for p in model.parameters]
    if name not in names:
        known = f" ({name} is given with {named('known')})" if name in model.known else ""
        listing = ", ".join(names)
        raise ModelError(f"{what} {quoted(name)}: not a parameter of {model.name}{known}; its parameters: {listing}")
    if text is None:
        return None
    if isinstance(text, bool) or not isinstance(text, (str, int, float, Fraction)):
        raise ParseError(f"{what} {name}: the value must be a number, not {type(text).__name__}")
    if isinstance(text, str) and not _NUMBER.fullmatch(text.strip()):
        raise ParseError(f"{what} {name}={quoted(text)}: the value is not a number (give e.g. {name}=1 or 1/2)")
    try:
        value = sp.Rational(str(text).strip()) if isinstance(text, str) else sp.nsimplify(text, rational=True)
    except (TypeError, ValueError, ZeroDivisionError):
        raise ParseError(f"{what} {name}={quoted(str(text))}: the value is not a finite number") from None
    if not value.is_finite:
        raise ParseError(f"{what} {name}={quoted(str(text))}: the value is not a finite number")
    parameter = next(p for p in model.parameters if p.name == name)
    inside = parameter.space.contains(float(value)) and (
        parameter.interval is None or parameter.interval.contains(float(value))
    )
    if not inside:
        where = parameter.interval.text() if parameter.interval is not None else parameter.space.name
        raise ModelError(f"{what} {name}={text}: the value is outside the parameter space of {name} ({where})")
    return value


def refuse_irregular(model: Model, name: str) -> None:
    """A restricted space (θ ∈ [0, 1/2]: the estimator a projection, which these derivations do not
    follow), a whole-number parameter (no χ²₁ limit), covariates or censoring (not followed yet): no
    test is given."""
    if model.censoring is not None:
        raise ModelError(f"{named('test')} {name}: tests are not given for censored data yet")
    if model.weighting is not None:
        raise ModelError(f"{named('test')} {name}: tests are not given for weighted data yet")
    if model.covariates:
        raise ModelError(f"{named('test')} {name}: tests are derived for models without covariates")
    if any(p.interval is not None for p in model.parameters):
        raise ModelError(f"{named('test')} {name}: tests are not given on a restricted parameter space yet")
    if any(p.space.integer for p in model.parameters):
        raise ModelError(f"{named('test')} {name}: tests are not given for a model with a whole-number parameter")


def hypothesis_test(
    model: Model,
    likelihood: Likelihood,
    estimators: Mapping[str, Estimator],
    info: Information | None,
    test: Sequence[str],
    budget: Budget,
) -> HypothesisTest:
    """The three statistics for H₀: θ = θ₀, `test` being (name,) or (name, value text)."""
    name = test[0]
    value = null_value(model, name, test[1] if len(test) > 1 else None)
    parameter = next(p for p in model.parameters if p.name == name)
    theta = parameter.symbol
    refuse_irregular(model, name)
    if theta in model.support.parameters_in_bounds(model.symbols):
        raise ModelError(
            f"{named('test')} {name}: {name} bounds the support, where the likelihood is not differentiable and the "
            "likelihood-ratio statistic has no χ² limit"
        )
    shown_null = Null(theta) if value is None else value
    others = tuple(p.symbol for p in model.parameters if p.name != name)
    numeric = [e.parameter.name for e in estimators.values() if not e.closed_form]
    if numeric:
        symbols = [e.parameter.symbol for e in estimators.values() if not e.closed_form]
        verb = " has no closed-form estimator" if len(numeric) == 1 else " have no closed-form estimators"
        why = prose(listed(symbols), verb)
        return HypothesisTest(name, shown_null, others, {}, None, None, None, why)
    null = sp.Symbol(f"{name}_0", **theta.assumptions0) if value is None else value
    try:
        with budget.guard("the test statistics", cap=5.0):
            return _derived(model, likelihood, info, theta, null, shown_null, others)
    except (BudgetExceeded, _NoClosedForm) as exc:
        why = str(exc) if isinstance(exc, _NoClosedForm) else "simplifying them took too long"
        return HypothesisTest(name, shown_null, others, {}, None, None, None, why)


class _NoClosedForm(Exception):
    """The score equations gave no single solution in the statistics."""


def _derived(
    model: Model,
    likelihood: Likelihood,
    info: Information | None,
    theta: sp.Symbol,
    null: sp.Expr,
    shown_null: sp.Expr,
    others: tuple[sp.Symbol, ...],
) -> HypothesisTest:
    reduced = likelihood.reduced
    symbols = tuple(p.symbol for p in model.parameters)
    full = _solution(reduced, symbols)
    under = reduced.xreplace({theta: null})
    restricted = _solution(under, others) if others else {}
    restricted = {**restricted, theta: null}
    lr = 2 * (reduced.xreplace(full) - reduced.xreplace(restricted))
    wald = score = None
    if info is not None and info.fisher is not None and [p.symbol for p in info.regular] == list(symbols):
        k = symbols.index(theta)
        inverse = info.fisher.inv()[k, k]
        wald = (full[theta] - null) ** 2 / inverse.xreplace(full)
        score = sp.diff(reduced, theta).xreplace(restricted) ** 2 * inverse.xreplace(restricted)
    textbook = Textbook(model, likelihood)
    shown = {null: shown_null} if isinstance(null, sp.Symbol) else {}
    estimates = {s: textbook.substitute(full[s]) for s in (theta, *others)}

    def final(expr: sp.Expr | None, logs: bool, hat: bool = True) -> sp.Expr | None:
        if expr is None:
            return None

        def written(statistic: sp.Expr, names: Mapping[sp.Basic, sp.Expr]) -> sp.Expr:
            tidied = tidy(statistic, textbook.spread) if logs else ratio(statistic, textbook.spread)
            return logs_last(one_first(textbook.display(tidied).xreplace({**shown, **names})))

        substituted = textbook.substitute(expr)
        if not hat:
            return written(substituted, {})
        return with_estimates(substituted, estimates, written, keep=(textbook.mean,))

    profiled = {s: final(restricted[s], False, hat=False) for s in others}
    name = next(p.name for p in model.parameters if p.symbol == theta)
    statistics = (final(lr, True), final(wald, False), final(score, False))
    hats = {Hat(s): final(full[s], False, hat=False) for s in symbols}
    return HypothesisTest(name, shown_null, others, profiled, *statistics, estimates=hats)


def _solution(loglik: sp.Expr, symbols: Sequence[sp.Symbol]) -> dict[sp.Symbol, sp.Expr]:
    """The one stationary point of the (reduced) log-likelihood in `symbols`, in the statistics."""
    equations = [sp.together(sp.diff(loglik, s)) for s in symbols]
    found = sp.solve(equations, list(symbols), dict=True)
    found = [f for f in found if all(s in f and not f[s].has(*symbols) for s in symbols)]
    found = [f for f in found if all(f[s].is_positive is not False or not s.is_positive for s in symbols)]
    if len(found) != 1:
        raise _NoClosedForm("the score equations have no single solution in closed form")
    return found[0]
