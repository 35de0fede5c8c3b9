"""The lexical layer of homework math: LaTeX commands, words, numbers and symbols as tokens with
their offsets, split at the `=` signs that separate a left-hand side from what follows."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from lark.lexer import Token

from symle.algebra.names import GREEK
from symle.checker.lexicon import COMMANDS, DELIMITER_SIZES, SYMBOLS, UNICODE_GREEK, WORDS
from symle.errors import ParseError

MAX_STEP_CHARS = 2_000
MAX_TOKENS = 400
MAX_NESTING = 30


class Unreadable(ParseError):
    """Math the checker cannot read; `offset` is where in the step's text reading stopped."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


class LooseIndex(Unreadable):
    """An expression in one observation x_i, outside any sum: not a quantity about the sample, but
    what a person writes who forgot the sum (`\\log\\lambda - \\lambda x_i`); `value` is the expression."""

    def __init__(self, message: str, offset: int, value: object) -> None:
        super().__init__(message, offset)
        self.value = value


_OPEN = {"LPAR", "LBRACE"}
_CLOSE = {"RPAR", "RBRACE"}

_SPACE = re.compile(r"\s+|\$|\\[,;:! ()\[\]]|\\$")  # spacing, and the math delimiters $ \( \) \[ \]
_ORDER = re.compile(r"_\s*(?:\{\s*\(\s*(1|n)\s*\)\s*\}|\(\s*(1|n)\s*\))")
_COMMAND = re.compile(r"\\([A-Za-z]+)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_WORD = re.compile(r"([A-Za-z]+)(\d*)")
# \operatorname{med}, \mathrm{log}, \text{mean}: a function's name set upright
_UPRIGHT = re.compile(r"\\(?:operatorname|mathrm|text|textrm|mathit|mathsf|rm)\s*\{\s*([A-Za-z]+)\s*\}")
_INDICATOR = re.compile(r"\\(?:mathbf|mathbb|mathds|boldsymbol|bm)\s*\{\s*[1I]\s*\}|\\one(?![A-Za-z])")
_RELATION = re.compile(r"<=|>=")
_ELLIPSIS = re.compile(r"\.\.\.+")
# a closing | follows what ends an operand
_OPERAND_END = {"NAME", "NUM", "RPAR", "RBRACE", "BANG", "ORDER", "ABSR"}


@dataclass(frozen=True)
class Segments:
    """The tokens of a step, split at top-level `=`: each part with its (start, end) in the text."""

    parts: tuple[tuple[Token, ...], ...]
    spans: tuple[tuple[int, int], ...]


def _single_digit(tokens: list[Token]) -> bool:
    """In `x^23`, `\\frac12` a bare digit is one argument, as LaTeX reads it."""
    if not tokens:
        return False
    if tokens[-1].type in ("CARET", "UNDER", "FRAC", "BINOM", "SQRT"):
        return True
    return len(tokens) >= 2 and tokens[-2].type in ("FRAC", "BINOM") and tokens[-1].type in ("NUM", "NAME")


def _word(
    word: str, digits: str, offset: int, names: Mapping[str, object], var: str, data: tuple[str, ...] = ()
) -> Iterator[Token]:
    """A run of letters: a known name, a function word, `xbar` / `lambdahat`, else single letters;
    `data` are further observed names (a regression's covariates besides the response `var`)."""
    if word + digits in names or word + digits in data:
        yield Token("NAME", word + digits, start_pos=offset)
        return
    if word in names or word == var or word in data or word in GREEK:
        yield Token("NAME", word, start_pos=offset)
    elif word in WORDS:
        kind, value = WORDS[word]
        yield Token(kind, value, start_pos=offset)
    elif word.endswith("bar") and (word[:-3] == var or word[:-3] in data):
        yield Token("BAR", "bar", start_pos=offset)
        yield Token("NAME", word[:-3], start_pos=offset)
    elif word.endswith("hat") and word[:-3] in names:
        yield Token("HAT", "hat", start_pos=offset)
        yield Token("NAME", word[:-3], start_pos=offset)
    else:
        for k, letter in enumerate(word):
            yield Token("NAME", letter, start_pos=offset + k)
    if digits:
        yield Token("NUM", digits, start_pos=offset + len(word))


def tokenize(text: str, names: Mapping[str, object], var: str, data: tuple[str, ...] = ()) -> list[Token]:
    """Tokens of one step's math; a character or command outside the subset is Unreadable at its offset.
    `data` names the covariates of a regression, observed like the response `var`."""
    if len(text) > MAX_STEP_CHARS:
        raise Unreadable(f"the step is longer than {MAX_STEP_CHARS} characters", MAX_STEP_CHARS)
    tokens: list[Token] = []
    depth = 0
    position = 0
    while position < len(text):
        char = text[position]
        if (match := _SPACE.match(text, position)) is not None:
            position = match.end()
            continue
        if (match := _ORDER.match(text, position)) is not None:
            tokens.append(
                Token("ORDER", "min" if (match.group(1) or match.group(2)) == "1" else "max", start_pos=position)
            )
            position = match.end()
        elif (match := _INDICATOR.match(text, position)) is not None:
            tokens.append(Token("INDICATOR", "1", start_pos=position))
            position = match.end()
        elif (match := _UPRIGHT.match(text, position)) is not None and match.group(1) in WORDS:
            kind, value = WORDS[match.group(1)]
            tokens.append(Token(kind, value, start_pos=position))
            position = match.end()
        elif (match := _RELATION.match(text, position) or _ELLIPSIS.match(text, position)) is not None:
            is_dots = match.group().startswith(".")
            tokens.append(Token("DOTS" if is_dots else "REL", "dots" if is_dots else match.group(), start_pos=position))
            position = match.end()
        elif text.startswith("\\{", position) or text.startswith("\\}", position):
            tokens.append(
                Token("LPAR" if text[position + 1] == "{" else "RPAR", text[position + 1], start_pos=position)
            )
            position += 2
        elif (match := _COMMAND.match(text, position)) is not None:
            name = match.group(1)
            name = _CAPITAL_BIGOPS[name] if _with_limits(text, match.end(), name, names) else name
            if name not in COMMANDS:
                raise Unreadable(f"unknown command \\{name}", position)
            entry = COMMANDS[name]
            if entry is not None:
                tokens.append(Token(entry[0], entry[1], start_pos=position))
            position = match.end()
            if name in DELIMITER_SIZES and text.startswith(".", position):
                position += 1  # \left. is an invisible delimiter
        elif (match := _NUMBER.match(text, position)) is not None:
            digits = match.group()
            if _single_digit(tokens) and digits[0] != ".":
                digits = digits[0]
            tokens.append(Token("NUM", digits, start_pos=position))
            position += len(digits)
        elif (match := _WORD.match(text, position)) is not None:
            tokens.extend(_word(match.group(1), match.group(2), position, names, var, data))
            position = match.end()
        elif char in UNICODE_GREEK:
            tokens.append(Token("NAME", UNICODE_GREEK[char], start_pos=position))
            position += 1
        elif char == "²":
            tokens.extend((Token("CARET", "^", start_pos=position), Token("NUM", "2", start_pos=position)))
            position += 1
        elif char in SYMBOLS:
            kind = SYMBOLS[char]
            value = {"Σ": "sum", "∑": "sum", "Π": "prod", "∏": "prod"}.get(char, char)
            tokens.append(Token(kind, value, start_pos=position))
            position += 1
        else:
            raise Unreadable(f"unexpected character {char!r}", position)
        kind = tokens[-1].type if tokens else ""
        if kind in _OPEN:
            depth += 1
            if depth > MAX_NESTING:
                raise Unreadable(f"nested more than {MAX_NESTING} deep", tokens[-1].start_pos)
        elif kind in _CLOSE:
            depth = max(0, depth - 1)
        if len(tokens) > MAX_TOKENS:
            raise Unreadable(f"the step has more than {MAX_TOKENS} symbols", tokens[-1].start_pos)
    special = _combinations(_digamma(tokens, names), names)
    return _hat_subscripts(_mean_subscripts(_choose(_absolute_values(special))), names)


# `\Sigma_{i=1}^{n} x_i`, `\Pi_{i=1}^n f(x_i)`: the capital letter written for the sum or product sign
_CAPITAL_BIGOPS = {"Sigma": "sum", "Pi": "prod"}


def _with_limits(text: str, end: int, name: str, names: Mapping[str, object]) -> bool:
    """Whether a capital Sigma or Pi, no name of the model, is followed by limits (a subscript)."""
    return name in _CAPITAL_BIGOPS and name not in names and text[end:].lstrip().startswith("_")


def _digamma(tokens: list[Token], names: Mapping[str, object]) -> list[Token]:
    """`\\psi(\\alpha)`, `ψ(α)`: the digamma function (as symle prints it), unless the model names a psi."""
    if "psi" in names:
        return tokens
    return [
        Token("FUNC", "digamma", start_pos=t.start_pos)
        if t.type == "NAME" and t == "psi" and k + 1 < len(tokens) and tokens[k + 1].type == "LPAR"
        else t
        for k, t in enumerate(tokens)
    ]


def _combinations(tokens: list[Token], names: Mapping[str, object]) -> list[Token]:
    """`C(m, x_i)`, the binomial coefficient as many write it: a C, no name of the model, applied to two
    arguments (a comma at the top level of its brackets)."""
    if "C" in names:
        return tokens
    out = list(tokens)
    for k, t in enumerate(tokens):
        if t.type != "NAME" or t != "C" or k + 1 >= len(tokens) or tokens[k + 1].type != "LPAR":
            continue
        depth, commas = 0, 0
        for after in tokens[k + 1 :]:
            depth += {"LPAR": 1, "RPAR": -1}.get(after.type, 0)
            commas += after.type == "COMMA" and depth == 1
            if depth == 0:
                break
        if commas == 1:
            out[k] = Token("BINOMIAL", "binom", start_pos=t.start_pos)
    return out


def _choose(tokens: list[Token]) -> list[Token]:
    """`{m \\choose x_i}` (TeX's infix binomial) as `\\binom{m}{x_i}`."""
    while any(t.type == "CHOOSE" for t in tokens):
        k = next(j for j, t in enumerate(tokens) if t.type == "CHOOSE")
        start, depth = k - 1, 0
        while start >= 0 and not (tokens[start].type == "LBRACE" and depth == 0):
            depth += {"RBRACE": 1, "LBRACE": -1}.get(tokens[start].type, 0)
            start -= 1
        end, depth = k + 1, 0
        while end < len(tokens) and not (tokens[end].type == "RBRACE" and depth == 0):
            depth += {"LBRACE": 1, "RBRACE": -1}.get(tokens[end].type, 0)
            end += 1
        if start < 0 or end >= len(tokens):
            raise Unreadable("\\choose belongs inside braces: {m \\choose x}", tokens[k].start_pos or 0)
        at = tokens[k].start_pos
        tokens = [
            *tokens[:start],
            Token("BINOM", "binom", start_pos=tokens[start].start_pos),
            tokens[start],
            *tokens[start + 1 : k],
            Token("RBRACE", "}", start_pos=at),
            Token("LBRACE", "{", start_pos=at),
            *tokens[k + 1 : end + 1],
            *tokens[end + 1 :],
        ]
    return tokens


def _mean_subscripts(tokens: list[Token]) -> list[Token]:
    """`\\bar X_n` (the mean of n observations) as `\\bar X`: the subscript n names the sample size."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        out.append(tokens[k])
        after_bar = len(out) >= 2 and out[-2].type == "BAR" and out[-1].type == "NAME"
        after_bar = after_bar or (len(out) >= 4 and out[-4].type == "BAR" and out[-1].type == "RBRACE")
        kinds = [t.type for t in tokens[k + 1 : k + 5]]
        words = [str(t) for t in tokens[k + 1 : k + 5]]
        if after_bar and kinds[:2] == ["UNDER", "NAME"] and words[1] == "n":
            k += 3
        elif after_bar and kinds[:4] == ["UNDER", "LBRACE", "NAME", "RBRACE"] and words[2] == "n":
            k += 5
        else:
            k += 1
    return out


def _absolute_values(tokens: list[Token]) -> list[Token]:
    """Each `|` as an opening or a closing bar: it closes an open one when it follows the end of an
    operand (`|x_i - \\mu|`), else it opens one; the grammar then reads |...| as brackets."""
    out: list[Token] = []
    depth = 0
    for token in tokens:
        if token.type == "VBAR":
            closes = depth > 0 and bool(out) and out[-1].type in _OPERAND_END
            depth += -1 if closes else 1
            token = Token("ABSR" if closes else "ABSL", "|", start_pos=token.start_pos)
        out.append(token)
    return out


def _hat_subscripts(tokens: list[Token], names: Mapping[str, object]) -> list[Token]:
    """`\\hat{b}_1`, `\\hat{b}_{1}`, `\\hat b_1` and `\\hat{b_1}` as the hat of the name b1, when
    b1 is a name (a regression's coefficients), so the subscript is not left after the hat."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        token = tokens[k]
        if token.type == "HAT":
            for pattern in _HAT_PATTERNS:
                window = tokens[k + 1 : k + 1 + len(pattern)]
                if len(window) != len(pattern) or any(
                    t.type not in kinds for t, kinds in zip(window, pattern, strict=True)
                ):
                    continue
                words = [t for t in window if t.type in ("NAME", "NUM")]
                name = str(words[0]) + str(words[1])
                if name in names:
                    out.extend((token, Token("NAME", name, start_pos=words[0].start_pos)))
                    k += 1 + len(pattern)
                    break
            else:
                out.append(token)
                k += 1
            continue
        out.append(token)
        k += 1
    return out


_SUB = ("NAME", "NUM")
_HAT_PATTERNS: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("LBRACE",), ("NAME",), ("RBRACE",), ("UNDER",), ("LBRACE",), _SUB, ("RBRACE",)),  # \hat{b}_{1}
    (("LBRACE",), ("NAME",), ("RBRACE",), ("UNDER",), _SUB),  # \hat{b}_1
    (("LBRACE",), ("NAME",), ("UNDER",), ("LBRACE",), _SUB, ("RBRACE",), ("RBRACE",)),  # \hat{b_{1}}
    (("LBRACE",), ("NAME",), ("UNDER",), _SUB, ("RBRACE",)),  # \hat{b_1}
    (("NAME",), ("UNDER",), ("LBRACE",), _SUB, ("RBRACE",)),  # \hat b_{1}
    (("NAME",), ("UNDER",), _SUB),  # \hat b_1
)


def split_equals(tokens: list[Token], length: int) -> Segments:
    """Split at `=` outside braces and parentheses: `L(\\lambda) = ... = ...` has three parts."""
    parts: list[tuple[Token, ...]] = []
    spans: list[tuple[int, int]] = []
    depth = 0
    current: list[Token] = []
    start = 0
    for token in tokens:
        if token.type in _OPEN:
            depth += 1
        elif token.type in _CLOSE:
            depth -= 1
        if token.type == "EQ" and depth <= 0:
            parts.append(tuple(current))
            spans.append((start, token.start_pos))
            current = []
            start = token.start_pos + 1
            continue
        current.append(token)
    parts.append(tuple(current))
    spans.append((start, length))
    return Segments(tuple(parts), tuple(spans))
