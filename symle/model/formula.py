"""Safe parsing of typed formulas into SymPy: a small grammar of our own, never `eval`."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import sympy as sp

from symle.algebra.sample import SAMPLE_FUNCTIONS
from symle.algebra.special import zeta
from symle.budget import cpu_limit
from symle.errors import BudgetExceeded, ParseError
from symle.model.tokens import Token, check_name, tokenize

MAX_INTEGER = 10**12
MAX_EXPONENT = 1_000
MAX_RESULT_DIGITS = 3_000  # Python refuses to print integers of more than 4300 digits
MAX_TOWER = 3
MAX_DEPTH = 60
MAX_SPECIAL_ARGUMENT = 1_000
PARSE_SECONDS = 2.0

RESERVED = ("n", "i", "e")
CONSTANTS: Mapping[str, sp.Expr] = {"e": sp.E, "E": sp.E, "pi": sp.pi, "EulerGamma": sp.EulerGamma}


def _number(token: Token) -> sp.Expr:
    text = token.text
    if re.fullmatch(r"\d+", text):
        if len(text.lstrip("0")) > 13 or int(text) > MAX_INTEGER:
            raise ParseError(f"integer {text[:20]} at column {token.column} is too large (at most {MAX_INTEGER})")
        return sp.Integer(int(text))
    mantissa, _, exponent = text.lower().partition("e")
    if not mantissa.replace(".", "").strip("0"):
        return sp.Integer(0)  # 0e-999999999 is zero: no power of ten is built
    if len(exponent.lstrip("+-").lstrip("0")) > 4:  # beyond 1e9999: out of any useful range, and of Decimal's
        raise ParseError(f"number {text[:20]} at column {token.column} is too large or too small")
    value = Decimal(text).copy_abs()  # exact at any exponent: float("1e-400") is 0
    if len(mantissa.replace(".", "").lstrip("0")) > 15 or value > MAX_INTEGER:
        raise ParseError(f"number {text[:20]} at column {token.column} is too large or too long")
    if value != 0 and value < Decimal("1e-12"):
        raise ParseError(f"number {text[:20]} at column {token.column} is too small")
    if value == 0:
        return sp.Integer(0)  # 0e-999999999 would otherwise build a huge power of ten
    return sp.Rational(text)  # exact: 0.5 is 1/2, so printed results read back the same


def _digits(value: sp.Expr) -> float:
    """log10 of |value| for a number (0 for zero)."""
    number = abs(float(value)) if value.is_finite else math.inf
    return math.log10(number) if number > 0 else 0.0


def _check_power(base: sp.Expr, exponent: sp.Expr, column: int) -> None:
    if exponent.is_Number:
        if abs(exponent) > MAX_EXPONENT:
            raise ParseError(f"exponent {exponent} at column {column} is too large (at most {MAX_EXPONENT})")
        if base.is_Number and base != 0 and abs(float(exponent)) * abs(_digits(base)) > MAX_RESULT_DIGITS:
            raise ParseError(f"power at column {column} has too many digits")


def _defined(value: sp.Expr, what: str, column: int, why: str = "division by zero or a pole") -> sp.Expr:
    """Refuse a value SymPy finds undefined (log(0), gamma(0), 0**-1 give zoo; oo - oo gives nan):
    not a density; and one holding a number too long to print (factorial(1000)*factorial(1000))."""
    if value.has(sp.zoo, sp.nan):
        raise ParseError(f"{what} at column {column} is undefined ({why})")
    for number in value.atoms(sp.Rational):
        if max(abs(number.p), number.q).bit_length() > MAX_RESULT_DIGITS * 3.32:
            raise ParseError(f"{what} at column {column} has too many digits (at most {MAX_RESULT_DIGITS})")
    return value


def _finite(value: sp.Expr, args: Sequence[sp.Expr], what: str, column: int) -> sp.Expr:
    """Refuse a function value that is infinite for finite arguments (loggamma(0) is oo)."""
    infinite = (sp.oo, -sp.oo)
    if value.has(*infinite) and not any(arg.has(*infinite) for arg in args):
        raise ParseError(f"{what} at column {column} is infinite")
    return value


def _no_tuple(left: sp.Basic, right: sp.Basic, column: int) -> None:
    if isinstance(left, sp.Tuple) or isinstance(right, sp.Tuple):
        raise ParseError(f"unexpected tuple next to the operator at column {column}")


def _check_special(name: str, args: Sequence[sp.Expr], column: int) -> None:
    for arg in args:
        if arg.is_Number and abs(arg) > MAX_SPECIAL_ARGUMENT:
            raise ParseError(f"argument of {name} at column {column} is too large (at most {MAX_SPECIAL_ARGUMENT})")


# name -> (builder, allowed argument counts, special: numeric arguments capped)
FUNCTIONS: Mapping[str, tuple[Callable[..., sp.Expr], tuple[int, ...], bool]] = {
    "exp": (sp.exp, (1,), False),
    "log": (sp.log, (1, 2), False),
    "ln": (sp.log, (1,), False),
    "sqrt": (sp.sqrt, (1,), False),
    "abs": (sp.Abs, (1,), False),
    "Abs": (sp.Abs, (1,), False),
    "sin": (sp.sin, (1,), False),
    "cos": (sp.cos, (1,), False),
    "tan": (sp.tan, (1,), False),
    "atan": (sp.atan, (1,), False),
    "atan2": (sp.atan2, (2,), False),
    "sinh": (sp.sinh, (1,), False),
    "cosh": (sp.cosh, (1,), False),
    "tanh": (sp.tanh, (1,), False),
    "erf": (sp.erf, (1,), False),
    "erfc": (sp.erfc, (1,), False),
    "gamma": (sp.gamma, (1,), True),
    "loggamma": (sp.loggamma, (1,), True),
    "beta": (sp.beta, (2,), True),
    "factorial": (sp.factorial, (1,), True),
    "binomial": (sp.binomial, (2,), True),
    "digamma": (sp.digamma, (1,), True),
    "trigamma": (sp.trigamma, (1,), True),
    "polygamma": (sp.polygamma, (2,), True),
    "zeta": (zeta, (1,), True),
    "besseli": (sp.besseli, (2,), True),
    "sign": (sp.sign, (1,), False),
    "Max": (sp.Max, (2, 3, 4, 5, 6, 7, 8), False),
    "Min": (sp.Min, (2, 3, 4, 5, 6, 7, 8), False),
}


@dataclass(frozen=True)
class Names:
    """How bare names resolve: declared symbols, then constants; `free` makes unknown names plain
    symbols (reading SymPy syntax back); `indexed` allows x[i] and Sum/Product (SymPy syntax)."""

    symbols: Mapping[str, sp.Basic]
    free: bool = False
    indexed: bool = False
    # extra functions for one reader (the homework checker's sum(...), x_(1)); each builder checks
    # its own arguments and raises ParseError
    functions: Mapping[str, Callable[..., sp.Expr]] = field(default_factory=dict)

    def resolve(self, token: Token) -> sp.Basic:
        word = token.text
        if word in self.symbols:
            return self.symbols[word]
        if word in CONSTANTS:
            return CONSTANTS[word]
        if word == "oo" and self.indexed:
            return sp.oo
        if word in ("nan", "zoo") and self.indexed:  # SymPy's printed NaN and complex infinity: never a symbol
            raise ParseError(f"{word!r} at column {token.column} is undefined (NaN or complex infinity)")
        if self.free:
            return sp.Symbol(word)
        if word in FUNCTIONS:
            raise ParseError(f"function {word!r} at column {token.column} needs an argument list")
        known = ", ".join(sorted(self.symbols)) or "none"
        raise ParseError(f"unknown name {word!r} at column {token.column} (declared: {known})")


class _Parser:
    def __init__(self, tokens: list[Token], names: Names) -> None:
        self.tokens = tokens
        self.position = 0
        self.names = names
        self.depth = self.exponents = 0  # exponents: those being read around the token, parentheses or not

    # -- token helpers
    @property
    def token(self) -> Token:
        return self.tokens[self.position]

    def advance(self) -> Token:
        token = self.token
        self.position += 1
        return token

    def accept(self, text: str) -> Token | None:
        if self.token.kind == "op" and self.token.text == text:
            return self.advance()
        return None

    def expect(self, text: str) -> Token:
        token = self.accept(text)
        if token is None:
            raise self.error(f"expected {text!r}")
        return token

    def error(self, what: str) -> ParseError:
        token = self.token
        found = "end of text" if token.kind == "end" else repr(token.text)
        return ParseError(f"{what} but found {found} at column {token.column}")

    def at_end(self) -> bool:
        return self.token.kind == "end"

    # -- grammar
    def expression(self) -> sp.Expr:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError(f"formula is nested too deeply at column {self.token.column}")
        try:
            # terms are collected and added once: adding one at a time is quadratic in SymPy
            terms = [self.term()]
            column = self.token.column  # of the sum's first sign
            while self.token.kind == "op" and self.token.text in "+-":
                sign = self.advance()
                right = self.term()
                _no_tuple(terms[0], right, sign.column)
                terms.append(right if sign.text == "+" else -right)
            # oo - oo is nan: refused as 0/0 is
            return terms[0] if len(terms) == 1 else _defined(sp.Add(*terms), "sum", column, "infinity minus infinity")
        finally:
            self.depth -= 1

    def term(self) -> sp.Expr:
        factors = [self.unary()]
        column = self.token.column
        while self.token.kind == "op" and self.token.text in ("*", "/"):
            operator = self.advance()
            column = operator.column
            right = self.unary()
            _no_tuple(factors[0], right, operator.column)
            if operator.text == "*":
                factors.append(right)
            else:
                if right == 0:
                    raise ParseError(f"division by zero at column {operator.column}")
                factors.append(1 / right)
        return factors[0] if len(factors) == 1 else _defined(sp.Mul(*factors), "product", column)

    def unary(self) -> sp.Expr:
        # a loop, not recursion: "-----x" of any length cannot exhaust the stack
        negative = False
        while self.token.kind == "op" and self.token.text in "+-":
            negative ^= self.advance().text == "-"
        value = self.power()
        return -value if negative else value

    def power(self) -> sp.Expr:
        base = self.factorial()
        if self.token.kind == "op" and self.token.text in ("**", "^"):
            operator = self.advance()
            if self.exponents + 1 >= MAX_TOWER:  # a^b^c^d or a^(b^(c^d)) alike (a refusal ends the reading)
                raise ParseError(f"exponent tower at column {operator.column} is too high (at most {MAX_TOWER})")
            negative = False
            while self.token.kind == "op" and self.token.text in "+-":
                negative ^= self.advance().text == "-"
            self.exponents += 1
            exponent, self.exponents = self.power(), self.exponents - 1  # (read inside, then one level out)
            exponent = -exponent if negative else exponent
            _check_power(base, exponent, operator.column)
            return _defined(base**exponent, "power", operator.column)
        return base

    def factorial(self) -> sp.Expr:
        """An atom with textbooks' postfix factorials: x!, (x + 1)!, binding before a power."""
        value, bang = self.atom(), self.accept("!")
        if bang is not None and self.token.text == "!":
            raise self.error("a double factorial is not supported (write the product it stands for)")
        return value if bang is None else self.apply("factorial", [value], bang.column)

    def atom(self) -> sp.Expr:
        token = self.token
        if token.kind == "number":
            self.advance()
            return _number(token)
        if token.kind == "name":
            self.advance()
            if self.accept("("):
                return self.call(token)
            if self.accept("["):
                return self.index(token)
            return self.names.resolve(token)
        if self.accept("("):
            items = [self.expression()]
            while self.accept(","):
                items.append(self.expression())
            self.expect(")")
            return items[0] if len(items) == 1 else sp.Tuple(*items)
        raise self.error("expected a number, a name or '('")

    def arguments(self) -> list[sp.Expr]:
        if self.accept(")"):
            return []
        args = [self.expression()]
        while self.accept(","):
            args.append(self.expression())
        self.expect(")")
        return args

    def call(self, name: Token) -> sp.Expr:
        word = name.text
        args = self.arguments()
        if self.names.indexed and word in ("Sum", "Product"):
            return self.big_operator(name, args)
        if self.names.indexed and word in SAMPLE_FUNCTIONS and len(args) == 1 and isinstance(args[0], sp.Symbol):
            return SAMPLE_FUNCTIONS[word](sp.IndexedBase(args[0].name))
        if word in self.names.functions:
            return _defined(self.names.functions[word](*args), word, name.column)
        if word not in FUNCTIONS:
            allowed = ", ".join(sorted(FUNCTIONS))
            raise ParseError(f"unknown function {word!r} at column {name.column} (allowed: {allowed})")
        return self.apply(word, args, name.column)

    def apply(self, word: str, args: list[sp.Expr], column: int) -> sp.Expr:
        """A whitelisted function applied to its arguments, checked as every call is."""
        builder, counts, special = FUNCTIONS[word]
        if len(args) not in counts:
            raise ParseError(f"{word} at column {column} takes {' or '.join(map(str, counts))} argument(s)")
        if any(isinstance(a, sp.Tuple) for a in args):
            raise ParseError(f"unexpected tuple in the arguments of {word} at column {column}")
        if special:
            _check_special(word, args, column)
        return _defined(_finite(builder(*args), args, word, column), word, column)

    def big_operator(self, name: Token, args: list[sp.Expr]) -> sp.Expr:
        limits = args[1:]
        if not args or not limits or not all(isinstance(t, sp.Tuple) and len(t) == 3 for t in limits):
            raise ParseError(f"{name.text} at column {name.column} needs (index, lower, upper) limits")
        operator = sp.Sum if name.text == "Sum" else sp.Product
        return operator(args[0], *limits)

    def index(self, name: Token) -> sp.Expr:
        if not self.names.indexed:
            raise ParseError(f"indexing {name.text}[...] at column {name.column} is not allowed in a density")
        index = self.expression()
        self.expect("]")
        return sp.IndexedBase(name.text)[index]


