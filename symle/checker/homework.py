"""The homework file's structure: the model lines and the labelled steps, with their line numbers; a file
without labels has its steps named by their own left-hand sides (symle.checker.unlabelled)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from symle.checker.unlabelled import find_steps
from symle.errors import HomeworkError
from symle.model.catalogue import FAMILIES
from symle.model.names import canonical
from symle.model.spec import DEFAULT_INDICATOR, ModelSpec, parse_known

MAX_FILE_BYTES = 200_000
MAX_STEPS = 200

MODEL_LABELS = ("model", "density", "var", "params", "support", "known", "response", "covariates", "censored")
STEP_LABELS = ("likelihood", "loglik", "score", "mle", "second-order", "fisher", "variance", "bias")
# What people also write for the same labels; the report always uses the names above.
SYNONYMS = {
    "log-likelihood": "loglik",
    "log likelihood": "loglik",
    "loglikelihood": "loglik",
    "log-lik": "loglik",
    "estimator": "mle",
    "information": "fisher",
    "fisher information": "fisher",
    "asymptotic variance": "variance",
    "second derivative": "second-order",
    "second order": "second-order",
    "secondorder": "second-order",
    "hessian": "second-order",
}

# An enumeration mark is not part of the label: a bullet or quote (`-`, `*`, `>`), `1.`, `1)`, `a)`,
# `(a)`, `(iv)`, `\item`, `\item[(a)]`, a mark in bold (`**(b)**`), one or several of them.
_NUMBER = r"(?:\d{1,2}|[A-Za-z]|[ivxIVX]{2,5})"
_MARK = (
    r"(?:[-*+>]\s+|\\item(?:\s*\[[^\]\n]*\])?\s*"
    rf"|(?:\*\*|__)?(?:\(\s*{_NUMBER}\s*\)|{_NUMBER}[.)])(?:\*\*|__)?\s*)"
)
# Marks, optional bold, a label (one or two words), then its colon; Markdown's bold may close before
# the colon (`**mle lambda**:`) or after it (`**mle lambda:**`).
_LABELLED = re.compile(
    rf"^\s*{_MARK}*(?:\*\*|__)?(?P<label>[A-Za-z][A-Za-z-]*(?:\s+[A-Za-z][A-Za-z-]*)?)"
    r"(?P<param>\s+[^:\n]*?)?(?:\*\*|__)?\s*:(?:\*\*|__)?(?P<rest>.*)$"
)
# lines end as an editor ends them: str.splitlines would also end one at a form feed, U+2028 or
# U+0085, and the report's line numbers would no longer be the editor's
_LINE_END = re.compile(r"\r\n|\r|\n")
# a LaTeX row end `\\` continues a step only inside an environment (a matrix) or when the next line
# goes on with the same chain (`&= ...`, `= ...`, `+ ...`); otherwise it is an Overleaf leftover
_GOES_ON = re.compile(r"\s*(?:&|=|\+|-|\\cdot|\\times|\\quad)")


@dataclass(frozen=True)
class Segment:
    """Where a piece of a step's joined text came from: it starts at `offset` in the joined text,
    which is column `column` (1-based) of physical line `line`."""

    offset: int
    line: int
    column: int


@dataclass(frozen=True)
class HomeworkStep:
    """One labelled step: `kind` is one of STEP_LABELS, `parameter` the text after the label
    (unresolved: `\\lambda`, `sigma2`), `text` the math with continuation lines joined."""

    line: int
    kind: str
    parameter: str
    text: str
    segments: tuple[Segment, ...]

    @property
    def written_label(self) -> str:
        """The label as written (`score \\sigma^2`), for a step whose parameter cannot be resolved (the
        report escapes what would act on a terminal, symle.echo; the JSON keeps it exactly)."""
        return f"{self.kind} {self.parameter.strip()}".strip()

    def position(self, offset: int) -> str:
        """`line L, column C` for an offset into `text`, so an unreadable step names its place."""
        segment = self.segments[0]
        for candidate in self.segments:
            if candidate.offset <= offset:
                segment = candidate
        return f"line {segment.line}, column {segment.column + max(0, offset - segment.offset)}"


@dataclass(frozen=True)
class Homework:
    """The model (`name` is the `model:` line's, for the report) and the steps; `notes` say what the
    report should (a model line an assignment overrides)."""

    spec: ModelSpec
    steps: tuple[HomeworkStep, ...]
    name: str | None = None
    notes: tuple[str, ...] = ()


def _label(raw: str, param: str) -> tuple[str, str] | None:
    """(label, parameter text) when the words name a label; two-word synonyms swallow the param."""
    words = raw.strip().lower()
    if words in SYNONYMS:
        return SYNONYMS[words], param.strip()
    first, _, second = words.partition(" ")
    label = SYNONYMS.get(first, first)
    if label not in STEP_LABELS and label not in MODEL_LABELS:
        return None
    if second:
        param = raw.strip().split(None, 1)[1] + param
    return label, param.strip()


def _continues(current: str, joined: str, following: str) -> bool:
    """Whether a line ending in a backslash goes on with the next: a single `\\` always does (the
    homework's own continuation), unless the next line is labelled; a LaTeX row end `\\\\` does when
    the next line goes on with the chain; any line does inside an open environment, up to a blank line."""
    stripped = current.rstrip()
    if _is_labelled(following):
        return False
    if _open_environment(joined) and following.strip() and not following.lstrip().startswith("#"):
        return True  # `\\begin{aligned}` on its own line: the step goes on to its `\\end`
    if not stripped.endswith("\\"):
        return False
    if not stripped.endswith("\\\\"):
        return True
    return _GOES_ON.match(following) is not None


_OPENS, _CLOSES = re.compile(r"(?<!\\)\\\["), re.compile(r"(?<!\\)\\\]")  # `\\[`, not a row end's `\\\\[2pt]`


def _open_environment(joined: str) -> bool:
    """Whether a display is still open: an environment, `\\[` or `$$` (the last on a line of its own)."""
    return (
        joined.count("\\begin{") > joined.count("\\end{")
        or len(_OPENS.findall(joined)) > len(_CLOSES.findall(joined))
        or joined.count("$$") % 2 == 1
    )


def _is_labelled(line: str) -> bool:
    match = _LABELLED.match(line)
    return match is not None and _label(match.group("label"), match.group("param") or "") is not None


def _logical_lines(text: str) -> list[tuple[int, str, list[tuple[int, str]]]]:
    """Physical lines joined where one ends in a backslash: (first line, first text, continuations)."""
    lines = _LINE_END.split(text)
    if lines[-1] == "":
        lines.pop()  # the final line end does not start another line
    joined: list[tuple[int, str, list[tuple[int, str]]]] = []
    number = 0
    while number < len(lines):
        first = number + 1
        head = lines[number]
        rest: list[tuple[int, str]] = []
        current, so_far = head, head
        while number + 1 < len(lines) and _continues(current, so_far, lines[number + 1]):
            number += 1
            current = lines[number]
            so_far += current
            rest.append((number + 1, current))
        joined.append((first, head, rest))
        number += 1
    return joined


def _strip_continuation(text: str) -> str:
    """The line without its continuation backslash; a LaTeX row break `\\\\` at the end (a
    matrix written over several lines) continues too, and stays."""
    stripped = text.rstrip()
    if stripped.endswith("\\\\"):
        return stripped
    return stripped[:-1] if stripped.endswith("\\") else text


_DISPLAY = re.compile(r"\s*(?:\$|\\\[|\\\(|\\begin\{)")


def _display_below(logical: list[tuple[int, str, list[tuple[int, str]]]], index: int) -> int | None:
    """The index of the unlabelled mathematics (`$...$`, `\\[...\\]`, `\\begin{align}`) that follows a
    label line with nothing after its colon, blank lines apart; None when prose or a label follows."""
    for below in range(index + 1, len(logical)):
        text = logical[below][1]
        if not text.strip():
            continue
        return below if _DISPLAY.match(text) and not _is_labelled(text) else None
    return None


def read_homework(text: str, imposed: ModelSpec | None = None) -> Homework:
    """Split a homework file into its model lines and labelled steps; everything else is ignored
    (blank lines, `#` comments, Markdown prose), so a submission can be a whole Markdown page.
    An `imposed` model (an assignment's) is the one checked: the file's own model lines, when they
    name another, are reported in the notes and never obeyed."""
    if len(text.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
        raise HomeworkError(f"the file is longer than {MAX_FILE_BYTES} bytes")
    model: dict[str, str] = {}
    known: list[str] = []
    steps: list[HomeworkStep] = []
    logical = _logical_lines(text)
    taken: set[int] = set()  # display math under a label line, read as that label's step
    for index, (line, head, continuations) in enumerate(logical):
        if head.lstrip().startswith("#") or index in taken:
            continue
        match = _LABELLED.match(head)
        if match is None:
            continue
        labelled = _label(match.group("label"), match.group("param") or "")
        if labelled is None:
            continue
        label, param = labelled
        rest = match.group("rest")
        column = match.start("rest") + 1
        if not rest.strip() and not continuations and label not in MODEL_LABELS:
            below = _display_below(logical, index)
            if below is None:
                continue  # a heading ("Log-likelihood (constants dropped):"), not a step
            taken.add(below)
            line, rest, continuations = logical[below][0], logical[below][1], logical[below][2]
            column = 1
        joined, segments = _joined(line, column, rest, continuations)
        if label in MODEL_LABELS:
            value = joined.strip().strip("$").strip()
            if label == "known":
                known.extend(item.strip() for item in value.split(",") if item.strip())
            elif label in model:
                raise HomeworkError(f"line {line}: a second `{label}:` line")
            else:
                model[label] = value
            continue
        if len(steps) >= MAX_STEPS:
            raise HomeworkError(f"more than {MAX_STEPS} steps")
        steps.append(HomeworkStep(line, label, param, joined, tuple(segments)))
    if not steps:
        steps = _unlabelled(logical)
        if len(steps) > MAX_STEPS:
            raise HomeworkError(f"more than {MAX_STEPS} steps")
    name = model.get("model", "").strip().lower() or None
    if imposed is None:
        return Homework(_spec(model, tuple(known)), tuple(steps), name)
    notes: tuple[str, ...] = ()
    if model or known:
        try:
            own = _spec(model, tuple(known))
        except HomeworkError as exc:
            own, why = None, str(exc)
        else:
            why = ""
        if own is None or _resolved_name(own) != _resolved_name(imposed) or own.known != imposed.known:
            written = name or model.get("density", "") or "its model lines"
            notes = (f"the file's model ({written}{'; ' + why if why else ''}) is not the assignment's: ignored",)
    return Homework(imposed, tuple(steps), None, notes)


def _joined(
    line: int, column: int, first: str, continuations: list[tuple[int, str]]
) -> tuple[str, tuple[Segment, ...]]:
    """A step's text with its continuation lines joined by spaces, and where each piece came from."""
    pieces = [(line, column, _strip_continuation(first) if continuations else first)]
    for number, extra in continuations:
        is_last = number == continuations[-1][0]
        pieces.append((number, 1, extra if is_last else _strip_continuation(extra)))
    segments = []
    joined = ""
    for number, col, piece in pieces:
        if joined:
            joined += " "
        segments.append(Segment(len(joined), number, col))
        joined += piece
    return joined, tuple(segments)


def _unlabelled(logical: list[tuple[int, str, list[tuple[int, str]]]]) -> list[HomeworkStep]:
    """The steps of a file written without labels, each named by its own left-hand side
    (symle.checker.unlabelled): `L(λ) = ...`, "so the MLE is λ̂ = 1/x̄"."""
    steps = []
    for line, head, continuations in logical:
        if head.lstrip().startswith("#") or _is_labelled(head):
            continue
        joined, segments = _joined(line, 1, head, continuations)
        for start, end, kind in find_steps(joined):
            within = [s for s in segments if s.offset <= start][-1:] + [s for s in segments if start < s.offset < end]
            first = within[0]
            moved = (Segment(0, first.line, first.column + start - first.offset),)
            moved += tuple(Segment(s.offset - start, s.line, s.column) for s in within[1:])
            steps.append(HomeworkStep(moved[0].line, kind, "", joined[start:end], moved))
    return steps


def _resolved_name(spec: ModelSpec) -> tuple[object, ...]:
    """What makes two specs the same model: a family under any of its names, or the same typed density."""
    return (canonical(spec.model) or " ".join(spec.model.split()), spec.params, spec.var, spec.support, spec.response)


def _spec(lines: dict[str, str], known: tuple[str, ...]) -> ModelSpec:
    if "model" in lines and "density" in lines:
        raise HomeworkError("give either a `model:` line or a `density:` line, not both")
    if "response" in lines and "var" in lines:
        raise HomeworkError("give either a `var:` line or a `response:` line (a regression's), not both")
    for label in ("response", "covariates"):
        if label in lines and not lines[label]:
            raise HomeworkError(f"the `{label}:` line is empty")
    conditional: dict[str, str | None] = {
        "response": lines.get("response") or None,
        "covariates": lines.get("covariates") or None,
    }
    if "censored" in lines:  # `censored: delta` (the indicator's name), `yes` or `right`, or `left`
        given = lines["censored"].strip()
        side = given.lower() if given.lower() in ("right", "left") else None
        conditional["censored"] = DEFAULT_INDICATOR if side or given.lower() in ("", "yes", "true") else given
        conditional["censoring"] = side
    if "model" in lines:
        name = lines["model"].strip().lower()
        if not name:
            raise HomeworkError("the `model:` line names no model")
        for extra in ("var", "params", "support"):
            if extra in lines:
                raise HomeworkError(f"`{extra}:` belongs to a typed `density:`, not to a catalogue model")
        return _catalogue_spec(name, known, conditional)
    if "density" in lines:
        if not lines["density"]:
            raise HomeworkError("the `density:` line is empty")
        if "params" not in lines:
            raise HomeworkError("a `density:` needs a `params:` line, e.g. `params: theta`")
        return ModelSpec.of(
            lines["density"],
            var=lines.get("var") or None,
            params=lines["params"],
            support=lines.get("support") or None,
            known=known,
            **conditional,
        )
    raise HomeworkError("no `model:` or `density:` line: the checker does not know which model the homework is about")


def _catalogue_spec(name: str, known: tuple[str, ...], conditional: dict[str, str | None]) -> ModelSpec:
    """A catalogue model; one whose constant is known by name only (`known: m` for the binomial) is
    the same density typed out with that constant as a known parameter, which stays symbolic: a
    homework derives the general formula, and `symle derive` rightly asks for a value."""
    entry = FAMILIES.get(name)
    given = dict(parse_known(known))
    by_name = [c for c in entry.constants if c.name in given and given[c.name] is None] if entry else []
    if entry is None or not by_name or entry.covariates:
        return ModelSpec.of(name, known=known, **conditional)
    params = [f"{p.name}:{p.domain}" for p in (*entry.parameters, *entry.constants)]
    return ModelSpec.of(entry.density, var=entry.var, params=params, support=entry.support, known=known)
