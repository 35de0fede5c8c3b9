"""The student corpus (tests/homework/students/): realistic homework files, each step preceded by its
careful grading in a comment line the checker ignores, and the figures the checker reaches on them.

A grading line is `#> VERDICT [KIND]` directly above the step's first line: VERDICT is `correct` or
`incorrect`; KIND is `follows` for a correct step that carries an earlier mistake forward, or, for a
mistake, the classic mistake the hint should name (a key of HINTS). The grading was worked out by
hand from the mathematics, never copied from the checker's output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from symle.checker import check_file
from symle.errors import SymleError

STUDENTS = Path(__file__).parent / "homework" / "students"
# a held-out round (issue 23): sentences, emails, aligned environments, conditions, implications,
# graded by hand before the checker was first run on them
HELDOUT = Path(__file__).parent / "homework" / "heldout2"
GROUPS = ("latex", "plain", "unicode")

# the opening words of the hint that names each classic mistake
HINTS = {
    "sign": "sign error",
    "missing-n": "missing factor n",
    "extra-n": "extra factor n",
    "n-1": "n − 1 instead of n",
    "n-2": "n − 2 instead of n",
    "dropped": "dropped term",
    "constant": "constant factor",
    "wrong-parameter": "derivative with respect to the wrong parameter",
    "reciprocal": "reciprocal",
    "boundary": "the support depends on",
    "order-statistic": "wrong order statistic",
    "never-zero": "the score for",
    "log-of-sum": "log of a sum",
    "product-of-logs": "product of logs",
    "mean-left": "unknown parameter in the estimator",
    "standard-error": "standard error instead of variance",
    "sigma-power": "σ² where σ⁴ belongs",
    "failures": "failures instead of trials",
    "claim": "wrong inequality",
    "one-observation": "one observation",
}
_GRADE = re.compile(r"^#>\s*(correct|incorrect)(?:\s+([a-z0-9-]+))?\s*$")


@dataclass(frozen=True)
class Grade:
    line: int  # the step's first line
    verdict: str
    kind: str | None


@dataclass(frozen=True)
class Outcome:
    """One graded step against the checker's report of it."""

    file: str
    group: str
    line: int
    grade: Grade
    verdict: str
    hint: str | None
    note: str | None

    @property
    def read(self) -> bool:
        return self.verdict != "unreadable"

    @property
    def false_incorrect(self) -> bool:
        return self.grade.verdict == "correct" and self.verdict == "incorrect"

    @property
    def false_correct(self) -> bool:
        return self.grade.verdict == "incorrect" and self.verdict == "correct"

    @property
    def hint_agrees(self) -> bool:
        """The hint names the graded mistake (or, for `follows`, the note names the earlier step)."""
        kind = self.grade.kind
        if kind is None:
            return True
        if kind == "follows":
            return self.verdict == "correct" and (self.note or "").startswith("follows from your step")
        return self.verdict == "incorrect" and (self.hint or "").startswith(HINTS[kind])


def grades(path: Path) -> list[Grade]:
    """The grading lines of one file, each tied to the line below it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    for number, text in enumerate(lines, start=1):
        match = _GRADE.match(text.strip())
        if match is not None:
            kind = match.group(2)
            if kind is not None and kind != "follows" and kind not in HINTS:
                raise ValueError(f"{path.name}:{number}: unknown mistake kind {kind!r}")
            out.append(Grade(number + 1, match.group(1), kind))
    return out


def group_of(path: Path) -> str:
    return next(g for g in GROUPS if f"-{g}-" in path.name)


def files(folder: Path = STUDENTS) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md"))


def outcomes(path: Path) -> list[Outcome]:
    """Every graded step of one file with the checker's verdict; a graded step the checker did not
    report at its line (swallowed by the step above it) counts as unreadable."""
    try:
        by_line = {step.line: step for step in check_file(path).steps}
    except SymleError as exc:  # the file could not be used at all: every step is unread
        by_line, failure = {}, str(exc)
    else:
        failure = "not reported"
    graded = grades(path)
    extra = sorted(set(by_line) - {g.line for g in graded})
    if extra:
        raise AssertionError(f"{path.name}: steps at lines {extra} have no grading line above them")
    out = []
    for grade in graded:
        step = by_line.get(grade.line)
        verdict, hint, note = ("unreadable", None, failure) if step is None else (step.verdict, step.hint, step.note)
        out.append(Outcome(path.name, group_of(path), grade.line, grade, verdict, hint, note))
    return out


@dataclass
class Figures:
    steps: int = 0
    read: int = 0
    false_incorrect: int = 0
    false_correct: int = 0
    hints_graded: int = 0
    hints_agreeing: int = 0
    misses: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.steps += 1
        self.read += outcome.read
        self.false_incorrect += outcome.false_incorrect
        self.false_correct += outcome.false_correct
        if outcome.grade.kind is not None and outcome.read:
            self.hints_graded += 1
            self.hints_agreeing += outcome.hint_agrees
        if not outcome.read or outcome.false_incorrect or outcome.false_correct or not outcome.hint_agrees:
            self.misses.append(outcome)

    @property
    def read_share(self) -> float:
        return self.read / self.steps if self.steps else 1.0

    def line(self, name: str) -> str:
        return (
            f"{name:<8} {self.steps:>4} steps  {100 * self.read_share:5.1f} % read  "
            f"{self.false_incorrect} false incorrect  {self.false_correct} false correct  "
            f"hints {self.hints_agreeing}/{self.hints_graded}"
        )


def figures(results: Iterable[Outcome]) -> dict[str, Figures]:
    """The figures over all steps ("all") and per notation group."""
    table = {"all": Figures(), **{g: Figures() for g in GROUPS}}
    for outcome in results:
        table["all"].add(outcome)
        table[outcome.group].add(outcome)
    return table


def describe(outcome: Outcome) -> str:
    grade = outcome.grade
    return (
        f"{outcome.file}:{outcome.line} graded {grade.verdict} {grade.kind or ''}, checker {outcome.verdict}"
        f" (hint {outcome.hint!r}, note {outcome.note!r})"
    )


def main() -> None:
    """Print the corpus figures and every step where the checker and the grading disagree."""
    results = [o for path in files() for o in outcomes(path)]
    table = figures(results)
    for name, figure in table.items():
        print(figure.line(name))
    for miss in table["all"].misses:
        print("  " + describe(miss))


if __name__ == "__main__":
    main()
