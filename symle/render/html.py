"""Equations and prose for an HTML page: each equation as presentation MathML (read by screen readers,
shown by browsers without a script) beside its LaTeX source for copying; words HTML-escaped.

The MathML is converted from the LaTeX symle prints (latex2mathml), so the page shows the same
mathematics, in the same notation, as the LaTeX and Markdown documents: SymPy's own MathML printer
does not know symle's notation (it prints L(μ, σ²) as "likelihood(μ, σ₂)"). A long equation keeps the
LaTeX document's line breaks, as rows of an aligned table. Whatever the conversion gives is parsed and
checked against a list of MathML elements and attributes before it is used: anything else (text that
would be markup) shows the LaTeX source instead, escaped."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from symle.render.equations import equation_latex
from symle.render.prose import formula_latex
from symle.stages.step import Equation, Math, Prose

MATHML = "http://www.w3.org/1998/Math/MathML"
ELEMENTS = frozenset(
    "math mrow mi mo mn ms mtext mspace msub msup msubsup mfrac msqrt mroot mover munder munderover "
    "mstyle mtable mtr mtd mpadded mphantom menclose mfenced semantics annotation".split()
)
ATTRIBUTES = frozenset(
    "xmlns display accent accentunder stretchy fence form separator lspace rspace width height depth linebreak "
    "mathvariant mathsize columnalign columnspacing rowspacing displaystyle scriptlevel linethickness minsize "
    "maxsize movablelimits symmetric largeop notation encoding class".split()
)
_WRAPPER = re.compile(r"^<math[^>]*>(.*)</math>$", re.S)


def _checked(markup: str) -> bool:
    """Markup that is MathML only: well-formed, every element and attribute on the lists."""
    if "<!" in markup or "<?" in markup:
        return False
    try:
        root = ET.fromstring(markup)
    except ET.ParseError:
        return False
    for node in root.iter():
        tag = node.tag.removeprefix("{" + MATHML + "}")
        if tag not in ELEMENTS or any(a not in ATTRIBUTES for a in node.attrib):
            return False
    return True


def _inner(latex: str) -> str | None:
    """The MathML of a LaTeX formula without its <math> wrapper, or None where it cannot be converted."""
    from latex2mathml.converter import convert

    try:
        markup = convert(latex)
    except Exception:  # noqa: BLE001 - a formula the converter does not know: the page shows its LaTeX
        return None
    found = _WRAPPER.match(markup)
    return found.group(1) if found is not None and _checked(markup) else None


def mathml(latex: str, display: str = "block") -> str:
    """One formula as <math>, or its LaTeX source in <code> where it cannot be converted safely."""
    inner = _inner(latex)
    if inner is None:
        return f'<code class="tex">{html.escape(latex)}</code>'
    return f'<math xmlns="{MATHML}" display="{display}">{inner}</math>'


def _rows_mathml(rows: Sequence[str]) -> str | None:
    """Align rows ('lhs &= a', '&= b') as a MathML table, its relations lined up as in the LaTeX."""
    cells = []
    for row in rows:
        left, _, right = row.partition("&")
        parts = [_inner(part) if part.strip() else "" for part in (left, right)]
        if any(p is None for p in parts):
            return None
        cells.append(f'<mtr><mtd columnalign="right">{parts[0]}</mtd><mtd columnalign="left">{parts[1]}</mtd></mtr>')
    return f'<math xmlns="{MATHML}" display="block"><mtable columnspacing="0">{"".join(cells)}</mtable></math>'


def equation_html(equation: Equation) -> dict[str, str]:
    """An equation as {"mathml": the display, "latex": its LaTeX source on one line, for copying}."""
    rows = equation_latex(equation)
    source = " ".join(row.replace("&", "") for row in rows)
    shown = _rows_mathml(rows) if len(rows) > 1 else None
    return {"mathml": shown or mathml(source), "latex": source}


def equations_html(equations: Sequence[Equation]) -> list[dict[str, str]]:
    return [equation_html(e) for e in equations]


def html_text(prose: Any) -> str:
    """A sentence for HTML: its words escaped, its mathematics (a Prose's Math) as inline MathML; a
    plain str (Unicode mathematics, λ̂, Σxᵢ) escaped as it is, which a browser shows as typed."""
    parts = prose.parts if isinstance(prose, Prose) else (str(prose),)
    out = []
    for part in parts:
        if isinstance(part, Math):
            out.append(mathml(formula_latex(part), display="inline"))
        else:
            out.append(html.escape(str(part), quote=False))
    return "".join(out)
