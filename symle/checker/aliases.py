"""Spellings that mean the model's own names: a capital X for the observations x, and the additive
constant `+ C`, `+ \\text{const}` or `+ \\text{terms without }\\beta` that ends (or starts) a log-likelihood.

Textbooks write the random sample as X_1, ..., X_n and its mean as \\bar X; a log-likelihood is often
given "up to a constant" with the constant written out. Both are rewritten in place (same length),
so offsets into the step still point at what the person typed.
"""

from __future__ import annotations

import re

from symle.checker.vocabulary import Vocabulary

_TEXT = r"\\(?:text|mathrm|textrm|operatorname|mbox)\s*\{\s*"
# a constant by name: `\text{const}`, `const.`, `constant`, `cst`, or a letter C, c, K (C_1, C_{0})
_NAMED_CONSTANT = (
    rf"{_TEXT}(?:const\.?|constant|cst)\s*\}}|\bconst\b\.?|\bconstant\b|\bcst\b|(?P<letter>\b[CcK])(?:_\{{?\d\}}?)?"
)
# a constant described: `\text{terms without }\beta`, "(terms free of p)", "other terms not involving λ"
_TERMS = (
    rf"\(?(?:{_TEXT})?\(?\s*(?:other\s+|the\s+)?terms?\s+(?:without|not\s+involving|free\s+of|independent\s+of|"
    r"not\s+depending\s+on|that\s+do\s+not\s+depend\s+on|constant\s+in)\s*\}?\s*\$?\s*(?:\\[A-Za-z]+|[^\s+\-=}$)]+)?"
    r"\s*\$?\s*\)?\s*\}?\)?"
)
_PLACEHOLDER = rf"(?:{_NAMED_CONSTANT}|{_TERMS})"
_TRAILING = re.compile(rf"[+-]\s*{_PLACEHOLDER}(?=[\s$.,;]*(?:\\\\|\\end\{{[A-Za-z]+\*?\}})?[\s$.,;]*$)")
_LEADING = re.compile(rf"(?:^|(?<=[=$]))\s*{_PLACEHOLDER}\s*\+")


def capitals(text: str, vocabulary: Vocabulary) -> str:
    """X_i, \\bar X, Xbar, X_{(n)} as x_i, \\bar x, xbar, x_{(n)} when X is no name of the model."""
    for column in vocabulary.observed:
        capital = column.upper()
        if capital == column or capital in vocabulary.names or capital in vocabulary.observed:
            continue
        pattern = rf"(?<![A-Za-z\\]){re.escape(capital)}(?=bar\b|_|[^A-Za-z]|$)"
        text = re.sub(pattern, column, text)
    return text


# the Greek letter people write for a Latin parameter with an index: \\beta_0, β̂₁ for b0, b1
GREEK_FOR = {"a": "alpha", "b": "beta", "g": "gamma", "d": "delta", "t": "theta", "k": "kappa", "m": "mu"}


def greek_names(text: str, vocabulary: Vocabulary) -> str:
    """`\\beta_0`, `\\hat\\beta_{1}` as b_0, \\hat b_{1} when the model names b0 and b1 and not beta."""
    for latin, greek in GREEK_FOR.items():
        indexed = any(re.fullmatch(rf"{latin}\d", name) for name in vocabulary.names)
        if not indexed or greek in vocabulary.names:
            continue
        pattern = rf"\\{greek}(?![A-Za-z])(?=\s*\}}?\s*_)"
        text = re.sub(pattern, lambda m, latin=latin: " " * (len(m.group()) - 1) + latin, text)
    return text


def without_constant(text: str, vocabulary: Vocabulary) -> str:
    """A log-likelihood without its placeholder for a constant, leading or trailing (`\\text{const} + ...`,
    `C + ...`, `... + C`, `... + \\text{terms without }\\beta`), blanked, when its letter is no name
    of the model: the comparison is up to an additive constant anyway."""
    for pattern in (_TRAILING, _LEADING):
        for match in reversed(list(pattern.finditer(text))):
            if (match.group("letter") or "") in vocabulary.names or not match.group().strip():
                continue
            text = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]
    return text
