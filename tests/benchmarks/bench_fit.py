"""Fit each numeric family with symle's generated code and with scipy.stats on the same data.

usage: python tests/benchmarks/bench_fit.py [--sizes 1000,100000,1000000] [--repeat 3]

Prints, per family and size: symle's fit time (the generated module, compiled once beforehand),
scipy's, their ratio, the log-likelihood difference (symle minus scipy; never negative beyond
1e-9 relative is the target), symle's Newton iterations, and the one-pass bound (the time to
compute the sufficient statistics alone, for the gamma).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy import optimize, special, stats

import symle
from symle.numeric.codegen import load


def _nbinom_scipy(x: np.ndarray) -> tuple[float, float]:
    """The negative binomial by scipy.optimize on the log-pmf (scipy.stats has no nbinom.fit)."""

    def negative(theta: np.ndarray) -> float:
        r, p = np.exp(theta[0]), special.expit(theta[1])
        return -float(np.sum(stats.nbinom.logpmf(x, r, p)))

    mean, var = x.mean(), x.var()
    r0 = mean**2 / max(var - mean, 1e-3)
    res = optimize.minimize(
        negative,
        [np.log(r0), special.logit(r0 / (r0 + mean))],
        method="Nelder-Mead",
        options={"xatol": 1e-10, "fatol": 1e-10, "maxiter": 4000},
    )
    return float(np.exp(res.x[0])), float(special.expit(res.x[1]))


FAMILIES = {
    "gamma": (
        lambda rng, n: rng.gamma(2.5, 1 / 1.7, n),
        lambda x: stats.gamma.fit(x, floc=0),
        lambda x, p: stats.gamma.logpdf(x, p[0], scale=p[2]).sum(),
    ),
    "weibull": (
        lambda rng, n: 1.3 * rng.weibull(1.7, n),
        lambda x: stats.weibull_min.fit(x, floc=0),
        lambda x, p: stats.weibull_min.logpdf(x, p[0], scale=p[2]).sum(),
    ),
    "beta": (
        lambda rng, n: rng.beta(2.0, 3.5, n),
        lambda x: stats.beta.fit(x, floc=0, fscale=1),
        lambda x, p: stats.beta.logpdf(x, p[0], p[1]).sum(),
    ),
    "cauchy": (
        lambda rng, n: 1.0 + 2.0 * rng.standard_cauchy(n),
        stats.cauchy.fit,
        lambda x, p: stats.cauchy.logpdf(x, *p).sum(),
    ),
    "logistic": (
        lambda rng, n: rng.logistic(0.5, 1.5, n),
        stats.logistic.fit,
        lambda x, p: stats.logistic.logpdf(x, *p).sum(),
    ),
    "gumbel": (
        lambda rng, n: rng.gumbel(0.5, 1.5, n),
        stats.gumbel_r.fit,
        lambda x, p: stats.gumbel_r.logpdf(x, *p).sum(),
    ),
    "negative-binomial": (
        lambda rng, n: rng.negative_binomial(3, 0.4, n).astype(float),
        _nbinom_scipy,
        lambda x, p: stats.nbinom.logpmf(x, p[0], p[1]).sum(),
    ),
}


def _logit_reference(data: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """scipy.optimize.minimize (BFGS, with the analytic gradient) on the logistic log-likelihood."""
    design, y = data

    def negative(b: np.ndarray) -> tuple[float, np.ndarray]:
        eta = design @ b
        return -float(np.sum(y * eta - np.logaddexp(0, eta))), -design.T @ (y - special.expit(eta))

    return optimize.minimize(negative, np.zeros(design.shape[1]), jac=True, method="BFGS", options={"gtol": 1e-8}).x


def _poisson_reference(data: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    design, y = data

    def negative(b: np.ndarray) -> tuple[float, np.ndarray]:
        eta = design @ b
        mean = np.exp(eta)
        return -float(np.sum(y * eta - mean)), -design.T @ (y - mean)

    return optimize.minimize(negative, np.zeros(design.shape[1]), jac=True, method="BFGS", options={"gtol": 1e-8}).x


def _logit_data(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    x = rng.normal(size=n)
    return x, (rng.uniform(size=n) < special.expit(0.4 + 1.2 * x)).astype(float)


def _poisson_data(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    x = rng.normal(size=n)
    return x, rng.poisson(np.exp(0.2 + 0.6 * x)).astype(float)


REGRESSIONS = {
    "logistic-regression": (
        _logit_data,
        _logit_reference,
        lambda d, y, b: float(np.sum(y * (d @ b) - np.logaddexp(0, d @ b))),
    ),
    "poisson-regression": (
        _poisson_data,
        _poisson_reference,
        lambda d, y, b: float(np.sum(y * (d @ b) - np.exp(d @ b) - special.gammaln(y + 1))),
    ),
}


def best_time(function, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def _row(
    name: str, n: int, ours_time: float, theirs_time: float, difference: float, iterations: int, bound: str
) -> str:
    return (
        f"{name:<20}{n:>9}{ours_time:>10.4f}{theirs_time:>10.4f}{theirs_time / ours_time:>8.1f}"
        f"{difference:>14.3e}{iterations:>6}{bound:>12}"
    )


def bench_family(name: str, sizes: list[int], repeat: int) -> None:
    simulate, scipy_fit, scipy_loglik = FAMILIES[name]
    module = load(symle.derive(name))
    for n in sizes:
        x = simulate(np.random.default_rng(n), n)
        ours_time, (estimates, iterations, _) = best_time(lambda: module.fit_details(x), repeat)  # noqa: B023
        theirs_time, params = best_time(lambda: scipy_fit(x), 1 if n >= 100_000 else repeat)  # noqa: B023
        difference = module.loglik(x, **estimates) - float(scipy_loglik(x, params))
        bound = ""
        if name == "gamma":
            one_pass, _ = best_time(lambda: (np.sum(x), np.sum(np.log(x))), repeat)  # noqa: B023
            bound = f"{one_pass:.4f}"
        print(_row(name, n, ours_time, theirs_time, difference, iterations, bound), flush=True)


def bench_regression(name: str, sizes: list[int], repeat: int) -> None:
    simulate, reference, loglik = REGRESSIONS[name]
    module = load(symle.derive(name))
    for n in sizes:
        x, y = simulate(np.random.default_rng(n), n)
        design = np.column_stack([np.ones(n), x])
        ours_time, (estimates, iterations, _) = best_time(lambda: module.fit_details(x, y), repeat)  # noqa: B023
        theirs_time, beta = best_time(lambda: reference((design, y)), 1)  # noqa: B023
        ours = loglik(design, y, np.array([estimates["b0"], estimates["b1"]]))
        print(_row(name, n, ours_time, theirs_time, ours - loglik(design, y, beta), iterations, ""), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--families", default=",".join([*FAMILIES, *REGRESSIONS]))
    args = parser.parse_args()
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    header = f"{'family':<20}{'n':>9}{'symle s':>10}{'scipy s':>10}{'ratio':>8}{'loglik diff':>14}{'iter':>6}"
    print(header + f"{'one-pass s':>12}")
    for name in args.families.split(","):
        if name in REGRESSIONS:
            bench_regression(name, [s for s in sizes if s >= 100_000] or sizes, args.repeat)
        else:
            bench_family(name, sizes, args.repeat)


if __name__ == "__main__":
    main()
