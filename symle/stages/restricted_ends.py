"""A restricted space's maximum at an end: where the log-likelihood is concave in its one parameter
but the score equation has no closed form (f(x; θ) = (1 + θx)/2, −1 ≤ θ ≤ 1), the score decreases, so
on [a, b] the maximum is the score's root when it has one inside, and otherwise the end towards which
the score points: b when the score at b is not negative, a when the score at a is not positive."""

from __future__ import annotations

import sympy as sp

from symle.algebra import notation as N
from symle.model.model import Parameter
from symle.stages.step import Prose, Step, chain, prose


def score_at(score: sp.Expr, symbol: sp.Symbol, end: sp.Expr) -> sp.Expr:
    """The score at an end of the space: Σ xᵢ/(xᵢ + 1) at θ = 1."""
    if isinstance(score, sp.Sum):
        return _sum_at(score, symbol, end)
    if isinstance(score, sp.Add):  # n/θ − Σ ...: each term at the end (no simplification, which may run long)
        return sp.Add(*(score_at(term, symbol, end) for term in score.args))
    return score.xreplace({symbol: end})


def _sum_at(score: sp.Sum, symbol: sp.Symbol, end: sp.Expr) -> sp.Expr:
    return sp.Sum(sp.factor(score.function.xreplace({symbol: end})), *score.limits)


def _ends(parameter: Parameter) -> tuple[sp.Expr, sp.Expr]:
    interval = parameter.interval
    assert interval is not None
    return interval.sympy_bounds()


def _towards(parameter: Parameter, score: sp.Expr, at: str = "at ") -> Prose:
    """at 1 when Σ xᵢ/(xᵢ + 1) ≥ 0 (the score at θ = 1), and at −1 when Σ xᵢ/(1 − xᵢ) ≤ 0 (...)"""
    symbol = parameter.symbol
    low, high = _ends(parameter)
    clauses = []
    for end, relation in ((high, ">="), (low, "<=")):
        clauses.append(
            prose(
                at,
                end,
                " when ",
                chain(score_at(score, symbol, end), sp.Integer(0), relations=(relation,)),
                " (the score at ",
                chain(symbol, end),
                ")",
            )
        )
    return prose(clauses[0], ", and ", clauses[1])


def ends_step(parameter: Parameter, score: sp.Expr, within: object) -> Step:
    """The step that says where the maximum is on the restricted space, from the score's sign."""
    symbol = parameter.symbol
    low, high = _ends(parameter)
    sentence = prose(
        "The log-likelihood is concave in ",
        symbol,
        ", so the score decreases in ",
        symbol,
        ". On ",
        within,
        " the log-likelihood is therefore largest at the root of the score equation when it has one in ",
        chain(low, symbol, high, relations=("<", "<")),
        "; otherwise it is largest at the end towards which the score points: ",
        _towards(parameter, score),
        ".",
    )
    return Step(
        "restricted",
        "Restricted parameter space",
        sentence,
        (),
        parameter=parameter.name,
        claims=(f"restricted-ends:{parameter.name}",),
    )


def ends_result(parameter: Parameter, score: sp.Expr) -> Prose:
    """The Result's sentence: θ̂ solves the equation when it has a root inside, else it is an end."""
    low, high = _ends(parameter)
    hat = N.Hat(parameter.symbol)
    return prose(
        "The maximum-likelihood estimate is below: ",
        hat,
        " solves the equation below when it has a root in ",
        chain(low, parameter.symbol, high, relations=("<", "<")),
        "; if it has none, ",
        hat,
        " is the end, ",
        low,
        " or ",
        high,
        ", towards which the score points: ",
        _towards(parameter, score, at=""),
        ".",
    )
