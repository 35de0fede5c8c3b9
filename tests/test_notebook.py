"""The example notebook runs under Jupyter's own machinery (nbclient through nbconvert) and its HTML
shows the page's notation: no LaTeX document commands, no internal names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "examples" / "notebook.ipynb"


@pytest.fixture(scope="module")
def executed() -> tuple[object, str]:
    """The notebook run and exported (nbformat and nbconvert imported here: collecting the file, which
    every pytest-xdist worker does, loads neither)."""
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("nbconvert")
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import ExecutePreprocessor

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    ExecutePreprocessor(timeout=300, kernel_name="python3").preprocess(
        notebook, {"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    html, _ = HTMLExporter().from_notebook_node(notebook)
    return notebook, html


def _outputs(notebook: object) -> list[dict]:
    return [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]  # type: ignore[attr-defined]


def test_every_cell_runs_without_an_error(executed: tuple[object, str]) -> None:
    notebook, _ = executed
    assert not [o for o in _outputs(notebook) if o.get("output_type") == "error"]


def test_the_html_holds_no_document_latex_and_no_internal_name(executed: tuple[object, str]) -> None:
    _, html = executed
    for leaked in (r"\subsection", r"\section", r"\paragraph", "SampleMean", "operatorname{Mean}", "Mean(x)"):
        assert leaked not in html, leaked
    assert not re.search(r"\bT\d\b", html), "a statistic's internal symbol reached the page"


def test_the_displays_are_the_pages_notation(executed: tuple[object, str]) -> None:
    notebook, _ = executed
    outputs = _outputs(notebook)
    markdown = [o["data"]["text/markdown"] for o in outputs if "text/markdown" in o.get("data", {})]
    assert markdown and "## Maximum likelihood for the normal distribution" in markdown[0]
    latex = "".join(o["data"]["text/latex"] for o in outputs if "text/latex" in o.get("data", {}))
    assert r"\bar{x}" in latex and r"\hat{\mu}" in latex and r"\partial \ell" in latex
    printed = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "μ̂ = x̄" in printed and len(printed) < 600  # the summary, not a dataclass dump
    fitted = [o["data"]["text/plain"] for o in outputs if "text/plain" in o.get("data", {})][-1]
    assert "'estimates'" in fitted and "alpha" in fitted
