"""A small LALR grammar (lark) for the LaTeX of homework math, building SymPy objects directly.

Why our own grammar: SymPy's LaTeX parser reads `x_i` as a plain symbol and `e` as a free symbol,
fails on `x_{(n)}`, `\\sum x_i` without bounds and implicit products after a power, reads
`\\overline{x}` as a conjugate and is exponentially slow on chained `\\log` terms. An LALR parser
is linear in the input and never ambiguous; its conventions are the textbook's: a function takes
the next factor (`\\log \\lambda^n` is log of lambda^n), a big operator takes the following product
(`\\sum x_i - n` is (sum x_i) - n), juxtaposition multiplies.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence

import sympy as sp
from lark import Lark, Transformer
from lark.exceptions import UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError
from lark.lexer import Lexer, Token

from symle.algebra.sample import i, n
from symle.budget import time_limit
from symle.checker.tokens import Unreadable
from symle.checker.vocabulary import INDICES, Vocabulary
from symle.errors import BudgetExceeded

READ_SECONDS = 2.0
MAX_INTEGER = 10**12
MAX_EXPONENT = 1_000
MAX_SPECIAL_ARGUMENT = 1_000

GRAMMAR = r"""
?start: sum

?sum: term
    | sum PLUS term             -> add
    | sum MINUS term            -> sub

?term: mul
     | bigop
     | mul bigop                -> imul
     | MINUS term               -> neg
     | PLUS term                -> pos

bigop: BIGOP limits term
limits:                         -> no_limits
      | UNDER lower             -> lower_only
      | CARET script            -> upper_only
      | UNDER lower CARET script -> lower_upper
      | CARET script UNDER lower -> upper_lower
lower: NAME                     -> index_only
     | LBRACE NAME RBRACE       -> index_only
     | LBRACE NAME EQ sum RBRACE -> index_range

?mul: power
    | mul power                 -> imul
    | mul TIMES power           -> mul
    | mul SLASH power           -> div

?power: postfix
      | postfix CARET script    -> pow

?postfix: atom
        | atom BANG             -> factorial

?script: arg
       | MINUS arg              -> neg

?arg: LBRACE sum RBRACE         -> group
    | NUM                       -> number
    | NAME                      -> name
    | hat
    | bar

hat: HAT NAME
   | HAT LBRACE NAME RBRACE
   | HAT LBRACE NAME CARET NUM RBRACE
bar: BAR NAME
   | BAR LBRACE NAME RBRACE

subindex: NAME | NUM | LBRACE NAME RBRACE | LBRACE NUM RBRACE

?atom: NUM                      -> number
     | NAME                     -> name
     | NAME UNDER subindex      -> subscript
     | NAME ORDER               -> order
     | LPAR sum RPAR            -> group
     | LBRACE sum RBRACE        -> group
     | FRAC arg arg             -> frac
     | BINOM arg arg            -> binom
     | SQRT arg                 -> sqrt
     | FUNC power               -> func
     | EXTREME power            -> extreme
     | EXTREME UNDER subindex power -> extreme
     | hat
     | bar

