"""Every name a parameter can have prints as LaTeX the documents' preamble defines: each Greek name
SymPy's printer knows (omicron has no \\omicron: it is o, as SymPy prints it), its capitals and
variants, names with digits, powers and subscripts; and a name that is not one (which the readers
refuse) still prints no TeX."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy as sp
from latex import compile_latex, requires_pdflatex
from sympy.printing.latex import greek_letters_set, modifier_dict, other_symbols, tex_greek_dictionary

from symle.algebra.names import GREEK, latex_name, latex_word, text_name
from symle.algebra.notation import Hat, named
from symle.algebra.printing import latex
from symle.render.prose import latex_text

SYMPY_NAMES = sorted({*greek_letters_set, *other_symbols, *tex_greek_dictionary, *GREEK})
NAMES = [
    *SYMPY_NAMES,
    *(f"{g}2" for g in SYMPY_NAMES),  # sigma2 is sigma squared
    *(f"{g}_1" for g in SYMPY_NAMES),
    *(f"x_{g}" for g in SYMPY_NAMES),
    *(f"x{m}" for m in modifier_dict),  # SymPy's xdot, xhat, xscr (\mathscr is not loaded): symle's own
    "xm",
    "varepsilon",
    "b_x1",
    "x0",
    "T1",
    "a" * 64,
]


def test_omicron_is_o() -> None:
    assert latex_name("omicron") == "o" and latex_name("omicron2") == "o_{2}"
    assert latex(Hat(sp.Symbol("omicron"))) == r"\hat{o}"
    assert text_name("omicron") == "ο"  # the Greek letter in text output


@pytest.mark.parametrize(("name", "printed"), [("sigma2", "σ²"), ("tau2", "τ²"), ("mu2", "μ₂"), ("theta2", "θ₂")])
def test_only_a_variance_letter_with_a_2_is_a_square(name: str, printed: str) -> None:
    """sigma2 is the variance σ², but mu2 beside mu1 is the second mean μ₂, not the square of μ."""
    assert text_name(name) == printed
    assert latex_name(name) == printed.replace("²", "^{2}").replace("₂", "_{2}").translate(_GREEK_TEX)


_GREEK_TEX = str.maketrans({"σ": "\\sigma", "τ": "\\tau", "μ": "\\mu", "θ": "\\theta"})


@pytest.mark.parametrize("name", ["x}\\input{S}", "a b", "%", "λ", "a$b", "^^5c"])
def test_a_name_that_is_not_one_prints_no_tex(name: str) -> None:
    for printed in (latex_name(name), latex_word(name), latex(sp.Symbol(name)), latex(named(name, True))):
        assert "\\input" not in printed and "^^" not in printed
        assert printed.isascii() and not set(printed) & set("$% #&~")


@pytest.mark.latex
@requires_pdflatex
def test_every_name_compiles_as_a_symbol_an_estimator_a_power_and_a_function(tmp_path: Path) -> None:
    rows = []
    for name in NAMES:
        s = sp.Symbol(name, positive=True)
        rows.append(" \\quad ".join((latex(s), latex(Hat(s)), latex(s**3), latex(named(name, True)))))
        rows.append(latex_text(f"the estimator of {text_name(name)} is {text_name(name)}̂"))
    body = "\n".join(f"${row}$\\par" if not row.startswith("the") else row + "\\par" for row in rows)
    source = "\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amsmath,amssymb}\n"
    result = compile_latex(source + "\\begin{document}\n" + body + "\n\\end{document}\n", tmp_path)
    assert result.errors == [] and result.ok
