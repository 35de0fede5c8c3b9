"""The generated fitter's search for the maximum: starts inside the domain and the support, several of
them where the log-likelihood is not known to be concave, ties between maxima, whole-number parameters."""

# Every generated module embeds this file's body verbatim after runtime.py's (codegen.runtime_source):
# import nothing here but numpy, warnings and the runtime's other two halves (embedded just above), and
# define no name a generated module defines itself (fit, fit_details, loglik, score, MODEL, PARAMETERS,
# NUMERIC, or anything starting p_ or v_).
import warnings

import numpy

from symle.numeric.runtime import (  # noqa: F401 - the whole runtime, from one module
    BASIN,
    TOLERANCE,
    check_interior,
    check_maximum,
    near,
    newton,
    scan,
    spread_of,
    starts,
    to_parameters,
    to_unconstrained,
    value_at,
)
from symle.numeric.runtime_data import (
    Data,
    DataRejected,
    FitError,
    NoMaximum,
    NotConverged,
    Problem,
    Source,
    subsample,
)


class SeveralMaxima(UserWarning):
    """The log-likelihood has several maxima of equal height (a warning: the first of them is returned)."""


TIE = 1e-9  # maxima whose log-likelihoods differ by less (relative) are of equal height
SAME = 1e-6  # maxima closer than this (relative, in the unconstrained coordinates) are one
REACH = (1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 24.0)  # how far `feasible` moves a start, in units
FACTORS = (1.0, 0.25, 4.0)  # the spreads a scale or a rate starts from, as multiples of its own start
QUANTILES = (50.0, 25.0, 75.0, 10.0, 90.0)  # where a location starts from, the median first
PROBABILITIES = (0.5, 0.2, 0.8)
WHOLE_STEPS = 1000  # steps of one a whole-number parameter may take from the real maximum's integers


def start_points(values: numpy.ndarray, rules: tuple[str, ...]) -> list[numpy.ndarray]:
    """Starting values spread over the data, the rules' own (`starts`) first, then each parameter in turn
    moved to its other starts (the rest at their own): a location at quartiles and deciles, a scale or a
    rate at a quarter and four times its spread, a probability at 0.2 and 0.8, a bound of the support
    nearer and further from the data, a real parameter of no known role (at zero) a spread either side."""
    base = starts(values, rules)
    with numpy.errstate(all="ignore"):
        options = []
        for k, rule in enumerate(rules):
            if rule == "median":
                choices = [float(q) for q in numpy.percentile(values, QUANTILES)]
            elif rule in ("spread", "mean", "inverse-spread", "inverse-mean"):
                choices = [base[k] * (1.0 / f if rule.startswith("inverse-") else f) for f in FACTORS]
            elif rule in ("below-min", "above-max"):
                extreme = float(numpy.min(values) if rule == "below-min" else numpy.max(values))
                choices = [extreme + (base[k] - extreme) * f for f in FACTORS]
            elif rule == "half":
                choices = list(PROBABILITIES)
            elif rule == "zero":  # a real parameter of no known role: a spread of the data either side
                choices = [0.0, -spread_of(values), spread_of(values)]
            else:
                choices = [base[k]]
            options.append(list(dict.fromkeys(choices)))
    points = [numpy.array(base)]
    for k, choices in enumerate(options):
        for choice in choices[1:]:
            point = base.copy()
            point[k] = choice
            points.append(point)
    return points


def feasible(problem: Problem, d: Data, u: numpy.ndarray, values: numpy.ndarray) -> numpy.ndarray:
    """u itself where the log-likelihood is finite, else the nearest point found moving one parameter
    at a time (a factor e a unit on the log and logit scales, the data's spread on the others): a
    shape whose start at one lies below a bound the data set (Γ(k + 1 − xᵢ) asks for k ≥ max xᵢ)."""
    if numpy.isfinite(value_at(problem, d, u)):
        return u
    unit = spread_of(values)
    for reach in REACH:
        for k, transform in enumerate(problem.transforms):
            for sign in (1.0, -1.0):
                trial = u.copy()
                trial[k] += sign * reach * (1.0 if transform != "identity" else unit)
                if numpy.isfinite(value_at(problem, d, trial)):
                    return trial
    raise DataRejected(
        f"the log-likelihood is not finite at the starting values of {', '.join(problem.numeric)}, nor near them"
    )


