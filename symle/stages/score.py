"""The score stage: the derivatives of the log-likelihood, the Hessian built once for every later use."""

from __future__ import annotations

import cmath
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

import sympy as sp

from symle.algebra.printing import display_rows, latex, text
from symle.algebra.sums import hide_sums, tidy_sums
from symle.budget import Budget
from symle.errors import BudgetExceeded
from symle.model.model import Parameter
from symle.stages.likelihood import Likelihood

DIFFERENTIATE_SECONDS = 2.0


def score_of(loglik: sp.Expr, symbol: sp.Symbol) -> sp.Expr:
    """The derivative of the log-likelihood in one parameter, with constants pulled out of sums."""
    return tidy_sums(derivative(loglik, symbol))


def derivative(expr: sp.Expr, symbol: sp.Symbol) -> sp.Expr:
    """d/dθ with the sign of a nonzero parameter written out: d log|s|/ds = sign(s)/|s| is 1/s."""
    value = sp.diff(expr, symbol)
    if not value.has(sp.sign):
        return value
    return value.replace(
        lambda e: isinstance(e, sp.sign) and e.args[0].is_nonzero, lambda e: e.args[0] / abs(e.args[0])
    )


def derivatives(expr: sp.Expr, symbols: Sequence[sp.Symbol]) -> tuple[tuple[sp.Expr, ...], sp.Matrix]:
    """The gradient and the Hessian of an expression: the one place symle differentiates twice
    (the log-likelihood here, the profile log-likelihood of the numeric problem)."""
    gradient = tuple(derivative(expr, s) for s in symbols)
    hessian = sp.Matrix(len(symbols), len(symbols), lambda r, c: derivative(gradient[r], symbols[c]))
    return gradient, hessian


@dataclass(frozen=True)
class Score:
    """The gradient and Hessian of the reduced log-likelihood (statistics as symbols, inseparable
    sums kept) in every parameter; None when differentiating ran out of the budget. The second-order
    check, the information and the standard errors all read this one Hessian."""

    parameters: tuple[Parameter, ...]
    gradient: tuple[sp.Expr, ...] | None
    hessian: sp.Matrix | None
    sums: tuple[tuple[sp.Symbol, sp.Expr], ...] = ()  # each statistic symbol and the sum it stands for

    @property
    def shown(self) -> tuple[sp.Expr, ...] | None:
        """The gradient as the page writes it: the statistics as their sums over the data."""
        back = dict(self.sums)
        return None if self.gradient is None else tuple(g.xreplace(back) for g in self.gradient)

    def __repr__(self) -> str:
        names = ", ".join(p.name for p in self.parameters)
        if self.shown is None:
            return f"Score({names}: not derived within the time budget)"
        parts = "; ".join(f"d/d{p.name} = {text(g)}" for p, g in zip(self.parameters, self.shown, strict=True))
        return f"Score({parts})"

    def _repr_latex_(self) -> str:
        if self.shown is None:
            return "score not derived within the time budget"
        return display_rows(
            [
                (rf"\frac{{\partial \ell}}{{\partial {latex(p.symbol)}}}", latex(g))
                for p, g in zip(self.parameters, self.shown, strict=True)
            ]
        )

    def index(self, parameters: Sequence[Parameter]) -> list[int]:
        return [self.parameters.index(p) for p in parameters]

    def block(self, parameters: Sequence[Parameter]) -> sp.Matrix | None:
        """The Hessian's rows and columns of these parameters."""
        if self.hessian is None:
            return None
        rows = self.index(parameters)
        return self.hessian.extract(rows, rows)

    def gradient_of(self, parameters: Sequence[Parameter]) -> tuple[sp.Expr, ...] | None:
        if self.gradient is None:
            return None
        return tuple(self.gradient[k] for k in self.index(parameters))


def differentiate(likelihood: Likelihood, budget: Budget) -> Score:
    """The Score of a likelihood, under the budget."""
    parameters = likelihood.model.parameters
    try:
        with budget.guard("differentiating the log-likelihood twice", cap=DIFFERENTIATE_SECONDS):
            gradient, hessian = derivatives(likelihood.reduced, [p.symbol for p in parameters])
    except BudgetExceeded:
        return Score(parameters, None, None)
    return Score(parameters, gradient, hessian, tuple(likelihood.statistic_sums.items()))


IDENTIFY_SECONDS = 1.0


def unidentified(matrix: sp.Matrix | None, budget: Budget) -> bool:
    """Whether a Hessian (or an information matrix) is singular for every data set and every value
    of the parameters: the likelihood then depends on them only through fewer combinations (a + b,
    a b), and no data can tell them apart. Tested numerically, at random values of the parameters,
    of n and of every sum over the data (each sum taken as free: a singularity that holds whatever
    they are is structural); undecided (out of time, not a number) counts as identified."""
    if matrix is None or not matrix.rows:
        return False
    rng = random.Random(1)
    try:
        with budget.guard("checking that the parameters are identified", cap=IDENTIFY_SECONDS):
            hidden, _ = hide_sums(sp.Tuple(*matrix))
            symbols = sorted(hidden.free_symbols, key=str)
            for _ in range(3):
                point = {s: sp.Integer(7) if s.is_integer else sp.Float(rng.uniform(0.6, 1.9)) for s in symbols}
                values = [complex(e.xreplace(point).evalf(20)) for e in hidden]
                if not all(cmath.isfinite(v) for v in values):
                    return False
                rows = [values[r * matrix.cols : (r + 1) * matrix.cols] for r in range(matrix.rows)]
                scale = math.prod(math.sqrt(sum(abs(v) ** 2 for v in row)) for row in rows) or 1.0
                if abs(determinant(rows)) > 1e-9 * scale:
                    return False
            return True
    except (BudgetExceeded, TypeError, ValueError, ZeroDivisionError, OverflowError):
        return False


def determinant(rows: list[list[complex]]) -> complex:
    """The determinant of a small square matrix of numbers, by elimination with partial pivoting
    (in plain Python: deriving needs no NumPy)."""
    rows = [list(row) for row in rows]
    result = complex(1)
    for k in range(len(rows)):
        pivot = max(range(k, len(rows)), key=lambda r: abs(rows[r][k]))
        if rows[pivot][k] == 0:
            return complex(0)
        if pivot != k:
            rows[k], rows[pivot] = rows[pivot], rows[k]
            result = -result
        result *= rows[k][k]
        for r in range(k + 1, len(rows)):
            factor = rows[r][k] / rows[k][k]
            for c in range(k, len(rows)):
                rows[r][c] -= factor * rows[k][c]
    return result
