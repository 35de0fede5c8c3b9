"""An assignment: the model a lecturer set and the parts asked for, imposed on every submission;
the parts a submission leaves out are reported as missing. Without one, the standard parts of a
derivation a file leaves out are named in a note."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from symle.algebra.names import text_name
from symle.checker.expected import expected
from symle.checker.judge import expected_forms
from symle.checker.report import StepReport
from symle.derivation import Derivation
from symle.errors import HomeworkError, named
from symle.model.spec import ModelSpec

if TYPE_CHECKING:
    from symle.worksheets.spec import WorksheetSpec

# the parts asked of every parameter (a label each); the others are asked once
_EACH = ("score", "mle", "variance", "bias")
# the parts of any derivation, as a note names them when a file without an assignment leaves them out
_STANDARD = {
    "likelihood": "the likelihood",
    "loglik": "the log-likelihood",
    "score": "the score for",
    "mle": "the estimator of",
    "second-order": "the second-order check",
}


@dataclass(frozen=True)
class Assignment:
    """The model every submission is about, and the parts asked (None: every part that applies)."""

    spec: ModelSpec
    parts: tuple[str, ...] | None = None
    source: str = "the model given"


def from_worksheet(path: str | Path, problem: int | None) -> Assignment:
    """Problem `problem` (1-based) of a worksheet spec; a spec of one problem needs no number."""
    from symle.worksheets.spec import read_spec  # (the worksheet reader: only for --assignment)

    return from_spec(read_spec(path), problem, Path(path).name)


def from_spec(spec: WorksheetSpec, problem: int | None, name: str) -> Assignment:
    """Problem `problem` of a worksheet spec already read, called `name`; the errors name the problem's
    input, which each edge words (the command line's --problem, a page's field)."""
    count = len(spec.problems)
    if problem is None and count > 1:
        raise HomeworkError(
            f"{name} has {count} problems: say which with {named('problem')} (1 to {count})", field="problem"
        )
    number = problem or 1
    if not 1 <= number <= count:
        raise HomeworkError(
            f"there is no problem {number}: {name} has problems 1 to {count} ({named('problem')})", field="problem"
        )
    chosen = spec.problems[number - 1]
    return Assignment(chosen.model, chosen.ask, f"problem {number} of {name}")


def asked(derivation: Derivation, parts: Sequence[str] | None) -> list[tuple[str, str | None]]:
    """Each (label kind, parameter) a complete submission has, in the worksheet's order."""
    if parts is None:
        from symle.worksheets.problems import default_parts  # (Jinja2 with it: only for an assignment)

        kinds = default_parts(derivation)
    else:
        kinds = tuple(parts)
    scored = {s.parameter.name for s in derivation.solved.solutions if s.rule == "score"}
    wanted: list[tuple[str, str | None]] = []
    for kind in kinds:
        if kind not in _EACH:
            wanted.append((kind, None))
            continue
        for name in derivation.parameters:
            if kind == "score" and name not in scored:
                continue  # a parameter at the support's edge has no score equation
            if kind == "bias" and (derivation.bias or {}).get(name) is None:
                continue
            wanted.append((kind, name))
    return wanted


def _absent(
    derivation: Derivation, parts: Sequence[str] | None, done: Sequence[StepReport]
) -> Iterator[tuple[str, str | None]]:
    """Each (label kind, parameter) asked that no step of the submission answers."""
    written = {step.label for step in done} | {step.label.split(" ")[0] for step in done}
    for kind, name in asked(derivation, parts):
        label = kind if name is None else f"{kind} {name}"
        if label not in written and not (name is None and kind in written):
            yield kind, name


def missing_steps(derivation: Derivation, parts: Sequence[str] | None, done: Sequence[StepReport]) -> list[StepReport]:
    """A `missing` report for each part asked that no step of the submission answers."""
    missing = []
    for kind, name in _absent(derivation, parts, done):
        label = kind if name is None else f"{kind} {name}"
        about = name
        if kind == "second-order":  # shown as the second derivative when one parameter is asked about
            scored = [n for _, n in asked(derivation, ["score"])]
            about = scored[0] if len(scored) == 1 and len(derivation.parameters) == 1 else None
        shown = kind != "second-order" or about is not None
        latex, plain = expected_forms(expected(derivation, kind, about)) if shown else ("", "")
        missing.append(StepReport(0, label, "missing", latex, None, None, plain))
    return missing


def unshown_note(derivation: Derivation, done: Sequence[StepReport]) -> str | None:
    """Without an assignment, the standard parts of a derivation (likelihood, log-likelihood, each score
    and estimator, the second-order check) that no step shows, as one note; None when all are shown.
    A note, never a `missing` verdict: only an assignment says what a submission must contain."""
    # the parts that apply, as the worksheets' default_parts says, without importing them (Jinja2) into every check
    scored = any(s.rule == "score" for s in derivation.solved.solutions)
    kinds = [kind for kind in _STANDARD if scored or kind not in ("score", "second-order")]
    absent = [
        _STANDARD[kind] + ("" if name is None else f" {text_name(name)}")
        for kind, name in _absent(derivation, kinds, done)
    ]
    return f"not shown: {', '.join(absent)}" if absent else None
