"""Judging each step: against the derivation first, then, when the person's own earlier step was
wrong, against what follows from it, so that one mistake is reported once."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import sympy as sp

from symle.algebra.names import text_name
from symle.algebra.printing import latex, text
from symle.algebra.sample import SampleMax, SampleMin
from symle.checker.claims import check_claim
from symle.checker.compare import Verdict, constant_ratio, equivalent_equation, same, same_up_to_constant
from symle.checker.consequences import check_consequences
from symle.checker.context import (
    CONSTANT_NOTE,
    Context,
    Outcome,
    Own,
    estimators_of,
    situation,
    undecided_or_wrong,
    wrong_earlier,
)
from symle.checker.curvature import judge_second_order
from symle.checker.expected import Expected, expected, other_scores
from symle.checker.heads import named_parameter
from symle.checker.hints import Situation, boundary_hint, find_hint
from symle.checker.homework import HomeworkStep
from symle.checker.mistakes import one_observation_hint, structural_hint
from symle.checker.reading import Reading, read_step
from symle.checker.tokens import Unreadable
from symle.checker.unicode import parameter_name
from symle.checker.unlabelled import head_parameter
from symle.derivation import Derivation
from symle.echo import quoted
from symle.recent import Recent


class LabelError(Exception):
    """A label whose parameter is missing or unknown."""


def resolve_parameter(step: HomeworkStep, derivation: Derivation) -> str | None:
    names = list(derivation.parameters)
    raw = step.parameter
    if step.kind in ("likelihood", "loglik"):
        return None  # about every parameter at once: `loglik lambda:` still means the log-likelihood
    cleaned = re.sub(r"[\s${}\\]", "", parameter_name(raw)).replace("^2", "2").replace("hat", "")
    if not cleaned and len(names) > 1:
        # `fisher: I(\mu) = ...`, `score: dl/dmu = ...`, `mle: \hat\sigma^2 = ...`
        cleaned = named_parameter(step.text, step.kind, names) or head_parameter(step.text, step.kind, names) or ""
    if not cleaned:
        if len(names) == 1 and step.kind != "fisher":
            return names[0]
        if step.kind == "fisher":
            return None
        raise LabelError(f"which parameter? write `{step.kind} {names[0]}` (parameters: {', '.join(names)})")
    if cleaned in names:
        return cleaned
    if cleaned.replace("_", "") in names:  # `score b_1`, `mle b_0`: a regression's coefficients
        return cleaned.replace("_", "")
    listed = ", ".join(names)
    raise LabelError(f"{quoted(raw.strip())} is not a parameter of {derivation.model.name} (parameters: {listed})")


def judge_likelihood(reading: Reading, target: sp.Expr, parameter: str | None, context: Context) -> Outcome:
    probe = context.probe
    loglik = context.derivation.likelihood.loglik
    scaled = reading.proportional or (False,) * len(reading.parts)
    for part, proportional in zip(reading.parts, scaled, strict=True):
        verdict = same(part, target, probe)
        if verdict is Verdict.SAME:
            continue
        if proportional:  # `L(\lambda) \propto ...`: right up to a factor free of the parameters
            verdict = same_up_to_constant(sp.log(part), loglik, probe)
            if verdict is Verdict.SAME:
                continue
        with np.errstate(all="ignore"):
            logs = np.log(np.where(probe.values(part) > 0, probe.values(part), np.nan))
        kind = situation(context, "likelihood", constant=proportional)
        hint = find_hint(logs, loglik, probe, kind)
        return undecided_or_wrong(verdict, f"{hint} (in the logarithm of your likelihood)" if hint else None)
    return Outcome("correct")


def judge_loglik(reading: Reading, target: sp.Expr, parameter: str | None, context: Context) -> Outcome:
    probe = context.probe
    note = None
    for part in reading.parts:
        if same(part, target, probe) is Verdict.SAME:
            continue
        verdict = same_up_to_constant(part, target, probe)
        if verdict is Verdict.SAME:
            note = CONSTANT_NOTE
            continue
        earlier = wrong_earlier(context, "likelihood", None)
        if earlier is not None and same_up_to_constant(part, sp.log(earlier.value), probe) is Verdict.SAME:
            return Outcome("correct", None, context.follows(earlier.number))
        hint = structural_hint(part, target, probe, "loglik") or find_hint(
            probe.values(part), target, probe, situation(context, "loglik", constant=True)
        )
        return undecided_or_wrong(verdict, hint)
    return Outcome("correct", None, note)


def _score_situation(context: Context, parameter: str) -> Situation:
    return situation(context, "score", parameter, other_scores=other_scores(context.derivation, parameter))


def judge_score(reading: Reading, target: sp.Expr, parameter: str | None, context: Context) -> Outcome:
    assert parameter is not None
    probe = context.probe
    symbol = context.derivation.model.parameter(parameter).symbol
    earlier = wrong_earlier(context, "loglik", None)
    situation = _score_situation(context, parameter)
    if len(reading.parts) == 1:
        (value,) = reading.parts
        verdict = same(value, target, probe)
        if verdict is Verdict.SAME:
            return Outcome("correct")
        if earlier is not None and same(value, sp.diff(earlier.value, symbol), probe) is Verdict.SAME:
            return Outcome("correct", None, context.follows(earlier.number))
        hint = find_hint(probe.values(value), target, probe, situation)
        if hint is None and earlier is not None:
            # the mistake may be new on top of the carried one: name it against their own step
            own = find_hint(probe.values(value), sp.diff(earlier.value, symbol), probe, situation)
            hint = f"{own}, compared with the derivative of your step {earlier.number}" if own else None
        return undecided_or_wrong(verdict, hint)
    solution = context.derivation.solved.of(parameter)
    if solution.method == "boundary":
        bound = text(context.derivation.estimators[parameter].value)
        return Outcome(
            "incorrect",
            f"the score for {text_name(parameter)} is never zero: {text_name(parameter)} bounds "
            f"the support, so its estimate is at the boundary ({bound}), not at a root of the score",
        )
    difference = reading.parts[-2] - reading.parts[-1]
    values = probe.values(difference)
    if constant_ratio(values, probe.values(target)) is None and any(
        constant_ratio(values, probe.values(other)) is not None for other in (situation.other_scores or {}).values()
    ):
        # another parameter's score equation also holds at the estimates: name it, never accept it
        return Outcome(
            "incorrect", find_hint(values, target, probe, situation) or find_hint(-values, target, probe, situation)
        )
    verdict = equivalent_equation(difference, target, probe, context.estimates)
    if verdict is Verdict.SAME:
        return Outcome("correct")
    if (
        earlier is not None
        and equivalent_equation(difference, sp.diff(earlier.value, symbol), probe, ()) is Verdict.SAME
    ):
        return Outcome("correct", None, context.follows(earlier.number))
    values = probe.values(difference)
    hint = find_hint(values, target, probe, situation) or find_hint(-values, target, probe, situation)
    return undecided_or_wrong(verdict, hint)


def _solves(equation: sp.Expr, parameter: str, value: sp.Expr, context: Context) -> bool:
    """Whether the person's estimator makes their own score equation zero at every sample
    (the other parameters at their estimates)."""
    probe = context.probe
    symbol = context.derivation.model.parameter(parameter).symbol
    estimates = {p.symbol: context.derivation.estimators[p.name].value for p in context.derivation.model.parameters}
    substituted = {s: (value if s == symbol else v) for s, v in estimates.items() if s == symbol or v is not None}
    typical = probe.values(equation)
    at_estimate = probe.values(equation.xreplace(substituted))
    finite = np.isfinite(typical)
    if finite.sum() < 4 or not np.all(np.isfinite(at_estimate)):
        return False
    scale = float(np.median(np.abs(typical[finite])))
    return scale > 0 and bool(np.all(np.abs(at_estimate) <= 1e-7 * scale))


def judge_mle(reading: Reading, target: sp.Expr, parameter: str | None, context: Context) -> Outcome:
    assert parameter is not None
    probe = context.probe
    for part in reading.parts:
        verdict = same(part, target, probe)
        if verdict is Verdict.SAME:
            continue
        score = wrong_earlier(context, "score", parameter)
        if score is not None and _solves(score.value, parameter, part, context):
            return Outcome("correct", None, context.follows(score.number))
        loglik = wrong_earlier(context, "loglik", None)
        symbol = context.derivation.model.parameter(parameter).symbol
        if score is None and loglik is not None and _solves(sp.diff(loglik.value, symbol), parameter, part, context):
            return Outcome("correct", None, context.follows(loglik.number))
        hint = structural_hint(part, target, probe, "mle", symbol, estimators_of(context)) or find_hint(
            probe.values(part), target, probe, situation(context, "mle", parameter)
        )
        if hint is None and isinstance(target, (SampleMax, SampleMin)):
            hint = boundary_hint(probe.values(part), target, probe, symbol)
        return undecided_or_wrong(verdict, hint)
    return Outcome("correct")


def _from_fisher(context: Context, parameter: str | None) -> tuple[int, sp.Expr] | None:
    """The asymptotic variance that follows from the person's own wrong information step."""
    names = list(context.derivation.parameters)
    own = wrong_earlier(context, "fisher", parameter) or wrong_earlier(context, "fisher", None)
    if own is None or parameter is None:
        return None
    if isinstance(own.value, sp.MatrixBase):
        try:
            k = names.index(parameter)
            return own.number, own.value.inv()[k, k]
        except (ValueError, ZeroDivisionError):
            return None
    if context.own.get(("fisher", parameter)) is own or len(names) == 1:
        return own.number, 1 / own.value
    return None


