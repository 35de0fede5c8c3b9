"""What the judging of one file's steps shares: the derivation, the vocabulary, the evaluation points,
the estimates, and the person's own steps judged so far (for mistakes carried forward)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import sympy as sp

from symle.algebra.sample import i
from symle.checker.compare import Probe, Verdict
from symle.checker.expected import estimate_points, expected, fitted_points
from symle.checker.hints import Situation
from symle.checker.points import Point
from symle.checker.vocabulary import Vocabulary
from symle.derivation import Derivation

CONSTANT_NOTE = "correct up to an additive constant (free of the parameters), which does not change the maximiser"
UNDECIDED_NOTE = "symle could not evaluate this at enough points to decide, so it is not judged"


@dataclass(frozen=True)
class Own:
    """A person's earlier step: its number in the report, its value (for an equation, left side
    minus right side), and whether it was wrong (incorrect, or carrying a mistake forward)."""

    number: int
    value: sp.Expr | sp.Matrix
    wrong: bool


@dataclass(frozen=True)
class Outcome:
    verdict: str
    hint: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Context:
    """Everything the steps of one file share; `own` holds the person's steps judged so far
    (the orchestrator adds each with `dataclasses.replace`)."""

    derivation: Derivation
    vocabulary: Vocabulary
    probe: Probe
    estimates: tuple[Point, ...]
    own: Mapping[tuple[str, str | None], Own] = field(default_factory=dict)

    @property
    def estimator_hats(self) -> dict[str, sp.Expr]:
        return {name: e.value for name, e in self.derivation.estimators.items() if e.value is not None}

    def follows(self, number: int) -> str:
        return f"follows from your step {number}"


def make_context(derivation: Derivation, vocabulary: Vocabulary, probe: Probe) -> Context:
    values = {}
    for name, estimator in derivation.estimators.items():
        if estimator.value is not None:
            values[name] = list(probe.values(estimator.value))
    estimates = estimate_points(derivation, probe.points, values)
    if not estimates and derivation.model.conditional:
        estimates = fitted_points(derivation, probe.points)
    return Context(derivation, vocabulary, probe, estimates)


def undecided_or_wrong(verdict: Verdict, hint: str | None) -> Outcome:
    """A comparison that did not decide is never a verdict: the step is reported not judged."""
    if verdict is Verdict.UNDECIDED:
        return Outcome("unreadable", None, UNDECIDED_NOTE)
    return Outcome("incorrect", hint)


def wrong_earlier(context: Context, kind: str, parameter: str | None) -> Own | None:
    own = context.own.get((kind, parameter))
    return own if own is not None and own.wrong else None


def situation(context: Context, kind: str, parameter: str | None = None, **extra: object) -> Situation:
    """What a hint may mention in a step of this kind: its parameter, the model's parameters, and
    for a count of trials starting at 1 (the geometric) the rewrite that counts failures instead, and for
    a count from 0 the rewrite that counts trials."""
    model = context.derivation.model
    symbol = model.parameter(parameter).symbol if parameter else None
    failures = None
    support = model.support
    # a count from 0 is failures only where a success probability is estimated (not a Poisson count)
    trials = any(p.domain == "probability" for p in model.parameters)
    if support.discrete and support.values is None and not model.conditional:
        x = model.data[i]
        failures = {x: x + 1} if support.lower == 1 else {x: x - 1} if support.lower == 0 and trials else None
    constants = tuple(p.symbol for p in model.known_parameters if model.known.get(p.name) is None)
    # an estimator's textbook form (1/x̄ for n/Σ xᵢ) is where a slip in the last step is seen
    shown = expected(context.derivation, kind, parameter).shown if kind == "mle" and parameter else None
    return Situation(
        kind,
        symbol,
        parameters=model.symbols,
        failures=failures,
        constants=constants,
        shown=shown if isinstance(shown, sp.Expr) else None,
        **extra,  # type: ignore[arg-type]
    )


def estimators_of(context: Context) -> dict[sp.Symbol, sp.Expr]:
    """Each parameter's symbol with its closed-form estimator (for an estimator that holds another
    parameter where it should hold that parameter's estimator)."""
    estimators = context.derivation.estimators
    values = {p.symbol: estimators[p.name].value for p in context.derivation.model.parameters}
    return {symbol: value for symbol, value in values.items() if value is not None}
