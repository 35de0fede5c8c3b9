"""Likelihood-ratio tests between nested catalogue families: which family is a special case of
which (a parameter fixed inside its domain, or at its edge), and the statistic's χ² p-value.

A constraint inside the parameter space (the gamma's α = 1) gives 2 log Λ → χ²₁ (Wilks); one at the
edge (the Poisson as the negative binomial's r → ∞) gives the mixture ½χ²₀ + ½χ²₁ (Self and Liang,
1987), whose p-value is half the χ²₁ one."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import mpmath

SLACK = 1e-6  # a larger family's log-likelihood this far below the smaller's (relative) is rounding


@dataclass(frozen=True)
class Nesting:
    """`small` is `large` with `constraint`; df the parameters fixed; `boundary` when at the domain's edge."""

    small: str
    large: str
    constraint: str
    df: int = 1
    boundary: bool = False

    @property
    def reference(self) -> str:
        return "½χ²₀ + ½χ²₁" if self.boundary else f"χ²{_subscript(self.df)}"


NESTINGS = (
    Nesting("exponential", "gamma", "alpha = 1"),
    Nesting("exponential", "weibull", "k = 1"),
    Nesting("rayleigh", "weibull", "k = 2"),
    Nesting("poisson", "negative-binomial", "r → ∞", boundary=True),
)


def chi2_sf(statistic: float, df: int) -> float:
    """P(χ²_df > statistic): erfc for one degree of freedom, the regularised upper incomplete gamma
    function otherwise (both exact to double precision far into the tail)."""
    if statistic <= 0:
        return 1.0
    if df == 1:
        return math.erfc(math.sqrt(statistic / 2))
    return float(mpmath.gammainc(df / 2, statistic / 2, mpmath.inf, regularized=True))


def likelihood_ratio(nesting: Nesting, small: float, large: float) -> dict[str, Any]:
    """The test of `nesting` from the two maximised log-likelihoods: 2 log Λ = 2(ℓ_large − ℓ_small)
    (a tiny negative value from rounding is 0), its reference distribution and p-value."""
    statistic = 2 * (large - small)
    note = None
    if statistic < 0:
        if -statistic > SLACK * max(1.0, abs(small)):
            note = f"the {nesting.large} fit is below the {nesting.small} one: its maximum was not found"
        statistic = 0.0
    p = chi2_sf(statistic, nesting.df)
    if nesting.boundary and statistic > 0:
        p /= 2
    return {
        "null": nesting.small,
        "alternative": nesting.large,
        "constraint": nesting.constraint,
        "statistic": statistic,
        "df": nesting.df,
        "reference": nesting.reference,
        "boundary": nesting.boundary,
        "p_value": p,
        **({"note": note} if note else {}),
    }


def nested_pairs(names: list[str]) -> list[Nesting]:
    """The nestings among these families, in the table's order."""
    return [n for n in NESTINGS if n.small in names and n.large in names]


def _subscript(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
