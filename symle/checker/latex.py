"""A small LALR grammar (lark) for the LaTeX of homework math, building SymPy objects directly.

Why our own grammar: SymPy's LaTeX parser reads `x_i` as a plain symbol and `e` as a free symbol,
fails on `x_{(n)}`, `\\sum x_i` without bounds and implicit products after a power, reads
`\\overline{x}` as a conjugate and is exponentially slow on chained `\\log` terms. An LALR parser
is linear in the input and never ambiguous; its conventions are the textbook's: a function takes
the next factor (`\\log \\lambda^n` is log of lambda^n) or a whole big operator (`\\ln\\prod ...`), a
big operator takes the following product (`\\sum x_i - n` is (sum x_i) - n) and may follow an
operator (`\\lambda \\cdot \\sum x_i`, `n / \\sum x_i`), juxtaposition multiplies, an exponent may be
parenthesised (`e^(-\\lambda x_i)`, as phones write it). The tree is built by symle.checker.build.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence

import sympy as sp
from lark import Lark
from lark.exceptions import UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError
from lark.lexer import Lexer, Token

from symle.budget import cpu_limit
from symle.checker.build import Build, at
from symle.checker.conventions import apply_conventions
from symle.checker.tokens import LooseIndex, Unreadable
from symle.checker.vocabulary import INDICES, Vocabulary
from symle.echo import quoted
from symle.errors import BudgetExceeded

READ_SECONDS = 2.0

GRAMMAR = r"""
?start: sum

?sum: term
    | sum PLUS term             -> add
    | sum MINUS term            -> sub
    | sum PLUS DOTS PLUS term   -> ellipsis_sum

?term: mul
     | bigop
     | mul bigop                -> imul
     | mul TIMES bigop          -> mul
     | mul SLASH bigop          -> div
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
    | mul DOTS power            -> ellipsis_product
    | mul TIMES DOTS TIMES power -> ellipsis_product

?power: postfix
      | postfix CARET script    -> pow

?postfix: atom
        | atom BANG             -> factorial

?script: arg
       | MINUS arg              -> neg

?arg: LBRACE sum RBRACE         -> group
    | LPAR sum RPAR             -> group
    | NUM                       -> number
    | NAME                      -> name
    | NAME UNDER subindex       -> subscript
    | hat
    | bar

hat: HAT NAME
   | HAT LBRACE NAME RBRACE
   | HAT LBRACE NAME CARET NUM RBRACE
bar: BAR NAME
   | BAR LBRACE NAME RBRACE

subindex: NAME | NUM | LBRACE NAME RBRACE | LBRACE NUM RBRACE
        | LBRACE NUM REL NAME REL NAME RBRACE

items: item (COMMA item)+
?item: sum
     | DOTS                     -> dots_item
condition: sum (REL sum)+

?atom: NUM                      -> number
     | NAME                     -> name
     | NAME UNDER subindex      -> subscript
     | NAME ORDER               -> order
     | LPAR sum RPAR            -> group
     | LBRACE sum RBRACE        -> group
     | ABSL sum ABSR            -> absolute
     | FRAC arg arg             -> frac
     | BINOM arg arg            -> binom
     | BINOMIAL LPAR sum COMMA sum RPAR -> binom
     | SQRT arg                 -> sqrt
     | FUNC power               -> func
     | FUNC bigop               -> func
     | EXTREME power            -> extreme
     | EXTREME UNDER subindex power -> extreme
     | EXTREME LPAR items RPAR  -> extreme_list
     | INDICATOR LPAR condition RPAR -> indicator
     | INDICATOR UNDER LBRACE condition RBRACE -> indicator
     | INDICATOR UNDER LBRACE LPAR condition RPAR RBRACE -> indicator
     | TILDE NAME               -> median
     | TILDE LBRACE NAME RBRACE -> median
     | hat
     | bar

%declare NUM NAME FUNC SQRT FRAC BINOM BINOMIAL BIGOP EXTREME BAR HAT TIMES SLASH PLUS MINUS CARET UNDER
%declare LPAR RPAR LBRACE RBRACE BANG EQ ORDER ABSL ABSR DOTS COMMA REL INDICATOR TILDE
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


def read_latex(tokens: Sequence[Token], vocabulary: Vocabulary, end: int) -> sp.Expr:
    """Parse one part of a step (tokens between `=` signs) into SymPy; `end` is the offset
    reported when the text stops too early."""
    if not tokens:
        raise Unreadable("nothing to read", end)
    builder = Build(vocabulary)
    try:
        with cpu_limit(READ_SECONDS, "reading the step"):
            tree = apply_conventions(_parser().parse(list(tokens)))  # type: ignore[arg-type]
            value = builder.transform(tree)
    except UnexpectedToken as exc:
        token = exc.token
        if token.type == "$END":
            raise Unreadable("the expression stops too early", end) from None
        raise Unreadable(f"unexpected {quoted(str(token))}", token.start_pos or 0) from None
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
        raise Unreadable(f"cannot build this expression ({type(original).__name__})", at([exc.obj])) from None
    except BudgetExceeded:
        raise Unreadable("the expression takes too long to read", end) from None
    except RecursionError:
        raise Unreadable("the expression is nested too deeply", end) from None
    return _checked(value, builder, vocabulary, end)


def _checked(value: object, builder: Build, vocabulary: Vocabulary, end: int) -> sp.Expr:
    """The value, unless it holds what only makes sense inside something else: a bare observation,
    an observation with a fixed index outside an ellipsis, an index outside its sum."""
    if not isinstance(value, sp.Expr):
        raise Unreadable("not an expression", end)
    if value.has(builder.bare, *builder.bare_covariates.values()):
        name = builder.bare_name
        raise Unreadable(
            f"the observation {name} needs an index: {name}_i inside a sum, "
            f"\\bar{{{name}}}" + (f", {name}_{{(1)}} or {name}_{{(n)}}" if name == vocabulary.var else ""),
            builder.bare_at or 0,
        )
    if builder.fixed(value):
        raise Unreadable(
            "x_1 and x_n are read only in an ellipsis (x_1 + \\cdots + x_n) or a list (\\max\\{x_1, \\dots, x_n\\})",
            builder.fixed_at or 0,
        )
    loose = value.free_symbols & set(INDICES.values())
    if loose:
        raise LooseIndex(f"the index {sorted(s.name for s in loose)[0]} is used outside a sum", end, value)
    return value
