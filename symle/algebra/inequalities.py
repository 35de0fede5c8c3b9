"""Known inequalities written as equalities with a positive slack, so that SymPy's assumptions decide
a sign they could not decide alone: e^u > 1 + u for u > 0 becomes e^u = 1 + u + v with v > 0."""

from __future__ import annotations

import sympy as sp


def exponential_bound(expr: sp.Expr) -> tuple[sp.Expr, tuple[sp.Symbol, ...]]:
    """expr with each e^{cu} (u a positive symbol, c a nonzero rational) written (1 + u + v)^c with
    v > 0, since e^u > 1 + u for u > 0; and the symbols u so written (none: expr unchanged)."""
    found: dict[sp.Symbol, sp.Expr] = {}
    for node in expr.atoms(sp.exp):
        argument = node.args[0]
        coefficient, rest = argument.as_coeff_Mul()
        if isinstance(rest, sp.Symbol) and rest.is_positive and coefficient.is_Rational and coefficient != 0:
            found.setdefault(rest, 1 + rest + sp.Dummy(f"v_{rest.name}", positive=True))
    if not found:
        return expr, ()

    def bound(node: sp.exp) -> sp.Expr:
        coefficient, rest = node.args[0].as_coeff_Mul()
        return found[rest] ** coefficient if rest in found and coefficient.is_Rational else node

    return expr.replace(lambda e: isinstance(e, sp.exp), bound), tuple(found)


def logarithm_bound(expr: sp.Expr) -> tuple[sp.Expr, tuple[sp.Expr, ...]]:
    """expr with each log a (a − 1 > 0 by the assumptions) written (a − 1)/a + v with v > 0, since
    log a > 1 − 1/a for a > 1; the logs' arguments first expanded where positive (log(1/(1 + u)) is
    −log(1 + u)); and the arguments so written."""
    tidied = expr.replace(lambda e: isinstance(e, sp.log), lambda e: sp.log(sp.cancel(sp.together(e.args[0]))))
    expanded = sp.expand_log(tidied)
    found: dict[sp.Expr, sp.Expr] = {}
    for node in expanded.atoms(sp.log):
        argument = node.args[0]
        if sp.simplify(argument - 1).is_positive:
            found[node] = (argument - 1) / argument + sp.Dummy("v_log", positive=True)
    if not found:
        return expr, ()
    return expanded.xreplace(found), tuple(node.args[0] for node in found)


def decided(expr: sp.Expr, sign: int) -> bool:
    """Whether expr has the sign `sign` (+1 or −1) by the assumptions, in a few equal forms."""
    for candidate in (expr, sp.factor_terms(sp.together(expr)), sp.factor(sp.together(expr))):
        if (candidate.is_positive if sign > 0 else candidate.is_negative) is True:
            return True
    return False


__all__ = ["decided", "exponential_bound", "logarithm_bound"]
