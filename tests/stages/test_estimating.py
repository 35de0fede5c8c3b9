"""The estimating equations of estimators without a closed form, as a textbook writes them: the
forms of the issue's examples exactly, and for every family the same roots as the score (the written
equation holds at symle's own fit: tests/stages/test_sentences.py, claim textbook-form)."""

from __future__ import annotations

import pytest
import sympy as sp

import symle
from symle.algebra.printing import text
from symle.stages.estimating import estimating_equation, residual_form

EXPECTED = {
    ("gamma", "alpha"): "log α - ψ(α) = log x̄ - Σ log(x_i)/n",
    ("beta", "a"): "ψ(a) - ψ(a + b) = Σ log(x_i)/n",
    ("beta", "b"): "ψ(b) - ψ(a + b) = Σ log(1 - x_i)/n",
    ("weibull", "k"): "1/k + Σ log(x_i)/n - (Σ x_i^k log(x_i))/(Σ x_i^k) = 0",
    ("gumbel", "beta"): "β = x̄ - (Σ x_i e^(-x_i/β))/(Σ e^(-x_i/β))",
    ("cauchy", "gamma"): "Σ ((x_i - x₀)²/(γ² + (x_i - x₀)²)) = n/2",
}


def _written(family: str, parameter: str) -> str:
    d = symle.derive(family, timeout=60)
    (step,) = [s for s in d.steps if s.kind == "numeric" and s.parameter == parameter]
    lhs, rhs = step.equations[-1].parts
    return f"{text(lhs)} = {text(rhs)}"


def _terms(side: str) -> list[str]:
    """The signed terms of one side at the top level of parentheses, in any order (the printers
    order terms; the form is what is tested)."""
    terms, depth, current = [], 0, "+"
    for k, char in enumerate(side):
        depth += char in "(" and 1 or char in ")" and -1 or 0
        if depth == 0 and char in "+-" and k and side[k - 1] == " ":
            terms.append(current.strip())
            current = char
        else:
            current += char
    terms.append(current.strip())
    return sorted(t.replace(" ", "").replace("+-", "-") for t in terms)


@pytest.mark.parametrize(("family", "parameter"), EXPECTED)
def test_the_equation_left_is_the_textbooks(family: str, parameter: str) -> None:
    written = _written(family, parameter).split(" = ")
    expected = EXPECTED[family, parameter].split(" = ")
    assert [_terms(side) for side in written] == [_terms(side) for side in expected], written


def test_a_number_multiplying_the_whole_equation_is_divided_out() -> None:
    x0, g = sp.symbols("x0 gamma", real=True)
    x = sp.IndexedBase("x")
    i, n = sp.symbols("i n", integer=True, positive=True)
    lhs, rhs = estimating_equation(-2 * sp.Sum((x0 - x[i]) / (g**2 + (x[i] - x0) ** 2), (i, 1, n)), {x0})
    assert rhs == 0 and sp.Add.make_args(lhs)[0].as_coeff_Mul()[0] in (1, -1)


@pytest.mark.parametrize("family", ["logistic-regression", "poisson-regression"])
def test_a_canonical_regressions_score_is_a_sum_of_weighted_residuals(family: str) -> None:
    """Σ (yᵢ − mᵢ) wᵢ with the same mean mᵢ for both parameters, weights 1 and xᵢ."""
    d = symle.derive(family, timeout=60)
    forms = {s.name: residual_form(score, d.model.data) for s, score in d.solved.scores.items()}
    assert all(f is not None for f in forms.values())
    (weight0, mean0), (weight1, mean1) = forms["b0"], forms["b1"]
    assert weight0 == 1 and {str(ix.base) for ix in weight1.atoms(sp.Indexed)} == {"x"}
    assert sp.simplify(mean0 - mean1) == 0


def test_a_score_with_a_response_not_linear_in_it_has_no_residual_form() -> None:
    d = symle.derive("linear-regression", timeout=60)
    sigma2 = d.model.parameter("sigma2").symbol
    assert residual_form(d.solved.scores[sigma2], d.model.data) is None
