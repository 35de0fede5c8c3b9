"""The checker's result: one verdict per step, as JSON (the contract) or as text for a person."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from symle.echo import file_text, json_text, shown, shown_lines

VERDICTS = ("correct", "incorrect", "unreadable", "missing")  # missing: a part asked that no step answers


@dataclass(frozen=True)
class StepReport:
    """One step's verdict; `expected` is LaTeX, `expected_text` the same in plain text."""

    line: int
    label: str
    verdict: str
    expected: str
    hint: str | None = None
    note: str | None = None
    expected_text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line or None,  # a missing part has no line
            "label": self.label,
            "verdict": self.verdict,
            "expected": self.expected,
            "hint": self.hint,
            "note": self.note,
        }


@dataclass(frozen=True)
class CheckReport:
    """All steps of one homework file, in file order."""

    file: str
    model: str
    steps: tuple[StepReport, ...]
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return all(step.verdict == "correct" for step in self.steps)

    def count(self, verdict: str) -> int:
        return sum(step.verdict == verdict for step in self.steps)

    @property
    def exit_status(self) -> int:
        return 0 if self.ok else 1

    def to_dict(self) -> dict[str, Any]:
        out = {"file": file_text(self.file), "ok": self.ok, "steps": [step.to_dict() for step in self.steps]}
        if self.notes:
            out["notes"] = list(self.notes)
        return out

    def to_json(self, indent: int | None = 2) -> str:
        """The report as JSON, valid UTF-8 whatever the file's name (symle.echo.json_text)."""
        return json_text(self.to_dict(), indent)

    def to_text(self) -> str:
        """The report for a person: the file's name and the labels as written are echoed, so every
        line is `shown` (no line of it can forge another, or hold a terminal's escape sequence)."""
        correct = sum(step.verdict == "correct" for step in self.steps)
        lines = [f"{shown(self.file, None)} ({shown(self.model)}): {correct} of {len(self.steps)} steps correct"]
        lines += [f"  note: {note}" for note in self.notes]
        labels = [shown(step.label) for step in self.steps]
        width = max(map(len, labels), default=0)
        for step, label in zip(self.steps, labels, strict=True):
            where = f"line {step.line:<3}" if step.line else "        "
            lines.append(f"  {where} {label:<{width}}  {step.verdict}")
            if step.hint:
                lines.append(f"      hint: {step.hint}")
            if step.note:
                lines.append(f"      note: {step.note}")
            if step.verdict != "correct" and step.expected_text:
                lines.append(f"      expected: {step.expected_text}")
        return shown_lines("\n".join(lines))


def error_line(file: str, message: str) -> str:
    """The JSON Lines object of a file that could not be used at all (batch mode)."""
    return json_text({"file": file_text(file), "ok": False, "error": message})