def climb(
    problem: Problem, d: Data, u: numpy.ndarray, tolerance: float, known: tuple[numpy.ndarray, ...] = ()
) -> tuple[numpy.ndarray, int, float] | None:
    """Newton's method from u, then the checks that it stopped at a local maximum inside the domain:
    (u, iterations, log-likelihood), or None when the climb joined a maximum `known` already."""
    u, iterations = newton(problem, d, u, tolerance=tolerance, known=known)
    if near(u, known, BASIN):
        return None
    check_interior(problem, d, u)
    check_maximum(problem, d, u)
    return u, iterations, value_at(problem, d, u)


def one(problem: Problem, d: Data, u: numpy.ndarray, v: numpy.ndarray, heights: tuple[float, float]) -> bool:
    """Whether two maxima are one: as good as the same point, or of equal height with no lower point
    half way between them (a flat top that Newton's method left at two places, not two peaks)."""
    if near(u, (v,), SAME):
        return True
    low, high = min(heights), max(heights)
    level = TIE * max(1.0, abs(high))
    return high - low <= level and value_at(problem, d, 0.5 * (u + v)) >= low - level


def maxima(problem: Problem, d: Data, points: list[numpy.ndarray], tolerance: float) -> list[tuple]:
    """The distinct local maxima that Newton's method reaches from the points, best first, each as
    (log-likelihood, u, iterations). A climb that runs to the edge of the parameter space to a height
    above every maximum means that there is no maximum; if none reaches one, the first error stands."""
    found: list[tuple] = []
    errors: list[FitError] = []
    for point in points:
        try:
            climbed = climb(problem, d, point, tolerance, tuple(u for _, u, _ in found))
        except (NoMaximum, NotConverged, DataRejected) as error:
            errors.append(error)
            continue
        if climbed is None or not numpy.isfinite(climbed[2]):
            continue
        u, iterations, value = climbed
        if not any(one(problem, d, u, v, (value, height)) for height, v, _ in found):
            found.append((value, u, iterations))
    found.sort(key=lambda item: -item[0])
    edge = [e for e in errors if isinstance(e, NoMaximum)]
    if edge and (not found or max(e.value for e in edge) > found[0][0] + TIE * max(1.0, abs(found[0][0]))):
        raise max(edge, key=lambda e: e.value)
    if not found:
        raise errors[0]
    return found


def tied(problem: Problem, d: Data, found: list[tuple]) -> tuple[list[tuple], str | None]:
    """The maxima of the best height, in the order of their parameters (the first is reported), and
    the warning that names them when there are several."""
    best = found[0][0] + 0.0  # never -0 in the message
    level = [item for item in found if item[0] >= best - TIE * max(1.0, abs(best))]
    level.sort(key=lambda item: tuple(to_parameters(item[1], problem.transforms)[0]))
    if len(level) == 1:
        return level, None
    shown = [described(problem, d, u) for _, u, _ in level[:4]]
    more = f" and {len(level) - 4} more" if len(level) > 4 else ""
    return level, (
        f"the log-likelihood has {len(level)} maxima of equal height ({best:.10g}): {'; '.join(shown)}{more}; "
        "the first is reported"
    )


def described(problem: Problem, d: Data, u: numpy.ndarray) -> str:
    """Every parameter's value at u, the profiled ones included: `mu = 1.5, sigma2 = 2`."""
    t, _, _ = to_parameters(u, problem.transforms)
    values = dict(zip(problem.numeric, (float(v) for v in t), strict=True))
    values.update(problem.profiles(d, tuple(t)))
    return ", ".join(f"{name} = {value:.10g}" for name, value in values.items())


class Held(Problem):
    """The problem with some numeric parameters held at given values: Newton's method in the others."""

    def __init__(self, problem: Problem, held: dict[int, float]) -> None:
        self.problem, self.held = problem, held
        self.free = [k for k in range(len(problem.numeric)) if k not in held]
        self.numeric = tuple(problem.numeric[k] for k in self.free)
        self.transforms = tuple(problem.transforms[k] for k in self.free)

    def full(self, t: tuple[float, ...]) -> tuple[float, ...]:
        values = dict(self.held)
        values.update(zip(self.free, t, strict=True))
        return tuple(values[k] for k in range(len(self.problem.numeric)))

    def objective(self, d: Data, t: tuple[float, ...]) -> tuple[float, numpy.ndarray, numpy.ndarray]:
        value, gradient, hessian = self.problem.objective(d, self.full(t))
        return value, gradient[self.free], hessian[numpy.ix_(self.free, self.free)]

    def objective_value(self, d: Data, t: tuple[float, ...]) -> float:
        return self.problem.objective_value(d, self.full(t))


