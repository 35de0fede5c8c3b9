"""The model-independent half of every generated fitter: data checks, Newton's method, typed errors."""

# Every generated module embeds this file's body verbatim (codegen.runtime_source), so that it runs
# with NumPy alone: import nothing else here, and define no name a generated module defines itself
# (fit, fit_details, loglik, score, MODEL, PARAMETERS, NUMERIC, or anything starting p_ or v_).
import numpy

TOLERANCE = 1e-14
MAX_ITERATIONS = 200
SUBSAMPLE = 20000
BLOCK = 32768
EDGE = 40.0  # |u| beyond this (e^40 on the log scale) during the iterations: running to the edge
FAR = 12.0  # |u| beyond this at the maximum: look further out before trusting it
SHAPE_OFFSETS = (-3.0, -2.0, -1.0, 1.0, 2.0, 3.0)


class FitError(ValueError):
    """Data for which the fit is impossible, or a fit that did not converge."""


class DataRejected(FitError):
    """Data refused before any iteration (too few, not finite, outside the support, all equal):
    the caller's data are wrong, whatever the solver does."""


class NoMaximum(FitError):
    """The likelihood keeps rising towards the edge of the parameter space: no estimate exists,
    a property of the data (such as separation) rather than a failure of the solver."""


class NotConverged(FitError):
    """Newton's method stopped without reaching a maximum: no convergence, no step that increases
    the log-likelihood, or a Hessian that cannot be used."""


class Data:
    """The data reduced once: the sample size n, the rows (distinct values with their counts w when
    repeated values are merged, else w is None) and the model's statistics and arrays as further
    attributes (d.S0, d.a0, d.v_x), so the iterations never touch the raw data again."""

    n: numpy.float64
    rows: int
    w: numpy.ndarray | None


class Problem:
    """What a generated module supplies: its model's names and rules as class attributes, and the
    generated formulas as methods of a subclass. Everything else is shared, here."""

    response: str = "x"
    covariates: tuple[str, ...] = ()
    parameters: tuple[str, ...] = ()
    numeric: tuple[str, ...] = ()  # the parameters solved by Newton's method
    transforms: tuple[str, ...] = ()  # "log", "logit" or "identity", one per numeric parameter
    starts: tuple[str, ...] = ()  # a start rule (see `starts`), one per numeric parameter
    discrete: bool = False
    varying: bool = False  # the objective sums over the rows at every iteration: subsample first

    def support(self, values: numpy.ndarray, low: float, high: float) -> list[tuple[bool, str]]:
        """(condition, message) for each support condition the response must meet."""
        return []

    def prepare(self, arrays: dict[str, numpy.ndarray]) -> Data:
        """Everything that depends on the data alone, computed once."""
        return data_of(self, arrays)

    def closed(self, d: Data) -> dict[str, float]:
        """The closed-form estimates."""
        return {}

    def objective(self, d: Data, t: tuple[float, ...]) -> tuple[float, numpy.ndarray, numpy.ndarray]:
        """The profile log-likelihood, its gradient and its Hessian in the numeric parameters t."""
        raise NotImplementedError

    def objective_value(self, d: Data, t: tuple[float, ...]) -> float:
        """The profile log-likelihood alone: the line search needs nothing more."""
        raise NotImplementedError

    def profiles(self, d: Data, t: tuple[float, ...]) -> dict[str, float]:
        """The parameters with a closed form given the numeric ones."""
        return {}


def total(values: numpy.ndarray | float, d: Data) -> numpy.float64:
    """A sum over the rows of d, weighted by the counts when repeated values were merged. A NumPy
    scalar, not a float: arithmetic on it then overflows to inf quietly (where a Python float's
    power raises OverflowError), and the solver's checks for non-finite values take over."""
    if numpy.ndim(values) == 0:
        return numpy.float64(values) * (d.rows if d.w is None else numpy.sum(d.w))
    if d.w is None:
        return numpy.sum(values, dtype=numpy.float64)
    return numpy.float64(numpy.dot(d.w, values))


def blocks(d: Data) -> list[Data]:
    """The data in cache-sized blocks of rows (the same attributes, the row arrays sliced): sums
    over a million rows run faster block by block, with temporaries that stay in the cache."""
    if d.rows <= BLOCK:
        return [d]
    rows = [k for k, v in vars(d).items() if isinstance(v, numpy.ndarray) and v.shape == (d.rows,)]
    parts = []
    for start in range(0, d.rows, BLOCK):
        part = Data()
        part.__dict__.update(vars(d))
        for k in rows:
            setattr(part, k, getattr(d, k)[start : start + BLOCK])
        part.rows = min(BLOCK, d.rows - start)
        parts.append(part)
    return parts


