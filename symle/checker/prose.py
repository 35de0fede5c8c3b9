"""The mathematics of a step written in a sentence: math spans found in a line of words, and the words
around them read for their role, not thrown away.

People answer in sentences: "Taking logs, $\\ell(\\lambda) = ...$.", "ℓ″(λ) = −n/λ² < 0, so λ̂ is a
maximum", "L(b) = b⁻ⁿ for b ≥ max xᵢ", "Setting \\(\\ell' = 0\\) we find \\(\\hat\\lambda = \\bar x\\)".
The words have one of three roles:

- a consequence ("so", "hence", "gives", "we find", "then") between two pieces of mathematics is an
  implication: it becomes `=>`, and what follows it is a claim that is checked like any other;
- a condition or a comment after the mathematics ("for b ≥ ...", "since ...", "(θ ≥ x₍ₙ₎)",
  `, \\quad θ ≥ x_{(n)}`, "is a maximum", "the sample mean") ends it: it and what follows are blanked;
- words before the mathematics ("Taking logs,", "Hence") only lead to it, and are blanked.

With `$...$`, `\\(...\\)` or `\\[...\\]` in a step the words are what lies outside them; without, a word
is a run of letters that is no name of the model nor a function (`sum`, `log`, `xbar`). Every
rewriting keeps the length, so each offset still points at the character the person typed.
"""

from __future__ import annotations

import re
from collections.abc import Collection

# `$$...$$`, `$...$`, `\(...\)`, `\[...\]`; a word glued to an opening `$` belongs to the math (`Var$(\hat p)$`)
_DELIMITED = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)
_GLUED = re.compile(r"[A-Za-z]+$")
_RELATION = re.compile(r"=|<|>|\\(?:le|ge|leq|geq|lt|gt|approx|propto|implies|Rightarrow|iff)(?![A-Za-z])")
# a word: letters (hyphenated compounds too: "log-likelihood") not inside a name or glued to an operator
_WORD = re.compile(r"(?<![\\A-Za-z0-9_/*^=+])[A-Za-z]+(?:-[A-Za-z]+)*(?![A-Za-z0-9_/*^=])")
# what may lie between the words of one run: spaces, punctuation, spacing commands, `\text{`
_GAP = re.compile(r"(?:\s|[,.;:!?'\"()-]|\\q?quad(?![A-Za-z])|\\[,;! ]|\\(?:text|textrm|mbox|mathrm)\s*\{|\})*")
# a word that is the argument of a command: `\\begin{aligned}`, `\\operatorname{med}`, `\\mathbb{E}`
_COMMAND_ARGUMENT = re.compile(r"\\(?:begin|end|operatorname|math[a-z]+|label|tag)\s*\{\s*$")
# a word in a subscript decorates a name: `\hat\theta_{ML}`, `\hat\sigma^2_{MLE}`, `p_{\text{MLE}}`, `_{\rm MLE}`
_SUBSCRIPT = re.compile(r"_\s*\{\s*(?:\\(?:text|textrm|mathrm|mbox|rm)\s*\{\s*|\\(?:rm|mathrm)\s+)?$")
# words that are mathematics, besides the model's names
MATH_WORDS = frozenset(
    "sum prod log ln exp sqrt max min med median mean var avar cov xbar ybar hat bar abs const constant cst "
    "loglik logl lnl l frac dfrac tfrac left right cdot times partial ell mathrm text operatorname mathbb mathbf "
    "mathcal dots ldots cdots pi inf lim argmax arg e d dx".split()
)
# mathematics that is also a noun of the sentences around it
NOUNS = frozenset("mean median sum product constant max min maximum minimum log".split())
CONSEQUENCES = frozenset(
    "so hence thus therefore then gives give giving get gets yields yield yielding implies find finds "
    "obtain obtains solving solve thereby whence equals equal becomes simplifies reduces".split()
)
SOLVING_KINDS = ("score", "mle")
# a run that names the step's own quantity introduces its value: "so the MLE is", "hence the variance is"
_OWN_QUANTITY = {
    "likelihood": ("likelihood",),
    "loglik": ("log-likelihood", "likelihood", "log"),
    "score": ("score", "derivative"),
    "mle": ("mle", "estimate", "estimator", "maximum"),
    "second-order": ("second", "derivative"),
    "fisher": ("information",),
    "variance": ("variance",),
}
# a leading clause that gives a reason, not the answer: "Since ...,", "Using ...,", "Given ...,"
_REASON = re.compile(  # a reason, or what was done to get the value ("Writing ℓ as …, differentiating …,")
    r"[\s$]*(?:since|because|as|using|given|recall(?:ing)?|from|by|with|writing|taking|differentiating|setting"
    r"|solving|substituting|plugging|rearranging|expanding|applying)\b",
    re.I,
)
_JUSTIFIES = re.compile(r"[\s$,;]*(?:since|because|as)\b")
_NOUN_PHRASE = re.compile(r"\b(?:the|a|an|our|this|its)\b")
_VERB = r"\b(?:is|are|equals|becomes)"
_INTRODUCES = re.compile(_VERB + r"\W*$")
_VALUE_FOLLOWS = re.compile(_VERB + r"(?:\s+(?:approximately|about|roughly|asymptotically))?\W*$")  # "is about"
# an inequality, never an arrow (`=>`, `<=>`, `->`)
_INEQUALITY = re.compile(r"(?<![=<\-])>=?|<(?!=?>)=?|\\(?:le|ge|leq|geq)(?![A-Za-z])")
# a condition written after the mathematics: `, \quad θ ≥ ...` or ` (θ ≥ x_{(n)})` at the end
_COMMA_CONDITION = re.compile(rf",[\s$]*(?:\\q?quad\s*)?[^,]*?(?:{_INEQUALITY.pattern})[^,]*$", re.S)
_PAREN_CONDITION = re.compile(r"(?<=\s)\(([^()]*(?:\([^()]*\)[^()]*)*)\)[\s.$]*$")


