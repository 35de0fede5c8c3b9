"""With both cores busy, every textbook case derives (and fits) under the default 10 s budget, and
prints what it prints on an idle machine: a step's cap counts processor time, the information's
integrals share processor time, and the wall-clock deadline is never answered by a weaker result.

Slow (a fresh `symle` process a case, each while two processes spin); CI runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import symle
from symle.cli import _formula_arguments
from symle.model.catalogue import FAMILIES

pytestmark = pytest.mark.slow

RAO = (
    "((2+t)/4)^((x-2)*(x-3)*(x-4)/(-6))*((1-t)/4)^((x-1)*(x-3)*(x-4)/2)"
    "*((1-t)/4)^((x-1)*(x-2)*(x-4)/(-2))*(t/4)^((x-1)*(x-2)*(x-3)/6)"
)
LOMAX = "alpha*lambda^alpha/(x + lambda)^(alpha + 1)"
KUMARASWAMY = "a*b*x^(a-1)*(1-x^a)^(b-1)"
# (density, params, support, known): tests/stages/test_textbook_exercises.py's, and the slow ones seen
TYPED = [
    ("1/(2*theta)", "theta", "-theta < x < theta", ()),
    ("1/theta", "theta", "theta < x < 2*theta", ()),
    ("1", "theta", "theta < x < theta + 1", ()),
    ("1/theta", "theta", "0 < x < theta", ()),
    ("-p^x/(x*log(1-p))", "p", "x in {1, 2, ...}", ()),
    (LOMAX, "alpha,lambda", "x > 0", ()),
    (LOMAX, "alpha,lambda", "x > 0", ("lambda",)),
    ("exp(-(x - theta)^2/(2*theta^2))/sqrt(2*pi*theta^2)", "theta:positive", None, ()),
    ("theta^2/(theta + 1)*(1 + x)*exp(-theta*x)", "theta", "x > 0", ()),
    (RAO, "t:probability", "x in {1, 2, 3, 4}", ()),
    ("exp(-mu*x)*(mu*x)^(x-1)/factorial(x)", "mu", "x in {1, 2, ...}", ()),
    ("(theta+1)*x^theta", "theta", "0 < x < 1", ()),
    ("theta*x^(theta-1)", "theta", "0 < x < 1", ()),
    ("theta*(1-x)^(theta-1)", "theta", "0 < x < 1", ()),
    (KUMARASWAMY, "a,b", "0 < x < 1", ("a",)),
    (KUMARASWAMY, "a,b", "0 < x < 1", ("b",)),
    ("exp(-(x - mu))/(1 + exp(-(x - mu)))^2", "mu", None, ()),
]


def typed_args(density: str, params: str, support: str | None, known: tuple[str, ...]) -> list[str]:
    args = [density, "--params", params, *(["--support", support] if support else [])]
    return args + [a for k in known for a in ("--known", k)]


FAMILY_CASES = [
    [name, *(a for c in FAMILIES[name].constants for a in ("--known", f"{c.name}=10"))] for name in FAMILIES
]
# the derivation as printed (text) for every case; with the JSON's observed information and bias
# for the families (a typed density's take seconds more, which a busy CI machine may not have)
CASES = [(args, "text") for args in FAMILY_CASES + [typed_args(*case) for case in TYPED]]
CASES += [(args, "json") for args in FAMILY_CASES]


def idle_output(args: list[str], form: str) -> str:
    """What `symle derive ARGS --format FORM` prints with all the time it wants (in this process)."""
    (model,), rest = _formula_arguments(args[:1]), args[1:]  # (as the command line reads a formula)
    options = dict(zip(rest[::2], rest[1::2], strict=True))
    known = [v for k, v in zip(rest[::2], rest[1::2], strict=True) if k == "--known"]
    d = symle.derive(
        model,
        params=options.get("--params"),
        support=options.get("--support"),
        known=known,
        timeout=120,
        integrate=True,
    )
    return d.to_json() if form == "json" else d.to_text()


@pytest.fixture(scope="module")
def idle() -> dict[tuple[str, str], str]:
    return {(" ".join(args), form): idle_output(args, form) for args, form in CASES}


@pytest.fixture
def busy() -> Iterator[None]:
    """Both cores busy while the test runs."""
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


def symle_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "symle", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.mark.parametrize(("args", "form"), CASES, ids=lambda x: " ".join(x)[:60] if isinstance(x, list) else x)
def test_a_busy_machine_derives_what_an_idle_one_does(args: list[str], form: str, idle: dict, busy: None) -> None:
    done = symle_cli("derive", *args, "--format", form)
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip("\n") == idle[(" ".join(args), form)].rstrip("\n")


def test_a_busy_machine_fits_what_an_idle_one_does(tmp_path: Path, busy: None) -> None:
    rng = np.random.default_rng(5)
    x = rng.beta(2.5, 1.0, 200)
    (tmp_path / "x.txt").write_text("\n".join(repr(float(v)) for v in x) + "\n")
    covariate = rng.normal(0, 1, 200)
    y = 1.5 - 0.7 * covariate + rng.normal(0, 0.4, 200)
    rows = "\n".join(f"{a!r},{b!r}" for a, b in zip(covariate.tolist(), y.tolist(), strict=True))
    (tmp_path / "d.csv").write_text("x,y\n" + rows + "\n")
    fits = [
        (["theta*x^(theta-1)", "x.txt", "--params", "theta", "--support", "0 < x < 1"], x),
        (["linear-regression", "d.csv", "--response", "y", "--covariates", "x"], None),
    ]
    for args, data in fits:
        done = symle_cli("fit", *args, "--format", "json", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        estimates = json.loads(done.stdout)["estimates"]
        if data is not None:
            assert estimates["theta"] == pytest.approx(-len(data) / np.sum(np.log(data)), rel=1e-12)
        else:
            slope, intercept = np.polyfit(covariate, y, 1)
            assert estimates["b1"] == pytest.approx(slope, rel=1e-9)
            assert estimates["b0"] == pytest.approx(intercept, rel=1e-9)
