"""`symle fit` of typed densities with ζ(s) and I₀(κ), in a fresh process: SciPy's estimates and a
standard error from the information at the estimate; their misuse refused in one line."""

from __future__ import annotations

import json
from pathlib import Path

import mpmath
import numpy as np
import pytest
from adversary import assert_user_error, run_here
from scipy import optimize, stats


def test_fit_zeta_distribution_matches_zipf_with_its_standard_error(tmp_path: Path) -> None:
    x = stats.zipf.rvs(2.0, size=300, random_state=1)
    data = tmp_path / "x.txt"
    np.savetxt(data, x, fmt="%d")
    args = ("fit", "x^(-s)/zeta(s)", str(data), "--params", "s", "--support", "x in {1, 2, ...}")
    done, _ = run_here(*args, "--format", "json", "--timeout", "120")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    s = out["estimates"]["s"]
    reference = optimize.minimize_scalar(
        lambda t: -np.sum(stats.zipf.logpmf(x, t)), bounds=(1.0001, 10), method="bounded", options={"xatol": 1e-11}
    ).x
    assert s == pytest.approx(reference, rel=1e-7)
    # I(s) = n (ζ″ζ - ζ′²)/ζ² at ŝ: the variance of log X, from mpmath
    z0, z1, z2 = (float(mpmath.zeta(s, 1, k)) for k in range(3))
    information = len(x) * (z2 * z0 - z1**2) / z0**2
    assert out["standard_errors"]["s"] == pytest.approx(information**-0.5, rel=1e-8)


def test_fit_von_mises_matches_scipy(tmp_path: Path) -> None:
    x = np.angle(np.exp(1j * stats.vonmises.rvs(4.0, loc=3.0, size=300, random_state=1)))
    data = tmp_path / "x.txt"
    np.savetxt(data, x)
    density = "exp(kappa*cos(x - mu))/(2*pi*besseli(0, kappa))"
    args = ("fit", density, str(data), "--params", "mu,kappa", "--support", "-pi < x < pi")
    done, _ = run_here(*args, "--format", "json", "--timeout", "120")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    kappa, loc, _ = stats.vonmises.fit(x, fscale=1)
    assert out["estimates"]["mu"] == pytest.approx(loc, abs=1e-9)
    assert out["estimates"]["kappa"] == pytest.approx(kappa, rel=1e-8)
    assert out["method"] == {"mu": "closed-form", "kappa": "numeric"}


@pytest.mark.parametrize(
    ("density", "words"),
    [
        ("x^(-s)/zeta(s, 2)", ("zeta", "1 argument")),
        ("x^(-s)/zeta(1)", ("zeta", "undefined")),
        ("s*besseli(0)", ("besseli", "2 argument")),
        ("s*besseli(0, 5000)", ("besseli", "too large")),
        ("s*atan2(x)", ("atan2", "2 argument")),
    ],
)
def test_special_functions_misused_are_one_line_errors(density: str, words: tuple[str, ...]) -> None:
    done, _ = run_here("derive", density, "--params", "s", "--support", "x in {1, 2, ...}")
    assert_user_error(done, *words)
