"""The rendered derivations: LaTeX that pdflatex compiles (fragment and standalone, every family)
with no line too wide for the page, with the textbook's key equations in it; Markdown with
display-math blocks; plain text with x̄."""

from __future__ import annotations

import functools
import re

import pytest
from latex import LatexResult, compile_latex, requires_pdflatex
from sweeps import sweep

import symle
from symle.model.catalogue import FAMILIES

KNOWN = {"binomial": {"m": 10}}

WRAPPER = (
    "\\documentclass[11pt]{article}\n"
    "\\usepackage[utf8]{inputenc}\n"
    "\\usepackage{amsmath,amssymb}\n"
    "\\begin{document}\n"
    "%s\n"
    "\\end{document}\n"
)

EXPONENTIAL_KEY = [r"\hat{\lambda} &= \frac{1}{\bar{x}}"]
NORMAL_KEY = [
    r"\hat{\mu} &= \bar{x}",
    r"\hat{\sigma}^{2} &= \frac{1}{n} \sum_{i=1}^{n} (x_{i} - \bar{x})^{2}",
]
KEY = {"exponential": EXPONENTIAL_KEY, "normal": NORMAL_KEY}


@functools.cache
def derivation(name: str) -> symle.Derivation:
    return symle.derive(name, known=KNOWN.get(name))


def _environments_balanced(source: str) -> None:
    begins = re.findall(r"\\begin\{(\w+\*?)\}", source)
    ends = re.findall(r"\\end\{(\w+\*?)\}", source)
    assert sorted(begins) == sorted(ends)


# ---------------------------------------------------------------------------------------------
# what is emitted (no pdflatex needed)


@pytest.mark.parametrize("name", ["exponential", "normal"])
def test_fragment_has_the_key_equations(name):
    fragment = derivation(name).to_latex()
    for equation in KEY[name]:
        assert equation in fragment
    assert "\\documentclass" not in fragment
    assert "\\begin{document}" not in fragment
    _environments_balanced(fragment)


@pytest.mark.parametrize("name", ["exponential", "normal"])
def test_standalone_wraps_the_fragment(name):
    d = derivation(name)
    standalone = d.to_latex(standalone=True)
    assert standalone.lstrip().startswith("\\documentclass")
    assert standalone.rstrip().endswith("\\end{document}")
    assert "\\usepackage{amsmath" in standalone
    assert d.to_latex() in standalone
    for equation in KEY[name]:
        assert equation in standalone


def test_normal_mu_estimator_is_written_out_as_a_sum_too():
    assert r"&= \frac{1}{n} \sum_{i=1}^{n} x_{i}" in derivation("normal").to_latex()


def test_exponential_result_is_the_last_equation():
    fragment = derivation("exponential").to_latex()
    last = fragment.rstrip().split("\\begin{align*}")[-1]
    assert EXPONENTIAL_KEY[0] in last


@pytest.mark.parametrize("name", sweep(FAMILIES))
def test_every_fragment_is_balanced_and_has_no_raw_unicode_maths(name):
    fragment = derivation(name).to_latex()
    _environments_balanced(fragment)
    # Greek letters, sums, bars and hats must reach LaTeX as commands, not as Unicode characters
    assert not re.search("[\u0370-\u03ff\u0304\u0302Σ∂ℓ≤≥−∈²ᵢₙ]", fragment), name


@pytest.mark.parametrize("name", ["exponential", "normal"])
def test_markdown_has_display_math_blocks(name):
    markdown = derivation(name).to_markdown()
    lines = markdown.splitlines()
    fences = [k for k, line in enumerate(lines) if line.strip() == "$$"]
    assert fences and len(fences) % 2 == 0
    blocks = ["\n".join(lines[a + 1 : b]) for a, b in zip(fences[::2], fences[1::2], strict=True)]
    assert all(block.strip() for block in blocks)
    # the estimator appears inside a $$ block, as an equation; a long chain is an aligned block, never
    # a numbered or starred align environment
    hat = r"\hat{\lambda} = \frac{1}{\bar{x}}" if name == "exponential" else r"\hat{\mu} = \bar{x}"
    assert any(hat in block for block in blocks)
    assert not any(("&=" in block) != block.startswith("\\begin{aligned}") for block in blocks)
    assert not any("\\begin{align}" in block or "\\begin{align*}" in block for block in blocks)


@pytest.mark.parametrize("name", ["exponential", "normal", "inverse-gaussian"])
def test_text_output_uses_x_bar(name):
    out = derivation(name).to_text()
    assert "x\u0304" in out  # x̄: x with a combining macron
    assert "\\" not in out  # no LaTeX commands leak into plain text


def test_text_output_of_normal_reads_as_a_textbook():
    out = derivation("normal").to_text()
    assert "μ̂ = x̄" in out
    assert "σ̂² = Σ (x_i - x̄)²/n" in out
    # the LaTeX document's display forms and conventions: σ⁴ for (σ²)², (2πσ²)^(-1/2) exp(...)
    assert "f(x; μ, σ²) = (2πσ²)^(-1/2) exp(-(x - μ)²/(2σ²))" in out
    assert "n/(2σ⁴)" in out and "(σ²)" not in out and "*" not in out


# ---------------------------------------------------------------------------------------------
# pdflatex


def _assert_compiles(source: str, workdir) -> LatexResult:
    result = compile_latex(source, workdir)
    assert result.errors == []
    assert result.ok
    assert result.pdf is not None and result.pdf.read_bytes().startswith(b"%PDF")
    return result


def _assert_fits_the_page(source: str, workdir) -> None:
    """Compiles, and no line is more than 10pt too wide."""
    wide = [w for w in _assert_compiles(source, workdir).overfull if w > 10]
    assert wide == [], wide


@pytest.mark.latex
@requires_pdflatex
@pytest.mark.parametrize("name", ["exponential", "normal"])
def test_fragment_compiles_in_a_minimal_document(name, tmp_path):
    _assert_compiles(WRAPPER % derivation(name).to_latex(), tmp_path)


@pytest.mark.latex
@requires_pdflatex
@pytest.mark.parametrize("name", sweep(FAMILIES))
def test_standalone_compiles_and_fits_the_page(name, tmp_path):
    source = derivation(name).to_latex(standalone=True)
    for equation in KEY.get(name, []):
        assert equation in source
    _assert_fits_the_page(source, tmp_path)


@pytest.mark.latex
@requires_pdflatex
def test_several_covariates_standalone_compiles_and_fits_the_page(tmp_path):
    _assert_fits_the_page(symle.derive("linear-regression", covariates="x1,x2,x3").to_latex(standalone=True), tmp_path)


@pytest.mark.latex
@requires_pdflatex
def test_typed_density_standalone_compiles(tmp_path):
    typed = symle.derive("lambda*exp(-lambda*x)", var="x", params="lambda", support="x > 0")
    source = typed.to_latex(standalone=True)
    assert EXPONENTIAL_KEY[0] in source
    _assert_compiles(source, tmp_path)


@pytest.mark.latex
@requires_pdflatex
@pytest.mark.parametrize("name, known", [("normal", ["mu"]), ("weibull", {"k": 2}), ("gamma", {"alpha": 2})])
def test_known_parameter_standalone_compiles(name, known, tmp_path):
    _assert_compiles(symle.derive(name, known=known).to_latex(standalone=True), tmp_path)
