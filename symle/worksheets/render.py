"""Worksheet views: problems and parts as finished LaTeX or Markdown strings for the templates."""

from __future__ import annotations

from typing import Any

from symle.algebra.signs import signs_within
from symle.algebra.textbook import exponentials_written_out
from symle.render.environment import render
from symle.render.equations import equations_as
from symle.render.formats import FORMATS
from symle.stages.step import Step
from symle.worksheets.problems import Part, Problem
from symle.worksheets.spec import WorksheetSpec

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def label(index: int) -> str:
    """(a), (b), ..., (z), (aa), ...: the part's label in both the sheet and the key."""
    letters = LETTERS[index % 26] * (index // 26 + 1)
    return f"({letters})"


def _step_view(step: Step, form: str) -> dict[str, Any]:
    return {"title": step.title, "text": step.text, form: equations_as(form, step.equations)}


def _part_view(index: int, part: Part, solutions: bool, form: str) -> dict[str, Any]:
    return {
        "label": label(index),
        "kind": part.kind,
        "question": part.question,
        f"shown_{form}": equations_as(form, part.shown),
        "steps": [_step_view(s, form) for s in part.answer] if solutions else [],
    }


def _problem_view(problem: Problem, solutions: bool, form: str) -> dict[str, Any]:
    with signs_within(dict(problem.region)), exponentials_written_out(problem.kernels):
        return _view(problem, solutions, form)


def _view(problem: Problem, solutions: bool, form: str) -> dict[str, Any]:
    return {
        "number": problem.number,
        "name": problem.name,
        "statement": problem.statement,
        f"model_{form}": equations_as(form, problem.model),
        "parts": [_part_view(k, part, solutions, form) for k, part in enumerate(problem.parts)],
        "notes": list(problem.notes) if solutions else [],
    }


def render_worksheet(spec: WorksheetSpec, problems: tuple[Problem, ...], *, solutions: bool, format: str) -> str:
    chosen = FORMATS[format]
    form = chosen.equations  # (the equations in the one form its template shows)
    context = {  # the title, course and date as lines of text, whatever spaces they were typed with
        "title": " ".join(spec.title.split()),
        "course": " ".join(spec.course.split()),
        "date": " ".join(spec.date.split()),
        "solutions": solutions,
        "problems": [_problem_view(p, solutions, form) for p in problems],
    }
    return render(chosen.worksheet, **context)


__all__ = ["render_worksheet", "label"]