def _blank(text: str, start: int, end: int, fill: str = "") -> str:
    return text[:start] + fill + " " * (end - start - len(fill)) + text[end:]


def _is_prose(word: str, names: Collection[str]) -> bool:
    if "-" in word:
        return any(_is_prose(part, names) for part in word.split("-"))
    lower = word.lower()
    if lower.startswith("d") and (word[1:] in names or lower[1:] in MATH_WORDS):
        return False  # `dl/dmu`, `dlambda`: a derivative's parts
    if len(word) < 2 or word in names or lower in MATH_WORDS:
        return False
    if all(letter in names for letter in word):
        return False  # `nm`, `nk`: a product of one-letter names
    # `lambdahat`, `sigma2hat` are names; so is `b0hat` (the tokenizer reads them)
    return not (lower.endswith("hat") and word[:-3] in names)


def _runs(text: str, names: Collection[str]) -> list[tuple[int, int]]:
    """Runs of words in undelimited text: a word that is no name starts a run, which goes on over
    further words (single letters included: "divisor n", "L decreases in b") and punctuation."""
    runs: list[tuple[int, int]] = []
    words = list(_WORD.finditer(text))
    index = 0
    while index < len(words):
        word = words[index]
        followed = text[word.end() : word.end() + 1] == "("  # `Var(`, `med(`: a function of the math
        before = text[: word.start()]
        if (
            not _is_prose(word.group(), names)
            or followed
            or _COMMAND_ARGUMENT.search(before)
            or _SUBSCRIPT.search(before)
        ):
            index += 1
            continue
        start, end = word.start(), word.end()
        index += 1
        while index < len(words):
            gap = _GAP.match(text, end)
            nxt = words[index]
            if gap is None or gap.end() < nxt.start():
                break
            if text[nxt.end() : nxt.end() + 1] in ("(", "_", "^"):
                break
            if not (_is_prose(nxt.group(), names) or len(nxt.group()) == 1 or _noun_in_words(text, nxt, names)):
                break
            end = nxt.end()
            index += 1
        # the run's trailing punctuation, `}` of a `\text{...}` it sits in, `)` of "(the sample mean)"
        tail = re.match(r"[\s,.;:!?)]*\}?", text[end:])
        end += tail.end() if tail else 0
        while start > 0 and text[start - 1] in " (,;":
            start -= 1
        start = _text_command_start(text, start)
        runs.append((start, end))
    return runs


