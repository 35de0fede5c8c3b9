"""Fitting a derivation to data: the data loaded (in memory, streamed from a file, or on a Dask
cluster) with the support checked, then closed forms evaluated, least squares, or the generated
Newton fitter, and standard errors with Wald intervals."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import sympy as sp

from symle.algebra.names import text_name
from symle.algebra.printing import text
from symle.derivation import Derivation
from symle.echo import shown
from symle.errors import DataError, ParseError, named
from symle.model.model import Model, Parameter
from symle.model.names import PARAMETRISATIONS, family
from symle.model.resolve import renamed
from symle.model.support import Support
from symle.numeric.bounded import fit_bounded, on_bounds
from symle.numeric.censored import check_censored_bound
from symle.numeric.closed import fit_closed
from symle.numeric.columns import Columns, InMemory
from symle.numeric.data import Sample
from symle.numeric.distributed import dask_columns, is_dask
from symle.numeric.evaluate import evaluate
from symle.numeric.generated import fit_numeric
from symle.numeric.hypothesis import check_tests, hypothesis_fields
from symle.numeric.least_squares import check_design, fit_matrix
from symle.numeric.reading import Reading
from symle.numeric.result import FitResult
from symle.numeric.spill import scan
from symle.numeric.stream import Chunk, DataFile, open_data
from symle.numeric.values import observations
from symle.numeric.wald import check_level, with_wald
from symle.numeric.weights import check_weights, weight_extras
from symle.stages.matrix import is_matrix_case

INTERVALS = ("wald", "profile")


def fit(
    derivation: Derivation,
    data: Any,
    level: float = 0.95,
    *,
    columns: Sequence[str] | None = None,
    reading: Reading | None = None,
    interval: str = "wald",
    tests: Mapping[str, str] | None = None,
) -> FitResult:
    """The estimates on data (a sequence of numbers, an array, a file path or opened DataFile, a Dask
    array or Series, or a Sample), with standard errors and Wald intervals at `level`. `columns`
    names the data's columns that hold the model's variable (or response) and covariates, in order;
    `interval` "profile" gives profile-likelihood intervals instead of Wald intervals; `tests`
    ({name: value}) adds the likelihood-ratio, Wald and score tests of each H₀: θ = θ₀."""
    check_level(level)
    checked = check_tests(derivation, tests or {})
    if interval not in INTERVALS:
        raise ParseError(f"interval {str(interval)[:20]!r}: give 'wald' or 'profile'")
    loaded = load(derivation, data, columns, reading)
    if interval == "profile" and derivation.restrictions:
        raise ParseError(
            f"profile intervals are not given on a restricted parameter space: use {named('interval')} wald"
        )
    result = with_wald(fit_derivation(derivation, loaded), derivation, loaded, level)
    result = on_bounds(result, derivation) if derivation.restrictions else result
    result = dataclasses.replace(result, extras={**(result.extras or {}), **_parametrisation(derivation.model)})
    if derivation.model.censoring is not None:  # how many failures and censored times the fit saw
        (failures,) = loaded.sums([lambda chunk, c=derivation.model.censoring.indicator.name: chunk[c]])
        counts = {"failures": int(failures), "censored": loaded.n - int(failures)}
        result = dataclasses.replace(result, extras={**result.extras, "censoring": counts})
    if derivation.model.weighting is not None:  # the total weight, of which the standard errors and BIC are
        extras = weight_extras(derivation.model, loaded, result.loglik, len(result.estimates))
        result = dataclasses.replace(result, extras={**result.extras, **extras})
    if checked:
        fields = hypothesis_fields(derivation, loaded, result.to_dict(), checked)
        result = dataclasses.replace(result, extras={**(result.extras or {}), "tests": fields})
    if interval == "wald":
        result = dataclasses.replace(result, extras={**(result.extras or {}), "interval": "wald"})
    else:
        from symle.numeric.profile import profile_intervals  # (SciPy's optimisers: loaded only for these)

        intervals, notes = profile_intervals(derivation, loaded, result.to_dict(), level)
        extras = {
            **(result.extras or {}),
            "interval": "profile",
            "confidence_intervals": intervals,
            "interval_scales": dict.fromkeys(intervals),  # (a profile interval is the same on every scale)
        }
        kept = [w for w in result.warnings if not w.startswith("no ") or "interval" not in w]
        result = dataclasses.replace(result, extras=extras, warnings=(*kept, *notes))
    result = _with_exact(result, derivation, loaded, level)
    return dataclasses.replace(result, drawing=_drawing(derivation, loaded))


def _drawing(derivation: Derivation, loaded: Columns) -> Callable[[dict[str, Any]], Any]:
    """What FitResult.plot draws, from the fit's to_dict() and the data read (computed only when asked)."""

    def data(fitted: dict[str, Any]) -> Any:
        from symle.numeric.plot_data import plot_data

        return plot_data(derivation, loaded, fitted)

    return data


