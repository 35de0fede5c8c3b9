"""The one-line text printer (λ, σ², x_i, Σ, x̄, x₍₁₎) and the SymPy-syntax printer of the JSON."""

from __future__ import annotations

import sympy as sp
from sympy.printing.precedence import PRECEDENCE, precedence
from sympy.printing.str import StrPrinter

from symle.algebra import notation
from symle.algebra.names import text_name
from symle.algebra.sample import n
from symle.algebra.signs import positive_base, printed_negative
from symle.algebra.text_layout import juxtaposed, plain_token, superscript
from symle.algebra.text_notation import TextNotation
from symle.algebra.textbook import (
    bracketed_function,
    data_first,
    exp_written_out,
    factor_order,
    is_simple,
    negated,
    negated_sum,
    negative_power,
    observation_first,
    sign_pulled,
    textbook_order,
)


def _last_factor(expr: sp.Basic) -> sp.Basic:
    """The factor a product prints last (a log, in textbook order), or the expression itself."""
    return factor_order(sp.Mul.make_args(expr))[-1] if isinstance(expr, sp.Mul) else expr


def _divides(text: str) -> bool:
    """Whether printed text divides outside any parentheses: (x_i - x̄)²/x_i, not e^(-x_i/β)."""
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "/" and depth == 0:
            return True
    return False


