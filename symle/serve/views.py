"""The server's pages: its Jinja2 environment (HTML-escaping everything unless marked as markup symle made
and escaped itself) and the headers every answer carries."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup
from starlette.responses import HTMLResponse, Response

from symle import __version__
from symle.render.environment import template_folder

PAGES = (("/", "Derive"), ("/fit", "Fit"), ("/check", "Check"), ("/worksheet", "Worksheet"))
CSP = (
    "default-src 'self'; img-src 'self' data:; script-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_folder())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(pages=PAGES, version=__version__)
    return env


def markup(html: str) -> Markup:
    """HTML that symle wrote with every text escaped (a derivation's page, a fit's table)."""
    return Markup(html)


def page(template: str, here: str, heading: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("error", None)
    context.setdefault("invalid", None)
    body = environment().get_template(template).render(here=here, heading=heading, **context)
    return HTMLResponse(body, status_code=status)


def secured(response: Response, stored: bool = True) -> Response:
    """The security headers; `stored` False (an upload's answer): Cache-Control no-store."""
    response.headers.update(HEADERS)
    if not stored:
        response.headers["Cache-Control"] = "no-store"
    return response
