"""One root for a one-parameter exponential family without a closed form (the log-series' θ).

When ∂/∂θ log f(x; θ) = c(θ)(x − m(θ)), linear in x, the score is n c(θ)(x̄ − m(θ)) and m(θ) = E_θX (the
expected score is 0). Differentiating E_θ[c(θ)(X − m(θ))] = 0 under the integral gives m′(θ) = c(θ) Var_θX:
m moves in the direction of the sign of c, so the sign of the score, sign(c)(x̄ − m(θ)), falls from + to −
through its one root, which is the global maximum. It needs c's sign proven on the parameter space and a
support free of θ; nothing else, whatever m looks like."""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

from symle.algebra.logs import sign_of
from symle.model.model import Model
from symle.model.parameter import Parameter


def monotone_mean(
    log_density: sp.Expr, model: Model, parameters: tuple[Parameter, ...], inside: Mapping[sp.Symbol, sp.Expr]
) -> tuple[sp.Expr, sp.Expr] | None:
    """(c(θ), m(θ)) when the score of one observation is c(θ)(x − m(θ)) with c of one sign, else None."""
    if len(parameters) != 1 or model.conditional or model.censoring is not None:
        return None
    (parameter,) = parameters
    theta, x = parameter.symbol, model.var
    if model.support.lower.has(theta) or model.support.upper.has(theta):
        return None
    score = sp.diff(log_density, theta)
    slope = sp.simplify(sp.diff(score, x))
    if slope == 0 or slope.has(x):
        return None
    mean = sp.simplify(-score.xreplace({x: 0}) / slope)
    if mean.has(x) or sp.simplify(score - slope * (x - mean)) != 0 or sign_of(slope, inside) == 0:
        return None
    return slope, mean
