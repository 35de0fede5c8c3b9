"""Plain-text homework math (`n*log(lambda) - lambda*sum(x_i)`, `1/xbar`, `x_(n)`) read by symle's
own safe formula parser, with the checker's names and a few functions added."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import sympy as sp

from symle.algebra.sample import i, n
from symle.checker.aliases import GREEK_FOR
from symle.checker.tokens import LooseIndex, Unreadable
from symle.checker.vocabulary import INDICES, Vocabulary
from symle.errors import ParseError
from symle.model.formula import Names, parse_with

_COLUMN = re.compile(r"\s*at column (\d+)")
MAX_CHOOSE = 1_000


def _roots(name: str, v: Vocabulary) -> tuple[str, ...]:
    """How a plain-text answer spells a parameter: as named (b1), with its index after an underscore
    (b_1), and in Greek (beta1, beta_1) when the model names b0, b1 and no beta."""
    indexed = re.fullmatch(r"([A-Za-z]+)(\d)", name)
    if indexed is None:
        return (name,)
    letters, digit = indexed.groups()
    roots = [name, f"{letters}_{digit}"]
    greek = GREEK_FOR.get(letters)
    if greek is not None and greek not in v.names:
        roots += [f"{greek}{digit}", f"{greek}_{digit}"]
    return tuple(roots)


def _names(v: Vocabulary) -> Names:
    symbols: dict[str, sp.Basic] = dict(v.names)
    for column in v.observed:  # the response (or variable) and a regression's covariates
        symbols[f"{column}_i"] = v.observation(i, column)
        for spelling in (f"{column}bar", f"{column}_bar", f"mean_{column}"):
            symbols[spelling] = v.mean_of(column)
    for name in list(v.names):
        if name in ("n", "e", "pi"):
            continue
        hat = v.hat(name)
        for root in _roots(name, v):
            if root != name:
                symbols.setdefault(root, v.names[name])  # `b_1`, `beta1`, `beta_1` for b1
            if hat is not None:
                for spelling in (f"{root}hat", f"{root}_hat", f"hat_{root}"):
                    symbols.setdefault(spelling, hat)
        indexed = re.fullmatch(r"([A-Za-z]+)(\d)", name)
        if hat is not None and indexed:  # `bhat1`, `bhat_1`, `betahat1`: the hat before the index
            for letters in {indexed[1], GREEK_FOR.get(indexed[1], indexed[1])}:
                for spelling in (f"{letters}hat{indexed[2]}", f"{letters}hat_{indexed[2]}"):
                    symbols.setdefault(spelling, hat)

    def over_sample(operator: type[sp.Expr]) -> Callable[..., sp.Expr]:
        def build(*args: sp.Expr) -> sp.Expr:
            if len(args) != 1:
                raise ParseError(f"{operator.__name__.lower()}(...) takes one argument, the summand in {v.var}_i")
            return operator(args[0], (i, 1, n))

        return build

    def extreme(which: str) -> Callable[..., sp.Expr]:
        def build(*args: sp.Expr) -> sp.Expr:
            if len(args) != 1 or args[0] != v.observation(i):
                raise ParseError(f"{which}(...) is read only as {which}({v.var}_i)")
            return v.maximum if which == "max" else v.minimum

        return build

    def order(*args: sp.Expr) -> sp.Expr:
        if len(args) == 1 and args[0] == 1:
            return v.minimum
        if len(args) == 1 and args[0] == n:
            return v.maximum
        raise ParseError(f"only {v.var}_(1) and {v.var}_(n) are read")

    def hat(*args: sp.Expr) -> sp.Expr:
        for name, value in v.names.items():
            if len(args) == 1 and args[0] == value and v.hat(name) is not None:
                return v.hat(name)  # type: ignore[return-value]
        raise ParseError("hat(...) takes one parameter")

    def choose(*args: sp.Expr) -> sp.Expr:
        if len(args) != 2:
            raise ParseError("choose(m, x) takes two arguments")
        if args[0].is_Number and abs(args[0]) > MAX_CHOOSE:
            raise ParseError(f"choose({args[0]}, ...) is too large (at most {MAX_CHOOSE})")
        return sp.binomial(*args)

    functions: Mapping[str, Callable[..., sp.Expr]] = {
        "choose": choose,
        "sum": over_sample(sp.Sum),
        "prod": over_sample(sp.Product),
        "max": extreme("max"),
        "min": extreme("min"),
        f"{v.var}_": order,
        "hat": hat,
    }
    return Names(symbols, functions=functions)


def read_plain(text: str, vocabulary: Vocabulary, offset: int) -> sp.Expr:
    """Read one part of a step (between `=` signs) that starts at `offset` in the step's text."""
    try:
        value = parse_with(text, _names(vocabulary), "expression")
    except ParseError as exc:
        message = str(exc).removeprefix("expression: ")
        if message.startswith("unknown name"):
            names = [name for name in vocabulary.names if name not in ("e", "pi")]
            message = (
                message.split(" (declared")[0]
                + f" (names: {', '.join(names)}, "
                + ", ".join(f"{c}_i, {c}bar" for c in vocabulary.observed)
                + ")"
            )
        match = _COLUMN.search(message)
        where = offset + (int(match.group(1)) - 1 if match else 0)
        raise Unreadable(_COLUMN.sub("", message), where) from None
    if value.free_symbols & set(INDICES.values()):
        raise LooseIndex("the index i is used outside sum(...)", offset, value)
    return value
