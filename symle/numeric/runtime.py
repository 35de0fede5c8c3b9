"""The model-independent half of every generated fitter: starting values and Newton's method."""

# Every generated module embeds this file's body verbatim after runtime_data.py's (codegen.runtime_source),
# so that it runs with NumPy alone: import nothing else here but numpy and the runtime's data half (whose
# names the embedded copy defines just above), and define no name a generated module defines itself
# (fit, fit_details, loglik, score, MODEL, PARAMETERS, NUMERIC, or anything starting p_ or v_).
import numpy

from symle.numeric.runtime_data import (  # noqa: F401 - the whole runtime, from one module
    BLOCK,
    SUBSAMPLE,
    Data,
    DataRejected,
    FitError,
    NoMaximum,
    NotConverged,
    Problem,
    Source,
    blocks,
    columns,
    data_of,
    order,
    pointwise,
    read_data,
    ready,
    subsample,
    summed,
    total,
    totals,
)

TOLERANCE = 1e-14
MAX_ITERATIONS = 200
EDGE = 40.0  # |u| beyond this (e^40 on the log scale) during the iterations: running to the edge
FAR = 12.0  # |u| beyond this at the maximum: look further out before trusting it
SHAPE_OFFSETS = (-3.0, -2.0, -1.0, 1.0, 2.0, 3.0)


def to_parameters(u: numpy.ndarray, transforms: tuple[str, ...]) -> tuple[numpy.ndarray, ...]:
    """The parameters t from the unconstrained coordinates u, with dt/du and d2t/du2: Newton's
    method steps in u, where every value is inside the domain (exp > 0, 0 < logistic < 1)."""
    t, d1, d2 = numpy.empty_like(u), numpy.empty_like(u), numpy.empty_like(u)
    for k, kind in enumerate(transforms):
        if kind == "log":
            t[k] = d1[k] = d2[k] = numpy.exp(u[k])
        elif kind == "logit":
            t[k] = 1.0 / (1.0 + numpy.exp(-u[k]))
            d1[k] = t[k] * (1.0 - t[k])
            d2[k] = d1[k] * (1.0 - 2.0 * t[k])
        else:
            t[k], d1[k], d2[k] = u[k], 1.0, 0.0
    return t, d1, d2


def to_unconstrained(t: numpy.ndarray, transforms: tuple[str, ...]) -> numpy.ndarray:
    """The inverse of to_parameters: u from the parameters t."""
    u = numpy.empty(len(t))
    for k, kind in enumerate(transforms):
        if kind == "log":
            u[k] = numpy.log(t[k])
        elif kind == "logit":
            u[k] = numpy.log(t[k] / (1.0 - t[k]))
        else:
            u[k] = t[k]
    return u


def starts(values: numpy.ndarray, rules: tuple[str, ...]) -> numpy.ndarray:
    """Starting values from each parameter's role in the density, which codegen reads off the
    symbols: a location at the median ("median"), a scale at a robust spread or the mean ("spread",
    "mean"), a rate at one over them ("inverse-spread", "inverse-mean"), a shape at one ("one"), a
    probability at one half ("half"), a coefficient at zero ("zero")."""
    table = {"one": 1.0, "half": 0.5, "zero": 0.0}
    with numpy.errstate(all="ignore"):  # each statistic only when a rule needs it: they cost a pass
        if "median" in rules:
            table["median"] = float(numpy.median(values))
        if "spread" in rules or "inverse-spread" in rules:
            quartiles = numpy.percentile(values, [25.0, 75.0])
            spread = float(quartiles[1] - quartiles[0]) / 2.0
            spread = spread if spread > 0 else float(numpy.std(values)) or 1.0
            table.update({"spread": spread, "inverse-spread": 1.0 / spread})
        if "mean" in rules or "inverse-mean" in rules:
            mean = float(numpy.mean(values))
            mean = mean if mean > 0 else 1.0
            table.update({"mean": mean, "inverse-mean": 1.0 / mean})
    return numpy.array([table[rule] for rule in rules], dtype=float)


