"""The Derivation value: ordered steps (title, one sentence, SymPy equations), estimators, warnings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sympy as sp

from symle.model.model import Model, Parameter
from symle.stages.likelihood import Likelihood
from symle.stages.secondorder import SecondOrder
from symle.stages.solve import Solved

if TYPE_CHECKING:
    from symle.numeric.fit import FitResult


@dataclass(frozen=True)
class Equation:
    """A chain a = b = c (or with <, > between the last parts), held as SymPy objects."""

    parts: tuple[sp.Basic, ...]
    relations: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.relations:
            object.__setattr__(self, "relations", ("=",) * (len(self.parts) - 1))


@dataclass(frozen=True)
class Step:
    """One step of a derivation: a title, one sentence saying why, and its equations.

    `kind` names the step for the checker and worksheets (model, likelihood, loglik, support,
    median, score, solve, numeric, second-order, estimators); `parameter` the one it is about."""

    kind: str
    title: str
    text: str
    equations: tuple[Equation, ...] = ()
    parameter: str | None = None


@dataclass(frozen=True)
class Estimator:
    """A parameter's estimator: `value` in the data alone (None when numeric), `familiar` the
    textbook form of the same value, `profile` the closed form given the other parameters."""

    parameter: Parameter
    method: str
    value: sp.Expr | None
    familiar: sp.Expr | None
    profile: sp.Expr | None = None

    @property
    def closed_form(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Derivation:
    """Everything derived for one model, ready for every renderer and for fitting."""

    model: Model
    likelihood: Likelihood
    solved: Solved
    second_order: SecondOrder | None
    steps: tuple[Step, ...]
    estimators: Mapping[str, Estimator]
    warnings: tuple[str, ...] = ()
    extras: Mapping[str, Any] = field(default_factory=dict)

    @property
    def parameters(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.model.parameters)

    def to_latex(self, standalone: bool = False) -> str:
        from symle.render.derivation import render_latex

        return render_latex(self, standalone=standalone)

    def to_markdown(self) -> str:
        from symle.render.derivation import render_markdown

        return render_markdown(self)

    def to_text(self) -> str:
        from symle.render.derivation import render_text

        return render_text(self)

    def to_json(self) -> str:
        from symle.render.derivation import render_json

        return render_json(self)

    def to_dict(self) -> dict[str, Any]:
        from symle.render.derivation import json_view

        return json_view(self)

    def fit(self, data: Any, level: float = 0.95) -> dict[str, Any]:
        """Evaluate the estimators on data (a sequence of numbers, an array, or a file path), with
        standard errors and Wald intervals at `level`."""
        return self.fit_result(data, level).to_dict()

    def fit_result(self, data: Any, level: float = 0.95) -> FitResult:
        from symle.numeric.fit import as_sample, fit_derivation
        from symle.numeric.wald import check_level, with_wald

        check_level(level)
        sample = as_sample(data)
        return with_wald(fit_derivation(self, sample), self, sample, level)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_latex_(self) -> str:
        return self.to_latex()
