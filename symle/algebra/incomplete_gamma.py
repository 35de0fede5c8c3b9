"""The regularised upper incomplete gamma function Q(a, x) = Γ(a, x)/Γ(a), the gamma family's survival
function, with derivatives SymPy can carry.

SymPy differentiates uppergamma(a, x) in a into a Meijer G function, which no page should print and no
generated fitter can evaluate; here ∂Q/∂x = -x^(a-1) e^(-x)/Γ(a) in closed form and ∂ᵐQ/∂aᵐ is the
function GammaQDerivative(m, a, x), printed Q_a, Q_aa and evaluated numerically (mpmath for the page's
values, finite differences of scipy.special.gammaincc in the generated fitter, symle.numeric.runtime)."""

from __future__ import annotations

import mpmath
import sympy as sp


def _x_derivative(a: sp.Expr, x: sp.Expr) -> sp.Expr:
    """∂Q(a, x)/∂x = -x^(a-1) e^(-x)/Γ(a), minus the gamma density of shape a and rate 1."""
    return -(x ** (a - 1)) * sp.exp(-x) / sp.gamma(a)


def _gammaincc(a: object, x: object) -> object:
    """Q for lambdify: mpmath's for mpmath numbers, else SciPy's gammaincc (imported only when evaluated)."""
    if isinstance(a, mpmath.mpf) or isinstance(x, mpmath.mpf):
        return mpmath.gammainc(a, x, regularized=True)
    from scipy.special import gammaincc

    return gammaincc(a, x)


def _gammaincc_derivative(order: object, a: object, x: object) -> object:
    if isinstance(a, mpmath.mpf) or isinstance(x, mpmath.mpf):
        return mpmath.diff(lambda s: mpmath.gammainc(s, x, regularized=True), a, int(order))  # type: ignore[call-overload]
    from scipy.special import gammaincc

    from symle.numeric.runtime import gammaincc_derivative

    return gammaincc_derivative(int(order), a, x, gammaincc)  # type: ignore[call-overload]


class GammaQ(sp.Function):
    """Q(a, x) = Γ(a, x)/Γ(a) = P(X > x) for X gamma of shape a and rate 1."""

    nargs = 2
    _imp_ = staticmethod(_gammaincc)  # what lambdify calls (the generated fitter prints gammaincc itself)

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        a, x = self.args
        if argindex == 1:
            return GammaQDerivative(sp.Integer(1), a, x)
        if argindex == 2:
            return _x_derivative(a, x)
        raise sp.ArgumentIndexError(self, argindex)

    def _eval_evalf(self, prec: int) -> sp.Float | None:
        a, x = self.args
        if not (a.is_number and x.is_number):
            return None
        dps = mpmath.libmp.prec_to_dps(prec)
        with mpmath.workprec(prec):
            value = mpmath.gammainc(mpmath.mpf(a.evalf(dps)), mpmath.mpf(x.evalf(dps)), regularized=True)
        return sp.Float(value, precision=prec)

    def _eval_is_positive(self) -> bool | None:
        a, x = self.args
        return True if a.is_positive and x.is_nonnegative else None

    def _eval_is_real(self) -> bool | None:
        return self._eval_is_positive()

    def _eval_rewrite_as_uppergamma(self, a: sp.Expr, x: sp.Expr, **kwargs: object) -> sp.Expr:
        return sp.uppergamma(a, x) / sp.gamma(a)


class GammaQDerivative(sp.Function):
    """∂ᵐQ(a, x)/∂aᵐ (args m, a, x): no closed form; its x-derivative is that of ∂Q/∂x, which has one."""

    nargs = 3
    _imp_ = staticmethod(_gammaincc_derivative)

    @classmethod
    def eval(cls, order: sp.Expr, a: sp.Expr, x: sp.Expr) -> sp.Expr | None:
        return GammaQ(a, x) if order == 0 else None

    def fdiff(self, argindex: int = 2) -> sp.Expr:
        order, a, x = self.args
        if argindex == 2:
            return GammaQDerivative(order + 1, a, x)
        if argindex == 3:
            u = sp.Dummy("u", positive=True)
            return sp.diff(_x_derivative(u, x), u, int(order)).xreplace({u: a})
        raise sp.ArgumentIndexError(self, argindex)

    def _eval_evalf(self, prec: int) -> sp.Float | None:
        order, a, x = self.args
        if not (order.is_Integer and a.is_number and x.is_number):
            return None
        dps = mpmath.libmp.prec_to_dps(prec)
        with mpmath.workprec(prec):
            at_x = mpmath.mpf(x.evalf(dps))
            value = mpmath.diff(
                lambda s: mpmath.gammainc(s, at_x, regularized=True), mpmath.mpf(a.evalf(dps)), int(order)
            )
        return sp.Float(value, precision=prec)

    def _eval_is_real(self) -> bool | None:
        _, a, x = self.args
        return True if a.is_positive and x.is_nonnegative else None


__all__ = ["GammaQ", "GammaQDerivative"]
