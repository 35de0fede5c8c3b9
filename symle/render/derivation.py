"""The derivation as a document: LaTeX (fragment or standalone), Markdown and plain text, from templates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy as sp

from symle.algebra import notation as N
from symle.algebra.printing import latex_inline
from symle.derivation import Derivation
from symle.model.model import Model
from symle.render.environment import render
from symle.render.equations import equations_as, page
from symle.render.formats import FORMATS, Format
from symle.render.linebreak import width
from symle.stages.bounds import model_support
from symle.stages.step import Equation, Prose, Step, chain, listed, prose

# the widest density a heading sets in full (symle.render.linebreak.width units): one that, with its
# support, fits on a line of the heading's larger bold type (about 50 units of the 62 of a text line),
# where the ragged-right heading breaks after "=" when it must; a longer one cannot break inside its
# exponential or root, and would run into the margin
TITLE_FORMULA = 40.0


def _title(derivation: Derivation) -> Prose:
    """The title in the reader's words: the catalogue's name of the distribution, or the density itself
    (a probability mass function for a discrete model, a conditional density for a regression)."""
    model = derivation.model
    family = model.family
    if family is not None:
        samples = model.samples
        title = prose(
            f"Maximum likelihood for {samples.k} samples of the {family.title} distribution"
            if samples is not None
            else f"Maximum likelihood for the {family.title} distribution with {model.censoring.kind}-censored data"
            if model.censoring is not None
            else f"Maximum likelihood for the {family.title} distribution with frequency weights"
            if model.weighting is not None
            else f"Maximum likelihood for the {family.title} distribution from counts in classes"
            if model.grouping is not None
            else f"Maximum likelihood for {family.title}"
            if model.conditional
            else f"Maximum likelihood for the {family.title} distribution"
        )
        constants = {c.name for c in family.constants}
        known = [p.symbol for p in model.known_parameters if p.name not in constants]
        if known:
            title += prose(", with ", listed(known), " known")
        return title
    kind = "probability mass function" if model.discrete else "density"
    samples = model.samples
    if samples is not None:  # a typed density's k samples: its own title, and how many samples
        model = samples.single
    regression = model.conditional and not (model.censoring or model.weighting or model.grouping)
    if regression:
        kind = "conditional " + kind
    density = N.Density(model.var, *model.symbols)
    if regression:
        density = N.ConditionalDensity(model.var, sp.Tuple(*model.covariates), *model.symbols)
    plain = not (model.censoring or model.weighting or model.grouping)
    form = derivation.likelihood.density_form if plain else model.uncensored.display
    if samples is not None:
        form = model.display if model.display is not None else model.density
    sup = model.support
    real_line = sup.lower == sp.S.NegativeInfinity and sup.upper == sp.S.Infinity and not sup.discrete
    censored = prose(
        f", {model.censoring.kind}-censored"
        if model.censoring is not None
        else ", with frequency weights"
        if model.weighting
        else ", from counts in classes"
        if model.grouping
        else ""
    )
    if samples is not None:
        censored = prose(f", {samples.k} samples")
    if width(latex_inline(form)) > TITLE_FORMULA:  # too long for a heading: named, and shown in step 1
        title = prose(f"Maximum likelihood for the {kind} ", density)
        return (title if real_line else title + prose(" on ", model_support(model))) + censored
    title = prose(f"Maximum likelihood for the {kind} ", chain(density, form, relations=("=",)))
    return (title if real_line else title + prose(", ", model_support(model))) + censored


def shown_equations(form: str, equations: Sequence[Equation]) -> list[Any]:
    """Equations in the one form a template shows (symle.render.formats: "rows", "inline", "plain",
    "html"): only that form is printed."""
    if form == "html":
        from symle.render.html import equations_html

        return equations_html(equations)
    return equations_as(form, equations)


def _steps_view(derivation: Derivation, form: str) -> list[dict[str, Any]]:
    return [
        {"title": step.title, "text": step.text, form: shown_equations(form, step.equations)}
        for step in derivation.steps
    ]


def _view(derivation: Derivation, form: str) -> dict[str, Any]:
    """What a template lays out: the steps, with their equations in the one form it shows."""
    return {
        "title": _title(derivation),
        "steps": _steps_view(derivation, form),
        "warnings": list(derivation.notes),
    }


def render_document(derivation: Derivation, form: Format, standalone: bool = False) -> str:
    """The derivation laid out by the format's template (symle.render.formats); `standalone` LaTeX is a
    whole document."""
    if form.template is None or form.equations is None:
        raise ValueError(f"the {form.name} format is not laid out by a template")
    with page(derivation.model, derivation.steps):
        document = render(form.template, **_view(derivation, form.equations))
        if standalone and form.name == "latex":
            return render("standalone.tex.j2", title=_title(derivation), body=document)
        return document


def render_as(derivation: Derivation, name: str, standalone: bool = False) -> str:
    """The derivation as a document in format `name` (symle.render.formats); `standalone` makes LaTeX a
    whole document."""
    if name == "json":
        from symle.render.json import render_json

        return render_json(derivation)
    return render_document(derivation, FORMATS[name], standalone)


def render_steps(model: Model, steps: tuple[Step, ...], title: Prose, name: str, standalone: bool = False) -> str:
    """A page of steps built outside a Derivation (interval-censored data: symle.stages.interval_steps), laid
    out as a derivation's in format `name` (symle.render.formats; LaTeX a fragment or standalone)."""
    form = FORMATS[name]
    if form.template is None or form.equations is None:
        raise ValueError(f"the {name} format is not laid out by a template")
    shown = form.equations
    view = {
        "title": title,
        "steps": [{"title": s.title, "text": s.text, shown: shown_equations(shown, s.equations)} for s in steps],
        "warnings": [],
    }
    with page(model, steps):
        body = render(form.template, **view)
        return render("standalone.tex.j2", title=title, body=body) if name == "latex" and standalone else body