def _noun_in_words(text: str, word: re.Match[str], names: Collection[str]) -> bool:
    """A word of mathematics used as a noun inside a sentence ("the reciprocal of the sample mean",
    "the median of the data"): one that ends the text or is followed by more words."""
    if word.group().lower() not in NOUNS:
        return False
    rest = text[word.end() :].lstrip(" ,.;:!?)}")
    if not rest:
        return True
    following = _WORD.match(rest)
    return following is not None and _is_prose(following.group(), names)


def _text_command_start(text: str, start: int) -> int:
    """A run inside `\\quad \\text{...}` starts at the command."""
    before = re.search(r"(?:\\q?quad\s*)?\\(?:text|textrm|mbox|mathrm)\s*\{[\s(]*$", text[:start])
    return before.start() if before else start


def _role(words: str, kind: str, following: str) -> str:
    """'lead' for a consequence (an implication follows), 'end' for a condition or a comment. In a
    score or estimator step an equation after words is a claim too ("which vanishes when λ = x̄")."""
    lowered = words.lower()
    tokens = re.findall(r"[a-z-]+", lowered)
    if words.count("(") > words.count(")"):
        return "end"  # an aside in brackets: "(note: unbiased since E[x̄] = λ)"
    if _JUSTIFIES.match(lowered):
        return "end"  # "λ̂ = 1/x̄, since the score n/λ − Σxᵢ = 0 there": the reason for the value, not another value
    if kind in SOLVING_KINDS and "=" in following and not _INEQUALITY.search(following):
        return "lead"
    if not any(token in CONSEQUENCES for token in tokens):
        return "end"
    own = _OWN_QUANTITY.get(kind, ())
    if not _RELATION.search(following) and _NOUN_PHRASE.search(lowered) and not any(t in own for t in tokens):
        return "end"  # "so the line passes through (x̄, ȳ)": a remark on a value, not a claim
    if _INTRODUCES.search(lowered.rstrip(" ,.;:}")) and _NOUN_PHRASE.search(lowered):
        return "lead" if any(token in own for token in tokens) else "end"
    return "lead"


def _delimited(text: str) -> list[tuple[int, int]] | None:
    """The math spans inside `$...$`, `\\(...\\)`, `\\[...\\]` (a glued word joins), or None if none."""
    spans = []
    for match in _DELIMITED.finditer(text):
        group = next(g for g in range(1, 5) if match.group(g) is not None)
        start, end = match.span(group)
        glued = _GLUED.search(text[: match.start()])
        spans.append((glued.start() if glued and match.start() > 0 else start, end))
    return spans or None


def math_of(text: str, kind: str, names: Collection[str]) -> str:
    """The step with its words blanked (same length): consequences become `=>`, conditions and
    comments after the mathematics are dropped with what follows them."""
    spans = _delimited(text)
    if spans is None:
        pieces = _after_reason(text, _undelimited(text, names))
        if not any(_RELATION.search(text[a:b]) for a, b in pieces):
            pieces = _introduced(text, pieces) or pieces
    else:
        spans = _after_reason(text, spans)
        with_relation = [s for s in spans if _RELATION.search(text[s[0] : s[1]])]
        kept = with_relation or _introduced(text, spans) or [max(spans, key=lambda s: s[1] - s[0])]
        # words set inside the mathematics (`\\quad \\text{for } ...`) are read the same way
        pieces = [(a + start, b + start) for start, end in kept for a, b in _undelimited(text[start:end], names)]
    out = " " * len(text)
    previous_end, aside = None, False
    for start, end in pieces:
        if previous_end is not None:
            words, following = text[previous_end:start], text[start:end]
            if aside and not _resumes(words, kind, following) or _role(words, kind, following) == "end":
                aside, previous_end = True, end  # a condition or comment: skipped, unless the claim resumes
                continue
            aside = False
            out = _blank(out, previous_end, previous_end + 2, "=>") if start - previous_end >= 2 else out
        out = out[:start] + text[start:end] + out[end:]
        previous_end = end
    return _without_condition(out)


