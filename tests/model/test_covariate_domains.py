"""A covariate is positive where the density requires it (a factor of the density, of a logarithm's
argument or of a power's base whose partners are positive): then logarithms split (y log λ + y log t,
never log((λt)^y)), the page says so, and a fit refuses data that break it. A regression's model
step speaks of responses given their covariates, for catalogue and typed models alike."""

from __future__ import annotations

import functools

import pytest
import sympy as sp
from adversary import assert_user_error, run_here

import symle
from symle.algebra.printing import text
from symle.model.model import needs_positive

y, t, lam, theta, b = sp.symbols("y t lambda theta b", real=True)
lam_pos, theta_pos = sp.Symbol("lambda", positive=True), sp.Symbol("theta", positive=True)


@pytest.mark.parametrize(
    ("density", "positive"),
    [
        ((lam_pos * t) ** y * sp.exp(-lam_pos * t) / sp.factorial(y), True),  # counts with exposure t
        (lam_pos * t * sp.exp(-lam_pos * t * y), True),  # exponential with rate λt
        (sp.exp(-y / (theta_pos * t)) / (theta_pos * t), True),  # exponential with mean θt
        (theta_pos * t**3 * sp.exp(-theta_pos * t**3 * y), True),  # an odd power of t: its sign is t's
        (sp.exp(-((y - b * t) ** 2) / 2) / sp.sqrt(2 * sp.pi), False),  # t only in the mean
        (sp.exp(b * t * y) / (1 + sp.exp(b * t)), False),  # logistic: e^(bt) > 0 whatever t
        (t**2 * lam_pos * sp.exp(-lam_pos * t**2 * y), False),  # t² > 0 whatever t's sign
        ((lam + t) ** y * sp.exp(-(lam + t)) / sp.factorial(y), False),  # λ + t > 0 is no condition on t
    ],
)
def test_a_covariate_is_positive_exactly_where_the_density_needs_it(density, positive):
    assert needs_positive(density, (t,)) == ({t} if positive else set())


@functools.cache
def exposure() -> symle.Derivation:
    return symle.derive(
        "(lambda*t)^y*exp(-lambda*t)/factorial(y)",
        params="lambda",
        support="y in {0, 1, ...}",
        response="y",
        covariates="t",
        timeout=60,
    )


def test_a_positive_covariate_lets_the_logarithm_split():
    d = exposure()
    assert d.model.positive_covariates == d.model.covariates
    loglik = d.likelihood.loglik
    assert not any(isinstance(f.args[0], sp.Pow) for f in loglik.atoms(sp.log)), loglik
    assert "Σ y_i log t_i" in text(loglik) and "log λ" in text(loglik)
    assert "Π (t_i^(y_i))" in text(d.likelihood.product_form)


def test_the_model_step_of_a_regression_names_the_covariate_as_known_and_positive():
    (step,) = [s for s in exposure().steps if s.kind == "model"]
    assert step.text.startswith("Each response, given its covariate, has the probability mass function below")
    assert "the covariate t is known for each observation, treated as fixed, and positive, as the density requires" in (
        step.text
    )
    assert text(step.equations[0].parts[0]) == "f(y | t; λ)"


@pytest.mark.parametrize("name", ["linear-regression", "poisson-regression", "logistic-regression"])
def test_catalogue_regressions_share_the_words(name):
    (step,) = [s for s in symle.derive(name, timeout=60).steps if s.kind == "model"]
    assert step.text.startswith("Each response, given its covariate, has")
    assert "the covariate x is known for each observation and treated as fixed." in step.text
    assert "positive" not in step.text
    assert text(step.equations[0].parts[0]).startswith("f(y | x; ")


def test_a_counts_power_has_a_positive_base_where_the_density_is_one():
    """(λ + t)^y over y = 0, 1, 2, ...: positive only where λ + t > 0, so log((λ + t)^y) = y log(λ + t);
    and the concavity it gives holds only when the counts are not all 0, which the page says."""
    d = symle.derive(
        "(lambda+t)^y*exp(-(lambda+t))/factorial(y)",
        params="lambda",
        support="y in {0, 1, ...}",
        response="y",
        covariates="t",
        timeout=60,
    )
    assert "Σ y_i log(λ + t_i)" in text(d.likelihood.loglik)
    (step,) = [s for s in d.steps if s.kind == "second-order"]
    assert "the y_i not all 0" in step.text and "negative for every value of λ" in step.text


def test_a_fit_refuses_a_covariate_the_density_needs_positive(tmp_path):
    data = tmp_path / "counts.csv"
    data.write_text("y,t\n1,2\n3,-4\n0,1\n")
    args = ("(lambda*t)^y*exp(-lambda*t)/factorial(y)", "--params", "lambda", "--support", "y in {0, 1, ...}")
    done, _ = run_here("fit", *args, "--response", "y", "--covariates", "t", str(data))
    assert_user_error(done, "the covariate t must be positive")
    data.write_text("y,t\n1,2\n3,4\n0,1\n")
    done, _ = run_here("fit", *args, "--response", "y", "--covariates", "t", str(data), "--format", "json")
    assert done.returncode == 0 and '"lambda": 0.5714285714' in done.stdout.replace("\n", "").replace("  ", "")


def test_a_worksheet_states_the_positive_covariate():
    spec = {
        "title": "Exposure",
        "problem": [
            {
                "density": "(lambda*t)^y*exp(-lambda*t)/factorial(y)",
                "params": ["lambda"],
                "support": "y in {0, 1, ...}",
                "response": "y",
                "covariates": ["t"],
            }
        ],
    }
    sheet = symle.worksheet(spec, solutions=False, format="markdown")
    assert "The covariates are treated as fixed; $t$ is positive, as the density requires." in sheet
