"""The homework checker: a person's own derivation compared with symle's, step by step."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from symle.budget import Budget
from symle.checker.assignment import Assignment, missing_steps, unshown_note
from symle.checker.compare import Probe
from symle.checker.context import Context, make_context
from symle.checker.homework import MAX_FILE_BYTES, Homework, HomeworkStep, read_homework
from symle.checker.judge import expected_forms, judge_step
from symle.checker.memo import per_derivation
from symle.checker.notebook import notebook_text
from symle.checker.points import make_points
from symle.checker.report import CheckReport, StepReport, error_line
from symle.checker.vocabulary import vocabulary
from symle.derivation import Derivation
from symle.echo import shown
from symle.errors import BudgetExceeded, HomeworkError, SymleError
from symle.files import TooLarge, TooSlow, read_bounded, unreadable
from symle.model.spec import ModelSpec
from symle.options import CHECK_SECONDS, DERIVE_SECONDS, Options
from symle.pipeline import derive
from symle.recent import Recent
from symle.worker import run_bounded

STEP_SECONDS = 8.0
SUFFIXES = (".txt", ".md", ".markdown", ".tex", ".ipynb")

_DERIVATIONS: Recent[ModelSpec, Derivation] = Recent(64)  # a class's models, a worksheet's problems
_SYMPY_REFUSALS = (
    TypeError,
    ValueError,
    ArithmeticError,
    NotImplementedError,
    AttributeError,
    RecursionError,
)


def _derivation(spec: ModelSpec, seconds: float = CHECK_SECONDS) -> Derivation:
    """symle's derivation of the homework's model, remembered: a class's submissions share it. It
    has a quarter of the file's `seconds`, at least DERIVE_SECONDS (more with --timeout)."""
    if spec not in _DERIVATIONS:
        _DERIVATIONS[spec] = derive(spec, Options(min(seconds, max(DERIVE_SECONDS, seconds / 4))))
    return _DERIVATIONS[spec]


@per_derivation
def _context(derivation: Derivation) -> Context:
    """The evaluation points, the estimates there and the vocabulary of a derivation's model: the
    same for every file of a class, so worked out once (the probe's values are remembered with it)."""
    model = derivation.model
    probe = Probe(make_points(model), model.var.name, tuple(c.name for c in model.covariates))
    return make_context(derivation, vocabulary(model), probe)


def check_text(
    text: str, file: str = "<text>", seconds: float = CHECK_SECONDS, assignment: Assignment | None = None
) -> CheckReport:
    """Check the homework in `text` (against the `assignment`'s model and parts, when given); a file
    that cannot be used raises a SymleError. The checking runs in symle's worker process, killed if
    it overruns `seconds` (symle.worker)."""
    return run_bounded(seconds, f"checking {shown(file)}", _check_text, text, file, seconds, assignment)


def _check_text(text: str, file: str, seconds: float, assignment: Assignment | None = None) -> CheckReport:
    budget = Budget(seconds)
    homework: Homework = read_homework(text, None if assignment is None else assignment.spec)
    if not homework.steps and assignment is None:
        raise HomeworkError(
            "no steps to check: label them (likelihood:, loglik:, score PARAM:, mle PARAM:, ...) or write each "
            "as a named equation (L(λ) = ..., ℓ(λ) = ..., ∂ℓ/∂λ = ..., λ̂ = ...)"
        )
    derivation = _derivation(homework.spec, seconds)
    model = derivation.model
    with budget.guard("preparing the evaluation points", cap=STEP_SECONDS):
        context = _context(derivation)
    reports = []
    for number, step in enumerate(homework.steps, start=1):
        try:
            with budget.guard(f"checking line {step.line}", cap=STEP_SECONDS):
                judged = judge_step(step, number, context)
        except BudgetExceeded:
            reports.append(_unchecked(step, "could not be checked within the time budget"))
            continue
        except _SYMPY_REFUSALS as exc:
            # SymPy refusing an odd but readable expression: this step is unchecked, the file goes on
            reports.append(_unchecked(step, f"symle could not work with this expression ({type(exc).__name__})"))
            continue
        context = judged.after(context)
        latex, plain = expected_forms(judged.expected)
        outcome = judged.outcome
        reports.append(StepReport(step.line, judged.label, outcome.verdict, latex, outcome.hint, outcome.note, plain))
    notes = homework.notes
    if assignment is not None:
        reports += missing_steps(derivation, assignment.parts, reports)
    else:
        unshown = unshown_note(derivation, reports)
        notes += (unshown,) if unshown else ()
    return CheckReport(file, homework.name or model.name, tuple(reports), notes)


