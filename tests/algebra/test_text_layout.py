"""The plain text's products and powers as a textbook writes them (symle.algebra.text_layout)."""

from __future__ import annotations

import pytest
import sympy as sp

from symle.algebra.printing import text
from symle.algebra.sample import i, n
from symle.algebra.text_layout import juxtaposed

x = sp.IndexedBase("x")


@pytest.mark.parametrize(
    ("printed", "shown"),
    [
        ("2*π*σ²", "2πσ²"),
        ("k*n", "kn"),
        ("k²*n/λ²", "k²n/λ²"),
        ("n*log(λ)", "n log(λ)"),
        ("β^α*x^(α - 1)", "β^α x^(α - 1)"),  # not β^(αx)
        ("k*Σ x_i", "k Σ x_i"),
        ("n*ψ'(α)", "n ψ'(α)"),
        ("rate*n", "rate n"),
        ("λ*x_i", "λ x_i"),
        ("2*(x + 1)", "2(x + 1)"),
        ("(k - 1)*(x + 1)", "(k - 1)(x + 1)"),
        ("2*3", "2·3"),
    ],
)
def test_products_by_juxtaposition(printed: str, shown: str) -> None:
    assert juxtaposed(printed) == shown


def test_powers_and_logs_as_a_textbook_prints_them() -> None:
    sigma2, lam = sp.Symbol("sigma2", positive=True), sp.Symbol("lambda", positive=True)
    assert text(sigma2**2) == "σ⁴" and text(1 / sigma2**3) == "1/σ⁶"
    assert text(lam**2 * n) == "nλ²"
    assert text(sp.Sum(sp.log(x[i]), (i, 1, n))) == "Σ log x_i"
    assert text(sp.log(lam) / n) == "log(λ)/n"  # never log λ/n, which reads log(λ/n)
    assert text(sp.Sum(x[i] ** lam * sp.log(x[i]), (i, 1, n))) == "Σ x_i^λ log x_i"
    assert text(sp.EulerGamma) == "γ"
    assert text(lam ** sp.Sum(x[i], (i, 1, n))) == "λ^(Σ x_i)"  # never λ^Σ x_i, which runs on
