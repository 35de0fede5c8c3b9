"""The homework checker on conditional models: `response:` and `covariates:` lines, covariate
observations in the reading layer, covariates drawn at the evaluation points, estimators written
with the other estimators' hats, and score equations of the numeric regressions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import sympy as sp

import symle
from symle.algebra.sample import i, n
from symle.checker import check_text
from symle.checker.compare import Probe
from symle.checker.hints import WRONG_PARAMETER
from symle.checker.homework import read_homework
from symle.checker.points import compile_expression, make_points
from symle.checker.reading import read_step
from symle.checker.vocabulary import vocabulary
from symle.errors import HomeworkError, ModelError
from symle.model.spec import ModelSpec

HOMEWORK = Path(__file__).parents[1] / "homework"
LINEAR = "model: linear-regression\nresponse: y\ncovariates: x\n"
LOGISTIC = "model: logistic-regression\nresponse: y\ncovariates: x\n"


def verdicts(text: str) -> list[tuple[str, str]]:
    return [(s.label, s.verdict) for s in check_text(text).steps]


def one(text: str):
    (step,) = check_text(text).steps
    return step


# ---------------------------------------------------------------------------------------------
# the model lines


def test_response_and_covariates_lines():
    homework = read_homework(LINEAR + "mle b0: ybar\n")
    assert homework.spec == ModelSpec.of("linear-regression", response="y", covariates="x")
    typed = read_homework(
        "density: exp(-(y - a - b*x)^2/(2*sigma2))/sqrt(2*pi*sigma2)\nresponse: y\ncovariates: x\n"
        "params: a, b, sigma2\nmle a: ybar\n"
    )
    assert typed.spec.response == "y" and typed.spec.covariates == ("x",) and typed.spec.var is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("model: linear-regression\nresponse: y\nvar: y\n", "either a `var:` line or a `response:` line"),
        ("model: linear-regression\ncovariates:\n", "the `covariates:` line is empty"),
    ],
)
def test_model_line_errors(text, message):
    with pytest.raises(HomeworkError, match=message):
        read_homework(text + "mle b0: ybar\n")


def test_covariates_on_an_unconditional_model_are_refused():
    with pytest.raises(ModelError, match="not a regression model"):
        check_text("model: normal\nresponse: y\ncovariates: x\nmle mu: ybar\n")


def test_the_catalogue_default_needs_no_response_line():
    assert verdicts("model: linear-regression\nmle b0: ybar - b1hat*xbar\n") == [("mle b0", "correct")]


# ---------------------------------------------------------------------------------------------
# reading: the response and the covariates


@pytest.fixture(scope="module")
def words():
    return vocabulary(symle.derive("linear-regression").model)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (r"\sum_{i=1}^n x_i y_i", sp.Sum(sp.IndexedBase("x")[i] * sp.IndexedBase("y")[i], (i, 1, n))),
        ("sum(x_i*y_i)", sp.Sum(sp.IndexedBase("x")[i] * sp.IndexedBase("y")[i], (i, 1, n))),
        (r"\bar{x}", sp.Sum(sp.IndexedBase("x")[i], (i, 1, n)) / n),
        (r"\overline{y}", sp.Sum(sp.IndexedBase("y")[i], (i, 1, n)) / n),
        ("ybar - xbar", (sp.Sum(sp.IndexedBase("y")[i], (i, 1, n)) - sp.Sum(sp.IndexedBase("x")[i], (i, 1, n))) / n),
        (
            r"\bar y \bar x",
            sp.Sum(sp.IndexedBase("y")[i], (i, 1, n)) * sp.Sum(sp.IndexedBase("x")[i], (i, 1, n)) / n**2,
        ),
    ],
)
def test_covariate_and_response_observations_are_read(words, text, expected):
    (value,) = read_step(text, "mle", words).parts
    names = {s.base.label.name for s in value.atoms(sp.Indexed)}
    assert names <= {"x", "y"}
    renamed = value.xreplace({s: sp.IndexedBase(s.base.label.name)[s.indices[0]] for s in value.atoms(sp.Indexed)})
    assert sp.simplify(renamed - expected) == 0


@pytest.mark.parametrize("text", [r"\hat{b}_1", r"\hat{b}_{1}", r"\hat b_1", r"\hat{b_1}", "b1hat", "hat(b1)"])
def test_a_coefficient_hat_reads_as_the_estimator(words, text):
    hats = {"b1": sp.Symbol("B1")}
    (value,) = read_step(text, "mle", words.with_hats(hats)).parts
    assert value == sp.Symbol("B1")


def test_an_unindexed_covariate_is_unreadable():
    step = one(LINEAR + r"mle b1: \frac{\sum x (y_i - \bar y)}{\sum (x_i - \bar x)^2}")
    assert step.verdict == "unreadable" and "the observation x needs an index" in step.note


# ---------------------------------------------------------------------------------------------
# the evaluation points


@pytest.mark.parametrize("name", ["linear-regression", "poisson-regression", "logistic-regression"])
def test_points_draw_covariates_and_responses_in_the_support(name):
    model = symle.derive(name).model
    points = make_points(model)
    assert all(  # the same points every run
        np.array_equal(a.data, b.data) and np.array_equal(a.covariates["x"], b.covariates["x"])
        for a, b in zip(points, make_points(model), strict=True)
    )
    for point in points:
        x = point.covariates["x"]
        assert x.shape == point.data.shape and len(np.unique(x)) == len(x)
        if name == "logistic-regression":
            assert set(point.data) == {0.0, 1.0}
            order = np.argsort(x)  # not separated: 1 at both ends of x, a 0 between
            assert point.data[order[0]] == point.data[order[-1]] == 1.0
        if name == "poisson-regression":
            assert np.all(point.data >= 0) and np.all(point.data == np.round(point.data))


def test_expressions_of_two_columns_evaluate():
    model = symle.derive("linear-regression").model
    point = make_points(model)[0]
    x, y = sp.IndexedBase("x", real=True), model.data
    expr = sp.Sum(x[i] * y[i], (i, 1, n)) / sp.Sum(x[i] ** 2, (i, 1, n))
    value = compile_expression(expr, "y", ("x",))(point)
    assert value == pytest.approx(point.data @ point.covariates["x"] / (point.covariates["x"] @ point.covariates["x"]))
    probe = Probe(make_points(model), "y", ("x",))
    assert np.all(np.isfinite(probe.values(expr)))


# ---------------------------------------------------------------------------------------------
# linear regression end to end


@pytest.mark.parametrize("name", ["linear-regression.txt", "linear-regression-plain.txt"])
def test_a_correct_linear_regression_derivation_passes(name):
    report = symle.check(HOMEWORK / name)
    assert report.ok, [(s.label, s.verdict, s.hint, s.note) for s in report.steps]
    labels = [s.label for s in report.steps]
    assert {"score b0", "score b1", "score sigma2", "mle b0", "mle b1", "mle sigma2"} <= set(labels)


def test_the_mistakes_are_found():
    report = symle.check(HOMEWORK / "mistakes" / "linear-regression.txt")
    found = {s.label: s for s in report.steps}
    assert [(s.label, s.verdict) for s in report.steps] == [
        ("loglik", "correct"),
        ("score b0", "correct"),
        ("score b1", "incorrect"),
        ("mle b1", "incorrect"),
        ("mle b0", "incorrect"),
        ("mle sigma2", "incorrect"),
    ]
    assert found["score b1"].hint is not None and "wrong parameter" in found["score b1"].hint
    assert r"\hat{b}_{1} \bar{x}" in found["mle b0"].expected  # the textbook form is shown
    assert found["mle b1"].expected_text.startswith("(Σ (x_i - x")  # a ratio of sums, each in parentheses


@pytest.mark.parametrize(
    "line",
    [
        r"mle b0: \hat{b}_0 = \bar{y} - \hat{b}_1 \bar{x}",
        r"mle b0: \frac{1}{n}\left(\sum_{i=1}^n y_i - \hat{b}_1 \sum_{i=1}^n x_i\right)",
        r"mle b_0: \bar y - \bar x \frac{\sum (x_i - \bar x)(y_i - \bar y)}{\sum (x_i - \bar x)^2}",
        "mle b0: (sum(y_i) - b1hat*sum(x_i))/n",
        "mle b0: b_0 = ybar - b1hat*xbar",
        r"mle sigma2: \frac{1}{n}\sum_{i=1}^n (y_i - \hat{b}_0 - \hat{b}_1 x_i)^2",
        r"mle sigma2: \frac{1}{n}\sum_{i=1}^n (y_i - \bar y - \hat b_1 (x_i - \bar x))^2",
        r"mle b1: \frac{\sum x_i y_i - n \bar x \bar y}{\sum x_i^2 - n \bar{x}^2}",
    ],
)
def test_estimators_in_terms_of_other_hats_are_accepted(line):
    step = one(LINEAR + line)
    assert step.verdict == "correct", (step.hint, step.note)


@pytest.mark.parametrize(
    "line",
    [
        r"mle b0: \bar{y} - b_1 \bar{x}",  # the parameter, not its estimate
        r"mle b0: \bar{y} + \hat{b}_1 \bar{x}",
        r"mle b0: \bar{x} - \hat{b}_1 \bar{y}",
        r"mle sigma2: \frac{1}{n-2}\sum_{i=1}^n (y_i - \hat{b}_0 - \hat{b}_1 x_i)^2",
        r"mle b1: \frac{\sum (x_i - \bar x)(y_i - \bar y)}{\sum (y_i - \bar y)^2}",
    ],
)
def test_wrong_estimators_are_incorrect(line):
    assert one(LINEAR + line).verdict == "incorrect"


def test_a_typed_conditional_density():
    text = (
        "density: exp(-(y - a - b*x)^2/(2*sigma2))/sqrt(2*pi*sigma2)\n"
        "response: y\ncovariates: x\nparams: a, b, sigma2\n"
        r"score a: \frac{1}{\sigma^2}\sum (y_i - a - b x_i) = 0" + "\n"
        r"mle b: \frac{\sum (x_i - \bar x)(y_i - \bar y)}{\sum (x_i - \bar x)^2}" + "\n"
        r"mle a: \hat{a} = \bar{y} - \hat{b}\bar{x}" + "\n"
        r"mle a: \bar{y} - \hat{b}\bar{y}" + "\n"
    )
    assert verdicts(text) == [
        ("score a", "correct"),
        ("mle b", "correct"),
        ("mle a", "correct"),
        ("mle a", "incorrect"),
    ]


# ---------------------------------------------------------------------------------------------
# logistic and Poisson regression: score equations, checked at the fitted maximum


def test_a_correct_logistic_regression_homework_passes():
    report = symle.check(HOMEWORK / "logistic-regression.txt")
    assert report.ok, [(s.label, s.verdict, s.hint, s.note) for s in report.steps]
    assert [s.label for s in report.steps] == ["likelihood", "loglik", "score b0", "score b1"]


@pytest.mark.parametrize(
    "line",
    [
        r"score b0: \sum_{i=1}^n y_i = \sum_{i=1}^n \frac{e^{b_0 + b_1 x_i}}{1 + e^{b_0 + b_1 x_i}}",
        "score b0: sum(y_i - 1/(1 + exp(-(b0 + b1*x_i)))) = 0",
        r"score b1: \sum_{i=1}^n x_i \left(y_i - \frac{1}{1 + e^{-b_0 - b_1 x_i}}\right) = 0",
        r"score b1: \sum x_i y_i - \sum \frac{x_i}{1 + e^{-(b_0 + b_1 x_i)}}",
    ],
)
def test_logistic_score_equations_are_accepted(line):
    step = one(LOGISTIC + line)
    assert step.verdict == "correct", (step.hint, step.note)


def test_logistic_score_mistakes_are_incorrect():
    poisson_like = one(LOGISTIC + "score b0: sum(y_i - exp(b0 + b1*x_i)) = 0")
    assert poisson_like.verdict == "incorrect" and poisson_like.note is None  # decided, not undecided
    swapped = one(LOGISTIC + "score b1: sum(y_i - 1/(1 + exp(-(b0 + b1*x_i)))) = 0")
    assert swapped.verdict == "incorrect" and swapped.hint.startswith(WRONG_PARAMETER.split(":")[0])
    no_closed_form = one(LOGISTIC + "mle b0: log(ybar/(1 - ybar))")
    assert no_closed_form.verdict == "unreadable" and "no closed-form estimator" in no_closed_form.note


def test_poisson_regression_scores():
    poisson = "model: poisson-regression\nresponse: y\ncovariates: x\n"
    assert one(poisson + r"score b1: \sum x_i (y_i - e^{b_0 + b_1 x_i}) = 0").verdict == "correct"
    assert one(poisson + "score b0: sum(y_i) = sum(exp(b0 + b1*x_i))").verdict == "correct"
    assert one(poisson + "score b1: sum(x_i*(y_i - exp(b0 + b1*x_i))) = 1").verdict == "incorrect"
    assert one(poisson + "score b0: sum(y_i - exp(b0)) = 0").verdict == "incorrect"
