"""The mathematics as a textbook sets it, checked over every catalogue family and a set of typed
densities on what `symle derive` prints: no parentheses around a single symbol, no first powers,
no fraction in an inline exponent, no display line wider than the page, short Markdown lines."""

from __future__ import annotations

import contextlib
import functools
import io
import re

import pytest
from latex import compile_latex, page_texts, requires_pdflatex
from sweeps import sweep

from symle.cli import build_parser, run_derive
from symle.model.catalogue import FAMILIES

KNOWN_CLI = {"binomial": ("--known", "m=10")}
TYPED = {
    "exponential-theta": ("theta*exp(-theta*x)", "--params", "theta", "--support", "x>0"),
    "poisson-theta": ("theta^x*exp(-theta)/factorial(x)", "--params", "theta", "--support", "x in {0,1,...}"),
    "pareto-one": ("theta*x^(-theta-1)", "--params", "theta", "--support", "x>1"),
    "rayleigh-theta": ("x*exp(-x^2/(2*theta))/theta", "--params", "theta", "--support", "x>0"),
    "laplace-typed": ("exp(-abs(x-mu)/b)/(2*b)", "--params", "mu,b"),
    "normal-mu-known": ("normal", "--known", "mu"),
    "power": ("(theta+1)*x^theta", "--params", "theta", "--support", "0<x<1"),
    "beta-one": ("theta*x^(theta-1)", "--params", "theta", "--support", "0<x<1"),
    "shifted": ("exp(-(x-theta))", "--params", "theta", "--support", "x>theta"),
    "gamma-two": ("theta^2*x*exp(-theta*x)", "--params", "theta", "--support", "x>0"),
    "uniform-zero": ("1/theta", "--params", "theta", "--support", "0<x<theta"),
    "triangle": ("2*x/theta^2", "--params", "theta", "--support", "0<x<theta"),
}
MODELS = sorted(FAMILIES) + sorted(TYPED)
MARKDOWN_LINE = 120  # characters in one line of a Markdown equation

# a single symbol: a letter or command (\lambda), with an optional hat or bar, subscript, or a number
_SYMBOL = r"(?:\\(?:hat|bar)\{[^{}]*\}|\\?[A-Za-z]+|\d+)(?:_\{[^{}]*\}|_\{\([^{}]*\)\})?"
# grown or plain, but not the parentheses of a function's argument: Γ(a), p̂(r)
_PARENTHESISED_SYMBOL = re.compile(
    r"(?:\\left\(|(?<![A-Za-z{}'])\()\s*" + _SYMBOL + r"(?:\^\{[^{}]*\})?\s*(?:\\right\)|\))(?!\^\{[^{}]*[-+/ ])"
)


def _args(model: str) -> tuple[str, ...]:
    if model in TYPED:
        return TYPED[model]
    return (model, *KNOWN_CLI.get(model, ()))


