"""The prose of every page is typeset as a textbook's: every symbol in it is math ($\\alpha$, $a$,
$H$, $n$), never a raw name (alpha, lambda) or a roman letter; no bar | in roman type (OT1 prints it
as an em dash); SymPy never named; no sentence starting with a lower-case "symle"; and the
boilerplate is true where it is printed (the information's sentence, one estimator or several,
ψ and ψ′ defined where used, the support on the density's line).

The check runs over every catalogue family, a set of typed densities and the worksheets, in
LaTeX, Markdown and text."""

from __future__ import annotations

import functools
import re

import pytest
import sympy as sp
from sweeps import REPRESENTATIVE, slow, sweep

import symle
from symle.model.catalogue import FAMILIES
from symle.render.prose import latex_text

KNOWN = {"binomial": {"m": 10}}

TYPED = {
    "power": {"model": "(theta+1)*x^theta", "params": "theta", "support": "0<x<1"},
    "rate-a": {"model": "a*exp(-a*x)", "params": "a", "support": "x>0"},
    "beta-one": {"model": "theta*x^(theta - 1)", "params": "theta", "support": "0 < x < 1"},
    "shifted": {"model": "b*exp(-b*(x - c))", "params": "b, c", "support": "x >= c"},
    "scale-s": {"model": "x*exp(-x^2/(2*s))/s", "params": "s", "support": "x > 0"},
    "location-m": {"model": "exp(-abs(x - m))/2", "params": "m"},
}
# the normal linear model with two covariates, derived in matrix form
MATRIX = {"linear-regression-x1-x2": {"model": "linear-regression", "covariates": "x1,x2"}}

CASES = [*FAMILIES, *TYPED, *MATRIX]

GREEK = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau "
    "upsilon phi chi psi omega"
).split()
# a Greek name in words: not "the gamma distribution", "the digamma function", "gamma distributed"
RAW_GREEK = re.compile(r"\b(?:" + "|".join(GREEK) + r")\d*\b(?!\s+(?:distribution|distributed|function|method))")
# Unicode mathematics left in roman type (LaTeX and Markdown only: in text it is the notation)
UNICODE_MATH = re.compile("[αβγδεζηθικλμνξπρστυφχψωΣΓΠ∂ℓ∫≤≥−²ᵢₙₘ₍₎₀-₉ᵀ⁻¹ⁿᵃᵖ\u0304\u0302′]")
# a single letter in roman type: a symbol (b, p, k, n, H, f, ...); "a" is the article unless it
# stands where only a symbol can (before "and", a comma or the end of a clause, after "unknown")
LETTER = re.compile(r"(?<![’'\w\\-])([b-zA-Z])(?![\w’'-])")
SYMBOL_A = re.compile(r"(?:\bunknown a\b|(?<![\w-])a(?=\s*(?:[,.;:)]|and\b|$)))")
LOWER_SYMLE = re.compile(r"(?:^|[.!?]\s+|\}\s*|\*\*\s*|^\s*-\s+|\\item\s+)symle\b", re.M)


def holds_data(hessian) -> bool:  # type: ignore[no-untyped-def]
    """Whether the Hessian holds sums over the data: statistics T₁, T₂, … or sums themselves."""
    if hessian.atoms(sp.Sum, sp.Indexed):
        return True
    return any(re.fullmatch(r"T\d+", s.name) for s in hessian.free_symbols if isinstance(s, sp.Symbol))


@functools.cache
def derivation(name: str) -> symle.Derivation:
    if name in MATRIX:
        return symle.derive(MATRIX[name]["model"], covariates=MATRIX[name]["covariates"])
    if name in TYPED:
        case = TYPED[name]
        return symle.derive(case["model"], params=case["params"], support=case.get("support"))
    return symle.derive(name, known=KNOWN.get(name))


def _worksheet_spec(every: bool) -> dict:
    """A worksheet of every family and typed density, or (by default, see tests/sweeps.py) of the
    representative ones and the Poisson, whose problem asks for a function of its parameter."""
    chosen = [name for name in FAMILIES if every or name in REPRESENTATIVE or name == "poisson"]
    problems = [{"model": name, **({"known": KNOWN[name]} if name in KNOWN else {})} for name in chosen]
    problems[chosen.index("poisson")]["functions"] = {"zero": "exp(-lambda)"}
    problems += [
        {"density": case["model"], "params": [p.strip() for p in case["params"].split(",")], "var": "x"}
        | ({"support": case["support"]} if "support" in case else {})
        for name, case in TYPED.items()
        if every or name in REPRESENTATIVE
    ]
    return {"title": "Maximum likelihood", "course": "Statistics 2", "problem": problems}


@functools.cache
def worksheet(solutions: bool, format: str, every: bool = False) -> str:
    return symle.worksheet(_worksheet_spec(every), solutions=solutions, format=format)


# ---------------------------------------------------------------------------------------------
# the prose of a page, without its mathematics


