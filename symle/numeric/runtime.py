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
    is_lazy,
    is_stream,
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
EDGE = 40.0  # |u| beyond this (e^40 on the log or logit scale) during the iterations: running to the edge
FAR = 12.0  # |u| beyond this at the maximum: look further out before trusting it
SHAPE_OFFSETS = (-3.0, -2.0, -1.0, 1.0, 2.0, 3.0)
FURTHER = (5.0, 2.0, 1.0, 0.5)  # how much further out check_interior looks, the first finite one used
BASIN = 1e-3  # a climb this close to a maximum already found would end there


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


def spread_of(values: numpy.ndarray) -> float:
    """Half the interquartile range, else the standard deviation, else one: a robust unit of the data."""
    quartiles = numpy.percentile(values, [25.0, 75.0])
    spread = float(quartiles[1] - quartiles[0]) / 2.0
    return spread if spread > 0 else float(numpy.std(values)) or 1.0


def starts(values: numpy.ndarray, rules: tuple[str, ...]) -> numpy.ndarray:
    """Starting values from each parameter's role in the density, which codegen reads off the
    symbols: a location at the median ("median"), or, when it bounds the support, one spread below
    the smallest observation or above the largest ("below-min", "above-max"); a scale at a robust
    spread or the mean ("spread", "mean"), a rate at one over them ("inverse-spread", "inverse-mean"),
    a shape at one ("one"), a probability at one half ("half"), a coefficient at zero ("zero")."""
    table = {"one": 1.0, "half": 0.5, "zero": 0.0}
    with numpy.errstate(all="ignore"):  # each statistic only when a rule needs it: they cost a pass
        if "median" in rules:
            table["median"] = float(numpy.median(values))
        if {"spread", "inverse-spread", "below-min", "above-max"} & set(rules):
            spread = spread_of(values)
            table.update({"spread": spread, "inverse-spread": 1.0 / spread})
            table["below-min"] = float(numpy.min(values)) - spread
            table["above-max"] = float(numpy.max(values)) + spread
        if "mean" in rules or "inverse-mean" in rules:
            mean = float(numpy.mean(values))
            mean = mean if mean > 0 else 1.0
            table.update({"mean": mean, "inverse-mean": 1.0 / mean})
    return numpy.array([table[rule] for rule in rules], dtype=float)


def gamma_argument(values: numpy.ndarray | float) -> numpy.ndarray | float:
    """The argument of log Γ where it is positive, NaN elsewhere: SciPy's gammaln is log |Γ|, finite
    between the poles, where a density's Γ(k + 1 - x) or Γ(θ/2) has no meaning; NaN there makes the
    solver's finiteness checks keep every step and every start where the likelihood is defined."""
    if isinstance(values, float):  # a parameter's Γ(α) (numpy.float64 is a float): no array to build
        return values if values > 0 else numpy.nan
    return numpy.where(numpy.asarray(values) > 0, values, numpy.nan)


def gammaincc_derivative(
    m: int, a: numpy.ndarray | float, x: numpy.ndarray | float, q: numpy.ufunc
) -> numpy.ndarray | float:
    """∂ᵐQ(a, x)/∂aᵐ, m = 1 or 2, for Q = q = scipy.special.gammaincc (passed in: the runtime imports only
    NumPy): central differences with step 1e-4 (1 + a), whose error (about 1e-8 relative) is below what
    the fit's score and standard errors resolve; SciPy has no derivative of Q in a."""
    h = 1e-4 * (1.0 + numpy.abs(a))
    if m == 1:
        return (q(a + h, x) - q(a - h, x)) / (2 * h)
    return (q(a + h, x) - 2 * q(a, x) + q(a - h, x)) / h**2


# B_2, B_4, ..., B_14 over (2j)!: the Euler-Maclaurin corrections of zeta_derivative
EULER_MACLAURIN = (1 / 12, -1 / 720, 1 / 30240, -1 / 1209600, 1 / 47900160, -691 / 1307674368000, 1 / 74724249600)
ZETA_TERMS = 12  # terms summed directly before the Euler-Maclaurin tail


