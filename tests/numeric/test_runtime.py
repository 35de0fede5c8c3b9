"""The generated fitters' shared runtime on its own: transforms, start rules, data reduction, checks,
Newton's method and its typed errors, on small objectives whose maximiser is known."""

from __future__ import annotations

import ast
import inspect

import numpy as np
import pytest

from symle.numeric import runtime, runtime_data, runtime_solve
from symle.numeric.runtime import (
    BLOCK,
    Data,
    DataRejected,
    FitError,
    NoMaximum,
    NotConverged,
    Problem,
)


class LogQuadratic(Problem):
    """-(log a - log 3)^2 - (logit p - logit 0.2)^2: concave in the unconstrained coordinates, so
    Newton's method lands on a = 3, p = 0.2 at once."""

    parameters = numeric = ("a", "p")
    transforms = ("log", "logit")
    starts = ("one", "half")

    def objective(self, d: Data, t: tuple[float, ...]) -> tuple[float, np.ndarray, np.ndarray]:
        a, p = t
        u, v = np.log(a) - np.log(3.0), np.log(p / (1 - p)) - np.log(0.25)
        dv = 1 / (p * (1 - p))
        gradient = np.array([-2 * u / a, -2 * v * dv])
        hessian = np.array([[(2 * u - 2) / a**2, 0.0], [0.0, -2 * dv**2 + 2 * v * dv**2 * (1 - 2 * p)]])
        return -(u**2) - v**2, gradient, hessian

    def objective_value(self, d: Data, t: tuple[float, ...]) -> float:
        return self.objective(d, t)[0]


class Logit(Problem):
    """The logistic-regression log-likelihood in (b0, b1) for a 0/1 covariate: its maximiser is
    b0 = logit(mean y at x = 0), b0 + b1 = logit(mean y at x = 1)."""

    response = "y"
    covariates = ("x",)
    parameters = numeric = ("b0", "b1")
    transforms = ("identity", "identity")
    starts = ("zero", "zero")
    discrete = True

    def prepare(self, arrays: dict[str, np.ndarray]) -> Data:
        return runtime.data_of(self, arrays)

    def objective(self, d: Data, t: tuple[float, ...]) -> tuple[float, np.ndarray, np.ndarray]:
        b0, b1 = t
        eta = b0 + b1 * d.v_x
        mean = 1 / (1 + np.exp(-eta))
        weight = mean * (1 - mean)
        value = runtime.total(d.v_y * eta - np.logaddexp(0, eta), d)
        gradient = np.array([runtime.total(d.v_y - mean, d), runtime.total(d.v_x * (d.v_y - mean), d)])
        off = -runtime.total(d.v_x * weight, d)
        hessian = np.array([[-runtime.total(weight, d), off], [off, -runtime.total(d.v_x**2 * weight, d)]])
        return value, gradient, hessian

    def objective_value(self, d: Data, t: tuple[float, ...]) -> float:
        eta = t[0] + t[1] * d.v_x
        return runtime.total(d.v_y * eta - np.logaddexp(0, eta), d)


class Rising(Problem):
    """sign * log a: monotone, so the maximum lies at the edge (a to infinity, or to zero)."""

    parameters = numeric = ("a",)
    transforms = ("log",)
    starts = ("one",)

    def __init__(self, sign: float = 1.0) -> None:
        self.sign = sign

    def objective(self, d: Data, t: tuple[float, ...]) -> tuple[float, np.ndarray, np.ndarray]:
        (a,) = t
        return self.sign * np.log(a), np.array([self.sign / a]), np.array([[-self.sign / a**2]])

    def objective_value(self, d: Data, t: tuple[float, ...]) -> float:
        return self.sign * np.log(t[0])


class Flattening(Problem):
    """-1/a: increasing in a with a gradient that vanishes, so Newton's method stops far out, where
    only the interior check sees that the likelihood is still rising."""

    parameters = numeric = ("a",)
    transforms = ("log",)
    starts = ("one",)

    def objective(self, d: Data, t: tuple[float, ...]) -> tuple[float, np.ndarray, np.ndarray]:
        (a,) = t
        return -1 / a, np.array([1 / a**2]), np.array([[-2 / a**3]])

    def objective_value(self, d: Data, t: tuple[float, ...]) -> float:
        return -1 / t[0]


