"""The derivation as a document: LaTeX (fragment or standalone), Markdown and plain text, from templates."""

from __future__ import annotations

from typing import Any

from symle.derivation import Derivation
from symle.model.catalogue import FAMILIES
from symle.render.environment import render
from symle.render.equations import equation_inline_latex, equation_text, equations_latex


def _title(derivation: Derivation) -> str:
    model = derivation.model
    if not model.typed and model.name in FAMILIES and model.conditional:
        return f"Maximum likelihood for {FAMILIES[model.name].title}"
    if not model.typed and model.name in FAMILIES:
        return f"Maximum likelihood for the {FAMILIES[model.name].title} distribution"
    return "Maximum likelihood for a typed density"


def _steps_view(derivation: Derivation) -> list[dict[str, Any]]:
    return [
        {
            "title": step.title,
            "text": step.text,
            "rows": equations_latex(step.equations),
            "inline": [equation_inline_latex(e) for e in step.equations],
            "plain": [equation_text(e) for e in step.equations],
        }
        for step in derivation.steps
    ]


def _view(derivation: Derivation) -> dict[str, Any]:
    return {
        "title": _title(derivation),
        "steps": _steps_view(derivation),
        "warnings": list(derivation.warnings),
    }


def render_latex(derivation: Derivation, standalone: bool = False) -> str:
    fragment = render("derivation.tex.j2", **_view(derivation))
    if not standalone:
        return fragment
    return render("standalone.tex.j2", title=_title(derivation), body=fragment)


def render_markdown(derivation: Derivation) -> str:
    return render("derivation.md.j2", **_view(derivation))


def render_text(derivation: Derivation) -> str:
    return render("derivation.txt.j2", **_view(derivation))