def _parse(text: str, names: Names, what: str) -> sp.Expr:
    if not isinstance(text, str):
        raise ParseError(f"{what} must be text")
    if not text.strip():
        raise ParseError(f"{what} is empty")
    try:
        tokens = tokenize(text)
    except ParseError as exc:
        raise _named(exc, what) from None
    return _read(tokens, names, what)


def _named(exc: ParseError, what: str) -> ParseError:
    """The error with the input it is about in front (density, support, the known value m, ...)."""
    message = exc.text
    return exc if message.startswith(what) else ParseError(f"{what}: {message}")


def _read(tokens: list[Token], names: Names, what: str) -> sp.Expr:
    try:
        with cpu_limit(PARSE_SECONDS, f"reading the {what}"):
            parser = _Parser(tokens, names)
            value = parser.expression()
            if not parser.at_end():
                raise parser.error("expected an operator or the end")
    except ParseError as exc:
        raise _named(exc, what) from None
    except BudgetExceeded as exc:
        raise ParseError(f"{what} takes too long to read ({exc})") from None
    except RecursionError:
        raise ParseError(f"{what} is nested too deeply") from None
    except (TypeError, ValueError, ZeroDivisionError, AttributeError) as exc:
        # SymPy refusing a construction (e.g. log of a tuple): a user error, not a crash.
        raise ParseError(f"{what} cannot be built: {exc}".splitlines()[0]) from None
    if isinstance(value, sp.Tuple):
        raise ParseError(f"{what} is a tuple, not an expression")
    if isinstance(value, sp.Basic) and value.has(sp.nan, sp.zoo):  # whatever built it: never a NaN as a formula
        raise ParseError(f"{what} is undefined (its value is NaN or complex infinity)")
    return value


