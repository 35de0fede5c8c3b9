"""The text rewrites before reading: phone Unicode into LaTeX (offsets kept), Overleaf leftovers blanked
(same length), a step's relations, and the left-hand sides that only name the answer."""

from __future__ import annotations

import pytest

import symle
from symle.checker.heads import is_head
from symle.checker.layout import tidy
from symle.checker.relations import blank_oversets, relations
from symle.checker.unicode import parameter_name, to_latex
from symle.checker.vocabulary import vocabulary


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("x̄", r"\bar{x}"),
        ("ȳ", r"\bar{y}"),
        ("λ̂", r"\hat{\lambda}"),
        ("σ̂²", r"\hat{\sigma}^{2}"),
        ("θ̂", r"\hat{\theta}"),
        ("p̂", r"\hat{p}"),
        ("xᵢ", "x_{i}"),
        ("x₍ₙ₎", "x_{(n)}"),
        ("λⁿ", r"\lambda ^{n}"),
        ("θ⁻ⁿ", r"\theta ^{-n}"),
        ("pˣⁱ", "p^{x_{i}}"),
        ("∑ᵢ₌₁ⁿ", r"\sum _{i=1}^{n}"),
        ("∂ℓ/∂λ", r"\partial \ell /\partial \lambda "),
        ("ℓ′(λ)", r"\ell '(\lambda )"),
        ("n − 1", "n - 1"),
        ("a·b", r"a\cdot b"),
        ("√n", r"\sqrt n"),
        ("≤ ≥ ≈ ∝ ⇒ ⇔", r"\le  \ge  \approx  \propto  \Rightarrow  \iff "),
        ("x₁, …, xₙ", r"x_{1}, \dots , x_{n}"),
        ("ln Γ(α)", r"\ln  \Gamma (\alpha )"),  # a bare log before its argument is the command
        ("n log λ", r"n \log  \lambda "),
        ("log(λ)", r"log(\lambda )"),
        ("plain", "plain"),
    ],
)
def test_unicode_into_latex(text, latex):
    assert to_latex(text).text == latex


def test_each_rewritten_character_knows_where_it_came_from():
    rewritten = to_latex("λ̂ = 1/x̄")
    assert rewritten.text == r"\hat{\lambda} = 1/\bar{x}"
    assert rewritten.origin(rewritten.text.index("=")) == 3
    assert rewritten.origin(rewritten.text.index(r"\bar")) == 7
    assert rewritten.origin(len(rewritten.text)) == 9


@pytest.mark.parametrize(("raw", "name"), [("σ²", "sigma2"), ("λ̂", "lambda"), ("b₁", "b1"), ("θ", "theta")])
def test_label_parameters(raw, name):
    assert parameter_name(raw) == name


@pytest.mark.parametrize(
    ("text", "tidied"),
    [
        (r"\ell &= n \\", r"\ell  = n   "),
        (r"\displaystyle\hat p = x.", r"             \hat p = x "),
        (r"a \nonumber \label{eq:1}", "a" + " " * 23),
        (r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}", r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}"),
        (r"L \quad \text{(independence)}", "L" + " " * 28),
        ("0.5", "0.5"),
    ],
)
def test_overleaf_leftovers_are_blanked(text, tidied):
    assert tidy(text) == tidied
    assert len(tidy(text)) == len(text)


def _parts(text: str, kind: str) -> list[list[str]]:
    text = blank_oversets(text)
    return [[text[a:b].strip() for a, b in clause.parts] for clause in relations(text, kind)]


@pytest.mark.parametrize(
    ("text", "kind", "clauses"),
    [
        ("a = b = c", "loglik", [["a", "b", "c"]]),
        (r"s = 0 \implies \hat p = x", "mle", [[r"\hat p", "x"], ["s", "0"]]),
        (r"s = 0 \implies \hat p = x", "score", [["s", "0"], [r"\hat p", "x"]]),
        (r"\hat p = x \approx 0.42", "mle", [[r"\hat p", "x"]]),
        (r"V \approx \frac{p}{n}", "variance", [["V", r"\frac{p}{n}"]]),
        (r"s \overset{!}{=} 0", "score", [["s", "0"]]),
        (r"\mathbf{1}\{a \le x\} = y", "likelihood", [[r"\mathbf{1}\{a \le x\}", "y"]]),
        ("a => b <=> c", "mle", [["c"], ["b"], ["a"]]),
    ],
)
def test_relations_split_a_step(text, kind, clauses):
    assert _parts(text, kind) == clauses


def test_a_trailing_inequality_is_kept_apart():
    text = r"\ell'' = -n < 0"
    (clause,) = relations(text, "second-order")
    assert [text[a:b].strip() for a, b in clause.parts] == [r"\ell''", "-n"]
    assert clause.claim is not None and clause.claim.operator == "<"
    assert text[slice(*clause.claim.bound)].strip() == "0"


@pytest.fixture(scope="module")
def words():
    return vocabulary(symle.derive("exponential").model)


@pytest.mark.parametrize(
    ("text", "kind", "head"),
    [
        (r"\ell'(\lambda)", "score", True),
        (r"\ell''", "second-order", True),
        (r"\frac{d^2\ell}{d\lambda^2}", "second-order", True),
        (r"\frac{\mathrm{d}}{\mathrm{d}\lambda}\ell(\lambda)", "score", True),
        (r"-\mathbb{E}\left[\ell''(\lambda)\right]", "fisher", True),
        (r"\prod_{i=1}^n f(x_i;\lambda)", "likelihood", True),
        (r"\hat\lambda_{\text{MLE}}", "mle", True),
        (r"\lambda", "mle", True),
        ("Var", "variance", True),
        (r"\lambda", "score", False),
        (r"n\log\lambda", "loglik", False),
        (r"\frac{n}{\lambda}", "score", False),
    ],
)
def test_left_hand_sides(words, text, kind, head):
    assert is_head(text, kind, words) is head
