"""The second-order check: the Hessian at the estimate is negative definite, proved or said unproved."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symle.algebra.notation import Hat
from symle.algebra.sums import expand_sums, hide_sums, is_sample_sum, restore_sums
from symle.budget import Budget
from symle.errors import BudgetExceeded
from symle.model.model import Parameter

CHECK_SECONDS = 3.0


@dataclass(frozen=True)
class SecondOrder:
    """The Hessian of the log-likelihood in the checked parameters, and at the estimate.

    `at_estimate` is written with hats; `minors` are the leading principal minors there;
    `proved` says whether each minor's sign was shown to be the one a maximum needs."""

    parameters: tuple[Parameter, ...]
    hessian: sp.Matrix
    at_estimate: sp.Matrix | None
    minors: tuple[sp.Expr, ...]
    proved: bool
    reason: str = ""


def _hat_values(parameters: tuple[Parameter, ...]) -> tuple[dict[sp.Symbol, sp.Expr], dict[sp.Expr, sp.Expr]]:
    """Symbols standing for the estimates, with the domains' assumptions; a probability p-hat is
    written u/(1+u) with u > 0 so that both p-hat > 0 and 1 - p-hat > 0 are known to SymPy."""
    values: dict[sp.Symbol, sp.Expr] = {}
    back: dict[sp.Expr, sp.Expr] = {}
    for p in parameters:
        if p.domain == "probability":
            u = sp.Dummy(f"u_{p.name}", positive=True)
            values[p.symbol] = u / (1 + u)
            back[u] = Hat(p.symbol) / (1 - Hat(p.symbol))
        else:
            hat = sp.Dummy(f"hat_{p.name}", **({"positive": True} if p.domain != "real" else {"real": True}))
            values[p.symbol] = hat
            back[hat] = Hat(p.symbol)
    return values, back


def _decide(expr: sp.Expr, sign: int) -> bool:
    for candidate in (expr, sp.factor_terms(sp.together(expr)), sp.factor(expr)):
        if candidate.is_positive if sign > 0 else candidate.is_negative:
            return True
    return False


def check_second_order(loglik: sp.Expr, parameters: tuple[Parameter, ...], budget: Budget) -> SecondOrder:
    """Hessian negative definite at the root of the score equations: (-1)^k D_k > 0 for the
    leading minors D_k, with the data eliminated through the score equations (they are linear in
    the data sums), so the signs follow from the parameters' domains."""
    symbols = [p.symbol for p in parameters]
    hessian = sp.hessian(loglik, symbols)
    try:
        with budget.guard("checking the second-order condition", cap=CHECK_SECONDS):
            expanded = expand_sums(loglik)
            hidden, mapping = hide_sums(expanded)
            if any(is_sample_sum(s) for s in hidden.atoms(sp.Sum)):
                return SecondOrder(parameters, hessian, None, (), False, "a sum over the data does not separate")
            values, back = _hat_values(parameters)
            scores = [sp.diff(hidden, s).xreplace(values) for s in symbols]
            h = sp.hessian(hidden, symbols).xreplace(values)
            unknowns = sorted(h.free_symbols & set(mapping), key=str)
            if unknowns:
                solution = sp.solve(scores, unknowns, dict=True)
                if len(solution) != 1:
                    return SecondOrder(parameters, hessian, None, (), False, "the data could not be eliminated")
                h = h.xreplace(solution[0])
            h = h.applyfunc(sp.simplify)
            minors = tuple(sp.simplify(h[:k, :k].det()) for k in range(1, len(symbols) + 1))
            proved = all(_decide(m, (-1) ** k) for k, m in enumerate(minors, start=1))
            shown = h.applyfunc(lambda e: restore_sums(sp.simplify(e.xreplace(back)), mapping))
            minors_shown = tuple(restore_sums(sp.simplify(m.xreplace(back)), mapping) for m in minors)
    except BudgetExceeded:
        return SecondOrder(parameters, hessian, None, (), False, "the check ran out of its time budget")
    except (NotImplementedError, ValueError, TypeError) as exc:
        return SecondOrder(parameters, hessian, None, (), False, f"SymPy could not decide it ({type(exc).__name__})")
    reason = "" if proved else "SymPy could not decide the sign of the minors"
    return SecondOrder(parameters, hessian, shown, minors_shown, proved, reason)
