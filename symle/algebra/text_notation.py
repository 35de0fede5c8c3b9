"""symle's notation (L(θ), θ̂, ∂ℓ/∂θ, x₍₁₎, the indicator, I(θ)), SymPy's constants and the special
functions in one-line text: one _print_ method a class, mixed into symle's text printer."""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp
from sympy.printing.precedence import PRECEDENCE

from symle.algebra import notation
from symle.algebra.text_layout import plain_token


class TextNotation:
    """The _print_ methods of symle's notation and of the constants and special functions."""

    _print: Callable[..., str]
    parenthesize: Callable[..., str]

    def _print_Infinity(self, expr: sp.Expr) -> str:
        return "∞"

    def _print_NegativeInfinity(self, expr: sp.Expr) -> str:
        return "-∞"

    def _print_ComplexInfinity(self, expr: sp.Expr) -> str:
        return "∞̃"

    def _print_NaN(self, expr: sp.Expr) -> str:
        return "NaN"

    def _print_Integral(self, expr: sp.Integral) -> str:
        limits = expr.limits[0]
        body = self.parenthesize(expr.function, PRECEDENCE["Mul"], strict=True)
        bounds = ""
        if len(limits) == 3:
            lower, upper = (self._print(b) for b in limits[1:])
            bounds = (
                "_"
                + (lower if plain_token(lower) else f"({lower})")
                + "^"
                + (upper if plain_token(upper) else f"({upper})")
            )
        return f"∫{bounds} {body} d{self._print(limits[0])}"

    def _print_Pi(self, expr: sp.Expr) -> str:
        return "π"

    def _print_factorial(self, expr: sp.Expr) -> str:
        arg = expr.args[0]
        return f"{self._print(arg)}!" if arg.is_Atom or isinstance(arg, sp.Indexed) else f"({self._print(arg)})!"

    def _print_gamma(self, expr: sp.Expr) -> str:
        return f"Γ({self._print(expr.args[0])})"

    def _print_besseli(self, expr: sp.Expr) -> str:
        order, arg = expr.args
        index = "".join("₀₁₂₃₄₅₆₇₈₉"[int(d)] for d in str(order)) if order.is_Integer and order >= 0 else f"_{order}"
        return f"I{index}({self._print(arg)})"

    def _print_GammaQ(self, expr: sp.Expr) -> str:
        return "Q(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_GammaQDerivative(self, expr: sp.Expr) -> str:
        order, a, x = expr.args
        index = "a" * int(order) if order.is_Integer and order <= 3 else f"a^({self._print(order)})"
        return f"Q_{index}({self._print(a)}, {self._print(x)})"

    def _print_zeta(self, expr: sp.Expr) -> str:
        return "ζ(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_ZetaDerivative(self, expr: sp.Expr) -> str:
        order, s = expr.args
        primes = {1: "′", 2: "″"}.get(int(order)) if order.is_Integer else None
        return "ζ" + (primes or f"^({self._print(order)})") + f"({self._print(s)})"

    def _print_atan2(self, expr: sp.Expr) -> str:
        return "atan2(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_beta(self, expr: sp.Expr) -> str:
        return "B(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_EulerGamma(self, expr: sp.Expr) -> str:
        return "γ"

    def _print_Exp1(self, expr: sp.Expr) -> str:
        return "e"

    def _print_Likelihood(self, expr: sp.Expr) -> str:
        return "L(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_Point(self, expr: sp.Expr) -> str:
        return "(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_Maximiser(self, expr: sp.Expr) -> str:
        return f"argmax {self._print(expr.args[0])}"

    def _print_LogLikelihood(self, expr: sp.Expr) -> str:
        return "ℓ(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _of_variable(self, letter: str, expr: sp.Expr) -> str:
        """f(x; θ₁, …), S(x; …), F(x; …): a function of the variable, then the parameters after a semicolon."""
        variable, *params = expr.args
        return f"{letter}({self._print(variable)}; " + ", ".join(self._print(a) for a in params) + ")"

    def _print_Density(self, expr: sp.Expr) -> str:
        return self._of_variable("f", expr)

    def _print_Survival(self, expr: sp.Expr) -> str:
        return self._of_variable("S", expr)

    def _print_Cdf(self, expr: sp.Expr) -> str:
        return self._of_variable("F", expr)

    def _print_ClassProbability(self, expr: sp.Expr) -> str:
        index, *params = expr.args
        return f"p_{self._print(index)}(" + ", ".join(self._print(a) for a in params) + ")"

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

    def _print_Min(self, expr: sp.Expr) -> str:
        """min(x̄, 1/2): the estimate before the bound, as a textbook writes a projection."""
        return f"{type(expr).__name__.lower()}({', '.join(self._print(a) for a in notation.numbers_last(expr.args))})"

    _print_Max = _print_Min

    def _print_polygamma(self, expr: sp.Expr) -> str:
        order, arg = expr.args
        return ("ψ" if order == 0 else "ψ'" if order == 1 else f"ψ^({order})") + f"({self._print(arg)})"

    def _print_ConditionalDensity(self, expr: sp.Expr) -> str:
        response, covariates, *parameters = expr.args
        given = ", ".join(self._print(c) for c in covariates)
        return f"f({self._print(response)} | {given}; " + ", ".join(self._print(p) for p in parameters) + ")"

    def _print_FisherInformation(self, expr: sp.Expr) -> str:
        return "I(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_ObservedInformation(self, expr: sp.Expr) -> str:
        return "J(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_AsymptoticVariance(self, expr: sp.Expr) -> str:
        return "AVar(" + self._print(expr.args[0]) + ")"

    def _print_Null(self, expr: sp.Expr) -> str:
        name = self._print(expr.args[0])  # σ² under H₀: σ₀², the index before the power
        return name[:-1] + "₀²" if name.endswith("²") else name + "₀"

    def _print_TestStatistic(self, expr: sp.Expr) -> str:
        return {"LR": "−2 log Λ"}.get(str(expr.args[0]), str(expr.args[0]))

    def _print_ScoreAt(self, expr: sp.Expr) -> str:
        return "U(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_InverseInformationEntry(self, expr: sp.Expr) -> str:
        k = self._print(expr.args[0])
        return f"[I⁻¹]_{k}{k}" if len(k) == 1 else f"[I⁻¹]_({k},{k})"  # the k-th diagonal entry

    def _print_Bias(self, expr: sp.Expr) -> str:
        return "E[" + self._print(expr.args[0]) + "]"

    def _print_ConditionalExpectation(self, expr: sp.Expr) -> str:
        value, covariates = expr.args
        return "E[" + self._print(value) + " | " + ", ".join(self._print(c) for c in covariates) + "]"

    def _print_Named(self, expr: sp.Expr) -> str:
        name, hat = expr.args
        return f"{name}\u0302" if hat else str(name)

    def _print_Slope(self, expr: sp.Expr) -> str:
        name, symbol = expr.args
        return f"{name}′({self._print(symbol)})"

    def _print_Gradient(self, expr: sp.Expr) -> str:
        return f"∇{expr.args[0]}"

    def _print_DeltaForm(self, expr: sp.Expr) -> str:
        name, *symbols = expr.args
        return f"∇{name}ᵀ I(" + ", ".join(self._print(s) for s in symbols) + f")⁻¹ ∇{name}"

    def _print_LambertW(self, expr: sp.Expr) -> str:
        branch = expr.args[1] if len(expr.args) > 1 else sp.S.Zero
        return {0: "W₀", -1: "W₋₁"}.get(int(branch), f"W_{branch}") + f"({self._print(expr.args[0])})"

    def _print_Coefficient(self, expr: sp.Expr) -> str:
        return f"[(XᵀX)⁻¹Xᵀy]_{expr.args[0]}"

    def _print_ResidualVariance(self, expr: sp.Expr) -> str:
        return "(y − Xβ̂)ᵀ(y − Xβ̂)/n"

    def _print_SquaredLength(self, expr: sp.Expr) -> str:
        inner = self._print(expr.args[0])
        return f"({inner})ᵀ({inner})"

    def _print_Coefficient(self, expr: sp.Expr) -> str:
        return f"((X.T*X)**(-1)*X.T*y)[{expr.args[0]}]"

    def _print_ResidualVariance(self, expr: sp.Expr) -> str:
        return "(y - X*beta_hat).T*(y - X*beta_hat)/n"

    def _print_SquaredLength(self, expr: sp.Expr) -> str:
        inner = self._print(expr.args[0])
        return f"({inner}).T*({inner})"

    def _print_Curvature(self, expr: sp.Expr) -> str:
        function, variable = expr.args
        return f"d²/d{self._print(variable)}² {self._print(function)}"

    def _print_Standard(self, expr: sp.Expr) -> str:
        z, log = expr.args
        return ("log g" if log else "g") + f"({self._print(z)})"

    def _print_Profile(self, expr: sp.Expr) -> str:
        symbol, *given = expr.args
        return self._print(notation.Hat(symbol)) + "(" + ", ".join(self._print(g) for g in given) + ")"

    def _print_AtEstimate(self, expr: sp.Expr) -> str:
        function, symbol = expr.args
        return f"{self._print(function)} at {self._print(notation.Hat(symbol))}"

    def _print_Relational(self, expr: sp.Expr) -> str:
        """a ≤ b, as the page's other relations (the indicator's, a support's)."""
        operator = {"<=": "≤", ">=": "≥", "!=": "≠", "==": "="}.get(expr.rel_op, expr.rel_op)
        return f"{self._print(expr.lhs)} {operator} {self._print(expr.rhs)}"

    def _print_Conditions(self, expr: sp.Expr) -> str:
        return ", ".join(self._print(c) for c in expr.args)