%declare NUM NAME FUNC SQRT FRAC BINOM BIGOP EXTREME BAR HAT TIMES SLASH PLUS MINUS CARET UNDER
%declare LPAR RPAR LBRACE RBRACE BANG EQ ORDER
"""


class _TokenList(Lexer):
    """Hands lark the tokens our own lexer made (it knows the vocabulary and LaTeX's digit rules)."""

    def __init__(self, lexer_conf: object) -> None:
        pass

    def lex(self, data: Sequence[Token]) -> Iterator[Token]:  # type: ignore[override]
        yield from data


@functools.cache
def _parser() -> Lark:
    return Lark(GRAMMAR, parser="lalr", lexer=_TokenList, maybe_placeholders=False)


def _values(children: Sequence[object]) -> list[object]:
    """Children without punctuation tokens (names and numbers are kept: they carry meaning)."""
    return [c for c in children if not (isinstance(c, Token) and c.type not in ("NAME", "NUM"))]


def _at(children: Sequence[object]) -> int:
    for child in children:
        if isinstance(child, Token) and child.start_pos is not None:
            return child.start_pos
    return 0


class _Build(Transformer):  # type: ignore[type-arg]
    """Tree -> SymPy, resolving names through the vocabulary; a bare observation `x` is kept as a
    marker symbol so that `\\bar{x}` and `\\max x` can use it, and refused anywhere else."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        super().__init__()
        self.vocabulary = vocabulary
        self.bare = sp.Symbol("_bare_observation")
        # a regression's covariates written without an index are refused too
        self.bare_covariates = {c: sp.Symbol(f"_bare_{c}") for c in vocabulary.covariates}
        self.bare_at: int | None = None
        self.bare_name = vocabulary.var

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
        raise Unreadable(f"unknown name {word!r} (the model's names: {known}, {v.var}_i, n)", token.start_pos or 0)

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

    def subscript(self, children: list[object]) -> sp.Expr:
        base = children[0]
        assert isinstance(base, Token)
        index = next(c for c in children[2].children if isinstance(c, Token) and c.type in ("NAME", "NUM"))  # type: ignore[attr-defined]
        word, sub = str(base), str(index)
        v = self.vocabulary
        if word in v.observed and sub in INDICES:
            return v.observation(INDICES[sub], word)
        if word + sub in v.names:
            return v.names[word + sub]
        if word in v.observed:
            raise Unreadable(
                f"{word}_{sub}: write x_i inside a sum, x_{{(1)}} or x_{{(n)}} for the extremes",
                base.start_pos or 0,
            )
        raise Unreadable(f"unknown name {word}_{sub}", base.start_pos or 0)

    def order(self, children: list[Token]) -> sp.Expr:
        base, which = children
        if str(base) != self.vocabulary.var:
            raise Unreadable(
                f"{base}_({'1' if which == 'min' else 'n'}): only the observations have order statistics",
                base.start_pos or 0,
            )
        return self.vocabulary.minimum if which == "min" else self.vocabulary.maximum

    def hat(self, children: list[Token]) -> sp.Expr:
        tokens = [c for c in children if isinstance(c, Token) and c.type in ("NAME", "NUM")]
        word = str(tokens[0])
        if len(tokens) == 2:
            word += str(tokens[1])  # \hat{\sigma^2} is the estimator of sigma2
        value = self.vocabulary.hat(word)
        if value is None:
            raise Unreadable(f"\\hat of unknown name {word!r}", tokens[0].start_pos or 0)
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
        return _values(children)[0]  # type: ignore[return-value]

    def add(self, children: list[object]) -> sp.Expr:
        left, right = _values(children)
        return left + right  # type: ignore[operator]

    def sub(self, children: list[object]) -> sp.Expr:
        left, right = _values(children)
        return left - right  # type: ignore[operator]

    def neg(self, children: list[object]) -> sp.Expr:
        return -_values(children)[-1]  # type: ignore[operator]

    def pos(self, children: list[object]) -> sp.Expr:
        return _values(children)[-1]  # type: ignore[return-value]

    def imul(self, children: list[object]) -> sp.Expr:
        left, right = _values(children)
        return left * right  # type: ignore[operator]

    mul = imul

    def div(self, children: list[object]) -> sp.Expr:
        left, right = _values(children)
        return self._defined(left / right, children)  # type: ignore[operator]

    def frac(self, children: list[object]) -> sp.Expr:
        top, bottom = _values(children)
        return self._defined(top / bottom, children)  # type: ignore[operator]

    def _defined(self, value: sp.Expr, children: Sequence[object]) -> sp.Expr:
        if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            raise Unreadable("division by zero or an undefined value", _at(children))
        return value

    def pow(self, children: list[object]) -> sp.Expr:
        base, exponent = _values(children)
        assert isinstance(base, sp.Expr) and isinstance(exponent, sp.Expr)
        if exponent.is_Number and abs(exponent) > MAX_EXPONENT:
            raise Unreadable(f"exponent {exponent} is too large (at most {MAX_EXPONENT})", _at(children))
        if (
            base.is_Number
            and exponent.is_Number
            and base != 0
            and abs(float(exponent)) * abs(sp.log(abs(base), 10)) > 3000
        ):
            raise Unreadable("power has too many digits", _at(children))
        return self._defined(base**exponent, children)

    def _special(self, value: sp.Expr, children: Sequence[object]) -> None:
        if value.is_Number and abs(value) > MAX_SPECIAL_ARGUMENT:
            raise Unreadable(f"argument {value} is too large (at most {MAX_SPECIAL_ARGUMENT})", _at(children))

    def factorial(self, children: list[object]) -> sp.Expr:
        (value,) = _values(children)
        self._special(value, children)  # type: ignore[arg-type]
        return sp.factorial(value)

    def binom(self, children: list[object]) -> sp.Expr:
        top, bottom = _values(children)
        self._special(top, children)  # type: ignore[arg-type]
        return sp.binomial(top, bottom)

    def sqrt(self, children: list[object]) -> sp.Expr:
        return sp.sqrt(_values(children)[0])

    def func(self, children: list[object]) -> sp.Expr:
        head = children[0]
        (argument,) = _values(children[1:])
        if str(head) == "log":
            return self._defined(sp.log(argument), children)
        if str(head) == "gamma":
            self._special(argument, children)  # type: ignore[arg-type]
            return self._defined(sp.gamma(argument), children)
        return sp.exp(argument)

    def extreme(self, children: list[object]) -> sp.Expr:
        head = children[0]
        argument = _values(children[1:])[-1]
        is_observation = argument == self.bare or (
            isinstance(argument, sp.Indexed) and argument.base == self.vocabulary.data
        )
        if not is_observation:
            raise Unreadable(f"\\{head} is read only of the observations, as in \\{head}_i x_i", _at(children))
        return self.vocabulary.maximum if str(head) == "max" else self.vocabulary.minimum

    # -- sums and products over the sample
    def index_only(self, children: list[Token]) -> tuple[sp.Symbol, sp.Expr | None]:
        token = next(c for c in children if isinstance(c, Token) and c.type == "NAME")
        if str(token) not in INDICES:
            raise Unreadable(f"{token} is not an index (use i, j or k)", token.start_pos or 0)
        return INDICES[str(token)], None

    def index_range(self, children: list[object]) -> tuple[sp.Symbol, sp.Expr | None]:
        index, _ = self.index_only([c for c in children if isinstance(c, Token)])
        lower = _values(children)[-1]
        if lower != 1:
            raise Unreadable("sums and products run over the sample, from 1 to n", _at(children))
        return index, lower  # type: ignore[return-value]

    def no_limits(self, children: list[object]) -> tuple[sp.Symbol, sp.Expr | None]:
        return i, None

    def lower_only(self, children: list[object]) -> tuple[sp.Symbol, sp.Expr | None]:
        return _values(children)[0]  # type: ignore[return-value]

    def upper_only(self, children: list[object]) -> tuple[sp.Symbol, sp.Expr | None]:
        self._upper(_values(children)[0], children)  # type: ignore[arg-type]
        return i, None

    def lower_upper(self, children: list[object]) -> tuple[sp.Symbol, sp.Expr | None]:
        lower, upper = _values(children)
        self._upper(upper, children)  # type: ignore[arg-type]
        return lower  # type: ignore[return-value]

    def upper_lower(self, children: list[object]) -> tuple[sp.Symbol, sp.Expr | None]:
        upper, lower = _values(children)
        self._upper(upper, children)  # type: ignore[arg-type]
        return lower  # type: ignore[return-value]

    def _upper(self, value: sp.Expr, children: Sequence[object]) -> None:
        if value != n:
            raise Unreadable("sums and products run over the sample, from 1 to n", _at(children))

    def bigop(self, children: list[object]) -> sp.Expr:
        head = children[0]
        (index, _), body = children[1], children[2]
        assert isinstance(body, sp.Expr)
        if index != i and not body.has(i):
            body, index = body.xreplace({index: i}), i
        operator = sp.Sum if str(head) == "sum" else sp.Product
        return operator(body, (index, 1, n))


def read_latex(tokens: Sequence[Token], vocabulary: Vocabulary, end: int) -> sp.Expr:
    """Parse one part of a step (tokens between `=` signs) into SymPy; `end` is the offset
    reported when the text stops too early."""
    if not tokens:
        raise Unreadable("nothing to read", end)
    builder = _Build(vocabulary)
    try:
        with time_limit(READ_SECONDS, "reading the step"):
            tree = _parser().parse(list(tokens))  # type: ignore[arg-type]
            value = builder.transform(tree)
    except UnexpectedToken as exc:
        token = exc.token
        if token.type == "$END":
            raise Unreadable("the expression stops too early", end) from None
        raise Unreadable(f"unexpected {str(token)!r}", token.start_pos or 0) from None
    except UnexpectedEOF:
        raise Unreadable("the expression stops too early", end) from None
    except UnexpectedInput as exc:
        raise Unreadable("cannot read this", getattr(exc, "pos_in_stream", None) or end) from None
    except VisitError as exc:
        original = exc.orig_exc
        if isinstance(original, Unreadable):
            raise original from None
        if isinstance(original, RecursionError):
            raise Unreadable("the expression is nested too deeply", end) from None
        raise Unreadable(f"cannot build this expression ({type(original).__name__})", _at([exc.obj])) from None
    except BudgetExceeded:
        raise Unreadable("the expression takes too long to read", end) from None
    except RecursionError:
        raise Unreadable("the expression is nested too deeply", end) from None
    if not isinstance(value, sp.Expr):
        raise Unreadable("not an expression", end)
    if value.has(builder.bare, *builder.bare_covariates.values()):
        name = builder.bare_name
        raise Unreadable(
            f"the observation {name} needs an index: {name}_i inside a sum, "
            f"\\bar{{{name}}}" + (f", {name}_{{(1)}} or {name}_{{(n)}}" if name == vocabulary.var else ""),
            builder.bare_at or 0,
        )
    loose = value.free_symbols & set(INDICES.values())
    if loose:
        raise Unreadable(f"the index {sorted(s.name for s in loose)[0]} is used outside a sum", end)
    return value
