"""symle's command line given names and text that are TeX or Markdown: every name a person gives is
an identifier or refused in one line; every text is escaped, so the LaTeX written compiles (or the
command fails in one line) and runs nothing, and the Markdown makes no syntax of it. Each probe is
a fresh process, as a user runs it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from adversary import assert_user_error, run_here
from latex import compile_latex, requires_pdflatex

needs_tex = pytest.mark.skipif(
    not shutil.which("pdflatex") or not shutil.which("pdftotext"), reason="needs pdflatex and pdftotext"
)


def write(folder: Path, text: str) -> str:
    (folder / "spec.toml").write_text(text, encoding="utf-8")
    return "spec.toml"


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


# ---------------------------------------------------------------------------------------------
# names


@pytest.mark.parametrize(
    ("key", "pdf"),
    [
        (r'"x}\\input{SECRET}\\mathrm{"', False),  # wrote \input{SECRET} into the .tex
        (r'"x}\\loop\\iftrue\\repeat\\mathrm{"', True),  # ran pdflatex until its time limit
        ("1", False),  # a bare integer key: the TOML key "1"
    ],
)
def test_a_function_name_that_is_not_a_name_is_refused(tmp_path: Path, key: str, pdf: bool) -> None:
    (tmp_path / "SECRET.tex").write_text("THE-SECRET\n")
    spec = write(tmp_path, f'[[problem]]\nmodel = "exponential"\nfunctions = {{ {key} = "1/lambda" }}\n')
    done, seconds = run_here("worksheet", spec, "-o", "sheet.tex", *(["--pdf"] if pdf else []), cwd=tmp_path)
    assert_user_error(done, "problem 1: functions:", "is not a valid name")
    assert not (tmp_path / "sheet.tex").exists() and seconds < 30


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("exponential", "--function", "x}\\input{S}\\mathrm{=1/lambda"), ("--function", "not a valid name")),
        (("exponential", "--function", "1=1/lambda"), ("--function", "'1' is not a valid name")),
        (("a*exp(-a*x)", "--params", "a" * 65), ("--params", "longer than 64 characters")),
        (("a*exp(-a*x)", "--params", "a", "--var", "x" * 3000), ("--var", "longer than 64 characters")),
        (("linear-regression", "--covariates", "x,a}b"), ("--covariates", "not a valid name")),
        (("binomial", "--known", "m_=10"), ("--known", "not a valid name")),
    ],
)
def test_derive_refuses_what_is_not_a_name(args: tuple[str, ...], words: tuple[str, ...]) -> None:
    done, _ = run_here("derive", *args, "--format", "latex")
    assert_user_error(done, *words)


@pytest.mark.latex
@requires_pdflatex
def test_a_name_of_64_characters_compiles(tmp_path: Path) -> None:
    """The longest name (3000 characters gave "Dimension too large"), as a parameter and a function."""
    name = "b" * 64
    args = (f"{name}*exp(-{name}*x)", "--params", name, "--support", "x > 0", "--function", f"{'m' * 64}=1/{name}")
    done, _ = run_here("derive", *args, "--format", "latex", "--standalone", "--timeout", "60")
    assert done.returncode == 0, done.stderr
    result = compile_latex(done.stdout, tmp_path)
    assert result.errors == [] and result.ok


def test_a_homework_label_prints_no_terminal_control(tmp_path: Path) -> None:
    """A step's label as written is printed back when its parameter is unknown: an escape sequence,
    a bell or a bidi override in it is shown escaped, never sent to the terminal."""
    (tmp_path / "hw.txt").write_text(
        "model: exponential\nscore \x1b[31mRED\x1b[0m\u202e: n/lambda - sum x_i\nmle \x07lambda: 1/xbar\n",
        encoding="utf-8",
    )
    done, _ = run_here("check", "hw.txt", cwd=tmp_path)
    assert done.returncode != 0 and "unreadable" in done.stdout
    assert not {"\x1b", "\x07", "\u202e"} & set(done.stdout)
    assert "score \\x1b[31mRED\\x1b[0m\\u202e" in done.stdout and "mle \\x07lambda" in done.stdout


# ---------------------------------------------------------------------------------------------
# text in a worksheet that compiles


@pytest.mark.latex
@needs_tex
def test_text_that_made_tex_fail_or_misprint_now_compiles_and_prints_as_typed(tmp_path: Path) -> None:
    """√ (no such character in OT1), x²² (a double superscript), a lone combining accent ($$),
    A < B > C (A¡B¿C in OT1), a parameter called omicron (\\omicron is undefined), a density typed
    over two lines (its second line left the % comment): the PDF builds and reads as typed."""
    spec = write(
        tmp_path,
        'title = "Root √2 and x²² for A < B > C"\n'
        'course = "Statistics \u0304 2 -- ?`"\n'
        'date = "2026-11-25 \u202e\u200b"\n'
        '[[problem]]\ndensity = "omicron*exp(-omicron*x)"\nparams = ["omicron"]\nsupport = "x > 0"\n'
        '[[problem]]\ndensity = """lambda*exp(-lambda*x)*1\n^1"""\nparams = ["lambda"]\nsupport = "x > 0"\n',
    )
    done, _ = run_here("worksheet", spec, "-o", "sheet.tex", "--pdf", "--solutions", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "% symle: problem 2 (lambda*exp(-lambda*x)*1 ^1)" in (tmp_path / "sheet.tex").read_text()
    text = " ".join(pdf_text(tmp_path / "sheet.pdf").split())
    assert "A < B > C" in text and "¡" not in text and "¿" not in text
    assert "Statistics 2 -- ?" in text  # two hyphens, not an en dash; ?` not ¿ (` prints as ‘ in OT1)
    assert "√" in text and "x22" in text  # x²² is x to the 22nd, raised
    assert "omicron" not in text


# ---------------------------------------------------------------------------------------------
# Markdown


def test_markdown_worksheets_escape_title_course_and_date(tmp_path: Path) -> None:
    spec = write(
        tmp_path,
        'title = "<script>alert(1)</script> $$\\\\input{x}$$ [x](javascript:alert(1)) <!-- c -->"\n'
        'course = """a\n# injected\n===\n- item"""\n'
        'date = "[x](http://e.com) *b* `c`"\n'
        '[[problem]]\nmodel = "exponential"\nask = ["mle"]\n',
    )
    done, _ = run_here("worksheet", spec, "-o", "sheet.md", "--format", "markdown", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = (tmp_path / "sheet.md").read_text(encoding="utf-8").split("\n")
    assert lines[0] == (r"# \<script\>alert(1)\</script\> \$\$\\input\{x\}\$\$ \[x\](javascript:alert(1)) \<!-- c --\>")
    assert lines[1:5] == ["", r"*a \# injected === - item, \[x\](http://e.com) \*b\* \`c\`*", "", "## Problem 1"]


# ---------------------------------------------------------------------------------------------
# strict types and sizes


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('integrate = "false"', ("integrate must be true or false",)),  # bool("false") is True
        ("timeout = true", ("timeout must be a positive number",)),
        ("timeout = nan", ("timeout must be a positive number",)),
        ("title = 3", ("title must be a string",)),
    ],
)
def test_worksheet_keys_have_strict_types(tmp_path: Path, text: str, words: tuple[str, ...]) -> None:
    spec = write(tmp_path, text + '\n[[problem]]\nmodel = "exponential"\n')
    done, _ = run_here("worksheet", spec, "-o", "sheet.tex", cwd=tmp_path)
    assert_user_error(done, *words)


@pytest.mark.parametrize("size", [30_000, 900_000])
def test_a_huge_title_is_refused_at_once(tmp_path: Path, size: int) -> None:
    """A 30 kB title took 18 s to escape and a 900 kB one did not finish in 240 s: now any title
    over 1000 characters is refused before any work."""
    spec = write(tmp_path, f'title = "{"a" * size}"\n[[problem]]\nmodel = "exponential"\n')
    done, seconds = run_here("worksheet", spec, "-o", "sheet.tex", cwd=tmp_path)
    assert_user_error(done, f"title is {size} characters long: at most 1000")
    assert seconds < 20