def evaluate(problem: Problem, d: Data, u: numpy.ndarray) -> tuple[float, numpy.ndarray, numpy.ndarray]:
    """Value, gradient and Hessian in the unconstrained coordinates u (chain rule through t(u))."""
    t, d1, d2 = to_parameters(u, problem.transforms)
    with numpy.errstate(all="ignore"):
        value, gradient, hessian = problem.objective(d, tuple(t))
        gu = d1 * gradient
        hu = numpy.outer(d1, d1) * hessian + numpy.diag(d2 * gradient)
    return float(value), gu, hu


def value_at(problem: Problem, d: Data, u: numpy.ndarray) -> float:
    """The objective alone at u, for the line search and the scans (cheaper than evaluate)."""
    t, _, _ = to_parameters(u, problem.transforms)
    with numpy.errstate(all="ignore"):
        return float(problem.objective_value(d, tuple(t)))


def scan(problem: Problem, d: Data, u: numpy.ndarray) -> numpy.ndarray:
    """A coarse search over the shape parameters (start rule "one"), a factor e at a time: a shape's
    start at one can be far from the maximum, and Newton's method is only trustworthy near it."""
    for k, rule in enumerate(problem.starts):
        if rule != "one":
            continue
        best, best_value = u[k], value_at(problem, d, u)
        for offset in SHAPE_OFFSETS:
            trial = u.copy()
            trial[k] = u[k] + offset
            value = value_at(problem, d, trial)
            if numpy.isfinite(value) and (not numpy.isfinite(best_value) or value > best_value):
                best, best_value = trial[k], value
        u = u.copy()
        u[k] = best
    return u


def rising_to_edge(problem: Problem, u: numpy.ndarray, k: int) -> NoMaximum:
    """The error for a parameter that runs off to the edge of its domain (u[k] unbounded)."""
    direction = "infinity" if u[k] > 0 or problem.transforms[k] == "identity" else "zero"
    return NoMaximum(
        f"the likelihood keeps increasing as {problem.numeric[k]} goes to {direction}: "
        "the maximum-likelihood estimate does not exist for these data"
    )


def ascent_step(gu: numpy.ndarray, hu: numpy.ndarray, iteration: int) -> numpy.ndarray:
    """The Newton step, with the Hessian shifted towards -identity until it is negative definite,
    so that the step always points uphill even far from the maximum."""
    shift = 0.0
    identity = numpy.eye(len(gu))
    scale = max(1.0, float(numpy.max(numpy.abs(numpy.diag(hu)))))
    for _ in range(60):
        try:
            numpy.linalg.cholesky(-hu + shift * identity)
            step = numpy.linalg.solve(-hu + shift * identity, gu)
        except numpy.linalg.LinAlgError:
            shift = max(2.0 * shift, 1e-8 * scale)
            continue
        if numpy.all(numpy.isfinite(step)):
            return step
        break
    raise NotConverged(f"the Hessian is not usable at iteration {iteration}")


def newton(
    problem: Problem, d: Data, u: numpy.ndarray, tolerance: float = TOLERANCE, max_iterations: int = MAX_ITERATIONS
) -> tuple[numpy.ndarray, int]:
    """Safeguarded Newton's method in u: a shifted Hessian where it is not negative definite,
    backtracking so that the log-likelihood increases, stopping on the Newton decrement (the
    predicted gain) or on the relative change of the parameters. Returns (u, iterations)."""
    value, gu, hu = evaluate(problem, d, u)
    if not numpy.isfinite(value):
        raise DataRejected("the log-likelihood is not finite at the starting values")
    with numpy.errstate(all="ignore"):
        for iteration in range(1, max_iterations + 1):
            step = ascent_step(gu, hu, iteration)
            decrement = float(gu @ step)
            if decrement <= tolerance * (1.0 + abs(value)):
                return u, iteration - 1
            factor = 1.0
            trial = u + step
            trial_value, trial_gu, trial_hu = evaluate(problem, d, trial)  # a full step is usually accepted
            while not (numpy.isfinite(trial_value) and trial_value >= value + 1e-4 * factor * decrement):
                factor *= 0.5
                if factor < 1e-14:
                    if decrement <= 1e-8 * (1.0 + abs(value)):
                        return u, iteration - 1
                    norm = float(numpy.linalg.norm(gu))
                    raise NotConverged(f"no step increases the log-likelihood (score norm {norm:.3g})")
                trial = u + factor * step
                trial_value = value_at(problem, d, trial)
                trial_gu = None
            if trial_gu is None:
                trial_value, trial_gu, trial_hu = evaluate(problem, d, trial)
            change = float(numpy.max(numpy.abs(factor * step)))
            u, value, gu, hu = trial, trial_value, trial_gu, trial_hu
            if numpy.max(numpy.abs(u)) > EDGE:
                raise rising_to_edge(problem, u, int(numpy.argmax(numpy.abs(u))))
            if change <= 1e-13 * (1.0 + float(numpy.max(numpy.abs(u)))):
                return u, iteration
        norm = float(numpy.linalg.norm(gu))
    raise NotConverged(
        f"Newton's method did not converge for {', '.join(problem.numeric)} after {max_iterations} iterations "
        f"(score norm {norm:.3g})"
    )


