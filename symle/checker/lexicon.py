"""The lexicon of homework math: which LaTeX commands, bare words and symbols mean which token
(the tokenizer in tokens.py reads text with it)."""

from __future__ import annotations

from collections.abc import Mapping

from symle.algebra.names import GREEK

# command -> (token type, value); commands mapped to None are layout and are skipped
# commands that size the delimiter after them; "\left." makes that delimiter invisible
DELIMITER_SIZES = ("left", "right", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr")

COMMANDS: Mapping[str, tuple[str, str] | None] = {
    **{g: ("NAME", g) for g in GREEK},
    "varepsilon": ("NAME", "epsilon"),
    "vartheta": ("NAME", "theta"),
    "varphi": ("NAME", "phi"),
    "varrho": ("NAME", "rho"),
    "ell": ("NAME", "ell"),
    "frac": ("FRAC", "frac"),
    "dfrac": ("FRAC", "frac"),
    "tfrac": ("FRAC", "frac"),
    "binom": ("BINOM", "binom"),
    "tbinom": ("BINOM", "binom"),
    "dbinom": ("BINOM", "binom"),
    "choose": ("CHOOSE", "choose"),
    "sqrt": ("SQRT", "sqrt"),
    "sum": ("BIGOP", "sum"),
    "prod": ("BIGOP", "prod"),
    "log": ("FUNC", "log"),
    "ln": ("FUNC", "log"),
    "exp": ("FUNC", "exp"),
    "Gamma": ("FUNC", "gamma"),
    "sgn": ("FUNC", "sign"),
    "max": ("EXTREME", "max"),
    "min": ("EXTREME", "min"),
    "bar": ("BAR", "bar"),
    "overline": ("BAR", "bar"),
    "hat": ("HAT", "hat"),
    "widehat": ("HAT", "hat"),
    "cdot": ("TIMES", "*"),
    "times": ("TIMES", "*"),
    "tilde": ("TILDE", "tilde"),
    "widetilde": ("TILDE", "tilde"),
    "cdots": ("DOTS", "dots"),
    "ldots": ("DOTS", "dots"),
    "dots": ("DOTS", "dots"),
    "dotsb": ("DOTS", "dots"),
    "dotsc": ("DOTS", "dots"),
    "dotsm": ("DOTS", "dots"),
    "lvert": ("VBAR", "|"),
    "rvert": ("VBAR", "|"),
    "vert": ("VBAR", "|"),
    "mid": ("VBAR", "|"),
    "lbrace": ("LPAR", "{"),
    "rbrace": ("RPAR", "}"),
    **{name: ("REL", "<=") for name in ("le", "leq", "leqslant")},
    **{name: ("REL", ">=") for name in ("ge", "geq", "geqslant")},
    "lt": ("REL", "<"),
    "gt": ("REL", ">"),
    **{
        c: None
        for c in (
            *DELIMITER_SIZES,
            "big",
            "Big",
            "bigg",
            "Bigg",
            "displaystyle",
            "textstyle",
            "limits",
            "nolimits",
            "mathrm",
            "text",
            "textrm",
            "operatorname",
            "mathit",
            "quad",
            "qquad",
        )
    },
}
# words typed without a backslash that still mean a command
WORDS: Mapping[str, tuple[str, str]] = {
    "log": ("FUNC", "log"),
    "ln": ("FUNC", "log"),
    "exp": ("FUNC", "exp"),
    "sign": ("FUNC", "sign"),
    "sgn": ("FUNC", "sign"),
    "binomial": ("BINOMIAL", "binom"),
    "sqrt": ("SQRT", "sqrt"),
    "sum": ("BIGOP", "sum"),
    "prod": ("BIGOP", "prod"),
    "max": ("EXTREME", "max"),
    "min": ("EXTREME", "min"),
    "med": ("EXTREME", "median"),
    "median": ("EXTREME", "median"),
    "mean": ("EXTREME", "mean"),
}
SYMBOLS: Mapping[str, str] = {
    "+": "PLUS",
    "-": "MINUS",
    "*": "TIMES",
    "/": "SLASH",
    "^": "CARET",
    "_": "UNDER",
    "(": "LPAR",
    ")": "RPAR",
    "[": "LPAR",
    "]": "RPAR",
    "{": "LBRACE",
    "}": "RBRACE",
    "!": "BANG",
    "=": "EQ",
    ",": "COMMA",
    "|": "VBAR",
    "<": "REL",
    ">": "REL",
    "−": "MINUS",
    "·": "TIMES",
    "×": "TIMES",
    "Σ": "BIGOP",
    "∑": "BIGOP",
    "Π": "BIGOP",
    "∏": "BIGOP",
    "√": "SQRT",
}
UNICODE_GREEK = dict(zip("αβγδεζηθικλμνξοπρστυφχψω", GREEK, strict=True))
