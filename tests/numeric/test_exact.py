"""Exact intervals of boundary estimates (issue 24): the textbook formulas (the uniform's x₍ₙ₎ ≤ θ ≤
x₍ₙ₎/α^{1/n}, the shifted exponential's x₍₁₎ + log(α)/(nλ) ≤ θ ≤ x₍₁₎), and their coverage by
simulation, within binomial error of the level."""

from __future__ import annotations

import math

import numpy as np
import pytest
from adversary import run
from scipy import stats

import symle
from symle.numeric.columns import InMemory
from symle.numeric.exact import exact_intervals

RNG = np.random.default_rng(2024)


def _interval(derivation: symle.Derivation, x: np.ndarray, level: float, estimates: dict | None = None) -> list[float]:
    """The exact interval of the boundary parameter, at the fit's estimates (or those given)."""
    if estimates is None:
        estimates = {name: float(v) for name, v in derivation.fit(x)["estimates"].items()}
    name = next(n for n, e in derivation.estimators.items() if e.method == "boundary")
    return exact_intervals(derivation, InMemory({derivation.model.var.name: x}), estimates, level)[name]


@pytest.mark.parametrize("level", [0.9, 0.95, 0.99])
def test_the_uniform_interval_is_the_textbooks(level: float) -> None:
    x = RNG.uniform(0, 3, 12)
    expected = [x.max(), x.max() / (1 - level) ** (1 / len(x))]
    for derivation in (symle.derive("uniform", known={"a": 0}), symle.derive("1/t", params="t", support="0 < x < t")):
        result = derivation.fit(x, level)
        name = derivation.model.parameters[0].name
        assert result["confidence_intervals"][name] == pytest.approx(expected, rel=1e-10)
        assert result["exact_intervals"] == [name]


def test_a_lower_end_and_a_power_density_follow_the_order_statistic() -> None:
    """x > θ with f = e^{-(x - θ)}: P(X₍₁₎ > t) = e^{-n(t - θ)}; f = 2x/θ² on (0, θ): F = (t/θ)², so
    θ_U = x₍ₙ₎/α^{1/(2n)}."""
    x = RNG.exponential(1.0, 10) + 2.0
    shifted = symle.derive("exp(-(x - theta))", params="theta", support="x > theta")
    assert _interval(shifted, x, 0.95) == pytest.approx([x.min() + math.log(0.05) / 10, x.min()], rel=1e-10)
    y = np.sqrt(RNG.uniform(0, 1, 10)) * 4
    triangle = symle.derive("2*x/theta^2", params="theta", support="0 < x < theta")
    assert _interval(triangle, y, 0.95) == pytest.approx([y.max(), y.max() / 0.05 ** (1 / 20)], rel=1e-10)


def test_the_shifted_exponential_with_its_rate_estimated_uses_the_f_pivot() -> None:
    x = RNG.exponential(0.5, 15) + 1.0
    result = symle.derive("shifted-exponential").fit(x)
    spread = np.sum(x - x.min())
    low = x.min() - spread * stats.f.ppf(0.95, 2, 28) / (15 * 14)
    assert result["confidence_intervals"]["theta"] == pytest.approx([low, x.min()], rel=1e-12)
    assert result["confidence_intervals"]["lambda"] is not None  # (the rate keeps its Wald interval)


def _coverage(derivation: symle.Derivation, draw, truth: float, level: float, samples: int, mle) -> int:  # type: ignore[no-untyped-def]
    """How many of `samples` intervals cover the truth; `mle` gives the textbook estimates of a sample
    (the fit's own are checked above: here only the interval is timed)."""
    covered = 0
    for _ in range(samples):
        x = draw()
        low, high = _interval(derivation, x, level, mle(x))
        covered += low <= truth <= high
    return covered


@pytest.mark.parametrize(
    ("model", "options", "draw", "truth", "mle"),
    [
        ("uniform", {"known": {"a": 0}}, lambda: RNG.uniform(0, 2.0, 8), 2.0, lambda x: {"b": x.max()}),
        (
            "shifted-exponential",
            {},
            lambda: RNG.exponential(1 / 1.5, 6) + 0.7,
            0.7,
            lambda x: {"theta": x.min(), "lambda": 1 / (x.mean() - x.min())},
        ),
    ],
)
def test_coverage_is_the_level(model: str, options: dict, draw, truth: float, mle) -> None:  # type: ignore[no-untyped-def]
    """300 samples: the count covered is Binomial(300, 0.9) for an exact interval; within 3.5 sd of 270."""
    covered = _coverage(symle.derive(model, **options), draw, truth, 0.9, 300, mle)
    assert abs(covered - 270) <= 3.5 * math.sqrt(300 * 0.9 * 0.1), covered


@pytest.mark.slow
@pytest.mark.parametrize("level", [0.8, 0.95])
def test_coverage_of_a_typed_lower_end_and_the_pareto(level: float) -> None:
    samples = 500
    sd = math.sqrt(samples * level * (1 - level))
    typed = symle.derive("exp(-(x - theta))", params="theta", support="x > theta")
    covered = _coverage(
        typed, lambda: RNG.exponential(1.0, 5) - 1.0, -1.0, level, samples, lambda x: {"theta": x.min()}
    )
    assert abs(covered - samples * level) <= 3.5 * sd
    pareto = symle.derive("pareto")
    mle = lambda x: {"xm": x.min(), "alpha": len(x) / np.sum(np.log(x / x.min()))}  # noqa: E731
    covered = _coverage(pareto, lambda: 2.0 * (1 + RNG.pareto(3.0, 7)), 2.0, level, samples, mle)
    assert abs(covered - samples * level) <= 3.5 * sd


def test_the_command_line_labels_the_interval_exact(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "x.txt"
    data.write_text("0.3\n1.2\n2.5\n0.9\n1.7\n")
    out, _ = run("fit", "uniform", str(data), "--known", "a=0", "--timeout", "120")
    assert out.returncode == 0, out.stderr
    assert "95% exact interval" in out.stdout
    row = next(line for line in out.stdout.splitlines() if line.strip().startswith("b "))
    assert f"[2.5, {2.5 / 0.05**0.2:.6g}] (exact)" in row and "boundary" in row
