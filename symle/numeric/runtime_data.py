"""The data half of every generated fitter: observations in memory, streamed in chunks, or as Dask
arrays on a cluster; the sums over them; the checks that data must pass before any iteration."""

# Every generated module embeds this file's body verbatim, before runtime.py's (codegen.runtime_source),
# so that it runs with NumPy alone: import nothing else here, not even Dask (a Dask array is recognised
# by its own methods and summed through NumPy's dispatch to it), and define no name a generated module
# defines itself (fit, fit_details, loglik, score, MODEL, PARAMETERS, NUMERIC, or anything starting p_ or v_).
import numpy

SUBSAMPLE = 20000
BLOCK = 32768


class FitError(ValueError):
    """Data for which the fit is impossible, or a fit that did not converge."""


class DataRejected(FitError):
    """Data refused before any iteration (too few, not finite, outside the support, all equal):
    the caller's data are wrong, whatever the solver does."""


class NoMaximum(FitError):
    """The likelihood keeps rising towards the edge of the parameter space: no estimate exists,
    a property of the data (such as separation) rather than a failure of the solver. `value` is the
    log-likelihood where the climb was stopped (a higher maximum found from another start wins)."""

    value = -numpy.inf


class NotConverged(FitError):
    """Newton's method stopped without reaching a maximum: no convergence, no step that increases
    the log-likelihood, or a Hessian that cannot be used."""


class Data:
    """The data reduced once: the sample size n, the rows (distinct values with their counts w when
    repeated values are merged, else w is None) and the model's statistics and arrays as further
    attributes (d.S0, d.a0, d.v_x), so the iterations never touch the raw data again. Data that are
    not in memory keep their Source in d.source: each sum is then one pass over it."""

    n: numpy.float64
    rows: int
    w: numpy.ndarray | None
    source: "Source | None" = None
    ready: bool = False  # the per-row arrays (rows) are computed: statistics are all known


class Problem:
    """What a generated module supplies: its model's names and rules as class attributes, and the
    generated formulas as methods of a subclass. Everything else is shared, here."""

    response: str = "x"
    covariates: tuple[str, ...] = ()
    parameters: tuple[str, ...] = ()
    numeric: tuple[str, ...] = ()  # the parameters solved by Newton's method
    transforms: tuple[str, ...] = ()  # "log", "logit" or "identity", one per numeric parameter
    starts: tuple[str, ...] = ()  # a start rule (see `starts`), one per numeric parameter
    integers: tuple[bool, ...] = ()  # whole-number parameters among the numeric ones (rounded after the fit)
    concave: bool = False  # the derivation proved a single maximum: one start is enough
    discrete: bool = False
    varying: bool = False  # the objective sums over the rows at every iteration: subsample first

    def support(self, values: numpy.ndarray, low: float, high: float) -> list[tuple[bool, str]]:
        """(condition, message) for each support condition the response must meet."""
        return []

    def prepare(self, arrays: "dict[str, numpy.ndarray] | Source") -> Data:
        """Everything that depends on the data alone, computed once."""
        return data_of(self, arrays)

    def rows(self, d: Data) -> Data:
        """The per-row arrays that depend on the data alone (log x), computed once in memory or
        once a chunk when the data are streamed."""
        return d

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


class Source:
    """Observations not in memory: a stream whose `chunks()` yields {name: array} once a pass (a
    file read by symle), or Dask arrays in `lazy` that their cluster sums. `sample` holds a
    subsample in memory (the warm start), `low` and `high` the response's extremes."""

    def __init__(self, n: int, low: float, high: float, sample: dict, chunks=None, lazy=None, median=None) -> None:
        self.n, self.low, self.high, self.sample = n, low, high, sample
        self.chunks, self.lazy, self.median = chunks, lazy, median


def is_lazy(values: object) -> bool:
    """A Dask collection (array, Series, DataFrame), known by its graph: Dask is never imported here."""
    return hasattr(values, "__dask_graph__")


