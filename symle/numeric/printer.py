"""The printer of generated fitting code: SymPy's SciPy printer with symle's names and numerics."""

from __future__ import annotations

from collections.abc import Collection

import sympy as sp
from sympy.printing.numpy import SciPyPrinter


class NormalSolution(sp.Function):
    """Entry k of β̂ solving the normal equations (XᵀX)β = Xᵀy of a linear model with w columns
    (args: k, w, then XᵀX's w² entries row by row and Xᵀy's w entries, each a sum over the sample)."""


def parameter_id(name: str) -> str:
    """The generated code's name for a parameter: `p_value`, never `value` (which could shadow the
    module's own names, or be a Python keyword such as `lambda`)."""
    return f"p_{name}"


def data_id(name: str) -> str:
    """The generated code's name for a data variable or covariate: `v_x`."""
    return f"v_{name}"


def is_internal(name: str) -> bool:
    """Names the generator makes itself (`_c0`, `_V1`, `d.S0`): a user's name starts with a letter
    and has no dot, so these never meet one."""
    return name.startswith("_") or "." in name


class FitterPrinter(SciPyPrinter):
    """SciPy's printer with symle's conventions: a user's parameter `mu` is `p_mu`, the sample x[i]
    (or the variable x) is the array `v_x`, the generator's own names print as they are,
    digamma is scipy.special.digamma, and log(1 + exp(z)) is numpy.logaddexp(0, z), which does
    not overflow."""

    def __init__(self, data_names: Collection[str] = ()) -> None:
        super().__init__({"fully_qualified_modules": True, "allow_unknown_functions": False})
        self.data_names = frozenset(data_names)

    def _print_Symbol(self, expr: sp.Symbol) -> str:
        if is_internal(expr.name):
            return expr.name
        return data_id(expr.name) if expr.name in self.data_names else parameter_id(expr.name)

    _print_Dummy = _print_Symbol

    def _print_Indexed(self, expr: sp.Indexed) -> str:
        return data_id(expr.base.label.name)

    def _print_Pi(self, expr: sp.Expr) -> str:
        return self._module_format("numpy.pi")

    def _print_Exp1(self, expr: sp.Expr) -> str:
        return self._module_format("numpy.e")

    def _print_polygamma(self, expr: sp.Expr) -> str:
        order, arg = expr.args
        if order == 0:
            return f"{self._module_format('scipy.special.digamma')}({self._print(arg)})"
        return f"{self._module_format('scipy.special.polygamma')}({self._print(order)}, {self._print(arg)})"

    def _print_zeta(self, expr: sp.Expr) -> str:
        return f"{self._module_format('scipy.special.zeta')}({', '.join(self._print(a) for a in expr.args)})"

    def _print_ZetaDerivative(self, expr: sp.Expr) -> str:
        """ζ^(m)(s) by the runtime's zeta_derivative (Euler-Maclaurin; SciPy has no derivative of ζ)."""
        order, s = expr.args
        return f"zeta_derivative({int(order)}, {self._print(s)})"

    def _print_GammaQ(self, expr: sp.Expr) -> str:
        a, x = (self._print(arg) for arg in expr.args)
        return f"{self._module_format('scipy.special.gammaincc')}({a}, {x})"

    def _print_GammaQDerivative(self, expr: sp.Expr) -> str:
        """∂ᵐQ/∂aᵐ by the runtime's gammaincc_derivative (finite differences of SciPy's gammaincc)."""
        order, a, x = expr.args
        q = self._module_format("scipy.special.gammaincc")
        return f"gammaincc_derivative({int(order)}, {self._print(a)}, {self._print(x)}, {q})"

    def _print_ScaledBesselI(self, expr: sp.Expr) -> str:
        return f"{self._module_format('scipy.special.ive')}({self._print(expr.args[0])}, {self._print(expr.args[1])})"

    def _print_loggamma(self, expr: sp.Expr) -> str:
        """log Γ only where Γ is positive (gamma_argument, in the runtime), NaN elsewhere."""
        return f"{self._module_format('scipy.special.gammaln')}(gamma_argument({self._print(expr.args[0])}))"

    def _print_log(self, expr: sp.log) -> str:
        arg = expr.args[0]
        if isinstance(arg, sp.Add) and len(arg.args) == 2 and sp.S.One in arg.args:
            other = arg.args[0] if arg.args[1] == 1 else arg.args[1]
            if isinstance(other, sp.exp):
                return f"{self._module_format('numpy.logaddexp')}(0, {self._print(other.args[0])})"
        return f"{self._module_format('numpy.log')}({self._print(arg)})"

    def _print_Min(self, expr: sp.Expr) -> str:
        """min(x̄, 1/2) as nested numpy.minimum (a restricted estimate's projection): no functools."""
        name = self._module_format("numpy.minimum" if isinstance(expr, sp.Min) else "numpy.maximum")
        args = [self._print(a) for a in expr.args]
        out = args[0]
        for arg in args[1:]:
            out = f"{name}({out}, {arg})"
        return out

    _print_Max = _print_Min

    def _print_NormalSolution(self, expr: sp.Expr) -> str:
        """numpy.linalg.solve on the w × w normal equations: the sums are statistics of the data, so
        the generated fitter reads a file in chunks as for any other closed form."""
        k, w = int(expr.args[0]), int(expr.args[1])
        entries = [self._print(a) for a in expr.args[2:]]
        rows = ", ".join("[" + ", ".join(entries[r * w : (r + 1) * w]) + "]" for r in range(w))
        right = ", ".join(entries[w * w :])
        solve, array = self._module_format("numpy.linalg.solve"), self._module_format("numpy.array")
        return f"{solve}({array}([{rows}], dtype=float), {array}([{right}], dtype=float))[{k}]"

    def _print_Sum(self, expr: sp.Sum) -> str:  # only reached for sums left whole (loglik, score)
        return f"{self._module_format('numpy.sum')}({self._print(expr.function)})"