def _data(n: int = 10) -> Data:
    d = Data()
    d.n, d.rows, d.w = np.float64(n), n, None
    return d


def test_the_errors_are_one_family_of_value_errors() -> None:
    for kind in (DataRejected, NoMaximum, NotConverged):
        assert issubclass(kind, FitError) and issubclass(kind, ValueError)
    assert len({DataRejected, NoMaximum, NotConverged}) == 3


def test_the_runtime_imports_numpy_alone() -> None:
    """The data half imports numpy only; Newton's method numpy and the data half, whose embedded copy
    precedes it; the search the standard library's warnings, numpy and both halves before it."""
    halves = ["symle.numeric.runtime", "symle.numeric.runtime_data"]
    cases = ((runtime_data, [], []), (runtime, [], halves[1:]), (runtime_solve, ["warnings"], halves))
    for module, standard, outside in cases:
        tree = ast.parse(inspect.getsource(module))
        imported = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        imported += [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        assert imported == [*standard, "numpy", *outside]


@pytest.mark.parametrize("transforms", [("log",), ("logit",), ("identity",), ("log", "logit", "identity")])
def test_transforms_round_trip_with_exact_derivatives(transforms: tuple[str, ...]) -> None:
    u = np.linspace(-2.0, 1.5, len(transforms))
    t, d1, d2 = runtime.to_parameters(u, transforms)
    assert runtime.to_unconstrained(t, transforms) == pytest.approx(u, abs=1e-12)
    h = 1e-5
    up, _, _ = runtime.to_parameters(u + h, transforms)
    down, _, _ = runtime.to_parameters(u - h, transforms)
    assert d1 == pytest.approx((up - down) / (2 * h), rel=1e-8, abs=1e-10)
    d1_up = runtime.to_parameters(u + h, transforms)[1]
    d1_down = runtime.to_parameters(u - h, transforms)[1]
    assert d2 == pytest.approx((d1_up - d1_down) / (2 * h), rel=1e-6, abs=1e-9)
    assert all(0 < t[k] < 1 for k, kind in enumerate(transforms) if kind == "logit")
    assert all(t[k] > 0 for k, kind in enumerate(transforms) if kind == "log")


def test_start_rules() -> None:
    x = np.array([1.0, 2.0, 3.0, 4.0, 10.0])
    rules = ("median", "spread", "inverse-spread", "mean", "inverse-mean", "one", "half", "zero")
    spread = (np.percentile(x, 75) - np.percentile(x, 25)) / 2
    expected = [3.0, spread, 1 / spread, 4.0, 0.25, 1.0, 0.5, 0.0]
    assert runtime.starts(x, rules) == pytest.approx(expected)


def test_start_rules_fall_back_where_the_statistic_is_unusable() -> None:
    x = np.array([5.0, 5.0, 5.0, 5.0, 9.0])  # no spread between the quartiles: the standard deviation
    assert runtime.starts(x, ("spread",))[0] == pytest.approx(np.std(x))
    assert runtime.starts(np.full(4, 2.0), ("spread",))[0] == 1.0
    assert runtime.starts(np.array([-3.0, 1.0]), ("mean", "inverse-mean")) == pytest.approx([1.0, 1.0])


def test_newton_on_a_concave_quadratic_in_log_and_logit_scale() -> None:
    problem = LogQuadratic()
    u0 = runtime.to_unconstrained(runtime.starts(np.ones(3), problem.starts), problem.transforms)
    u, iterations = runtime.newton(problem, _data(), u0)
    t, _, _ = runtime.to_parameters(u, problem.transforms)
    assert t == pytest.approx([3.0, 0.2], rel=1e-12)
    assert 1 <= iterations <= 3


def test_newton_on_a_logistic_objective() -> None:
    x = np.array([0.0] * 10 + [1.0] * 8)
    y = np.array([1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0] + [1.0] * 6 + [0.0] * 2)
    estimates, iterations, converged = runtime_solve.solve(Logit(), {"y": y, "x": x})

    def logit(p: float) -> float:
        return float(np.log(p / (1 - p)))

    assert estimates["b0"] == pytest.approx(logit(0.3), abs=1e-10)
    assert estimates["b0"] + estimates["b1"] == pytest.approx(logit(0.75), abs=1e-10)
    assert converged and iterations >= 2


def test_a_likelihood_rising_to_the_edge_has_no_maximum() -> None:
    with pytest.raises(NoMaximum, match="as a goes to infinity: the maximum-likelihood estimate does not exist"):
        runtime.newton(Rising(1.0), _data(), np.zeros(1))
    with pytest.raises(NoMaximum, match="as a goes to zero"):
        runtime.newton(Rising(-1.0), _data(), np.zeros(1))


def test_the_interior_check_sees_a_likelihood_still_rising() -> None:
    with pytest.raises(NoMaximum, match="goes to infinity"):
        runtime_solve.solve(Flattening(), {"x": np.ones(5)})
    runtime.check_interior(LogQuadratic(), _data(), np.array([np.log(3.0), 0.0]))  # an interior maximum passes


class Lying(Problem):
    """A gradient that points uphill where the value only falls: no step can be accepted."""

    parameters = numeric = ("a",)
    transforms = ("identity",)
    starts = ("zero",)

    def objective(self, d: Data, t: tuple[float, ...]) -> tuple[float, np.ndarray, np.ndarray]:
        return -(t[0] ** 2), np.array([1.0]), np.array([[-1.0]])

    def objective_value(self, d: Data, t: tuple[float, ...]) -> float:
        return -(t[0] ** 2)


class Broken(Lying):
    """A Hessian of NaN: no Newton step exists."""

    def objective(self, d: Data, t: tuple[float, ...]) -> tuple[float, np.ndarray, np.ndarray]:
        return 0.0, np.array([1.0]), np.array([[np.nan]])


def test_pathological_objectives_do_not_converge() -> None:
    with pytest.raises(NotConverged, match="no step in a increases the log-likelihood"):
        runtime.newton(Lying(), _data(), np.zeros(1))
    with pytest.raises(NotConverged, match="the Hessian in a is not usable at iteration 1"):
        runtime.newton(Broken(), _data(), np.zeros(1))
    with pytest.raises(NotConverged, match="did not converge for b0, b1 after 1 iterations"):
        runtime.newton(Logit(), _logit_data(), np.zeros(2), max_iterations=1)


def test_a_start_where_the_likelihood_is_not_finite_is_refused() -> None:
    with pytest.raises(DataRejected, match="not finite at the starting values of a"):
        runtime.newton(Rising(1.0), _data(), np.array([-np.inf]))


def _logit_data() -> Data:
    x = np.array([0.0, 0.0, 0.0, 1.0, 1.0, 1.0])
    return runtime.data_of(Logit(), {"y": np.array([0.0, 1.0, 0.0, 1.0, 1.0, 0.0]), "x": x})


@pytest.mark.parametrize("weighted", [False, True])
def test_blocks_and_totals_give_numpys_sums(weighted: bool) -> None:
    rng = np.random.default_rng(4)
    rows = 3 * BLOCK + 123
    d = _data(rows)
    d.v_x = rng.normal(size=rows)
    d.S0 = 2.5  # a statistic rides along unchanged
    d.w = rng.integers(1, 5, size=rows).astype(float) if weighted else None
    weights = d.w if weighted else np.ones(rows)
    parts = runtime.blocks(d)
    assert len(parts) == 4 and sum(p.rows for p in parts) == rows
    assert all(p.S0 == 2.5 and p.v_x.size == p.rows for p in parts)
    assert sum(runtime.total(p.v_x**2, p) for p in parts) == pytest.approx(np.dot(weights, d.v_x**2), rel=1e-12)
    assert sum(runtime.total(3.0, p) for p in parts) == pytest.approx(3.0 * weights.sum(), rel=1e-12)
    small = _data(5)
    assert runtime.blocks(small) == [small]  # small data: no copy at all


def test_totals_are_numpy_scalars_that_overflow_quietly() -> None:
    d = _data(2)
    big = runtime.total(np.array([1e300, 1e300]), d)
    assert isinstance(big, np.float64)
    with np.errstate(over="ignore"):
        assert big**2 == np.inf  # a Python float would raise OverflowError here


def test_repeated_values_of_a_discrete_response_are_merged() -> None:
    class Counts(Problem):
        parameters = ("lambda",)
        discrete = True

    d = runtime.data_of(Counts(), {"x": np.array([0.0, 2.0, 2.0, 5.0, 2.0])})
    assert d.v_x.tolist() == [0.0, 2.0, 5.0] and d.w.tolist() == [1.0, 3.0, 1.0]
    assert d.n == 5 and d.rows == 3
    assert runtime.total(d.v_x, d) == 11.0


def test_subsample_keeps_small_data_whole() -> None:
    small = {"x": np.arange(100.0)}
    assert runtime.subsample(small) is small
    big = {"y": np.arange(100_000.0), "x": np.arange(100_000.0) * 2}
    sub = runtime.subsample(big, size=1000)
    assert sub["y"].size == 1000 and np.array_equal(sub["x"], 2 * sub["y"])


class Positive(Problem):
    parameters = ("mu", "sigma")

    def support(self, values: np.ndarray, low: float, high: float) -> list[tuple[bool, str]]:
        return [(low > 0, "every observation must be > 0")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1.0], "1 observations are fewer than the 2 parameters"),
        ([1.0, np.nan, 2.0], "the data contain NaN or infinite values"),
        ([1.0, np.inf], "the data contain NaN or infinite values"),
        ([1.0, -2.0, 3.0], "every observation must be > 0"),
        ([2.0, 2.0, 2.0], "all observations are equal: mu, sigma have no maximum-likelihood estimate"),
    ],
)
def test_common_data_checks(data: list[float], message: str) -> None:
    with pytest.raises(DataRejected, match=message):
        runtime.read_data(Positive(), data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (np.ma.masked_array([1.0, 2.0, 50.0], mask=[0, 0, 1]), r"masked values: pass values.compressed\(\)"),
        (np.array([1 + 1j, 2.0, 3.0]), "the data are complex128 values, not real numbers"),
        (np.array(["1", "2", "3.5"]), "the data are <U3 values, not real numbers"),
        (np.array(["2020-01-01", "2020-01-05"], dtype="datetime64[D]"), "the data are datetime64"),
        (np.array([1.0, "x", 2.0], dtype=object), "the data are not all real numbers"),
        ([1.0, 10**400], "the data are not all real numbers"),
    ],
)
def test_a_generated_module_refuses_what_is_no_real_number(data: object, message: str) -> None:
    """What asarray(dtype=float) would read wrongly (masked values kept, imaginary parts dropped,
    text parsed, dates as day numbers) is refused, in read_data and in loglik's columns alike."""
    with pytest.raises(DataRejected, match=message):
        runtime.read_data(Positive(), data)
    with pytest.raises(DataRejected, match=message):
        runtime.columns(Positive(), data)


