"""Textbook exercises with a group indicator (a covariate that is 0 or 1): the two-sample normal with a
common variance, Casella & Berger 7.14 (z = min(x, y) with w = 1 when z = x), three groups, a
group-specific Poisson rate, and a paired design. Each closed form is checked against numeric
maximisation of the log-likelihood (scipy.optimize), the information against the Hessian's expectation."""

from __future__ import annotations

import functools

import numpy as np
import pytest
import sympy as sp
from adversary import assert_user_error, run_here
from scipy import optimize, stats

import symle
from symle.errors import DataError

RNG = np.random.default_rng(20261207)
TWO_SAMPLE = "exp(-(y - mu1*(1-g) - mu2*g)^2/(2*sigma2))/sqrt(2*pi*sigma2)"
MIN_OF_TWO = "(lambda^w*mu^(1-w))*exp(-(lambda+mu)*z)"


@functools.cache
def derived(density: str, params: str, covariates: str, response: str = "y", **kw: object) -> symle.Derivation:
    return symle.derive(density, params=params, response=response, covariates=covariates, timeout=60, **kw)


def numeric_maximum(loglik, start) -> np.ndarray:
    """The maximiser of a log-likelihood by Nelder–Mead, polished by BFGS (positive parameters on the log scale
    are the caller's business)."""
    found = optimize.minimize(
        lambda v: -loglik(v), start, method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-12}
    )
    return optimize.minimize(lambda v: -loglik(v), found.x, method="BFGS", options={"gtol": 1e-10}).x


def two_samples(k: int = 40) -> tuple[np.ndarray, np.ndarray]:
    g = (RNG.uniform(size=k) < 0.4).astype(float)
    g[:2] = (0.0, 1.0)
    return RNG.normal(np.where(g == 1, 5.0, 2.0), 1.5), g


def test_two_sample_normal_gives_the_group_means_and_the_pooled_variance() -> None:
    d = derived(TWO_SAMPLE, "mu1,mu2,sigma2:positive", "g")
    assert all(e.closed_form for e in d.estimators.values())
    assert d.second_order is not None and d.second_order.proved
    y, g = two_samples()
    fit = d.fit({"y": y, "g": g})["estimates"]
    mean1, mean2 = y[g == 0].mean(), y[g == 1].mean()
    pooled = (np.sum((y[g == 0] - mean1) ** 2) + np.sum((y[g == 1] - mean2) ** 2)) / len(y)
    assert fit == pytest.approx({"mu1": mean1, "mu2": mean2, "sigma2": pooled}, rel=1e-12)

    def loglik(v):
        m = np.where(g == 1, v[1], v[0])
        return np.sum(stats.norm.logpdf(y, m, np.exp(v[2] / 2)))

    m1, m2, log_s2 = numeric_maximum(loglik, [0.0, 0.0, 0.0])
    assert (fit["mu1"], fit["mu2"], fit["sigma2"]) == pytest.approx((m1, m2, np.exp(log_s2)), rel=1e-6)


def test_two_sample_information_is_the_expected_hessian() -> None:
    d = derived(TWO_SAMPLE, "mu1,mu2,sigma2:positive", "g")
    fisher = d.information.fisher
    assert fisher is not None
    y, g = two_samples()
    values = {"mu1": 2.0, "mu2": 5.0, "sigma2": 2.25}
    # the expected Hessian given g: E[(y - μ)²] = σ², E[y - μ] = 0, per observation
    s2, n1, n2 = values["sigma2"], np.sum(g == 0), np.sum(g == 1)
    expected = np.diag([n1 / s2, n2 / s2, len(y) / (2 * s2**2)])
    ours = symbolic_matrix(fisher, d, {"g": g}, values)
    assert ours == pytest.approx(expected, rel=1e-12)


def symbolic_matrix(matrix: sp.Matrix, d: symle.Derivation, data: dict[str, np.ndarray], values: dict) -> np.ndarray:
    """A matrix of sums over the data, at these data and parameter values (each sum written out)."""
    from symle.algebra.sample import n

    size = len(next(iter(data.values())))

    def observation(summand: sp.Expr, index: sp.Symbol, k: int) -> sp.Expr:
        at = {e: sp.Float(data[e.base.label.name][k]) for e in summand.atoms(sp.Indexed)}
        return summand.xreplace(at)

    def total(node: sp.Sum) -> sp.Expr:
        index = node.limits[0][0]
        return sp.Add(*(observation(node.function, index, k) for k in range(size)))

    parameters = {p.symbol: values[p.name] for p in d.model.parameters}

    def value(entry: sp.Expr) -> float:
        return float(entry.replace(lambda e: isinstance(e, sp.Sum), total).xreplace({n: size, **parameters}))

    return np.array([[value(e) for e in row] for row in matrix.tolist()])


