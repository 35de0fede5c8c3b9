"""Steps written without labels: `L(λ) = λⁿ e^{−λΣxᵢ}`, "The score is ∂ℓ/∂μ = Σ(xᵢ − μ)/σ²", `μ̂ = x̄`.

Most students write a derivation, not a form: a line says what it gives by the name on the left of its
equals sign. A name that says unambiguously which quantity it is (a likelihood L(θ), a log-likelihood
ℓ(θ) or log L, a first or second derivative of ℓ, an estimate θ̂, an information I(θ), the variance of
an estimate) starts a step of that kind; the step runs to the next such name, or to the end of the
inline math (`$...$`) the name is in. A name that could be anything else (`E[X] =`, `Var(X) =`, `n =`)
starts nothing, so a remark is never judged as a step.

The same names tell which parameter a step is about when a label leaves it out: `dl/dmu` and
`∂ℓ/∂σ²` are scores for μ and σ², `mu_hat` and `\\hat\\sigma^2` estimates of μ and σ².
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from symle.checker.heads import compact
from symle.checker.unicode import to_latex

_ARGS = r"(?:\(.*\)|\[.*\])?"
_ELL = r"(?:ell|l|L|logL|lnL|log\(L.*\)|ln\(L.*\)|mathcalL)"
_HAT = r"(?:hat\(.*\)|(?:wide)?hat.+|[A-Za-z]+\d?_?hat\d?|[A-Za-z]+\d?_(?:text|mathrm|rm)?(?:MLE|mle|ML))"
_VAR = r"(?:operatorname|mathrm|text)?(?:A?Var|a?var|V)"
_EXPECTATION = r"(?:E|mathbbE|operatornameE)"
# the kinds in the order they are tried: a second derivative before a first, a log-likelihood before a likelihood
_PATTERNS: dict[str, tuple[str, ...]] = {
    "second-order": (rf"-?{_ELL}(?:''|\^primeprime|\^\(2\)|\"){_ARGS}", r"-?(?:frac|dfrac)?(?:partial|d)\^2.*"),
    "score": (
        rf"{_ELL}(?:'|\^prime|\^\(1\)){_ARGS}",
        rf"(?:frac|dfrac)?(?:partial|d){_ELL}{_ARGS}/?(?:partial|d)[A-Za-z]+\d?.*",
        r"(?:frac|dfrac)?(?:partial|d)/?(?:partial|d)[A-Za-z]+\d?.*(?:ell|l|L).*",
        r"(?:S|U)\(.+\)|score(?:\(.+\))?",
    ),
    "loglik": (
        rf"(?:ell|l|ell_n|l_n|logL|lnL|log\(L.*\)|ln\(L.*\)|loglik|LL){_ARGS}",
        r"(?:sum.*)?(?:log|ln)f\(.+\)",
    ),
    "likelihood": (rf"(?:L|L_n|mathcalL|lik){_ARGS}", r"(?:prod.*)?f\(x_.+\)"),
    "mle": (_HAT,),
    "fisher": (r"(?:I|I_n|mathcalI|mathcalI_n|mathbbI|J|J_n|i_n)(?:\(.*\)|\[.*\])", r"(?:I|mathcalI)_[A-Za-z]+\d?"),
    "variance": (rf"{_VAR}(?:\(.*hat.*\)|\[.*hat.*\])", rf"(?:A?Var|a?var)\({_HAT}\)"),
    "bias": (r"(?:operatorname|mathrm|text)?(?:bias|Bias|b)\(.*hat.*\)", rf"{_EXPECTATION}[\[(].*hat.*[\])]-.+"),
}
KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile("|".join(f"(?:{p})" for p in patterns))) for kind, patterns in _PATTERNS.items()
)
_EQUALS = re.compile(r"(?<![<>!\\])=(?!=)|≈|\\approx(?![A-Za-z])")
# what ends a step and may start the next: an implication or a consequence between two claims
_LINK = re.compile(
    r"(?:\s*(?:\\implies|\\Rightarrow|⇒|=>|,|;|\.|\\q?quad|\\[,;:! ]|\b(?:so|hence|thus|and|giving|then)\b))+\s*$"
)
# a sentence ends a step: "λ̂ = (Σxᵢᵏ/n)^(1/k). When k = 1 this reduces to ..."
_SENTENCE_END = re.compile(r"\.\s+(?=[A-Z][a-z])")
# the rows of a display: `\\` ends one, `\begin{...}` and `\end{...}` stand apart from them
_ROW_END = re.compile(r"\\\\(?:\[[^\]]*\])?|\\(?:begin|end)\{[^}]*\}")
_DOLLARS = re.compile(r"\$\$.+?\$\$|\$.+?\$|\\\(.+?\\\)", re.S)


def _plain(head: str) -> str:
    """The head without Unicode, spacing, backslashes and braces: `\\frac{\\partial \\ell}{\\partial \\mu}`
    -> `fracpartialellpartialmu`, `σ̂²` -> `hatsigma^2`."""
    return re.sub(r"[\\{}&]", "", compact(to_latex(head).text)).replace("^prime", "'")


def kind_of(head: str) -> str | None:
    """The kind of step a left-hand side names, or None when it could name something else."""
    plain = _plain(head)
    if not plain:
        return None
    for kind, pattern in KINDS:
        if pattern.fullmatch(plain):
            return kind
    return None


def _head(text: str, low: int, end: int) -> tuple[int, str] | None:
    """Where the name before the equals sign at `end` starts (its first character, not before `low`, the
    end of the previous relation), and the kind of step it names: the longest run of words before it that
    names a step."""
    starts = [low] + [m.end() for m in re.finditer(r"\s+|\$|\\\(|[,;:]\s*", text[:end]) if m.end() > low]
    for start in sorted(set(starts)):
        kind = kind_of(text[start:end]) if start < end and text[start:end].strip() else None
        if kind is not None:
            return start + len(text[start:end]) - len(text[start:end].lstrip()), kind
    return None


def find_steps(text: str) -> list[tuple[int, int, str]]:
    """The unlabelled steps of one line, or of one display (each of its rows apart; a row that starts
    with `&=` or `=` goes on with the one before): (start, end, kind), in order."""
    rows: list[tuple[int, int]] = []
    start = 0
    for end in [m for m in _ROW_END.finditer(text)] + [None]:
        stop = len(text) if end is None else end.start()
        if rows and re.match(r"\s*&?\s*=", text[start:stop]):
            rows[-1] = (rows[-1][0], stop)
        else:
            rows.append((start, stop))
        start = len(text) if end is None else end.end()
    return [(a + low, b + low, kind) for low, high in rows for a, b, kind in _row_steps(text[low:high])]


def _row_steps(text: str) -> list[tuple[int, int, str]]:
    """The steps of one row: each starts at a name that says what it is and runs to the next one, to the
    end of its inline math or its sentence, or to the end of the row."""
    found: list[tuple[int, str]] = []
    low = 0
    for match in _EQUALS.finditer(text):
        head = _head(text, low, match.start())
        if head is not None:
            found.append(head)
        low = match.end()
    steps = []
    for index, (start, kind) in enumerate(found):
        end = found[index + 1][0] if index + 1 < len(found) else len(text)
        for math in _DOLLARS.finditer(text):
            if math.start() <= start < math.end():
                end = min(end, math.end())
        sentence = _SENTENCE_END.search(text, start, end)
        end = sentence.start() if sentence else end
        end = start + len(_LINK.sub("", text[start:end]))
        steps.append((start, end, kind))
    return steps


def head_parameter(text: str, kind: str, names: Sequence[str]) -> str | None:
    """The parameter a score's or an estimate's own name is about (`∂ℓ/∂σ²`, `mu_hat`), or None."""
    equals = _EQUALS.search(text)
    plain = _plain(text[: equals.start()] if equals else text).replace("^2", "2")
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    if not alternatives:
        return None
    name = rf"({alternatives})(?![A-Za-z])"
    if kind == "score":
        patterns = (rf"(?:partial|d){name}(?:\(.*\))?$", rf"(?:partial|d){name}.*(?:ell|l|L)", rf"'\({name}\)$")
        patterns += (rf"^(?:ell|l|S|U)_{name}",)
    elif kind == "mle":
        patterns = (rf"hat\(?{name}", rf"(?<![A-Za-z]){name}_?hat")
        patterns += (rf"(?<![A-Za-z]){name}_(?:text|mathrm|rm)?(?:MLE|mle|ML)",)
    else:
        return None
    for pattern in patterns:
        match = re.search(pattern, plain)
        if match is not None:
            return match.group(1)
    return None
