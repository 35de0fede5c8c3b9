"""What homework writes over the whole sample, built into SymPy: observations x_i (and x_1, x_n in an
ellipsis), sums and products over i, ellipses `x_1 + \\cdots + x_n`, lists `\\max\\{x_1, \\dots, x_n\\}`,
order statistics, the median and the mean, and indicators `\\mathbf{1}\\{x_{(n)} \\le \\theta\\}`.

An observation with a fixed index (x_1, x_n) is only a way to write an ellipsis or a list: it becomes
x[1] or x[n] while the tree is built, and the reader refuses any left over at the end.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp
from lark import Transformer
from lark.lexer import Token

from symle.algebra.sample import i, n
from symle.checker.tokens import Unreadable
from symle.checker.vocabulary import INDICES, Vocabulary

_RELATIONS = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}
MAX_LEADING_TERMS = 4  # x_1 + x_2 + x_3 + x_4 + ... + x_n at most before the dots


def _values(children: Sequence[object]) -> list[object]:
    return [c for c in children if not (isinstance(c, Token) and c.type not in ("NAME", "NUM"))]


def _at(children: Sequence[object]) -> int:
    for child in children:
        if isinstance(child, Token) and child.start_pos is not None:
            return child.start_pos
    return 0


class Dots:
    """The `\\dots` item of a list."""


class SampleTerms(Transformer):  # type: ignore[type-arg]
    """The sample's part of the tree builder (symle.checker.build.Build adds names and arithmetic)."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        super().__init__()
        self.vocabulary = vocabulary
        self.fixed_at: int | None = None  # where the first x_1 or x_n was written
        # a bare observation `x` is a marker that \bar x and \max x use, refused anywhere else;
        # a regression's covariates written without an index too
        self.bare = sp.Symbol("_bare_observation")
        self.bare_covariates = {c: sp.Symbol(f"_bare_{c}") for c in vocabulary.covariates}
        self.bare_at: int | None = None
        self.bare_name = vocabulary.var

    # -- observations
    def fixed(self, expr: sp.Expr) -> bool:
        """Whether expr holds an observation with a fixed index (x_1, x_n) that no ellipsis took."""
        columns = {self.vocabulary.column(c) for c in self.vocabulary.observed}
        return any(a.base in columns and a.indices[0] not in INDICES.values() for a in expr.atoms(sp.Indexed))

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
        if word in v.observed and (sub == "n" or (sub.isdigit() and 0 < int(sub) <= MAX_LEADING_TERMS)):
            if self.fixed_at is None:
                self.fixed_at = base.start_pos or 0
            return v.observation(n if sub == "n" else sp.Integer(int(sub)), word)  # type: ignore[arg-type]
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

    # -- statistics of the whole sample: \max_i x_i, \max\{x_1, \dots, x_n\}, \tilde x, med(x)
    def _statistic(self, head: str, column: str | None = None) -> sp.Expr:
        v = self.vocabulary
        if head == "mean":
            return v.mean_of(column)
        if column not in (None, v.var):
            raise Unreadable(f"the {head} is read only of the observations {v.var}", 0)
        return {"max": v.maximum, "min": v.minimum, "median": v.median}[head]

    def _column(self, argument: object) -> str | None:
        """The observed column an argument stands for (x, x_i), or None if it is no observation."""
        for name in self.vocabulary.observed:
            column = self.vocabulary.column(name)
            if argument == self.bare and name == self.vocabulary.var:
                return name
            if argument == self.bare_covariates.get(name):
                return name
            if isinstance(argument, sp.Indexed) and argument.base == column and argument.indices[0] in INDICES.values():
                return name
        return None

    def extreme(self, children: list[object]) -> sp.Expr:
        head = str(children[0])
        argument = _values(children[1:])[-1]
        column = self._column(argument)
        if column is None:
            raise Unreadable(f"{head} is read only of the observations, as in \\{head}_i x_i", _at(children))
        return self._statistic(head, column)

    def extreme_list(self, children: list[object]) -> sp.Expr:
        head = str(children[0])
        items = [c for c in children if isinstance(c, list)][0]
        v = self.vocabulary
        ends = (v.observation(sp.Integer(1)), v.observation(n))  # type: ignore[arg-type]
        if not any(isinstance(item, Dots) for item in items) or (items[0], items[-1]) != ends:
            raise Unreadable(f"{head}(...) is read as {head}(x_1, \\dots, x_n)", _at(children))
        return self._statistic(head)

    def items(self, children: list[object]) -> list[object]:
        return [c for c in children if not isinstance(c, Token) or c.type in ("NAME", "NUM")]

    def dots_item(self, children: list[object]) -> Dots:
        return Dots()

    def median(self, children: list[Token]) -> sp.Expr:
        token = next(c for c in children if isinstance(c, Token) and c.type == "NAME")
        if str(token) != self.vocabulary.var:
            raise Unreadable(f"\\tilde{{{token}}}: only the observations have a median", token.start_pos or 0)
        return self.vocabulary.median

    # -- ellipses: x_1 + x_2 + \cdots + x_n, x_1 x_2 \cdots x_n
    def _ellipsis(self, left: sp.Expr, last: sp.Expr, product: bool, children: Sequence[object]) -> sp.Expr:
        v = self.vocabulary
        general = {v.observation(n, c): v.observation(i, c) for c in v.observed}  # type: ignore[arg-type]
        body = last.xreplace(general)
        if body == last or self.fixed(body):
            raise Unreadable("the last term of an ellipsis is written with x_n", _at(children))
        combine = sp.Mul if product else sp.Add
        for count in range(MAX_LEADING_TERMS, 0, -1):
            leading = combine(*(body.xreplace({i: k}) for k in range(1, count + 1)))
            rest = sp.expand(left / leading) if product else sp.expand(left - leading)
            if not self.fixed(rest):
                whole = sp.Product(body, (i, 1, n)) if product else sp.Sum(body, (i, 1, n))
                return rest * whole if product else rest + whole
        raise Unreadable("an ellipsis starts with the terms for x_1, x_2, ...", _at(children))

    def ellipsis_sum(self, children: list[object]) -> sp.Expr:
        left, last = _values(children)
        return self._ellipsis(left, last, False, children)  # type: ignore[arg-type]

    def ellipsis_product(self, children: list[object]) -> sp.Expr:
        left, last = _values(children)
        return self._ellipsis(left, last, True, children)  # type: ignore[arg-type]

    # -- indicators: \mathbf{1}\{a \le x_{(1)}\}
    def condition(self, children: list[object]) -> sp.Basic:
        sides = _values(children)
        operators = [str(c) for c in children if isinstance(c, Token) and c.type == "REL"]
        relations = [_RELATIONS[o](a, b) for o, a, b in zip(operators, sides, sides[1:], strict=False)]
        return sp.And(*relations)

    def indicator(self, children: list[object]) -> sp.Expr:
        condition = next(c for c in children if isinstance(c, sp.Basic))
        return sp.Piecewise((sp.Integer(1), condition), (sp.Integer(0), True))

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
