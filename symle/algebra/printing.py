"""Printers: LaTeX and one-line text for the expressions of a derivation, with symle's names."""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from symle.algebra import notation
from symle.algebra.names import latex_base, latex_name, text_name
from symle.algebra.sample import SampleMax, SampleMean, SampleMin
from symle.algebra.sums import observation_negated


def _is_simple(expr: sp.Basic) -> bool:
    return isinstance(expr, (sp.Symbol, sp.Indexed, SampleMean, SampleMin, SampleMax, notation.Hat)) or (
        isinstance(expr, sp.Number) and expr >= 0
    )


def _textbook_order(terms: list[sp.Basic]) -> list[sp.Basic]:
    """Terms with a plus sign first (n log lambda - lambda sum x_i; x_i - x-bar), else SymPy's order."""
    return sorted(terms, key=lambda t: t.could_extract_minus_sign())


def _data_first(arg: sp.Expr) -> sp.Expr:
    """|med - x_i| is printed |x_i - med|: the observation leads, as in a textbook."""
    return -arg if observation_negated(arg) else arg


class SymleLatexPrinter(LatexPrinter):
    """SymPy's LaTeX printer with textbook conventions: sigma2 as sigma^2, x_i, log x without
    parentheses around a single symbol, 1/n before a sum, hats and partials."""

    printmethod = "_symle_latex"

    def _as_ordered_terms(self, expr: sp.Basic, order: str | None = None) -> list[sp.Basic]:
        return _textbook_order(super()._as_ordered_terms(expr, order))

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
        text = rf"\log {inner}" if _is_simple(arg) else rf"\log\left({inner}\right)"
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
        text = rf"\left|{self._print(_data_first(expr.args[0]))}\right|"
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
        return support_latex(self, expr.args)

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

    def _print_SampleMedian(self, expr: sp.Expr, exp: str | None = None) -> str:
        x = self._print(expr.args[0])
        return self._order_statistic(rf"\operatorname{{med}}({x}_1, \dots, {x}_n)", exp)

    def _print_polygamma(self, expr: sp.Expr, exp: str | None = None) -> str:
        order, arg = expr.args
        name = {0: r"\psi", 1: r"\psi'"}.get(int(order), rf"\psi^{{({order})}}") if order.is_Integer else r"\psi"
        text = rf"{name}\left({self._print(arg)}\right)"
        return rf"\left({text}\right)^{{{exp}}}" if exp is not None else text


