"""symle tried as an attacker and a careless user would: hostile formulas, data, homework, worksheet
specs and names; files that must not be lost; budgets measured by the wall clock. Every probe ends in
a correct answer, or in exit status 2 with one line on stderr and no traceback, within its budget.
A fresh process where the process is what is tried (ulimit, budgets timed from outside, hostile text
that must not run); symle's own main() in this process (adversary.run_here) for answers and refusals."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from adversary import ENV, assert_user_error, run, run_here

import symle
from symle.errors import BudgetExceeded, LatexError, ModelError
from symle.model.resolve import resolve
from symle.model.spec import ModelSpec
from symle.render.prose import latex_text

# --- LaTeX injection ---------------------------------------------------------------------------


def test_every_tex_special_in_prose_is_escaped() -> None:
    out = latex_text(r"\input{/etc/passwd} \immediate\write18{rm -rf x} 100% & #1 _ ^ ~ $")
    assert "\\input" not in out and "\\immediate" not in out and "\\write18" not in out
    assert out.count(r"\textbackslash{}") == 3
    for escaped in (r"\%", r"\&", r"\#", r"\_", r"\^{}", r"\~{}", r"\$", r"\{", r"\}"):
        assert escaped in out


@pytest.mark.latex
def test_a_hostile_worksheet_title_is_printed_not_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not shutil.which("pdftotext") or not shutil.which("pdflatex"):
        pytest.skip("needs pdflatex and pdftotext")
    secret = tmp_path / "secret.txt"
    secret.write_text("THE-SECRET-CONTENTS\n")
    mark = tmp_path / "PWNED"
    (tmp_path / "spec.toml").write_text(
        f"title = '\\input {secret} '\n"
        f"course = '\\immediate\\write18{{touch {mark}}} '\n"
        "date = '\\loop\\iftrue\\repeat'\n"
        '[[problem]]\nmodel = "exponential"\nask = ["mle"]\n'
    )
    env_before = dict(ENV)
    ENV["shell_escape"] = "t"  # even where texmf.cnf allows shell escape, symle's run does not
    try:
        done, seconds = run("worksheet", "spec.toml", "-o", "sheet.tex", "--pdf", cwd=tmp_path)
    finally:
        ENV.clear()
        ENV.update(env_before)
    assert done.returncode == 0, done.stderr
    assert not mark.exists()
    text = subprocess.run(["pdftotext", str(tmp_path / "sheet.pdf"), "-"], capture_output=True, text=True).stdout
    assert "THE-SECRET-CONTENTS" not in text
    assert "\\input" in text and "\\loop\\iftrue\\repeat" in text
    assert seconds < 60


def test_a_runaway_latex_run_is_killed_with_its_whole_process_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from symle.worksheets import pdf

    monkeypatch.setattr(pdf, "TIMEOUT_SECONDS", 1)
    spawn = "import os, subprocess, time; c = subprocess.Popen(['sleep', '120']); "
    spawn += "open('pids', 'w').write(f'{os.getpid()} {c.pid}'); time.sleep(120)"
    with pytest.raises(LatexError, match="took longer than 1 s"):
        pdf._run([sys.executable, "-c", spawn], tmp_path, dict(os.environ))
    time.sleep(0.2)
    for pid in map(int, (tmp_path / "pids").read_text().split()):  # the runaway and its own child
        stat = Path(f"/proc/{pid}/stat")
        assert not stat.exists() or stat.read_text().split(")")[-1].split()[0] == "Z", f"{pid} still runs"


# --- no file lost --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("derive", "normal", "--format", "latex", "--standalone"),
        ("codegen", "gamma"),
    ],
)
def test_a_full_disk_keeps_the_old_file_whole(tmp_path: Path, args: tuple[str, ...]) -> None:
    target = tmp_path / "out.txt"
    target.write_text("the old contents\n")
    done, _ = run(*args, "-o", str(target), cwd=tmp_path, limit_file_blocks=2)
    assert_user_error(done, "cannot write", "out.txt")
    assert target.read_text() == "the old contents\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]  # no fragment left behind


def test_a_full_disk_keeps_the_old_worksheet(tmp_path: Path) -> None:
    (tmp_path / "spec.toml").write_text('[[problem]]\nmodel = "normal"\n')
    target = tmp_path / "sheet.tex"
    target.write_text("old sheet\n")
    done, _ = run("worksheet", "spec.toml", "-o", "sheet.tex", "--solutions", cwd=tmp_path, limit_file_blocks=2)
    assert_user_error(done, "cannot write")
    assert target.read_text() == "old sheet\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheet.tex", "spec.toml"]


def test_a_failed_pdf_replaces_neither_the_tex_nor_the_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import symle.worksheets as worksheets

    def failing(source: str) -> bytes:
        raise LatexError("LaTeX error in problem 1: Undefined control sequence")

    monkeypatch.setattr(worksheets, "compile_pdf", failing)
    monkeypatch.setattr(worksheets, "engine_available", lambda: "pdflatex")
    spec = tmp_path / "spec.toml"
    spec.write_text('[[problem]]\nmodel = "exponential"\n')
    (tmp_path / "key.tex").write_text("old key\n")
    (tmp_path / "key.pdf").write_bytes(b"%PDF old")
    with pytest.raises(LatexError):
        worksheets.write_worksheet(spec, tmp_path / "key.tex", solutions=True, pdf=True)
    assert (tmp_path / "key.tex").read_text() == "old key\n"
    assert (tmp_path / "key.pdf").read_bytes() == b"%PDF old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key.pdf", "key.tex", "spec.toml"]


# --- every budget real ---------------------------------------------------------------------------

TOWER = "exp(exp(exp(a*x)))"
# The promise is T + 2 s; a test machine running the suite on every core starts interpreters slowly,
# so the tests allow this much more (a hang would take minutes). docs: README, section Safety.
LOADED = 3.0


def test_derive_of_a_tower_of_exponentials_ends_within_its_timeout() -> None:
    done, seconds = run("derive", TOWER, "--params", "a", "--timeout", "2")
    assert seconds < 2 + 2 + LOADED, seconds
    assert done.returncode in (0, 2) and "Traceback" not in done.stderr


def test_fit_and_codegen_end_within_their_timeout(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("0.5\n1.5\n2.0\n")
    for args in (("fit", TOWER, "x.txt", "--params", "a"), ("codegen", TOWER, "--params", "a")):
        done, seconds = run(*args, "--timeout", "2", cwd=tmp_path)
        assert seconds < 2 + 2 + LOADED, (args, seconds)
        assert done.returncode == 2 and "Traceback" not in done.stderr


def test_check_and_worksheet_end_within_their_budgets(tmp_path: Path) -> None:
    (tmp_path / "hw.txt").write_text(f"density: {TOWER}\nparams: a\nloglik: n*a\n")
    done, seconds = run("check", "hw.txt", cwd=tmp_path)
    assert seconds < 10 + 2 + LOADED, seconds  # the checker's derivation has 10 s
    assert done.returncode in (1, 2) and "Traceback" not in done.stderr
    (tmp_path / "spec.toml").write_text(f'timeout = 2\n[[problem]]\ndensity = "{TOWER}"\nparams = ["a"]\n')
    done, seconds = run("worksheet", "spec.toml", "-o", "sheet.tex", cwd=tmp_path)
    assert seconds < 2 + 2 + LOADED, seconds
    assert_user_error(done)


def test_the_budget_holds_in_a_thread() -> None:
    import threading

    caught: list[BaseException] = []

    def work() -> None:
        try:
            symle.derive(TOWER, params="a", timeout=1)
        except BaseException as exc:  # noqa: BLE001
            caught.append(exc)

    start = time.monotonic()
    thread = threading.Thread(target=work)
    thread.start()
    thread.join(15)
    assert not thread.is_alive() and time.monotonic() - start < 1 + 2 + LOADED
    assert caught and isinstance(caught[0], (BudgetExceeded, ModelError))


# --- names in generated code ---------------------------------------------------------------------


def test_parameters_named_like_the_generated_modules_own_names_fit_correctly() -> None:
    from scipy import stats

    x = np.random.default_rng(11).gamma(2.5, 1 / 1.7, 400)
    d = symle.derive("low^value*x^(value - 1)*exp(-low*x)/gamma(value)", params="value,low", support="x > 0")
    assert [p.domain for p in d.model.parameters] == ["positive", "positive"]
    fit = d.fit(x)["estimates"]
    shape, _, scale = stats.gamma.fit(x, floc=0)
    assert fit["value"] == pytest.approx(shape, rel=1e-4)
    assert fit["low"] == pytest.approx(1 / scale, rel=1e-4)


# --- wrong answers refused -----------------------------------------------------------------------


def test_a_constant_covariate_is_refused(tmp_path: Path) -> None:
    rows = "\n".join(f"3,{v!r}" for v in np.random.default_rng(2).normal(0, 1, 20).tolist())
    (tmp_path / "d.csv").write_text("x,y\n" + rows + "\n")
    for model in ("linear-regression", "regression-through-origin"):
        done, _ = run_here("fit", model, "d.csv", "--response", "y", "--covariates", "x", cwd=tmp_path)
        if model == "linear-regression":
            assert_user_error(done, "constant", "not identified")
        else:  # through the origin a constant covariate still identifies the slope
            assert done.returncode == 0, done.stderr


def test_a_regression_on_covariates_near_1e300_is_right(tmp_path: Path) -> None:
    rng = np.random.default_rng(4)
    x = rng.normal(0, 1, 30) * 1e300
    y = 2e-300 * x + rng.normal(0, 1, 30)
    rows = "\n".join(f"{float(a)!r},{float(b)!r}" for a, b in zip(x, y, strict=True))
    (tmp_path / "d.csv").write_text("x,y\n" + rows + "\n")
    done, _ = run_here(
        "fit", "linear-regression", "d.csv", "--response", "y", "--covariates", "x", "--format", "json", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    estimates = json.loads(done.stdout)["estimates"]
    scaled = x / 1e300  # the same regression on rescaled covariates, well inside double precision
    slope, intercept = np.polyfit(scaled, y, 1)
    assert estimates["b1"] == pytest.approx(slope / 1e300, rel=1e-9)
    assert estimates["b0"] == pytest.approx(intercept, rel=1e-9, abs=1e-12)
    residual = y - intercept - slope * scaled
    assert estimates["sigma2"] == pytest.approx(np.mean(residual**2), rel=1e-9)


@pytest.mark.parametrize(
    ("density", "params", "support", "words"),
    [
        ("exp(a*x)", "a", "x > 0", ("diverges",)),
        ("theta/x^2", "theta", "0 < x < 1", ("diverges",)),
        ("theta*x^(-theta-1)", "theta", "0 < x < 1", ("diverges",)),
        ("1/(theta*(1+x))", "theta", "x > 0", ("diverges",)),
        ("2*theta*exp(-theta*x)", "theta", "x > 0", ("integrates to 2",)),
        ("exp(-(x-a-b)^2/2)/sqrt(2*pi)", "a,b", None, ("not identified",)),
        ("exp(-(x-a*b)^2/2)/sqrt(2*pi)", "a,b", None, ("not identified",)),
    ],
)
def test_improper_densities_and_unidentified_models_are_refused(density, params, support, words) -> None:
    args = ["derive", density, "--params", params] + (["--support", support] if support else [])
    done, _ = run_here(*args)
    assert_user_error(done, *words)


REAL_LINE_DENSITY = "exp(-(x-theta)^2/(2*theta))/sqrt(2*pi*theta)"


@pytest.mark.parametrize("support", ["x in R", "x in ℝ", "-inf < x < inf", "-oo < x < oo"])
def test_the_real_line_can_be_written_as_a_support(support: str) -> None:
    """N(θ, θ) on the real line said four ways: each is the model without --support, whose derivation
    (a function of the model and the options) the next test compares on the command line."""
    written = resolve(ModelSpec.of(REAL_LINE_DENSITY, params="theta:positive", support=support))
    assert written == resolve(ModelSpec.of(REAL_LINE_DENSITY, params="theta:positive"))


def test_the_real_line_written_as_a_support_derives_as_without_it() -> None:
    args = ("derive", REAL_LINE_DENSITY, "--params", "theta:positive", "--format", "json")
    done, _ = run_here(*args, "--support", "x in ℝ")
    assert done.returncode == 0, done.stderr
    default, _ = run_here(*args)
    assert json.loads(done.stdout)["estimators"] == json.loads(default.stdout)["estimators"]


@pytest.mark.parametrize(
    ("support", "words"),
    [("x in Q", ("'x in R' (the real line)",)), ("x real", ("'x in R' for the real line",)), ("x > inf", ("empty",))],
)
def test_a_support_that_is_not_understood_says_how_to_write_the_real_line(support: str, words: tuple[str]) -> None:
    done, _ = run_here("derive", "exp(-(x-mu)^2/2)/sqrt(2*pi)", "--params", "mu", "--support", support)
    assert_user_error(done, *words)


# --- internal errors that were ----------------------------------------------------------------


def test_a_formula_that_starts_with_a_minus_sign_is_a_formula() -> None:
    done, _ = run_here("derive", "-a*exp(-a*x)", "--params", "a:positive", "--support", "x > 0")
    assert_user_error(done, "negative")  # read, then refused for what it is, not as an unknown option


@pytest.mark.parametrize("command", ["fit exponential", "check", "worksheet"])
def test_dev_zero_is_refused_at_once(command: str, tmp_path: Path) -> None:
    extra = ["-o", str(tmp_path / "x.tex")] if command == "worksheet" else []
    done, seconds = run(*command.split(), "/dev/zero", *extra)
    assert_user_error(done, "NUL")
    assert seconds < 10


@pytest.mark.parametrize(
    ("family", "values"),
    [
        ("weibull", [1e-300, 2e-300, 5e-300, 1e-299, 3e-300]),
        ("gumbel", [1e300, 2e300, 5e299, 1.5e300, 7e299]),
        ("cauchy", [1e300, -2e300, 5e299, 1.5e300, 7e299]),
        ("normal", [1e300, 2e300, 5e299, 1.5e300, 7e299]),
        ("normal", [1e-300, 2e-300, 5e-300, 1.5e-300, 7e-300]),
    ],
)
def test_extreme_data_give_an_answer_or_one_clean_line(family: str, values: list[float], tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("\n".join(repr(v) for v in values) + "\n")
    done, _ = run_here("fit", family, "x.txt", "--format", "json", cwd=tmp_path)
    if done.returncode == 0:
        out = json.loads(done.stdout)
        assert all(np.isfinite(v) for v in out["estimates"].values()) and np.isfinite(out["loglik"])
        assert not done.stderr
    else:
        assert_user_error(done)


def test_poisson_regression_on_huge_covariates(tmp_path: Path) -> None:
    rows = "\n".join(f"{x!r},{y}" for x, y in zip([1e300, 2e300, -1e300, 3e299], [0, 3, 1, 2], strict=True))
    (tmp_path / "d.csv").write_text("x,y\n" + rows + "\n")
    done, _ = run_here("fit", "poisson-regression", "d.csv", "--response", "y", "--covariates", "x", cwd=tmp_path)
    if done.returncode != 0:
        assert_user_error(done)


# --- hostile text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "formula",
    [
        "__import__('os').system('touch PWNED')",
        "x.__class__",
        "exp(x)" * 2000,
        "(" * 500 + "x" + ")" * 500,
        "x^(10^(10^10))",
        "factorial(10^9)",
        "lambda: 1",
    ],
)
def test_hostile_formulas_are_refused_without_running(formula: str, tmp_path: Path) -> None:
    done, seconds = run("derive", formula, "--params", "x0", cwd=tmp_path)
    assert_user_error(done)
    assert not (tmp_path / "PWNED").exists() and seconds < 12


def test_hostile_homework_is_read_not_run(tmp_path: Path) -> None:
    (tmp_path / "hw.txt").write_text(
        "model: exponential\n"
        "loglik: __import__('os').system('touch PWNED')\n"
        "mle lambda: eval('1')\n"
        "score lambda: " + "(" * 400 + "\n"
    )
    done, _ = run("check", "hw.txt", "--format", "json", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "PWNED").exists()
    verdicts = [s["verdict"] for s in json.loads(done.stdout)["steps"]]
    assert verdicts and all(v in ("unreadable", "incorrect") for v in verdicts)