def _judge_entry(kind: str, part: sp.Expr, target: sp.Expr, parameter: str | None, context: Context) -> Outcome:
    probe = context.probe
    verdict = same(part, target, probe)
    if verdict is Verdict.SAME:
        return Outcome("correct")
    if kind == "variance":
        earlier = _from_fisher(context, parameter)
        if earlier is not None and same(part, earlier[1], probe) is Verdict.SAME:
            return Outcome("correct", None, context.follows(earlier[0]))
    hint = find_hint(probe.values(part), target, probe, situation(context, kind, parameter))
    return undecided_or_wrong(verdict, hint)


def _judge_matrix(part: sp.Expr | sp.Matrix, target: sp.Matrix, context: Context) -> Outcome:
    """An information matrix, entry by entry; the first wrong entry gives the hint."""
    size = target.shape[0]
    if not isinstance(part, sp.MatrixBase) or part.shape != target.shape:
        return Outcome(
            "incorrect",
            f"the information about {size} parameters is a {size}×{size} matrix "
            "(or write `fisher PARAM` for one diagonal entry)",
        )
    for (r, c), entry in np.ndenumerate(np.array(target.tolist(), dtype=object)):
        outcome = _judge_entry("fisher", part[r, c], entry, None, context)
        if outcome.verdict != "correct":
            hint = f"entry ({r + 1}, {c + 1}): {outcome.hint}" if outcome.hint else f"entry ({r + 1}, {c + 1}) is wrong"
            return Outcome(outcome.verdict, hint, outcome.note)
    return Outcome("correct")