def latex_prose(source: str) -> str:
    """The roman text of a LaTeX page: displays, inline math, commands and comments taken out
    (inline math left as the word MATH, so that a clause ending in math still ends)."""
    if "\\begin{document}" in source:
        source = source.split("\\begin{document}", 1)[1]
    source = re.sub(r"(?<!\\)%.*$", "", source, flags=re.M)
    source = re.sub(r"\\begin\{(align\*|aligned|equation\*?)\}.*?\\end\{\1\}", "\n", source, flags=re.S)
    source = re.sub(r"(?<!\\)\$[^$]*(?<!\\)\$", " MATH ", source)
    source = re.sub(r"\\(?:begin|end)\{[^}]*\}", "\n", source)
    source = re.sub(r"\\[A-Za-z]+\*?", " ", source)
    return source.replace("{", " ").replace("}", " ")


def markdown_prose(source: str) -> str:
    source = re.sub(r"\$\$.*?\$\$", "\n", source, flags=re.S)
    source = re.sub(r"(?<!\\)\$[^$]*(?<!\\)\$", " MATH ", source)
    return re.sub(r"\*\*\([a-z]+\)\*\*", " ", source)  # a worksheet's part labels (a), (b)


def text_prose(source: str) -> str:
    """The sentences of a text page: its equation lines (indented six spaces) taken out."""
    return "\n".join(line for line in source.splitlines() if not line.startswith("      "))


def problems_in(prose_text: str) -> list[str]:
    """What is wrong with the typesetting of some roman prose (LaTeX or Markdown)."""
    found = []
    for pattern, what in (
        (RAW_GREEK, "a Greek name in words"),
        (UNICODE_MATH, "Unicode mathematics in roman type"),
        (LETTER, "a single-letter symbol in roman type"),
        (SYMBOL_A, "the symbol a in roman type"),
        (re.compile(r"\|"), "a bar in roman type (an em dash in OT1)"),
        (re.compile(r"---|—|\\textemdash"), "an em dash"),
    ):
        for match in pattern.finditer(prose_text):
            start = max(0, match.start() - 40)
            found.append(f"{what}: {match.group()!r} in …{prose_text[start : match.end() + 40]!r}…")
    return found


def words_problems(page: str) -> list[str]:
    """What any page must not say, whatever its format."""
    found = []
    if "SymPy" in page or "sympy" in page.lower():
        found.append("SymPy is named")
    for match in LOWER_SYMLE.finditer(page):
        found.append(f"a sentence starts with lower-case symle: …{page[match.start() : match.end() + 40]!r}…")
    for match in RAW_GREEK.finditer(page):
        found.append(f"a Greek name in words: …{page[max(0, match.start() - 40) : match.end() + 40]!r}…")
    return found


# ---------------------------------------------------------------------------------------------
# every derivation, in every format


@pytest.mark.parametrize("name", sweep(CASES))
def test_latex_prose_sets_every_symbol_in_math(name):
    page = derivation(name).to_latex()
    assert problems_in(latex_prose(page)) == []
    assert words_problems(latex_prose(page)) == []
    assert "SymPy" not in page


@pytest.mark.parametrize("name", sweep(CASES))
def test_markdown_prose_sets_every_symbol_in_math(name):
    page = derivation(name).to_markdown()
    assert problems_in(markdown_prose(page)) == []
    assert words_problems(markdown_prose(page)) == []


@pytest.mark.parametrize("name", sweep(CASES))
def test_text_prose_uses_symbols_not_names(name):
    page = derivation(name).to_text()
    assert words_problems(text_prose(page)) == []


# ---------------------------------------------------------------------------------------------
# boilerplate true where it is printed


@pytest.mark.parametrize("name", sweep(CASES))
def test_result_sentence_agrees_in_number(name):
    result = derivation(name).steps[-1]
    assert result.kind == "estimators"
    if len(result.equations) == 1:
        assert "estimators are" not in result.text
        assert "estimators of" not in result.text
    if len(result.equations) > 1:
        assert " estimator is" not in result.text


@pytest.mark.parametrize("name", sweep(CASES))
def test_information_sentence_says_what_the_hessian_holds(name):
    d = derivation(name)
    fisher = [s for s in d.steps if s.kind == "fisher"]
    if not fisher or d.information is None or d.information.hessian is None:
        return
    (step,) = fisher
    if "linear in the sums over the data" in step.text:
        assert holds_data(d.information.hessian)
    if "does not depend on the data" in step.text:
        assert not holds_data(d.information.hessian)


def test_the_hessian_without_data_is_said_to_be_its_own_expectation():
    (step,) = [s for s in derivation("exponential").steps if s.kind == "fisher"]
    assert "does not depend on the data, so its expectation is itself" in step.text
    assert "linear in the sums" not in step.text
    (step,) = [s for s in derivation("poisson").steps if s.kind == "fisher"]
    assert "linear in the sums over the data" in step.text