class SymleTextPrinter(TextNotation, StrPrinter):
    """One-line Unicode text: λ, σ², x_i, Σ, x̄, x₍₁₎."""

    # no class's own printing method (Indexed._sympystr, ...) takes over from the _print_ methods here
    printmethod = "_symle_text"

    def _as_ordered_terms(self, expr: sp.Basic, order: str | None = None) -> list[sp.Basic]:
        # order "none" is only for the factors of the product being printed (_print_Mul): a sum inside
        # that product is ordered as everywhere else, θ + 1 as in the LaTeX, never 1 + θ
        order = order or self.order
        terms = expr.as_ordered_terms() if order == "none" else super()._as_ordered_terms(expr, order)
        return textbook_order(terms, expr)

    def _print_Add(self, expr: sp.Add, order: str | None = None) -> str:
        """SymPy's, with the sign of each term as it is printed: -(α + 1) Σ log x_i, -(x - μ)/β."""
        out = ""
        for k, term in enumerate(self._as_ordered_terms(expr, order=order)):
            body = negated(term)
            if body is not None:
                out += " - " if k else "-"
                term = body
            elif k:
                out += " + "
            printed = self._print(term)
            out += f"({printed})" if isinstance(term, sp.Add) or precedence(term) < PRECEDENCE["Add"] else printed
        return out

    def _print_Symbol(self, expr: sp.Symbol) -> str:
        return text_name(expr.name)

    _print_Dummy = _print_Symbol

    def _print_IndexedBase(self, expr: sp.IndexedBase) -> str:
        return text_name(expr.label.name)

    def _print_Indexed(self, expr: sp.Indexed) -> str:
        index = ",".join(self._print(ix) for ix in expr.indices)
        return f"{text_name(expr.base.label.name)}_{index}"

    def _limits(self, expr: sp.Sum | sp.Product) -> str:
        """A sum over the sample (i = 1, ..., n) is understood; any other shows its limits: Σ_(j=0)^∞."""
        if len(expr.limits) != 1 or expr.limits[0][1:] == (1, n):
            return ""
        index, lower, upper = expr.limits[0]
        top = self._print(upper)
        return f"_({self._print(index)}={self._print(lower)})^" + (top if plain_token(top) else f"({top})")

    def _print_Sum(self, expr: sp.Sum) -> str:
        if printed_negative(expr.function):  # -Σ (x_i²/(...)), not Σ (-x_i²/(...))
            return "-" + self._print_Sum(sp.Sum(-expr.function, *expr.limits))
        body = self._print(expr.function)
        # Σ ((x_i - x̄)²/x_i): a quotient inside the sum in parentheses, so that n/Σ (x_i - x̄)²/x_i or
        # Σ (x_i - μ)²/x_i/(2μ²) never read as a division after the sum
        if isinstance(expr.function, sp.Add) or _divides(body):
            body = f"({body})"
        return f"Σ{self._limits(expr)} {body}"

    def _print_Product(self, expr: sp.Product) -> str:
        if len(expr.limits) > 1:  # Π_(j=1)^2 Π_(i=1)^n_j f(x_j,i; ...): the outer limit first
            outer = sp.Product(sp.Symbol("_"), expr.limits[-1])
            return f"Π{self._limits(outer)} {self._print(sp.Product(expr.function, *expr.limits[:-1]))}"
        body = self._print(expr.function)
        function = expr.function
        plain = isinstance(function, (sp.Symbol, sp.Indexed)) or bracketed_function(function)
        plain = plain and not isinstance(function, sp.factorial)  # Π (x_i!), never Π x_i!
        body = body if plain else f"({body})"  # Π x_i, Π Γ(r + x_i), Π (e^(x_i) + 1)
        return f"Π{self._limits(expr)} {body}"

    def _print_exp(self, expr: sp.Expr) -> str:
        arg = expr.args[0]
        flipped = observation_first(arg)
        if flipped is not None:  # e^(-(x - μ)/s), not e^((μ - x)/s)
            arg = sp.Mul(-1, flipped, evaluate=False)
        inline = juxtaposed(self._print(arg).replace("**", "^"))
        if exp_written_out(expr.args[0]):
            return f"exp({inline})"  # exp(-Σ (x_i - μ)²/(2σ²)), as a textbook writes a long exponent
        if arg.is_Atom and not inline.startswith("-"):
            return f"e^{inline}"
        return f"e^({inline})"

    _bracketed: frozenset[sp.Basic] | set[sp.Basic] = frozenset()

    def parenthesize(self, item: sp.Basic, level: int, strict: bool = False) -> str:
        if isinstance(item, (sp.Sum, sp.Product)) and item in self._bracketed:
            return f"({self._print(item)})"
        if isinstance(item, sp.log) and level >= PRECEDENCE["Pow"]:
            return f"({self._print(item)})"  # (log 2)², never log 2², which reads log(2²)
        return super().parenthesize(item, level, strict)

    _logs_in_parentheses: frozenset[sp.Basic] | set[sp.Basic] = frozenset()

    def _print_Mul(self, expr: sp.Mul) -> str:
        """Σ x_i*Σ y_i would read as one sum: with two sums in a product, each is parenthesised, and so
        is a product Π followed by another factor, (Π x_i) e^(-λ Σ x_i), whose value would change if
        read as one product; (-α - 1) Σ log x_i is -(α + 1) Σ log x_i; a product held unevaluated (a
        display form) keeps the order it was written in."""
        held = not any(isinstance(a, sp.Number) for a in expr.args) and sp.Mul(*expr.args) != expr
        if held:
            return self._written(expr)
        pulled = sign_pulled(expr)
        if pulled is not None:
            negative, product = pulled
            return ("-" if negative else "") + self._print(product)
        previous = self._bracketed, self._logs_in_parentheses, self._settings["order"]
        coefficient, rest = expr.as_coeff_Mul()
        factors = factor_order(rest.as_ordered_factors())  # as the LaTeX orders them: Σ x_i log p
        # x^(-(α + 1)) under the bar, as the LaTeX writes it: α/x^(α + 1)
        factors = [
            sp.Pow(f.base, sp.Mul(-1, negated_sum(f.exp), evaluate=False), evaluate=False)
            if isinstance(f, sp.Pow) and negated_sum(f.exp) is not None
            else f
            for f in factors
        ]
        factors = factors if coefficient == 1 else [coefficient, *factors]
        numerator = [f for f in factors if not (isinstance(f, sp.Pow) and negative_power(f.exp))]
        big = [f for f in factors if isinstance(f, (sp.Sum, sp.Product))]
        if len(big) >= 2:
            self._bracketed = set(big)
        else:
            self._bracketed = {f for f in numerator[:-1] if isinstance(f, sp.Product)}
        divided = sp.fraction(expr)[1] != 1
        below = [f.base for f in factors if isinstance(f, sp.Pow) and negative_power(f.exp)]
        if any(isinstance(f, sp.Sum) for f in big) and any(isinstance(b, sp.Sum) for b in below):
            # a ratio of sums: (Σ x_i e^(-x_i/β))/(Σ e^(-x_i/β)), never Σ x_i e^(-x_i/β)/Σ e^(-x_i/β)
            self._bracketed = set(self._bracketed) | {f for f in [*big, *below] if isinstance(f, sp.Sum)}
        if divided:  # log(λ)/k, never log λ/k; 3 Σ log(x_i)/2, never 3 Σ log x_i/2
            numerator = numerator[:0]
        # a log followed by another factor keeps its parentheses: log(x_i) y_i, never log x_i y_i
        bare = numerator[-1:] if numerator and isinstance(numerator[-1], sp.log) else []
        logs = {f for f in factors if isinstance(f, sp.log) and f not in bare}
        if divided:  # a sum that ends in a bare log, followed by the division: 3 Σ log(x_i)/2
            logs |= {t for t in (_last_factor(f.function) for f in big) if isinstance(t, sp.log)}
        self._logs_in_parentheses = previous[1] | logs
        self._settings["order"] = "none"
        try:
            return super()._print_Mul(sp.Mul._from_args(factors))
        finally:
            self._bracketed, self._logs_in_parentheses, self._settings["order"] = previous

    def _written(self, expr: sp.Mul) -> str:
        top = [f for f in expr.args if not (isinstance(f, sp.Pow) and negative_power(f.exp))]
        bottom = [sp.Pow(f.base, -f.exp) for f in expr.args if f not in top]
        numerator = "*".join(self.parenthesize(f, PRECEDENCE["Mul"]) for f in top) if top else "1"
        if not bottom:
            return numerator
        if len(bottom) == 1 and isinstance(bottom[0], sp.Mul):
            denominator = f"({self._print(bottom[0])})"  # 1/(x sqrt(2πσ²)), once in parentheses
        else:
            denominator = "*".join(self.parenthesize(f, PRECEDENCE["Mul"]) for f in bottom)
            denominator = f"({denominator})" if len(bottom) > 1 else denominator
        return f"{numerator}/{denominator}"

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:
        flipped = positive_base(expr)
        if flipped is not None:  # (1 - γ)², (x_i - μ)²
            return self._print_Pow(sp.Pow(flipped, expr.exp, evaluate=False), rational)
        base, power = expr.base, expr.exp
        if power == sp.Rational(-1, 2) and isinstance(base, (sp.Mul, sp.Add)):
            return f"({self._print(base)})^(-1/2)"  # (2πσ²)^(-1/2), as written
        if isinstance(base, (sp.Sum, sp.Product)) and power != -1 and power != sp.S.Half:
            # (Σ x_i)^2, not Σ x_i^2
            if power.is_Integer and 1 < power < 10:
                return f"({self._print(base)}){superscript(int(power))}"
            return f"({self._print(base)})^{self._exponent(power)}"
        if isinstance(power, (sp.Sum, sp.Product)):  # λ^(Σ x_i), never λ^Σ x_i e^(-nλ)
            return f"{self.parenthesize(base, PRECEDENCE['Pow'], strict=True)}^({self._print(power)})"
        if power.is_Integer and -10 < power < -1 and not isinstance(base, sp.exp):
            return "1/" + self.parenthesize(sp.Pow(base, -power), PRECEDENCE["Mul"], strict=True)  # 1/σ⁶
        if power.is_Integer and 1 < power < 10 and not isinstance(base, sp.exp):
            text = self._print(base)
            if isinstance(base, (sp.Symbol, notation.Hat, notation.Null)) and text.endswith("²"):
                return text[:-1] + superscript(2 * int(power))  # (σ²)² is σ⁴
            return self.parenthesize(base, PRECEDENCE["Pow"], strict=True) + superscript(int(power))
        if power in (sp.S.Half, -sp.S.Half, -sp.S.One) or not expr.is_commutative:
            return super()._print_Pow(expr, rational)  # sqrt(x), 1/sqrt(x), 1/x
        return f"{self.parenthesize(base, PRECEDENCE['Pow'], strict=False)}**{self._exponent(power)}"

    def _exponent(self, power: sp.Basic) -> str:
        """An exponent that is not one name or number in parentheses: (1 - p)^(x_i), never (1 - p)^x_i,
        which reads as (1 - p)^x times i; x^(-(θ + 1)) with the sign of a negated sum outside."""
        flipped = negated_sum(power)
        exponent = f"-({self._print(flipped)})" if flipped is not None else self._print(power)
        return exponent if plain_token(exponent) else f"({exponent})"

    def _print_log(self, expr: sp.Expr) -> str:
        arg = expr.args[0]
        if bracketed_function(arg) or is_simple(arg) and expr not in self._logs_in_parentheses:
            return f"log {self._print(arg)}"  # log λ, log x_i, log Γ(α)
        return f"log({self._print(arg)})"

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


class SyntaxPrinter(StrPrinter):
    """SymPy syntax as the JSON prints it and symle.parse_expression reads back: Sum(...), x[i], and
    the sample statistics as str() prints them (Max(x))."""
