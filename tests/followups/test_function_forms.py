"""A function of an estimator, substituted, is printed in a familiar form: a reciprocal of a reciprocal
cancels (2^{Σ log xᵢ/n}, not 2^{-1/(-n/Σ log xᵢ)}), while a square root of a mean stays whole. Models
beyond the golden pages."""

from __future__ import annotations

import sympy as sp

import symle
from symle.algebra import notation as N
from symle.algebra.sample import n


def _result_row(d: symle.Derivation, name: str) -> sp.Expr:
    result = d.steps[-1]
    row = next(e for e in result.equations if isinstance(e.parts[0], N.Named) and str(e.parts[0].args[0]) == name)
    return row.parts[-1]


def _nested_reciprocals(expr: sp.Expr) -> list[sp.Expr]:
    """Reciprocals whose base holds another reciprocal: 1/(n/S)."""
    return [p for p in expr.atoms(sp.Pow) if p.exp.is_negative and any(q.exp.is_negative for q in p.base.atoms(sp.Pow))]


def test_the_median_of_a_power_density_is_two_to_the_mean_log() -> None:
    d = symle.derive(
        "theta*x^(theta-1)", params="theta", support="0 < x < 1", functions=("median=2^(-1/theta)",), timeout=60
    )
    shown = _result_row(d, "median")
    assert not _nested_reciprocals(shown), shown
    (total,) = shown.atoms(sp.Sum)
    assert sp.srepr(shown) == sp.srepr(2 ** (total / n))
    assert "median̂ = 2^(Σ log(x_i)/n)" in d.to_text()
    assert r"2^{\sum_{i=1}^{n} \log x_{i}/n}" in d.to_latex()


def test_a_square_root_of_a_mean_stays_whole() -> None:
    d = symle.derive("normal", functions=("sd=sqrt(sigma2)",), timeout=60)
    text = d.to_text()
    assert "sd̂ = sqrt(Σ (x_i - x̄)²/n)" in text
