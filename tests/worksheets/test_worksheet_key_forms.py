"""A key as a lecturer would hand it out: a regression's statement shows the density as its derivation
prints it (1/√(2πσ²) or (2πσ²)^(-1/2), never √2/(2√π√σ²)); each part answers its own question only
(the estimators part holds no function of them, which a later part asks for); the notes repeat no
answer. Models beyond the example worksheet and the golden pages."""

from __future__ import annotations

import re

import sympy as sp

import symle
from symle.budget import Budget
from symle.followups.forms import tidy

POWER = {"density": "theta*x^(theta - 1)", "var": "x", "params": ["theta"], "support": "0 < x < 1"}


def _problem(key: str, number: int) -> str:
    return re.split(r"\\section\*\{Problem \d+\}", key)[number]


def _items(problem: str) -> list[str]:
    return problem.split(r"\item ")[1:]


def test_a_typed_regression_statement_prints_the_density_as_its_derivation_does() -> None:
    density = "exp(-(y - b*t)^2/(2*s2))/sqrt(2*pi*s2)"
    spec = {"problem": [{"density": density, "response": "y", "covariates": ["t"], "params": ["b", "s2"]}]}
    statement = _problem(symle.worksheet(spec), 1).split(r"\item")[0]
    assert r"\sqrt{2}" not in statement and r"\sqrt{\pi}" not in statement, statement
    assert r"(2 \pi s_{2})^{-1/2}" in statement or r"\sqrt{2 \pi s_{2}}" in statement, statement


def test_the_estimators_part_leaves_the_functions_to_their_own_part() -> None:
    spec = {"problem": [{**POWER, "functions": {"median": "2^(-1/theta)", "mean": "theta/(theta + 1)"}}]}
    items = _items(_problem(symle.worksheet(spec, solutions=True), 1))
    mle = next(i for i in items if i.startswith("Find the maximum-likelihood estimator"))
    assert r"\widehat{\mathrm{m" not in mle and "by invariance" not in mle, mle
    for name in ("median", "mean"):
        own = next(
            i
            for i in items
            if i.startswith(rf"Find the maximum-likelihood estimator of the function $\mathrm{{{name}}}")
        )
        assert rf"\widehat{{\mathrm{{{name}}}}}" in own


def test_the_notes_repeat_no_answer_on_the_sheet_and_keep_one_that_is_not() -> None:
    typed = {"density": "lambda*exp(-lambda*(x - theta))", "var": "x", "params": ["theta", "lambda"]}
    typed["support"] = "x > theta"
    answered = symle.worksheet({"problem": [typed]}, solutions=True)
    assert r"\textit{Notes.}" not in answered and "does not exist in the regular sense" in answered
    unasked = symle.worksheet({"problem": [{**typed, "ask": ["likelihood", "mle"]}]}, solutions=True)
    notes = unasked.split(r"\textit{Notes.}")[1]
    assert "does not exist in the regular sense" in notes


def test_a_product_of_exponentials_is_one_exponential() -> None:
    mu, s2 = sp.symbols("mu sigma2", positive=True)
    d = symle.derive("lognormal", timeout=60)
    joined = tidy(s2 * sp.exp(2 * mu) * sp.exp(s2) / 2, d.information.regular, Budget(5))
    assert sum(isinstance(f, sp.exp) for f in sp.Mul.make_args(joined)) == 1, joined
    d = symle.derive("lognormal", functions=("var=exp(2*mu + sigma2)*(exp(sigma2) - 1)", "m=exp(mu)"), timeout=60)
    for f in d.functions:
        for product in f.variance.atoms(sp.Mul):
            assert sum(isinstance(g, sp.exp) for g in product.args) <= 1, f.variance