class SymleTextPrinter(StrPrinter):
    """One-line Unicode text: λ, σ², x_i, Σ, x̄, x₍₁₎."""

    printmethod = "_symle_text"

    def _as_ordered_terms(self, expr: sp.Basic, order: str | None = None) -> list[sp.Basic]:
        return _textbook_order(super()._as_ordered_terms(expr, order))

    def _print_Symbol(self, expr: sp.Symbol) -> str:
        return text_name(expr.name)

    _print_Dummy = _print_Symbol

    def _print_IndexedBase(self, expr: sp.IndexedBase) -> str:
        return text_name(expr.label.name)

    def _print_Indexed(self, expr: sp.Indexed) -> str:
        index = ",".join(self._print(ix) for ix in expr.indices)
        return f"{text_name(expr.base.label.name)}_{index}"

    def _print_Sum(self, expr: sp.Sum) -> str:
        body = self._print(expr.function)
        if isinstance(expr.function, sp.Add):
            body = f"({body})"
        return f"Σ {body}"

    def _print_Product(self, expr: sp.Product) -> str:
        body = self._print(expr.function)
        return f"Π {body}" if isinstance(expr.function, (sp.Symbol, sp.Indexed)) else f"Π ({body})"

    def _print_Pi(self, expr: sp.Expr) -> str:
        return "π"

    def _print_exp(self, expr: sp.Expr) -> str:
        arg = self._print(expr.args[0])
        return f"e^{arg}" if expr.args[0].is_Atom and not arg.startswith("-") else f"e^({arg})"

    def _print_factorial(self, expr: sp.Expr) -> str:
        arg = expr.args[0]
        return f"{self._print(arg)}!" if arg.is_Atom or isinstance(arg, sp.Indexed) else f"({self._print(arg)})!"

    def _print_gamma(self, expr: sp.Expr) -> str:
        return f"Γ({self._print(expr.args[0])})"

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:
        base = self._print(expr.base)
        if base.endswith("²") and expr.exp not in (sp.S.Half, -sp.S.Half) and expr.exp != -1:
            positive = -expr.exp if expr.exp.could_extract_minus_sign() else expr.exp
            exponent = self._print(positive)
            if not (positive.is_Atom):
                exponent = f"({exponent})"
            if positive is not expr.exp:
                return f"1/({base})^{exponent}"
            return f"({base})^{exponent}"
        return super()._print_Pow(expr, rational)

    def _print_MatrixSymbol(self, expr: sp.MatrixSymbol) -> str:
        return text_name(expr.name)

    def _print_Transpose(self, expr: sp.Expr) -> str:
        return (
            self.parenthesize(expr.arg, 1000) + "ᵀ"
            if not isinstance(expr.arg, sp.MatrixSymbol)
            else self._print(expr.arg) + "ᵀ"
        )

    def _print_Inverse(self, expr: sp.Expr) -> str:
        return f"({self._print(expr.arg)})⁻¹"

    def _print_MatMul(self, expr: sp.Expr) -> str:
        factors = [a for a in expr.args if a != 1]
        sign = ""
        if factors and factors[0] == -1:
            sign, factors = "-", factors[1:]
        return sign + "".join(
            f"({self._print(a)})"
            if isinstance(a, sp.MatAdd)
            else f"{self._print(a)}·"
            if a.is_Number or a.is_commutative
            else self._print(a)
            for a in factors
        )

    def _print_MatrixBase(self, expr: sp.MatrixBase) -> str:
        return "[" + "; ".join(", ".join(self._print(e) for e in expr.row(r)) for r in range(expr.rows)) + "]"

    _print_MutableDenseMatrix = _print_MatrixBase
    _print_ImmutableDenseMatrix = _print_MatrixBase

    def _print_Abs(self, expr: sp.Abs) -> str:
        return "|" + self._print(_data_first(expr.args[0])) + "|"

    def _print_Exp1(self, expr: sp.Expr) -> str:
        return "e"

    def _print_Likelihood(self, expr: sp.Expr) -> str:
        return "L(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_LogLikelihood(self, expr: sp.Expr) -> str:
        return "ℓ(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_Density(self, expr: sp.Expr) -> str:
        variable, *params = expr.args
        return f"f({self._print(variable)}; " + ", ".join(self._print(a) for a in params) + ")"

    def _print_Hat(self, expr: sp.Expr) -> str:
        name = self._print(expr.args[0])
        return name[0] + "\u0302" + name[1:]

    def _print_Partial(self, expr: sp.Expr) -> str:
        if len(expr.args) == 1:
            return f"∂ℓ/∂{self._print(expr.args[0])}"
        first, second = expr.args
        if first == second:
            name = self._print(first)
            return f"∂²ℓ/∂({name})²" if name.endswith("²") else f"∂²ℓ/∂{name}²"
        return f"∂²ℓ/∂{self._print(first)}∂{self._print(second)}"

    def _print_InSupport(self, expr: sp.Expr) -> str:
        x, lower, upper, lower_closed, upper_closed, discrete, values = expr.args
        p = self._print
        if len(values):
            return f"{p(x)} ∈ {{{', '.join(p(v) for v in values)}}}"
        if discrete:
            tail = f"{p(lower + 1)}, ..." if upper == sp.S.Infinity else f"..., {p(upper)}"
            return f"{p(x)} ∈ {{{p(lower)}, {tail}}}"
        if upper == sp.S.Infinity and lower != sp.S.NegativeInfinity:
            return f"{p(x)} {'≥' if lower_closed else '>'} {p(lower)}"
        left = "" if lower == sp.S.NegativeInfinity else f"{p(lower)} {'≤' if lower_closed else '<'} "
        right = "" if upper == sp.S.Infinity else f" {'≤' if upper_closed else '<'} {p(upper)}"
        return left + p(x) + right

    def _print_Indicator(self, expr: sp.Expr) -> str:
        return "1{" + self._print(expr.args[0]) + "}"

    def _print_SampleMean(self, expr: sp.Expr) -> str:
        return self._print(expr.args[0]) + "\u0304"

    def _print_SampleMin(self, expr: sp.Expr) -> str:
        return self._print(expr.args[0]) + "₍₁₎"

    def _print_SampleMax(self, expr: sp.Expr) -> str:
        return self._print(expr.args[0]) + "₍ₙ₎"

    def _print_SampleMedian(self, expr: sp.Expr) -> str:
        return f"med({self._print(expr.args[0])})"

    def _print_polygamma(self, expr: sp.Expr) -> str:
        order, arg = expr.args
        return ("ψ" if order == 0 else "ψ'" if order == 1 else f"ψ^({order})") + f"({self._print(arg)})"


_LATEX = SymleLatexPrinter()
_TEXT = SymleTextPrinter()


def latex(expr: sp.Basic) -> str:
    """LaTeX of an expression in symle's notation."""
    return _LATEX.doprint(expr)


def text(expr: sp.Basic) -> str:
    """One-line Unicode text of an expression in symle's notation."""
    return _TEXT.doprint(expr).replace("**", "^")


def sympy_syntax(expr: sp.Basic) -> str:
    """SymPy syntax as the JSON prints it: names as declared, x[i], Sum(..., (i, 1, n))."""
    from symle.algebra.sample import plain

    return sp.sstr(plain(expr), order=None)


__all__ = ["latex", "text", "sympy_syntax"]


def support_latex(printer: LatexPrinter, args: tuple[sp.Basic, ...]) -> str:
    x, lower, upper, lower_closed, upper_closed, discrete, values = args
    p = printer._print
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
