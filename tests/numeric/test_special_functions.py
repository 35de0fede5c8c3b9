"""ζ and its derivatives, I₀ and I₁ in generated fitters: exact where SciPy has no derivative (ζ′, ζ″ by
Euler-Maclaurin), finite where I_ν(κ) overflows (scaled by e^κ), and a fresh interpreter needs no SymPy."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import mpmath
import numpy as np
import pytest
from families import derived
from scipy import optimize, stats

from symle.numeric.codegen import generate
from symle.numeric.runtime import zeta_derivative

ZETA = ("x^(-s)/zeta(s)", {"params": "s:positive", "support": "x in {1, 2, ...}", "timeout": 60})
VON_MISES = (
    "exp(kappa*cos(x - mu))/(2*pi*besseli(0, kappa))",
    {"params": "mu:real,kappa:positive", "support": "-pi < x < pi", "timeout": 60},
)


@pytest.mark.parametrize("s", [1.0001, 1.01, 1.2, 1.5, 2.0, 3.0, 7.5, 20.0, 60.0])
@pytest.mark.parametrize("m", [0, 1, 2])
def test_zeta_derivatives_agree_with_mpmath(s: float, m: int) -> None:
    expected = float(mpmath.zeta(s, 1, m))
    assert zeta_derivative(m, s) == pytest.approx(expected, rel=4e-15)


def test_zeta_derivative_is_nan_where_the_series_diverges() -> None:
    values = zeta_derivative(1, np.array([0.5, 1.0, 2.0]))
    assert np.isnan(values[0]) and np.isnan(values[1]) and np.isfinite(values[2])


RUNNER = """
import importlib.util, json, sys
import numpy
spec = importlib.util.spec_from_file_location("fitter", sys.argv[1])
fitter = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fitter)
x = numpy.load(sys.argv[2])
estimates = fitter.fit(x)
modules = sorted(m for m in sys.modules if m.split(".")[0] in ("sympy", "symle", "mpmath"))
print(json.dumps({"estimates": estimates, "modules": modules}))
"""


def _run_generated(source: str, x: np.ndarray, folder: Path) -> dict:
    module, data = folder / "fitter.py", folder / "x.npy"
    module.write_text(source, encoding="utf-8")
    np.save(data, x)
    done = subprocess.run(
        [sys.executable, "-I", "-c", RUNNER, str(module), str(data)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["modules"] == []
    return out["estimates"]


def test_generated_zeta_fitter_matches_scipy_zipf(tmp_path: Path) -> None:
    model, options = ZETA
    source = generate(derived(model, **options))
    assert "zeta_derivative(1, p_s)" in source and "zeta_derivative(2, p_s)" in source
    x = stats.zipf.rvs(2.2, size=1500, random_state=7)
    estimates = _run_generated(source, x, tmp_path)
    reference = optimize.minimize_scalar(
        lambda s: -np.sum(stats.zipf.logpmf(x, s)), bounds=(1.0001, 10), method="bounded", options={"xatol": 1e-11}
    ).x
    assert estimates["s"] == pytest.approx(reference, rel=1e-7)


def test_generated_von_mises_fitter_scales_the_bessel_functions(tmp_path: Path) -> None:
    model, options = VON_MISES
    source = generate(derived(model, **options))
    assert "scipy.special.ive" in source and "scipy.special.iv(" not in source
    for kappa in (2.0, 2000.0):  # I₀(κ) overflows double precision from κ ≈ 713
        x = np.angle(np.exp(1j * stats.vonmises.rvs(kappa, loc=-1.0, size=300, random_state=3)))
        estimates = _run_generated(source, x, tmp_path)
        k, loc, _ = stats.vonmises.fit(x, fscale=1)
        assert estimates["kappa"] == pytest.approx(k, rel=1e-8)
        assert estimates["mu"] == pytest.approx(loc, abs=1e-10)


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is a test dependency")
def test_generated_special_function_modules_pass_ruff(tmp_path: Path) -> None:
    paths = []
    for k, (model, options) in enumerate((ZETA, VON_MISES)):
        path = tmp_path / f"fit_{k}.py"
        path.write_text(generate(derived(model, **options)), encoding="utf-8")
        paths.append(str(path))
    done = subprocess.run(["ruff", "check", "--no-cache", *paths], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
