"""The one-line text printer (λ, σ², x_i, Σ, x̄, x₍₁₎) and the SymPy-syntax printer of the JSON."""

from __future__ import annotations

import sympy as sp
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.str import StrPrinter

from symle.algebra import notation
from symle.algebra.names import text_name
from symle.algebra.text_layout import juxtaposed, superscript
from symle.algebra.textbook import (
    data_first,
    factor_order,
    is_simple,
    negative_power,
    observation_first,
    textbook_order,
)


class SymleTextPrinter(StrPrinter):
    """One-line Unicode text: λ, σ², x_i, Σ, x̄, x₍₁₎."""

    # no class's own printing method (Indexed._sympystr, ...) takes over from the _print_ methods here
    printmethod = "_symle_text"

    def _as_ordered_terms(self, expr: sp.Basic, order: str | None = None) -> list[sp.Basic]:
        # order "none" is only for the factors of the product being printed (_print_Mul)
        return textbook_order(super()._as_ordered_terms(expr, None if order == "none" else order), expr)

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
        arg = expr.args[0]
        flipped = observation_first(arg)
        if flipped is not None:  # e^(-(x - μ)/s), not e^((μ - x)/s)
            arg = sp.Mul(-1, flipped, evaluate=False)
        inline = juxtaposed(self._print(arg).replace("**", "^"))
        if arg.is_Atom and not inline.startswith("-"):
            return f"e^{inline}"
        compound = "/(" in inline or "e^" in inline or "exp(" in inline or len(inline) > 40
        if compound or ("Σ" in inline and "/" in inline):
            return f"exp({inline})"  # exp(-Σ (x_i - μ)²/(2σ²)), as a textbook writes a long exponent
        return f"e^({inline})"

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

    _logs_in_parentheses: frozenset[sp.Basic] | set[sp.Basic] = frozenset()

    def _print_Mul(self, expr: sp.Mul) -> str:
        """Σ x_i*Σ y_i would read as one sum: with two sums in a product, each is parenthesised; a
        product held unevaluated (a display form) keeps the order it was written in."""
        if not any(isinstance(a, sp.Number) for a in expr.args) and sp.Mul(*expr.args) != expr:
            return self._written(expr)
        previous = self._sums_in_parentheses, self._logs_in_parentheses, self._settings["order"]
        coefficient, rest = expr.as_coeff_Mul()
        factors = factor_order(rest.as_ordered_factors())  # as the LaTeX orders them: Σ x_i log p
        factors = factors if coefficient == 1 else [coefficient, *factors]
        self._sums_in_parentheses = sum(isinstance(f, (sp.Sum, sp.Product)) for f in factors) >= 2
        numerator = [f for f in factors if not (isinstance(f, sp.Pow) and negative_power(f.exp))]
        if sp.fraction(expr)[1] != 1:  # log(λ)/k, never log λ/k
            numerator = numerator[:0]
        # a log followed by another factor keeps its parentheses: log(x_i) y_i, never log x_i y_i
        bare = numerator[-1:] if numerator and isinstance(numerator[-1], sp.log) else []
        self._logs_in_parentheses = previous[1] | {f for f in factors if isinstance(f, sp.log) and f not in bare}
        self._settings["order"] = "none"
        try:
            return super()._print_Mul(sp.Mul._from_args(factors))
        finally:
            self._sums_in_parentheses, self._logs_in_parentheses, self._settings["order"] = previous

    def _written(self, expr: sp.Mul) -> str:
        top = [f for f in expr.args if not (isinstance(f, sp.Pow) and negative_power(f.exp))]
        bottom = [sp.Pow(f.base, -f.exp) for f in expr.args if f not in top]
        numerator = "*".join(self.parenthesize(f, PRECEDENCE["Mul"]) for f in top) if top else "1"
        if not bottom:
            return numerator
        denominator = "*".join(self.parenthesize(f, PRECEDENCE["Mul"]) for f in bottom)
        if len(bottom) > 1 or isinstance(bottom[0], sp.Mul):
            denominator = f"({denominator})"
        return f"{numerator}/{denominator}"

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:
        base, power = expr.base, expr.exp
        if power == sp.Rational(-1, 2) and isinstance(base, (sp.Mul, sp.Add)):
            return f"({self._print(base)})^(-1/2)"  # (2πσ²)^(-1/2), as written
        if isinstance(base, (sp.Sum, sp.Product)) and power != -1 and power != sp.S.Half:
            # (Σ x_i)^2, not Σ x_i^2
            if power.is_Integer and 1 < power < 10:
                return f"({self._print(base)}){superscript(int(power))}"
            exponent = self._print(power)
            plain = (power.is_Integer and power > 0) or power.is_Symbol
            exponent = exponent if plain else f"({exponent})"
            return f"({self._print(base)})^{exponent}"
        if isinstance(power, (sp.Sum, sp.Product)):  # λ^(Σ x_i), never λ^Σ x_i e^(-nλ)
            return f"{self.parenthesize(base, PRECEDENCE['Pow'], strict=True)}^({self._print(power)})"
        if power.is_Integer and -10 < power < -1 and not isinstance(base, sp.exp):
            return "1/" + self.parenthesize(sp.Pow(base, -power), PRECEDENCE["Mul"], strict=True)  # 1/σ⁶
        if power.is_Integer and 1 < power < 10 and not isinstance(base, sp.exp):
            text = self._print(base)
            if isinstance(base, (sp.Symbol, notation.Hat)) and text.endswith("²"):
                return text[:-1] + superscript(2 * int(power))  # (σ²)² is σ⁴
            return self.parenthesize(base, PRECEDENCE["Pow"], strict=True) + superscript(int(power))
        return super()._print_Pow(expr, rational)

    def _print_log(self, expr: sp.Expr) -> str:
        arg = expr.args[0]
        if is_simple(arg) and expr not in self._logs_in_parentheses:
            return f"log {self._print(arg)}"  # log λ, log x_i
        return f"log({self._print(arg)})"

    def _print_EulerGamma(self, expr: sp.Expr) -> str:
        return "γ"

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

    def _print_Curvature(self, expr: sp.Expr) -> str:
        function, variable = expr.args
        return f"d²/d{self._print(variable)}² {self._print(function)}"

    def _print_Standard(self, expr: sp.Expr) -> str:
        z, log = expr.args
        return ("log g" if log else "g") + f"({self._print(z)})"

    def _print_Profile(self, expr: sp.Expr) -> str:
        symbol, *given = expr.args
        return self._print_Hat(notation.Hat(symbol)) + "(" + ", ".join(self._print(g) for g in given) + ")"

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
        condition = self._print(expr.args[0]).replace(" <= ", " ≤ ").replace(" >= ", " ≥ ")
        return "1{" + condition + "}"

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
