"""The Python API as a notebook shows it: a short summary, values in the page's notation."""

from __future__ import annotations

import sympy as sp

import symle


def test_a_derivation_prints_as_a_short_summary_of_its_estimators() -> None:
    d = symle.derive("exponential")
    for shown in (repr(d), str(d)):
        assert len(shown) < 400 and "λ̂ = 1/x̄" in shown and "d.to_text()" in shown
    gamma = repr(symle.derive("gamma"))
    assert "α̂: numeric" in gamma and "β̂ = nα/Σ x_i" in gamma


def test_values_print_in_the_notation_of_the_page() -> None:
    d = symle.derive("normal")
    familiar = d.estimators["sigma2"].familiar
    assert "SampleMean" not in sp.latex(familiar) and r"\bar{x}" in sp.latex(familiar)
    assert "SampleMean" not in familiar._repr_latex_()
    assert repr(d.estimators["mu"]) == "Estimator(μ̂ = x̄   (closed-form))"
    score = repr(d.score)
    assert "T1" not in score and "T2" not in score and "Σ x_i" in score
    assert r"\partial \ell" in d.score._repr_latex_() and "T1" not in d.score._repr_latex_()


def test_the_notebook_latex_is_display_mathematics_alone() -> None:
    shown = symle.derive("normal")._repr_latex_()
    assert shown.startswith("$$") and shown.endswith("$$")
    for command in (r"\subsection", r"\paragraph", r"\begin{align*}", r"\section"):
        assert command not in shown
    assert r"\hat{\mu} &= \bar{x}" in shown
