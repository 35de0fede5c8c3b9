"""The generated fitters: run in a fresh interpreter, compared with SciPy, lint-clean, honest errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import optimize, special, stats

import symle
from symle.errors import DataError, SymleError
from symle.numeric.codegen import generate, load


def _nbinom_reference(x: np.ndarray) -> float:
    def negative(theta: np.ndarray) -> float:
        return -float(np.sum(stats.nbinom.logpmf(x, np.exp(theta[0]), special.expit(theta[1]))))

    mean, var = x.mean(), x.var()
    r0 = mean**2 / (var - mean)
    res = optimize.minimize(
        negative,
        [np.log(r0), special.logit(r0 / (r0 + mean))],
        method="Nelder-Mead",
        options={"xatol": 1e-10, "fatol": 1e-10, "maxiter": 4000},
    )
    return -float(res.fun)


# family -> (simulate, scipy reference log-likelihood at scipy's own fit)
CASES = {
    "gamma": (
        lambda rng: rng.gamma(2.5, 1 / 1.7, 3000),
        lambda x: stats.gamma.logpdf(x, *stats.gamma.fit(x, floc=0)).sum(),
    ),
    "weibull": (
        lambda rng: 1.3 * rng.weibull(1.7, 3000),
        lambda x: stats.weibull_min.logpdf(x, *stats.weibull_min.fit(x, floc=0)).sum(),
    ),
    "beta": (
        lambda rng: rng.beta(2.0, 3.5, 3000),
        lambda x: stats.beta.logpdf(x, *stats.beta.fit(x, floc=0, fscale=1)).sum(),
    ),
    "cauchy": (
        lambda rng: 1.0 + 2.0 * rng.standard_cauchy(3000),
        lambda x: stats.cauchy.logpdf(x, *stats.cauchy.fit(x)).sum(),
    ),
    "logistic": (
        lambda rng: rng.logistic(0.5, 1.5, 3000),
        lambda x: stats.logistic.logpdf(x, *stats.logistic.fit(x)).sum(),
    ),
    "gumbel": (
        lambda rng: rng.gumbel(0.5, 1.5, 3000),
        lambda x: stats.gumbel_r.logpdf(x, *stats.gumbel_r.fit(x)).sum(),
    ),
    "negative-binomial": (lambda rng: rng.negative_binomial(3, 0.4, 3000).astype(float), _nbinom_reference),
}

RUNNER = """
import importlib.util, json, sys
import numpy
spec = importlib.util.spec_from_file_location("fitter", sys.argv[1])
fitter = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fitter)
x = numpy.load(sys.argv[2])
estimates = fitter.fit(x)
modules = sorted(m for m in sys.modules if m.split(".")[0] in ("sympy", "symle"))
print(json.dumps({"estimates": estimates, "loglik": fitter.loglik(x, **estimates),
                  "score": fitter.score(x, **estimates), "modules": modules}))
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("fitters")
    paths = {}
    for family in CASES:
        path = folder / f"fit_{family.replace('-', '_')}.py"
        path.write_text(generate(symle.derive(family)), encoding="utf-8")
        paths[family] = path
    return paths


# A fresh interpreter a family is slow: the default run keeps gamma (its module imports
# scipy.special) and cauchy (numpy alone); CI runs the others with -m slow.
FAST = ("gamma", "cauchy")