def test_a_masked_array_without_masked_values_is_its_values() -> None:
    data = np.ma.masked_array([1.0, 2.0, 4.0])
    assert runtime.read_data(Positive(), data)["x"].tolist() == [1.0, 2.0, 4.0]


@pytest.mark.parametrize(
    ("X", "y", "message"),
    [
        (np.ones((4, 2)), np.ones(4), r"X must have 1 column\(s\), one per covariate: x"),
        (np.ones(3), np.ones(4), "X has 3 rows but the response has 4 values"),
        (np.array([0.0, np.nan, 1.0, 2.0]), np.ones(4), "the covariates contain NaN or infinite values"),
    ],
)
def test_covariate_checks(X: np.ndarray, y: np.ndarray, message: str) -> None:
    with pytest.raises(DataRejected, match=message):
        runtime.read_data(Logit(), y, X)


def test_read_data_names_the_columns() -> None:
    arrays = runtime.read_data(Logit(), [0, 1, 1], [[0.5], [1.5], [2.5]])
    assert list(arrays) == ["y", "x"] and arrays["x"].tolist() == [0.5, 1.5, 2.5]
    assert [c.tolist() for c in runtime.columns(Logit(), [0, 1], [[3.0], [4.0]])] == [[0.0, 1.0], [3.0, 4.0]]
