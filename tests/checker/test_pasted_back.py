"""The checker's own expected answers, pasted back, are correct (issue 23, class D): for every catalogue
family the likelihood, log-likelihood and score it prints, in plain text and in LaTeX, read back and judged
the same. And the conventions behind it: a power after Γ's bracketed argument raises the function
(Γ(α)ⁿ), and an unbracketed ∏ stops before trailing factors free of its index."""

from __future__ import annotations

import pytest
import sympy as sp
from test_notations import read

import symle
from symle.algebra.sample import n
from symle.checker import check_text
from symle.model.catalogue import FAMILIES

KNOWN = {"binomial": "m"}  # a family that needs a known value to be derived at all
QUICK = ("gamma", "beta", "binomial", "laplace", "weibull", "half-normal", "cauchy", "negative-binomial")
GAMMA = "model: gamma\nknown: alpha"


def _pasted_back(family: str) -> list[str]:
    header = f"model: {family}\n" + (f"known: {KNOWN[family]}\n" if family in KNOWN else "")
    options = {"known": {KNOWN[family]: 5}} if family in KNOWN else {}
    labels = ["likelihood", "loglik", *(f"score {p}" for p in symle.derive(family, **options).parameters)]
    printed = check_text(header + "".join(f"{label}: 1\n" for label in labels)).steps
    assert all(s.expected_text and s.expected for s in printed), family
    wrong = []
    for lines in ([f"{s.label}: {s.expected_text}" for s in printed], [f"{s.label}: ${s.expected}$" for s in printed]):
        back = check_text(header + "\n".join(lines) + "\n").steps
        wrong += [f"{line} -> {s.verdict}" for s, line in zip(back, lines, strict=True) if s.verdict != "correct"]
    return wrong


@pytest.mark.parametrize("family", QUICK)
def test_the_printed_answers_pasted_back_are_correct(family):
    assert _pasted_back(family) == []


@pytest.mark.slow
@pytest.mark.parametrize("family", sorted(set(FAMILIES) - set(QUICK)))
def test_every_family_printed_answers_pasted_back(family):
    assert _pasted_back(family) == []


A, B = sp.Symbol("alpha", positive=True), sp.Symbol("beta", positive=True)


@pytest.mark.parametrize(
    ("text", "power"),
    [
        (r"\Gamma(\alpha)^n", sp.gamma(A) ** n),
        ("Γ(α)^3", sp.gamma(A) ** 3),
        (r"\Gamma\left(\alpha\right)^{2}", sp.gamma(A) ** 2),
        # a logarithm takes the whole power, bracketed or not, as a likelihood's logarithm is written
        (r"\log (1+\beta)^{2}", sp.log((1 + B) ** 2)),
        (r"\log \beta^2", sp.log(B**2)),
        ("ψ(α)", sp.digamma(A)),
    ],
)
def test_a_power_after_the_argument_of_gamma_raises_the_function(text, power):
    assert read(GAMMA, "loglik", text).parts == (power,)


@pytest.mark.parametrize(
    "line",
    [
        r"likelihood: \frac{\beta^{n\alpha}}{\Gamma(\alpha)^n}\prod_{i=1}^n x_i^{\alpha-1}\, e^{-\beta\sum_{i} x_i}",
        "likelihood: β^(nα) ∏ xᵢ^(α−1) · e^(−β Σ xᵢ) / Γ(α)^n",
        r"likelihood: $\prod_{j} x_j^{\alpha-1} \cdot \exp(-\beta \sum_j x_j) \beta^{n\alpha}\Gamma(\alpha)^{-n}$",
        "likelihood: beta^(n*alpha) * prod(x_i^(alpha-1)) * exp(-beta*sum(x_i)) / gamma(alpha)^n",
        # the unsimplified product, every factor inside, stays correct
        r"likelihood: \prod_{i=1}^n \frac{\beta^\alpha}{\Gamma(\alpha)} x_i^{\alpha-1} e^{-\beta x_i}",
    ],
)
def test_a_gamma_likelihood_with_factors_taken_out_of_the_product(line):
    assert [s.verdict for s in check_text(f"{GAMMA}\n{line}\n").steps] == ["correct"]


def test_a_trailing_factor_that_carries_the_index_stays_inside():
    # e^{-β x_i} carries the index: it is part of the product, and the step is still correct
    line = r"likelihood: \frac{\beta^{n\alpha}}{\Gamma(\alpha)^n} \prod x_i^{\alpha-1} e^{-\beta x_i}"
    assert [s.verdict for s in check_text(f"{GAMMA}\n{line}\n").steps] == ["correct"]
    # a factor free of the index, outside: raised to n would be wrong, and is not read so
    wrong = r"likelihood: \prod x_i^{\alpha-1} e^{-\beta x_i} \beta^{\alpha}"
    assert [s.verdict for s in check_text(f"{GAMMA}\n{wrong}\n").steps] == ["incorrect"]
