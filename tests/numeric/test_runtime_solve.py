"""The runtime's search on its own, on small objectives whose maxima are known: several starts and ties,
an edge above every interior maximum, starts moved inside the domain, whole-number parameters."""

from __future__ import annotations

import numpy as np
import pytest

from symle.numeric.runtime import Data, DataRejected, NoMaximum, NotConverged, Problem, newton
from symle.numeric.runtime_solve import Held, SeveralMaxima, feasible, maxima, solve, start_points, whole


class TwoPeaks(Problem):
    """-(a² - 4)² + tilt·a: maxima near a = ±2, a minimum near 0 (a stationary point where a real
    parameter of no known role starts). Without tilt the two maxima have equal height."""

    parameters = numeric = ("a",)
    transforms = ("identity",)
    starts = ("zero",)

    def __init__(self, tilt: float = 0.0, concave: bool = False) -> None:
        self.tilt, self.concave = tilt, concave

    def objective(self, d: Data, t: tuple[float, ...]) -> tuple[float, np.ndarray, np.ndarray]:
        (a,) = t
        value = -((a * a - 4.0) ** 2) + self.tilt * a
        return value, np.array([-4.0 * a * (a * a - 4.0) + self.tilt]), np.array([[-12.0 * a * a + 16.0]])

    def objective_value(self, d: Data, t: tuple[float, ...]) -> float:
        return self.objective(d, t)[0]


def test_a_tie_is_a_warning_naming_both_maxima_and_the_first_is_returned() -> None:
    with pytest.warns(SeveralMaxima, match=r"2 maxima of equal height \(0\): a = -2; a = 2; the first is reported"):
        estimates, _, _ = solve(TwoPeaks(), {"x": np.array([-3.0, -1.0, 1.0, 3.0])})
    assert estimates["a"] == pytest.approx(-2.0, abs=1e-12)


@pytest.mark.parametrize("tilt", [0.5, -0.5])
def test_the_higher_of_two_maxima_wins_whichever_side(tilt: float) -> None:
    x = np.array([-3.0, -1.0, 1.0, 3.0])
    grid = np.linspace(-3.0, 3.0, 600001)
    expected = grid[np.argmax(-((grid**2 - 4.0) ** 2) + tilt * grid)]
    estimates, _, _ = solve(TwoPeaks(tilt), {"x": x})
    assert estimates["a"] == pytest.approx(expected, abs=1e-5)


def test_a_log_likelihood_proved_concave_gets_one_start() -> None:
    """One start, at zero: here a minimum, which the second-order check refuses (a wrong proof of
    concavity could never pass a minimum off as the estimate)."""
    with pytest.raises(NotConverged, match="not at a maximum in a"):
        solve(TwoPeaks(concave=True), {"x": np.array([-3.0, -1.0, 1.0, 3.0])})


class PeakAndRise(Problem):
    """exp(-(u + 2)²) + 2/(1 + exp(3 - u)) in u = log a: a local maximum near a = e^-2 of height
    about 1, and a climb towards 2 as a goes to infinity."""

    parameters = numeric = ("a",)
    transforms = ("log",)
    starts = ("mean",)

    def objective(self, d: Data, t: tuple[float, ...]) -> tuple[float, np.ndarray, np.ndarray]:
        u = np.log(t[0])
        bump, rise = np.exp(-((u + 2.0) ** 2)), 1.0 / (1.0 + np.exp(3.0 - u))
        du = -2.0 * (u + 2.0) * bump + 2.0 * rise * (1.0 - rise)
        duu = (4.0 * (u + 2.0) ** 2 - 2.0) * bump + 2.0 * rise * (1.0 - rise) * (1.0 - 2.0 * rise)
        a = t[0]
        return bump + 2.0 * rise, np.array([du / a]), np.array([[(duu - du) / a**2]])

    def objective_value(self, d: Data, t: tuple[float, ...]) -> float:
        return self.objective(d, t)[0]


def test_an_edge_above_every_interior_maximum_means_no_maximum() -> None:
    d = Data()
    points = [np.array([-2.2]), np.array([3.0])]
    with pytest.raises(NoMaximum, match="as a goes to infinity"):
        maxima(PeakAndRise(), d, points, 1e-12)
    (found,) = maxima(PeakAndRise(), d, points[:1], 1e-12)  # from one side only the bump is seen
    grid = np.linspace(-4.0, 0.0, 400001)
    bump = grid[np.argmax([PeakAndRise().objective_value(d, (np.exp(u),)) for u in grid])]
    assert found[1][0] == pytest.approx(bump, abs=1e-5)


