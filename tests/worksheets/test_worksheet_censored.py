"""Worksheets on censored lifetimes: `censored = true` derives the problem with right censoring (indicator
δ), the sheet states how the data are censored, the information part asks for the observed information,
and the key compiles."""

from __future__ import annotations

import functools

import pytest
from latex import compile_latex, requires_pdflatex

import symle
from symle.errors import WorksheetError

SPEC = {"title": "Lifetimes", "timeout": 60, "problem": [{"model": "exponential", "censored": True}]}


@functools.cache
def censored_sheet(solutions: bool, format: str = "latex") -> str:
    return symle.worksheet(SPEC, solutions=solutions, format=format)


def test_the_sheet_states_the_censoring_and_asks_for_the_observed_information() -> None:
    sheet = censored_sheet(False, "markdown")
    assert r"$(t_{1}, \delta_{1}), \dots , (t_{n}, \delta_{n})$" in sheet and "right-censored" in sheet
    assert "known only to exceed" in sheet and r"S(t; \lambda) = e^{- \lambda t}" in sheet
    assert "observed information" in sheet and "Fisher information not used" in sheet
    assert "bias" not in sheet.lower() and "Cramér" not in sheet  # no part the censored page does not answer


def test_the_key_answers_with_failures_over_the_time_on_test() -> None:
    key = censored_sheet(True, "markdown")
    assert r"\hat{\lambda} = \frac{\sum_{i=1}^{n} \delta_{i}}{\sum_{i=1}^{n} t_{i}}" in key
    assert (
        r"J(\hat{\lambda}) &= \frac{\sum_{i=1}^{n} \delta_{i}}{\hat{\lambda}^{2}}" in key
    )  # (aligned: = the data form)


@requires_pdflatex
def test_the_censored_key_compiles(tmp_path) -> None:
    result = compile_latex(censored_sheet(True), tmp_path)
    assert result.ok, result.errors


@pytest.mark.parametrize(
    ("problem", "words"),
    [
        ({"model": "exponential", "censored": "yes"}, "censored must be true or false"),
        ({"model": "linear-regression", "censored": True}, "no response or covariates"),
    ],
)
def test_a_bad_censored_key_is_one_line(problem: dict, words: str) -> None:
    bad = dict(problem)
    if bad["model"] == "linear-regression":
        bad["covariates"] = ["x"]
    with pytest.raises(WorksheetError, match=words) as caught:
        symle.worksheet({"title": "t", "problem": [bad]})
    assert "\n" not in str(caught.value)