def _unchecked(step: HomeworkStep, note: str) -> StepReport:
    return StepReport(step.line, step.written_label, "unreadable", "", None, note)


def check_file(path: str | Path, seconds: float = CHECK_SECONDS, assignment: Assignment | None = None) -> CheckReport:
    """Check one homework file (a notebook's Markdown cells, for a .ipynb); a missing or unreadable
    file raises HomeworkError."""
    path = Path(path)
    try:
        raw = read_bounded(path, MAX_FILE_BYTES, seconds)
    except TooLarge:
        raise HomeworkError(f"{shown(path)} is longer than {MAX_FILE_BYTES // 1000} kB: not a homework file") from None
    except TooSlow as exc:
        raise HomeworkError(f"{shown(path)}: a pipe or device with {exc}") from None
    except OSError as exc:
        raise HomeworkError(unreadable(str(path), exc)) from None
    text = decoded(raw, shown(path))
    if path.suffix.lower() == ".ipynb":
        text = notebook_text(text, shown(path))
    return check_text(text, str(path), seconds, assignment)


def decoded(raw: bytes, name: str) -> str:
    """A homework's bytes as text: UTF-8 (a byte-order mark allowed), without NUL bytes."""
    if b"\0" in raw:
        raise HomeworkError(f"{name} is not a text file (it contains NUL bytes)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise HomeworkError(f"{name} is not UTF-8 text") from None


def check(text_or_path: str | Path | bytes, seconds: float = CHECK_SECONDS) -> CheckReport:
    """The Python API: the path of a homework file (str or Path), or the homework text itself
    (text has a line break or a label's colon; a path has neither). Bytes are the homework's
    text, as a file holds it: decoded as UTF-8."""
    if isinstance(text_or_path, (bytes, bytearray)):
        if len(text_or_path) > MAX_FILE_BYTES:
            raise HomeworkError(f"the homework is longer than {MAX_FILE_BYTES // 1000} kB: not a homework file")
        return check_text(decoded(bytes(text_or_path), "the homework"), "<text>", seconds)
    if isinstance(text_or_path, Path):
        return check_file(text_or_path, seconds)
    if not isinstance(text_or_path, str):
        kind = type(text_or_path).__name__
        raise HomeworkError(f"check needs the homework's text or its file's path (str, Path or bytes), not {kind}")
    if "\n" in text_or_path or ":" in text_or_path or len(text_or_path) > 4096:
        return check_text(text_or_path, "<text>", seconds)
    return check_file(text_or_path, seconds)


def homework_files(paths: Iterable[str]) -> Iterator[Path]:
    """The files named, with the homework files found under each folder (sorted)."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            yield path


def batch(
    paths: Iterable[str], seconds: float = CHECK_SECONDS, assignment: Assignment | None = None
) -> Iterator[tuple[Path, CheckReport | SymleError]]:
    """Each file's report, or the error that made it unusable; the run goes on after an error."""
    for path in homework_files(paths):
        try:
            yield path, check_file(path, seconds, assignment)
        except SymleError as exc:
            yield path, exc


__all__ = [
    "Assignment",
    "CheckReport",
    "StepReport",
    "batch",
    "check",
    "check_file",
    "check_text",
    "error_line",
    "homework_files",
]
