"""Write the exponential and normal derivations as Markdown and LaTeX lecture notes.

usage: python examples/notes.py [OUTDIR]   (default: ./notes)
"""

from __future__ import annotations

import sys
from pathlib import Path

import symle


def main(outdir: str = "notes") -> None:
    folder = Path(outdir)
    folder.mkdir(parents=True, exist_ok=True)
    for family in ("exponential", "normal"):
        derivation = symle.derive(family)
        (folder / f"{family}.md").write_text(derivation.to_markdown(), encoding="utf-8")
        (folder / f"{family}.tex").write_text(derivation.to_latex(standalone=True), encoding="utf-8")
        print(f"wrote {folder / family}.md and {folder / family}.tex")


if __name__ == "__main__":
    main(*sys.argv[1:2])
