"""The LaTeX printer: SymPy's, with textbook conventions and symle's notation (one _print_ a class)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.simplify.radsimp import fraction

from symle.algebra.latex_notation import NotationLatex
from symle.algebra.names import latex_base, latex_name, latex_word
from symle.algebra.textbook import (
    data_first,
    display_size,
    factor_order,
    is_simple,
    negative_power,
    observation_first,
    simple_denominator,
    textbook_order,
)

_N = sp.Symbol("n", integer=True, positive=True)


class SymleLatexPrinter(NotationLatex, LatexPrinter):
    """SymPy's LaTeX printer with textbook conventions: sigma2 as sigma^2, x_i, log x without
    parentheses around a single symbol, 1/n before a sum, hats and partials."""

    # no class's own printing method (Indexed._sympystr, ...) takes over from the _print_ methods here
    printmethod = "_symle_latex"

    def _as_ordered_terms(self, expr: sp.Basic, order: str | None = None) -> list[sp.Basic]:
        return textbook_order(super()._as_ordered_terms(expr, order), expr)

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__({"mul_symbol": None, "fold_short_frac": False, "fold_frac_powers": True, **(settings or {})})
        self._folding = 0  # inside an inline exponent: fractions are written a/b, never \frac

    # ---------------------------------------------------------------------------------------------
    # exponents: inline, so no \frac in them; e^{...} only for a short one, \exp\{...\} otherwise

    @contextlib.contextmanager
    def _inline(self) -> Iterator[None]:
        self._folding += 1
        try:
            yield
        finally:
            self._folding -= 1

    def _exponent(self, expr: sp.Basic) -> str:
        """An exponent as it is set inline: n/2, x/lambda, (mu - x)/s."""
        with self._inline():
            return self._print(expr)

    def _print_ExpBase(self, expr: sp.Expr, exp: str | None = None) -> str:
        arg = expr.args[0]
        flipped = observation_first(arg)
        if flipped is not None:  # e^{-(x - mu)/s}, not e^{(mu - x)/s}
            arg = sp.Mul(-1, flipped, evaluate=False)
        inline = self._exponent(arg)
        compound = "/(" in inline or r"\frac" in inline or "e^{" in inline or r"\exp" in inline
        with_sum = r"\sum" in inline or r"\prod" in inline
        divided = "/" in re.sub(r"\\left\(.*?\\right\)", "", inline)  # -sum |x_i - mu|/b, not (x_i/lambda)^k
        if not compound and not (with_sum and divided) and len(inline) <= 48:
            tex = rf"e^{{{inline}}}"
        else:
            body = self._print(arg) if not self._folding else inline
            tall = any(tall in body for tall in (r"\frac", r"\sum", r"\prod", r"\left"))
            tex = rf"\exp\left\{{{body}\right\}}" if tall else rf"\exp\{{{body}\}}"
        return self._do_exponent(tex, exp)

    def _helper_print_standard_power(self, expr: sp.Pow, template: str) -> str:
        base, power = expr.base, expr.exp
        if isinstance(base, sp.Symbol) and power.is_Integer and power > 0:
            stem, own = latex_base(base.name)
            if own.startswith("^{") and own[2:-1].isdigit():  # (sigma^2)^2 is sigma^4
                return f"{stem}^{{{int(own[2:-1]) * int(power)}}}"
        exponent = self._exponent(power)
        text = self.parenthesize(base, sp.printing.precedence.PRECEDENCE["Pow"])
        if isinstance(base, sp.Symbol):
            text = self.parenthesize_super(text)
        elif base.is_Float:
            text = f"{{{text}}}"
        return template % (text, exponent)

    def _print_Pow(self, expr: sp.Pow) -> str:
        base, power = expr.base, expr.exp
        if power == sp.Rational(-1, 2) and isinstance(base, (sp.Mul, sp.Add)):
            return rf"\left({self._print(base)}\right)^{{-1/2}}"  # (2 pi sigma^2)^{-1/2}, as written
        if self._folding and power.is_negative and power.is_Rational:
            return self._print_Mul(expr)
        own = f"_print_{type(base).__name__}" in SymleLatexPrinter.__dict__
        if isinstance(base, sp.Function) and not power.is_Rational and own:
            return self._print(base, exp=self._exponent(power))
        if isinstance(base, sp.Function) and not isinstance(base, sp.exp) and not (power.is_Rational and own):
            if power.is_Rational and power.q == 2 and abs(power.p) == 1:
                return super()._print_Pow(expr)
            if power.is_negative and power.is_Rational:
                return self._print_Mul(expr)
            return rf"{self._print(base)}^{{{self._exponent(power)}}}"  # Gamma(alpha)^{-n}
        return super()._print_Pow(expr)

    def _needs_mul_brackets(self, expr: sp.Basic, first: bool = False, last: bool = False) -> bool:
        # p^{sum x_i} and e^{-lambda sum x_i} hold their sum in the exponent, (prod x_i)^{k-1} in its own
        # parentheses: neither needs brackets in a product
        if isinstance(expr, sp.exp) or (
            isinstance(expr, sp.Pow) and (expr.exp.is_positive or not expr.exp.is_Rational)
        ):
            return False
        return super()._needs_mul_brackets(expr, first=first, last=last)

    def _product(self, factors: list[sp.Basic]) -> str:
        """Factors in the order given, bracketed where SymPy would bracket them."""
        if len(factors) == 1:
            return self._print(factors[0])
        out = ""
        for k, factor in enumerate(factors):
            tex = self._print(factor)
            # a sum before a factor free of its index reads the same either way: sum x_i log p
            last = k == len(factors) - 1 or (
                isinstance(factor, sp.Sum) and not any(isinstance(f, (sp.Sum, sp.Product)) for f in factors[k + 1 :])
            )
            if self._needs_mul_brackets(factor, first=k == 0, last=last):
                tex = rf"\left({tex}\right)"
            if out:
                out += r" \cdot " if out[-1].isdigit() and tex[0].isdigit() else " "
            out += tex
        return out

    def _fraction(self, expr: sp.Expr) -> str:
        """A product as a textbook orders it (numbers, n, parameters, sums, then logs), over its
        denominator; inside an exponent the fraction is written inline."""
        numer, denom = fraction(expr, exact=True)
        top = self._product(factor_order(numer.as_ordered_factors()))
        if denom == 1:
            return top
        bottom = self._product(factor_order(denom.as_ordered_factors(), denominator=True))
        if not self._folding:
            factors = numer.as_ordered_factors()
            logs = [f for f in factors if isinstance(f, sp.log)]
            if denom.is_Integer and len(logs) == 1 and len(factors) > 1:
                # (n/2) log(2 pi sigma^2), as textbooks write it, not n log(2 pi sigma^2)/2
                rest = self._product(factor_order([f for f in factors if f is not logs[0]]))
                return rf"\frac{{{rest}}}{{{bottom}}} {self._print(logs[0])}"
            if isinstance(factors[-1], sp.exp) and self._print(factors[-1]).startswith(r"\exp"):
                # (1/beta) exp{...}: a tall exponential stays out of the fraction
                rest = self._product(factor_order(factors[:-1])) if len(factors) > 1 else "1"
                return rf"\frac{{{rest}}}{{{bottom}}} {self._print(factors[-1])}"
            return rf"\frac{{{top}}}{{{bottom}}}"
        if isinstance(numer, sp.Add):
            top = rf"\left({self._print(numer)}\right)"
        if not simple_denominator(denom):
            bottom = rf"\left({bottom}\right)"
        return f"{top}/{bottom}"

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

    def _written(self, expr: sp.Mul) -> str:
        """A product held unevaluated (a display form): its factors in the order written, a factor
        with a negative integer power in the denominator."""
        top = [f for f in expr.args if not (isinstance(f, sp.Pow) and negative_power(f.exp))]
        bottom = [sp.Pow(f.base, -f.exp) for f in expr.args if f not in top]
        if not bottom:
            return self._product(top)
        if self._folding:
            numerator = self._product(top) if top else "1"
            denominator = self._product(bottom)
            if len(top) == 1 and isinstance(top[0], sp.Add):
                numerator = rf"\left({numerator}\right)"
            if len(bottom) > 1 or not simple_denominator(bottom[0]):
                denominator = rf"\left({denominator}\right)"
            return f"{numerator}/{denominator}"
        kernel = ""
        if isinstance(top[-1], sp.exp) and self._print(top[-1]).startswith(r"\exp"):
            kernel = " " + self._print(top.pop())  # 1/(x sqrt(2 pi sigma^2)) exp{...}: the kernel last
        numerator = self._product(top) if top else "1"
        return rf"\frac{{{numerator}}}{{{self._product(bottom)}}}{kernel}"

    def _print_Mul(self, expr: sp.Mul) -> str:
        if (
            isinstance(expr, sp.Mul)
            and not any(isinstance(a, sp.Number) for a in expr.args)
            and sp.Mul(*expr.args) != expr
        ):
            return self._written(expr)
        if isinstance(expr, sp.Mul) and (
            expr.args[0] is sp.S.One or any(isinstance(a, sp.Number) for a in expr.args[1:])
        ):
            return super()._print_Mul(expr)  # unevaluated, as written
        if expr.could_extract_minus_sign():
            rest = -expr
            text = self._print(rest)
            return "- " + (rf"\left({text}\right)" if isinstance(rest, sp.Add) else text)
        # (1/n) * sum ... reads better than sum .../n, as textbooks write a mean.
        numer, denom = expr.as_numer_denom()
        if not self._folding and denom != 1 and isinstance(numer, (sp.Mul, sp.Sum)):
            sums = [f for f in sp.Mul.make_args(numer) if isinstance(f, sp.Sum) and sp.fraction(f.function)[1] != 1]
            if len(sums) == 1:  # (2/s) sum e^{...}/(1 + e^{...}), not a fraction over a fraction
                rest = numer / sums[0]
                return rf"\frac{{{self._print(rest)}}}{{{self._print(denom)}}} {self._print(sums[0])}"
        if not self._folding and (denom == _N or denom.is_Integer and denom > 1):
            factors = sp.Mul.make_args(numer)
            if any(isinstance(f, sp.Sum) for f in factors) and not isinstance(numer, sp.Add):
                coefficient = sp.Integer(1)
                if factors and factors[0].is_Number:
                    coefficient, factors = factors[0], factors[1:]
                sign = "- " if coefficient < 0 else ""
                scale = rf"\frac{{{self._print(abs(coefficient))}}}{{{self._print(denom)}}}"
                return f"{sign}{scale} {self._print(sp.Mul(*factors))}"
        return self._fraction(expr)

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
        if exp is None:
            return text
        if not power:
            return rf"{text}^{{{exp}}}"
        if power.startswith("^{") and power[2:-1].isdigit() and exp.isdigit():  # (sigma-hat^2)^2: sigma-hat^4
            return rf"\hat{{{base}}}^{{{int(power[2:-1]) * int(exp)}}}"
        return rf"\left({text}\right)^{{{exp}}}"

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
        if exp is None:
            return text
        if text.endswith(("_{(1)}", "_{(n)}")):
            return f"{text}^{{{exp}}}"  # x_{(1)}^{2}
        return rf"\left({text}\right)^{{{exp}}}"

    def _print_gamma(self, expr: sp.Expr, exp: str | None = None) -> str:
        arg = expr.args[0]
        text = rf"\Gamma({self._print(arg)})" if is_simple(arg) else rf"\Gamma\left({self._print(arg)}\right)"
        return f"{text}^{{{exp}}}" if exp is not None else text

    def _print_EulerGamma(self, expr: sp.Expr) -> str:
        return r"\gamma"

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
        text = rf"{name}({self._print(arg)})" if is_simple(arg) else rf"{name}\left({self._print(arg)}\right)"
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
        k = self._print(expr.args[0])  # the k-th diagonal entry: [I^{-1}]_{11}, [I^{-1}]_{12,12}
        return r"\left[\mathcal{I}^{-1}\right]_{" + (k + k if len(k) == 1 else f"{k},{k}") + "}"

    def _print_MatrixBase(self, expr: sp.MatrixBase) -> str:
        """A matrix with its fractions at display size (\\dfrac) and room between its rows."""
        rows = []
        for r in range(expr.rows):
            rows.append(" & ".join(display_size(self._print(expr[r, c])) for c in range(expr.cols)))
        return r"\left[\begin{matrix}" + r" \\[1ex] ".join(rows) + r"\end{matrix}\right]"

    def _print_Bias(self, expr: sp.Expr) -> str:
        return r"\operatorname{E}\left[" + self._print(expr.args[0]) + r"\right]"

    def _print_Named(self, expr: sp.Expr) -> str:
        name, hat = expr.args
        text = latex_word(str(name))
        return r"\widehat{" + text + "}" if hat else text

    def _print_Coefficient(self, expr: sp.Expr) -> str:
        return rf"\left[\left(X^{{T}} X\right)^{{-1}} X^{{T}} y\right]_{{{expr.args[0]}}}"

    def _print_ResidualVariance(self, expr: sp.Expr) -> str:
        return r"\frac{1}{n} \left(y - X \hat{\beta}\right)^{T} \left(y - X \hat{\beta}\right)"

    def _print_SquaredLength(self, expr: sp.Expr) -> str:
        inner = self._print(expr.args[0])
        return rf"\left({inner}\right)^{{T}} \left({inner}\right)"
