"""Prose to LaTeX and Markdown: a Prose sentence sets its math by symle's printer; a plain str has
its Unicode mathematics found, and a bar | is never left in roman type (OT1 prints it as an em dash)."""

from __future__ import annotations

import pickle

import pytest
import sympy as sp

from symle.render.prose import latex_text, markdown_text
from symle.stages.step import Prose, chain, formula, listed, prose
from symle.worker import dumps, loads


@pytest.mark.parametrize(
    ("unicode", "expected"),
    [
        ("through Σ|xᵢ − μ|, which", r"through $\sum |x_{i} - \mu|$, which"),
        ("it holds |x − μ|)", r"it holds $|x - \mu|$)"),
        ("a | b", r"a $|$ b"),
    ],
)
def test_a_bar_is_never_roman(unicode, expected):
    assert latex_text(unicode) == expected


def test_prose_sets_its_math_by_the_printer():
    sentence = prose("with unknown ", sp.Symbol("a"), " and ", sp.Symbol("lambda"), ".")
    assert isinstance(sentence, Prose)
    assert sentence == "with unknown a and λ."
    assert latex_text(sentence) == r"with unknown $a$ and $\lambda$."
    assert markdown_text(sentence) == r"with unknown $a$ and $\lambda$."
    assert latex_text(prose("minus ", formula("Σ|xᵢ − μ|"))) == r"minus $\sum |x_{i} - \mu|$"


def test_prose_is_its_plain_text_and_keeps_its_parts_through_pickling():
    a, b = sp.symbols("a b", positive=True)
    sentence = prose("with unknown ", listed([a, b]), "; ", chain(a, b, relations=("<=",)), ".")
    assert sentence == "with unknown a and b; a ≤ b."
    for copy in (pickle.loads(pickle.dumps(sentence)), loads(dumps(sentence))):
        assert isinstance(copy, Prose)
        assert latex_text(copy) == r"with unknown $a$ and $b$; $a \le b$."
    assert latex_text(sentence + " More.") == r"with unknown $a$ and $b$; $a \le b$. More."
    assert prose("the function ", a).capitalised() == "The function a"


def test_a_subscripted_name_subscripted_again_is_braced():
    assert latex_text(prose("the pairs ", formula("(x₁₁, y₁), …, (x₁ₙ, yₙ)"))) == (
        r"the pairs $({x_{1}}_{1}, y_{1}), \dots , ({x_{1}}_{n}, y_{n})$"
    )


def test_two_formulas_side_by_side_stay_two():
    a, b = sp.symbols("a b")
    assert latex_text(prose(a, b)) == "$a${}$b$"
    assert markdown_text(prose(a, b)) == "$a$ $b$"


def test_an_option_keeps_its_two_hyphens():
    assert latex_text("skipped (--no-normalise-check)") == "skipped (-{}-no-normalise-check)"
