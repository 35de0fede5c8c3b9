"""The LaTeX printer: SymPy's, with textbook conventions and symle's notation (one _print_ a class)."""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.printing.latex import LatexPrinter

from symle.algebra.names import latex_base, latex_name
from symle.algebra.textbook import data_first, is_simple, textbook_order


class SymleLatexPrinter(LatexPrinter):
    """SymPy's LaTeX printer with textbook conventions: sigma2 as sigma^2, x_i, log x without
    parentheses around a single symbol, 1/n before a sum, hats and partials."""

    # no class's own printing method (Indexed._sympystr, ...) takes over from the _print_ methods here
    printmethod = "_symle_latex"

    def _as_ordered_terms(self, expr: sp.Basic, order: str | None = None) -> list[sp.Basic]:
        return textbook_order(super()._as_ordered_terms(expr, order))

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__({"mul_symbol": None, "fold_short_frac": False, **(settings or {})})

    def _print_Symbol(self, expr: sp.Symbol, style: str = "plain") -> str:
        return latex_name(expr.name)

    def _print_Dummy(self, expr: sp.Dummy) -> str:
        return latex_name(expr.name)

    def _print_IndexedBase(self, expr: sp.IndexedBase) -> str:
        return latex_name(expr.label.name)

    def _print_Indexed(self, expr: sp.Indexed) -> str:
        index = ",".join(self._print(ix) for ix in expr.indices)
        base = latex_name(expr.base.label.name)
        if "_" in base or "^" in base:
            base = f"{{{base}}}"  # x1[i]: {x_{1}}_{i}, not a double subscript
        return f"{base}_{{{index}}}"

    def _big_operator(self, expr: sp.Expr, command: str) -> str:
        index, lower, upper = expr.limits[0]
        body = self._print(expr.function)
        if isinstance(expr.function, sp.Add):
            body = rf"\left({body}\right)"
        return rf"{command}_{{{self._print(index)}={self._print(lower)}}}^{{{self._print(upper)}}} {body}"

    def _print_Sum(self, expr: sp.Sum) -> str:
        return self._big_operator(expr, r"\sum")

    def _print_Product(self, expr: sp.Product) -> str:
        return self._big_operator(expr, r"\prod")

    def _print_log(self, expr: sp.log, exp: str | None = None) -> str:
        arg = expr.args[0]
        inner = self._print(arg)
        text = rf"\log {inner}" if is_simple(arg) else rf"\log\left({inner}\right)"
        if exp is not None:
            return rf"\left({text}\right)^{{{exp}}}"
        return text

    def _print_Mul(self, expr: sp.Mul) -> str:
        # (1/n) * sum ... reads better than sum .../n, as textbooks write a mean.
        numer, denom = expr.as_numer_denom()
        if denom == sp.Symbol("n", integer=True, positive=True) or denom.is_Integer and denom > 1:
            factors = sp.Mul.make_args(numer)
            if any(isinstance(f, sp.Sum) for f in factors) and not isinstance(numer, sp.Add):
                coefficient = sp.Integer(1)
                if factors and factors[0].is_Number:
                    coefficient, factors = factors[0], factors[1:]
                sign = "- " if coefficient < 0 else ""
                scale = rf"\frac{{{self._print(abs(coefficient))}}}{{{self._print(denom)}}}"
                return f"{sign}{scale} {self._print(sp.Mul(*factors))}"
        return super()._print_Mul(expr)

    def _print_Pi(self, expr: sp.Expr) -> str:
        return r"\pi"

    def _print_Abs(self, expr: sp.Abs, exp: str | None = None) -> str:
        text = rf"\left|{self._print(data_first(expr.args[0]))}\right|"
        return rf"{text}^{{{exp}}}" if exp is not None else text

    def _print_Likelihood(self, expr: sp.Expr) -> str:
        return "L(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_LogLikelihood(self, expr: sp.Expr) -> str:
        return r"\ell(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_Density(self, expr: sp.Expr) -> str:
        variable, *params = expr.args
        return f"f({self._print(variable)}; " + ", ".join(self._print(a) for a in params) + ")"

    def _print_Hat(self, expr: sp.Expr, exp: str | None = None) -> str:
        (arg,) = expr.args
        base, power = latex_base(arg.name) if isinstance(arg, sp.Symbol) else (self._print(arg), "")
        text = rf"\hat{{{base}}}{power}"
        if exp is not None:
            return rf"\left({text}\right)^{{{exp}}}"
        return text

    def _print_Partial(self, expr: sp.Expr) -> str:
        if len(expr.args) == 1:
            return rf"\frac{{\partial \ell}}{{\partial {self._print(expr.args[0])}}}"
        first, second = expr.args
        if first == second:
            return rf"\frac{{\partial^{{2}} \ell}}{{\partial {self._parenthesize_name(first)}^{{2}}}}"
        return rf"\frac{{\partial^{{2}} \ell}}{{\partial {self._print(first)}\, \partial {self._print(second)}}}"

    def _parenthesize_name(self, symbol: sp.Basic) -> str:
        text = self._print(symbol)
        return rf"\left({text}\right)" if "^" in text else text

    def _print_InSupport(self, expr: sp.Expr) -> str:
        x, lower, upper, lower_closed, upper_closed, discrete, values = expr.args
        p = self._print
        if len(values):
            return rf"{p(x)} \in \{{{', '.join(p(v) for v in values)}\}}"
        if discrete:
            if upper == sp.S.Infinity:
                return rf"{p(x)} \in \{{{p(lower)}, {p(lower + 1)}, \dots\}}"
            return rf"{p(x)} \in \{{{p(lower)}, \dots, {p(upper)}\}}"
        le_lower = r"\le" if lower_closed else "<"
        le_upper = r"\le" if upper_closed else "<"
        if upper == sp.S.Infinity and lower != sp.S.NegativeInfinity:
            ge = r"\ge" if lower_closed else ">"
            return f"{p(x)} {ge} {p(lower)}"
        left = "" if lower == sp.S.NegativeInfinity else f"{p(lower)} {le_lower} "
        right = "" if upper == sp.S.Infinity else f" {le_upper} {p(upper)}"
        return left + p(x) + right

    def _print_Indicator(self, expr: sp.Expr) -> str:
        return r"\mathbf{1}\left\{" + self._print(expr.args[0]) + r"\right\}"

    def _print_SampleMean(self, expr: sp.Expr, exp: str | None = None) -> str:
        text = rf"\bar{{{self._print(expr.args[0])}}}"
        return f"{text}^{{{exp}}}" if exp is not None else text

    def _order_statistic(self, text: str, exp: str | None) -> str:
        return rf"\left({text}\right)^{{{exp}}}" if exp is not None else text

    def _print_SampleMin(self, expr: sp.Expr, exp: str | None = None) -> str:
        return self._order_statistic(rf"{self._print(expr.args[0])}_{{(1)}}", exp)

    def _print_SampleMax(self, expr: sp.Expr, exp: str | None = None) -> str:
        return self._order_statistic(rf"{self._print(expr.args[0])}_{{(n)}}", exp)

    def _print_SampleMaxAbs(self, expr: sp.Expr, exp: str | None = None) -> str:
        x = self._print(expr.args[0])
        return self._order_statistic(rf"\max_{{i}} \left|{x}_{{i}}\right|", exp)

    def _print_SampleMedian(self, expr: sp.Expr, exp: str | None = None) -> str:
        x = self._print(expr.args[0])
        return self._order_statistic(rf"\operatorname{{med}}({x}_1, \dots, {x}_n)", exp)

    def _print_polygamma(self, expr: sp.Expr, exp: str | None = None) -> str:
        order, arg = expr.args
        name = {0: r"\psi", 1: r"\psi'"}.get(int(order), rf"\psi^{{({order})}}") if order.is_Integer else r"\psi"
        text = rf"{name}\left({self._print(arg)}\right)"
        return rf"\left({text}\right)^{{{exp}}}" if exp is not None else text

    def _print_ConditionalDensity(self, expr: sp.Expr) -> str:
        response, covariates, *parameters = expr.args
        given = ", ".join(self._print(c) for c in covariates)
        return rf"f({self._print(response)} \mid {given}; " + ", ".join(self._print(p) for p in parameters) + ")"

    def _print_FisherInformation(self, expr: sp.Expr) -> str:
        return r"\mathcal{I}(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_AsymptoticVariance(self, expr: sp.Expr) -> str:
        return r"\operatorname{AVar}(" + self._print(expr.args[0]) + ")"

    def _print_InverseInformationEntry(self, expr: sp.Expr) -> str:
        return r"\left[\mathcal{I}^{-1}\right]_{" + self._print(expr.args[0]) + "}"

    def _print_Bias(self, expr: sp.Expr) -> str:
        return r"\operatorname{E}\left[" + self._print(expr.args[0]) + r"\right]"

    def _print_Named(self, expr: sp.Expr) -> str:
        name, hat = expr.args
        text = r"\mathrm{" + str(name).replace("_", r"\_") + "}"
        return r"\widehat{" + text + "}" if hat else text

    def _print_Coefficient(self, expr: sp.Expr) -> str:
        return rf"\left[\left(X^{{T}} X\right)^{{-1}} X^{{T}} y\right]_{{{expr.args[0]}}}"

    def _print_ResidualVariance(self, expr: sp.Expr) -> str:
        return r"\frac{1}{n} \left(y - X \hat{\beta}\right)^{T} \left(y - X \hat{\beta}\right)"

    def _print_SquaredLength(self, expr: sp.Expr) -> str:
        inner = self._print(expr.args[0])
        return rf"\left({inner}\right)^{{T}} \left({inner}\right)"
