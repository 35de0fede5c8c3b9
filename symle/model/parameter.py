"""A parameter: its name and domain. Light on purpose (SymPy and the domains' table are loaded when
a symbol is first asked for), so that the catalogue, and `symle families` with it, loads at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sympy as sp

    from symle.algebra.domains import Domain
    from symle.model.interval import Interval


@dataclass(frozen=True)
class Parameter:
    """A parameter: its name, its domain, and the SymPy symbol carrying that domain's assumptions."""

    name: str
    domain: str = "real"
    nonzero: bool = False  # a real parameter the density divides by (μ of exp(-λ(x - μ)²/(2μ²x)))
    interval: Interval | None = None  # a restricted space inside the domain (θ ∈ [0, 1/2]): the MLE keeps to it

    @property
    def space(self) -> Domain:
        """The rules of the parameter's domain (symle.algebra.domains)."""
        from symle.algebra.domains import DOMAINS

        return DOMAINS[self.domain]

    @property
    def symbol(self) -> sp.Symbol:
        from sympy import Symbol

        return Symbol(self.name, **self.space.assumptions, **({"nonzero": True} if self.nonzero else {}))
