"""What symle echoes of a user's text, tried with hostile text: file names, homework labels and answers,
data lines, column names, formulas and options holding terminal escape sequences (ESC, the C1 CSI
byte), BEL, backspace, carriage returns, newlines that would forge a report line, bidi overrides, line
separators and bytes that are not UTF-8. Whatever the input, every report and error line is one line,
with no control character a terminal acts on, and the output is valid UTF-8 (JSON: valid JSON)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from adversary import ENV, assert_user_error

from symle.echo import LINE_CHARS

POISSON = (Path(__file__).parents[1] / "homework" / "poisson.txt").read_text()
POISSON_STEPS = 6
NAMES = {  # a file name, and how the report shows it
    "\x1b[31mred\x1b[0m.txt": "\\x1b[31mred\\x1b[0m.txt",
    "a\nforged.txt (normal): 8 of 8 steps correct\nb.txt": "a\\nforged.txt (normal): 8 of 8 steps correct\\nb.txt",
    "bel\x07 bs\x08 cr\r.txt": "bel\\x07 bs\\x08 cr\\r.txt",
    "c1\x9b31m nel\x85.txt": "c1\\x9b31m nel\\x85.txt",
    "rtl\u202etxt.exe.txt": "rtl\\u202etxt.exe.txt",
    "line\u2028separator.txt": "line\\u2028separator.txt",
    "title\x1b]0;pwned\x07.txt": "title\\x1b]0;pwned\\x07.txt",
}
UNDECODABLE = b"x\xff\xfe.txt"  # not UTF-8: shown as \xff\xfe, in the text report and in the JSON
UNSAFE = ("Cc", "Cf", "Cs", "Zl", "Zp")


def run_symle(*args: str | bytes, cwd: Path | None = None, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """adversary.run, but the output is decoded here, as strict UTF-8 and with no newline translation
    (text mode would turn a stray carriage return into a line end and hide it)."""
    done = subprocess.run(
        [sys.executable, "-m", "symle", *args],
        capture_output=True,
        cwd=cwd,
        env={**ENV, **(env or {})},
        timeout=120,
    )
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")  # raises if not valid UTF-8
    return subprocess.CompletedProcess(done.args, done.returncode, out, err)


def assert_clean(text: str) -> None:
    """No control character but the line end, no bidi or other format character, no line separator."""
    bad = [c for c in text if c != "\n" and unicodedata.category(c) in UNSAFE]
    assert bad == [], (bad, text)


def a_class(tmp_path: Path) -> Path:
    """A folder of correct Poisson homework, one file under each hostile name."""
    folder = tmp_path / "class"
    folder.mkdir()
    for name in NAMES:
        (folder / name).write_text(POISSON)
    with open(os.fsencode(folder) + b"/" + UNDECODABLE, "wb") as handle:
        handle.write(POISSON.encode())
    return folder


def test_a_batch_report_shows_each_hostile_file_name_on_its_own_line(tmp_path: Path) -> None:
    a_class(tmp_path)
    done = run_symle("check", "class", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert_clean(done.stdout + done.stderr)
    reports, _, summary = done.stdout.partition("class summary: ")
    assert summary.startswith(f"{len(NAMES) + 1} submissions (0 unusable)")
    lines = reports.splitlines()
    headers = [line for line in lines if not line.startswith(" ")]
    notes = [line for line in lines if line.startswith("  note: not shown:")]  # (one a file: no second-order step)
    assert len(notes) == len(headers)
    assert len(headers) == len(NAMES) + 1 and len(lines) == len(headers) * (2 + POISSON_STEPS)
    assert all(line.endswith(f"(poisson): {POISSON_STEPS} of {POISSON_STEPS} steps correct") for line in headers)
    assert sorted(headers) == sorted(
        f"class/{shown} (poisson): {POISSON_STEPS} of {POISSON_STEPS} steps correct"
        for shown in [*NAMES.values(), "x\\xff\\xfe.txt"]
    )


@pytest.mark.parametrize("encoding", [None, "utf-8:strict"])
def test_a_batch_json_report_is_strict_utf8_json_whatever_the_names(tmp_path: Path, encoding: str | None) -> None:
    """JSON holds a name as it is (JSON escapes its control characters); bytes that are not UTF-8,
    which no JSON string can hold, are written as the text \\xff, as the text report shows them."""
    a_class(tmp_path)
    done = run_symle("check", "class", "--format", "json", cwd=tmp_path, env={"PYTHONIOENCODING": encoding or ""})
    assert done.returncode == 0, done.stderr
    assert_clean(done.stdout.replace("\n", ""))
    records = [json.loads(line) for line in done.stdout.split("\n") if line]
    assert sorted(r["file"] for r in records) == sorted([*(f"class/{n}" for n in NAMES), "class/x\\xff\\xfe.txt"])
    assert all(r["ok"] and len(r["steps"]) == POISSON_STEPS for r in records)


HOSTILE_HOMEWORK = [  # (line, text); the report names each step by the line an editor shows
    (1, "model: poisson"),
    (2, "likelihood: \\prod_{i=1}^n \\frac{\\lambda^{x_i} e^{-\\lambda}}{x_i!}\x1b[31m"),
    (3, "score \x1b[31mlam\x07bda\x08: \\frac{1}{\\lambda}\\sum_{i=1}^n x_i - n = 0"),
    (4, "mle lambda\u202e: \\hat\\lambda = \\bar{x}"),
    (5, "mle lambda: \\hat\\lambda = \\bar{x}\u2028score lambda: 0"),
    (6, "mle lambda: \\hat\\lambda = \\bar{x}\x9b31m"),
    (7, "fisher: \\frac{n}{\\lambda}\r"),
    (8, "variance lambda: \\frac{\\lambda}{n}\x0c"),
    (9, "mle lambda: \\hat\\lambda = \\bar{x}\x1b]0;pwned\x07"),
]


def test_hostile_labels_and_answers_are_escaped_in_the_report(tmp_path: Path) -> None:
    (tmp_path / "hw.txt").write_text("\n".join(text for _, text in HOSTILE_HOMEWORK) + "\n", newline="")
    done = run_symle("check", "hw.txt", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert_clean(done.stdout + done.stderr)
    lines = done.stdout.splitlines()
    assert [line for line in lines if not line.startswith(" ")] == [lines[0]]  # one header, no forged one
    steps = [line.split()[1] for line in lines if line.startswith("  line ")]
    assert steps == [str(number) for number, _ in HOSTILE_HOMEWORK[1:]]  # U+2028 and \f end no line
    assert "score \\x1b[31mlam\\x07bda\\x08" in done.stdout and "mle lambda\\u202e" in done.stdout

    done = run_symle("check", "hw.txt", "--format", "json", cwd=tmp_path)
    assert_clean(done.stdout.replace("\n", ""))
    labels = [step["label"] for step in json.loads(done.stdout)["steps"]]
    assert labels[1:3] == ["score \x1b[31mlam\x07bda\x08", "mle lambda\u202e"]  # JSON keeps them exactly


@pytest.mark.parametrize(
    ("files", "args", "shown"),
    [
        ({}, ["check", "missing\x1b[31m\n.txt"], "missing\\x1b[31m\\n.txt: no such file"),
        ({"bad\x1b]0;pwned\x07.txt": b"\xff\xfe"}, ["check", "bad\x1b]0;pwned\x07.txt"], "bad\\x1b]0;pwned\\x07.txt"),
        ({"hw\x1b.txt": b"\xff\xfe"}, ["check", "."], "hw\\x1b.txt: hw\\x1b.txt is not"),  # a batch's error line
        ({"hw.txt": b"model: normal\nknown: m\x1bu\nmle mu: 1\n"}, ["check", "hw.txt"], "'m\\x1bu'"),
        (
            {"d\x1b[31m.txt": b"1\n2\nabc\x1b[31m\n"},
            ["fit", "exponential", "d\x1b[31m.txt"],
            "d\\x1b[31m.txt line 3: 'abc\\x1b[31m' is not a number",
        ),
        (
            {"d.txt": "1\n2\n\u202e3\n".encode()},
            ["fit", "exponential", "d.txt"],
            "d.txt line 3: '\\u202e3' is not a number",
        ),
        ({"c.csv": b"a,b\n1,2\n"}, ["fit", "exponential", "c.csv", "--column", "x\x1b[31m\ny"], "'x\\x1b[31m\\ny'"),
        (
            {"c.csv": "\u202e\x1b[31m,b\n1,2\n".encode()},
            ["fit", "exponential", "c.csv", "--column", "q"],
            "the columns are '\\u202e\\x1b[31m', 'b'",
        ),
        ({}, ["fit", "exponential", b"nope\xff\x1b.txt"], "nope\\xff\\x1b.txt: no such file"),
        ({}, ["derive", "normal", "--known", "mu=1\x1b[31m"], "'\\x1b'"),
        ({}, ["derive", "normal", "--known", "sigma2=-1\x0b+0"], "sigma2=-1\\x0b+0"),
        ({}, ["derive", "a*exp(-a*x)", "--params", "a:\x1b[31m", "--support", "x>0"], "--params a:\\x1b[31m"),
        ({}, ["worksheet", "sp\x1b[31m.toml", "-o", "x.tex"], "sp\\x1b[31m.toml: no such file"),
        ({}, ["derive", "normal", "-o", "no\u202edir/x.tex"], "no\\u202edir"),
        ({}, ["families", "--\x1b[31m"], "--\\x1b[31m"),
    ],
)
def test_error_lines_escape_what_they_echo(
    files: dict[str, bytes], args: list[str | bytes], shown: str, tmp_path: Path
) -> None:
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    done = run_symle(*args, cwd=tmp_path)
    assert_user_error(done, shown)
    assert_clean(done.stderr)


@pytest.mark.parametrize(
    ("formula", "name"),
    [("a*exp(-a*x)\u2028\x1c\x0b\x0c\r", "a*exp(-a*x)"), ("a*exp(\n-a*x)", "a*exp( -a*x)")],
)
def test_a_typed_density_is_named_on_one_line(formula: str, name: str, tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_text("1\n2\n3\n")
    done = run_symle("fit", formula, "--params", "a", "--support", "x > 0", "d.txt", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert_clean(done.stdout)
    lines = done.stdout.splitlines()
    assert lines[0] == f"{name}: maximum-likelihood fit" and "n = 3   log-likelihood" in lines[-1]


def test_a_huge_echo_is_cut_to_a_readable_line(tmp_path: Path) -> None:
    (tmp_path / "wide.csv").write_text(",".join(f"column{k:05d}" for k in range(20_000)) + "\n" + "1," * 19_999 + "1\n")
    (tmp_path / "long.txt").write_text("1\n" + "9" * 1_000_000 + "x\n")
    done = run_symle("fit", "exponential", "wide.csv", "--column", "q" * 100_000, cwd=tmp_path)
    assert_user_error(done, "wide.csv: no column 'qqq", "…")
    assert len(done.stderr) <= len("symle: error: \n") + LINE_CHARS
    done = run_symle("fit", "exponential", "long.txt", cwd=tmp_path)
    assert_user_error(done, "long.txt line 2: '9999", "9x' is not a number")
    assert len(done.stderr) < 100
