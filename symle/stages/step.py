"""A step of a derivation: a title, one sentence saying why, and its equations as SymPy objects."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp


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
    median, score, solve, numeric, second-order, estimators, fisher, variance, function);
    `parameter` the one it is about."""

    kind: str
    title: str
    text: str
    equations: tuple[Equation, ...] = ()
    parameter: str | None = None
