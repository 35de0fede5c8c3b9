"""The one-line text printer (λ, σ², x_i, Σ, x̄, x₍₁₎) and the SymPy-syntax printer of the JSON."""

from __future__ import annotations

import sympy as sp
from sympy.printing.str import StrPrinter

from symle.algebra.names import text_name
from symle.algebra.textbook import data_first, textbook_order


class SymleTextPrinter(StrPrinter):
    """One-line Unicode text: λ, σ², x_i, Σ, x̄, x₍₁₎."""

    # no class's own printing method (Indexed._sympystr, ...) takes over from the _print_ methods here
    printmethod = "_symle_text"

    def _as_ordered_terms(self, expr: sp.Basic, order: str | None = None) -> list[sp.Basic]:
        return textbook_order(super()._as_ordered_terms(expr, order), expr)

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

    _sums_in_parentheses = False

    def parenthesize(self, item: sp.Basic, level: int, strict: bool = False) -> str:
        if self._sums_in_parentheses and isinstance(item, (sp.Sum, sp.Product)):
            return f"({self._print(item)})"
        return super().parenthesize(item, level, strict)

    def _print_Mul(self, expr: sp.Mul) -> str:
        """Σ x_i*Σ y_i would read as one sum: with two sums in a product, each is parenthesised."""
        if sum(isinstance(f, (sp.Sum, sp.Product)) for f in sp.Mul.make_args(expr)) < 2:
            return super()._print_Mul(expr)
        self._sums_in_parentheses = True
        try:
            return super()._print_Mul(expr)
        finally:
            self._sums_in_parentheses = False

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:
        if isinstance(expr.base, (sp.Sum, sp.Product)) and expr.exp != -1 and expr.exp != sp.S.Half:
            # (Σ x_i)^2, not Σ x_i^2
            exponent = self._print(expr.exp)
            plain = (expr.exp.is_Integer and expr.exp > 0) or expr.exp.is_Symbol
            exponent = exponent if plain else f"({exponent})"
            return f"({self._print(expr.base)})^{exponent}"
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
        return "|" + self._print(data_first(expr.args[0])) + "|"

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

    def _print_SampleMaxAbs(self, expr: sp.Expr) -> str:
        return f"max|{self._print(expr.args[0])}ᵢ|"

    def _print_SampleMedian(self, expr: sp.Expr) -> str:
        return f"med({self._print(expr.args[0])})"

    def _print_polygamma(self, expr: sp.Expr) -> str:
        order, arg = expr.args
        return ("ψ" if order == 0 else "ψ'" if order == 1 else f"ψ^({order})") + f"({self._print(arg)})"

    def _print_ConditionalDensity(self, expr: sp.Expr) -> str:
        response, covariates, *parameters = expr.args
        given = ", ".join(self._print(c) for c in covariates)
        return f"f({self._print(response)} | {given}; " + ", ".join(self._print(p) for p in parameters) + ")"

    def _print_FisherInformation(self, expr: sp.Expr) -> str:
        return "I(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_AsymptoticVariance(self, expr: sp.Expr) -> str:
        return "AVar(" + self._print(expr.args[0]) + ")"

    def _print_InverseInformationEntry(self, expr: sp.Expr) -> str:
        k = self._print(expr.args[0])
        return f"[I⁻¹]_{k}{k}" if len(k) == 1 else f"[I⁻¹]_({k},{k})"  # the k-th diagonal entry

    def _print_Bias(self, expr: sp.Expr) -> str:
        return "E[" + self._print(expr.args[0]) + "]"

    def _print_Named(self, expr: sp.Expr) -> str:
        name, hat = expr.args
        return f"{name}\u0302" if hat else str(name)

    def _print_Coefficient(self, expr: sp.Expr) -> str:
        return f"[(XᵀX)⁻¹Xᵀy]_{expr.args[0]}"

    def _print_ResidualVariance(self, expr: sp.Expr) -> str:
        return "(y − Xβ̂)ᵀ(y − Xβ̂)/n"

    def _print_SquaredLength(self, expr: sp.Expr) -> str:
        inner = self._print(expr.args[0])
        return f"({inner})ᵀ({inner})"


class SyntaxPrinter(StrPrinter):
    """SymPy syntax as the JSON prints it and symle.parse_expression reads back: Sum(...), x[i], and
    the sample statistics as str() prints them (Max(x))."""

    def _print_Coefficient(self, expr: sp.Expr) -> str:
        return f"((X.T*X)**(-1)*X.T*y)[{expr.args[0]}]"

    def _print_ResidualVariance(self, expr: sp.Expr) -> str:
        return "(y - X*beta_hat).T*(y - X*beta_hat)/n"

    def _print_SquaredLength(self, expr: sp.Expr) -> str:
        inner = self._print(expr.args[0])
        return f"({inner}).T*({inner})"
