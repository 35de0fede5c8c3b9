"""The parse tree of homework LaTeX turned into SymPy, every name resolved through the vocabulary.

The builder holds what is arithmetic and what the names mean; what is written over the sample as a
whole (ellipses, lists, sums and products, order statistics, indicators) is in `symle.checker.sample`.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp
from lark.lexer import Token

from symle.checker.sample import SampleTerms
from symle.checker.tokens import Unreadable
from symle.checker.vocabulary import INDICES
from symle.echo import quoted

MAX_INTEGER = 10**12
MAX_EXPONENT = 1_000
MAX_SPECIAL_ARGUMENT = 1_000


def values(children: Sequence[object]) -> list[object]:
    """Children without punctuation tokens (names and numbers are kept: they carry meaning)."""
    return [c for c in children if not (isinstance(c, Token) and c.type not in ("NAME", "NUM"))]


def at(children: Sequence[object]) -> int:
    """The offset of the first token among the children (0 if none has one)."""
    for child in children:
        if isinstance(child, Token) and child.start_pos is not None:
            return child.start_pos
    return 0


class Build(SampleTerms):
    """Tree -> SymPy, resolving names through the vocabulary; a bare observation `x` is kept as a
    marker symbol so that `\\bar{x}` and `\\max x` can use it, and refused anywhere else, as is an
    observation with a fixed index (`x_1`, `x_n`) outside an ellipsis or a list."""

    # -- names
    def _resolve(self, token: Token) -> sp.Expr:
        word = str(token)
        v = self.vocabulary
        if word == v.var or word in self.bare_covariates:
            if self.bare_at is None:
                self.bare_at, self.bare_name = token.start_pos, word
            return self.bare if word == v.var else self.bare_covariates[word]
        if word in v.names:
            return v.names[word]
        if word in INDICES:
            return INDICES[word]
        known = ", ".join(p for p in v.names if p not in ("n", "e", "pi"))
        message = f"unknown name {quoted(word)} (the model's names: {known}, {v.var}_i, n)"
        raise Unreadable(message, token.start_pos or 0)

    def name(self, children: list[Token]) -> sp.Expr:
        return self._resolve(children[0])

    def number(self, children: list[Token]) -> sp.Expr:
        token = children[0]
        text = str(token)
        if "." in text:
            if len(text) > 16:
                raise Unreadable(f"number {text[:20]} is too long", token.start_pos or 0)
            return sp.Rational(text)
        if len(text.lstrip("0")) > 13 or int(text) > MAX_INTEGER:
            raise Unreadable(f"integer {text[:20]} is too large", token.start_pos or 0)
        return sp.Integer(int(text))

    def hat(self, children: list[Token]) -> sp.Expr:
        tokens = [c for c in children if isinstance(c, Token) and c.type in ("NAME", "NUM")]
        word = str(tokens[0])
        if len(tokens) == 2:
            word += str(tokens[1])  # \hat{\sigma^2} is the estimator of sigma2
        value = self.vocabulary.hat(word)
        if value is None:
            raise Unreadable(f"\\hat of unknown name {quoted(word)}", tokens[0].start_pos or 0)
        return value

    def bar(self, children: list[Token]) -> sp.Expr:
        token = next(c for c in children if isinstance(c, Token) and c.type == "NAME")
        if str(token) not in self.vocabulary.observed:
            raise Unreadable(
                f"\\bar{{{token}}}: only the observations {', '.join(self.vocabulary.observed)} have a mean",
                token.start_pos or 0,
            )
        return self.vocabulary.mean_of(str(token))

    # -- arithmetic
    def group(self, children: list[object]) -> sp.Expr:
        return values(children)[0]  # type: ignore[return-value]

    def add(self, children: list[object]) -> sp.Expr:
        left, right = values(children)
        return left + right  # type: ignore[operator]

    def sub(self, children: list[object]) -> sp.Expr:
        left, right = values(children)
        return left - right  # type: ignore[operator]

    def neg(self, children: list[object]) -> sp.Expr:
        return -values(children)[-1]  # type: ignore[operator]

    def pos(self, children: list[object]) -> sp.Expr:
        return values(children)[-1]  # type: ignore[return-value]

    def imul(self, children: list[object]) -> sp.Expr:
        left, right = values(children)
        return left * right  # type: ignore[operator]

    mul = imul

    def div(self, children: list[object]) -> sp.Expr:
        left, right = values(children)
        return self._defined(left / right, children)  # type: ignore[operator]

    def frac(self, children: list[object]) -> sp.Expr:
        top, bottom = values(children)
        return self._defined(top / bottom, children)  # type: ignore[operator]

    def _defined(self, value: sp.Expr, children: Sequence[object]) -> sp.Expr:
        if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            raise Unreadable("division by zero or an undefined value", at(children))
        return value

    def pow(self, children: list[object]) -> sp.Expr:
        base, exponent = values(children)
        assert isinstance(base, sp.Expr) and isinstance(exponent, sp.Expr)
        if exponent.is_Number and abs(exponent) > MAX_EXPONENT:
            raise Unreadable(f"exponent {exponent} is too large (at most {MAX_EXPONENT})", at(children))
        if (
            base.is_Number
            and exponent.is_Number
            and base != 0
            and abs(float(exponent)) * abs(sp.log(abs(base), 10)) > 3000
        ):
            raise Unreadable("power has too many digits", at(children))
        return self._defined(base**exponent, children)

    def _special(self, value: sp.Expr, children: Sequence[object]) -> None:
        if value.is_Number and abs(value) > MAX_SPECIAL_ARGUMENT:
            raise Unreadable(f"argument {value} is too large (at most {MAX_SPECIAL_ARGUMENT})", at(children))

    def factorial(self, children: list[object]) -> sp.Expr:
        (value,) = values(children)
        self._special(value, children)  # type: ignore[arg-type]
        return sp.factorial(value)

    def binom(self, children: list[object]) -> sp.Expr:
        top, bottom = values(children)
        self._special(top, children)  # type: ignore[arg-type]
        return sp.binomial(top, bottom)

    def sqrt(self, children: list[object]) -> sp.Expr:
        return sp.sqrt(values(children)[0])

    def absolute(self, children: list[object]) -> sp.Expr:
        return sp.Abs(values(children)[0])

    def func(self, children: list[object]) -> sp.Expr:
        head = children[0]
        (argument,) = values(children[1:])
        if str(head) == "log":
            return self._defined(sp.log(argument), children)
        if str(head) == "gamma":
            self._special(argument, children)  # type: ignore[arg-type]
            return self._defined(sp.gamma(argument), children)
        if str(head) == "digamma":
            self._special(argument, children)  # type: ignore[arg-type]
            return self._defined(sp.digamma(argument), children)
        if str(head) == "sign":
            return sp.sign(argument)
        return sp.exp(argument)
