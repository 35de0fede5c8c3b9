"""Any Unicode a person types becomes LaTeX that compiles and runs nothing (symle.render.unicode_latex,
through the prose filter), and Markdown that makes no syntax of it; both in time linear in the text.

The sweep compiles every code point of the Basic Multilingual Plane and beyond (superscripts,
subscripts, combining marks, CJK, emoji, math symbols, control characters, bidi marks) through the
prose filter, as words and as math, in one document with the worksheets' preamble."""

from __future__ import annotations

import re
import subprocess
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from latex import compile_latex, requires_pdflatex

from symle.render.prose import MARKDOWN_SPECIALS, latex_text, markdown_text, markdown_words
from symle.render.unicode_latex import TEXT_AS_TYPED, math_latex, text_latex

# the worksheets' preamble; a glyph missing from a font is an error (\\tracinglostchars=3), not a blank
PREAMBLE = "\\documentclass[11pt]{article}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amsmath,amssymb}\n"
PREAMBLE += "\\tracinglostchars=3\n"
TEX_SPECIALS = "\\{}$&#^_%~"


def document(body: str) -> str:
    return PREAMBLE + "\\begin{document}\n" + body + "\n\\end{document}\n"


def scan(latex: str) -> tuple[list[str], list[str]]:
    """(TeX specials in LaTeX text that no escape or command argument accounts for, the inline
    formulas): the specials are what a user's text would run as TeX. An escape is \\% or
    \\textbackslash{}, an argument a brace group right after a command (\\'{e}, \\v{\\i})."""
    latex = latex.replace("{}", "")  # an empty group, inert: the filter's own separator ($a${}$b$, -{}-)
    found: list[str] = []
    formulas: list[str] = []
    depth, k = 0, 0
    while k < len(latex):
        ch = latex[k]
        if ch == "\\":
            command = re.match(r"\\(?:[A-Za-z]+|.)", latex[k:], re.S)
            k += len(command.group()) if command else 1
            if latex.startswith("{", k):
                depth, k = depth + 1, k + 1
            continue
        if ch == "$":
            close = k + 1
            while close < len(latex) and latex[close] != "$":
                close += 2 if latex[close] == "\\" else 1
            formulas.append(latex[k + 1 : close])
            k = close + 1
            continue
        if ch == "}" and depth:
            depth -= 1
        elif ch in TEX_SPECIALS:
            found.append(ch)
        k += 1
    return found + ["{"] * depth, formulas


def balanced(latex: str) -> bool:
    depth = 0
    for match in re.finditer(r"\\.|[{}]", latex, re.S):
        if match.group() in "{}":
            depth += 1 if match.group() == "{" else -1
            if depth < 0:
                return False
    return depth == 0


# ---------------------------------------------------------------------------------------------
# what symle's own strings print stays as it was; what used to break compiles


@pytest.mark.parametrize(
    ("unicode", "latex"),
    [
        ("σ̂⁴", r"\hat{\sigma}^{4}"),
        ("x₍₁₎ ≤ x₍ₙ₎", r"x_{(1)} \le  x_{(n)}"),
        ("Γ′(α)/Γ(α)", r"\Gamma '(\alpha)/\Gamma (\alpha)"),
        ("n Σ (xᵢ − x̄)² > 0", r"n \sum  (x_{i} - \bar{x})^{2} > 0"),
        ("√n", r"\sqrt n"),
        ("E[Tᵖ] = Γ(na + p)/(Γ(na)βᵖ)", r"E[T^{p}] = \Gamma (na + p)/(\Gamma (na)\beta^{p})"),
        ("x₁ᵢ", r"{x_{1}}_{i}"),  # the i-th value of x1: TeX allows one subscript, so x_{1} is braced
        # what used to be a TeX error
        ("x²²", r"x^{22}"),  # superscripts in a row are one exponent (x¹⁰ is x to the tenth)
        ("x²′", r"{x^{2}}'"),
        ("√", r"\surd"),  # a root sign with nothing under it
        ("√x̄", r"\sqrt {\bar{x}}"),
        ("λx", r"\lambda x"),  # not the undefined \lambdax
        ("ο", "o"),  # omicron has no \omicron
        ("\u0304", ""),  # an accent over nothing
        ("x₁₁₁₁₁", r"{{{x_{1}}_{1}}_{1}}_{1}{}_{1}"),  # nesting is bounded: TeX's groups are
        ("a_b{c}$", r"a\_b\{c\}\$"),
        ("😀中", "??"),
    ],
)
def test_unicode_mathematics(unicode: str, latex: str) -> None:
    assert math_latex(unicode) == latex


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("A < B > C", r"A \textless{} B \textgreater{} C"),  # not A¡B¿C: OT1 has no < or >
        ("Cramér–Rao", "Cramér–Rao"),  # accented Latin and dashes as typed: inputenc reads them
        ("cafe\u0301 ǎ ı", r"caf\'{e} \v{a} \i{}"),  # OT1's accents over ASCII letters
        ("--no-x, !` ?`", "-{}-no-x, !{}` ?{}`"),  # no en dash, no ¡ ¿
        ("a\nb\tc\x00d", "a b c d"),
        ("\u202eabc\u200f\ufeff", "abc"),  # bidi and zero-width marks print nothing
        ("中文 😀 Ąð", "?? ? A?"),
        ("\\input{x} 100% #1 ^^5c ~", r"\textbackslash{}input\{x\} 100\% \#1 \^{}\^{}5c \~{}"),
    ],
)
def test_words(text: str, latex: str) -> None:
    assert text_latex(text) == latex


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("Maximum likelihood √2 and x²²", r"Maximum likelihood $\sqrt 2$ and $x^{22}$"),
        ("$ λ", r"\$ $\lambda$"),  # a typed $ never joins the math set after it
        ("a \u0304 b", "a  b"),
        ("f(λ)) x", r"f($\lambda$)) x"),
        ("λ" + ")" * 5, r"$\lambda$)))))"),
    ],
)
def test_plain_strings_in_prose(text: str, latex: str) -> None:
    assert latex_text(text) == latex