def subsample(arrays: dict[str, numpy.ndarray], size: int = SUBSAMPLE) -> dict[str, numpy.ndarray]:
    """Every k-th row, about `size` of them, when there are over twice as many: most iterations then
    run on the subsample, and only the last ones, from a close start, on all the data."""
    rows = next(iter(arrays.values())).size
    if rows <= 2 * size:
        return arrays
    step = max(1, rows // size)
    return {name: values[::step] for name, values in arrays.items()}


def data_of(problem: Problem, arrays: dict[str, numpy.ndarray]) -> Data:
    """The checked arrays as Data: d.v_<name> per array; a discrete response without covariates has
    its repeated values merged (d.w counts them), so each sum runs over the distinct values only."""
    d = Data()
    d.n = numpy.float64(arrays[problem.response].size)
    if problem.discrete and not problem.covariates:
        values, counts = numpy.unique(arrays[problem.response], return_counts=True)
        setattr(d, "v_" + problem.response, values)
        d.w, d.rows = counts.astype(float), values.size
        return d
    for name, values in arrays.items():
        setattr(d, "v_" + name, values)
    d.w, d.rows = None, arrays[problem.response].size
    return d


def read_data(problem: Problem, response: object, covariates: object = None) -> dict[str, numpy.ndarray]:
    """The response (and the covariates, as the columns of a matrix) as named arrays, checked:
    data that no fit could use are refused here, with a message that says why."""
    values = numpy.asarray(response, dtype=float).ravel()
    arrays = {}
    if problem.covariates:
        matrix = numpy.asarray(covariates, dtype=float)
        if matrix.ndim == 1:
            matrix = matrix.reshape(-1, 1)
        if matrix.ndim != 2 or matrix.shape[1] != len(problem.covariates):
            count, names = len(problem.covariates), ", ".join(problem.covariates)
            raise DataRejected(f"X must have {count} column(s), one per covariate: {names}")
        if matrix.shape[0] != values.size:
            raise DataRejected(f"X has {matrix.shape[0]} rows but the response has {values.size} values")
        if not numpy.all(numpy.isfinite(matrix)):
            raise DataRejected("the covariates contain NaN or infinite values")
        arrays = {name: matrix[:, k] for k, name in enumerate(problem.covariates)}
    minimum = len(problem.parameters)
    if values.size < minimum:
        raise DataRejected(f"{values.size} observations are fewer than the {minimum} parameters")
    low, high = float(numpy.min(values)), float(numpy.max(values))
    if not (numpy.isfinite(low) and numpy.isfinite(high)):
        raise DataRejected("the data contain NaN or infinite values")
    for holds, message in problem.support(values, low, high):
        if not holds:
            raise DataRejected(message)
    if not problem.discrete and minimum > 1 and not problem.covariates and low == high:
        raise DataRejected("all observations are equal: a scale parameter would be zero")
    return {problem.response: values, **arrays}


def columns(problem: Problem, response: object, covariates: object = None) -> list[numpy.ndarray]:
    """The response and each covariate as flat arrays, unchecked (for loglik and score, which are
    evaluated wherever the caller asks)."""
    values = numpy.asarray(response, dtype=float).ravel()
    if not problem.covariates:
        return [values]
    matrix = numpy.asarray(covariates, dtype=float).reshape(values.size, -1)
    return [values, *(matrix[:, k] for k in range(matrix.shape[1]))]


def summed(values: numpy.ndarray | float, like: numpy.ndarray) -> float:
    """The sum over the observations of a pointwise term (a constant term counts once per row)."""
    return float(numpy.sum(numpy.broadcast_to(values, like.shape)))


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


def solve(problem: Problem, arrays: dict[str, numpy.ndarray]) -> tuple[dict[str, float], int, bool]:
    """The fit of checked arrays: (estimates, Newton iterations, converged). Overflow anywhere gives
    inf or NaN quietly (never a warning), which the solver's checks turn into a FitError."""
    with numpy.errstate(all="ignore"):
        d = problem.prepare(arrays)
        estimates = problem.closed(d)
        iterations = 0
        if problem.numeric:
            sample = subsample(arrays) if problem.varying else arrays
            small = problem.prepare(sample) if sample is not arrays else d
            u = to_unconstrained(starts(sample[problem.response], problem.starts), problem.transforms)
            u = scan(problem, small, u)
            if small is not d:  # most iterations on the subsample, then polish on all the data
                u, _ = newton(problem, small, u, tolerance=1e-10)
            u, iterations = newton(problem, d, u)
            check_interior(problem, d, u)
            t, _, _ = to_parameters(u, problem.transforms)
            estimates.update(zip(problem.numeric, (float(v) for v in t), strict=True))
            estimates.update(problem.profiles(d, tuple(t)))
    result = {name: float(estimates[name]) for name in problem.parameters}
    bad = [name for name, value in result.items() if not numpy.isfinite(value)]
    if bad:
        raise FitError(f"the estimate of {bad[0]} is not finite for these data")
    return result, iterations, True
