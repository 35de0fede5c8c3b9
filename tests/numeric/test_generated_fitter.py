"""Generated fitters with awkward names and extreme data: a user's names never collide with the
module's own, overflow ends in a typed FitError or a finite answer, and errors map by class."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

import symle
from symle.errors import ConvergenceError, DataError
from symle.numeric.codegen import generate, load
from symle.numeric.generated import _symle_error

# names that were the generated module's own (or its imports', or Python's) before they were prefixed
AWKWARD = ["value", "numpy", "scipy", "d", "params", "gradient", "float", "low", "t", "data", "lambda", "total"]


@pytest.mark.parametrize("name", AWKWARD)
def test_a_parameter_named_like_the_modules_own_names(name: str) -> None:
    derivation = symle.derive(f"{name}*exp(-{name}*x)", params=name, support="x > 0")
    module = load(derivation)
    x = np.random.default_rng(1).exponential(2.0, 500)
    estimate = module.fit(x)[name]
    assert estimate == pytest.approx(1 / x.mean(), rel=1e-12)
    assert module.loglik(x, **{name: estimate}) == pytest.approx(x.size * np.log(estimate) - estimate * x.sum())
    assert abs(module.score(x, **{name: estimate})[name]) < 1e-9 * x.size


@pytest.mark.parametrize(
    ("shape", "rate"),
    [("value", "d"), ("numpy", "scipy"), ("params", "gradient"), ("float", "low"), ("t", "data"), ("lambda", "self")],
)
def test_a_numeric_two_parameter_density_with_colliding_names(shape: str, rate: str) -> None:
    derivation = symle.derive(
        f"{rate}^{shape}*x^({shape}-1)*exp(-{rate}*x)/gamma({shape})",
        params=f"{shape}:positive,{rate}:positive",
        support="x > 0",
    )
    assert not derivation.estimators[shape].closed_form
    x = np.random.default_rng(3).gamma(2.5, 1 / 1.7, 2000)
    estimates = load(derivation).fit(x)
    alpha, _, scale = stats.gamma.fit(x, floc=0)
    assert estimates[shape] == pytest.approx(alpha, rel=1e-6)
    assert estimates[rate] == pytest.approx(1 / scale, rel=1e-6)


@pytest.mark.parametrize(("var", "parameter"), [("value", "x"), ("params", "numpy"), ("d", "t")])
def test_a_variable_named_like_the_modules_own_names(var: str, parameter: str) -> None:
    derivation = symle.derive(f"{parameter}*exp(-{parameter}*{var})", var=var, params=parameter, support=f"{var} > 0")
    module = load(derivation)
    y = np.random.default_rng(2).exponential(0.5, 300)
    estimates = module.fit(y)
    assert estimates[parameter] == pytest.approx(1 / y.mean(), rel=1e-12)
    # the data are positional only, so a parameter may share the argument's name (x)
    assert abs(module.score(y, **estimates)[parameter]) < 1e-9 * y.size
    assert np.isfinite(module.loglik(y, **estimates))


RUNNER = """
import importlib.util, json, sys
import numpy
spec = importlib.util.spec_from_file_location("fitter", sys.argv[1])
fitter = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fitter)
x = numpy.random.default_rng(3).gamma(2.5, 1 / 1.7, 2000)
estimates = fitter.fit(x)
print(json.dumps({"estimates": estimates, "all": sorted(fitter.__all__),
                  "typed": issubclass(fitter.NoMaximum, fitter.FitError)}))
