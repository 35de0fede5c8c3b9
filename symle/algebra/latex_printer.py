"""The LaTeX printer: SymPy's, with textbook conventions and symle's notation (one _print_ a class)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.simplify.radsimp import fraction

from symle.algebra import notation
from symle.algebra.latex_notation import LatexNotation
from symle.algebra.names import latex_base, latex_name
from symle.algebra.signs import positive_base, printed_negative
from symle.algebra.textbook import (
    atomic_denominator,
    bracketed_function,
    data_first,
    display_size,
    exp_written_out,
    factor_order,
    is_simple,
    negated,
    negated_sum,
    negative_power,
    observation_first,
    plain_parentheses,
    sign_pulled,
    tall,
    textbook_order,
)

_N = sp.Symbol("n", integer=True, positive=True)


def _divides(tex: str) -> bool:
    """Whether inline LaTeX divides outside any group: b/a, not (x/a)^{b - 1} or e^{-x/b}."""
    depth = 0
    for ch in tex:
        depth += {"(": 1, "{": 1, ")": -1, "}": -1}.get(ch, 0)
        if ch == "/" and depth == 0:
            return True
    return False


class SymleLatexPrinter(LatexNotation, LatexPrinter):
    """SymPy's LaTeX printer with textbook conventions: sigma2 as sigma^2, x_i, log x without
    parentheses around a single symbol, 1/n before a sum, hats and partials."""

    # no class's own printing method (Indexed._sympystr, ...) takes over from the _print_ methods here
    printmethod = "_symle_latex"

    def _as_ordered_terms(self, expr: sp.Basic, order: str | None = None) -> list[sp.Basic]:
        return textbook_order(super()._as_ordered_terms(expr, order), expr)

    def _print_Add(self, expr: sp.Add, order: str | None = None) -> str:
        """SymPy's, with the sign of each term as it is printed: n log alpha - (alpha + 1) sum log x_i."""
        tex = ""
        for k, term in enumerate(self._as_ordered_terms(expr, order=order)):
            body = negated(term)
            if body is not None:
                tex += " - " if k else "- "
                term = body
            elif k:
                tex += " + "
            term_tex = self._print(term)
            tex += rf"\left({term_tex}\right)" if self._needs_add_brackets(term) else term_tex
        return tex

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__({"mul_symbol": None, "fold_short_frac": False, "fold_frac_powers": True, **(settings or {})})
        self._folding = 0  # inside an inline exponent: fractions are written a/b, never \frac

    def doprint(self, expr: Any) -> str:
        """The LaTeX of expr, its parentheses grown only around what is taller than a line."""
        return plain_parentheses(super().doprint(expr))

    # ---------------------------------------------------------------------------------------------
    # exponents: inline, so no \frac in them; e^{...} only for a short one, \exp\{...\} otherwise

    @contextlib.contextmanager
    def _inline(self) -> Iterator[None]:
        self._folding += 1
        try:
            yield
        finally:
            self._folding -= 1

    def _print_Rational(self, expr: sp.Rational) -> str:
        """1/2 inline (a sentence, an exponent), \\frac{1}{2} on display."""
        if self._folding and expr.q != 1:
            return f"{'-' if expr.p < 0 else ''}{abs(expr.p)}/{expr.q}"
        return super()._print_Rational(expr)

    def _exponent(self, expr: sp.Basic) -> str:
        """An exponent as it is set inline: n/2, x/lambda, (mu - x)/s."""
        with self._inline():
            return self._print(expr)

    def _power(self, exponent: sp.Basic) -> str:
        """The exponent of a power: x^{-(alpha + 1)}, with the sign of a negated sum outside, as written."""
        flipped = negated_sum(exponent)
        if flipped is None:
            return self._exponent(exponent)
        return rf"- \left({self._exponent(flipped)}\right)"

    def _print_ExpBase(self, expr: sp.Expr, exp: str | None = None) -> str:
        arg = expr.args[0]
        flipped = observation_first(arg)
        if flipped is not None:  # e^{-(x - mu)/s}, not e^{(mu - x)/s}
            arg = sp.Mul(-1, flipped, evaluate=False)
        inline = self._exponent(arg)
        written_out = exp_written_out(expr.args[0])
        if not written_out:
            tex = rf"e^{{{inline}}}"
        else:
            body = self._print(arg) if not self._folding else inline
            grown = tall(plain_parentheses(body))  # braces as tall as what they hold, once pairs are plain
            tex = rf"\exp\left\{{{body}\right\}}" if grown else rf"\exp\{{{body}\}}"
        return self._do_exponent(tex, exp)

    def _helper_print_standard_power(self, expr: sp.Pow, template: str) -> str:
        base, power = expr.base, expr.exp
        if isinstance(base, sp.Symbol) and power.is_Integer and power > 0:
            stem, own = latex_base(base.name)
            if own.startswith("^{") and own[2:-1].isdigit():  # (sigma^2)^2 is sigma^4
                return f"{stem}^{{{int(own[2:-1]) * int(power)}}}"
        exponent = self._power(power)
        text = self.parenthesize(base, sp.printing.precedence.PRECEDENCE["Pow"])
        if isinstance(base, sp.Symbol):
            text = self.parenthesize_super(text)
        elif base.is_Float:
            text = f"{{{text}}}"
        return template % (text, exponent)

    def _print_Pow(self, expr: sp.Pow) -> str:
        flipped = positive_base(expr)
        if flipped is not None:  # (1 - gamma)^2, (x_i - mu)^2
            return self._print(sp.Pow(flipped, expr.exp, evaluate=False))
        base, power = expr.base, expr.exp
        if power == sp.Rational(-1, 2) and isinstance(base, (sp.Mul, sp.Add)):
            return rf"\left({self._print(base)}\right)^{{-1/2}}"  # (2 pi sigma^2)^{-1/2}, as written
        if self._folding and power.is_negative and power.is_Rational:
            return self._print_Mul(expr)
        # a function symle prints itself (Gamma, psi, B), taking its exponent: Gamma(alpha)^{-n}
        method = f"_print_{type(base).__name__}"
        own = getattr(type(self), method, None) is not getattr(LatexPrinter, method, None)
        if isinstance(base, sp.Function) and not power.is_Rational and own:
            return self._print(base, exp=self._power(power))
        if isinstance(base, sp.Function) and not isinstance(base, sp.exp) and not (power.is_Rational and own):
            if power.is_Rational and power.q == 2 and abs(power.p) == 1:
                return super()._print_Pow(expr)
            if power.is_negative and power.is_Rational:
                return self._print_Mul(expr)
            return rf"{self._print(base)}^{{{self._power(power)}}}"  # Gamma(alpha)^{-n}
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
                out += r"\, " if isinstance(factor, notation.Indicator) else ""  # e^{...} \, 1{...}
            out += tex
        return out

    def _fraction(self, expr: sp.Expr) -> str:
        """A product as a textbook orders it (numbers, n, parameters, sums, then logs), over its
        denominator, which a power with a negative exponent joins (Gamma(r)^{-n}), or makes (alpha/x^{alpha
        + 1}); a fraction inside it is written inline, \\frac{n}{\\sum (x_i - mu)^2/x_i}, as is one in an
        exponent."""
        numer, denom = fraction(expr, exact=True)
        if not self._folding and denom != 1 and isinstance(numer, sp.Add):
            parts = [sp.Mul(t, sp.Pow(denom, -1)) for t in numer.args]  # (sqrt(a)/sqrt(n) - 1)/2: no slash
            spread = sp.Add(*parts)
            if any(fraction(t)[1] != 1 for t in numer.args) and isinstance(spread, sp.Add):
                return self._print(spread)
        # x^{-(alpha + 1)} as 1/x^{alpha + 1}, as a display form writes it; Gamma(alpha)^{-n} as 1/Gamma(alpha)^n
        low = [
            f
            for f in sp.Mul.make_args(numer)
            if isinstance(f, sp.Pow) and (negated_sum(f.exp) is not None or bracketed_function(f.base))
        ]
        if low or denom != 1:
            low = [f for f in sp.Mul.make_args(numer) if isinstance(f, sp.Pow) and negative_power(f.exp)]
            numer = sp.Mul(*(f for f in sp.Mul.make_args(numer) if f not in low))
            denom = denom * sp.Mul(*(sp.Pow(f.base, -f.exp) for f in low))
        if denom == 1:
            return self._product(factor_order(numer.as_ordered_factors()))
        with self._inline():
            top = self._product(factor_order(numer.as_ordered_factors()))
            bottom = self._product(factor_order(denom.as_ordered_factors(), denominator=True))
        if self._folding:  # inside an exponent or another fraction: a/b
            if isinstance(numer, sp.Add):
                top = rf"\left({self._print(numer)}\right)"
            if not atomic_denominator(denom):
                bottom = rf"\left({bottom}\right)"
            return f"{top}/{bottom}"
        factors = factor_order(numer.as_ordered_factors())
        logs = [f for f in factors if isinstance(f, sp.log)]
        if denom.is_Integer and len(logs) == 1 and len(factors) > 1:
            # (n/2) log(2 pi sigma^2), as textbooks write it, not n log(2 pi sigma^2)/2
            with self._inline():
                rest = self._product(factor_order([f for f in factors if f is not logs[0]]))
            return rf"\frac{{{rest}}}{{{bottom}}} {self._print(logs[0])}"
        # (1/beta) exp{...} and (2^n prod x_i/theta^{2n}) 1{...}: a tall exponential and an indicator
        # at the end of the product stay out of the fraction, the exponential beside a numerator, over
        # one power, or where inside it would need a slash: 1/((2 pi sigma^2)^{n/2} prod x_i) exp{...},
        # never exp{-sum (log x_i - mu)^2/(2 sigma^2)} over it
        single = len(sp.Mul.make_args(denom)) == 1 and isinstance(denom.as_base_exp()[0], sp.Symbol)

        def outside(factor: sp.Basic, k: int) -> bool:
            if not isinstance(factor, sp.exp) or not self._print(factor).startswith(r"\exp"):
                return False
            with self._inline():
                slashed = "/" in self._print(factor)
            return single or k > 1 or slashed

        after = len(factors)
        while after and (isinstance(factors[after - 1], notation.Indicator) or outside(factors[after - 1], after)):
            after -= 1
        if after == len(factors):
            return rf"\frac{{{top}}}{{{bottom}}}"
        with self._inline():
            rest = self._product(factors[:after]) if after else "1"
        spaced = r"\, " if isinstance(factors[after], notation.Indicator) else ""  # 1/theta^n \, 1{...}
        return rf"\frac{{{rest}}}{{{bottom}}} {spaced}" + self._product(factors[after:])

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
        index, lower, upper = expr.limits[-1]
        inner = expr.func(expr.function, *expr.limits[:-1]) if len(expr.limits) > 1 else None  # ∏ⱼ ∏ᵢ
        body = self._print(expr.function if inner is None else inner)
        if inner is None and isinstance(expr.function, sp.Add):
            body = rf"\left({body}\right)"
        return rf"{command}_{{{self._print(index)}={self._print(lower)}}}^{{{self._print(upper)}}} {body}"

    def _print_Sum(self, expr: sp.Sum) -> str:
        if printed_negative(expr.function):  # - sum x_i^2/(...), not sum (- x_i^2/(...))
            return "- " + self._big_operator(sp.Sum(-expr.function, *expr.limits), r"\sum")
        return self._big_operator(expr, r"\sum")

    def _print_Product(self, expr: sp.Product) -> str:
        return self._big_operator(expr, r"\prod")

    def _print_log(self, expr: sp.log, exp: str | None = None) -> str:
        arg = expr.args[0]
        inner = self._print(arg)
        # log x, log Gamma(alpha): parentheses only around what has none of its own
        text = rf"\log {inner}" if is_simple(arg) or bracketed_function(arg) else rf"\log\left({inner}\right)"
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
            # (b/a) (x/a)^{b - 1}/(...): a fraction among the factors of a numerator in parentheses
            shown = [
                rf"\left({self._print(f)}\right)"
                if len(top) > 1 and (_divides(self._print(f)) or isinstance(f, sp.Add))
                else self._print(f)
                for f in top
            ]
            numerator = " ".join(shown) if top else "1"
            denominator = self._product(bottom)
            if len(top) == 1 and isinstance(top[0], sp.Add):
                numerator = rf"\left({numerator}\right)"
            if len(bottom) > 1 or not atomic_denominator(bottom[0]):
                denominator = rf"\left({denominator}\right)"
            return f"{numerator}/{denominator}"
        kernel = ""
        if top and isinstance(top[-1], sp.exp) and self._print(top[-1]).startswith(r"\exp"):
            kernel = " " + self._print(top.pop())  # 1/(x sqrt(2 pi sigma^2)) exp{...}: the kernel last
        # a factor that is a fraction itself stands before the fraction bar: sqrt(2/pi) (1/sigma) exp{...}
        # ... but a power of a fraction, (x/a)^{b - 1}, joins the numerator
        power = [f for f in top if isinstance(f, sp.Pow) and f.exp != sp.S.Half]
        ahead = [f for f in top if r"\frac" in self._print(f) and f not in power]
        # a sum among them in parentheses: (erf(...) + 1) e^{...}/sqrt(2 pi), never erf(...) + 1 e^{...}/...
        front = " ".join(rf"\left({self._print(f)}\right)" if isinstance(f, sp.Add) else self._print(f) for f in ahead)
        front += " " if ahead else ""
        with self._inline():  # no fraction within the fraction: \frac{(x/a)^{b - 1}}{((x/a)^{b} + 1)^{2}}
            numerator = self._product([f for f in top if f not in ahead]) if len(ahead) < len(top) else "1"
            denominator = self._product(bottom)
        return rf"{front}\frac{{{numerator}}}{{{denominator}}}{kernel}"

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
        pulled = sign_pulled(expr)
        if pulled is not None:  # -(alpha + 1) sum log x_i, not (-alpha - 1) sum log x_i
            negative, product = pulled
            return ("- " if negative else "") + self._print(product)
        if expr.could_extract_minus_sign():
            rest = -expr
            text = self._print(rest)
            return "- " + (rf"\left({text}\right)" if isinstance(rest, sp.Add) else text)
        # (1/n) * sum ... reads better than sum .../n, as textbooks write a mean.
        numer, denom = expr.as_numer_denom()
        if not self._folding and denom != 1 and isinstance(numer, (sp.Mul, sp.Sum)):
            sums = [
                f
                for f in sp.Mul.make_args(numer)
                if isinstance(f, sp.Sum) and sp.fraction(f.function, exact=True)[1] != 1  # not e^{-x_i/b}
            ]
            if len(sums) == 1:  # (2/s) sum e^{...}/(1 + e^{...}), not a fraction over a fraction
                with self._inline():
                    scale = rf"\frac{{{self._print(numer / sums[0])}}}{{{self._print(denom)}}}"
                return rf"{scale} {self._print(sums[0])}"
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

    def _print_Abs(self, expr: sp.Abs, exp: str | None = None) -> str:
        text = rf"\left|{self._print(data_first(expr.args[0]))}\right|"
        return rf"{text}^{{{exp}}}" if exp is not None else text

    def _print_MatrixBase(self, expr: sp.MatrixBase) -> str:
        """A matrix with its fractions at display size (\\dfrac) and room between its entries: a quad
        more between columns, and between rows enough that two tall entries never touch (TeX adds
        the \\\\[...] space to the row's strut, not below its deepest entry, so a row of fractions needs
        more than 1ex)."""
        rows = []
        for r in range(expr.rows):
            rows.append(r" \quad & ".join(display_size(self._print(expr[r, c])) for c in range(expr.cols)))
        out = rows[0] if rows else ""
        for above, below in zip(rows, rows[1:], strict=False):
            tall = any(command in row for row in (above, below) for command in (r"\dfrac", r"\sum", r"\prod"))
            out += (r" \\[2.5ex] " if tall else r" \\[1ex] ") + below
        return r"\left[\begin{matrix}" + out + r"\end{matrix}\right]"