def check_interior(problem: Problem, d: Data, u: numpy.ndarray) -> None:
    """A maximum found far out (a parameter beyond e^12 or below e^-12) may be the likelihood still
    rising towards the edge of the parameter space: then no estimate exists."""
    value = value_at(problem, d, u)
    for k in range(len(u)):
        if abs(u[k]) > FAR:
            further = u.copy()
            further[k] += 5.0 if u[k] > 0 else -5.0
            if value_at(problem, d, further) >= value - 1e-12 * abs(value):
                raise rising_to_edge(problem, u, k)


def check_maximum(problem: Problem, d: Data, u: numpy.ndarray) -> None:
    """Where Newton's method stops, the Hessian must be negative (semi-)definite: a stationary point
    that is a saddle or a minimum (the Cauchy's, on data with two clusters) is not reported."""
    _, _, hu = evaluate(problem, d, u)
    eigenvalues = numpy.linalg.eigvalsh(0.5 * (hu + hu.T))
    if numpy.all(numpy.isfinite(eigenvalues)) and eigenvalues[-1] > 1e-8 * max(
        1.0, float(numpy.max(numpy.abs(eigenvalues)))
    ):
        raise NotConverged(
            f"Newton's method stopped where the score is zero but the log-likelihood is not at a maximum in "
            f"{', '.join(problem.numeric)} (a saddle point or a minimum); the data may have several local maxima"
        )


def solve(problem: Problem, arrays: dict[str, numpy.ndarray]) -> tuple[dict[str, float], int, bool]:
    """The fit of checked arrays: (estimates, Newton iterations, converged). Overflow anywhere gives
    inf or NaN quietly (never a warning), which the solver's checks turn into a FitError."""
    with numpy.errstate(all="ignore"):
        d = problem.prepare(arrays)
        estimates = problem.closed(d)
        iterations = 0
        if problem.numeric:
            # starts and the first iterations on a subsample (always one, for data not in memory)
            sample = subsample(arrays) if problem.varying or isinstance(arrays, Source) else arrays
            small = problem.prepare(sample) if problem.varying and sample is not arrays else d
            u = to_unconstrained(starts(sample[problem.response], problem.starts), problem.transforms)
            u = scan(problem, small, u)
            if small is not d:  # most iterations on the subsample, then polish on all the data
                u, _ = newton(problem, small, u, tolerance=1e-10)
            u, iterations = newton(problem, d, u)
            check_interior(problem, d, u)
            check_maximum(problem, d, u)
            t, _, _ = to_parameters(u, problem.transforms)
            estimates.update(zip(problem.numeric, (float(v) for v in t), strict=True))
            estimates.update(problem.profiles(d, tuple(t)))
    result = {name: float(estimates[name]) for name in problem.parameters}
    bad = [name for name, value in result.items() if not numpy.isfinite(value)]
    if bad:
        raise FitError(f"the estimate of {bad[0]} is not finite for these data")
    return result, iterations, True
