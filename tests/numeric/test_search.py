"""The generated fitter's search for the maximum, against SciPy: several starts where the log-likelihood
is not known to be concave (ties reported), whole-number parameters, starts inside the support and the
domain, and the edge of the parameter space. Every expected value is found numerically here, by SciPy
on a fine grid or from many starts, never written in."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from adversary import assert_user_error, run_here
from families import derived
from scipy import optimize, stats
from scipy.special import gammaln

import symle
from symle.numeric.codegen import generate
from symle.numeric.data import Sample
from symle.numeric.problem import numeric_problem

CAUCHY_LOCATION = "1/(pi*(1+(x-theta)^2))"
BINOMIAL = "binomial(k,x)*p^x*(1-p)^(k-x)"


def _grid_maximum(loglik: Callable[[float], float], low: float, high: float, points: int = 20001) -> list[float]:
    """The global maximisers of a one-parameter log-likelihood on [low, high] by SciPy: every local
    maximum of a fine grid polished by bounded Brent between its neighbours, those of the best height
    kept (several when they tie), in order."""
    grid = np.linspace(low, high, points)
    values = np.asarray(loglik(grid), dtype=float)  # the whole grid at once (tests' log-likelihoods are _summed)
    values[~np.isfinite(values)] = -np.inf
    peaks = [
        k for k in range(points) if values[k] >= values[max(k - 1, 0)] and values[k] >= values[min(k + 1, points - 1)]
    ]
    found = []
    for k in peaks:
        bracket = (grid[max(k - 1, 0)], grid[min(k + 1, points - 1)])
        polished = optimize.minimize_scalar(
            lambda v: -loglik(v), bounds=bracket, method="bounded", options={"xatol": 1e-13}
        )
        found.append((loglik(float(polished.x)), float(polished.x)))
    top = max(value for value, _ in found)
    return sorted(v for value, v in found if value >= top - 1e-9 * max(1.0, abs(top)))


def _many_starts(negative: Callable[[np.ndarray], float], starts: list[list[float]]) -> optimize.OptimizeResult:
    """The best of SciPy's Nelder–Mead minimisations from many starts."""
    options = {"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20000, "maxfev": 40000}
    return min(
        (optimize.minimize(negative, s, method="Nelder-Mead", options=options) for s in starts), key=lambda r: r.fun
    )


def _summed(logpdf: Callable[[np.ndarray], np.ndarray]) -> Callable:
    """ℓ(θ) = Σᵢ logpdf(θ)ᵢ over the observations: a float at one θ, an array on a grid of θ (a row each,
    which a Python loop over 20001 points took 1.7 s of processor time to give)."""

    def loglik(theta):  # type: ignore[no-untyped-def]
        values = np.sum(logpdf(np.asarray(theta, dtype=float)[..., None]), axis=-1)
        return float(values) if np.ndim(values) == 0 else values

    return loglik


def _cauchy_loglik(x: np.ndarray, gamma: float = 1.0) -> Callable[[float], float]:
    return _summed(lambda theta: stats.cauchy.logpdf(x, theta, gamma))


# ---- several starts where the log-likelihood is not known to be concave ----


def test_only_a_log_likelihood_not_proved_concave_gets_several_starts() -> None:
    """The derivation's maximum argument decides: the Cauchy's is not concave, the gamma's is (its minors)."""
    assert not numeric_problem(derived("cauchy")).concave
    assert not numeric_problem(derived(CAUCHY_LOCATION, params="theta:real")).concave
    for name in ("gamma", "weibull", "beta", "logistic", "gumbel", "logistic-regression", "poisson-regression"):
        assert numeric_problem(derived(name)).concave, name


def test_the_cauchy_location_on_two_points_is_a_tie_never_the_minimum_between() -> None:
    x = np.array([-3.0, 3.0])
    expected = _grid_maximum(_cauchy_loglik(x), -10.0, 10.0)
    assert len(expected) == 2  # SciPy finds two maxima of equal height, at ±2√2
    result = derived(CAUCHY_LOCATION, params="theta:real").fit(x)
    theta = result["estimates"]["theta"]
    assert theta == pytest.approx(expected[0], abs=1e-6)  # the first, in order
    assert abs(np.sum(2 * (x - theta) / (1 + (x - theta) ** 2))) < 1e-13  # the score: every digit right
    assert result["loglik"] == pytest.approx(_cauchy_loglik(x)(expected[0]), rel=1e-12)
    (tie,) = [w for w in result["warnings"] if "maxima of equal height" in w]
    assert "2 maxima" in tie and "θ = -2.828427" in tie and "θ = 2.828427" in tie


def test_the_catalogue_cauchy_with_gamma_known_from_the_command_line(tmp_path: Path) -> None:
    data = tmp_path / "x.txt"
    data.write_text("-3\n3\n")
    done, _ = run_here("fit", "cauchy", "--known", "gamma=1", str(data), "--format", "json", "--timeout", "60")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    expected = _grid_maximum(_cauchy_loglik(np.array([-3.0, 3.0])), -10.0, 10.0)
    assert out["estimates"]["x0"] == pytest.approx(expected[0], abs=1e-6)
    assert any("2 maxima of equal height" in w and "x₀ = 2.828427" in w for w in out["warnings"])


@pytest.mark.parametrize("seed", range(6))
def test_the_cauchy_location_on_two_clusters_finds_the_global_maximum(seed: int) -> None:
    """Clusters far apart give a local maximum at each: the best of them, as SciPy's grid finds it,
    here the tight cluster that holds fewer observations, not the one the median lies in."""
    rng = np.random.default_rng(seed)
    size = int(rng.integers(5, 9))
    x = np.concatenate([rng.normal(-6.0, 1.5, size + 1), rng.normal(5.0, 0.05, size)])
    loglik = _cauchy_loglik(x)
    expected = _grid_maximum(loglik, float(x.min()), float(x.max()))
    result = derived("cauchy", known={"gamma": 1}).fit(x)
    assert result["loglik"] >= loglik(expected[0]) - 1e-9 * abs(loglik(expected[0]))
    assert min(abs(result["estimates"]["x0"] - v) for v in expected) < 1e-6


@pytest.mark.parametrize("seed", range(4))
def test_the_cauchy_location_and_scale_on_simulated_mixtures(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    x = np.concatenate([rng.standard_cauchy(30) * 0.5 - 4.0, rng.standard_cauchy(20) * 0.5 + 4.0])

    def negative(theta: np.ndarray) -> float:
        return -float(np.sum(stats.cauchy.logpdf(x, theta[0], np.exp(theta[1]))))

    starts = [[m, s] for m in np.percentile(x, [5, 25, 50, 75, 95]) for s in (-2.0, 0.0, 2.0)]
    best = _many_starts(negative, starts)
    result = derived("cauchy").fit(x)
    assert result["loglik"] >= -best.fun - 1e-8 * abs(best.fun)
    assert result["estimates"]["x0"] == pytest.approx(best.x[0], abs=1e-4)
    assert result["estimates"]["gamma"] == pytest.approx(np.exp(best.x[1]), rel=1e-4)


@pytest.mark.parametrize("seed", range(4))
def test_a_student_t_location_on_two_clusters(seed: int) -> None:
    """A further density whose log-likelihood is not concave: the t with two degrees of freedom."""
    rng = np.random.default_rng(200 + seed)
    x = np.concatenate([rng.standard_t(2, 15) - 6.0, rng.standard_t(2, 20) + 4.0])
    derivation = derived("(1+(x-mu)^2/2)^(-3/2)/(2*sqrt(2))", params="mu:real")
    assert not numeric_problem(derivation).concave
    loglik = _summed(lambda mu: stats.t.logpdf(x, 2, mu))
    expected = _grid_maximum(loglik, float(x.min()), float(x.max()))
    result = derivation.fit(x)
    assert result["loglik"] == pytest.approx(loglik(expected[0]), rel=1e-10)
    assert min(abs(result["estimates"]["mu"] - v) for v in expected) < 1e-6


def test_a_symmetric_mixture_always_ties_at_plus_and_minus() -> None:
    """ℓ(μ) = ℓ(−μ) for every sample, and μ = 0 is a stationary point (here a minimum), where a real
    parameter of no known role starts: the fit names both maxima."""
    rng = np.random.default_rng(7)
    x = np.concatenate([rng.normal(2.0, 1.0, 30), rng.normal(-2.0, 1.0, 30)])
    density = "(exp(-(x-mu)^2/2)+exp(-(x+mu)^2/2))/(2*sqrt(2*pi))"
    loglik = _summed(lambda mu: np.logaddexp(stats.norm.logpdf(x, mu), stats.norm.logpdf(x, -mu)) - np.log(2))
    expected = _grid_maximum(loglik, -8.0, 8.0)
    assert len(expected) == 2 and expected[0] == pytest.approx(-expected[1], rel=1e-6)
    result = derived(density, params="mu").fit(x)
    assert result["estimates"]["mu"] == pytest.approx(expected[0], rel=1e-6)
    assert any("2 maxima of equal height" in w for w in result["warnings"])


def test_the_generated_module_warns_of_a_tie_on_its_own(tmp_path: Path) -> None:
    """Run as a user runs `symle codegen`'s output: a SeveralMaxima warning, the first maximum returned."""
    path = tmp_path / "cauchy_fit.py"
    path.write_text(generate(derived("cauchy", known={"gamma": 1})))
    script = (
        "import warnings, numpy, cauchy_fit\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    print(repr(cauchy_fit.fit(numpy.array([-3.0, 3.0]))['x0']))\n"
        "print([w.category.__name__ for w in caught])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    value, categories = done.stdout.splitlines()
    expected = _grid_maximum(_cauchy_loglik(np.array([-3.0, 3.0])), -10.0, 10.0)
    assert float(value) == pytest.approx(expected[0], abs=1e-6)
    assert categories == "['SeveralMaxima']"


def test_a_concave_fit_gives_no_tie_warning() -> None:
    rng = np.random.default_rng(11)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = symle.derive("gamma").fit(rng.gamma(2.0, 1.5, 200))  # derived afresh, under the filter
    assert not any("maxima" in w for w in result["warnings"])


# ---- whole-number parameters ----


def _binomial_k(x: np.ndarray, p: float | None) -> tuple[int, float]:
    """The integer k maximising the binomial likelihood (p known, or profiled out as x̄/k), by brute force."""

    def best_at(k: int) -> float:
        q = p if p is not None else float(np.mean(x)) / k
        return float(np.sum(stats.binom.logpmf(x, k, q)))

    ks = range(int(x.max()), int(x.max()) * 20 + 200)
    values = [best_at(k) for k in ks]
    k = int(np.argmax(values))
    return ks[k], values[k]


@pytest.mark.parametrize(("seed", "k", "p"), [(0, 10, 0.4), (1, 10, 0.4), (2, 37, 0.4), (3, 5, 0.4), (4, 120, 0.4)])
def test_a_binomial_number_of_trials_is_a_whole_number(seed: int, k: int, p: float) -> None:
    x = np.random.default_rng(seed).binomial(k, p, 12).astype(float)
    expected, value = _binomial_k(x, p)
    result = derived(BINOMIAL, params="k:integer,p", known={"p": p}, support="x in {0, ..., k}").fit(x)
    assert result["estimates"]["k"] == expected  # an integer, exactly
    assert result["loglik"] == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("data", [[16, 18, 22, 25, 27], [16, 18, 22, 25, 28]])
def test_the_binomial_with_both_unknown(data: list[int]) -> None:
    """Casella & Berger's example 7.2.13 (Olkin, Petkau and Zidek): one count more moves k̂ a long way."""
    x = np.array(data, dtype=float)
    expected, value = _binomial_k(x, None)
    result = derived(BINOMIAL, params="k:integer,p", support="x in {0, ..., k}").fit(x)
    assert result["estimates"]["k"] == expected
    assert result["estimates"]["p"] == pytest.approx(x.mean() / expected, rel=1e-10)
    assert result["loglik"] == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("seed", range(3))
def test_a_negative_binomial_with_a_whole_number_of_successes(seed: int) -> None:
    """A further whole-number parameter, with a probability profiled out: r̂ is the best integer."""
    x = np.random.default_rng(30 + seed).negative_binomial(4, 0.3, 60).astype(float)
    heights = [(float(np.sum(stats.nbinom.logpmf(x, r, r / (r + x.mean())))), r) for r in range(1, 400)]
    value, expected = max(heights)
    derivation = derived("binomial(x+r-1,x)*p^r*(1-p)^x", params="r:integer,p", support="x in {0, 1, ...}")
    result = derivation.fit(x)
    assert result["estimates"]["r"] == expected
    assert result["loglik"] == pytest.approx(value, rel=1e-12)


def test_a_whole_number_parameter_from_the_command_line(tmp_path: Path) -> None:
    data = tmp_path / "counts.txt"
    x = np.random.default_rng(9).binomial(10, 0.4, 8)
    data.write_text("\n".join(str(v) for v in x) + "\n")
    done, _ = run_here(
        "fit",
        BINOMIAL,
        str(data),
        "--params",
        "k:integer,p",
        "--known",
        "p=0.4",
        "--support",
        "x in {0, ..., k}",
        "--timeout",
        "60",
    )
    assert done.returncode == 0, done.stderr
    expected, _ = _binomial_k(x.astype(float), 0.4)
    (row,) = [line.split() for line in done.stdout.splitlines() if line.split()[:1] == ["k"]]
    assert row[1] == str(expected)  # the summary's row: k, its estimate as a whole number


# ---- starts inside the domain and the support ----


@pytest.mark.parametrize("df", [0.7, 3.0, 12.0])
def test_the_chi_square_degrees_of_freedom_start_away_from_the_pole(df: float) -> None:
    x = np.random.default_rng(int(df * 10)).chisquare(df, 300)
    density = "x^(theta/2-1)*exp(-x/2)/(2^(theta/2)*gamma(theta/2))"
    loglik = _summed(lambda v: stats.chi2.logpdf(x, v))
    (expected,) = _grid_maximum(loglik, 0.05, 40.0)
    result = derived(density, params="theta", support="x > 0").fit(x)
    assert result["estimates"]["theta"] == pytest.approx(expected, rel=1e-6)


def _location_scale_reference(x: np.ndarray, logpdf: Callable[[np.ndarray, float, float], np.ndarray], below: bool):  # type: ignore[no-untyped-def]
    """The maximum over a bound μ of the support (below or above every observation) and a scale s, by SciPy
    from many starts; μ is kept beyond the data by its distance to the extreme, on the log scale."""
    extreme = float(x.min() if below else x.max())

    def negative(theta: np.ndarray) -> float:
        mu = extreme - np.exp(theta[0]) if below else extreme + np.exp(theta[0])
        value = -float(np.sum(logpdf(x, mu, np.exp(theta[1]))))
        return value if np.isfinite(value) else 1e300

    starts = [[a, b] for a in (-6.0, -3.0, -1.0, 0.0, 1.0) for b in (-1.0, 0.0, 1.0)]
    best = _many_starts(negative, starts)
    mu = extreme - np.exp(best.x[0]) if below else extreme + np.exp(best.x[0])
    return mu, float(np.exp(best.x[1])), -best.fun


@pytest.mark.parametrize("seed", range(3))
def test_a_rayleigh_with_a_location_starts_inside_the_support(seed: int) -> None:
    x = 2.0 + np.random.default_rng(seed).rayleigh(1.5, 60)
    mu, s, value = _location_scale_reference(x, lambda x, m, s: stats.rayleigh.logpdf(x, m, s), below=True)
    result = derived("(x-mu)/s^2*exp(-(x-mu)^2/(2*s^2))", params="mu,s", support="x > mu").fit(x)
    assert result["loglik"] >= value - 1e-8 * abs(value)
    assert result["estimates"]["mu"] == pytest.approx(mu, abs=1e-5)
    assert result["estimates"]["s"] == pytest.approx(s, rel=1e-5)


@pytest.mark.parametrize("seed", range(3))
def test_an_upper_bound_of_the_support_starts_above_the_data(seed: int) -> None:
    """The Rayleigh reflected, x < μ: μ starts above the largest observation."""
    x = 5.0 - np.random.default_rng(10 + seed).rayleigh(1.3, 60)
    mu, s, value = _location_scale_reference(x, lambda x, m, s: stats.rayleigh.logpdf(2 * m - x, m, s), below=False)
    result = derived("(mu-x)/s^2*exp(-(mu-x)^2/(2*s^2))", params="mu,s", support="x < mu").fit(x)
    assert result["loglik"] >= value - 1e-8 * abs(value)
    assert result["estimates"]["mu"] == pytest.approx(mu, abs=1e-5)
    assert result["estimates"]["s"] == pytest.approx(s, rel=1e-5)


@pytest.mark.parametrize("seed", range(3))
def test_a_gamma_with_a_location(seed: int) -> None:
    x = 1.0 + np.random.default_rng(20 + seed).gamma(2.0, 0.7, 60)
    mu, b, value = _location_scale_reference(x, lambda x, m, b: stats.gamma.logpdf(x, 2.0, m, b), below=True)
    result = derived("(x-mu)*exp(-(x-mu)/b)/b^2", params="mu,b", support="x > mu").fit(x)
    assert result["loglik"] >= value - 1e-8 * abs(value)
    assert result["estimates"]["mu"] == pytest.approx(mu, abs=1e-5)
    assert result["estimates"]["b"] == pytest.approx(b, rel=1e-5)


# ---- the edge of the parameter space ----

TRUNCATED = "p*(1-p)^x/(1-(1-p)^6)"


def _truncated_loglik(x: np.ndarray) -> Callable[[float], float]:
    return _summed(lambda p: np.log(p) + x * np.log1p(-p) - np.log1p(-((1 - p) ** 6)))


@pytest.mark.parametrize(("values", "edge"), [("0\n0\n0\n0\n", "1"), ("5\n5\n5\n", "0")])
def test_a_probability_whose_likelihood_rises_to_an_edge_is_one_clear_line(
    values: str, edge: str, tmp_path: Path
) -> None:
    """All zeros: the likelihood rises as p goes to 1 (no OverflowError, no 'converged' p = 1); all at
    the largest value, as p goes to 0. Read from standard input, as the issue's command does."""
    x = np.array(values.split(), dtype=float)
    grid = np.linspace(1e-6, 1 - 1e-6, 2001)
    heights = [_truncated_loglik(x)(p) for p in grid]
    assert np.argmax(heights) == (len(grid) - 1 if edge == "1" else 0)  # SciPy's grid agrees: the edge
    data = tmp_path / "x.txt"
    data.write_text(values)
    with data.open() as stdin:
        done, _ = run_here(
            "fit", TRUNCATED, "-", "--params", "p", "--support", "x in {0, ..., 5}", "--timeout", "60", stdin=stdin
        )
    assert_user_error(done, f"as p goes to {edge}", "does not exist")


@pytest.mark.parametrize("seed", range(3))
def test_the_truncated_geometric_inside_its_domain(seed: int) -> None:
    x = np.minimum(np.random.default_rng(seed).geometric(0.45, 40) - 1, 5).astype(float)
    loglik = _truncated_loglik(x)
    (expected,) = _grid_maximum(loglik, 1e-4, 1 - 1e-4)
    result = derived(TRUNCATED, params="p", support="x in {0, ..., 5}").fit(x)
    assert result["estimates"]["p"] == pytest.approx(expected, rel=1e-6)
    assert result["loglik"] == pytest.approx(loglik(expected), rel=1e-10)


def test_gammaln_is_kept_where_the_gamma_function_overflows() -> None:
    """log Γ(k + 1) for a whole-number k stays log Γ, not log of Γ (inf beyond k = 170)."""
    x = np.array([16.0, 18.0, 22.0, 25.0, 28.0])
    result = derived(BINOMIAL, params="k:integer,p", support="x in {0, ..., k}").fit(x)
    k, p = result["estimates"]["k"], result["estimates"]["p"]
    assert k > 171
    assert result["loglik"] == pytest.approx(float(np.sum(stats.binom.logpmf(x, k, p))), rel=1e-12)
    assert np.isfinite(gammaln(k + 1))


# ---- a real parameter far from zero is no edge ----


@pytest.mark.parametrize("offset", [100.0, 1e4, -5e3, 1e6])
def test_a_location_far_from_zero_is_fitted(offset: float) -> None:
    """A real parameter has no natural unit: a location at 100 is not 'the likelihood rising to infinity'."""
    x = offset + 2.0 * np.random.default_rng(int(abs(offset)) % 97).standard_cauchy(200)
    centre = float(np.median(x))

    def negative(theta: np.ndarray) -> float:
        return -float(np.sum(stats.cauchy.logpdf(x, theta[0], np.exp(theta[1]))))

    # SciPy searches for the location's distance from the median: its absolute tolerance (1e-10) is
    # then within floating point's reach at 1e6 too (searching for 1e6 itself, each start ran to its
    # 40000 evaluations, 12 s of processor time); the reference's log-likelihood is computed from x
    best = _many_starts(
        lambda theta: negative(np.array([centre + theta[0], theta[1]])),
        [[d, s] for d in (-1.0, 0.0, 1.0) for s in (0.0, 1.0)],
    )
    location, best_loglik = centre + best.x[0], -negative(np.array([centre + best.x[0], best.x[1]]))
    result = derived("cauchy").fit(x)
    assert result["loglik"] >= best_loglik - 1e-10 * abs(best_loglik)
    assert result["estimates"]["x0"] == pytest.approx(location, abs=1e-4)


def test_a_logistic_regression_on_a_covariate_in_thousandths() -> None:
    """Coefficients in the thousands are as legitimate as any: the covariate's unit sets them."""
    rng = np.random.default_rng(5)
    x = rng.normal(size=300) * 1e-3
    y = (rng.uniform(size=300) < 1 / (1 + np.exp(-(0.3 + 1500.0 * x)))).astype(float)

    def negative(b: np.ndarray) -> float:
        eta = b[0] + b[1] * x
        return -float(np.sum(y * eta - np.logaddexp(0, eta)))

    best = optimize.minimize(negative, [0.0, 0.0], method="BFGS", options={"gtol": 1e-10})
    result = derived("logistic-regression").fit(Sample(y, np.arange(2, 302), "<test>", {"x": x}))
    assert result["loglik"] >= -best.fun - 1e-10 * abs(best.fun)
    assert result["estimates"]["b1"] == pytest.approx(best.x[1], rel=1e-5)
