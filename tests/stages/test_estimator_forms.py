"""Printed forms a textbook would choose: no second form of an estimator that only spreads a constant
inside a sum (nr/Σ(r + xᵢ) beside r/(r + x̄)). Models that are not golden pages."""

from __future__ import annotations

import pytest

import symle
from symle.render.derivation import render_text


@pytest.mark.parametrize(
    ("model", "keywords", "familiar"),
    [
        ("negative-binomial", {"known": ["r"]}, "p̂ = r/(r + x̄)"),
        ("p*(1-p)^x", {"params": "p", "support": "x in {0, 1, ...}"}, "p̂ = 1/(x̄ + 1)"),
    ],
)
def test_an_estimator_is_not_repeated_with_a_constant_inside_a_sum(model: str, keywords: dict, familiar: str) -> None:
    text = render_text(symle.derive(model, timeout=60, **keywords))
    line = next(row.strip() for row in text.splitlines() if row.strip().startswith(familiar))
    assert line == familiar, line
    assert "Σ (r + x_i)" not in text and "Σ (x_i + 1)" not in text