def _with_exact(result: FitResult, derivation: Derivation, loaded: Columns, level: float) -> FitResult:
    """The exact interval of each boundary estimate that has one (symle.numeric.exact), in place of the
    Wald or profile interval it cannot have; `exact_intervals` names them."""
    if "boundary" not in result.method.values() or derivation.restrictions:
        return result
    from symle.numeric.exact import exact_intervals

    exact = exact_intervals(derivation, loaded, dict(result.estimates), level)
    if not exact:
        return result
    extras = dict(result.extras or {})
    extras["confidence_intervals"] = {**extras.get("confidence_intervals", {}), **exact}
    extras["interval_scales"] = {**extras.get("interval_scales", {}), **dict.fromkeys(exact)}
    extras["exact_intervals"] = list(exact)
    kept = tuple(
        w for w in result.warnings if not any(w.startswith(f"no profile interval for {text_name(k)}:") for k in exact)
    )
    return dataclasses.replace(result, extras=extras, warnings=kept)


def _parametrisation(model: Model) -> dict[str, str]:
    """A catalogue regression's parametrisation in its own names (wait = b0 + b1 size + error), when
    its response or its one covariate was renamed; nothing otherwise (the catalogue's words stand)."""
    text = PARAMETRISATIONS.get(model.name)
    if text is None or model.typed or len(model.covariates) != 1 or model.censoring or model.weighting or model.samples:
        return {}
    entry = family(model.name)
    words = {entry.var: model.var.name, entry.covariates[0]: model.covariates[0].name}
    return {} if all(k == v for k, v in words.items()) else {"parametrisation": renamed(text, words)}


def data_columns(
    model: Model, column: str | None = None, response: str | None = None, covariates: str | Sequence[str] | None = None
) -> list[str] | None:
    """The data's columns that hold the model's variable (`column`), or a regression's response and
    covariates (each by default the model's own name), in the model's order; None: nothing chosen."""
    if column is not None and not isinstance(column, str):
        raise ParseError(f"column {column!r}: give the column's name")
    extra = model.censoring.indicator if model.censoring else model.weighting.weight if model.weighting else None
    if extra is not None:  # the lifetimes' column and the indicator's, the values' and the weights' (by name)
        if response is not None or covariates is not None:
            raise ParseError("response= and covariates= apply to a regression: give column= (and censored=, weights=)")
        return None if column is None else [column, extra.name]
    if not model.conditional:
        if response is not None or covariates is not None:
            raise ParseError(f"{model.name} is not a regression: choose its data's column with column=NAME")
        return None if column is None else [column]
    if column is not None:
        raise ParseError("column= does not apply to a regression: use response= and covariates=")
    if response is None and covariates is None:
        return None
    if isinstance(covariates, str):
        covariates = [c.strip() for c in covariates.split(",")]
    names = [c.name for c in model.covariates]
    chosen = list(covariates) if covariates is not None else names
    if len(chosen) != len(names) or not all(isinstance(c, str) for c in chosen):
        raise ParseError(f"the model has the covariates {', '.join(names)}: give as many columns, {len(chosen)} given")
    return [response if response is not None else model.var.name, *chosen]


