"""Printed forms a textbook would choose: no second form of an estimator that only spreads a constant
inside a sum (nr/Σ(r + xᵢ) beside r/(r + x̄)), the reciprocal of a mean as one sum (n/Σ(1/xᵢ − 1/x̄)).
Models that are not golden pages."""

from __future__ import annotations

import pytest
import sympy as sp

import symle
from symle.algebra import sample
from symle.algebra.printing import text
from symle.stages.familiar import familiar


@pytest.mark.parametrize(
    ("model", "keywords", "familiar"),
    [
        ("negative-binomial", {"known": ["r"]}, "p̂ = r/(r + x̄)"),
        ("p*(1-p)^x", {"params": "p", "support": "x in {0, 1, ...}"}, "p̂ = 1/(x̄ + 1)"),
    ],
)
def test_an_estimator_is_not_repeated_with_a_constant_inside_a_sum(model: str, keywords: dict, familiar: str) -> None:
    text = symle.derive(model, timeout=60, **keywords).to_text()
    line = next(row.strip() for row in text.splitlines() if row.strip().startswith(familiar))
    assert line == familiar, line
    assert "Σ (r + x_i)" not in text and "Σ (x_i + 1)" not in text


def test_the_reciprocal_of_a_mean_of_single_terms_is_written_as_one_sum() -> None:
    # n Σxᵢ/(Σxᵢ Σ(1/xᵢ) − n²), equal to the inverse Gaussian's λ̂ but in a shape no page prints
    i, n = sample.i, sample.n
    x = sp.IndexedBase("x", positive=True)
    total, reciprocals = sp.Sum(x[i], (i, 1, n)), sp.Sum(1 / x[i], (i, 1, n))
    shown = familiar(n * total / (total * reciprocals - n**2))
    assert text(shown) == "n/Σ (1/x_i - 1/x̄)"


def test_a_rewriting_that_reads_longer_is_not_chosen() -> None:
    # the normal's precision τ: n/Σ(xᵢ − x̄)², never n/Σ(xᵢ² − x̄²), which has more operations
    page = symle.derive("sqrt(tau/(2*pi))*exp(-tau*(x-mu)^2/2)", params="mu,tau", timeout=60).to_text()
    assert "τ̂ = n/Σ (x_i - x̄)²\n" in page
