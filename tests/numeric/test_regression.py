"""Conditional models: closed forms against least squares, numeric fits against scipy.optimize."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import optimize
from scipy.special import gammaln

import symle
from symle.cli import main
from symle.errors import DataError
from symle.numeric.codegen import generate
from symle.numeric.data import Sample


def _sample(y: np.ndarray, **covariates: np.ndarray) -> Sample:
    return Sample(y, np.arange(2, len(y) + 2), "<test>", dict(covariates))


@pytest.fixture(scope="module")
def simulated() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(2024)
    x = rng.normal(size=400)
    return {
        "x": x,
        "normal": 0.7 - 1.3 * x + rng.normal(scale=0.8, size=400),
        "bernoulli": (rng.uniform(size=400) < 1 / (1 + np.exp(-(0.4 + 1.2 * x)))).astype(float),
        "poisson": rng.poisson(np.exp(0.2 + 0.6 * x)).astype(float),
    }


def test_linear_regression_equals_least_squares(simulated: dict[str, np.ndarray]) -> None:
    x, y = simulated["x"], simulated["normal"]
    result = symle.derive("linear-regression").fit(_sample(y, x=x))
    beta = np.linalg.lstsq(np.column_stack([np.ones_like(x), x]), y, rcond=None)[0]
    residual = y - beta[0] - beta[1] * x
    assert result["estimates"]["b0"] == pytest.approx(beta[0], rel=1e-9)
    assert result["estimates"]["b1"] == pytest.approx(beta[1], rel=1e-9)
    assert result["estimates"]["sigma2"] == pytest.approx(residual @ residual / len(y), rel=1e-9)
    assert result["method"] == dict.fromkeys(["b0", "b1", "sigma2"], "closed-form")


def test_regression_through_origin(simulated: dict[str, np.ndarray]) -> None:
    x, y = simulated["x"], simulated["normal"]
    result = symle.derive("regression-through-origin").fit(_sample(y, x=x))
    b = (x @ y) / (x @ x)
    assert result["estimates"]["b"] == pytest.approx(b, rel=1e-9)
    assert result["estimates"]["sigma2"] == pytest.approx(np.mean((y - b * x) ** 2), rel=1e-9)


def test_several_covariates_use_least_squares() -> None:
    rng = np.random.default_rng(3)
    design = rng.normal(size=(250, 3))
    y = 0.5 + design @ np.array([1.0, -2.0, 0.3]) + rng.normal(size=250)
    derivation = symle.derive("linear-regression", covariates="x1,x2,x3")
    assert derivation.parameters == ("b0", "b_x1", "b_x2", "b_x3", "sigma2")
    result = derivation.fit(_sample(y, x1=design[:, 0], x2=design[:, 1], x3=design[:, 2]))
    full = np.column_stack([np.ones(250), design])
    beta = np.linalg.lstsq(full, y, rcond=None)[0]
    for name, value in zip(["b0", "b_x1", "b_x2", "b_x3"], beta, strict=True):
        assert result["estimates"][name] == pytest.approx(value, rel=1e-9)
    assert result["estimates"]["sigma2"] == pytest.approx(np.mean((y - full @ beta) ** 2), rel=1e-9)
    text = derivation.to_text()
    assert "XᵀXβ = Xᵀy" in text and "β̂ = (XᵀX)⁻¹Xᵀy" in text


def _reference(negative_loglik, start: list[float]) -> tuple[np.ndarray, float]:  # type: ignore[no-untyped-def]
    res = optimize.minimize(negative_loglik, start, method="BFGS", options={"gtol": 1e-10})
    return res.x, -float(res.fun)


def test_logistic_regression_matches_scipy(simulated: dict[str, np.ndarray]) -> None:
    x, y = simulated["x"], simulated["bernoulli"]
    design = np.column_stack([np.ones_like(x), x])
    beta, best = _reference(lambda b: -float(np.sum(y * (design @ b) - np.logaddexp(0, design @ b))), [0.0, 0.0])
    result = symle.derive("logistic-regression").fit(_sample(y, x=x))
    assert result["estimates"]["b0"] == pytest.approx(beta[0], abs=1e-6)
    assert result["estimates"]["b1"] == pytest.approx(beta[1], abs=1e-6)
    assert result["loglik"] >= best - 1e-9 * abs(best)
    assert result["method"] == {"b0": "numeric", "b1": "numeric"}


def test_poisson_regression_matches_scipy(simulated: dict[str, np.ndarray]) -> None:
    x, y = simulated["x"], simulated["poisson"]
    design = np.column_stack([np.ones_like(x), x])
    beta, best = _reference(
        lambda b: -float(np.sum(y * (design @ b) - np.exp(design @ b) - gammaln(y + 1))), [0.0, 0.0]
    )
    result = symle.derive("poisson-regression").fit(_sample(y, x=x))
    assert result["estimates"]["b0"] == pytest.approx(beta[0], abs=1e-6)
    assert result["estimates"]["b1"] == pytest.approx(beta[1], abs=1e-6)
    assert result["loglik"] >= best - 1e-9 * abs(best)


def test_perfect_separation_is_detected() -> None:
    x = np.array([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0])
    y = np.array([0.0, 0.0, 0.0, 1.0, 1.0, 1.0])
    with pytest.raises(DataError, match="does not exist.*separate"):
        symle.derive("logistic-regression").fit(_sample(y, x=x))


def test_typed_conditional_density_matches_the_catalogue(simulated: dict[str, np.ndarray]) -> None:
    typed = symle.derive(
        "exp(-(y - a - b*x)^2/(2*sigma2))/sqrt(2*pi*sigma2)", response="y", covariates="x", params="a,b,sigma2"
    )
    x, y = simulated["x"], simulated["normal"]
    ours = typed.fit(_sample(y, x=x))["estimates"]
    theirs = symle.derive("linear-regression").fit(_sample(y, x=x))["estimates"]
    assert ours["a"] == pytest.approx(theirs["b0"], rel=1e-9)
    assert ours["b"] == pytest.approx(theirs["b1"], rel=1e-9)
    assert ours["sigma2"] == pytest.approx(theirs["sigma2"], rel=1e-9)


def test_cli_fit_reads_a_csv(
    tmp_path: Path, simulated: dict[str, np.ndarray], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "d.csv"
    path.write_text(
        "x,y\n"
        + "".join(f"{a!r},{b!r}\n" for a, b in zip(simulated["x"].tolist(), simulated["normal"].tolist(), strict=True))
    )
    status = main(["fit", "linear-regression", str(path), "--response", "y", "--covariates", "x", "--format", "json"])
    out, err = capsys.readouterr()
    assert status == 0, err
    result = json.loads(out)
    assert set(result["estimates"]) == {"b0", "b1", "sigma2"} and result["n"] == 400


def test_generated_regression_module_takes_x_and_y(tmp_path: Path, simulated: dict[str, np.ndarray]) -> None:
    path = tmp_path / "fit_logit.py"
    path.write_text(generate(symle.derive("logistic-regression")))
    np.save(tmp_path / "X.npy", simulated["x"].reshape(-1, 1))
    np.save(tmp_path / "y.npy", simulated["bernoulli"])
    runner = (
        "import importlib.util, json, sys, numpy\n"
        "spec = importlib.util.spec_from_file_location('f', sys.argv[1]); f = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(f)\n"
        "X = numpy.load(sys.argv[2]); y = numpy.load(sys.argv[3]); e = f.fit(X, y)\n"
        "print(json.dumps({'e': e, 'll': f.loglik(X, y, **e), 's': f.score(X, y, **e)}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", runner, str(path), str(tmp_path / "X.npy"), str(tmp_path / "y.npy")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert all(abs(v) < 1e-6 * len(simulated["x"]) for v in result["s"].values())
    direct = symle.derive("logistic-regression").fit(_sample(simulated["bernoulli"], x=simulated["x"]))
    assert result["e"]["b1"] == pytest.approx(direct["estimates"]["b1"], rel=1e-9)
