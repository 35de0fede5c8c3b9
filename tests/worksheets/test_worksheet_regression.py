"""Worksheets for conditional models: regression problems from the catalogue or typed, the
statement says y given x and shows f(y | x), the parts follow from the model, LaTeX compiles."""

from __future__ import annotations

import functools
import re

import pytest
from latex import compile_latex, requires_pdflatex
from test_worksheet import SHEETS, SOME, problems, sheet

import symle
from symle.errors import WorksheetError
from symle.model.catalogue import FAMILIES
from symle.model.spec import ModelSpec
from symle.worksheets.spec import ProblemSpec, read_spec

REGRESSIONS = ["linear-regression", "regression-through-origin", "poisson-regression", "logistic-regression"]
TYPED = {
    "density": "exp(-(y - a - b*x)^2/(2*sigma2))/sqrt(2*pi*sigma2)",
    "response": "y",
    "covariates": ["x"],
    "params": ["a", "b", "sigma2"],
}
SPEC = {
    "title": "Regression",
    "problem": [
        *({"model": name} for name in REGRESSIONS),
        {"model": "linear-regression", "response": "y", "covariates": "x1, x2"},
        TYPED,
    ],
}


@functools.cache
def regression_sheet(solutions: bool, format: str = "latex") -> str:
    return symle.worksheet(SPEC, solutions=solutions, format=format)


def parts(problem: str) -> list[str]:
    return problem.split(r"\item ")[1:]


# ---------------------------------------------------------------------------------------------
# the spec


def test_the_spec_reads_response_and_covariates():
    spec = read_spec(SPEC)
    assert spec.problems[0] == ProblemSpec(ModelSpec("linear-regression"))
    assert spec.problems[4].model.response == "y" and spec.problems[4].model.covariates == ("x1", "x2")
    typed = spec.problems[5].model
    assert typed.params == ("a", "b", "sigma2") and typed.var is None
    assert typed.response == "y" and typed.covariates == ("x",)


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        ({"model": "linear-regression", "response": 1}, "response must be a string"),
        ({"model": "linear-regression", "covariates": 3}, "covariates must be a list of strings"),
        ({**TYPED, "var": "y"}, "var or response"),
    ],
)
def test_spec_errors(problem, message):
    with pytest.raises(WorksheetError, match=re.escape(message)):
        read_spec({"problem": [problem]})


def test_a_covariate_on_an_unconditional_family_is_refused():
    with pytest.raises(WorksheetError, match=r"problem 1 \(normal\).*not a regression model"):
        symle.worksheet({"problem": [{"model": "normal", "covariates": ["x"]}]})


# ---------------------------------------------------------------------------------------------
# statement, model and parts


def test_the_statement_says_y_given_x_and_shows_the_conditional_density():
    for problem in problems(regression_sheet(False)):
        statement = problem.split(r"\begin{enumerate}")[0]
        assert "conditional model" in statement
        assert r"f(y \mid x" in statement
        assert "$y_{i}$" in statement
    linear = problems(regression_sheet(False))[0]
    assert r"Let $(x_{1}, y_{1}), \dots , (x_{n}, y_{n})$ be $n$ observed pairs" in linear
    assert "Gaussian linear regression" in linear
    assert r"f(y \mid x; b_{0}, b_{1}, \sigma^{2})" in linear
    logistic = problems(regression_sheet(False))[3]
    assert "probability mass function" in logistic and r"y \in \{0, 1\}" in logistic


def test_several_covariates_show_the_density_and_the_matrix_form():
    matrix = problems(regression_sheet(True))[4]
    assert r"f(y \mid x_{1}, x_{2}; b_{0}, b_{x_{1}}, b_{x_{2}}, \sigma^{2})" in matrix
    assert r"y &= X \beta + \varepsilon" in matrix
    assert "with unknown $\\beta$ and $\\sigma^{2}$" in matrix
    likelihood, *_ = parts(matrix)
    assert "Not applicable" not in likelihood and r"{x_{1}}_{i}" in likelihood  # no double subscript
    assert r"\hat{\beta} &= (X^{T} X)^{-1} X^{T} y" in matrix


def test_parts_follow_from_the_model():
    linear, origin, poisson, logistic, matrix, typed = (
        [re.match(r"[A-Z][a-z]+ [a-z-]+", p).group() for p in parts(problem)]
        for problem in problems(regression_sheet(False))
    )
    closed = ["Write down", "Find the", "Find the", "Find the", "Show that"]
    information = ["Compute the", "Give the"]
    # every regression has its information given the covariates: the typed one, whose Hessian holds the
    # response, through each response's E[yᵢ | xᵢ] and E[yᵢ² | xᵢ] from its score identity
    assert linear == origin == poisson == logistic == typed == [*closed, *information]
    assert matrix == closed
    assert "Where there is no closed form" in problems(regression_sheet(False))[3]


def test_the_key_gives_the_textbook_estimators():
    linear, origin, _, logistic, _, typed = problems(regression_sheet(True))
    assert r"\hat{b}_{0} &= \bar{y} - \hat{b}_{1} \bar{x}" in linear
    assert r"\hat{b}_{1} &= \frac{\sum_{i=1}^{n} (x_{i} - \bar{x}) (y_{i} - \bar{y})}" in linear
    assert r"\hat{b} &= \frac{\sum_{i=1}^{n} x_{i} y_{i}}{\sum_{i=1}^{n} x_{i}^{2}}" in origin
    assert "iteratively reweighted least squares" in logistic
    assert r"\mathcal{I}(b_{0}, b_{1})" in logistic
    assert r"\hat{a} &= \bar{y} - \hat{b} \bar{x}" in typed


def test_the_exercise_sheet_holds_no_answer_and_numbers_parts_like_the_key():
    exercise, key = problems(regression_sheet(False)), problems(regression_sheet(True))
    for a, b in zip(exercise, key, strict=True):
        assert re.findall(r"\\item (.*)", a) == re.findall(r"\\item (.*)", b)
        for mark in (r"\hat", r"\bar{x}", r"\mathcal{I}", "Setting the score to zero"):
            assert mark not in a


def test_markdown():
    text = regression_sheet(True, "markdown")
    assert r"Let $(x_{1}, y_{1}), \dots , (x_{n}, y_{n})$ be $n$ observed pairs" in text
    assert r"f(y \mid x; b_{0}, b_{1})" in text


@pytest.mark.parametrize("names", SHEETS, ids=lambda names: "some" if names == SOME else "every")
def test_the_every_family_worksheet_holds_the_regressions(names):
    assert set(REGRESSIONS) <= set(FAMILIES)
    held = [name for name in REGRESSIONS if name in names]
    assert held
    text = sheet(True, names=names)
    for name in held:
        assert f"({name})\n" in text


# ---------------------------------------------------------------------------------------------
# LaTeX that compiles, and lines that fit


@requires_pdflatex
@pytest.mark.latex
@pytest.mark.parametrize("solutions", [False, True])
def test_regression_worksheets_compile_without_overfull_lines(tmp_path, solutions):
    result = compile_latex(regression_sheet(solutions), tmp_path)
    assert result.ok, result.errors[:3]
    assert [w for w in result.overfull if w > 10] == []