def test_two_sample_normal_with_the_variance_known_has_closed_forms() -> None:
    d = derived(TWO_SAMPLE, "mu1,mu2,sigma2:positive", "g", known="sigma2=2")
    assert all(e.closed_form for e in d.estimators.values())
    y, g = two_samples()
    fit = d.fit({"y": y, "g": g})["estimates"]
    assert fit == pytest.approx({"mu1": y[g == 0].mean(), "mu2": y[g == 1].mean()}, rel=1e-12)


def test_casella_berger_7_14_min_of_two_exponentials() -> None:
    d = derived(MIN_OF_TWO, "lambda:positive,mu:positive", "w", response="z", support="z > 0")
    assert all(e.closed_form for e in d.estimators.values())
    assert d.second_order is not None and d.second_order.proved
    assert any("density of z and w together" in w for w in d.warnings)
    x, v = RNG.exponential(1 / 1.5, 200), RNG.exponential(1 / 0.7, 200)
    z, w = np.minimum(x, v), (x <= v).astype(float)
    fit = d.fit({"z": z, "w": w})["estimates"]
    assert fit == pytest.approx({"lambda": w.sum() / z.sum(), "mu": (1 - w).sum() / z.sum()}, rel=1e-12)

    def loglik(p):
        lam, mu = np.exp(p)
        return np.sum(w * np.log(lam) + (1 - w) * np.log(mu) - (lam + mu) * z)

    assert (fit["lambda"], fit["mu"]) == pytest.approx(tuple(np.exp(numeric_maximum(loglik, [0.0, 0.0]))), rel=1e-6)


def test_no_warning_ends_without_its_reason() -> None:
    """Two parameters with scores of their own are both solved (the second was once lost, and its
    warning read "μ has no closed-form estimator: " with nothing after the colon)."""
    for d in (
        derived(MIN_OF_TWO, "lambda:positive,mu:positive", "w", response="z", support="z > 0"),
        symle.derive(
            "lambda^x*exp(-lambda)*mu*exp(-mu*x)",
            params="lambda:positive,mu:positive",
            support="x > 0",
            normalise_check=False,
        ),
    ):
        assert all(e.closed_form for e in d.estimators.values()), d.warnings
        assert not any(w.rstrip().endswith(":") for w in d.warnings)


def test_three_groups_give_three_means() -> None:
    d = derived(
        "exp(-(y - mu1*(1-g1-g2) - mu2*g1 - mu3*g2)^2/(2*sigma2))/sqrt(2*pi*sigma2)",
        "mu1,mu2,mu3,sigma2:positive",
        "g1,g2",
    )
    assert all(e.closed_form for e in d.estimators.values())
    assert d.second_order is not None and d.second_order.proved
    group = RNG.integers(0, 3, 60)
    group[:3] = (0, 1, 2)
    y = RNG.normal(np.array([1.0, 4.0, -2.0])[group], 1.0)
    g1, g2 = (group == 1).astype(float), (group == 2).astype(float)
    fit = d.fit({"y": y, "g1": g1, "g2": g2})["estimates"]
    means = [y[group == k].mean() for k in range(3)]
    rss = sum(np.sum((y[group == k] - means[k]) ** 2) for k in range(3))
    assert fit == pytest.approx({"mu1": means[0], "mu2": means[1], "mu3": means[2], "sigma2": rss / len(y)}, rel=1e-12)
    with pytest.raises(DataError, match="at most one of them is 1"):
        d.fit({"y": y, "g1": np.ones_like(y), "g2": np.ones_like(y)})


@pytest.mark.parametrize(
    "density",
    [
        "(lambda1*(1-g) + lambda2*g)^y*exp(-(lambda1*(1-g) + lambda2*g))/factorial(y)",
        "(lambda1^(1-g)*lambda2^g)^y*exp(-lambda1^(1-g)*lambda2^g)/factorial(y)",
    ],
)
def test_a_group_specific_poisson_rate_is_each_groups_mean(density: str) -> None:
    d = derived(density, "lambda1:positive,lambda2:positive", "g", support="y in {0, 1, ...}")
    assert all(e.closed_form for e in d.estimators.values())
    g = (RNG.uniform(size=80) < 0.5).astype(float)
    g[:2] = (0, 1)
    y = RNG.poisson(np.where(g == 1, 6.0, 2.0)).astype(float)
    fit = d.fit({"y": y, "g": g})["estimates"]
    assert fit == pytest.approx({"lambda1": y[g == 0].mean(), "lambda2": y[g == 1].mean()}, rel=1e-12)

    def loglik(p):
        return np.sum(stats.poisson.logpmf(y, np.where(g == 1, np.exp(p[1]), np.exp(p[0]))))

    assert (fit["lambda1"], fit["lambda2"]) == pytest.approx(
        tuple(np.exp(numeric_maximum(loglik, [0.0, 0.0]))), rel=1e-6
    )
    fisher = d.information.fisher
    assert fisher is not None  # E[y | g] = λ₁(1 - g) + λ₂g: Σ(1 - g_i)/λ₁, Σ g_i/λ₂
    expected = np.diag([np.sum(g == 0) / 2.0, np.sum(g == 1) / 6.0])
    assert symbolic_matrix(fisher, d, {"g": g}, {"lambda1": 2.0, "lambda2": 6.0}) == pytest.approx(expected, rel=1e-12)


