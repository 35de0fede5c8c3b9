"""`symle derive F --interval-censored`: the page of interval-censored lifetimes, from the model's options."""

from __future__ import annotations

import argparse

from symle.errors import SymleError
from symle.model.resolve import resolve
from symle.model.spec import ModelSpec
from symle.render.derivation import render_steps
from symle.stages.interval_steps import interval_steps
from symle.stages.step import prose


def interval_page(args: argparse.Namespace, form: str) -> str:
    """The page in `form` (text, latex, markdown; a PDF's LaTeX standalone): JSON has no such page yet."""
    if form == "json":
        raise SymleError("--interval-censored: the page is text, LaTeX or Markdown (no JSON form yet)")
    if getattr(args, "censored", None) is not None or getattr(args, "censoring", None) is not None:
        raise SymleError("--interval-censored does not combine with --censored or --censoring")
    if args.function or args.test:
        raise SymleError("--interval-censored does not combine with --function or --test yet")
    model = resolve(ModelSpec.of_options(args))
    if model.conditional or model.discrete:
        raise SymleError("--interval-censored applies to a continuous lifetime model, not a regression or a count")
    family = model.family
    name = f"the {family.title} distribution" if family is not None else "a typed density"
    title = prose(f"Maximum likelihood for {name} with interval-censored data")
    return render_steps(
        model, interval_steps(model), title, "latex" if form == "pdf" else form, form == "pdf" or args.standalone
    )
