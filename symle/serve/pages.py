"""The Derive page and its downloads: a family or a typed density, its derivation in HTML (MathML with
the LaTeX beside it), shareable by its query string, and the files .tex .md .json .py (the generated
fitter) and .pdf. Finished derivations are remembered (symle.serve.remembered)."""

from __future__ import annotations

import shutil
from functools import cache
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from symle.echo import LINE_CHARS, shown
from symle.errors import SymleError
from symle.render.formats import FORMATS
from symle.serve import jobs
from symle.serve.forms import FIELD_OF_ERROR, TYPED_FIELDS, label, model_form, model_request, request_key, share_query
from symle.serve.remembered import Sent, answered_again
from symle.serve.views import markup, page

MEDIA = {  # a download's extension: its media type (the formats' from symle.render.formats)
    **{f.suffix[1:]: f.media_type + ("" if f.name == "json" else "; charset=utf-8") for f in FORMATS.values()},
    "py": "text/x-python; charset=utf-8",
    "pdf": "application/pdf",
}


@cache
def families() -> list[str]:
    from symle.listing import catalogue_rows

    return [row["name"] for row in catalogue_rows()]


def can_compile() -> bool:
    """Whether LaTeX can be compiled here (symle.worksheets.pdf needs pdflatex, with latexmk or alone)."""
    return shutil.which("pdflatex") is not None


def downloads() -> list[tuple[str, str]]:
    found = [("tex", ".tex"), ("md", ".md"), ("json", ".json"), ("py", ".py (fitter)")]
    return found + ([("pdf", ".pdf")] if can_compile() else [])


def message(exc: SymleError) -> str:
    """The error as the page says it: each input it names by its form field's label."""
    return shown(exc.worded(label) or type(exc).__name__, LINE_CHARS)


async def derived(app: Any, request: dict[str, object], kind: str) -> str | bytes:
    """The derivation's output `kind`, remembered or worked out by a worker; a hostile formula is refused
    by the quick lane (one worker for checks that take milliseconds), without waiting behind derivations."""
    pool, quick, memory = app.state.pool, app.state.quick, app.state.memory
    key = request_key(request, kind)
    found = memory.get(key)
    if found is not None:
        return found
    await quick.run(jobs.DERIVE_SECONDS, jobs.precheck, request)
    output, storable = await pool.run(jobs.DERIVE_SECONDS, jobs.derive_output, request, kind)
    if storable:
        memory.put(key, output)
    return output


def model_context(form: dict[str, str], **more: Any) -> dict[str, Any]:
    return {"form": form, "families": families(), "typed_fields": TYPED_FIELDS, **more}


async def derive_page(request: Request) -> Response:
    form = model_form(request.query_params)
    memory = request.app.state.memory
    query = share_query(form)
    whole = ("page", str(request.base_url), query)  # the page itself, as it was sent: no template run again
    sent = memory.get(whole)
    if isinstance(sent, Sent):
        return answered_again(request, sent)
    context = model_context(form, page=None)
    try:
        asked = model_request(form)
        if asked is None:
            return page("serve/derive.html", "/", "Derive", **context)
        html = await derived(request.app, asked, "html")
    except SymleError as exc:
        invalid = FIELD_OF_ERROR.get(exc.field or "", None)
        return page("serve/derive.html", "/", "Derive", 400, error=message(exc), invalid=invalid, **context)
    share = f"{request.base_url}?{query}"
    context.update(page=markup(str(html)), query=query, share=share, downloads=downloads())
    response = page("serve/derive.html", "/", "Derive", **context)
    sent = Sent.of(bytes(response.body))
    memory.put(whole, sent)
    response.headers.update(sent.headers)
    return response


async def download(request: Request) -> Response:
    kind = request.path_params["kind"]
    if kind not in MEDIA:
        return Response("symle: error: no such download\n", 404, media_type="text/plain")
    try:
        asked = model_request(model_form(request.query_params))
        if asked is None:
            return Response("symle: error: give a family or a density\n", 400, media_type="text/plain")
        output = await derived(request.app, asked, kind)
    except SymleError as exc:
        return Response(f"symle: error: {message(exc)}\n", 400, media_type="text/plain")
    disposition = f'attachment; filename="derivation.{kind}"'
    return Response(output, media_type=MEDIA[kind], headers={"Content-Disposition": disposition})
