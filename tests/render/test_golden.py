"""The golden documents (issue 13): each is exactly what `symle derive ... --format latex` prints,
kept in tests/render/golden/ after a review of its pages in docs/gallery/. A change to the output
fails here with a diff until the golden and its pages are updated (`python scripts/golden.py
--update --gallery`), looked at, and committed.

The default run renders every golden in this process (10 s for the fourteen), compiles each with
pdflatex (3.4 s) and checks the gallery's record; the slow run renders four in fresh processes under
two other hash seeds (21 s)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import golden_documents as golden
import pytest
from latex import compile_latex, requires_pdflatex

NAMES = list(golden.CASES)
MAX_GALLERY_BYTES = 3_000_000


@pytest.mark.parametrize("name", NAMES)
def test_output_is_the_golden_document(name: str) -> None:
    diff = golden.difference(name, golden.render(name))
    if diff:
        message = f"`{golden.shown(name)}` differs from its golden file:\n{diff}\n{golden.UPDATE_HINT}"
        pytest.fail(message, pytrace=False)


def test_every_catalogue_family_has_a_golden() -> None:
    from symle.model.catalogue import FAMILIES

    assert set(golden.FAMILY_ORDER) == set(FAMILIES)


def test_every_golden_file_is_a_case() -> None:
    files = {p.stem for p in golden.GOLDEN.glob("*")}
    assert files == set(NAMES), "golden files without a case in tests/golden_documents.py, or cases without a file"


def test_the_gallery_shows_the_goldens_as_they_are() -> None:
    """docs/gallery/ was drawn from today's goldens: a golden updated without redrawing its pages
    (which are what a reviewer looks at) fails here."""
    recorded = golden.recorded_sources()
    stale = [name for name in NAMES if recorded.get(golden.key(name)) != golden.sha256(golden.golden_path(name))]
    assert stale == [], (
        f"the gallery's pages of {stale} were drawn from older goldens: run `python scripts/golden.py --gallery`, "
        "look at the changed pages in docs/gallery/ and commit them with the .tex files"
    )


def test_the_gallery_page_links_every_page_and_nothing_else() -> None:
    readme = (golden.GALLERY / "README.md").read_text(encoding="utf-8")
    linked = re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", readme)
    pngs = sorted(p.name for p in golden.GALLERY.glob("*.png"))
    assert sorted(linked) == pngs
    for name in NAMES:
        assert f"{name}-1.png" in pngs, name
    total = sum(p.stat().st_size for p in golden.GALLERY.glob("*.png"))
    assert total < MAX_GALLERY_BYTES, f"the gallery's PNGs take {total} bytes"


def test_the_readme_links_the_gallery() -> None:
    assert "docs/gallery/README.md" in (golden.ROOT / "README.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# pdflatex on every golden (0.25 s each: 3.4 s for the fourteen); slow: fresh interpreters


@pytest.mark.latex
@requires_pdflatex
@pytest.mark.parametrize("name", NAMES)
def test_golden_compiles_as_a_standalone_document_and_fits_the_page(name: str, tmp_path) -> None:
    result = compile_latex(golden.standalone(golden.golden_path(name).read_text(encoding="utf-8")), tmp_path)
    assert result.errors == []
    assert result.ok and result.pdf is not None
    wide = [w for w in result.overfull if w > 10]
    assert wide == [], wide


@pytest.mark.slow
@pytest.mark.parametrize("seed", ["1", "2718281"])
@pytest.mark.parametrize("name", ["normal", "weibull", "logistic-regression", "typed-power"])
def test_a_fresh_process_prints_the_golden_under_any_hash_seed(name: str, seed: str) -> None:
    """Byte-identical output across processes: set and dict orders, Dummy numbering and string
    hashes must not reach the page."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    env["PYTHONPATH"] = str(golden.ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    done = subprocess.run(
        [sys.executable, "-m", "symle", *golden.command(name)],
        capture_output=True,
        text=True,
        cwd=golden.ROOT,
        env=env,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    diff = golden.difference(name, done.stdout)
    assert diff == "", f"PYTHONHASHSEED={seed}:\n{diff}"
