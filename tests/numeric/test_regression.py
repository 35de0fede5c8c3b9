"""Conditional models: closed forms against least squares, numeric fits against scipy.optimize."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from adversary import run, run_here
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


def _numeric_maximum(loglik, low: float = 1e-6, high: float = 1e6) -> float:  # type: ignore[no-untyped-def]
    """The maximiser of a one-parameter log-likelihood by SciPy: a fine grid on the log scale, then
    bounded Brent around its best point."""
    grid = np.exp(np.linspace(np.log(low), np.log(high), 4001))
    values = np.array([loglik(v) for v in grid])
    k = int(np.argmax(values))
    found = optimize.minimize_scalar(
        lambda v: -loglik(v),
        bounds=(grid[max(k - 1, 0)], grid[min(k + 1, len(grid) - 1)]),
        method="bounded",
        options={"xatol": 1e-12},
    )
    return float(found.x)


CONSTANT_RESPONSES = [
    # censored exponential: t the time, d = 1 for an event, 0 for a censored time; λ̂ = Σd/Σt
    (
        "lambda^d*exp(-lambda*t)",
        dict(response="t", covariates="d", params="lambda", support="t > 0", normalise_check=False),
        {"t": [2.0, 2.0, 2.0], "d": [1.0, 0.0, 1.0]},
        lambda v, c: np.sum(c["d"] * np.log(v) - v * c["t"]),
        1 / 3,
    ),
    # Poisson with exposure: λ̂ = Σy/Σt
    (
        "(lambda*t)^y*exp(-lambda*t)/factorial(y)",
        dict(response="y", covariates="t", params="lambda", support="y in {0, 1, ...}"),
        {"y": [2.0, 2.0, 2.0], "t": [1.0, 2.0, 0.5]},
        lambda v, c: np.sum(c["y"] * np.log(v * c["t"]) - v * c["t"] - gammaln(c["y"] + 1)),
        6 / 3.5,
    ),
    # regression through the origin with a known variance: b̂ = Σxy/Σx²
    (
        "exp(-(y - b*x)^2/2)/sqrt(2*pi)",
        dict(response="y", covariates="x", params="b"),
        {"y": [2.0, 2.0, 2.0], "x": [1.0, 2.0, 3.0]},
        lambda v, c: -np.sum((c["y"] - v * c["x"]) ** 2) / 2,
        12 / 14,
    ),
]


@pytest.mark.parametrize(("density", "options", "columns", "loglik", "expected"), CONSTANT_RESPONSES)
def test_a_constant_response_with_varying_covariates_is_fitted_as_any_other(  # type: ignore[no-untyped-def]
    density, options, columns, loglik, expected
) -> None:
    """A constant response is not all the data: the covariates still vary (every parameter came back
    1.0 when the response's one value stood in for them)."""
    derivation = symle.derive(density, **options)
    response = options["response"]
    arrays = {name: np.array(values) for name, values in columns.items()}
    covariates = {name: values for name, values in arrays.items() if name != response}
    (name,) = derivation.parameters
    estimate = derivation.fit(_sample(arrays[response], **covariates))["estimates"][name]
    assert estimate == pytest.approx(expected, rel=1e-12)
    assert estimate == pytest.approx(_numeric_maximum(lambda v: loglik(v, arrays)), rel=1e-6)


def test_every_column_constant_is_still_exact() -> None:
    """With the covariates constant too, the closed form is taken exactly: λ̂ = y/t."""
    derivation = symle.derive(
        "(lambda*t)^y*exp(-lambda*t)/factorial(y)",
        response="y",
        covariates="t",
        params="lambda",
        support="y in {0, 1, ...}",
    )
    result = derivation.fit(_sample(np.full(4, 3.0), t=np.full(4, 0.1)))
    assert result["estimates"]["lambda"] == 30.0  # 3/0.1 as a rational, not 29.999999999999996


def test_regression_through_origin_on_a_constant_response() -> None:
    """σ̂² = RSS/n > 0 when y is constant and x is not: no 'all observations are equal'."""
    x, y = np.array([1.0, 2.0, 3.0, 5.0]), np.full(4, 2.0)
    result = symle.derive("regression-through-origin").fit(_sample(y, x=x))
    b = (x @ y) / (x @ x)
    assert result["estimates"]["b"] == pytest.approx(b, rel=1e-12)
    assert result["estimates"]["sigma2"] == pytest.approx(np.mean((y - b * x) ** 2), rel=1e-12)

    def negative(theta: np.ndarray) -> float:
        b, sigma2 = theta[0], np.exp(theta[1])
        return float(len(y) / 2 * np.log(2 * np.pi * sigma2) + np.sum((y - b * x) ** 2) / (2 * sigma2))

    best = min(
        (optimize.minimize(negative, [b0, s0], method="BFGS") for b0 in (-1, 0, 2) for s0 in (-2, 0, 2)),
        key=lambda r: r.fun,
    )
    assert result["estimates"]["b"] == pytest.approx(best.x[0], rel=1e-6)
    assert result["estimates"]["sigma2"] == pytest.approx(np.exp(best.x[1]), rel=1e-5)


def test_the_censored_exponential_on_a_constant_time_from_the_command_line(tmp_path: Path) -> None:
    data = tmp_path / "times.csv"
    data.write_text("t,d\n2,1\n2,0\n2,1\n")
    done, _ = run_here(
        "fit",
        "lambda^d*exp(-lambda*t)",
        str(data),
        "--response",
        "t",
        "--covariates",
        "d",
        "--params",
        "lambda",
        "--support",
        "t > 0",
        "--no-normalise-check",
        "--format",
        "json",
        "--timeout",
        "60",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["estimates"]["lambda"] == pytest.approx(1 / 3, rel=1e-12)


def test_generated_code_of_the_matrix_form_runs_and_is_least_squares(tmp_path: Path) -> None:
    """`symle codegen linear-regression --covariates a,b` (once an internal error: the matrix form's
    β̂ had no code) writes a module whose fit is NumPy's least squares and RSS/n, with and without b0."""
    rng = np.random.default_rng(7)
    a, b = rng.normal(size=150), rng.uniform(1, 3, size=150)
    y = 0.5 + 2.0 * a - 1.5 * b + rng.normal(scale=0.3, size=150)
    np.save(tmp_path / "X.npy", np.column_stack([a, b]))
    np.save(tmp_path / "y.npy", y)
    runner = (
        "import importlib.util, json, sys, numpy\n"
        "spec = importlib.util.spec_from_file_location('f', sys.argv[1]); f = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(f)\n"
        "X = numpy.load(sys.argv[2]); y = numpy.load(sys.argv[3]); e = f.fit(X, y)\n"
        "print(json.dumps({'e': e, 'll': f.loglik(X, y, **e)}))\n"
    )
    models = {"linear-regression": np.column_stack([np.ones_like(a), a, b]), "regression-through-origin": np.c_[a, b]}
    for model, design in models.items():
        path = tmp_path / "fit_lm.py"
        out, _ = run("codegen", model, "--covariates", "a,b", "-o", str(path))
        assert out.returncode == 0, out.stderr
        done = subprocess.run(
            [sys.executable, "-I", "-c", runner, str(path), str(tmp_path / "X.npy"), str(tmp_path / "y.npy")],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        beta = np.linalg.lstsq(design, y, rcond=None)[0]
        sigma2 = float(np.mean((y - design @ beta) ** 2))
        names = [n for n in result["e"] if n != "sigma2"]
        assert [result["e"][n] for n in names] == pytest.approx(list(beta), rel=1e-9)
        assert result["e"]["sigma2"] == pytest.approx(sigma2, rel=1e-9)
        assert result["ll"] == pytest.approx(-len(y) / 2 * (np.log(2 * np.pi * sigma2) + 1), rel=1e-12)