def zeta_derivative(m: int, s: numpy.ndarray | float) -> numpy.ndarray | float:
    """ζ^(m)(s) = (-1)^m Σ_k (log k)^m k^(-s) for s > 1 (NaN elsewhere), to double precision without
    a slow series: the first 11 terms summed, the tail from N = 12 by Euler-Maclaurin: the integral
    N^(1-s) Σ_r m!/(m-r)! (log N)^(m-r)/(s-1)^(r+1), half the N-th term, and seven Bernoulli
    corrections; the next one is below 1e-16 of the tail for every s > 1 and m <= 2 (the (2j-1)-th
    derivative of (log x)^m x^(-s) is x^(-s-2j+1) times a polynomial in log x, carried as coefficients)."""
    values = numpy.asarray(s, dtype=float)
    out = numpy.full(values.shape, numpy.nan)
    for position, t in numpy.ndenumerate(values):
        if t > 1:
            out[position] = (-1) ** m * _log_power_sum(m, float(t))
    return out if out.shape else float(out)


def _log_power_sum(m: int, s: float) -> float:
    """Σ_k (log k)^m k^(-s) over k >= 1 (zeta_derivative)."""
    big = ZETA_TERMS
    k = numpy.arange(2, big, dtype=float)
    head = float(numpy.sum(numpy.log(k) ** m * k ** (-s))) + (1.0 if m == 0 else 0.0)
    log_n = numpy.log(big)
    integral, falling = 0.0, 1.0
    for r in range(m + 1):
        integral += falling * log_n ** (m - r) / (s - 1) ** (r + 1)
        falling *= m - r
    tail = big ** (1 - s) * integral + 0.5 * log_n**m * big ** (-s)
    # f^(j)(x) = x^(-s-j) Σ_r c_r (log x)^r; d/dx: x^(-s-j-1) Σ_r c_r ((-s-j)(log x)^r + r (log x)^(r-1))
    coefficients = numpy.zeros(m + 1)
    coefficients[m] = 1.0
    for j in range(1, 2 * len(EULER_MACLAURIN)):
        shifted = (-s - j + 1) * coefficients
        shifted[:-1] += numpy.arange(1, m + 1) * coefficients[1:]
        coefficients = shifted
        if j % 2:  # odd derivatives carry the corrections
            value = big ** (-s - j) * numpy.polyval(coefficients[::-1], log_n)
            tail -= EULER_MACLAURIN[j // 2] * value
    return head + tail


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


def rising_to_edge(problem: Problem, u: numpy.ndarray, k: int, value: float = -numpy.inf) -> NoMaximum:
    """The error for a parameter that runs off to the edge of its domain (u[k] unbounded): a positive
    parameter to infinity or zero, a probability to one or zero, a real one to plus or minus infinity."""
    edges = {"log": ("infinity", "zero"), "logit": ("1", "0"), "identity": ("infinity", "minus infinity")}
    direction = edges.get(problem.transforms[k], edges["identity"])[0 if u[k] > 0 else 1]
    error = NoMaximum(
        f"the likelihood keeps increasing as {problem.numeric[k]} goes to {direction}: "
        "the maximum-likelihood estimate does not exist for these data"
    )
    error.value = float(value)
    return error


def ascent_step(problem: Problem, gu: numpy.ndarray, hu: numpy.ndarray, iteration: int) -> numpy.ndarray:
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
    raise NotConverged(f"the Hessian in {', '.join(problem.numeric)} is not usable at iteration {iteration}")


def newton(
    problem: Problem,
    d: Data,
    u: numpy.ndarray,
    tolerance: float = TOLERANCE,
    max_iterations: int = MAX_ITERATIONS,
    known: tuple[numpy.ndarray, ...] = (),
) -> tuple[numpy.ndarray, int]:
    """Safeguarded Newton's method in u: a shifted Hessian where it is not negative definite,
    backtracking so that the log-likelihood increases, stopping on the Newton decrement (the
    predicted gain; its step is still taken) or on the relative change of the parameters, or as soon
    as it comes within BASIN of a maximum `known` already (from another start). Returns (u, iterations)."""
    value, gu, hu = evaluate(problem, d, u)
    if not numpy.isfinite(value):
        raise DataRejected(f"the log-likelihood is not finite at the starting values of {', '.join(problem.numeric)}")
    with numpy.errstate(all="ignore"):
        for iteration in range(1, max_iterations + 1):
            step = ascent_step(problem, gu, hu, iteration)
            decrement = float(gu @ step)
            if decrement <= tolerance * (1.0 + abs(value)):
                # the last step, too small to change the log-likelihood, still corrects the parameters
                # (their error is about the square root of the gain's): all their digits, not half
                return u + step, iteration - 1
            factor = 1.0
            trial = u + step
            trial_value, trial_gu, trial_hu = evaluate(problem, d, trial)  # a full step is usually accepted
            while not (numpy.isfinite(trial_value) and trial_value >= value + 1e-4 * factor * decrement):
                factor *= 0.5
                if factor < 1e-14:
                    if decrement <= 1e-8 * (1.0 + abs(value)):
                        return u, iteration - 1
                    norm = float(numpy.linalg.norm(gu))
                    raise NotConverged(
                        f"no step in {', '.join(problem.numeric)} increases the log-likelihood (score norm {norm:.3g})"
                    )
                trial = u + factor * step
                trial_value = value_at(problem, d, trial)
                trial_gu = None
            if trial_gu is None:
                trial_value, trial_gu, trial_hu = evaluate(problem, d, trial)
            change = float(numpy.max(numpy.abs(factor * step)))
            u, value, gu, hu = trial, trial_value, trial_gu, trial_hu
            edge = beyond_edge(problem, u)
            if edge is not None:
                raise rising_to_edge(problem, u, edge, value)
            if change <= 1e-13 * (1.0 + float(numpy.max(numpy.abs(u)))) or near(u, known, BASIN):
                return u, iteration
        norm = float(numpy.linalg.norm(gu))
    raise NotConverged(
        f"Newton's method did not converge for {', '.join(problem.numeric)} after {max_iterations} iterations "
        f"(score norm {norm:.3g})"
    )


def beyond_edge(problem: Problem, u: numpy.ndarray) -> int | None:
    """The first coordinate past EDGE on the log or logit scale (a parameter beyond e^40 or below
    e^-40, a probability within e^-40 of 0 or 1), where the iterations stop: the likelihood is rising
    to the edge. A real parameter has no such scale (a location at 1000 is as good as one at 0): it
    runs on, and check_interior asks whether the likelihood still rises when it is doubled."""
    for k, transform in enumerate(problem.transforms):
        if transform != "identity" and abs(u[k]) > EDGE:
            return k
    return None


def near(u: numpy.ndarray, points: tuple[numpy.ndarray, ...], radius: float) -> bool:
    """Whether u lies within `radius` (relative, in every coordinate) of one of the points."""
    scale = 1.0 + float(numpy.max(numpy.abs(u)))
    return any(float(numpy.max(numpy.abs(u - v))) <= radius * scale for v in points)


def check_interior(problem: Problem, d: Data, u: numpy.ndarray) -> None:
    """A maximum found far out (a parameter beyond e^12 or below e^-12) may be the likelihood still
    rising towards the edge of the parameter space: then no estimate exists. The look further out
    goes as far as the log-likelihood has a value (a probability one step from 1 rounds to 1, where
    0 log 0 is NaN)."""
    far = [k for k in range(len(u)) if abs(u[k]) > FAR]
    value = value_at(problem, d, u) if far else 0.0  # a pass over the data only when it is needed
    for k in far:
        for distance in FURTHER:
            further = u.copy()
            if problem.transforms[k] == "identity":  # a real parameter has no natural unit: its own size
                distance *= max(1.0, abs(u[k]) / FURTHER[0])
            further[k] += distance if u[k] > 0 else -distance
            beyond = value_at(problem, d, further)
            if numpy.isfinite(beyond):  # not lower beyond rounding (a value near 0 is a sum of n terms)
                if beyond >= value - 1e-12 * (abs(value) + float(d.n)):
                    raise rising_to_edge(problem, u, k, value)
                break


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


def check_censoring(censored: object) -> None:
    """A censored model's indicator: 1 for an observed failure, 0 for a censored time (right or left), and at
    least one failure (with none the likelihood rises without end: no estimate)."""
    if is_stream(censored) or is_lazy(censored):
        return  # (read in chunks: symle's fit checks it on the way)
    values = numpy.asarray(censored, dtype=float).ravel()
    if not numpy.all((values == 0) | (values == 1)):
        raise DataRejected("the censoring indicator must be 0 or 1 (1: failure observed, 0: censored)")
    if not numpy.any(values == 1):
        raise DataRejected("no failure is observed (the indicator is 0 everywhere): no maximum-likelihood estimate")


def check_weights(weights: object) -> None:
    """A weighted model's frequency weights: finite numbers ≥ 0 (observation i stands for wᵢ identical
    observations; they need not be whole numbers), not all zero."""
    if is_stream(weights) or is_lazy(weights):
        return  # (read in chunks: symle's fit checks it on the way)
    values = numpy.asarray(weights, dtype=float).ravel()
    if not numpy.all(numpy.isfinite(values)):
        raise DataRejected("the weights must be finite numbers ≥ 0")
    if numpy.any(values < 0):
        raise DataRejected("the weights must be ≥ 0 (observation i stands for w_i identical observations)")
    if not numpy.any(values > 0):
        raise DataRejected("every weight is 0: there is no observation to fit")