def _resumes(words: str, kind: str, following: str) -> bool:
    """Whether the words after an aside lead back to the step's own claim ("…, and since ℓ'' < 0 this is
    the maximum, so the MLE is λ̂ = 1/x̄"): a consequence naming the step's quantity, then an equation."""
    tokens = re.findall(r"[a-z-]+", words.lower())
    own = _OWN_QUANTITY.get(kind, ())
    return (
        any(t in CONSEQUENCES for t in tokens)
        and any(t in own for t in tokens)
        and bool(_RELATION.search(following))
        and not _INEQUALITY.search(following)
    )


def _after_reason(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans after a leading reason clause ("Since $E[X_i] = \\mu$, the information is $...$",
    "Using E[X] = r(1 − p)/p, I(p) = ..."): the reason's mathematics is not the step's value. The clause
    ends at its comma; a reason with nothing after it is all there is, and stays."""
    if not spans or not _REASON.match(text[: spans[0][0]]) or re.search(r"[,;]", text[: spans[0][0]]):
        return spans
    for index, (start, end) in enumerate(spans):
        comma = _top_comma(text, start, end)
        if comma is not None and text[comma + 1 : end].strip(" $.,;"):
            return [(comma + 1, end), *spans[index + 1 :]]
        if index + 1 < len(spans) and re.search(r"[,;]", text[end : spans[index + 1][0]]):
            return spans[index + 1 :]
    return spans


def _top_comma(text: str, start: int, end: int) -> int | None:
    """The first comma (or semicolon) of text[start:end] outside brackets."""
    depth = 0
    for position in range(start, end):
        char = text[position]
        if char in "({[":
            depth += 1
        elif char in ")}]":
            depth -= 1
        elif char in ",;" and depth == 0:
            return position
    return None


def _introduced(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The span that words introduce as a value ("The asymptotic variance of $\\hat\\lambda$ is
    $\\lambda^2/n$", "λ̂ is 1/x̄"), when no span has a relation: the answer follows the verb, not the name
    before it. Empty when no verb introduces a span."""
    for index, (start, _) in enumerate(spans[1:], 1):
        if _VALUE_FOLLOWS.search(text[spans[index - 1][1] : start].lower().rstrip(" $\\([{")):
            return [spans[index]]
    return []


def _undelimited(text: str, names: Collection[str]) -> list[tuple[int, int]]:
    """The pieces of mathematics between the runs of words."""
    pieces, position = [], 0
    for start, end in _runs(text, names):
        if text[position:start].strip(" ,.;:"):
            pieces.append((position, start))
        position = end
    if text[position:].strip(" ,.;:"):
        pieces.append((position, len(text)))
    return pieces


def _without_condition(text: str) -> str:
    """`L = θ^{-n}, \\quad θ ≥ x_{(n)}` and `L = θ^{-n} (θ ≥ x_{(n)})`: the condition is blanked,
    unless it is all there is."""
    for pattern in (_COMMA_CONDITION, _PAREN_CONDITION):
        match = pattern.search(text)
        if match is None or not text[: match.start()].strip(" $"):
            continue
        if pattern is _PAREN_CONDITION and not _INEQUALITY.search(match.group(1)):
            continue
        if not _outside_brackets(text, match.start()):
            continue
        text = _blank(text, match.start(), len(text.rstrip()))
    return text


def _outside_brackets(text: str, position: int) -> bool:
    depth = 0
    for char in text[:position]:
        if char in "({[":
            depth += 1
        elif char in ")}]":
            depth -= 1
    return depth == 0
