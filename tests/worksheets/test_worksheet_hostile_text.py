"""A worksheet spec holds text and names from a person: every key has a strict type, every name
follows the one rule of names, the title, course and date are capped; and whatever text they hold,
the LaTeX compiles and runs none of it, and the Markdown makes no syntax of it."""

from __future__ import annotations

import datetime
import random
import re
import subprocess
from pathlib import Path

import pytest
from latex import compile_latex, requires_pdflatex

import symle
from symle.errors import WorksheetError
from symle.worksheets.spec import MAX_LINE, read_spec

ONE = {"model": "exponential", "ask": ["mle"]}


def spec(**keys: object) -> dict:
    return {"problem": [ONE], **keys}


def problem(**keys: object) -> dict:
    return {"problem": [keys]}


# ---------------------------------------------------------------------------------------------
# strict types


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ({"integrate": "false"}, "integrate must be true or false"),  # bool("false") was True
        ({"integrate": 0}, "integrate must be true or false"),
        ({"timeout": True}, "timeout must be a positive number"),  # True is an int to Python
        ({"timeout": "10"}, "timeout must be a positive number"),
        ({"timeout": float("inf")}, "timeout must be a positive number"),
        ({"timeout": float("nan")}, "timeout must be a positive number"),
        ({"timeout": 0}, "timeout must be a positive number"),
        ({"timeout": 3601}, "at most 3600"),
        ({"title": 1}, "title must be a string"),
        ({"course": ["a"]}, "course must be a string"),
        ({"date": {"y": 1}}, "date must be a string"),
        ({"title": "x" * (MAX_LINE + 1)}, f"title is {MAX_LINE + 1} characters long: at most {MAX_LINE}"),
        ({"course": "x" * 900_000}, "course is 900000 characters long"),
    ],
)
def test_each_key_of_the_sheet_has_a_strict_type(keys: dict, message: str) -> None:
    with pytest.raises(WorksheetError, match=re.escape(message)):
        read_spec(spec(**keys))


def test_the_types_it_takes() -> None:
    read = read_spec(spec(integrate=True, timeout=5, title="t" * MAX_LINE, date=datetime.date(2026, 11, 25)))
    assert (read.integrate, read.timeout, len(read.title), read.date) == (True, 5.0, MAX_LINE, "2026-11-25")
    toml = read_spec('date = 2026-11-25\n[[problem]]\nmodel = "exponential"\n')  # a TOML date
    assert toml.date == "2026-11-25"


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ({"model": "binomial", "known": {"m": True}}, "known 'm': the value must be a finite number or a formula"),
        ({"model": "binomial", "known": {"m": [10]}}, "known 'm': the value must be"),
        ({"model": "binomial", "known": {"m": float("inf")}}, "known 'm': the value must be"),
        ({"model": "binomial", "known": 10}, "known must be a table"),
        ({"model": "exponential", "functions": {"mean": 1}}, "functions mean: the expression must be a formula"),
        ({"model": "exponential", "functions": ["mean"]}, "functions must be a table"),
        ({"model": "exponential", "ask": [1]}, "ask must be a list of strings"),
        ({"density": 1, "params": ["a"]}, "density must be a string"),
        ({"density": "a*exp(-a*x)", "params": [1]}, "params must be a list of strings"),
        ({"density": "a*exp(-a*x)", "params": ["a"], "support": 0}, "support must be a string"),
        ({"model": "linear-regression", "response": ["y"]}, "response must be a string"),
    ],
)
def test_each_key_of_a_problem_has_a_strict_type(keys: dict, message: str) -> None:
    with pytest.raises(WorksheetError, match=re.escape(message)):
        read_spec(problem(**keys))


def test_known_values_are_numbers_or_formulas() -> None:
    for value, text in ((10, "10"), (2.5, "2.5"), ("10", "10")):
        assert read_spec(problem(model="binomial", known={"m": value})).problems[0].model.known == (("m", text),)


# ---------------------------------------------------------------------------------------------
# the one rule of names, under the key each name is given in