def fit_derivation(derivation: Derivation, data: Any) -> FitResult:
    """The estimates alone: closed forms evaluated, least squares for the matrix form, the
    generated fitter for parameters without a closed form."""
    model = derivation.model
    symbolic = [name for name, value in model.known.items() if value is None]
    if symbolic:
        raise DataError(f"{symbolic[0]} is known but has no value: give {named('known')} {symbolic[0]}=VALUE to fit")
    columns = load(derivation, data)
    try:
        result = _estimates(derivation, columns)
    except DataError as exc:
        if not columns.notes:
            raise
        # the data the error is about are not quite the data given: say how (one line still)
        raise DataError(f"{exc.text} ({'; '.join(columns.notes)})", field=exc.field) from None
    notes = [
        f"the estimate of {text_name(name)} is not unique: every value from "
        f"{text(low)} = {evaluate(low, columns):.10g} to "
        f"{text(high)} = {evaluate(high, columns):.10g} maximises the likelihood; the midpoint is reported"
        for name, e in ({} if is_matrix_case(model) else derivation.estimators).items()
        if e.interval is not None
        for low, high in [e.interval]
    ]
    notes = [*columns.notes, *notes]
    return dataclasses.replace(result, warnings=(*notes, *result.warnings)) if notes else result


def _estimates(derivation: Derivation, columns: Columns) -> FitResult:
    model = derivation.model
    if model.conditional and not model.typed and model.censoring is None and model.weighting is None:
        check_design(model, columns)
    for covariate in model.positive_covariates:  # (λt)^y, λx e^(-λxy): the density needs t > 0
        low, _ = columns.extremes(covariate.name)
        if not low > 0:
            raise DataError(f"the covariate {covariate.name} must be positive in this model, but one value is {low:g}")
    _check_indicators(model, columns)
    check_weights(model, columns)
    if is_matrix_case(model):
        return fit_matrix(derivation, columns)
    if any(not r.projected for r in derivation.restrictions):  # within the bounds, numerically
        result = fit_bounded(derivation, columns)
    elif any(not e.closed_form for e in derivation.estimators.values()):
        result = fit_numeric(derivation, columns)
    else:
        result = fit_closed(derivation, columns)
    _check_fitted_support(derivation, columns, result.estimates)
    return result


def _check_indicators(model: Model, columns: Columns) -> None:
    """A group indicator's values are 0 or 1, at most one of a group's is 1 in a row, and every group
    holds observations (else its parameters are not estimable): one pass over the data."""
    for group in model.groups:
        names = [c.name for c in group]
        terms = [lambda chunk, c=c: (chunk[c] != 0) & (chunk[c] != 1) for c in names]
        terms += [lambda chunk, c=c: chunk[c] for c in names]
        terms.append(lambda chunk, names=names: sum(chunk[c] for c in names) > 1)
        totals = columns.sums(terms)
        bad, members, crowded = totals[: len(names)], totals[len(names) : -1], totals[-1]
        censoring = model.censoring is not None and group == (model.censoring.indicator,)
        for c, count in zip(names, bad, strict=True):
            if count and censoring:
                raise DataError(
                    f"the censoring indicator {c} must be 0 or 1 (1: failure observed, 0: censored), "
                    f"but {int(count)} {'value is' if count == 1 else 'values are'} not"
                )
            if count:
                raise DataError(f"the covariate {c} is a group indicator in this model: its values must be 0 or 1")
        if censoring:  # no censoring at all is an ordinary sample; no failure at all, no estimate
            if members[0] == 0:
                raise DataError(
                    f"no failure is observed ({names[0]} is 0 in every row): no maximum-likelihood estimate"
                )
            check_censored_bound(model, columns)  # (t₍₁₎ estimates xₘ only when it is a failure)
            continue
        if crowded:
            raise DataError(f"the covariates {', '.join(names)} mark one group each: at most one of them is 1 in a row")
        empty = [f"{c} = 1" for c, count in zip(names, members, strict=True) if count == 0]
        if sum(members) >= columns.n:
            empty.insert(0, " = ".join(names) + " = 0")
        if empty:
            raise DataError(f"no observation has {empty[0]}: that group's parameters cannot be estimated")


def _check_fitted_support(derivation: Derivation, columns: Columns, estimates: dict[str, float]) -> None:
    """Every observation must lie in the support at the estimates (bounds met, as a boundary
    estimate meets them, count as inside): an estimate that leaves one outside is impossible,
    and no log-likelihood is reported for it."""
    model = derivation.model
    support = model.support
    values = {p.symbol: sp.Float(estimates[p.name], 17) for p in model.parameters}
    low, high = columns.extremes(model.var.name)
    for bound, extreme, outside in ((support.lower, low, float.__gt__), (support.upper, high, float.__lt__)):
        if not bound.free_symbols & set(values):
            continue
        limit = float(bound.xreplace(values))
        slack = 1e-12 * max(1.0, abs(limit), abs(extreme))
        if outside(limit - slack if outside is float.__gt__ else limit + slack, extreme):
            shown = ", ".join(f"{k} = {v:.6g}" for k, v in estimates.items())
            raise DataError(
                f"no parameter value puts every observation in the support of {model.name} ({shown} leaves "
                f"{extreme:g} outside {text(model.var)} {'≥' if outside is float.__gt__ else '≤'} {limit:g}): "
                "these data cannot come from this model"
            )


