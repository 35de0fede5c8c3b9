"""Identification: a Hessian singular for all data and parameters is refused; its determinant is
taken in plain Python (deriving loads no NumPy), as NumPy takes it."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from symle.budget import Budget
from symle.stages.score import determinant, unidentified


def test_the_determinant_is_numpys() -> None:
    rng = np.random.default_rng(3)
    for size in (1, 2, 3, 4):
        for _ in range(50):
            matrix = rng.normal(size=(size, size)) + 1j * rng.normal(size=(size, size))
            assert determinant(matrix.tolist()) == pytest.approx(np.linalg.det(matrix), rel=1e-12, abs=1e-12)
    singular = [[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [0.5, 1.0, 7.0]]
    assert abs(determinant(singular)) < 1e-12
    assert determinant([[0.0, 1.0], [1.0, 0.0]]) == -1


def test_structural_singularity_is_found_and_a_regular_hessian_passes() -> None:
    a, b, s = sp.symbols("a b S", positive=True)
    n = sp.Symbol("n", integer=True, positive=True)
    assert unidentified(sp.hessian(-n * (a + b) ** 2 + 2 * (a + b) * s, (a, b)), Budget(30))  # a + b
    assert unidentified(n * sp.Matrix([[b**2, a * b], [a * b, a**2]]), Budget(30))  # a b: its information
    assert not unidentified(sp.hessian(-n * a**2 - n * b**4 + a * s + b * s, (a, b)), Budget(30))
    assert not unidentified(n * sp.Matrix([[b**2, a * b], [a * b, 2 * a**2]]), Budget(30))
