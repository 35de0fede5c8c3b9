"""Worksheets on restricted parameter spaces: the TOML's params take intervals as the command line
does; the statement names the space, the key answers the MLE part with the projection and its
argument, and the sheet compiles."""

from __future__ import annotations

import pytest
from latex import compile_latex, requires_pdflatex

import symle
from symle.errors import WorksheetError

SPEC = {
    "title": "Restricted spaces",
    "problem": [
        {"density": "theta^x*(1-theta)^(1-x)", "params": ["theta:[0,1/2]"], "support": "x in {0, 1}"},
        {"density": "exp(-(x-mu)^2/2)/sqrt(2*pi)", "params": ["mu:>=0"]},
    ],
}


def test_the_key_states_the_space_and_answers_with_the_projection() -> None:
    key = symle.worksheet(SPEC, solutions=True, format="markdown")
    assert r"with unknown $\theta$, where $0 \le \theta \le 1/2$" in key
    assert r"with unknown $\mu$, where $\mu \ge 0$" in key
    mle = key.split("**(d)**")[1].split("**(e)**")[0]
    assert "*Restricted parameter space.*" in mle and r"\min\left(\bar{x}, \frac{1}{2}\right)" in mle
    sheet = symle.worksheet(SPEC, solutions=False, format="markdown")
    assert r"\min" not in sheet and "Restricted parameter space" not in sheet  # the sheet holds no answer


def test_a_bad_interval_in_the_spec_names_the_problem() -> None:
    bad = {"title": "t", "problem": [{**SPEC["problem"][0], "params": ["theta:[1,1/2]"]}]}
    with pytest.raises(WorksheetError, match="empty"):
        symle.worksheet(bad, solutions=True)


@requires_pdflatex
def test_the_restricted_key_compiles(tmp_path) -> None:
    result = compile_latex(symle.worksheet(SPEC, solutions=True), tmp_path)
    assert result.ok, result.errors[:3]
