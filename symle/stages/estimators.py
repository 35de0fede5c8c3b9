"""The estimators stage: each parameter's estimator in the data, and the form a textbook prints."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symle.algebra.notation import Hat
from symle.algebra.printing import display_rows, latex, text
from symle.algebra.sample import SampleMax, SampleMean, SampleMedian, SampleMin
from symle.algebra.sums import canonical_indices
from symle.model.model import Parameter
from symle.stages.existence import Existence
from symle.stages.familiar import familiar, fold_into_sums, has_nested_sums
from symle.stages.solve import Solved


@dataclass(frozen=True)
class Estimator:
    """A parameter's estimator: `value` in the data alone (None when numeric), `familiar` the
    textbook form of the same value, `profile` the closed form given the other parameters; with an
    `interval` the estimate is not unique and `value` is the interval's midpoint."""

    parameter: Parameter
    method: str
    value: sp.Expr | None
    familiar: sp.Expr | None
    profile: sp.Expr | None = None
    interval: tuple[sp.Expr, sp.Expr] | None = None  # not unique: every value between maximises
    exists: Existence | None = None  # when the data give an estimate inside the domain at all

    @property
    def closed_form(self) -> bool:
        return self.value is not None

    def line(self) -> str:
        """The estimator in one line of the page's notation: μ̂ = x̄ (closed-form)."""
        hat = text(Hat(self.parameter.symbol))
        shown = self.familiar if self.familiar is not None else self.value
        if shown is not None:
            return f"{hat} = {text(shown)}   ({self.method})"
        if self.profile is not None:  # in closed form given the others, which are numeric
            return f"{hat} = {text(self.profile)} at the other estimates   (numeric)"
        return f"{hat}: numeric, no closed form"

    def __repr__(self) -> str:
        return f"Estimator({self.line()})"

    def latex_row(self) -> tuple[str, str]:
        """The estimator as a display row: θ̂ and its familiar form (or that it is numeric)."""
        shown = self.familiar if self.familiar is not None else self.value
        return latex(Hat(self.parameter.symbol)), r"\text{numeric, no closed form}" if shown is None else latex(shown)

    def _repr_latex_(self) -> str:
        return display_rows([self.latex_row()])


def familiar_forms(solved: Solved) -> dict[sp.Symbol, sp.Expr]:
    """Each closed-form estimator as a textbook prints it. Where the data-only form nests sums
    (the log-normal's variance, a regression's intercept), the estimator is shown as its own
    score's root with the other estimates as hats: mu-hat = y-bar - b1-hat x-bar."""
    direct = {s.parameter.symbol: familiar(s.value) for s in solved.solutions if s.value is not None}
    atomic = {
        p: v for p, v in direct.items() if v.is_Atom or isinstance(v, (SampleMean, SampleMin, SampleMax, SampleMedian))
    }
    shown = {}
    for solution in solved.solutions:
        symbol = solution.parameter.symbol
        if symbol not in direct:
            continue
        if has_nested_sums(direct[symbol]) and solution.root is not None:
            others = {p: atomic.get(p, Hat(p)) for p in direct if p != symbol}
            shown[symbol] = familiar(solution.root.xreplace(others))
        else:
            shown[symbol] = direct[symbol]
    return shown


def build_estimators(solved: Solved) -> dict[str, Estimator]:
    """Every parameter's Estimator, in model order, from the solution stage."""
    shown = familiar_forms(solved)
    estimators: dict[str, Estimator] = {}
    for solution in solved.solutions:
        value = canonical_indices(fold_into_sums(solution.value)) if solution.value is not None else None
        estimators[solution.parameter.name] = Estimator(
            solution.parameter,
            solution.method,
            value,
            shown.get(solution.parameter.symbol),
            solution.profile,
            solution.interval,
            solution.exists,
        )
    return estimators
