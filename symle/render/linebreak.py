"""Long displayed equations broken across lines at + and -, so that LaTeX never runs off the page."""

from __future__ import annotations

import re

import sympy as sp

from symle.algebra.printing import SymleLatexPrinter, latex
from symle.algebra.textbook import negated, parenthesized

# Widths in units of about one math letter (roughly 0.5 em, 5.5pt at 11pt). A line of the
# 2.5 cm-margin documents holds about 80; the limit leaves room for the left side and the margin.
LINE_UNITS = 62.0

_COMMAND = re.compile(r"\\([A-Za-z]+)")
_ZERO_WIDTH = {
    "left",
    "right",
    "bigl",
    "bigr",
    "Bigl",
    "Bigr",
    "displaystyle",
    "quad",
    "qquad",
    "mathrm",
    "operatorname",
    "mathbf",
    "mathcal",
    "hat",
    "bar",
    "widehat",
    "limits",
    "mathopen",
}
_WIDE = {
    "sum": 2.0,
    "prod": 2.0,
    "log": 2.2,
    "exp": 2.4,
    "cdot": 1.0,
    "dots": 2.0,
    "partial": 1.0,
    "quad": 2.0,
    "qquad": 4.0,
    "sqrt": 1.5,
    "le": 1.6,
    "ge": 1.6,
    "in": 1.4,
    "psi": 1.0,
    "Gamma": 1.0,
}


def _group(text: str, start: int) -> tuple[str, int]:
    """The brace group beginning at text[start] == '{', and the index after it."""
    depth = 0
    for k in range(start, len(text)):
        if text[k] == "{":
            depth += 1
        elif text[k] == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1 : k], k + 1
    return text[start + 1 :], len(text)


def width(text: str) -> float:
    """A rough width of display-math LaTeX: fractions as wide as their wider part, scripts smaller."""
    total = 0.0
    k = 0
    while k < len(text):
        ch = text[k]
        if ch == "\\":
            match = _COMMAND.match(text, k)
            if match is None:
                total += 0.5
                k += 2
                continue
            name = match.group(1)
            k = match.end()
            if name in ("frac", "dfrac", "tfrac"):
                top, k = _group(text, k) if k < len(text) and text[k] == "{" else ("", k)
                bottom, k = _group(text, k) if k < len(text) and text[k] == "{" else ("", k)
                total += max(width(top), width(bottom)) * (0.75 if name == "tfrac" else 1.0) + 0.6
            elif name in ("left", "right"):
                if k < len(text) and text[k] == "\\":
                    k += 2
                else:
                    k += 1
                total += 0.6
            elif name in _ZERO_WIDTH:
                continue
            else:
                total += _WIDE.get(name, 1.1)
        elif ch in "^_":
            k += 1
            if k < len(text) and text[k] == "{":
                inner, k = _group(text, k)
                total += 0.7 * width(inner)
            else:
                total += 0.7
                k += 1
        elif ch in "{}":
            k += 1
        elif ch == " ":
            k += 1
        elif ch in "+-=<>":
            total += 1.8
            k += 1
        else:
            total += 1.0
            k += 1
    return total


_PRINTER = SymleLatexPrinter()


def _terms(expr: sp.Add) -> list[sp.Expr]:
    return list(_PRINTER._as_ordered_terms(expr))


def _signed(term: sp.Expr, first: bool) -> str:
    body = negated(term)
    if body is not None:
        return "- " + latex(body)
    return latex(term) if first else "+ " + latex(term)


def _opened(term: sp.Expr, first: bool, limit: float) -> list[str]:
    """A term too wide for a line, c sum_i a_i b_i, as pieces 'c sum_i [a_i' and '\\times b_i]' that
    lines may break between (the brackets, unlike \\left and \\right, may stand on different lines)."""
    flipped = negated(term)
    sign = "- " if flipped is not None else ("" if first else "+ ")
    body = flipped if flipped is not None else term
    coefficient, rest = body.as_independent(sp.Sum, as_Add=False)
    if not isinstance(rest, sp.Sum) or len(rest.limits) != 1 or not isinstance(rest.function, sp.Mul):
        return [_signed(term, first)]
    factors = list(rest.function.as_ordered_factors())
    if len(factors) < 2 or any(f.is_Number for f in factors):
        return [_signed(term, first)]
    index, lower, upper = rest.limits[0]

    def latex_factor(factor: sp.Expr) -> str:
        return parenthesized(latex(factor)) if isinstance(factor, sp.Add) else latex(factor)

    head = "" if coefficient == 1 else latex(coefficient) + " "
    pieces = [
        f"{sign}{head}\\sum_{{{latex(index)}={latex(lower)}}}^{{{latex(upper)}}} \\Bigl[{latex_factor(factors[0])}"
    ]
    pieces += [rf"\times {latex_factor(f)}" for f in factors[1:]]
    pieces[-1] += r"\Bigr]"
    return pieces


