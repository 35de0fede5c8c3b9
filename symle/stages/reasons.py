"""Why a score equation has no closed-form root, in the reader's terms: a rational equation clears to a
polynomial whose degree grows with n (the Cauchy's 2n − 1), or the parameter sits in every term with
its observation; and the plain reason when SymPy's solver simply finds no root."""

from __future__ import annotations

import random

import sympy as sp

from symle.algebra.sample import n
from symle.algebra.sums import is_sample_sum
from symle.budget import Budget
from symle.errors import BudgetExceeded
from symle.model.model import Parameter
from symle.stages.step import Prose, prose

DEGREE_SECONDS = 2.0


def unsolved(symbol: sp.Symbol) -> Prose:
    """The reason when SymPy's solver finds no root: the page then says only that the equation is not
    solved in closed form here (symle.stages.numeric_steps), not that no closed form exists."""
    return prose("the score equation for ", symbol, " has no closed-form solution")


def inseparable(
    hidden: sp.Expr, parameter: Parameter, budget: Budget, holder: str = "that term's observation"
) -> Prose:
    """Why a score whose sums hold the parameter with each observation (`holder`: what each term holds,
    a class's bounds for counts in classes) has no closed-form root. Where
    it is rational in θ, clearing the denominators leaves a polynomial whose degree grows with n (the
    Cauchy's 2n − 1): found for n = 3, 4, 5 observations written out, and said when it is linear in n.
    Otherwise θ simply cannot be taken out of the sums."""
    symbol = parameter.symbol
    try:
        with budget.guard(f"the degree of the score equation for {parameter.name}", cap=DEGREE_SECONDS):
            degrees = [_cleared_degree(hidden, symbol, size) for size in (3, 4, 5)]
    except BudgetExceeded:
        degrees = [None]
    if all(d is not None for d in degrees):
        slope, intercept = degrees[1] - degrees[0], degrees[0] - 3 * (degrees[1] - degrees[0])
        if slope > 0 and degrees[2] == 5 * slope + intercept:
            return prose(
                "clearing the denominators turns it into a polynomial equation of degree ",
                slope * n + intercept,
                " in ",
                symbol,
                ", whose roots have no closed form in general",
            )
    return prose(
        symbol,
        f" appears in every term of the sum together with {holder}, so the equation cannot be written in ",
        symbol,
        " and a fixed set of statistics of the data",
    )


def _cleared_degree(hidden: sp.Expr, symbol: sp.Symbol, size: int) -> int | None:
    """The degree in θ of the equation's numerator over one denominator, for `size` observations (and
    the data's other sums) at generic rational values; None where it is not rational in θ."""
    rng = random.Random(size)

    def generic() -> sp.Rational:
        return sp.Rational(rng.randint(1, 996), rng.randint(1, 96))

    def written_out(total: sp.Sum) -> sp.Expr:
        index = total.limits[0][0]
        values: dict[sp.Basic, sp.Rational] = {}

        def value(e: sp.Indexed, k: int) -> sp.Rational:
            return values.setdefault((e.base, k), generic())

        return sp.Add(
            *(
                total.function.replace(
                    lambda e: isinstance(e, sp.Indexed) and e.indices == (index,), lambda e, k=k: value(e, k)
                )
                for k in range(1, size + 1)
            )
        )

    explicit = hidden.replace(lambda e: is_sample_sum(e) and e.has(symbol), written_out).xreplace({n: size})
    explicit = explicit.xreplace({s: generic() for s in explicit.free_symbols - {symbol}})
    if not explicit.is_rational_function(symbol):
        return None
    try:
        return int(sp.Poly(sp.numer(sp.together(explicit)), symbol).degree())
    except (sp.PolynomialError, sp.GeneratorsNeeded, ValueError, TypeError):
        return None


__all__ = ["inseparable", "unsolved"]
