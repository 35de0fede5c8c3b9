"""A typed density that is one only for some values of its parameter (issue 20, T7): the parameter space
found from the density's sign and stated, the maximum at an end of it when the score has no root inside,
and the information's value where its formula is 0/0. Each on T7, (1 + θx)/2 on −1 < x < 1, and on
densities of the same kind chosen, with their answers, before running symle on them:
1 + θ(2x − 1) on 0 < x < 1 (−1 ≤ θ ≤ 1, I(0) = n/3) and 1 + θ(x − 1/2) on 0 < x < 1 (−2 ≤ θ ≤ 2,
I(0) = n/12). Fitted estimates are checked against a brute-force grid maximum of the log-likelihood."""

from __future__ import annotations

import json

import numpy as np
import pytest
from adversary import run

import symle

RNG = np.random.default_rng(20261207)

T7 = ("(1+theta*x)/2", "-1 < x < 1", (-1, 1))
LINEAR = ("1+theta*(2*x-1)", "0 < x < 1", (-1, 1))
HALF = ("1+theta*(x-1/2)", "0 < x < 1", (-2, 2))


def _derive(case: tuple[str, str, tuple[int, int]]) -> symle.Derivation:
    density, support, _ = case
    return symle.derive(density, params="theta", support=support, integrate=True, timeout=60)


def _grid_maximum(case: tuple[str, str, tuple[int, int]], x: np.ndarray) -> float:
    """The log-likelihood's largest value on a fine grid over the space, ends included."""
    density, _, (low, high) = case
    grid = np.linspace(low, high, 40001)
    term = {"(1+theta*x)/2": lambda t: (1 + t * x) / 2, "1+theta*(2*x-1)": lambda t: 1 + t * (2 * x - 1)}.get(
        density, lambda t: 1 + t * (x - 0.5)
    )
    values = np.log(term(grid[:, None])).sum(axis=1)
    return float(grid[int(np.argmax(values))])


@pytest.mark.parametrize("case", [T7, LINEAR, HALF], ids=["T7", "linear", "half"])
def test_space_is_found_from_the_sign_and_stated(case) -> None:
    d = _derive(case)
    low, high = case[2]
    (parameter,) = d.model.parameters
    assert parameter.interval is not None and parameter.interval.inferred
    assert parameter.interval.bounds == (low, high)
    assert parameter.interval.lower_closed and parameter.interval.upper_closed
    first = d.steps[0].text
    assert f"It is a density only for {low} ≤ θ ≤ {high}" in first
    assert "monotone in x" in first


@pytest.mark.parametrize("case", [T7, LINEAR], ids=["T7", "linear"])
def test_boundary_maximum_is_on_the_page(case) -> None:
    d = _derive(case)
    low, high = case[2]
    step = next(s for s in d.steps if s.kind == "restricted")
    assert "restricted-ends:theta" in step.claims
    assert "concave" in step.text and "the end towards which the score points" in step.text
    result = d.steps[-1]
    assert "solves the equation below when it has a root in" in result.text
    assert f"θ̂ is the end, {low} or {high}, towards which the score points" in result.text
    # never the unconditional claim the lecturer marked false
    assert "θ̂ solves the equation found above" not in d.to_text()
    assert "θ̂ is its root, found numerically" not in d.to_text()


@pytest.mark.parametrize("case", [T7, LINEAR, HALF], ids=["T7", "linear", "half"])
def test_fit_is_the_grid_maximum_inside_and_at_the_ends(case) -> None:
    d = _derive(case)
    low, high = case[2]
    lower, upper = (-1, 1) if case is T7 else (0, 1)
    middle = (lower + upper) / 2
    width = (upper - lower) / 2
    samples = {
        "inside": middle + width * RNG.uniform(-0.95, 0.95, 40),
        "upper end": middle + width * np.array([0.5, 0.9, 0.7, 0.8, 0.6]),  # every x above the middle
        "lower end": middle - width * np.array([0.5, 0.9, 0.7]),
    }
    for label, x in samples.items():
        fitted = d.fit(x)
        estimate = fitted["estimates"]["theta"]
        assert estimate == pytest.approx(_grid_maximum(case, x), abs=2.5 * (high - low) / 40000), label
        on_boundary = "on the boundary" in fitted["method"]["theta"]
        assert on_boundary is (label != "inside"), (label, fitted)
        if on_boundary:
            assert estimate == (high if label == "upper end" else low)
            assert fitted["standard_errors"]["theta"] is None


@pytest.mark.parametrize(("case", "value"), [(T7, "n/3"), (HALF, "n/12")], ids=["T7", "half"])
def test_information_at_its_removable_singularity(case, value) -> None:
    d = _derive(case)
    fisher = next(s for s in d.steps if s.kind == "fisher")
    assert "at θ = 0 the formula is 0/0" in fisher.text
    assert [str(e.parts[1]) for e in fisher.equations[1:]] == [value]
    variance = next(s for s in d.steps if s.kind == "variance")
    assert variance.text.endswith(f"it is the limit, {value.split('/')[1]}/n.")
    assert "sum over $n$ independent observations" in d.to_latex()  # the sentence's mathematics kept


def test_not_monotone_density_keeps_its_domain() -> None:
    # 1 + θcos(2πx) is least inside the support: the space is not found by the ends, so not claimed
    d = symle.derive("1+theta*cos(2*pi*x)", params="theta", support="0 < x < 1")
    assert d.model.parameters[0].interval is None
    assert "density only for" not in d.steps[0].text


def test_pages_state_a_declared_or_inferred_domain() -> None:
    t3 = symle.derive("exp(-(x-theta)^2/(2*theta))/sqrt(2*pi*theta)", params="theta")
    assert "with unknown θ, where θ > 0." in t3.steps[0].text
    n1 = symle.derive("theta*x^(theta-1)", params="theta", support="0 < x < 1")
    assert "where θ > 0" in n1.steps[0].text
    bernoulli = symle.derive("p^x*(1-p)^(1-x)", params="p", support="x in {0, 1}")
    assert "where 0 < p < 1" in bernoulli.steps[0].text
    located = symle.derive("exp(-(x-mu)^2/2)/sqrt(2*pi)", params="mu")
    assert "where" not in located.steps[0].text  # a real parameter: nothing to state


def test_fit_command_returns_the_upper_end(tmp_path) -> None:
    data = tmp_path / "positive.txt"
    data.write_text("0.5\n0.9\n0.7\n")
    done, _ = run(
        "fit",
        "(1+theta*x)/2",
        "--params",
        "theta",
        "--support",
        "-1 < x < 1",
        "--format",
        "json",
        "--timeout",
        "60",
        str(data),
    )
    assert done.returncode == 0, done.stderr
    fitted = json.loads(done.stdout)
    assert fitted["estimates"]["theta"] == 1 and "on the boundary" in fitted["method"]["theta"]