def _pieces(terms: list[sp.Expr], limit: float) -> list[str]:
    out: list[str] = []
    for k, term in enumerate(terms):
        text = _signed(term, k == 0)
        out.extend(_opened(term, k == 0, limit) if width(text) > limit else [text])
    return out


def _pack(pieces: list[str], limit: float) -> list[str]:
    """Greedy lines of pieces, each at most `limit` wide (a piece wider than that gets its own line)."""
    lines: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current} {piece}".strip()
        if current and width(candidate) > limit:
            lines.append(current)
            current = piece
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def split_lines(expr: sp.Basic, limit: float = LINE_UNITS) -> list[str]:
    """The LaTeX of expr as one or more lines, broken between the terms of a sum (a long sum
    inside a product or fraction is opened up as c (t1 + t2 ...) with \\Bigl( ... \\Bigr))."""
    whole = latex(expr)
    if width(whole) <= limit:
        return [whole]
    if isinstance(expr, sp.Add):
        return _pack(_pieces(_terms(expr), limit), limit)
    if isinstance(expr, sp.Mul):
        numerator, denominator = expr.as_numer_denom()
        factors = sp.Mul.make_args(numerator)
        sums = [f for f in factors if isinstance(f, sp.Add)]
        if len(sums) == 1:
            (total,) = sums
            outside = sp.Mul(*(f for f in factors if f is not total)) / denominator
            sign = ""
            if outside.could_extract_minus_sign():
                outside, sign = -outside, "- "
            top, bottom = outside.as_numer_denom()
            if outside == 1:
                prefix = ""
            elif top == 1:
                prefix = rf"\frac{{1}}{{{latex(bottom)}}} "
            else:
                prefix = latex(outside) + " "
            inner = _pack(_pieces(_terms(total), limit - width(prefix) - 2), limit - width(prefix) - 2)
            inner[0] = sign + prefix + r"\Bigl(" + inner[0]
            inner[-1] = inner[-1] + r"\Bigr)"
            return inner
    return [whole]


def long(expr: sp.Basic, limit: float = LINE_UNITS) -> bool:
    return width(latex(expr)) > limit


_RELATIONS = {"=": "=", "<": "<", ">": ">", "<=": r"\le", ">=": r"\ge"}


def equation_rows(
    parts: tuple[sp.Basic, ...], relations: tuple[str, ...], limit: float = LINE_UNITS, flip: bool = False
) -> list[str]:
    """An equation chain a = b = c as align rows ('a &= b', '&= c'), each long part broken over
    several rows that continue after a \\quad; a long a = 0 (or any, with `flip`) as 0 = a."""
    if len(parts) == 2 and parts[1] == 0 and relations == ("=",) and (flip or width(latex(parts[0])) > limit / 2):
        # written 0 = ... so that the alignment column, shared by the step's rows, stays at the left
        parts = (sp.Integer(0), parts[0])
    if len(parts) == 1:
        return ["&" + line if k == 0 else r"&\quad " + line for k, line in enumerate(split_lines(parts[0], limit))]
    head = split_lines(parts[0], limit)
    if len(head) > 1:
        rows = ["&" + head[0]] + [r"&\quad " + line for line in head[1:]]
        rows[-1] += f" {_RELATIONS[relations[0]]} {latex(parts[1])}"
        start = 2
    else:
        rows = []
        lines = split_lines(parts[1], limit - width(head[0]) / 2)
        rows.append(f"{head[0]} &{_RELATIONS[relations[0]]} {lines[0]}")
        rows.extend(r"&\quad " + line for line in lines[1:])
        start = 2
    for relation, part in zip(relations[start - 1 :], parts[start:], strict=True):
        lines = split_lines(part, limit)
        if relation == "=":
            rows.append(f"&= {lines[0]}")
        else:
            rows[-1] += f" {_RELATIONS[relation]} {lines[0]}"
        rows.extend(r"&\quad " + line for line in lines[1:])
    return rows