def parse_tokens(tokens: list[Token], symbols: Mapping[str, sp.Basic], what: str) -> sp.Expr:
    """Read an already tokenised formula (used by the support reader)."""
    return _read(tokens, Names(symbols), what)


def parse_formula(text: str, symbols: Mapping[str, sp.Basic], what: str = "formula") -> sp.Expr:
    """Read a typed formula whose bare names must all be declared in `symbols` (plus e and pi)."""
    return _parse(text, Names(symbols), what)


def parse_expression(text: str, symbols: Mapping[str, sp.Basic] | None = None) -> sp.Expr:
    """Read SymPy syntax as symle prints it (x[i], Sum(..., (i, 1, n)), Max(x)) back into SymPy.

    Names not in `symbols` become assumption-free symbols, as `symle.algebra.sample.plain` prints them.
    """
    return _parse(text, Names(dict(symbols or {}), free=True, indexed=True), "expression")


def parse_with(text: str, names: Names, what: str = "expression") -> sp.Expr:
    """Read text with a caller's own name table and extra functions (the homework checker)."""
    return _parse(text, names, what)


def split_names(text: str, what: str) -> list[str]:
    """A comma list of identifiers (`--params mu,sigma2`), each checked to be a plain name."""
    names = [check_name(part.strip(), what) for part in text.split(",")]
    if len(set(names)) != len(names):
        raise ParseError(f"{what}: a name is given twice")
    return names
