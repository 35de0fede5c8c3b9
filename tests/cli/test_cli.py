"""The command line as a user runs it: `symle derive|fit|families`, output formats, exit codes,
and user errors as exactly one line on stderr with exit status 2 (never a traceback).

Each case runs `symle.cli.main(argv)` in this process, as the console script and `python -m symle`
call it, with pytest capturing stdout and stderr (a fresh interpreter costs a second a case);
tests/cli/test_fresh_process.py runs representative cases in a real process."""

from __future__ import annotations

import io
import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import symle
from symle.cli import main

CATALOGUE = [
    "bernoulli", "binomial", "geometric", "poisson", "negative-binomial", "exponential", "normal",
    "lognormal", "gamma", "beta", "weibull", "rayleigh", "half-normal", "inverse-gaussian", "uniform",
    "pareto", "shifted-exponential", "laplace", "cauchy", "logistic", "gumbel",
    "linear-regression", "regression-through-origin", "poisson-regression", "logistic-regression",
]  # fmt: skip


@dataclass(frozen=True)
class Result:
    """What a run of the command line gave: its exit status and what it wrote."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """run(*argv, stdin=None): main(argv) in this process; its exit status is what `python -m symle`
    would exit with (the value main returns, or the code of the SystemExit argparse raises)."""

    def call(*args: str, stdin: str | None = None) -> Result:
        capsys.readouterr()  # only what this run writes
        if stdin is not None:  # a real stdin: text over a byte buffer
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8"))
        try:
            status = main(list(args))
        except SystemExit as exc:
            status = exc.code
        out, err = capsys.readouterr()
        assert isinstance(status, int), status
        return Result(status, out, err)

    return call


def ok(result: Result) -> str:
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr[-2000:]}"
    assert "Traceback" not in result.stderr
    return result.stdout


def user_error(result: Result, pattern: str | None = None) -> str:
    """Exit status 2, exactly one non-empty stderr line, no traceback, nothing on stdout; returns the line."""
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == 2, f"exit {result.returncode}: {result.stderr[-2000:]}"
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert result.stdout == ""
    line = lines[0]
    assert line.startswith("symle: error: ")
    assert len(line) > len("symle: error: ")
    if pattern is not None:
        assert re.search(pattern, line), f"{pattern!r} not found in {line!r}"
    return line


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("data")
    files = {
        "exp.txt": "1.2\n0.5\n2.0\n0.7\n",
        "data.csv": "x,y\n1,2.5\n2,3.1\n3,1.9\n4,2.2\n",
        "text.txt": "1\nabc\n2\n",
        "nan.txt": "1\nnan\n2\n",
        "inf.txt": "1\ninf\n2\n",
        "empty.txt": "",
        "blank.txt": "\n\n  \n",
        "negative.txt": "1\n-2\n3\n",
        "half.txt": "1\n0.5\n3\n",
        "same.txt": "2\n2\n2\n",
        "counts.txt": "0\n1\n3\n2\n",
    }
    for name, text in files.items():
        (path / name).write_text(text)
    return path


# ---------------------------------------------------------------------------------------- version, families


def test_version(run) -> None:
    out = ok(run("--version"))
    assert out.strip() == f"symle {symle.__version__}"
    assert re.fullmatch(r"symle \d+\.\d+\.\d+\S*", out.strip())


@pytest.fixture
def families_json(run) -> list[dict[str, object]]:
    return json.loads(ok(run("families", "--format", "json")))


@pytest.fixture
def families_text(run) -> str:
    return ok(run("families"))


def test_families_lists_the_catalogue(families_text: str) -> None:
    names = [line.split()[0] for line in families_text.splitlines() if line.strip() and not line.startswith(" ")]
    assert names == CATALOGUE


def test_families_json(families_json: list[dict[str, object]]) -> None:
    assert isinstance(families_json, list)
    assert [row["name"] for row in families_json] == CATALOGUE
    for row in families_json:
        assert {"name", "parameters", "support", "methods"} <= set(row)
        assert isinstance(row["parameters"], list) and row["parameters"]
        assert all(isinstance(p, str) for p in row["parameters"])
        assert isinstance(row["support"], str) and row["support"]
        assert isinstance(row["methods"], dict)
        assert set(row["methods"]) == set(row["parameters"]), row
    rows = {row["name"]: row for row in families_json}
    assert rows["normal"]["parameters"] == ["mu", "sigma2"]
    assert rows["exponential"]["parameters"] == ["lambda"]
    assert rows["exponential"]["methods"] == {"lambda": "closed-form"}
    assert rows["binomial"]["parameters"] == ["p"]


# ---------------------------------------------------------------------------------------- derive


def test_derive_normal_json(run) -> None:
    d = json.loads(ok(run("derive", "normal", "--format", "json")))
    assert d["model"] == "normal"
    assert d["parameters"] == ["mu", "sigma2"]
    assert isinstance(d["loglik"], str) and isinstance(d["score"], dict)
    assert isinstance(d["steps"], list) and d["steps"]
    assert isinstance(d["warnings"], list)
    estimators = d["estimators"]
    assert isinstance(estimators, dict)
    assert estimators["mu"]["closed_form"] is True
    assert estimators["mu"]["expression"] == "Sum(x[i], (i, 1, n))/n"
    assert estimators["sigma2"]["closed_form"] is True
    assert symle.parse_expression(estimators["sigma2"]["expression"]) is not None
    for step in d["steps"]:
        assert all(isinstance(step[k], str) for k in ("title", "text", "latex"))


@pytest.mark.parametrize("fmt", ["text", "latex", "markdown"])
def test_derive_normal_other_formats(run, fmt: str) -> None:
    out = ok(run("derive", "normal", "--format", fmt))
    assert out.strip()
    if fmt == "latex":
        assert "\\" in out
        assert "\\documentclass" not in out
    if fmt == "text":
        assert "mu" in out or "μ" in out


def test_derive_default_format_is_text(run) -> None:
    assert ok(run("derive", "exponential")).strip()


def test_derive_latex_standalone_to_file(run, tmp_path: Path) -> None:
    target = tmp_path / "normal.tex"
    result = run("derive", "normal", "--format", "latex", "--standalone", "-o", str(target))
    out = ok(result)
    assert out == ""
    text = target.read_text(encoding="utf-8")
    assert "\\documentclass" in text
    assert "\\begin{document}" in text
    assert text.rstrip().endswith("\\end{document}")


def test_derive_to_unwritable_file_is_a_user_error(run, tmp_path: Path) -> None:
    user_error(run("derive", "normal", "-o", str(tmp_path / "no" / "such" / "dir" / "out.txt")), "cannot write")


def test_derive_typed_density(run) -> None:
    result = run(
        "derive",
        "lambda*exp(-lambda*x)",
        "--var",
        "x",
        "--params",
        "lambda",
        "--support",
        "x > 0",
        "--format",
        "json",
    )
    d = json.loads(ok(result))
    assert d["parameters"] == ["lambda"]
    assert d["estimators"]["lambda"]["closed_form"] is True
    assert d["estimators"]["lambda"]["expression"] == "n/Sum(x[i], (i, 1, n))"
    assert d["warnings"] == []


def test_derive_typed_density_without_normalise_check_warns(run) -> None:
    result = run(
        "derive",
        "2*lambda*exp(-lambda*x)",
        "--params",
        "lambda",
        "--support",
        "x > 0",
        "--no-normalise-check",
        "--format",
        "json",
    )
    d = json.loads(ok(result))
    assert d["estimators"]["lambda"]["closed_form"] is True
    assert any("--no-normalise-check" in w or "integrates" in w for w in d["warnings"]), d["warnings"]


# ---------------------------------------------------------------------------------------- fit


@pytest.fixture
def exponential_fit(run, data_dir: Path) -> dict[str, object]:
    return json.loads(ok(run("fit", "exponential", str(data_dir / "exp.txt"), "--format", "json")))


def test_fit_exponential_json(exponential_fit: dict[str, object]) -> None:
    d = exponential_fit
    assert set(d) >= {"model", "n", "estimates", "method", "loglik", "warnings"}
    assert d["model"] == "exponential"
    assert d["n"] == 4 and isinstance(d["n"], int)
    assert d["estimates"]["lambda"] == pytest.approx(4 / 4.4)
    assert d["method"] == {"lambda": "closed-form"}
    assert isinstance(d["loglik"], float)
    # log L = n log lambda - lambda sum x
    assert d["loglik"] == pytest.approx(4 * math.log(4 / 4.4) - 4)
    assert d["warnings"] == []


def test_fit_from_stdin(run, exponential_fit: dict[str, object]) -> None:
    d = json.loads(ok(run("fit", "exponential", "-", "--format", "json", stdin="1.2\n0.5\n2.0\n0.7\n")))
    assert d["n"] == 4
    assert d["estimates"] == exponential_fit["estimates"]


def test_fit_csv_column(run, data_dir: Path) -> None:
    d = json.loads(ok(run("fit", "normal", str(data_dir / "data.csv"), "--column", "y", "--format", "json")))
    assert d["n"] == 4
    assert d["estimates"]["mu"] == pytest.approx(2.425)
    assert d["estimates"]["sigma2"] == pytest.approx(0.196875)


def test_fit_text_output(run, data_dir: Path) -> None:
    out = ok(run("fit", "normal", str(data_dir / "data.csv"), "--column", "y"))
    assert "n = 4" in out
    row = next(line.split() for line in out.splitlines() if line.split()[:1] == ["mu"])
    assert row[1] == "2.425" and row[-2:] == ["closed", "form"]


def test_fit_poisson_counts(run, data_dir: Path) -> None:
    d = json.loads(ok(run("fit", "poisson", str(data_dir / "counts.txt"), "--format", "json")))
    assert d["estimates"]["lambda"] == pytest.approx(1.5)


# ---------------------------------------------------------------------------------------- user errors


def test_unknown_family(run) -> None:
    user_error(run("derive", "nosuchfamily"), r"unknown family 'nosuchfamily'")


def test_formula_that_does_not_parse(run) -> None:
    user_error(run("derive", "lambda*exp(-lambda*", "--params", "lambda"), r"column 20")


def test_parameter_not_in_the_density(run) -> None:
    user_error(run("derive", "exp(-x)", "--params", "theta"), r"'theta' does not occur in the density")


def test_eval_injection_is_refused(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # In tmp_path, and with the derivation in this very process (not in the worker, forked earlier in
    # another folder), so that anything the text managed to run would leave its file here.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SYMLE_IN_PROCESS", "1")
    user_error(run("derive", "__import__('os').getcwd()", "--params", "a"), r"'__import__'")
    user_error(run("derive", "os.system('touch PWNED')", "--params", "a"), r"column")
    user_error(run("derive", "__import__('os').system('touch PWNED')*a*x", "--params", "a"))
    support = "x > __import__('os').system('touch PWNED')"
    user_error(run("derive", "a*x", "--params", "a", "--support", support), r"support")
    user_error(run("derive", "binomial", "--known", "m=__import__('os').system('touch PWNED')"))
    assert not (tmp_path / "PWNED").exists()
    assert list(tmp_path.iterdir()) == []


def test_exponent_tower_is_refused_quickly(run) -> None:
    import time

    start = time.monotonic()
    user_error(run("derive", "9**9**9**9*a*x", "--params", "a"), r"exponent tower")
    assert time.monotonic() - start < 30  # no computation of 9**9**9**9


def test_density_negative_on_its_support(run) -> None:
    user_error(run("derive", "a*(x - 1)", "--params", "a", "--support", "0 < x < 1"), r"negative")


def test_density_that_does_not_integrate_to_one(run) -> None:
    user_error(
        run("derive", "2*lambda*exp(-lambda*x)", "--params", "lambda", "--support", "x > 0"),
        r"integrates to 2, not 1",
    )


@pytest.mark.parametrize(
    ("file", "pattern"),
    [
        ("text.txt", r"line 2: 'abc' is not a number"),
        ("nan.txt", r"line 2: 'nan' is not a finite number"),
        ("inf.txt", r"line 2: 'inf' is not a finite number"),
        ("empty.txt", r"no observations"),
        ("blank.txt", r"no observations"),
        ("negative.txt", r"line 2: -2 is outside the support"),
        ("nosuchfile.txt", r"no such file"),
    ],
)
def test_bad_data_for_exponential(run, data_dir: Path, file: str, pattern: str) -> None:
    user_error(run("fit", "exponential", str(data_dir / file)), pattern)


def test_empty_stdin(run) -> None:
    user_error(run("fit", "exponential", "-", stdin=""), r"no observations")


def test_non_integer_for_poisson(run, data_dir: Path) -> None:
    user_error(run("fit", "poisson", str(data_dir / "half.txt")), r"0\.5 is outside the support of poisson")


def test_all_equal_data_for_normal(run, data_dir: Path) -> None:
    user_error(run("fit", "normal", str(data_dir / "same.txt")), r"σ² is undefined")


def test_missing_csv_column(run, data_dir: Path) -> None:
    user_error(run("fit", "normal", str(data_dir / "data.csv"), "--column", "z"), r"no column 'z'")


@pytest.mark.parametrize(
    ("args", "pattern"),
    [
        (["derive", "normal", "--bogus"], r"unrecognized arguments: --bogus"),
        (["derive", "normal", "--format", "pdf"], r"invalid choice: 'pdf'"),
        (["derive", "normal", "--timeout", "abc"], r"--timeout"),
        (["derive", "normal", "--timeout", "0"], r"--timeout must be a positive number of seconds"),
        (["derive", "normal", "--timeout", "-1"], r"--timeout must be a positive number of seconds"),
        (["derive", "normal", "--timeout", "inf"], r"--timeout must be a positive number of seconds"),
        (["derive", "normal", "--timeout", "nan"], r"--timeout must be a positive number of seconds"),
        (["derive", "normal", "--var", "y"], r"catalogue family: --var and --support apply only to a typed density"),
        (["derive", "normal", "--standalone", "--format", "json"], r"--standalone makes a whole LaTeX document"),
        (["derive"], r"required: model"),
        ([], r"required: command"),
        (["nosuchcommand"], r"invalid choice"),
        (["fit", "exponential"], r"required: DATAFILE"),
    ],
)
def test_usage_errors(run, args: list[str], pattern: str) -> None:
    user_error(run(*args), pattern)


@pytest.mark.parametrize(
    ("args", "pattern"),
    [
        (["derive", "normal", "--known", "foo=1"], r"--known foo: not a parameter of normal"),
        (
            ["derive", "a*c^a/x^(a+1)", "--params", "a", "--known", "cc", "--support", "x > c"],
            r"--known cc: not a parameter of .*\(parameters: a\), nor a name the density writes",
        ),
        (["derive", "binomial"], r"binomial needs a value for m: add --known m=VALUE"),
        (["derive", "binomial", "--known", "m=0.5"], r"m must be a whole number"),
        (["derive", "binomial", "--known", "m=-3"], r"m must be positive"),
        (["derive", "binomial", "--known", "m=abc"], r"unknown name 'abc'"),
        (["derive", "binomial", "--known", "m=10", "--known", "m=10"], r"'m' is given twice"),
        (["derive", "binomial", "--known", "m=10", "--known", "p=0.5"], r"nothing to estimate"),
        (["derive", "a*x", "--params", "a:foo"], r"unknown domain 'foo'"),
        (["derive", "a*x", "--params", "a,a"], r"a name is given twice"),
        (["derive", "n*exp(-n*x)", "--params", "n", "--support", "x > 0"], r"'n' is reserved"),
        (["derive", "a*exp(-a*e)", "--var", "e", "--params", "a"], r"'e' is reserved"),
        (["derive", "a*exp(-a*x)", "--params", "a", "--support", "x >> 0"], r"support"),
        (["derive", "a*exp(-a*x)", "--params", "a", "--support", "1 < x < 0"], r"is empty"),
    ],
)
def test_model_errors(run, args: list[str], pattern: str) -> None:
    user_error(run(*args), pattern)


def test_known_value_error_names_the_option(run) -> None:
    """A bad --known value says it is about --known m, not just 'unknown name'."""
    user_error(run("derive", "binomial", "--known", "m=abc"), r"--known m")


def test_numeric_family_fit_is_one_line(run, data_dir: Path) -> None:
    """gamma has no closed form; until numeric fitting lands, fit exits 2 with one line."""
    result = run("fit", "gamma", str(data_dir / "exp.txt"), "--format", "json")
    if result.returncode == 0:  # numeric fitting has landed: then it must be a proper result
        d = json.loads(result.stdout)
        assert set(d["estimates"]) == {"alpha", "beta"}
        assert d["method"]["alpha"] == "numeric"
    else:
        user_error(result, r"numeric")


@pytest.mark.parametrize("value", ["inf", "1e300", "nan"])
def test_absurd_timeout_is_a_user_error_or_works(run, value: str) -> None:
    """--timeout inf/1e300/nan must not crash with a traceback."""
    result = run("derive", "exponential", "--timeout", value)
    assert "Traceback" not in result.stderr, result.stderr[-600:]
    assert result.returncode in (0, 2)
    if result.returncode == 2:
        user_error(result, r"--timeout")


def test_huge_constant_in_density_does_not_crash(run) -> None:
    """A constant too long to print (more than 4300 digits) is refused, not a ValueError traceback."""
    result = run("derive", "a*exp(-a*(x - (10**12)**800))", "--params", "a", "--support", "x > (10**12)**800")
    user_error(result, r"too many digits")
