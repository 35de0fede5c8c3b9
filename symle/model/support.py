"""Supports of densities: intervals (bounds may hold parameters) and sets of integers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy as sp

from symle.errors import ParseError
from symle.model.formula import parse_tokens
from symle.model.tokens import Token, tokenize

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class Support:
    """Where the density is positive.

    An interval [lower, upper] with open or closed ends (lower may be -oo, upper oo), or, when
    `discrete`, the integers from lower to upper; `values` lists a finite set given explicitly.
    """

    lower: sp.Expr = sp.S.NegativeInfinity
    upper: sp.Expr = sp.S.Infinity
    lower_closed: bool = False
    upper_closed: bool = False
    discrete: bool = False
    values: tuple[int, ...] | None = None

    def condition(self, x: sp.Expr) -> sp.Basic:
        """The support as a SymPy condition on x (used in steps and the indicator function)."""
        if self.values is not None:
            return sp.Contains(x, sp.FiniteSet(*self.values), evaluate=False)
        parts = []
        if self.lower != sp.S.NegativeInfinity:
            parts.append(sp.Le(self.lower, x) if self.lower_closed else sp.Lt(self.lower, x))
        if self.upper != sp.S.Infinity:
            parts.append(sp.Le(x, self.upper) if self.upper_closed else sp.Lt(x, self.upper))
        if not parts:
            return sp.true
        return sp.And(*parts, evaluate=False) if len(parts) > 1 else parts[0]

    def closed(self, side: str) -> bool:
        """Whether the support contains its bound on that side ("lower" or "upper"); a discrete one always."""
        return self.discrete or (self.lower_closed if side == "lower" else self.upper_closed)

    def parameters_in_bounds(self, params: tuple[sp.Symbol, ...]) -> dict[sp.Symbol, str]:
        """Which parameters bound the support: {param: "lower" | "upper"}."""
        found: dict[sp.Symbol, str] = {}
        for side, bound in (("lower", self.lower), ("upper", self.upper)):
            for p in params:
                if bound.has(p):
                    found[p] = side
        return found

    def substitute(self, mapping: Mapping[sp.Basic, sp.Basic]) -> Support:
        return Support(
            sp.sympify(self.lower).xreplace(mapping),
            sp.sympify(self.upper).xreplace(mapping),
            self.lower_closed,
            self.upper_closed,
            self.discrete,
            self.values,
        )

    def variable_assumptions(self) -> dict[str, bool]:
        """Assumptions for the observed variable implied by the support."""
        if self.discrete:
            base = {"integer": True}
            if self.lower.is_nonnegative:
                base["nonnegative"] = True
            return base
        if self.lower.is_nonnegative:
            return {"positive": True}
        return {"real": True}

    def violations(self, values: np.ndarray, bounds: Mapping[str, float]) -> np.ndarray:
        """Indices of observations outside the support, given numeric values for bound parameters."""
        import numpy as np  # (loaded only to fit: deriving needs no NumPy)

        inside = np.isfinite(values)
        if self.discrete:
            inside &= values == np.round(values)
        if self.values is not None:
            inside &= np.isin(values, np.array(self.values, dtype=float))
        lower = self._number(self.lower, bounds)
        upper = self._number(self.upper, bounds)
        if lower is not None:
            inside &= values >= lower if self.lower_closed or self.discrete else values > lower
        if upper is not None:
            inside &= values <= upper if self.upper_closed or self.discrete else values < upper
        return np.flatnonzero(~inside)

    @staticmethod
    def _number(bound: sp.Expr, values: Mapping[str, float]) -> float | None:
        if bound in (sp.S.Infinity, sp.S.NegativeInfinity):
            return None
        # parameters are matched by name, whatever their assumptions
        bound = sp.sympify(bound)
        bound = bound.xreplace({s: sp.Float(values[s.name]) for s in bound.free_symbols if s.name in values})
        return float(bound) if bound.is_number else None

    def describe(self) -> str:
        """A short plain-text description (`symle families`)."""
        if self.values is not None:
            return "{" + ", ".join(map(str, self.values)) + "}"
        if self.discrete:
            if self.upper == sp.S.Infinity:
                return "{" + f"{self.lower}, {self.lower + 1}, ..." + "}"
            return "{" + f"{self.lower}, ..., {self.upper}" + "}"
        if self.lower == sp.S.NegativeInfinity and self.upper == sp.S.Infinity:
            return "real line"
        left = "[" if self.lower_closed else "("
        right = "]" if self.upper_closed else ")"
        low = "-inf" if self.lower == sp.S.NegativeInfinity else str(self.lower)
        high = "inf" if self.upper == sp.S.Infinity else str(self.upper)
        return f"{left}{low}, {high}{right}"


REAL_LINE = Support()


_REAL_LINE_NAMES = ("R", "reals")  # x in R, x in ℝ (read as R), x in reals
_INFINITY_NAMES = ("inf", "oo", "infinity")  # -inf < x < inf, -oo < x < oo


def parse_support(text: str | None, var: str, symbols: Mapping[str, sp.Basic]) -> Support:
    """Read `x > 0`, `0 < x < 1`, `a <= x <= b`, `x in {0, 1}`, `x in {0, 1, ...}`, `x in {0, ..., m}`,
    and the real line as `x in R` (or ℝ) or `-inf < x < inf` (or -oo < x < oo)."""
    if text is None or not text.strip():
        return REAL_LINE
    try:
        tokens = tokenize(text.replace("ℝ", "R"))  # one character for one: columns stay as typed
    except ParseError as exc:
        raise ParseError(f"support: {exc}") from None
    words = [t.text for t in tokens]
    if "in" in words:
        return _parse_set(tokens, var, symbols, text)
    return _parse_chain(tokens, var, symbols, text)


_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}


def _split(tokens: list[Token], separators: set[str]) -> tuple[list[list[Token]], list[Token]]:
    pieces: list[list[Token]] = [[]]
    seps: list[Token] = []
    depth = 0
    for token in tokens[:-1]:
        if token.kind == "op" and token.text in "([{":
            depth += 1
        elif token.kind == "op" and token.text in ")]}":
            depth -= 1
        if depth == 0 and token.kind == "op" and token.text in separators:
            seps.append(token)
            pieces.append([])
        else:
            pieces[-1].append(token)
    return pieces, seps


def _expr(tokens: list[Token], symbols: Mapping[str, sp.Basic], end: Token, what: str) -> sp.Expr:
    if not tokens:
        raise ParseError(f"{what}: missing expression at column {end.column}")
    return parse_tokens([*tokens, Token("end", "", end.column)], symbols, what)


def _infinite(tokens: list[Token], symbols: Mapping[str, sp.Basic]) -> sp.Expr | None:
    """inf, -inf, +oo, ...: an infinite bound (None for anything else, or for a parameter so named)."""
    sign = 1
    if len(tokens) == 2 and tokens[0].kind == "op" and tokens[0].text in "+-":
        sign, tokens = (-1 if tokens[0].text == "-" else 1), tokens[1:]
    if len(tokens) != 1 or tokens[0].kind != "name" or tokens[0].text not in _INFINITY_NAMES:
        return None
    if tokens[0].text in symbols:
        return None
    return sign * sp.S.Infinity


def _parse_chain(tokens: list[Token], var: str, symbols: Mapping[str, sp.Basic], text: str) -> Support:
    what = "support"
    pieces, seps = _split(tokens, {"<", "<=", ">", ">="})
    if not seps or len(seps) > 2:
        raise ParseError(
            f"support {text!r}: expected one or two of <, <=, >, >= (e.g. '0 < {var} < 1'),"
            f" a set such as '{var} in {{0, 1, ...}}', or '{var} in R' for the real line"
        )
    is_var = [len(p) == 1 and p[0].kind == "name" and p[0].text == var for p in pieces]
    if sum(is_var) != 1:
        raise ParseError(f"support {text!r}: the variable {var!r} must stand alone on one side")
    if len(seps) == 2 and not is_var[1]:
        raise ParseError(f"support {text!r}: in a chain the variable {var!r} must be in the middle")
    if len(seps) == 2 and (seps[0].text[0] != seps[1].text[0]):
        raise ParseError(f"support {text!r}: a chain must point one way (a < {var} < b)")
    end = tokens[-1]
    lower: sp.Expr = sp.S.NegativeInfinity
    upper: sp.Expr = sp.S.Infinity
    lower_closed = upper_closed = False
    position = is_var.index(True)
    for k, sep in enumerate(seps):
        other_index = k if position == k + 1 else k + 1
        infinite = _infinite(pieces[other_index], symbols)
        bound = infinite if infinite is not None else _expr(pieces[other_index], symbols, end, what)
        if bound.free_symbols & {s for s in symbols.values() if getattr(s, "name", None) == var}:
            raise ParseError(f"support {text!r}: a bound may not contain {var!r}")
        if bound.is_number and not bound.is_extended_real:
            raise ParseError(f"support {text!r}: the bound {bound} is not a real number")
        op = sep.text if position == k else _FLIP[sep.text]  # now read as: var OP bound
        closed = op in (">=", "<=") and bound.is_finite is not False  # no value reaches an infinite bound
        if op in (">", ">="):
            lower, lower_closed = bound, closed
        else:
            upper, upper_closed = bound, closed
    if (
        lower == sp.S.Infinity
        or upper == sp.S.NegativeInfinity
        or (lower.is_number and upper.is_number and bool(lower >= upper))
    ):
        raise ParseError(f"support {text!r} is empty")
    return Support(lower, upper, lower_closed, upper_closed)


def _parse_set(tokens: list[Token], var: str, symbols: Mapping[str, sp.Basic], text: str) -> Support:
    what = "support"
    named = [t.text for t in tokens[2:-1]]
    if [t.text for t in tokens[:2]] == [var, "in"] and len(named) == 1 and named[0] in _REAL_LINE_NAMES:
        return REAL_LINE
    if len(tokens) < 4 or tokens[0].text != var or tokens[1].text != "in" or tokens[2].text != "{":
        raise ParseError(
            f"support {text!r}: expected '{var} in R' (the real line) or a set of integers,"
            f" '{var} in {{0, 1, ...}}', '{var} in {{0, ..., m}}' or '{var} in {{0, 1}}'"
        )
    if tokens[-2].text != "}":
        raise ParseError(f"support {text!r}: expected '}}' at the end")
    inner = tokens[3:-2]
    items, _ = _split([*inner, Token("end", "", tokens[-2].column)], {","})
    values: list[sp.Expr | None] = []
    for item in items:
        if len(item) == 1 and item[0].text == "...":
            values.append(None)
        else:
            values.append(_expr(item, symbols, tokens[-2], what))
    if None not in values:
        if not all(v is not None and v.is_Integer for v in values):
            raise ParseError(f"support {text!r}: a finite set must list integers")
        ints = sorted({int(v) for v in values if v is not None})
        return Support(sp.Integer(ints[0]), sp.Integer(ints[-1]), True, True, True, tuple(ints))
    if values.count(None) != 1:
        raise ParseError(f"support {text!r}: '...' may appear once")
    gap = values.index(None)
    before = values[:gap]
    after = values[gap + 1 :]
    if not before or not all(v is not None and v.is_Integer for v in before):
        raise ParseError(f"support {text!r}: the set must start with integers")
    start = before[0]
    for k, v in enumerate(before):
        if v != start + k:
            raise ParseError(f"support {text!r}: the listed integers must be consecutive")
    if not after:
        return Support(start, sp.S.Infinity, True, False, True)
    if len(after) != 1:
        raise ParseError(f"support {text!r}: after '...' give one last value")
    last = after[0]
    assert last is not None
    if any(getattr(s, "name", None) == var for s in last.free_symbols):
        raise ParseError(f"support {text!r}: a bound may not contain {var!r}")
    if last.is_number and not last.is_Integer:
        raise ParseError(f"support {text!r}: the last value must be an integer")
    if last.is_number and last < before[-1]:
        raise ParseError(f"support {text!r} is empty")
    return Support(start, last, True, True, True)