HOSTILE_NAMES = ["x}\\input{SECRET}\\mathrm{", "1", "a b", "a-b", "_a", "a_", "a__b", "λ", "x" * 65, ""]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
@pytest.mark.parametrize(
    ("key", "keys"),
    [
        ("functions", lambda n: {"model": "exponential", "functions": {n: "1/lambda"}}),
        ("params", lambda n: {"density": "a*exp(-a*x)", "params": [n]}),
        ("params", lambda n: {"density": "a*exp(-a*x)", "params": [n + ":positive"]}),
        ("var", lambda n: {"density": "a*exp(-a*x)", "params": ["a"], "var": n}),
        ("response", lambda n: {"model": "linear-regression", "response": n}),
        ("covariates", lambda n: {"model": "linear-regression", "covariates": ["x", n]}),
        ("known", lambda n: {"model": "binomial", "known": {n: 10}}),
        ("known", lambda n: {"model": "binomial", "known": [n]}),
    ],
)
def test_every_name_is_checked_under_its_key(name: str, key: str, keys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(WorksheetError, match=rf"problem 1: {key}: .*(not a valid name|longer than 64)"):
        read_spec(problem(**keys(name)))


def test_a_name_of_64_characters_is_a_name() -> None:
    name = "b" * 64
    read = read_spec(problem(density=f"{name}*exp(-{name}*x)", params=[name], functions={"m" * 64: f"1/{name}"}))
    assert read.problems[0].model.params == (name,)


# ---------------------------------------------------------------------------------------------
# any text compiles, prints as typed and runs nothing

SECRET = "THE-SECRET-CONTENTS"
# TeX that would read a file, write one, loop, end the document, or change what characters mean
HOSTILE_TEX = [
    "\\input{secret}",
    "\\input secret ",
    "}\\input{secret}{",
    "$$\\input{secret}$$",
    "\\immediate\\openout1=PWNED\\immediate\\write1{x}\\immediate\\closeout1",
    "\\loop\\iftrue\\repeat",
    "\\def\\x{\\x}\\x",
    "^^5cinput{secret}",
    "\\catcode`\\@=0 @input{secret}",
    "\\csname input\\endcsname{secret}",
    "\\end{document}",
    "\\begin{verbatim}",
    "\\\\",
    "% comment",
    "#1 & ~ _ ^ { }",
    "\\par\n\n\\par",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "<!-- c -->",
    "\n# injected\n===\n- item\n",
    "x²² √ ̄ A < B > C -- !` ?`",
]
# where odd characters live: scripts, combining marks, Greek and math, CJK, emoji, controls,
# bidi marks and separators, spaces, Hebrew and Arabic, private use, noncharacters
BLOCKS = [
    (0x2070, 0x209F),
    (0x0300, 0x036F),
    (0x0370, 0x03FF),
    (0x2200, 0x22FF),
    (0x2190, 0x21FF),
    (0x4E00, 0x9FFF),
    (0x1F300, 0x1FAFF),
    (0x0000, 0x001F),
    (0x007F, 0x009F),
    (0x200B, 0x206F),
    (0x2000, 0x200A),
    (0x0590, 0x06FF),
    (0x00A0, 0x017F),
    (0xE000, 0xE0FF),
    (0xFFF0, 0xFFFF),
]


def random_text(rng: random.Random, length: int) -> str:
    out = []
    while sum(map(len, out)) < length:
        if rng.random() < 0.3:
            out.append(rng.choice(HOSTILE_TEX))
        else:
            low, high = rng.choice(BLOCKS)
            out.append("".join(chr(rng.randint(low, high)) for _ in range(rng.randint(1, 12))))
        out.append(rng.choice(["", " "]))
    return "".join(out)[:length]


def random_sheet(seed: int) -> dict:
    rng = random.Random(seed)
    return spec(title=random_text(rng, MAX_LINE), course=random_text(rng, MAX_LINE), date=random_text(rng, 300))


@requires_pdflatex
@pytest.mark.latex
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_sheet_of_random_text_compiles_and_runs_none_of_it(seed: int, tmp_path: Path) -> None:
    """Title, course and date of random Unicode and hostile TeX: pdflatex compiles the sheet (in
    the folder holding the secret file) without an error, reads no file, writes none, and prints
    the commands as text."""
    (tmp_path / "secret.tex").write_text(SECRET + "\n")
    result = compile_latex(symle.worksheet(random_sheet(seed)), tmp_path)
    assert result.errors == [] and result.ok and result.pdf is not None
    text = subprocess.run(["pdftotext", str(result.pdf), "-"], capture_output=True, text=True).stdout
    assert SECRET not in text
    assert "input" in text
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("PWNED")] == []


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_markdown_sheet_of_random_text_keeps_its_header_lines(seed: int) -> None:
    """The title is one heading line and the course and date one emphasised line; nothing in them
    is Markdown syntax (no HTML, no link, no code, no new heading)."""
    lines = symle.worksheet(random_sheet(seed), format="markdown").split("\n")
    title, course = lines[0], lines[2]
    assert title.startswith("# ") and course.startswith("*") and course.endswith("*")
    assert lines[1] == lines[3] == "" and lines[4] == "## Problem 1"
    for line in (title, course):
        assert re.search(r"(?<!\\)[<\[`]", line) is None, line


def test_the_marker_comment_of_a_density_typed_over_lines_is_one_line() -> None:
    """A line break in a typed density would end the % comment that names the problem, and set the
    rest of the density as TeX."""
    sheet = symle.worksheet(problem(density="lambda*exp(-lambda*x)*1\n^1", params=["lambda"], support="x > 0"))
    marker = next(line for line in sheet.splitlines() if line.startswith("% symle: problem 1"))
    assert marker == "% symle: problem 1 (lambda*exp(-lambda*x)*1 ^1)"
    assert "\n^1" not in sheet


def test_a_problem_named_in_an_error_is_named_on_one_line() -> None:
    with pytest.raises(WorksheetError) as error:
        symle.worksheet(problem(density="a*exp(-a*x)\n*b", params=["a"]))
    assert "\n" not in str(error.value) and "problem 1 (a*exp(-a*x) *b)" in str(error.value)