def _judge_plain(kind: str) -> Callable[[Reading, sp.Expr, str | None, Context], Outcome]:
    def judge(reading: Reading, target: sp.Expr, parameter: str | None, context: Context) -> Outcome:
        outcome = Outcome("correct")
        for part in reading.parts:
            if isinstance(target, sp.MatrixBase):
                outcome = _judge_matrix(part, target, context)
            elif isinstance(part, sp.MatrixBase):
                outcome = Outcome("incorrect", "a matrix, where the answer is one expression")
            else:
                outcome = _judge_entry(kind, part, target, parameter, context)
            if outcome.verdict != "correct":
                return outcome
        return outcome  # the last part's, with its note ("follows from your step 3")

    return judge


JUDGES: dict[str, Callable[[Reading, sp.Expr, str | None, Context], Outcome]] = {
    "likelihood": judge_likelihood,
    "loglik": judge_loglik,
    "score": judge_score,
    "mle": judge_mle,
    "second-order": judge_second_order,
    "fisher": _judge_plain("fisher"),
    "variance": _judge_plain("variance"),
    "bias": _judge_plain("bias"),
}


@dataclass(frozen=True)
class Judged:
    """A step's verdict; `record` is the person's value for the steps after it, when it was read."""

    label: str
    outcome: Outcome
    expected: Expected
    record: tuple[tuple[str, str | None], Own] | None = None

    def after(self, context: Context) -> Context:
        """The context for the next step."""
        if self.record is None:
            return context
        key, own = self.record
        return replace(context, own={**context.own, key: own})


