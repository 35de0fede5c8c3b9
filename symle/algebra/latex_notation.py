"""symle's notation (L(θ), θ̂, ∂ℓ/∂θ, x₍₁₎, the indicator, I(θ)), SymPy's constants and the special
functions in LaTeX: one _print_ method a class, mixed into symle's LaTeX printer."""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from symle.algebra import notation
from symle.algebra.names import latex_base, latex_word
from symle.algebra.textbook import is_simple


class LatexNotation:
    """The _print_ methods of symle's notation and of the constants and special functions."""

    _print: Callable[..., str]

    def _print_Pi(self, expr: sp.Expr) -> str:
        return r"\pi"

    # SymPy's constants print through their own _latex methods, which the printer's `printmethod` sets aside
    def _print_Infinity(self, expr: sp.Expr) -> str:
        return r"\infty"

    def _print_NegativeInfinity(self, expr: sp.Expr) -> str:
        return r"-\infty"

    def _print_ComplexInfinity(self, expr: sp.Expr) -> str:
        return r"\tilde{\infty}"

    def _print_NaN(self, expr: sp.Expr) -> str:
        return r"\mathrm{NaN}"

    def _print_NumberSymbol(self, expr: sp.Expr) -> str:
        return expr._latex(self)  # G (Catalan's constant), \phi (the golden ratio)

    def _print_Likelihood(self, expr: sp.Expr) -> str:
        return "L(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_Point(self, expr: sp.Expr) -> str:
        return "(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_Maximiser(self, expr: sp.Expr) -> str:
        return rf"\operatorname*{{arg\,max}}\, {self._print(expr.args[0])}"

    def _print_LogLikelihood(self, expr: sp.Expr) -> str:
        return r"\ell(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _of_variable(self, letter: str, expr: sp.Expr, exp: str | None) -> str:
        """f(x; θ₁, …), S(x; …), F(x; …): a function of the variable, then the parameters after a semicolon."""
        variable, *params = expr.args
        tex = f"{letter}({self._print(variable)}; " + ", ".join(self._print(a) for a in params) + ")"
        return tex if exp is None else f"{tex}^{{{exp}}}"

    def _print_Density(self, expr: sp.Expr, exp: str | None = None) -> str:
        return self._of_variable("f", expr, exp)

    def _print_Survival(self, expr: sp.Expr, exp: str | None = None) -> str:
        return self._of_variable("S", expr, exp)

    def _print_Cdf(self, expr: sp.Expr, exp: str | None = None) -> str:
        return self._of_variable("F", expr, exp)

    def _print_ClassProbability(self, expr: sp.Expr, exp: str | None = None) -> str:
        index, *params = expr.args
        tex = f"p_{{{self._print(index)}}}(" + ", ".join(self._print(a) for a in params) + ")"
        return tex if exp is None else f"{tex}^{{{exp}}}"

    def _print_Hat(self, expr: sp.Expr, exp: str | None = None) -> str:
        (arg,) = expr.args
        if isinstance(arg, sp.Indexed) and latex_base(arg.base.label.name)[1] == "":
            # p-hat_i: the hat on the letter, the index beside it, as b-hat_0
            base, power = latex_base(arg.base.label.name)[0], "_{" + ",".join(map(self._print, arg.indices)) + "}"
        else:
            base, power = latex_base(arg.name) if isinstance(arg, sp.Symbol) else (self._print(arg), "")
        text = rf"\hat{{{base}}}{power}"
        if exp is None:
            return text
        if not power or power.startswith("_{"):  # x̂₀²: a subscript and a power sit together
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
        """The support in braces, one unbreakable piece: a line never breaks after its x \\in or x <."""
        return "{" + self._support(expr) + "}"

    def _support(self, expr: sp.Expr) -> str:
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

    def _print_GammaQ(self, expr: sp.Expr, exp: str | None = None) -> str:
        text = r"Q\left(" + ", ".join(self._print(a) for a in expr.args) + r"\right)"
        return rf"{text}^{{{exp}}}" if exp is not None else text

    def _print_GammaQDerivative(self, expr: sp.Expr, exp: str | None = None) -> str:
        order, a, x = expr.args
        index = "a" * int(order) if order.is_Integer and order <= 3 else f"a^{{({self._print(order)})}}"
        text = rf"Q_{{{index}}}\left({self._print(a)}, {self._print(x)}\right)"
        return rf"{text}^{{{exp}}}" if exp is not None else text

    def _print_ZetaDerivative(self, expr: sp.Expr, exp: str | None = None) -> str:
        order, s = expr.args
        prime = "'" * int(order) if order.is_Integer and order <= 3 else f"^{{({self._print(order)})}}"
        text = rf"\zeta{prime}({self._print(s)})"
        return rf"\left({text}\right)^{{{exp}}}" if exp is not None else text

    def _print_atan2(self, expr: sp.Expr, exp: str | None = None) -> str:
        text = r"\operatorname{atan2}\left(" + ", ".join(self._print(a) for a in expr.args) + r"\right)"
        return rf"\left({text}\right)^{{{exp}}}" if exp is not None else text

    def _print_beta(self, expr: sp.Expr, exp: str | None = None) -> str:
        text = r"\mathrm{B}(" + ", ".join(self._print(a) for a in expr.args) + ")"
        return f"{text}^{{{exp}}}" if exp is not None else text

    def _print_Integral(self, expr: sp.Integral) -> str:
        """\\int_{0}^{\\infty} t^{z - 1} e^{-t} \\, dt: limits beside the sign, as in a line of text."""
        variable, *bounds = expr.limits[0]
        limits = f"_{{{self._print(bounds[0])}}}^{{{self._print(bounds[1])}}}" if bounds else ""
        return rf"\int{limits} {self._print(expr.function)} \, d{self._print(variable)}"

    def _print_Min(self, expr: sp.Expr, exp: str | None = None) -> str:
        r"""\min\left(\bar{x}, \frac{1}{2}\right): the estimate before the bound."""
        body = ", ".join(self._print(a) for a in notation.numbers_last(expr.args))
        shown = rf"\{type(expr).__name__.lower()}\left({body}\right)"
        return shown if exp is None else rf"{shown}^{{{exp}}}"

    _print_Max = _print_Min

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

    def _print_ObservedInformation(self, expr: sp.Expr) -> str:
        return r"J(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_AsymptoticVariance(self, expr: sp.Expr) -> str:
        return r"\operatorname{AVar}(" + self._print(expr.args[0]) + ")"

    def _print_Null(self, expr: sp.Expr, exp: str | None = None) -> str:
        (arg,) = expr.args  # σ² under H₀: σ₀², the index before the power
        base, power = latex_base(arg.name) if isinstance(arg, sp.Symbol) else (self._print(arg), "")
        if exp is None:
            return f"{base}_{{0}}{power}"
        if not power:
            return f"{base}_{{0}}^{{{exp}}}"
        if power.startswith("^{") and power[2:-1].isdigit() and exp.isdigit():  # (σ₀²)² is σ₀⁴
            return f"{base}_{{0}}^{{{int(power[2:-1]) * int(exp)}}}"
        return f"\\left({base}_{{0}}{power}\\right)^{{{exp}}}"

    def _print_TestStatistic(self, expr: sp.Expr) -> str:
        return {"LR": r"-2 \log \Lambda"}.get(str(expr.args[0]), str(expr.args[0]))

    def _print_ScoreAt(self, expr: sp.Expr, exp: str | None = None) -> str:
        text = "U(" + ", ".join(self._print(a) for a in expr.args) + ")"
        return text if exp is None else f"{text}^{{{exp}}}"

    def _print_InverseInformationEntry(self, expr: sp.Expr) -> str:
        k = self._print(expr.args[0])  # the k-th diagonal entry: [I^{-1}]_{11}, [I^{-1}]_{12,12}
        return r"\left[\mathcal{I}^{-1}\right]_{" + (k + k if len(k) == 1 else f"{k},{k}") + "}"

    def _print_Bias(self, expr: sp.Expr) -> str:
        return r"\operatorname{E}\left[" + self._print(expr.args[0]) + r"\right]"

    def _print_ConditionalExpectation(self, expr: sp.Expr) -> str:
        value, covariates = expr.args
        given = ", ".join(self._print(c) for c in covariates)
        return r"\operatorname{E}[" + self._print(value) + r" \mid " + given + "]"

    def _print_Named(self, expr: sp.Expr) -> str:
        name, hat = expr.args
        text = latex_word(str(name))
        return r"\widehat{" + text + "}" if hat else text

    def _print_Slope(self, expr: sp.Expr, exp: str | None = None) -> str:
        name, symbol = expr.args
        text = rf"{latex_word(str(name))}'({self._print(symbol)})"
        return text if exp is None else rf"{text}^{{{exp}}}"

    def _print_Gradient(self, expr: sp.Expr) -> str:
        return r"\nabla " + latex_word(str(expr.args[0]))

    def _print_DeltaForm(self, expr: sp.Expr) -> str:
        name, *symbols = expr.args
        gradient = self._print_Gradient(notation.Gradient(name))
        information = self._print_FisherInformation(notation.FisherInformation(*symbols))
        return rf"{gradient}^{{\mathsf{{T}}}} {information}^{{-1}} {gradient}"

    def _print_LambertW(self, expr: sp.Expr, exp: str | None = None) -> str:
        branch = expr.args[1] if len(expr.args) > 1 else sp.S.Zero
        text = rf"W_{{{self._print(branch)}}}\left({self._print(expr.args[0])}\right)"
        return text if exp is None else rf"{text}^{{{exp}}}"

    def _print_Coefficient(self, expr: sp.Expr) -> str:
        return rf"\left[\left(X^{{T}} X\right)^{{-1}} X^{{T}} y\right]_{{{expr.args[0]}}}"

    def _print_ResidualVariance(self, expr: sp.Expr) -> str:
        return r"\frac{1}{n} \left(y - X \hat{\beta}\right)^{T} \left(y - X \hat{\beta}\right)"

    def _print_SquaredLength(self, expr: sp.Expr) -> str:
        inner = self._print(expr.args[0])
        return rf"\left({inner}\right)^{{T}} \left({inner}\right)"

    def _print_Curvature(self, expr: sp.Expr) -> str:
        function, variable = expr.args
        return rf"\frac{{d^{{2}}}}{{d {self._print(variable)}^{{2}}}} {self._print(function)}"

    def _print_Standard(self, expr: sp.Expr, exp: str | None = None) -> str:
        z, log = expr.args
        text = (r"\log g" if log else "g") + f"({self._print(z)})"
        return text if exp is None else rf"\left({text}\right)^{{{exp}}}"

    def _print_Profile(self, expr: sp.Expr, exp: str | None = None) -> str:
        symbol, *given = expr.args
        text = self._print_Hat(notation.Hat(symbol)) + "(" + ", ".join(self._print(g) for g in given) + ")"
        return text if exp is None else rf"{text}^{{{exp}}}"

    def _print_AtEstimate(self, expr: sp.Expr) -> str:
        function, symbol = expr.args
        at = f"{self._print(symbol)} = {self._print(notation.Hat(symbol))}"
        return rf"\left.{self._print(function)}\right|_{{{at}}}"

    def _print_Conditions(self, expr: sp.Expr) -> str:
        return ", \\; ".join(self._print(c) for c in expr.args)
