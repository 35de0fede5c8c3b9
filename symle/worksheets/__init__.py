"""Worksheets: exercise sheets and their answer keys from one TOML spec, in LaTeX or Markdown (and PDF)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from symle.echo import shown
from symle.errors import WorksheetError, named
from symle.outputs import write_files
from symle.render.formats import WORKSHEET_FORMATS
from symle.worksheets.pdf import compile_pdf, engine_available
from symle.worksheets.problems import build_problems
from symle.worksheets.render import render_worksheet
from symle.worksheets.spec import WorksheetSpec, read_spec


def worksheet(
    spec_or_path: str | Path | Mapping[str, Any] | WorksheetSpec,
    solutions: bool = False,
    format: str = "latex",
    progress: Callable[[str], None] | None = None,
) -> str:
    """The exercise sheet (or with solutions=True the answer key) as LaTeX or Markdown; `progress`
    hears what is being done (the command line shows it on a terminal)."""
    if format not in WORKSHEET_FORMATS:
        raise WorksheetError(f"format {format!r}: use {' or '.join(WORKSHEET_FORMATS)}")
    spec = read_spec(spec_or_path)
    return render_worksheet(spec, build_problems(spec, progress), solutions=solutions, format=format)


def write_worksheet(
    spec_path: str | Path | WorksheetSpec,
    output: str | Path,
    *,
    solutions: bool = False,
    format: str = "latex",
    pdf: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Path | None:
    """Write the sheet to `output`; with pdf, build its PDF next to it. Returns the PDF's path."""
    if pdf and format != "latex":
        raise WorksheetError(f"{named('pdf')} needs {named('format')} latex")
    if pdf:
        engine_available()
    target = Path(output)
    if pdf and target.suffix.lower() == ".pdf":
        raise WorksheetError(f"{shown(target)}: the LaTeX goes to -o and its PDF beside it; give a .tex name")
    source = worksheet(spec_path, solutions=solutions, format=format, progress=progress)
    if not pdf:
        write_files({target: source})
        return None
    # both or neither: a LaTeX error leaves the old .tex and its PDF as they were
    document = target.with_suffix(".pdf")
    if progress is not None:
        progress("compiling the PDF")
    write_files({target: source, document: compile_pdf(source)})
    return document