@pytest.mark.parametrize(
    "family", [family if family in FAST else pytest.param(family, marks=pytest.mark.slow) for family in CASES]
)
def test_generated_module_in_fresh_interpreter_matches_scipy(
    family: str, generated: dict[str, Path], tmp_path: Path
) -> None:
    simulate, reference = CASES[family]
    x = simulate(np.random.default_rng(11))
    data = tmp_path / "x.npy"
    np.save(data, x)
    # -I: isolated mode, so neither the project nor user site-packages leak in; only NumPy/SciPy
    result = subprocess.run(
        [sys.executable, "-I", "-c", RUNNER, str(generated[family]), str(data)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["modules"] == []  # the fitter never imports sympy or symle
    ours = out["loglik"]
    theirs = reference(x)
    assert ours >= theirs - 1e-9 * abs(theirs)
    # the score vanishes at the estimate (relative to the sample size)
    for name, value in out["score"].items():
        assert abs(value) < 1e-6 * len(x), (name, value)
    assert set(out["estimates"]) == set(symle.derive(family).parameters)


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is a test dependency")
def test_generated_modules_pass_ruff(generated: dict[str, Path]) -> None:
    result = subprocess.run(
        ["ruff", "check", "--no-cache", *map(str, generated.values())], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_python_loop_over_the_data(generated: dict[str, Path]) -> None:
    for path in generated.values():
        source = path.read_text()
        assert "range(1, n" not in source and "for i in" not in source


def test_fitter_uses_scipy_only_where_needed() -> None:
    cauchy = generate(symle.derive("cauchy"))
    gamma = generate(symle.derive("gamma"))
    assert "import scipy" not in cauchy and "import numpy" in cauchy
    assert "import scipy.special" in gamma


def test_in_process_fit_reports_iterations_and_method() -> None:
    x = np.random.default_rng(5).gamma(3.0, 2.0, 500)
    result = symle.derive("gamma").fit(x)
    assert result["method"] == {"alpha": "numeric", "beta": "numeric"}
    assert isinstance(result["iterations"], int) and result["iterations"] >= 1
    assert result["converged"] is True
    alpha, _, scale = stats.gamma.fit(x, floc=0)
    assert result["estimates"]["alpha"] == pytest.approx(alpha, rel=1e-6)
    assert result["estimates"]["beta"] == pytest.approx(1 / scale, rel=1e-6)


def test_weibull_with_known_shape_is_closed_form() -> None:
    x = 1.3 * np.random.default_rng(2).weibull(2.0, 400)
    result = symle.derive("weibull", known=["k=2"]).fit(x)
    assert result["method"] == {"lambda": "closed-form"}
    assert result["estimates"]["lambda"] == pytest.approx(np.sqrt(np.mean(x**2)), rel=1e-12)


def test_student_t_location_typed_in() -> None:
    density = "gamma((nu+1)/2)/(sqrt(nu*pi)*gamma(nu/2))*(1+(x-mu)^2/nu)^(-(nu+1)/2)"
    derivation = symle.derive(density, params="mu,nu:positive", known=["nu=4"])
    assert not derivation.estimators["mu"].closed_form
    x = stats.t.rvs(4, loc=1.5, size=2000, random_state=np.random.default_rng(3))
    result = derivation.fit(x)
    best = optimize.minimize_scalar(
        lambda m: -stats.t.logpdf(x, 4, loc=m).sum(), bounds=(0, 3), method="bounded", options={"xatol": 1e-12}
    )
    assert result["estimates"]["mu"] == pytest.approx(best.x, abs=1e-7)
    assert result["loglik"] >= -best.fun - 1e-9 * abs(best.fun)


def test_a_typed_fitters_docstring_names_its_model() -> None:
    first = generate(symle.derive("lam*exp(-lam*x)", params="lam", support="x > 0")).splitlines()[0]
    assert first == '"""Maximum-likelihood fitting for the typed density model, generated by symle.'
    assert generate(symle.derive("exponential")).startswith('"""Maximum-likelihood fitting for the exponential model')


@pytest.mark.parametrize(
    ("family", "data", "message"),
    [
        ("negative-binomial", [1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0], "does not exist"),
        ("gamma", [1.0, -2.0, 3.0], "every observation must be > 0"),
        ("beta", [0.2, 0.5, 1.5], "every observation must be < 1"),
        ("cauchy", [1.0], "fewer than the 2 parameters"),
        ("logistic", [2.0, 2.0, 2.0, 2.0], "all observations are equal"),
    ],
)
def test_generated_fitter_refuses_bad_data(family: str, data: list[float], message: str) -> None:
    module = load(symle.derive(family))
    with pytest.raises(module.FitError, match=message):
        module.fit(np.array(data))


def test_bad_data_is_a_user_error_through_symle() -> None:
    with pytest.raises(DataError, match="does not exist"):
        symle.derive("negative-binomial").fit([1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0])
    with pytest.raises(SymleError):
        symle.derive("gamma").fit([1.0, -2.0, 3.0])


@pytest.mark.parametrize(
    ("density", "params", "support", "values", "reference"),
    [
        # log C(k, x) with a whole-number k: SymPy writes log Γ(k + 1) of an integer as log(Γ(k + 1)),
        # inf beyond k = 170 once Γ itself is taken
        (
            "binomial(k,x)*p^x*(1-p)^(k-x)",
            "k:integer,p",
            "x in {0, ..., k}",
            {"k": 191.0, "p": 0.114},
            lambda x, v: stats.binom.logpmf(x, v["k"], v["p"]),
        ),
        # 1/Γ(θ/2) as a power of Γ: log(1/Γ) is −log Γ, never the log of 1/inf
        (
            "x^(theta/2-1)*exp(-x/2)/(2^(theta/2)*gamma(theta/2))",
            "theta",
            "x > 0",
            {"theta": 400.0},
            lambda x, v: stats.chi2.logpdf(x, v["theta"]),
        ),
    ],
)
def test_the_log_likelihood_keeps_log_gamma_where_gamma_overflows(  # type: ignore[no-untyped-def]
    density, params, support, values, reference
) -> None:
    x = np.array([16.0, 18.0, 22.0, 25.0, 28.0]) if "binomial" in density else np.array([380.0, 401.5, 420.0])
    module = load(symle.derive(density, params=params, support=support))
    assert module.loglik(x, **values) == pytest.approx(float(np.sum(reference(x, values))), rel=1e-12)
