"""Build the example worksheet: the exercise sheet and its answer key, as LaTeX (and PDF) and Markdown.

usage: python examples/build_worksheet.py [OUTDIR]   (default: ./worksheet; PDFs when pdflatex is installed)
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from symle.worksheets.problems import write_worksheet

SPEC = Path(__file__).resolve().parent / "worksheet.toml"


def main(outdir: str = "worksheet") -> None:
    folder = Path(outdir)
    folder.mkdir(parents=True, exist_ok=True)
    pdf = shutil.which("pdflatex") is not None
    for name, solutions in (("sheet", False), ("key", True)):
        write_worksheet(SPEC, folder / f"{name}.md", solutions=solutions, format="markdown")
        built = write_worksheet(SPEC, folder / f"{name}.tex", solutions=solutions, format="latex", pdf=pdf)
        print(f"wrote {folder / name}.tex, {folder / name}.md" + (f" and {built}" if built else ""))


if __name__ == "__main__":
    main(*sys.argv[1:2])
