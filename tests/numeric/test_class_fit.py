"""Fitting counts in classes: the grouped normal from a histogram equals a direct scipy maximisation of
Σ mᵢ log(F(bᵢ) − F(aᵢ)), the grouped exponential approaches the ungrouped estimate as the classes narrow,
and a count file is the frequency-weighted fit of its values."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize, stats

from symle.model.spec import ModelSpec
from symle.numeric.classes import fit_classes
from symle.numeric.grouped_files import Grouped
from symle.pipeline import Stage, derive


def _model(family: str):
    return derive(ModelSpec.of(family, classes=True), stop=Stage.MODEL)


def _grouped(edges: np.ndarray, counts: np.ndarray) -> Grouped:
    return Grouped("<test>", (edges[:-1], edges[1:], counts.astype(float)), tuple(range(2, len(counts) + 2)))


def test_the_grouped_normal_is_the_direct_maximisation_of_the_multinomial_likelihood() -> None:
    x = np.random.default_rng(11).normal(3.0, 2.0, 600)
    edges = np.array([-np.inf, 0, 1, 2, 3, 4, 5, 6, np.inf])
    counts = np.histogram(x, edges)[0]
    fitted = fit_classes(_model("normal"), _grouped(edges, counts))

    def minus(theta: np.ndarray) -> float:
        mu, sigma2 = theta
        if sigma2 <= 0:
            return np.inf
        p = np.diff(stats.norm.cdf(edges, mu, np.sqrt(sigma2)))
        return -float(np.sum(counts * np.log(p)))

    direct = optimize.minimize(minus, [0.0, 1.0], method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-12})
    assert [fitted.estimates["mu"], fitted.estimates["sigma2"]] == pytest.approx(direct.x, rel=1e-6)
    assert fitted.loglik == pytest.approx(-direct.fun, rel=1e-12)
    assert fitted.n == 600
    errors = fitted.to_dict()["standard_errors"]
    assert errors["mu"] > np.sqrt(direct.x[1] / 600)  # grouping loses information: never below the ungrouped
    assert "observed information" in fitted.to_text() and "600 observations in 8 classes" in fitted.to_text()


def test_the_grouped_exponential_approaches_the_ungrouped_estimate_as_the_classes_narrow() -> None:
    x = np.random.default_rng(12).exponential(1 / 0.7, 2000)
    ungrouped = 1 / x.mean()
    model = _model("exponential")
    gaps = []
    for width in (1.0, 0.25, 0.02):
        edges = np.append(np.arange(0, x.max() + width, width), np.inf)
        estimate = fit_classes(model, _grouped(edges, np.histogram(x, edges)[0])).estimates["lambda"]
        gaps.append(abs(estimate - ungrouped))
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 1e-3 * ungrouped


def test_a_histogram_of_equal_classes_from_zero_has_the_geometric_estimate() -> None:
    """Classes ((j − 1)h, jh], j < J, and the last open, ((J − 1)h, ∞): with q = e^(−λh), pⱼ = q^(j−1)(1 − q) and
    p_J = q^(J−1), so ℓ = A log q + B log(1 − q), A = Σ(j − 1)mⱼ over every class and B = N − m_J the count in
    the closed ones, whose maximum q̂ = A/(A + B) gives λ̂ = log(1 + B/A)/h (checked numerically here; the
    page derives no closed form for classes in general)."""
    counts = np.array([40, 25, 15, 10, 6, 4])
    h = 0.5
    edges = np.append(np.arange(len(counts)) * h, np.inf)
    fitted = fit_classes(_model("exponential"), _grouped(edges, counts))
    a, b = np.sum(np.arange(len(counts)) * counts), counts.sum() - counts[-1]
    assert fitted.estimates["lambda"] == pytest.approx(np.log(1 + b / a) / h, rel=1e-7)


def test_python_fits_the_columns_of_classes_and_codegen_refuses_them() -> None:
    """Three observations in (0, 1] and four beyond: p₁ = 1 − e^(−λ), p₂ = e^(−λ), so e^(−λ̂) = 4/7."""
    import symle
    from symle.errors import NotSupported
    from symle.numeric.codegen import generate

    derivation = symle.derive("exponential", classes=True, timeout=60)
    fitted = derivation.fit({"a": [0, 1], "b": [1, np.inf], "m": [3, 4]})
    assert fitted["estimates"]["lambda"] == pytest.approx(np.log(7 / 4), rel=1e-8)
    with pytest.raises(NotSupported, match="symle's own fit fits them"):
        generate(derivation)
