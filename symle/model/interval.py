"""A restricted parameter space: an interval with rational ends (`[0,1/2]`, `>1`, `>=0`, `(0,1/2]`),
read by a small grammar of its own (numbers are read by `fractions.Fraction` after a pattern allows
them: never eval, no exponents, no huge numbers). Light: no SymPy until a bound is asked for."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from symle.echo import quoted
from symle.errors import ParseError, named

if TYPE_CHECKING:
    import sympy as sp

_NUMBER = re.compile(r"[+-]?(?:\d{1,12}(?:\.\d{0,12})?|\.\d{1,12})(?:/\d{1,12})?")
_INFINITE = {"inf": 1, "+inf": 1, "oo": 1, "+oo": 1, "-inf": -1, "-oo": -1}
_ONE_SIDED = (">=", "<=", "≥", "≤", ">", "<")
MAX_TEXT = 60
INTERVAL_STARTS = "[(<>≥≤"  # what a `name:` part starts with when it is an interval, not a domain's name


@dataclass(frozen=True)
class Interval:
    """lower < θ < upper, either end closed or open, an end None where it is infinite."""

    lower: Fraction | None
    upper: Fraction | None
    lower_closed: bool = False
    upper_closed: bool = False
    inferred: bool = False  # found from the density's sign (symle.model.space), not declared

    def contains(self, value: float) -> bool:
        """Whether a number lies in the interval (its closed ends included)."""
        if self.lower is not None and (value < self.lower or (value == self.lower and not self.lower_closed)):
            return False
        return not (self.upper is not None and (value > self.upper or (value == self.upper and not self.upper_closed)))

    def clip(self, value: float) -> float:
        """The nearest point of the closed interval (the projection)."""
        if self.lower is not None and value < self.lower:
            return float(self.lower)
        if self.upper is not None and value > self.upper:
            return float(self.upper)
        return value

    def at_end(self, value: float, tolerance: float = 0.0) -> bool:
        """Whether a number is at a finite end (within a relative tolerance)."""
        return any(
            end is not None and abs(value - float(end)) <= tolerance * max(1.0, abs(float(end)))
            for end in (self.lower, self.upper)
        )

    @property
    def bounds(self) -> tuple[float, float]:
        """The ends as floats, infinite where unbounded."""
        return (
            -math.inf if self.lower is None else float(self.lower),
            math.inf if self.upper is None else float(self.upper),
        )

    def sympy_bounds(self) -> tuple[sp.Expr, sp.Expr]:
        """The ends as SymPy numbers (rationals, or ∓∞)."""
        import sympy as sp

        low = sp.S.NegativeInfinity if self.lower is None else sp.Rational(self.lower.numerator, self.lower.denominator)
        high = sp.S.Infinity if self.upper is None else sp.Rational(self.upper.numerator, self.upper.denominator)
        return low, high

    def text(self) -> str:
        """As a textbook writes it: [0, 1/2], (1, ∞)."""
        low = "-∞" if self.lower is None else str(self.lower)
        high = "∞" if self.upper is None else str(self.upper)
        return f"{'[' if self.lower_closed else '('}{low}, {high}{']' if self.upper_closed else ')'}"


def _number(text: str, item: str) -> Fraction | int:
    """A finite bound as a Fraction, or ±1 for an infinite one (only where an interval allows it)."""
    text = text.strip().replace(" ", "")
    if text.lower() in _INFINITE:
        return _INFINITE[text.lower()]
    if not _NUMBER.fullmatch(text):
        raise ParseError(
            f"{named('params')} {item}: the bound {quoted(text)} is not a number (give e.g. 1/2, 0.25 or 3)"
        )
    return Fraction(text)


def parse_interval(text: str, item: str) -> Interval:
    """`[a,b]`, `(a,b]`, `[a,b)`, `(a,b)`, `>a`, `>=a`, `<b`, `<=b` as an Interval; `item` is the
    whole `--params` item for the message. Refused in one line: ends that are not numbers, an
    empty interval, a lower end not below the upper."""
    shown_item = quoted(item)
    if len(text) > MAX_TEXT:
        raise ParseError(f"{named('params')} {shown_item}: the interval is too long")
    body = text.strip()
    for sign in _ONE_SIDED:
        if body.startswith(sign):
            value = _number(body[len(sign) :], shown_item)
            if not isinstance(value, Fraction):
                raise ParseError(f"{named('params')} {shown_item}: the bound must be a finite number")
            closed = "=" in sign or sign in "≥≤"
            if sign in (">", ">=", "≥"):
                return Interval(value, None, lower_closed=closed)
            return Interval(None, value, upper_closed=closed)
    if len(body) < 2 or body[0] not in "[(" or body[-1] not in "])" or body.count(",") != 1:
        raise ParseError(
            f"{named('params')} {shown_item}: not an interval (give e.g. theta:[0,1/2], p:(0,1/2], alpha:>1 or mu:>=0)"
        )
    low_text, high_text = body[1:-1].split(",")
    low, high = _number(low_text, shown_item), _number(high_text, shown_item)
    lower_closed, upper_closed = body[0] == "[", body[-1] == "]"
    if (not isinstance(low, Fraction) and low > 0) or (not isinstance(high, Fraction) and high < 0):
        raise ParseError(f"{named('params')} {shown_item}: the interval is empty")
    if (not isinstance(low, Fraction) and lower_closed) or (not isinstance(high, Fraction) and upper_closed):
        raise ParseError(f"{named('params')} {shown_item}: an infinite end must be open, as in (0, inf)")
    lower = low if isinstance(low, Fraction) else None
    upper = high if isinstance(high, Fraction) else None
    if lower is not None and upper is not None:
        if lower == upper and lower_closed and upper_closed:
            raise ParseError(
                f"{named('params')} {shown_item}: the interval is a single point (give the value with "
                f"{named('known')} instead)"
            )
        if lower >= upper:
            raise ParseError(
                f"{named('params')} {shown_item}: the interval is empty (its lower end is not below its upper end)"
            )
    if lower is None and upper is None:
        raise ParseError(
            f"{named('params')} {shown_item}: the interval is the whole line (give the parameter without it)"
        )
    return Interval(lower, upper, lower_closed, upper_closed)


def split_items(text: str) -> list[str]:
    """A comma list of `--params` items, the commas inside an interval's brackets kept: the
    text `theta:[0,1/2],sigma2` is the items `theta:[0,1/2]` and `sigma2`."""
    items, depth, start = [], 0, 0
    for k, char in enumerate(text):
        if char in "[(":
            depth += 1
        elif char in "])":
            depth = max(0, depth - 1)
        elif char == "," and depth == 0:
            items.append(text[start:k])
            start = k + 1
    items.append(text[start:])
    return items