@functools.cache
def derive(model: str, fmt: str, *extra: str) -> str:
    """`symle derive MODEL --format FMT` run in this process by the command line's own parser and
    derive command, without the fork that bounds a command's time: the formats of one model then
    share one derivation (the pipeline remembers it), as the console script's output would be."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = run_derive(build_parser().parse_args(["derive", *_args(model), "--format", fmt, *extra]))
    assert status == 0
    return out.getvalue()


def _groups(text: str, opener: str) -> list[str]:
    """The brace groups that follow each `opener` (such as '^{'), nested ones included."""
    found = []
    start = text.find(opener)
    while start != -1:
        depth, k = 0, start + len(opener) - 1
        for k in range(start + len(opener) - 1, len(text)):
            depth += {"{": 1, "}": -1}.get(text[k], 0)
            if depth == 0:
                break
        found.append(text[start + len(opener) : k])
        start = text.find(opener, start + 1)
    return found


def _math(document: str) -> str:
    """The display math of a LaTeX derivation (align rows), without the prose."""
    blocks = re.findall(r"\\begin\{align\*\}(.*?)\\end\{align\*\}", document, re.S)
    return "\n".join(blocks)


def parenthesised_symbols(latex: str) -> list[str]:
    """Parentheses around a single symbol, except where they are needed: ∂(σ²)², the second
    derivative in a parameter that is itself a square."""
    return [m.group(0) for m in _PARENTHESISED_SYMBOL.finditer(latex) if not latex[: m.start()].endswith("\\partial ")]


def first_powers(latex: str) -> list[str]:
    return re.findall(r"\^\{1\}|\^1(?![0-9])", latex)


def fractions_in_exponents(latex: str) -> list[str]:
    return [g for g in _groups(latex, "^{") if r"\frac" in g or r"\dfrac" in g]


# ---------------------------------------------------------------------------------------------
# the rules themselves, on small strings


def test_the_rules_catch_what_they_are_for():
    assert parenthesised_symbols(r"\left(\hat{\lambda}\right)^{2}")
    assert parenthesised_symbols(r"\left(\sigma^{2}\right)^{2}")
    assert parenthesised_symbols(r"\left(p^{x}\right) \left(x_{(1)}\right)^{2}")
    assert parenthesised_symbols(r"(\hat{\theta})^{2}") and parenthesised_symbols(r"2 (\sigma^{2})")
    assert not parenthesised_symbols(r"\Gamma(a) \psi'(b) \hat{p}(r) f(x)")
    assert not parenthesised_symbols(r"\left(\sigma^{2}\right)^{- n/2} \left(1 - p\right)^{x}")
    assert not parenthesised_symbols(r"\frac{\partial^{2} \ell}{\partial \left(\sigma^{2}\right)^{2}}")
    assert first_powers(r"x^{1} + y") and not first_powers(r"x^{10} + y_{1}")
    assert fractions_in_exponents(r"e^{- \frac{x^{2}}{2}}")
    assert fractions_in_exponents(r"\left(2 \pi\right)^{- \frac{n}{2}}")
    assert not fractions_in_exponents(r"\exp\left\{- \frac{x^{2}}{2}\right\} \sigma^{- n/2}")


# ---------------------------------------------------------------------------------------------
# every model's output


@pytest.mark.parametrize("model", sweep(MODELS))
def test_latex_has_no_parentheses_around_a_single_symbol(model):
    assert parenthesised_symbols(_math(derive(model, "latex"))) == []


@pytest.mark.parametrize("model", sweep(MODELS))
def test_latex_has_no_first_power(model):
    assert first_powers(_math(derive(model, "latex"))) == []


@pytest.mark.parametrize("model", sweep(MODELS))
def test_latex_has_no_fraction_in_an_inline_exponent(model):
    assert fractions_in_exponents(_math(derive(model, "latex"))) == []


@pytest.mark.parametrize("model", sweep(MODELS))
def test_markdown_equation_lines_are_short(model):
    document = derive(model, "markdown")
    blocks = re.findall(r"^\$\$\n(.*?)\n\$\$$", document, re.S | re.M)
    assert blocks, "the Markdown has display equations"
    long_lines = [line for block in blocks for line in block.splitlines() if len(line) >= MARKDOWN_LINE]
    assert long_lines == []


@pytest.mark.parametrize("model", sweep(MODELS))
def test_markdown_has_the_latex_typography(model):
    document = derive(model, "markdown")
    math = "\n".join(re.findall(r"^\$\$\n(.*?)\n\$\$$", document, re.S | re.M))
    assert parenthesised_symbols(math) == []
    assert first_powers(math) == []
    assert fractions_in_exponents(math) == []


@requires_pdflatex
@pytest.mark.parametrize("model", sweep(MODELS))
def test_no_display_line_is_wider_than_the_text(model, tmp_path):
    source = derive(model, "latex", "--standalone")
    # no tolerance at all: any line past the text width is reported as an overfull box
    source = source.replace(r"\begin{document}", "\\setlength{\\hfuzz}{0pt}\n\\begin{document}", 1)
    result = compile_latex(source, tmp_path)
    assert result.ok, result.errors
    assert result.overfull == [], [line for line in result.log.splitlines() if "Overfull" in line]
    # the Result never stands alone on a page: the step before it is on the same page
    pages = page_texts(result.pdf)
    if pages is not None:
        steps = re.findall(r"\\paragraph\{(?:\\boldmath )?(\d+)\.", source)
        last, before = f"{steps[-1]}. ", f"{int(steps[-1]) - 1}. "
        (page,) = [p for p in pages if last + "Result" in p]  # the page the Result starts on (notes may follow)
        assert before in page, (len(pages), page[:300])
