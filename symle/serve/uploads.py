"""The pages that take what a person sends: Fit (a data file, the summary table), Check (a pasted
homework or one file: each step marked with its hint; several files or a class's zip: the gradebook
CSV) and Worksheet (a TOML spec: the sheet or the key). Their answers are never cached (no-store)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response

from symle.echo import LINE_CHARS, shown
from symle.errors import DataError, HomeworkError, SymleError, worded
from symle.render.formats import FORMATS, WORKSHEET_FORMATS
from symle.serve import fitting, jobs
from symle.serve.forms import FIELD_OF_ERROR, label, model_form, model_request
from symle.serve.limits import FORM_BYTES, UPLOAD_BYTES, ZIP_FILES, zip_members
from symle.serve.pages import can_compile, message, model_context
from symle.serve.views import markup, page


class FormRefused(SymleError):
    """A form the server cannot read: not multipart, too many parts, a part too large."""


async def _form(request: Request) -> FormData:
    try:
        return await request.form(max_files=ZIP_FILES, max_fields=50, max_part_size=FORM_BYTES)
    except Exception as exc:  # noqa: BLE001 - the multipart parser's refusals, whatever their class
        raise FormRefused(f"the form cannot be read ({type(exc).__name__})") from None


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


async def _upload(value: UploadFile) -> tuple[str, bytes]:
    data = await value.read(UPLOAD_BYTES + 1)
    if len(data) > UPLOAD_BYTES:
        raise DataError(f"the file is larger than {UPLOAD_BYTES >> 20} MB")
    return PurePath(value.filename or "upload").name, data


def _fit_context(fields: dict[str, str], **more: Any) -> dict[str, Any]:
    drawing = {"can_draw": fitting.can_draw(), "draw_missing": fitting.MATPLOTLIB_MISSING}
    figure = {"figure": None, "figure_alt": "", "figure_note": None}
    return model_context(fields, table=None, columns=(), **figure, **drawing, **more)


async def fit_page(request: Request) -> Response:
    """The fit of an uploaded file; a table's columns listed to choose from (the file chosen again: nothing
    sent is kept), and the fit's figure inline when asked for and matplotlib is installed."""
    context = _fit_context({**model_form({}), "column": "", "draw": "on"})
    if request.method == "GET":
        return page("serve/fit.html", "/fit", "Fit", **context)
    try:
        form = await _form(request)
        fields = model_form({k: _text(form, k) for k in form})
        context = _fit_context({**fields, "column": _text(form, "column"), "draw": _text(form, "draw")})
        asked = model_request(fields)
        if asked is None:
            raise SymleError("pick a family or type a density", field="model")
        upload = form.get("data")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise DataError("choose a data file to upload", field="data")
        name, data = await _upload(upload)
        column = _text(form, "column").strip() or None
        draw = context["can_draw"] and bool(_text(form, "draw"))
        pool = request.app.state.pool
        fitted = await pool.run(jobs.DERIVE_SECONDS * 2, fitting.fit_output, asked, data, name, column, draw)
    except SymleError as exc:
        invalid = FIELD_OF_ERROR.get(exc.field or "", exc.field)
        return page("serve/fit.html", "/fit", "Fit", 400, error=message(exc), invalid=invalid, **context)
    if len(fitted["columns"]) > 1 or "error" in fitted:  # a table's columns, to choose from (or choose again)
        context["columns"] = fitted["columns"]
    if "error" in fitted:
        error = shown(worded(fitted["error"], label), LINE_CHARS)
        return page("serve/fit.html", "/fit", "Fit", 400, error=error, invalid=fitted["field"], **context)
    context.update(table=markup(fitted["table"]), text=fitted["text"])
    context.update({k: fitted[k] for k in ("figure", "figure_alt", "figure_note") if k in fitted})
    return page("serve/fit.html", "/fit", "Fit", **context)


async def check_page(request: Request) -> Response:
    blank = {"homework": "", "assignment": "", "problem": ""}
    if request.method == "GET":
        return page("serve/check.html", "/check", "Check", form=blank, report=None)
    form_values = blank
    try:
        form = await _form(request)
        form_values = {name: _text(form, name) for name in blank}
        against = (form_values["assignment"], form_values["problem"])
        files = [await _upload(f) for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
        if len(files) == 1 and files[0][0].lower().endswith(".zip"):
            files = zip_members(files[0][1])
        elif any(name.lower().endswith(".zip") for name, _ in files):
            raise HomeworkError("upload one zip alone, or homework files")
        pool = request.app.state.pool
        if len(files) > 1:
            csv = await pool.run(jobs.CHECK_SECONDS * len(files), jobs.gradebook_output, files, *against)
            disposition = 'attachment; filename="gradebook.csv"'
            return Response(csv, media_type="text/csv; charset=utf-8", headers={"Content-Disposition": disposition})
        if files:
            name, raw = files[0]
        elif form_values["homework"].strip():
            name, raw = "pasted homework", form_values["homework"].encode()
        else:
            raise HomeworkError("paste a homework or choose a file", field="homework")
        report = await pool.run(jobs.CHECK_SECONDS, jobs.check_output, name, raw, *against)
    except SymleError as exc:
        invalid = exc.field if exc.field in ("assignment", "problem") else "homework"
        context = {"form": form_values, "report": None, "error": message(exc), "invalid": invalid}
        return page("serve/check.html", "/check", "Check", 400, **context)
    return page("serve/check.html", "/check", "Check", form=form_values, report=report)


def _worksheet_formats() -> tuple[str, ...]:
    """LaTeX and Markdown; and PDF (the LaTeX compiled) where pdflatex is installed."""
    return WORKSHEET_FORMATS + (("pdf",) if can_compile() else ())


async def worksheet_page(request: Request) -> Response:
    blank = {"spec": "", "format": "latex"}
    formats = _worksheet_formats()
    if request.method == "GET":
        return page("serve/worksheet.html", "/worksheet", "Worksheet", form=blank, formats=formats)
    values = blank
    try:
        form = await _form(request)
        values = {"spec": _text(form, "spec"), "format": _text(form, "format") or "latex"}
        if values["format"] not in formats:
            raise SymleError(f"format {shown(values['format'][:20])!r}: use {' or '.join(formats)}", field="format")
        solutions = _text(form, "part") == "key"
        seconds = jobs.DERIVE_SECONDS * 10
        if values["format"] == "pdf":  # and the compilation's own limit (the module only when a PDF is asked for)
            from symle.worksheets.pdf import TIMEOUT_SECONDS

            seconds += TIMEOUT_SECONDS
        output = await request.app.state.pool.run(
            seconds, jobs.worksheet_output, values["spec"], solutions, values["format"]
        )
    except SymleError as exc:
        invalid = "format" if exc.field == "format" else "spec"
        context = {"form": values, "formats": formats, "error": message(exc), "invalid": invalid}
        return page("serve/worksheet.html", "/worksheet", "Worksheet", 400, **context)
    part = "key" if solutions else "sheet"
    if values["format"] == "pdf":
        name, media = f"{part}.pdf", "application/pdf"
    else:
        chosen = FORMATS[values["format"]]
        name, media = f"{part}{chosen.suffix}", f"{chosen.media_type}; charset=utf-8"
    return Response(output, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
