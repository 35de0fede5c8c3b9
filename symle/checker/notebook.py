"""A Jupyter notebook as homework: its Markdown cells, in order, as one text (read as JSON, never run)."""

from __future__ import annotations

import json

from symle.errors import HomeworkError


def notebook_text(text: str, name: str) -> str:
    """The Markdown cells' text joined by blank lines; the report's line numbers count the lines of
    that text. Code cells are left out: a derivation is written in Markdown, and code is not read."""
    try:
        notebook = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise HomeworkError(f"{name} is not a Jupyter notebook (its JSON cannot be read)") from None
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        raise HomeworkError(f"{name} is not a Jupyter notebook (it has no list of cells)")
    parts = []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        lines = source if isinstance(source, list) else [source]
        parts.append("".join(line for line in lines if isinstance(line, str)).rstrip("\n"))
    return "\n\n".join(parts) + "\n"