def judge_step(step: HomeworkStep, number: int, context: Context) -> Judged:
    """The verdict of one step, with the person's value for the steps after it."""
    try:
        parameter = resolve_parameter(step, context.derivation)
    except LabelError as exc:
        return Judged(step.written_label, Outcome("unreadable", None, str(exc)), Expected(None, None))
    label = step.kind if parameter is None else f"{step.kind} {parameter}"
    target = expected(context.derivation, step.kind, parameter)
    # in an estimator, and in a second derivative written at the estimate, \hat\theta is the estimator
    hats = context.estimator_hats if step.kind in ("mle", "second-order") else {}
    try:
        reading = read_step(step.text, step.kind, context.vocabulary.with_hats(hats))
    except Unreadable as exc:
        return Judged(label, Outcome("unreadable", None, f"could not read {step.position(exc.offset)}: {exc}"), target)
    if target.value is None:
        return Judged(label, Outcome("unreadable", None, target.reason), target)
    if reading.single:  # written in one observation x_i: never the sample's answer
        hint = one_observation_hint(reading.parts, target.value, context.probe, step.kind)  # type: ignore[arg-type]
        return Judged(label, Outcome("incorrect", hint), target)
    outcome = JUDGES[step.kind](reading, target.value, parameter, context)
    if outcome.verdict == "correct" and reading.consequences:
        outcome = check_consequences(reading.consequences, context) or outcome
    if outcome.verdict == "correct" and reading.claim is not None and isinstance(reading.parts[-1], sp.Expr):
        points = context.estimates if step.kind == "second-order" else None
        if points != ():
            wrong = check_claim(reading.claim, reading.parts[-1], context.probe, points)
            outcome = Outcome("incorrect", wrong) if wrong else outcome
    if reading.unread and outcome.verdict == "incorrect" and not _claims(reading, step.kind):
        # `dℓ/dp = [not read] = 0`: the members read say nothing wrong about the step's quantity
        members = ", ".join(quoted(member) for member in reading.unread)
        why = f"could not read {members}; the `= 0` after it sets the score to zero and gives no value to check"
        return Judged(label, Outcome("unreadable", None, why), target)
    if reading.unread and outcome.verdict in ("correct", "incorrect"):
        outcome = replace(outcome, note=_unread_note(reading.unread, outcome.verdict, outcome.note))
    equation = step.kind == "score" and len(reading.parts) > 1
    value = reading.parts[-2] - reading.parts[-1] if equation else reading.parts[-1]
    wrong = outcome.verdict == "incorrect" or (outcome.note or "").startswith("follows from")
    return Judged(label, outcome, target, ((step.kind, parameter), Own(number, value, wrong)))


def _claims(reading: Reading, kind: str) -> bool:
    """Whether the members read state the step's quantity: in a score step a trailing `= 0` sets the
    score to zero (an equation), it is no value of the score. Only a score can be left with nothing
    else: the last member of a chain is never skipped."""
    parts = reading.parts
    if kind == "score" and parts and isinstance(parts[-1], sp.Expr) and parts[-1].is_zero:
        parts = parts[:-1]
    return bool(parts)


def _unread_note(unread: tuple[str, ...], verdict: str, note: str | None) -> str:
    """Which members of a chain the verdict does not cover."""
    members = ", ".join(quoted(member) for member in unread)
    covered = "the rest of the chain is correct" if verdict == "correct" else "the verdict is on the rest of the chain"
    said = f"not read: {members} ({covered})"
    return f"{said}; {note}" if note else said


_FORMS: Recent[Expected, tuple[str, str]] = Recent(1_024)


def expected_forms(target: Expected) -> tuple[str, str]:
    """The expected answer as LaTeX and as plain text (remembered: printing costs more than judging,
    and a class's submissions print the same expected answers)."""
    if target.shown is None:
        return "", ""
    try:
        return _FORMS[target]
    except KeyError:
        pass
    except TypeError:  # a mutable matrix: printed each time
        return latex(target.shown), text(target.shown)
    _FORMS[target] = forms = (latex(target.shown), text(target.shown))
    return forms
