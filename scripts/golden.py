#!/usr/bin/env python3
"""The golden documents (tests/render/golden/) and their gallery of pages (docs/gallery/).

    python scripts/golden.py                     # which goldens differ from today's output, with diffs
    python scripts/golden.py --update            # rewrite the golden .tex files from today's output
    python scripts/golden.py --gallery           # compile the goldens whose pages are out of date, to PNG
    python scripts/golden.py --update --gallery  # both: what to run, then review, after a change
    python scripts/golden.py normal weibull ...  # only these goldens

--gallery needs pdflatex (or latexmk) and pdftocairo (Debian: poppler-utils). It redraws only the
goldens whose text changed since the gallery was made (docs/gallery/sources.sha256); --all redraws
every one. The PNGs are derived images committed on purpose, as documentation; the PDFs are not kept.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import golden_documents as golden  # noqa: E402  (tests/golden_documents.py, shared with the tests)

DPI = 90
MAX_GALLERY_BYTES = 3_000_000

INTRO = """\
<!-- Written by `python scripts/golden.py --gallery`: edit INTRO in scripts/golden.py, not this file. -->

# Gallery: the golden documents, page by page

Each page below is a golden document of the tests (`tests/render/golden/<name>.tex`, exactly what
the command under its heading prints), compiled with pdflatex as a standalone document (the
template `symle derive --standalone` uses) and drawn at {dpi} dpi in grey by
`python scripts/golden.py --gallery`. The PNGs are derived images, committed on purpose so that the
pages can be read and reviewed here (issue 13); the PDFs are not committed.

**Review.** A change to the rendered LaTeX fails `tests/render/test_golden.py` with a diff until
someone runs `python scripts/golden.py --update --gallery`, looks at the changed pages here (`git
status docs/gallery` lists them) and commits the `.tex` and `.png` files together. The test also
compares `sources.sha256` with the goldens, so a golden updated without its pages fails as well.

**Pages beyond the goldens, read as a lecturer would.** The goldens are not the only pages that must be
true. In each round a reader who had not written the code chose models before running symle (typed
textbook densities, families with options no golden uses, worksheet keys), wrote down the answers,
then compiled every page, looked at it and graded it: A, hand out as is; B, a minor edit; C, real
editing; F, unusable or false. No estimator, information, variance or bias was wrong in rounds 4 to 6;
the grades are decided by wording and printed forms, and in round 6 by a log of a negative number.

