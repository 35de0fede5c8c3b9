"""The parameter domains as one table: assumptions, trial values, numeric transforms and words."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy as sp

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class Domain:
    """Where a parameter lives, and every rule that follows from it.

    `lower`/`upper` bound the open interval; `assumptions` go on the parameter's SymPy symbol;
    `trial` is a value inside, for numeric checks of a density; `draw` the range random test
    values come from; `transform` the coordinates Newton's method steps in ("log", "logit",
    "identity"), said in `scale_words`; `start` the starting rule when nothing better is known."""

    name: str
    lower: float
    upper: float
    integer: bool
    assumptions: Mapping[str, bool]
    trial: sp.Rational
    draw: tuple[float, float]
    transform: str
    scale_words: str
    start: str | None
    others: tuple[sp.Rational, ...] = ()  # more trial values: a density may be one on part of the domain only

    @property
    def bounded(self) -> bool:
        """Both ends finite (a probability)."""
        return math.isfinite(self.lower) and math.isfinite(self.upper)

    @property
    def unbounded(self) -> bool:
        """The whole real line (where a location parameter lives)."""
        return math.isinf(self.lower) and math.isinf(self.upper)

    def contains(self, value: float) -> bool:
        """Inside the open domain (the edges are the caller's business)."""
        return self.lower < value < self.upper

    def outside(self, value: float) -> bool:
        """Outside the closed domain: not even an edge value."""
        return value < self.lower or value > self.upper

    def on_edge(self, value: float) -> bool:
        """At or beyond a finite edge (p-hat = 0 or 1, lambda-hat = 0)."""
        return (math.isfinite(self.lower) and value <= self.lower) or (
            math.isfinite(self.upper) and value >= self.upper
        )

    def admits(self, value: sp.Expr) -> bool:
        """False only when a symbolic value is definitely outside (an undecidable one passes)."""
        if value.has(sp.I) or value.is_real is False:
            return False
        if math.isfinite(self.lower) and (value - self.lower).is_positive is False:
            return False
        return not (math.isfinite(self.upper) and (self.upper - value).is_positive is False)

    def refuses(self, value: sp.Expr) -> str | None:
        """Why a known numeric value does not belong here (None when it does)."""
        if math.isfinite(self.upper) and not (self.lower < value < self.upper):
            return f"must lie strictly between {self.lower:g} and {self.upper:g}"
        if math.isfinite(self.lower) and not value > self.lower:
            return "must be positive"
        if self.integer and not value.is_integer:
            return "must be a whole number"
        return None

    def random(self, rng: np.random.Generator) -> float:
        """A random value well inside the domain, for numeric comparisons."""
        low, high = self.draw
        return float(rng.integers(int(low), int(high))) if self.integer else float(rng.uniform(low, high))

    def estimate_symbol(self, name: str) -> sp.Dummy:
        """A symbol standing for an estimate in this domain (positive or real)."""
        return sp.Dummy(name, **({"real": True} if math.isinf(self.lower) else {"positive": True}))


_INF = math.inf

DOMAINS: Mapping[str, Domain] = {
    d.name: d
    for d in (
        Domain(
            "positive",
            0.0,
            _INF,
            False,
            {"positive": True},
            sp.Rational(13, 10),
            (0.4, 3.0),
            "log",
            "on the log scale",
            None,
            (sp.Rational(7, 20), sp.Integer(4)),
        ),
        Domain(
            "real",
            -_INF,
            _INF,
            False,
            {"real": True},
            sp.Rational(2, 5),
            (-1.5, 1.5),
            "identity",
            "directly",
            "zero",
            (sp.Rational(-3, 2), sp.Rational(3, 20)),
        ),
        Domain(
            "probability",
            0.0,
            1.0,
            False,
            {"positive": True},
            sp.Rational(7, 20),
            (0.15, 0.85),
            "logit",
            "on the logit scale",
            "half",
            (sp.Rational(4, 5),),
        ),
        Domain(
            "integer",
            0.0,
            _INF,
            True,
            {"integer": True, "positive": True},
            sp.Integer(3),
            (1, 6),
            "log",
            "on the log scale",
            None,
            (sp.Integer(1), sp.Integer(7)),
        ),
    )
}


def domain(name: str) -> Domain:
    return DOMAINS[name]
