"""The Jinja2 environment: templates from the installed package, LaTeX-safe delimiters, StrictUndefined."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from symle.render.prose import latex_text, markdown_text


def template_folder() -> Path:
    """Templates ship inside the wheel as symle/templates; a source checkout has them at the top."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "templates", package.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("symle's templates folder is missing from the installation")


@cache
def environment() -> jinja2.Environment:
    """Jinja2 with delimiters that do not clash with LaTeX braces, and StrictUndefined."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_folder())),
        block_start_string="<%",
        block_end_string="%>",
        variable_start_string="<<",
        variable_end_string=">>",
        comment_start_string="<#",
        comment_end_string="#>",
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["latex_text"] = latex_text
    env.filters["markdown_text"] = markdown_text
    env.filters["tex_comment"] = tex_comment
    env.filters["pyrepr"] = repr
    env.filters["html_text"] = _html_text
    return env


def _html_text(prose: Any) -> str:
    from symle.render.html import html_text  # (latex2mathml: loaded for an HTML page only)

    return html_text(prose)


def tex_comment(text: Any) -> str:
    """Text for a TeX comment (% ...): on one line, as a line break would end the comment."""
    return " ".join(str(text).split())


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