def test_a_paired_design_estimates_the_mean_difference() -> None:
    """Each pair's second measurement y given its first x: y ~ N(x + δ, σ²), δ̂ the mean difference."""
    d = derived("exp(-(y - x - delta)^2/(2*sigma2))/sqrt(2*pi*sigma2)", "delta,sigma2:positive", "x")
    assert d.model.groups == ()  # x is a measurement, not an indicator
    x = RNG.normal(10, 2, 30)
    y = x + 0.8 + RNG.normal(0, 0.5, 30)
    fit = d.fit({"y": y, "x": x})["estimates"]
    diff = y - x
    assert fit == pytest.approx({"delta": diff.mean(), "sigma2": np.mean((diff - diff.mean()) ** 2)}, rel=1e-10)


def test_an_indicator_takes_only_0_and_1_and_every_group_holds_data() -> None:
    d = derived(TWO_SAMPLE, "mu1,mu2,sigma2:positive", "g")
    y = np.array([1.0, 2.0, 3.0, 4.0])
    with pytest.raises(DataError, match="group indicator in this model: its values must be 0 or 1"):
        d.fit({"y": y, "g": [0, 1, 0.5, 1]})
    for g, group in (([1, 1, 1, 1], "g = 0"), ([0, 0, 0, 0], "g = 1")):
        with pytest.raises(DataError, match=f"no observation has {group}"):
            d.fit({"y": y, "g": g})


def test_the_page_says_the_covariate_is_an_indicator_and_reads_1_minus_g() -> None:
    d = derived(TWO_SAMPLE, "mu1,mu2,sigma2:positive", "g")
    page = d.to_text()
    assert "g is 0 or 1, the indicator of a group" in page
    assert "g_i - 1" not in page and "- -" not in page and "Σ -" not in page
    assert "μ₂" in page and "μ²" not in page  # mu2 beside mu1 is the second mean


def test_the_command_line_derives_the_two_sample_normal_quickly() -> None:
    out, _ = run_here(
        "derive",
        TWO_SAMPLE,
        "--params",
        "mu1,mu2,sigma2:positive",
        "--response",
        "y",
        "--covariates",
        "g",
        "--timeout",
        "60",
        "--no-cache",
    )
    assert out.returncode == 0, out.stderr
    assert "(Σ g_i y_i)/(Σ g_i)" in out.stdout and "Σ y_i (1 - g_i)/(n - Σ g_i)" in out.stdout


def test_fit_refuses_non_indicator_data_on_the_command_line(tmp_path) -> None:
    data = tmp_path / "d.csv"
    data.write_text("y,g\n1,0\n2,0.5\n3,1\n")
    out, _ = run_here(
        "fit",
        TWO_SAMPLE,
        str(data),
        "--params",
        "mu1,mu2,sigma2:positive",
        "--response",
        "y",
        "--covariates",
        "g",
        "--timeout",
        "60",
    )
    assert_user_error(out, "group indicator")


def test_a_declared_indicator_gives_the_treatment_effect_as_the_difference_of_means() -> None:
    """μ + δg, with g declared 0/1 (`--covariates g:indicator`): δ̂ = ȳ₁ − ȳ₀ and μ̂ = ȳ₀, not a regression on g."""
    d = symle.derive(
        "exp(-(y - mu - delta*g)^2/(2*sigma2))/sqrt(2*pi*sigma2)",
        params="mu,delta,sigma2:positive",
        response="y",
        covariates="g:indicator",
        timeout=120,
    )
    assert d.model.groups == ((sp.Symbol("g", real=True),),)
    assert all(e.closed_form for e in d.estimators.values())
    assert "g is 0 or 1, the indicator of a group, as declared" in d.to_text()
    y, g = two_samples()
    fit = d.fit({"y": y, "g": g})["estimates"]
    assert fit["mu"] == pytest.approx(y[g == 0].mean(), rel=1e-12)
    assert fit["delta"] == pytest.approx(y[g == 1].mean() - y[g == 0].mean(), rel=1e-10)

    def loglik(v):
        return np.sum(stats.norm.logpdf(y, v[0] + v[1] * g, np.exp(v[2] / 2)))

    m, delta, _ = numeric_maximum(loglik, [0.0, 0.0, 0.0])
    assert (fit["mu"], fit["delta"]) == pytest.approx((m, delta), rel=1e-6)


def test_an_unknown_kind_of_covariate_is_refused_by_name() -> None:
    out, _ = run_here("derive", TWO_SAMPLE, "--params", "mu1,mu2,sigma2", "--response", "y", "--covariates", "g:binary")
    assert_user_error(out, "--covariates g:binary", "unknown kind", "g:indicator")
