"""Spellings that mean the model's own names: a capital X for the observations x, and the additive
constant `+ C` or `+ \\text{const}` that ends a log-likelihood.

Textbooks write the random sample as X_1, ..., X_n and its mean as \\bar X; a log-likelihood is often
given "up to a constant" with the constant written out. Both are rewritten in place (same length),
so offsets into the step still point at what the person typed.
"""

from __future__ import annotations

import re

from symle.checker.vocabulary import Vocabulary

_CONSTANT = re.compile(
    r"[+-]\s*(?:\\(?:text|mathrm|textrm|operatorname)\s*\{\s*(?:const\.?|constant|cst)\s*\}|const\.?|constant|"
    r"(?P<letter>[CcK])(?:_\{?\d\}?)?)[\s$]*$"
)


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
    """A log-likelihood part without its trailing `+ C` (blanked), when C is no name of the model."""
    match = _CONSTANT.search(text)
    if match is None or (match.group("letter") or "") in vocabulary.names:
        return text
    return text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]
