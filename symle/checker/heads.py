"""Left-hand sides that only name the quantity a step gives: `L(\\lambda) =`, `\\ell'(\\lambda) =`,
`\\frac{\\partial \\ell}{\\partial \\lambda} =`, `I(\\lambda) = -\\mathbb{E}[\\ell''] =`, `\\hat\\lambda =`.

A name is dropped, not compared: the label already says what the step is. The patterns are matched on
the part without spaces, `$` and delimiter sizes, and only on a part that is followed by a relation,
so an answer is never mistaken for a name.
"""

from __future__ import annotations

import re

from symle.checker.unicode import parameter_name
from symle.checker.vocabulary import Vocabulary

_ARGS = r"(?:\(.*\)|\[.*\])?"
_LOG = r"(?:\\log|\\ln|log|ln)"
_NAMES = (
    # likelihoods and log-likelihoods
    rf"(?:L|L_\{{?n\}}?|\\mathcal\{{?L\}}?|\\ell|\\ell_\{{?n\}}?|l|l_\{{?n\}}?|logL|lnL|loglik|loglikelihood){_ARGS}",
    rf"{_LOG}\{{?\(?(?:L|\\mathcal\{{?L\}}?){_ARGS}\)?\}}?",
    # scores and derivatives: primes, Leibniz fractions, partial derivatives, evaluation bars
    rf"(?:S|U|s|u|score|H){_ARGS}",
    rf"-?(?:\\ell|l|L|\\mathcal\{{?L\}}?|S|U)(?:'+|\^\{{?(?:\\prime)+\}}?|\^\{{?\(\d\)\}}?){_ARGS}",
    rf"\\d?dot\{{?\\ell\}}?{_ARGS}",
    r".*\\partial.*",
    r"\\frac\{(?:d|\\mathrm\{d\}|\\operatorname\{d\}|\\text\{d\})(?:\^\{?\d\}?)?.*\}\{.*\}.*",
    r"d(?:\^?\{?\d\}?)?(?:\\ell|l|L)/d.*",  # dl/dp, d^2l/dp^2, d2l/dp2
    r"d/d\\?[A-Za-z]+\d?.*",  # d/dlambda logL: the operator before the name
    # the density of one observation: \prod_{i=1}^n f(x_i;\lambda), \sum \log f(x_i \mid \theta)
    rf"(?:\\prod|\\sum|prod|sum)?(?:_\{{?[^}}]*\}}?)?(?:\^\{{?\w+\}}?)?{_LOG}?f(?:_\{{?\w+\}}?)?\(.*\)",
    # information, expected and observed
    rf"(?:I|I_\{{?n\}}?|\\mathcal\{{?I\}}?(?:_\{{?n\}}?)?|\\mathbb\{{?I\}}?|J|J_\{{?n\}}?|i_\{{?n\}}?|fisher){_ARGS}",
    # an entry of the information matrix: I_{\mu\mu}, I_{\sigma^2\sigma^2}, \mathcal{I}_{11}
    rf"(?:I|J|\\mathcal\{{?I\}}?)_(?:\{{.+\}}|\\?[A-Za-z]+\d?){_ARGS}",
    r"-?(?:\\mathbb\{?E\}?|E|\\operatorname\{E\}|\\mathrm\{E\}|\\text\{E\})(?:_\{?.*?\}?)?[\[(].*[\])]",
    # variances
    rf"(?:\\operatorname|\\mathrm|\\text|\\textrm)\{{[A-Za-z]+\}}{_ARGS}",
    r"(?:Var|var|AVar|avar|V|\\mathbb\{V\}|\\operatorname\{Var\})(?:\(.*\)|\[.*\])|Var|AVar|var|avar",
    # estimators
    r"\\(?:wide)?hat.*|[A-Za-z]+\d?_?hat\d?|hat\(.*\)",
    r"\\?[A-Za-z]+\d?_\{?(?:\\text\{|\\mathrm\{)?(?:MLE|mle|ML)\}?\}?",
)
_SCORE_LETTER = re.compile(r"[SUsu](?:\(.*\))?")
_HEAD = re.compile("|".join(f"(?:{h})" for h in _NAMES))
_COMPACT = re.compile(r"\s+|\$|\\[,;:! ]|\\left|\\right|\\[bB]igg?[lr]?(?![A-Za-z])")


def compact(text: str) -> str:
    """The part without spacing, math delimiters and delimiter sizes."""
    return _COMPACT.sub("", text)


def is_head(text: str, kind: str, vocabulary: Vocabulary) -> bool:
    """Whether a left-hand side only names the quantity (then it is dropped, not compared)."""
    short = compact(text)
    if kind != "score" and _SCORE_LETTER.fullmatch(short):
        return False  # `u = \lambda^{-k}` outside a score step defines a letter; it names no quantity
    if _HEAD.fullmatch(short):
        return True
    # `\frac{1}{I(\lambda)}`, `1/I(λ)` in a variance's chain: the reciprocal of a name is a name too
    reciprocal = re.fullmatch(r"\\d?frac\{1\}\{(.+)\}|1/(.+)", short)
    if reciprocal is not None and _HEAD.fullmatch(reciprocal.group(1) or reciprocal.group(2)):
        return True
    # `mle lambda: \lambda = ...`: in an estimator step the bare parameter names the estimate
    # (`b_0 = ...`, `b_{1} = ...`: a regression's coefficients)
    bare = re.sub(r"^([A-Za-z]+)_\{?(\d+)\}?$", r"\1\2", short.lstrip("\\"))
    return kind == "mle" and bare in vocabulary.names


# the one parameter a step's own name is about: `I(\mu)`, `\mathrm{Var}(\hat\mu)`, `Var(μ̂)`
_NAMED = {
    "fisher": r"(?:I|\\mathcal\{?I\}?|J)_?\{?n?\}?\(",
    "variance": r"(?:\\operatorname|\\mathrm|\\text)?\{?(?:A?Var|var)\}?\(",
}


def named_parameter(text: str, kind: str, names: list[str]) -> str | None:
    """The parameter named by a step's leading `I(θ)` or `Var(θ̂)`, when the label leaves it out."""
    pattern = _NAMED.get(kind)
    if pattern is None:
        return None
    short = compact(parameter_name(text)).replace("\\hat", "").replace("^2", "2").replace("^{2}", "2")
    match = re.search(pattern + r"\\?\{?([A-Za-z]+\d?)\}?\)", short)
    if match is None and kind == "fisher":  # an entry on the diagonal: I_{\mu\mu}, I_{\sigma^2\sigma^2}
        match = re.match(r"(?:I|J|\\mathcal\{?I\}?)_\{\\?([A-Za-z]+\d?)\\?\1\}", short)
    return match.group(1) if match is not None and match.group(1) in names else None
