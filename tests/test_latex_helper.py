"""The pdflatex test helper: good documents compile, broken ones report errors, overfull is measured."""

import pytest
from latex import compile_latex, requires_pdflatex

pytestmark = [pytest.mark.latex, requires_pdflatex]

PREAMBLE = "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n"


def test_equation_compiles(tmp_path):
    source = PREAMBLE + "\\begin{equation}\n\\hat\\lambda = \\frac{1}{\\bar x}\n\\end{equation}\n\\end{document}\n"
    result = compile_latex(source, tmp_path)
    assert result.ok, result.errors
    assert result.errors == []
    assert result.overfull == []
    assert result.pdf == tmp_path / "doc.pdf"
    assert result.pdf.read_bytes().startswith(b"%PDF")


def test_broken_document_reports_error_with_context(tmp_path):
    source = PREAMBLE + "Some text.\n\\nosuchcommand\n\\end{document}\n"
    result = compile_latex(source, tmp_path)
    assert not result.ok
    assert result.pdf is None
    assert len(result.errors) == 1
    assert result.errors[0].startswith("! Undefined control sequence.")
    assert "l.5 \\nosuchcommand" in result.errors[0]


def test_overfull_line_is_measured(tmp_path):
    source = PREAMBLE + "\\noindent\\rule{\\textwidth}{1pt}\\rule{20pt}{1pt}\n\\end{document}\n"
    result = compile_latex(source, tmp_path)
    assert result.ok, result.errors
    assert result.overfull == [pytest.approx(20.0, abs=0.01)]


def test_rerun_when_log_asks(tmp_path):
    source = PREAMBLE + "See equation~\\eqref{e}.\n\\begin{equation}x=1\\label{e}\\end{equation}\n\\end{document}\n"
    result = compile_latex(source, tmp_path)
    assert result.ok, result.errors
    assert "Rerun to get" not in result.log  # the second run resolved the reference