# ---------------------------------------------------------------------------------------------
# properties over any text


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60))
def test_no_tex_special_of_any_text_is_left_to_run(text: str) -> None:
    found, formulas = scan(latex_text(text))
    assert found == []
    for formula in formulas:
        assert balanced(formula) and formula.strip()


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60))
def test_math_of_any_text_is_balanced_and_holds_no_dollar(text: str) -> None:
    out = math_latex(text)
    assert balanced(out)
    assert re.search(r"(?<!\\)\$", out) is None
    assert not out.endswith("\\")


def markdown_syntax(markdown: str) -> list[str]:
    """Characters Markdown would read as syntax: a special not escaped by a backslash, outside the
    $...$ math the filter sets."""
    found, k = [], 0
    while k < len(markdown):
        ch = markdown[k]
        if ch == "\\":
            k += 2
            continue
        if ch == "$":
            close = markdown.find("$", k + 1)
            k = close + 1 if close > 0 else len(markdown)
            continue
        if ch in MARKDOWN_SPECIALS:
            found.append(ch)
        k += 1
    return found


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60))
def test_markdown_of_any_text_is_one_line_of_words_and_math(text: str) -> None:
    out = markdown_text(text)
    assert markdown_syntax(out) == []
    assert "\n" not in out and "\r" not in out
    assert re.match(r"\s*(?:[-+=]|\d+[.)])", out) is None  # no list item or underline at a line's start


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>"),
        ("[x](javascript:alert(1))", r"\[x\](javascript:alert(1))"),
        ("<!-- c --> &amp;", r"\<!-- c --\> \&amp;"),
        ("$$\\input{x}$$", r"\$\$\\input\{x\}\$\$"),
        ("a\n# injected\n===\n- item", r"a \# injected === - item"),
        ("*b* _i_ `c` ~s~ ^u^ @cite {#id} |t|", r"\*b\* \_i\_ \`c\` \~s\~ \^u\^ \@cite \{\#id\} $|t|$"),
    ],
)
def test_markdown_words_are_escaped(text: str, markdown: str) -> None:
    assert markdown_text(text) == markdown


@pytest.mark.parametrize(("text", "markdown"), [("- a", r"\- a"), ("1. a", r"1\. a"), ("= a", r"\= a")])
def test_markdown_at_the_start_of_a_line_starts_no_block(text: str, markdown: str) -> None:
    assert markdown_text(text) == markdown


def test_markdown_words_keep_unicode_and_drop_invisible_marks() -> None:
    assert markdown_words("Cramér–Rao 中文\u202e\u200b") == "Cramér–Rao 中文"


# ---------------------------------------------------------------------------------------------
# linear time


@pytest.mark.parametrize("piece", ["a", "word ", "λ x ", "x₁", "(", ")", "\u0304", "√", "$ ", "<"])
def test_escaping_takes_time_linear_in_the_text(piece: str) -> None:
    """200 kB of any one pattern in well under the seconds a quadratic pass would take (the old
    filter: 18 s for a 30 kB title, so some 800 s for these; the linear one takes 1.5 s at most)."""
    text = piece * (200_000 // len(piece))
    start = time.process_time()
    latex_text(text)
    markdown_text(text)
    assert time.process_time() - start < 5


# ---------------------------------------------------------------------------------------------
# everything compiles


def _sweep_body(chars: list[str]) -> str:
    lines = []
    for k in range(0, len(chars), 48):
        chunk = "".join(chars[k : k + 48])
        lines.append(f"{latex_text(chunk)}\\par\n\\({{}}{math_latex(chunk)}\\)\\par\n{text_latex(chunk)}\\par")
    return "\n".join(lines)


@pytest.mark.latex
@requires_pdflatex
def test_every_character_compiles_as_words_and_as_math(tmp_path: Path) -> None:
    """Every code point from U+0000 to U+2FFFF (surrogates aside) through the prose filter, the
    word and the math converters: one document, no TeX error."""
    chars = [chr(c) for c in range(0x30000) if not 0xD800 <= c < 0xE000]
    result = compile_latex(document(_sweep_body(chars)), tmp_path)
    assert result.errors == [] and result.ok


@pytest.mark.latex
@requires_pdflatex
def test_the_characters_kept_as_typed_print_as_typed(tmp_path: Path) -> None:
    """TEXT_AS_TYPED reaches pdflatex as UTF-8: inputenc sets each, an accented letter as itself
    (pdftotext reads it back)."""
    typed = sorted(TEXT_AS_TYPED)
    assert [text_latex(ch) for ch in typed] == typed
    result = compile_latex(document(" ".join(typed)), tmp_path)
    assert result.errors == [] and result.pdf is not None
    text = subprocess.run(["pdftotext", str(result.pdf), "-"], capture_output=True, text=True).stdout
    accented = [ch for ch in typed if len(unicodedata.normalize("NFD", ch)) > 1]
    text = unicodedata.normalize("NFC", text.replace("ı", "i"))  # OT1 accents a dotless i: \\'{\\i}
    assert [ch for ch in accented if ch not in text] == []
