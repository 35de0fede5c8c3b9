"""The information as the expected outer product of the score, E[s s^T], where the log-likelihood has
a kink (|x - mu|): not twice differentiable there, but the score exists almost everywhere, and the
information is the expected square of the score (Laplace: 1/b^2 per observation for mu)."""

from __future__ import annotations

import sympy as sp

from symle.algebra.sample import n
from symle.budget import Budget
from symle.errors import BudgetExceeded
from symle.model.model import Parameter
from symle.stages.likelihood import Likelihood

OUTER_SECONDS = 3.0


def kinks(likelihood: Likelihood, parameters: tuple[Parameter, ...]) -> list[sp.Expr]:
    """The points x = c(theta) where |x - c| or sign(x - c) changes form (linear arguments only)."""
    x = likelihood.model.var
    symbols = {p.symbol for p in parameters}
    points = []
    for node in likelihood.log_density.atoms(sp.Abs, sp.sign):
        argument = node.args[0]
        if argument.has(x) and argument.free_symbols & symbols and argument.is_polynomial(x):
            roots = sp.solve(argument, x)
            if len(roots) != 1 or sp.degree(argument, x) != 1:
                return []
            points.append(roots[0])
    return list(dict.fromkeys(points))


def outer_information(likelihood: Likelihood, parameters: tuple[Parameter, ...], budget: Budget) -> sp.Matrix | None:
    """n E[s_a s_b] over the support split at the kink, where |x - c| and sign(x - c) have one form
    on each side; None when there is more than one kink or an integral fails in time."""
    model = likelihood.model
    x = model.var
    points = kinks(likelihood, parameters)
    support = model.support
    if len(points) != 1 or support.discrete:
        return None
    (kink,) = points
    scores = [sp.diff(likelihood.log_density, p.symbol) for p in parameters]
    pieces = ((support.lower, kink, -1), (kink, support.upper, 1))
    size = len(parameters)
    entries: dict[tuple[int, int], sp.Expr] = {}
    try:
        with budget.guard("the expected square of the score", cap=OUTER_SECONDS):
            for r in range(size):
                for c in range(r, size):
                    total = sp.Integer(0)
                    for lower, upper, side in pieces:
                        core = _on_side(scores[r] * scores[c] * model.density, x, kink, side)
                        total += sp.integrate(core, (x, lower, upper))
                    value = sp.simplify(total)
                    if value.has(sp.Integral, sp.oo, -sp.oo, sp.zoo, sp.nan):
                        return None
                    entries[(r, c)] = entries[(c, r)] = n * value
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError):
        return None
    return sp.Matrix(size, size, lambda r, c: entries[(r, c)])


def _on_side(expr: sp.Expr, x: sp.Symbol, kink: sp.Expr, side: int) -> sp.Expr:
    """The expression where x - kink has the sign `side`: |u| = side u, sign(u) = side."""

    def linear(node: sp.Basic) -> bool:
        return isinstance(node, (sp.Abs, sp.sign)) and sp.expand(node.args[0].xreplace({x: kink})) == 0

    def one_form(node: sp.Expr) -> sp.Expr:
        argument = node.args[0]
        slope = sp.diff(argument, x)  # the argument's sign beyond the kink is the slope's
        sign = side * (1 if slope.is_positive else -1 if slope.is_negative else 0)
        if sign == 0:
            return node
        return sign * argument if isinstance(node, sp.Abs) else sp.Integer(sign)

    return expr.replace(linear, one_form)
