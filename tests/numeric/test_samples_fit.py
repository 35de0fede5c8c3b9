"""The fit of several samples: closed forms against numpy's textbook values, and against a numeric
maximisation (scipy.optimize) of the grouped log-likelihood, with standard errors from the observed
information; group labels that leave a group empty are refused."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from scipy import optimize, stats

import symle
from symle.errors import DataError

RNG = np.random.default_rng(20261208)


@functools.cache
def derived(family: str, k: int, shared: tuple[str, ...] = ()) -> symle.Derivation:
    return symle.derive(family, groups=k, shared=list(shared), timeout=60)


@pytest.mark.parametrize("k", [2, pytest.param(3, marks=pytest.mark.slow)])
def test_normals_with_a_common_variance_match_numpy_and_scipy(k: int) -> None:
    sizes, means, names = (12, 9, 15)[:k], (1.0, 4.0, 2.5)[:k], ("low", "mid", "top")[:k]
    x = np.concatenate([RNG.normal(m, 1.3, size) for m, size in zip(means, sizes, strict=True)])
    labels = np.repeat(names, sizes)
    fit = derived("normal", k, ("sigma2",)).fit_result(x, groups=list(labels))
    parts = [x[labels == g] for g in names]
    pooled = sum(np.sum((p - p.mean()) ** 2) for p in parts) / len(x)
    expected = {f"mu{j + 1}": p.mean() for j, p in enumerate(parts)} | {"sigma2": pooled}
    assert fit.estimates == pytest.approx(expected, rel=1e-12)

    def minus_loglik(v: np.ndarray) -> float:
        return -sum(np.sum(stats.norm.logpdf(p, v[j], np.exp(v[k] / 2))) for j, p in enumerate(parts))

    found = optimize.minimize(minus_loglik, np.zeros(k + 1), method="BFGS", options={"gtol": 1e-10})
    assert [fit.estimates[f"mu{j + 1}"] for j in range(k)] == pytest.approx(found.x[:k], rel=1e-6)
    assert fit.estimates["sigma2"] == pytest.approx(np.exp(found.x[k]), rel=1e-6)
    errors = fit.to_dict()["standard_errors"]
    assert errors["mu2"] == pytest.approx(np.sqrt(pooled / sizes[1]), rel=1e-9)  # observed information n₂/σ̂²
    assert errors["sigma2"] == pytest.approx(np.sqrt(2 * pooled**2 / len(x)), rel=1e-9)


def test_two_exponentials_and_their_common_rate() -> None:
    a, b = RNG.exponential(1 / 0.5, 20), RNG.exponential(1 / 2.0, 30)
    x, labels = np.concatenate([a, b]), [2] * 20 + [7] * 30
    fit = derived("exponential", 2).fit_result(x, groups=labels)
    assert fit.estimates == pytest.approx({"lambda1": 1 / a.mean(), "lambda2": 1 / b.mean()}, rel=1e-12)
    common = derived("exponential", 2, ("lambda",)).fit_result(x, groups=labels)
    assert common.estimates["lambda"] == pytest.approx(len(x) / x.sum(), rel=1e-12)
    found = optimize.minimize_scalar(lambda r: -np.sum(stats.expon.logpdf(x, scale=1 / r)), bounds=(0.01, 10))
    assert common.estimates["lambda"] == pytest.approx(found.x, rel=1e-5)


def test_a_group_left_empty_by_missing_values_is_refused() -> None:
    d = derived("exponential", 2)
    with pytest.raises(DataError, match="the group 'b' has no observation"):
        d.fit_result([1.0, 2.0, None, 3.0], groups=["a", "a", "b", "a"])
    with pytest.raises(DataError, match="derive with groups=3"):
        d.fit_result([1.0, 2.0, 3.0], groups=["a", "b", "c"])
    with pytest.raises(DataError, match="3 labels for 2 observations"):
        d.fit_result([1.0, 2.0], groups=["a", "b", "c"])


def test_gamma_with_a_shared_shape_matches_scipy() -> None:
    """A numeric fit whose profiles hold n − Σgᵢ over Σxᵢ − Σgᵢxᵢ: its logarithm never split into two logs of
    negative sums (the generated objective was NaN everywhere), and the result is scipy's maximum."""
    a, b = RNG.gamma(2.5, 1 / 1.5, 40), RNG.gamma(2.5, 1 / 0.5, 30)
    fit = derived("gamma", 2, ("alpha",)).fit_result(np.concatenate([a, b]), groups=["u"] * 40 + ["v"] * 30)

    def minus_loglik(v: np.ndarray) -> float:
        shape, r1, r2 = np.exp(v)
        return -(stats.gamma.logpdf(a, shape, scale=1 / r1).sum() + stats.gamma.logpdf(b, shape, scale=1 / r2).sum())

    found = optimize.minimize(minus_loglik, [0.0, 0.0, 0.0], method="BFGS", options={"gtol": 1e-10})
    ours = [fit.estimates[k] for k in ("alpha", "beta1", "beta2")]
    assert ours == pytest.approx(np.exp(found.x), rel=1e-6)