| round (main at) | documents | A | B | C | F |
|---|---|---|---|---|---|
| 2 (before issue 20's work) | 17 | 3 | 7 | 2 | 5 |
| 4 (8c3a650) | 31 | 19 | 10 | 1 | 1 |
| 5 (c0750b7), the same 31 and 3 new models | 34 | 29 | 4 | 1 | 0 |
| 6 (15e02be), the same 34 | 34 | 34 | 0 | 0 | 0 |
| 6 (15e02be), 3 new models chosen before running | 3 | 0 | 2 | 1 | 0 |

What round 6's new models asked for: θ + 2(1 − θ)x on (0, 1) printed its information with logarithms
of negative numbers on 0 < θ < 2, log(−θ) − log(θ − 2) for log(θ/(2 − θ)) (C); the log-series page
did not show that its score equation has one root (its mean increases in θ), and the Gumbel
location's information sentence was abstract (B).
"""


def check(names: list[str], update: bool) -> int:
    """Render each golden; report (or, with update, rewrite) those that differ. The count that differ."""
    golden.GOLDEN.mkdir(parents=True, exist_ok=True)
    changed = 0
    for name in names:
        now = golden.render(name)
        diff = golden.difference(name, now)
        if not diff:
            print(f"same     {name}")
            continue
        changed += 1
        if update:
            golden.golden_path(name).write_text(now, encoding="utf-8")
            print(f"updated  {golden.golden_path(name).relative_to(ROOT)}")
        else:
            print(f"differs  {name}\n{diff}")
    stale = sorted(p for p in golden.GOLDEN.glob("*.tex") if p.stem not in golden.CASES)
    for path in stale:
        print(f"no case  {path.relative_to(ROOT)}: remove it, or add it to tests/golden_documents.py")
    return changed


def pages(name: str) -> list[Path]:
    """The gallery's PNG pages of a golden, in page order."""
    found = golden.GALLERY.glob(f"{name}-*.png")
    return sorted((p for p in found if p.stem[len(name) + 1 :].isdigit()), key=lambda p: int(p.stem[len(name) + 1 :]))


def draw(name: str) -> list[Path]:
    """Compile the golden as a standalone document and write its pages as docs/gallery/<name>-<k>.png."""
    from symle.worksheets.pdf import compile_pdf

    source = golden.standalone(golden.golden_path(name).read_text(encoding="utf-8"))
    pdf = compile_pdf(source)
    with tempfile.TemporaryDirectory(prefix="symle-gallery-") as folder:
        work = Path(folder)
        (work / "doc.pdf").write_bytes(pdf)
        subprocess.run(["pdftocairo", "-png", "-gray", "-r", str(DPI), "doc.pdf", "page"], cwd=work, check=True)
        drawn = sorted(work.glob("page-*.png"), key=lambda p: int(p.stem.split("-")[1]))
        for old in pages(name):
            old.unlink()
        written = []
        for k, png in enumerate(drawn, start=1):
            target = golden.GALLERY / f"{name}-{k}.png"
            shutil.move(png, target)
            written.append(target)
    return written


def gallery(names: list[str], redraw_all: bool) -> None:
    if shutil.which("pdftocairo") is None:
        sys.exit("golden.py: --gallery needs pdftocairo (Debian: apt-get install poppler-utils)")
    golden.GALLERY.mkdir(parents=True, exist_ok=True)
    recorded = golden.recorded_sources()
    for name in names:
        path = golden.golden_path(name)
        key = golden.key(name)
        if not path.is_file():
            print(f"missing  {key}: run with --update first")
            continue
        if not redraw_all and recorded.get(key) == golden.sha256(path) and pages(name):
            print(f"current  {name}")
            continue
        drawn = draw(name)
        recorded[key] = golden.sha256(path)
        print(f"drawn    {name}: " + ", ".join(f"{p.name} ({p.stat().st_size // 1024} KiB)" for p in drawn))
    # pages of goldens that are no longer cases
    for png in golden.GALLERY.glob("*.png"):
        if not any(png in pages(name) for name in golden.CASES):
            png.unlink()
            print(f"removed  {png.relative_to(ROOT)}")
    keep = {golden.key(n) for n in golden.CASES}
    lines = [f"{digest}  {key}\n" for key, digest in sorted(recorded.items()) if key in keep]
    golden.SOURCES.write_text("".join(lines), encoding="utf-8")
    write_readme()
    total = sum(p.stat().st_size for p in golden.GALLERY.glob("*.png"))
    print(f"gallery: {len(list(golden.GALLERY.glob('*.png')))} pages, {total / 1e6:.2f} MB")
    if total > MAX_GALLERY_BYTES:
        print(f"warning: the gallery is over {MAX_GALLERY_BYTES / 1e6:g} MB; lower DPI in scripts/golden.py")


def write_readme() -> None:
    parts = [INTRO.format(dpi=DPI), "\n## Pages\n\n"]
    for name in golden.CASES:
        links = ", ".join(f"[page {k}]({png.name})" for k, png in enumerate(pages(name), start=1))
        parts.append(f"- [{name}](#{name}): {links}\n")
    for name in golden.CASES:
        parts.append(f"\n## {name}\n\n`{golden.shown(name)}`\n")
        parts.extend(f"\n![{name}, page {k}]({png.name})\n" for k, png in enumerate(pages(name), start=1))
    (golden.GALLERY / "README.md").write_text("".join(parts), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help=f"goldens to process (default all: {', '.join(golden.CASES)})")
    parser.add_argument("--update", action="store_true", help="rewrite the golden .tex files from today's output")
    parser.add_argument("--gallery", action="store_true", help="draw the goldens' pages to docs/gallery/*.png")
    parser.add_argument("--all", action="store_true", help="with --gallery: redraw every page, changed or not")
    args = parser.parse_args()
    unknown = [n for n in args.names if n not in golden.CASES]
    if unknown:
        parser.error(f"no golden named {', '.join(unknown)}; the goldens: {', '.join(golden.CASES)}")
    names = args.names or list(golden.CASES)
    changed = 0
    if args.update or not args.gallery:
        changed = check(names, update=args.update)
    if args.gallery:
        gallery(names, redraw_all=args.all)
    # a plain check exits 1 when a golden differs, like the test
    return 1 if changed and not args.update and not args.gallery else 0


if __name__ == "__main__":
    sys.exit(main())