@pytest.mark.parametrize("name", sweep(CASES))
def test_digamma_and_trigamma_are_defined_before_they_are_used(name):
    page = derivation(name).to_latex()
    definitions = ((r"\psi(", "is the digamma function"), (r"\psi'", "is the trigamma function"))
    for used, defined in definitions:
        displays = [m.start() for m in re.finditer(r"\\begin\{align\*\}.*?\\end\{align\*\}", page, flags=re.S)]
        first = next((start for start in displays if used in page[start : page.index(r"\end{align*}", start)]), None)
        if first is None:
            continue
        assert defined in page, f"{used} is used but not defined"
        assert page.index(defined) < first


def test_digamma_is_defined_in_the_gamma_score():
    steps = derivation("gamma").steps
    score = next(s for s in steps if s.kind == "score" and s.parameter == "alpha")
    assert "ψ(α) = Γ′(α)/Γ(α) is the digamma function" in score.text
    first = next(
        s for s in steps if any(f.args[0] == 1 for e in s.equations for p in e.parts for f in p.atoms(sp.polygamma))
    )
    assert "Here ψ′, the derivative of ψ, is the trigamma function." in first.text


@pytest.mark.parametrize("name", ["exponential", "uniform", "pareto", "poisson", "beta", "power"])
def test_the_support_is_on_the_density_line(name):
    page = derivation(name).to_latex()
    model = page.split(r"\begin{align*}", 1)[1].split(r"\end{align*}", 1)[0]
    rows = [row for row in model.split("\\\\") if row.strip()]
    assert len(rows) == 1, rows
    assert r", \quad " in rows[0]
    text = derivation(name).to_text()
    line = next(line for line in text.splitlines() if line.strip().startswith("f(x;"))
    assert ",  " in line


def test_laplace_bars_stay_in_math():
    page = derivation("laplace").to_latex()
    assert r"$S = \sum |x_{i} - \mu|$" in page
    assert "|" not in latex_prose(page)


def test_one_estimator_is_singular():
    assert derivation("exponential").steps[-1].text == "The maximum-likelihood estimator is below."
    assert derivation("gamma").steps[-1].text == (
        "The maximum-likelihood estimates are below: α̂ solves the equation found above (numerically), and β̂ "
        "follows from it."
    )


def test_sentences_name_parameters_as_symbols():
    d = derivation("gamma")
    numeric = next(s for s in d.steps if s.kind == "numeric" and s.parameter == "alpha")
    assert "alpha" not in numeric.text
    assert r"($\alpha$ appears inside the digamma function" in latex_text(numeric.text)
    assert any(w.startswith("α has no closed-form estimator") for w in d.warnings)
    second = next(s for s in derivation("normal").steps if s.kind == "second-order")
    assert "of the Hessian $H$ alternate in sign" in latex_text(second.text)


# ---------------------------------------------------------------------------------------------
# the checks themselves


def test_the_checks_catch_roman_symbols():
    assert problems_in("with unknown a and b.")
    assert problems_in("alpha appears inside the digamma function")
    assert problems_in("the Hessian H alternate")
    assert problems_in("|x $- \\mu|$")
    assert not problems_in("a sum over MATH independent observations from the gamma distribution")
    assert words_problems("Estimates. symle maximises")
    assert words_problems("SymPy finds no closed-form solution")


# ---------------------------------------------------------------------------------------------
# worksheets


@pytest.mark.parametrize("every", [False, *slow(True)])
@pytest.mark.parametrize("solutions", [False, True])
def test_worksheet_latex_prose(solutions, every):
    page = worksheet(solutions, "latex", every)
    assert problems_in(latex_prose(page)) == []
    assert words_problems(latex_prose(page)) == []
    assert "SymPy" not in page


@pytest.mark.parametrize("every", [False, *slow(True)])
@pytest.mark.parametrize("solutions", [False, True])
def test_worksheet_markdown_prose(solutions, every):
    page = worksheet(solutions, "markdown", every)
    assert problems_in(markdown_prose(page)) == []
    assert words_problems(markdown_prose(page)) == []


def test_a_function_is_named_as_a_function_with_its_definition():
    page = worksheet(False, "latex")
    assert "estimator of zero" not in page
    assert r"estimator of the function $\mathrm{zero}$ of the parameter, defined below" in page
    assert r"\mathrm{zero} &= e^{- \lambda}" in page


def test_no_score_question_uses_an_order_statistic_before_it_is_derived():
    """A part may use x₍₁₎ or x₍ₙ₎ only once a part (or an earlier step of its own) derived it."""
    page = worksheet(True, "latex")
    for problem in re.split(r"\\section\*\{Problem \d+\}", page)[1:]:
        parts = problem.split(r"\item ")[1:]
        derived = False
        for part in parts:
            steps = re.split(r"\\textit\{", part)
            for step in steps:
                if "from the support" in step[:120]:
                    derived = True
                uses = r"x_{(1)}" in step or r"x_{(n)}" in step
                # the likelihood's indicator and the log-likelihood's domain state the support, derive nothing
                if uses and not derived and not step.startswith(("Likelihood", "Log-likelihood")):
                    pytest.fail(f"an order statistic is used before it is derived: {step[:300]}")
