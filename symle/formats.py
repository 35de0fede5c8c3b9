"""Which format a command writes: `--format` when given, else the one the `-o` file's extension names
(.tex, .md, .json, .pdf), else LaTeX for `--standalone`, else text; and a terminal line saying what a
long command is doing."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import PurePath
from typing import TextIO

from symle.echo import shown
from symle.errors import ParseError

SUFFIXES = {
    ".tex": "latex",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}
NAMES = {"latex": "LaTeX", "markdown": "Markdown", "json": "JSON", "text": "text", "html": "HTML", "pdf": "a PDF"}


def chosen_format(given: str | None, output: str | None, choices: Sequence[str], standalone: bool = False) -> str:
    """The format to write, one of `choices` ("pdf" among them when the command compiles LaTeX). An
    explicit --format wins over the extension, except that a .pdf is only ever a compiled LaTeX
    document; --standalone implies LaTeX and applies to nothing else; else the first choice."""
    implied = SUFFIXES.get(PurePath(output).suffix.lower()) if output else None
    if implied == "pdf" and "pdf" in choices:
        if given not in (None, "latex"):
            raise ParseError(f"-o {shown(output)}: a PDF is compiled from LaTeX, not {NAMES[given]}; drop --format")
        return "pdf"
    if implied == "pdf":
        raise ParseError(f"-o {shown(output)}: this command does not write a PDF (formats: {', '.join(choices)})")
    if given is None:
        given = implied if implied in choices else "latex" if standalone else choices[0]
    if standalone and given != "latex":
        raise ParseError(f"--standalone makes a whole LaTeX document: it does not apply to {NAMES[given]}")
    return given


def terminal() -> TextIO | None:
    """The real standard error when it is a terminal, else None: the command line's supervised
    child captures sys.stderr for its one-line messages, but progress belongs on the terminal."""
    stream = sys.__stderr__
    try:
        return stream if stream is not None and stream.isatty() else None
    except (AttributeError, ValueError):
        return None


def terminal_progress(command: str) -> Callable[[str], None] | None:
    """A function that shows `symle COMMAND: what it is doing` on the terminal's standard error,
    each line replacing the last; None when standard error is not a terminal (a log or a pipe)."""
    stream = terminal()
    if stream is None:
        return None

    def say(what: str) -> None:
        stream.write(f"\r\x1b[Ksymle {command}: {what} …")
        stream.flush()

    return say