"""


def test_a_module_with_colliding_names_is_lint_clean_and_self_contained(tmp_path: Path) -> None:
    derivation = symle.derive(
        "d^value*x^(value-1)*exp(-d*x)/gamma(value)", params="value:positive,d:positive", support="x > 0"
    )
    path = tmp_path / "fit_awkward.py"
    path.write_text(generate(derivation), encoding="utf-8")
    if shutil.which("ruff"):
        lint = subprocess.run(["ruff", "check", "--no-cache", str(path)], capture_output=True, text=True)
        assert lint.returncode == 0, lint.stdout + lint.stderr
    result = subprocess.run(
        [sys.executable, "-I", "-c", RUNNER, str(path)], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    x = np.random.default_rng(3).gamma(2.5, 1 / 1.7, 2000)
    alpha, _, scale = stats.gamma.fit(x, floc=0)
    assert out["estimates"]["value"] == pytest.approx(alpha, rel=1e-6)
    assert out["estimates"]["d"] == pytest.approx(1 / scale, rel=1e-6)
    assert out["all"] == sorted(["FitError", "MODEL", "NUMERIC", "PARAMETERS", "fit", "fit_details", "loglik", "score"])
    assert out["typed"] is True


TINY = np.array([1e-300, 2e-300, 5e-300, 1e-299])
HUGE = np.array([1e300, 2e300, 5e299, 3e300, 1e299])


@pytest.mark.parametrize(
    ("family", "data"),
    [
        ("weibull", (TINY,)),
        ("weibull", (HUGE,)),
        ("gumbel", (HUGE,)),
        ("gumbel", (np.array([1e300, -2e300, 5e299, -3e300, 1e299]),)),
        ("logistic", (HUGE,)),
        ("cauchy", (HUGE,)),
        ("gamma", (TINY,)),
        ("negative-binomial", (np.array([1e300, 0.0, 5e299, 3e300, 2.0]),)),
        ("poisson-regression", (np.linspace(0, 1, 5), HUGE)),
        ("poisson-regression", (np.linspace(0, 1, 5), np.array([1e300, 0.0, 5e299, 3e300, 2.0]))),
    ],
)
def test_extreme_data_end_in_a_typed_error_or_a_finite_answer(family: str, data: tuple[np.ndarray, ...]) -> None:
    module = load(symle.derive(family))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning may escape either
        try:
            estimates = module.fit(*data)
        except module.FitError as exc:
            assert type(exc) is not module.FitError or "not finite" in str(exc)
            return
    assert all(np.isfinite(v) for v in estimates.values()), estimates


def test_huge_counts_in_a_poisson_regression_give_the_right_scale() -> None:
    x, y = np.linspace(0, 1, 5), HUGE
    estimates = load(symle.derive("poisson-regression")).fit(x, y)
    # the fitted means exp(b0 + b1 x) are of the order of the counts
    assert np.log(y.mean()) - 3 < estimates["b0"] + estimates["b1"] * x.mean() < np.log(y.mean()) + 3


def test_errors_map_to_symles_by_class() -> None:
    logit = symle.derive("logistic-regression")
    module = load(logit)
    separated = _symle_error(module, module.NoMaximum("the estimate does not exist"), logit)
    assert isinstance(separated, DataError) and "separate the 0s from the 1s" in str(separated)
    gamma = symle.derive("gamma")
    module = load(gamma)
    assert str(_symle_error(module, module.NoMaximum("no maximum"), gamma)) == "no maximum"
    assert isinstance(_symle_error(module, module.NotConverged("no step increases"), gamma), ConvergenceError)
    assert isinstance(_symle_error(module, module.DataRejected("bad"), gamma), DataError)
    assert isinstance(_symle_error(module, module.FitError("estimate not finite"), gamma), DataError)


def test_the_runtime_errors_name_parameters_by_their_symbols() -> None:
    """The generated module's own messages use raw names (it is plain Python); through symle's fit
    they read as the text shows the parameters: α, not alpha."""
    derivation = symle.derive("gamma")
    module = load(derivation)
    raw = module.NoMaximum("the likelihood keeps increasing as alpha goes to infinity: no estimate")
    error = _symle_error(module, raw, derivation)
    assert isinstance(error, DataError) and "as α goes to infinity" in str(error)
    late = _symle_error(module, module.FitError("the estimate of beta is not finite for these data"), derivation)
    assert "the estimate of β is not finite" in str(late)