def computed(parts: list) -> list[numpy.float64]:
    """Lazy scalars computed together, in one pass over their data (one Dask graph), as NumPy scalars."""
    if not parts:
        return []
    stacked = numpy.stack([numpy.asarray(p, dtype=float) if not is_lazy(p) else p.astype(float) for p in parts])
    if is_lazy(stacked):
        stacked = stacked.compute()
    return [numpy.float64(v) for v in numpy.asarray(stacked, dtype=float)]


def total(values: numpy.ndarray | float, d: Data) -> numpy.float64:
    """A sum over the rows of d, weighted by the counts when repeated values were merged. A NumPy
    scalar, not a float: arithmetic on it then overflows to inf quietly (where a Python float's
    power raises OverflowError), and the solver's checks for non-finite values take over."""
    if numpy.ndim(values) == 0:
        return numpy.float64(values) * (d.rows if d.w is None else numpy.sum(d.w))
    if d.w is None:
        return numpy.sum(values, dtype=numpy.float64)
    return numpy.float64(numpy.dot(d.w, values))


def blocks(d: Data):  # -> list[Data] in memory, an iterator of them when streamed
    """The data in cache-sized blocks of rows (the same attributes, the row arrays sliced): sums
    over a million rows run faster block by block, with temporaries that stay in the cache. Streamed
    data come chunk by chunk, each with its per-row arrays; Dask arrays are one block (their
    cluster splits them)."""
    if d.source is not None and d.source.lazy is None:
        return streamed_blocks(d)
    if d.rows <= BLOCK or d.source is not None:
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


def streamed_blocks(d: Data):
    """One pass over streamed data: each chunk as Data (with d's statistics, and its per-row arrays
    once the statistics are all known), in cache-sized blocks."""
    for chunk in d.source.chunks():
        part = Data()
        part.__dict__.update(vars(d))
        part.source, part.w = None, None
        part.rows = next(iter(chunk.values())).size
        for name, values in chunk.items():
            setattr(part, "v_" + name, values)
        if d.ready:
            part = d.problem.rows(part)
        yield from blocks(part)


def totals(data: Data, terms) -> list[numpy.float64]:
    """Several sums over the rows at once, `terms(d)` giving their values on a block d: one pass
    over streamed data, one Dask computation on a cluster, block by block in memory."""
    if data.source is not None and data.source.lazy is not None:
        return computed(list(terms(data)))
    sums = None
    for d in blocks(data):
        parts = terms(d)
        sums = list(parts) if sums is None else [a + b for a, b in zip(sums, parts, strict=True)]
    return sums


def ready(problem: Problem, d: Data) -> Data:
    """d once its statistics are known: the per-row arrays computed (in memory, or lazily for Dask;
    a stream computes them chunk by chunk in blocks)."""
    d.problem, d.ready = problem, True
    return problem.rows(d) if d.source is None or d.source.lazy is not None else d


def order(arrays: "dict[str, numpy.ndarray] | Source", name: str, kind: str) -> float:
    """An order statistic or the mean of the response: NumPy's in memory; from a Source its
    extremes, a pass for the mean, the stream's own exact median (or, for Dask, the column fetched)."""
    if not isinstance(arrays, Source):
        values = numpy.abs(arrays[name]) if kind == "maxabs" else arrays[name]
        return {"min": numpy.min, "max": numpy.max, "maxabs": numpy.max, "median": numpy.median, "mean": numpy.mean}[
            kind
        ](values)
    if kind in ("min", "max", "maxabs"):
        return {"min": arrays.low, "max": arrays.high, "maxabs": max(abs(arrays.low), abs(arrays.high))}[kind]
    if kind == "median":
        return arrays.median() if arrays.median is not None else float(numpy.median(arrays.lazy[name].compute()))
    d = data_of(Problem(), arrays)
    return float(totals(d, lambda b: (total(getattr(b, "v_" + name), b),))[0] / arrays.n)