def load(
    derivation: Derivation, data: Any, columns: Sequence[str] | None = None, reading: Reading | None = None
) -> Columns:
    """The data as Columns, every value checked against the model's support: a file is read in
    chunks (its first pass checks and copies it), a Dask collection stays on its cluster, anything
    else is read into memory. The data's `columns` (by default the model's own names) are read
    under the model's names; `reading` says how a file is read and what missing values become."""
    if isinstance(data, Columns):
        return data
    model = derivation.model
    names = [model.var.name, *(c.name for c in model.covariates)]
    reading = reading or Reading()
    if columns is not None and len(columns) != len(names):
        given = ", ".join(repr(c) for c in columns)
        raise DataError(
            f"the model reads {len(names)} columns ({', '.join(names)}), but {len(columns)} are given: {given}"
        )
    sources = list(columns) if columns is not None else names if model.conditional else None
    if isinstance(data, (str, Path)):
        data = open_data(data, sources, reading=reading)
    if isinstance(data, DataFile):
        return scan(data, names, _chunk_check(derivation))
    if is_dask(data):
        if columns is not None:  # the chosen columns, under the model's names
            data = (
                data[sources[0]]
                if len(names) == 1
                else data[sources].rename(columns=dict(zip(sources, names, strict=True)))
            )
        return dask_columns(data, names, _support(derivation), model.name, text(model.var))
    sample = observations(data, names, columns, reading.missing)
    _check_support(derivation, sample)
    return InMemory(sample.arrays(model.var.name), sample.source, sample.notes)


def _support(derivation: Derivation) -> Support:
    """The support to check the data against: a bound holding an estimated parameter is met by the
    estimate, so it is checked only as far as the parameter's domain reaches (the Pareto's x > xₘ
    with xₘ > 0 asks for positive data); the other bounds as they are."""
    model = derivation.model
    support = model.support
    free = {p.name: p for p in model.parameters}
    bound_names = {s.name for s in (support.lower.free_symbols | support.upper.free_symbols)}
    if not bound_names & set(free):
        return support
    lower, upper = _reach(support.lower, free, lower=True), _reach(support.upper, free, lower=False)
    return Support(
        lower,
        upper,
        support.lower_closed and lower == support.lower,  # a domain's end is open: xₘ > 0
        support.upper_closed and upper == support.upper,
        support.discrete,
        support.values,
    )


def _reach(bound: sp.Expr, free: dict[str, Parameter], lower: bool) -> sp.Expr:
    """A bound as far as its estimated parameter can take it: the parameter itself as its domain's
    end (a lower bound xₘ > 0 gives 0), anything else as no bound at all."""
    held = [free[s.name] for s in bound.free_symbols if s.name in free]
    if not held:
        return bound
    end = held[0].space.lower if lower else held[0].space.upper
    if bound.is_Symbol and math.isfinite(end):
        return sp.nsimplify(end)
    return sp.S.NegativeInfinity if lower else sp.S.Infinity


def _outside(derivation: Derivation, support: Support, value: float, place: str) -> DataError:
    model = derivation.model
    shown = int(value) if float(value).is_integer() else value
    return DataError(
        f"{place}: {shown} is outside the support of {model.name} ({text(model.var)} in {support.describe()})"
    )


def _chunk_check(derivation: Derivation) -> Callable[[Chunk], None]:
    support = _support(derivation)
    name = derivation.model.var.name

    def check(chunk: Chunk) -> None:
        bad = support.violations(chunk.arrays[name], {})
        if bad.size:
            k = int(bad[0])
            raise _outside(derivation, support, float(chunk.arrays[name][k]), chunk.place(k))

    return check


def _check_support(derivation: Derivation, sample: Sample) -> None:
    support = _support(derivation)
    bad = support.violations(sample.values, {})
    if bad.size:
        k = int(bad[0])
        raise _outside(derivation, support, float(sample.values[k]), shown(sample.place(k)))
