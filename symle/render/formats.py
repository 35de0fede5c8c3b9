"""The one registry of output formats: a format's name, what it is, its file suffix and media type, the
template that lays a derivation out and the form its equations take there. The command line's
--format, `symle.derive(...).to_*`, worksheets and `symle serve` all read it. Importing it loads
nothing heavy (no SymPy, no Jinja2): the command line builds its options from it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """An output format. `equations` is the form a template shows equations in ("rows": LaTeX align
    rows, "inline": Markdown $$ blocks, "plain": text, "html": MathML with its LaTeX source); `prose` the
    Jinja2 filter that sets a sentence; `template` lays out a derivation (None: not a template's, JSON)."""

    name: str
    description: str
    suffix: str
    media_type: str
    template: str | None
    equations: str | None
    prose: str | None
    worksheet: str | None = None  # the worksheet template, for formats a worksheet is written in


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("text", "plain text for a terminal", ".txt", "text/plain", "derivation.txt.j2", "plain", None),
        Format(
            "latex",
            "LaTeX to paste into notes",
            ".tex",
            "application/x-tex",
            "derivation.tex.j2",
            "rows",
            "latex_text",
            "worksheet.tex.j2",
        ),
        Format(
            "markdown",
            "Markdown with $ math",
            ".md",
            "text/markdown",
            "derivation.md.j2",
            "inline",
            "markdown_text",
            "worksheet.md.j2",
        ),
        Format("json", "every value, for programs", ".json", "application/json", None, None, None),
        Format(
            "html",
            "an HTML fragment, MathML with its LaTeX",
            ".html",
            "text/html",
            "derivation.html.j2",
            "html",
            "html_text",
        ),
    )
}
DERIVATION_FORMATS = ("text", "latex", "markdown", "json", "html")
WORKSHEET_FORMATS = tuple(name for name, f in FORMATS.items() if f.worksheet is not None)


def describe(names: tuple[str, ...]) -> str:
    """The formats' help line for --format: `name: what it is; ...`."""
    return "; ".join(f"{name}: {FORMATS[name].description}" for name in names)
