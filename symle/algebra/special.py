"""The Riemann zeta function with derivatives SymPy can carry: ζ′(s), ζ″(s) as functions, not Derivatives.

SymPy leaves d/ds ζ(s) as an unevaluated Derivative, which cannot take the estimate ŝ in place of s
(a derivative with respect to ŝ is no expression); here ζ(s) differentiates to ZetaDerivative(1, s),
ζ^(k)(s) = (-1)^k Σ (log j)^k / j^s, which substitutes, prints (ζ′(s)) and compiles like any function."""

from __future__ import annotations

import mpmath
import sympy as sp


class zeta(sp.zeta):  # noqa: N801 - the same name as SymPy's, so that every printer prints it as ζ(s)
    """The Riemann zeta function ζ(s) (one argument), whose derivative is ZetaDerivative(1, s)."""

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        if len(self.args) == 1:
            return ZetaDerivative(sp.Integer(1), self.args[0])
        return super().fdiff(argindex)


class ZetaDerivative(sp.Function):
    """ζ^(k)(s), the k-th derivative of the Riemann zeta function: its first argument the order k."""

    nargs = 2

    @classmethod
    def eval(cls, order: sp.Expr, s: sp.Expr) -> sp.Expr | None:
        if order == 0:
            return zeta(s)
        return None

    def fdiff(self, argindex: int = 2) -> sp.Expr:
        if argindex != 2:
            raise sp.ArgumentIndexError(self, argindex)
        order, s = self.args
        return ZetaDerivative(order + 1, s)

    def _eval_evalf(self, prec: int) -> sp.Float | None:  # the information at an estimate, in mpmath
        order, s = self.args
        if not (order.is_Integer and order >= 0 and s.is_number):
            return None
        with mpmath.workprec(prec):
            value = mpmath.zeta(mpmath.mpf(s.evalf(mpmath.libmp.prec_to_dps(prec))), 1, int(order))
        return sp.Float(value, precision=prec)

    def _eval_is_real(self) -> bool | None:
        return self.args[1].is_real and (self.args[1] - 1).is_positive or None

    def _eval_is_positive(self) -> bool | None:  # (-1)^k Σ (log j)^k / j^s has the sign (-1)^k for s > 1
        order, s = self.args
        return order.is_even if (s - 1).is_positive and order.is_integer else None

    def _eval_is_negative(self) -> bool | None:
        order, s = self.args
        return order.is_odd if (s - 1).is_positive and order.is_integer else None


def as_sympy(expr: sp.Expr) -> sp.Expr:
    """symle's zeta written as SymPy's, for SymPy's own sums and integrals, whose values hold SymPy's
    (Σ x^(-s)/ζ(s) over x = 1, 2, ... is 1 only when both zetas are the same function)."""
    return expr.replace(lambda e: type(e) is zeta, lambda e: sp.zeta(*e.args))
