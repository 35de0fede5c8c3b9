"""The work `symle serve` hands to its worker processes: each a pure function of what the form gave, run in
a process of the pool (symle.serve.workers), its symbolic work under symle's usual budget (symle.worker
kills a derivation that overruns). Nothing a person typed is used as a path: uploads are written under
fixed names in a temporary folder, and worksheet text is parsed as TOML here, never taken for a file."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from symle.errors import WorksheetError
from symle.options import CHECK_SECONDS, DERIVE_SECONDS
from symle.render.formats import FORMATS

DOWNLOADS = {f.suffix[1:]: f.name for f in FORMATS.values()}  # a download's extension: its format


def warm(nice: int = 0) -> None:
    """A worker's first act: to die with the server (stopped or killed, it leaves no worker behind), a
    lower priority than the server's own process (which answers remembered pages at once), and the heavy
    imports, so that its first request does not pay for them."""
    import contextlib
    import os
    import signal

    from symle.lean import without_units
    from symle.supervisor import die_with_parent

    die_with_parent(os.getppid())
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the server's handler, inherited by the fork
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops its workers
    with contextlib.suppress(OSError):
        os.nice(nice)

    without_units()
    import symle.api  # noqa: F401
    import symle.checker  # noqa: F401
    import symle.render.derivation  # noqa: F401


def _spec(request: Mapping[str, Any]):  # type: ignore[no-untyped-def]
    """The model a form's fields give."""
    from symle.model.spec import ModelSpec

    return ModelSpec.of(
        request["model"],
        var=request.get("var"),
        params=request.get("params"),
        support=request.get("support"),
        known=list(request.get("known", ())),
    )


def derivation_of(request: Mapping[str, Any]):  # type: ignore[no-untyped-def]
    from symle.api import derive

    return derive(_spec(request), timeout=DERIVE_SECONDS, integrate=True)


def precheck(request: Mapping[str, Any]) -> None:
    """What can be refused in milliseconds, before a derivation waits for a worker: the names, the known
    values' form, and a typed density read by the formula reader with every name allowed (its size,
    depth, exponent-tower and number caps; the reading with the model's names follows in the derivation)."""
    from symle.errors import about
    from symle.model.formula import Names, parse_with

    spec = _spec(request)
    if spec.typed:
        with about("model"):
            parse_with(spec.model, Names({}, free=True), "density")


def derive_output(request: Mapping[str, Any], kind: str) -> tuple[str | bytes, bool]:
    """The derivation as a download (tex, md, json, html, txt; py: the generated fitter; pdf), and
    whether it may be cached (not when a step ran out of its budget: that depends on the load)."""
    derivation = derivation_of(request)
    storable = not derivation.depends_on_speed
    if kind == "py":
        from symle.numeric.codegen import generate

        return generate(derivation), storable
    if kind == "pdf":
        from symle.worksheets.pdf import compile_pdf

        return compile_pdf(derivation.to_latex(standalone=True)), storable
    from symle.render.derivation import render_as

    return render_as(derivation, DOWNLOADS[kind]), storable


def assignment_of(toml: str, problem: str):  # type: ignore[no-untyped-def]
    """The assignment a Check page's form gives (a worksheet spec as TOML text and, when it has several
    problems, which one), or None when none is given."""
    if not toml.strip():
        return None
    from symle.checker.assignment import from_spec
    from symle.echo import shown
    from symle.errors import HomeworkError, SymleError
    from symle.worksheets.spec import read_spec

    number = problem.strip()
    if number and not number.isdigit():
        raise HomeworkError(f"problem {shown(number[:20])!r}: give the problem's number", field="problem")
    try:
        spec = read_spec(_toml(toml, "assignment"))
    except SymleError as exc:
        exc.field = "assignment"  # (whichever of its inputs: the page marks the assignment's field)
        raise
    return from_spec(spec, int(number) if number else None, "the assignment")


def _checked(name: str, raw: bytes, assignment: Any = None):  # type: ignore[no-untyped-def]
    from symle.checker import check_text, decoded
    from symle.checker.notebook import notebook_text

    text = decoded(raw, name)
    if name.lower().endswith(".ipynb"):
        text = notebook_text(text, name)
    return check_text(text, name, CHECK_SECONDS, assignment)


def check_output(name: str, raw: bytes, toml: str = "", problem: str = "") -> dict[str, Any]:
    """One homework's report (against the assignment `toml` and `problem` give, if any): each step's
    line, label, verdict, hint, note and expected answer."""
    report = _checked(name, raw, assignment_of(toml, problem))
    steps = [
        {
            "line": s.line,
            "label": s.label,
            "verdict": s.verdict,
            "hint": s.hint,
            "note": s.note,
            "expected": s.expected_text,
        }
        for s in report.steps
    ]
    return {"model": report.model, "steps": steps, "notes": list(report.notes), "ok": report.ok}


def gradebook_output(files: Sequence[tuple[str, bytes]], toml: str = "", problem: str = "") -> str:
    """A class's gradebook CSV: one row per file, a file that cannot be used a row with its error."""
    from symle.checker.gradebook import csv_text, row
    from symle.errors import SymleError

    assignment = assignment_of(toml, problem)
    rows = []
    for name, raw in files:
        try:
            result: Any = _checked(name, raw, assignment)
        except SymleError as exc:
            result = exc
        rows.append(row(Path(name), result))
    return csv_text(rows)


def worksheet_output(toml: str, solutions: bool, form: str) -> str | bytes:
    """The sheet (or key) of a worksheet spec given as TOML text, never read as a file's name: LaTeX,
    Markdown, or ("pdf") the LaTeX compiled (symle.worksheets.pdf: no shell escape, TeX kept in a
    temporary folder)."""
    from symle.worksheets import worksheet

    data = _toml(toml, "worksheet spec")
    if form == "pdf":
        from symle.worksheets.pdf import compile_pdf

        return compile_pdf(worksheet(data, solutions=solutions, format="latex"))
    return worksheet(data, solutions=solutions, format=form)


def _toml(text: str, what: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise WorksheetError(f"{what}: not valid TOML ({exc})") from None