def whole(problem: Problem, d: Data, u: numpy.ndarray) -> numpy.ndarray:
    """The whole-number parameters as the likelihood decides, not rounded: the best of the integers
    either side of the real maximum, then steps of one while the log-likelihood rises (the other
    numeric parameters maximised again at each), among values where it is finite (a binomial's number
    of trials never below the largest count)."""
    integers = [k for k, flag in enumerate(problem.integers) if flag]
    if not integers:
        return u
    t, _, _ = to_parameters(u, problem.transforms)

    def height(values: tuple[int, ...]) -> tuple[float, numpy.ndarray]:
        if min(values) < 1:  # the integer domain: whole numbers from one
            return -numpy.inf, u
        held = Held(problem, {k: float(v) for k, v in zip(integers, values, strict=True)})
        rest = numpy.array([u[k] for k in held.free])
        if held.free:
            try:
                rest, _ = newton(held, d, rest)
            except FitError:
                return -numpy.inf, u
        point = to_unconstrained(
            numpy.array(held.full(tuple(to_parameters(rest, held.transforms)[0]))), problem.transforms
        )
        value = value_at(problem, d, point)
        return (value if numpy.isfinite(value) else -numpy.inf), point

    corners = [()]
    for k in integers:
        corners = [(*c, v) for c in corners for v in dict.fromkeys((int(numpy.floor(t[k])), int(numpy.ceil(t[k]))))]
    best, current = max(((height(c), c) for c in corners), key=lambda item: item[0][0])
    if not numpy.isfinite(best[0]):
        raise NotConverged(
            f"no whole-number value of {', '.join(problem.numeric[k] for k in integers)} next to the real "
            f"maximum ({', '.join(f'{t[k]:.6g}' for k in integers)}) gives a finite log-likelihood"
        )
    for _ in range(WHOLE_STEPS):
        neighbours = [
            tuple(v + (s if i == j else 0) for i, v in enumerate(current)) for j in range(len(current)) for s in (-1, 1)
        ]
        better = max(((height(c), c) for c in neighbours), key=lambda item: item[0][0])
        if not better[0][0] > best[0] + TIE * max(1.0, abs(best[0])):
            break
        best, current = better
    return best[1]


def search(problem: Problem, d: Data, small: Data, values: numpy.ndarray) -> tuple[numpy.ndarray, int]:
    """The best maximum: from one start when the derivation proved the log-likelihood concave, else from
    starts spread over the data (each shape as the scan of the first start left it), found on the
    subsample `small` and polished on all the data; a tie is a SeveralMaxima warning. (u, iterations)."""
    points = [to_unconstrained(p, problem.transforms) for p in start_points(values, problem.starts)]
    first = scan(problem, small, feasible(problem, small, points[0], values))
    shapes = [k for k, rule in enumerate(problem.starts) if rule == "one"]
    for point in points[1:]:
        point[shapes] = first[shapes]
    points = [first] if problem.concave else [first, *points[1:]]
    found = maxima(problem, small, points, 1e-10 if small is not d else TOLERANCE)
    if small is not d:
        found = maxima(problem, d, [u for _, u, _ in found], TOLERANCE)
    found, warning = tied(problem, d, found)
    if warning is not None:
        warnings.warn(warning, SeveralMaxima, stacklevel=4)
    return found[0][1], found[0][2]


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
            u, iterations = search(problem, d, small, sample[problem.response])
            u = whole(problem, d, u)
            t, _, _ = to_parameters(u, problem.transforms)
            t = (
                numpy.where(numpy.array(problem.integers, dtype=bool), numpy.round(t), t)
                if any(problem.integers)
                else t
            )
            estimates.update(zip(problem.numeric, (float(v) for v in t), strict=True))
            estimates.update(problem.profiles(d, tuple(t)))
    result = {name: float(estimates[name]) for name in problem.parameters}
    bad = [name for name, value in result.items() if not numpy.isfinite(value)]
    if bad:
        raise FitError(f"the estimate of {bad[0]} is not finite for these data")
    return result, iterations, True