class Bounded(Problem):
    """-(log a - log 30)², finite only for a > 10 (as Γ(k + 1 − x₍ₙ₎) asks k ≥ x₍ₙ₎)."""

    parameters = numeric = ("a",)
    transforms = ("log",)
    starts = ("one",)
    integers = (False,)

    def __init__(self, low: float = 10.0, centre: float = 30.0) -> None:
        self.low, self.centre = low, centre

    def objective(self, d: Data, t: tuple[float, ...]) -> tuple[float, np.ndarray, np.ndarray]:
        a = t[0]
        if a <= self.low:
            return np.nan, np.array([np.nan]), np.array([[np.nan]])
        v = np.log(a) - np.log(self.centre)
        return -(v**2), np.array([-2.0 * v / a]), np.array([[(2.0 * v - 2.0) / a**2]])

    def objective_value(self, d: Data, t: tuple[float, ...]) -> float:
        return self.objective(d, t)[0]


def test_a_start_outside_the_domain_moves_inside() -> None:
    u = feasible(Bounded(), Data(), np.array([0.0]), np.array([1.0, 2.0]))
    assert np.exp(u[0]) > 10.0
    estimates, _, _ = solve(Bounded(), {"x": np.array([1.0, 2.0, 3.0])})
    assert estimates["a"] == pytest.approx(30.0, rel=1e-10)


def test_a_start_with_nothing_finite_near_it_names_the_parameter() -> None:
    with pytest.raises(DataRejected, match="not finite at the starting values of a, nor near them"):
        feasible(Bounded(low=1e30), Data(), np.array([0.0]), np.array([1.0, 2.0]))


class Whole(Problem):
    """-(k - c)² - (b - k)² in a whole number k and a real b: b's maximum follows k."""

    parameters = numeric = ("k", "b")
    transforms = ("log", "identity")
    starts = ("one", "zero")
    integers = (True, False)

    def __init__(self, centre: float) -> None:
        self.centre = centre

    def objective(self, d: Data, t: tuple[float, ...]) -> tuple[float, np.ndarray, np.ndarray]:
        k, b = t
        value = -((k - self.centre) ** 2) - (b - k) ** 2
        gradient = np.array([-2.0 * (k - self.centre) + 2.0 * (b - k), -2.0 * (b - k)])
        return value, gradient, np.array([[-4.0, 2.0], [2.0, -2.0]])

    def objective_value(self, d: Data, t: tuple[float, ...]) -> float:
        return self.objective(d, t)[0]


@pytest.mark.parametrize("centre", [2.6, 2.4, 7.5000001, 40.2])
def test_a_whole_number_parameter_is_the_best_integer_with_the_others_maximised_again(centre: float) -> None:
    estimates, _, _ = solve(Whole(centre), {"x": np.array([1.0, 2.0, 3.0])})
    expected = min(range(1, 100), key=lambda k: abs(k - centre))
    assert estimates["k"] == expected and float(estimates["k"]).is_integer()
    assert estimates["b"] == pytest.approx(expected, abs=1e-10)


def test_no_finite_integer_near_the_real_maximum_names_the_parameter() -> None:
    class Narrow(Bounded):
        integers = (True,)

        def objective(self, d: Data, t: tuple[float, ...]) -> tuple[float, np.ndarray, np.ndarray]:
            if not 10.2 < t[0] < 10.8:
                return np.nan, np.array([np.nan]), np.array([[np.nan]])
            return super().objective(d, t)

    problem = Narrow(low=10.2, centre=10.5)
    u, _ = newton(problem, Data(), np.array([np.log(10.5)]))
    with pytest.raises(NotConverged, match=r"no whole-number value of a next to the real maximum \(10.5\)"):
        whole(problem, Data(), u)


def test_held_parameters_leave_newton_the_others() -> None:
    held = Held(Whole(3.0), {0: 5.0})
    assert held.numeric == ("b",) and held.full((2.0,)) == (5.0, 2.0)
    value, gradient, hessian = held.objective(Data(), (2.0,))
    assert value == -13.0 and gradient.tolist() == [6.0] and hessian.tolist() == [[-2.0]]


def test_start_points_spread_over_the_data() -> None:
    """The rules' own start first, then one parameter at a time at its other starts."""
    x = np.arange(1.0, 101.0)
    points = start_points(x, ("median", "spread"))
    first, others = points[0], points[1:]
    assert first.tolist() == pytest.approx([np.median(x), (np.percentile(x, 75) - np.percentile(x, 25)) / 2])
    locations = sorted(p[0] for p in others if p[1] == first[1])
    assert locations == pytest.approx(sorted(np.percentile(x, [25, 75, 10, 90])))
    scales = sorted(p[1] for p in others if p[0] == first[0])
    assert scales == pytest.approx(sorted([first[1] / 4, first[1] * 4]))
    below = start_points(x, ("below-min",))
    assert all(p[0] < x.min() for p in below) and len(below) == 3
