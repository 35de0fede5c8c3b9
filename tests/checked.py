"""Helpers for the checker's tests: the steps of a small homework (a model header, then its lines) as
the checker reports them, and their verdicts alone."""

from __future__ import annotations

from symle.checker import StepReport, check_text


def steps(header: str, *lines: str) -> tuple[StepReport, ...]:
    """The checker's report of each step of the homework `header` followed by `lines`."""
    return check_text("\n".join((header, *lines)) + "\n").steps


def verdicts(header: str, *lines: str) -> list[str]:
    """Each step's verdict, in file order."""
    return [s.verdict for s in steps(header, *lines)]