def subsample(arrays: "dict[str, numpy.ndarray] | Source", size: int = SUBSAMPLE) -> dict[str, numpy.ndarray]:
    """Every k-th row, about `size` of them, when there are over twice as many: most iterations then
    run on the subsample, and only the last ones, from a close start, on all the data."""
    if isinstance(arrays, Source):
        return arrays.sample
    rows = next(iter(arrays.values())).size
    if rows <= 2 * size:
        return arrays
    step = max(1, rows // size)
    return {name: values[::step] for name, values in arrays.items()}


def data_of(problem: Problem, arrays: "dict[str, numpy.ndarray] | Source") -> Data:
    """The checked arrays as Data: d.v_<name> per array; a discrete response without covariates has
    its repeated values merged (d.w counts them), so each sum runs over the distinct values only."""
    d = Data()
    if isinstance(arrays, Source):
        d.n, d.rows, d.w, d.source = numpy.float64(arrays.n), arrays.n, None, arrays
        for name, values in (arrays.lazy or {}).items():
            setattr(d, "v_" + name, values)
        return d
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


def is_stream(values: object) -> bool:
    """Data a caller streams (symle's file reader): chunks() for each pass, and a summary."""
    return hasattr(values, "chunks") and hasattr(values, "summary")


def lazy_columns(problem: Problem, response: object, covariates: object) -> dict:
    """The response and covariates as 1-D Dask arrays (a Series or one-column frame converted, with
    its chunk lengths computed so that sizes are known)."""

    def flat(values: object):
        if hasattr(values, "to_dask_array"):
            values = values.to_dask_array(lengths=True)
        if any(size != size for size in values.shape):  # unknown chunk sizes (x[x > 0]): counted on the cluster
            values = values.compute_chunk_sizes()
        check_kind(values.dtype, "the data")
        return values.reshape(-1) if values.ndim != 1 else values

    arrays = {problem.response: flat(response).astype(float)}
    if problem.covariates:
        matrix = covariates.to_dask_array(lengths=True) if hasattr(covariates, "to_dask_array") else covariates
        matrix = matrix.reshape(-1, 1) if matrix.ndim == 1 else matrix
        if matrix.ndim != 2 or matrix.shape[1] != len(problem.covariates):
            count, names = len(problem.covariates), ", ".join(problem.covariates)
            raise DataRejected(f"X must have {count} column(s), one per covariate: {names}")
        arrays.update({name: matrix[:, k].astype(float) for k, name in enumerate(problem.covariates)})
    return arrays


def read_source(problem: Problem, response: object, covariates: object) -> Source:
    """Streamed or Dask data as a Source, checked as read_data checks arrays: a stream's summary
    (symle's reader has checked every value and names the line of a bad one), Dask arrays in one
    computation on their cluster."""
    if is_stream(response):
        s = response.summary
        source = Source(s["n"], s["low"], s["high"], s["sample"], chunks=response.chunks, median=s.get("median"))
        values, conditions = s["sample"][problem.response], None
    else:
        lazy = lazy_columns(problem, response, covariates)
        values = lazy[problem.response]
        low, high = numpy.min(values), numpy.max(values)
        conditions = problem.support(values, low, high)
        finite = [numpy.all(numpy.isfinite(lazy[c])) for c in problem.covariates]
        stats = computed([low, high, *finite, *(c for c, _ in conditions)])
        for a in lazy.values():
            if a.shape[0] != values.shape[0]:
                raise DataRejected(f"X has {a.shape[0]} rows but the response has {values.shape[0]} values")
        if not all(stats[2 : 2 + len(finite)]):
            raise DataRejected("the covariates contain NaN or infinite values")
        step = max(1, values.size // SUBSAMPLE) if values.size > 2 * SUBSAMPLE else 1
        sample = dict(zip(lazy, computed_arrays([a[::step] for a in lazy.values()]), strict=True))
        source = Source(int(values.size), float(stats[0]), float(stats[1]), sample, lazy=lazy)
        conditions = [(bool(v), m) for v, (_, m) in zip(stats[2 + len(finite) :], conditions, strict=True)]
    check_values(problem, source.n, source.low, source.high)
    for holds, message in conditions if conditions is not None else problem.support(values, source.low, source.high):
        if not holds:
            raise DataRejected(message)
    check_spread(problem, source.low, source.high)
    return source


def computed_arrays(arrays: list) -> list[numpy.ndarray]:
    """Small Dask arrays brought to this process, in one computation."""
    rows = [a.size for a in arrays]
    flat = numpy.concatenate(arrays) if len(arrays) > 1 else arrays[0]
    flat = numpy.asarray(flat.compute() if is_lazy(flat) else flat, dtype=float)
    return numpy.split(flat, numpy.cumsum(rows)[:-1])


def check_values(problem: Problem, size: int, low: float, high: float) -> None:
    minimum = len(problem.parameters)
    if size < minimum:
        raise DataRejected(f"{size} observations are fewer than the {minimum} parameters")
    if not (numpy.isfinite(low) and numpy.isfinite(high)):
        raise DataRejected("the data contain NaN or infinite values")


def check_spread(problem: Problem, low: float, high: float) -> None:
    if not problem.discrete and len(problem.parameters) > 1 and not problem.covariates and low == high:
        raise DataRejected(
            f"all observations are equal: {', '.join(problem.parameters)} have no maximum-likelihood estimate "
            "(the likelihood grows without bound as the distribution concentrates on that one value)"
        )


def read_data(problem: Problem, response: object, covariates: object = None) -> "dict[str, numpy.ndarray] | Source":
    """The response (and the covariates, as the columns of a matrix) as named arrays, checked:
    data that no fit could use are refused here, with a message that says why. Streamed and Dask
    data become a Source."""
    if is_stream(response) or is_lazy(response):
        return read_source(problem, response, covariates)
    values = floats(response, "the data").ravel()
    arrays = {}
    if problem.covariates:
        matrix = floats(covariates, "X")
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
    low = float(numpy.min(values)) if values.size else numpy.nan
    high = float(numpy.max(values)) if values.size else numpy.nan
    check_values(problem, values.size, low, high)
    for holds, message in problem.support(values, low, high):
        if not holds:
            raise DataRejected(message)
    check_spread(problem, low, high)
    return {problem.response: values, **arrays}


def floats(values: object, what: str) -> numpy.ndarray:
    """Values as a float64 array, refusing what is no real number: text, complex numbers, dates, and
    a masked array's masked values (which asarray would quietly keep)."""
    if isinstance(values, numpy.ma.MaskedArray) and numpy.ma.is_masked(values):
        raise DataRejected(f"{what} have masked values: pass values.compressed(), the values that are not masked")
    array = numpy.asarray(values)
    check_kind(array.dtype, what)
    try:
        return array.astype(float)
    except (TypeError, ValueError, OverflowError) as exc:
        raise DataRejected(f"{what} are not all real numbers ({exc})") from None


def check_kind(dtype: numpy.dtype, what: str) -> None:
    """Refuse an array of text, complex numbers or dates: asarray(dtype=float) would read the first
    as numbers, drop the imaginary parts, count the days."""
    if dtype.kind not in "biufO":
        raise DataRejected(f"{what} are {dtype} values, not real numbers")


def columns(problem: Problem, response: object, covariates: object = None) -> list[numpy.ndarray]:
    """The response and each covariate as flat arrays, unchecked (for loglik and score, which are
    evaluated wherever the caller asks)."""
    values = floats(response, "the data").ravel()
    if not problem.covariates:
        return [values]
    matrix = floats(covariates, "X").reshape(values.size, -1)
    return [values, *(matrix[:, k] for k in range(matrix.shape[1]))]


def pointwise(problem: Problem, terms, response: object, covariates: object = None) -> list[float]:
    """Sums of pointwise terms (loglik, score): `terms(*columns)` gives them on some rows; over every
    chunk of a stream, in one computation for Dask arrays, at once in memory."""
    names = (problem.response, *problem.covariates)
    with numpy.errstate(all="ignore"):
        if is_stream(response):
            sums = None
            for chunk in response.chunks():
                parts = terms(*(chunk[name] for name in names))
                sums = list(parts) if sums is None else [a + b for a, b in zip(sums, parts, strict=True)]
            return [float(v) for v in sums]
        if is_lazy(response):
            lazy = lazy_columns(problem, response, covariates)
            return [float(v) for v in computed(list(terms(*(lazy[name] for name in names))))]
        return [float(v) for v in terms(*columns(problem, response, covariates))]


def summed(values: numpy.ndarray | float, like: numpy.ndarray) -> numpy.float64:
    """The sum over the observations of a pointwise term (a constant term counts once per row)."""
    return numpy.sum(numpy.broadcast_to(values, like.shape))
