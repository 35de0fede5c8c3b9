"""The Python API: derive() from loose arguments, and a Derivation that renders and fits itself."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from symle import derivation as value
from symle.algebra.printing import display_rows
from symle.errors import ParseError, named
from symle.followups.invariance import parse_functions
from symle.model.model import Model
from symle.model.spec import DEFAULT_INDICATOR, ModelSpec
from symle.model.weighting import DEFAULT_WEIGHT
from symle.options import DERIVE_SECONDS, Options
from symle.pipeline import derive as run_pipeline
from symle.render.derivation import render_as
from symle.render.json import json_view

if TYPE_CHECKING:
    from symle.numeric.result import FitResult


@dataclasses.dataclass(frozen=True)
class Derivation(value.Derivation):
    """The pipeline's Derivation with the README's conveniences, each a one-line delegation."""

    def to_latex(self, standalone: bool = False) -> str:
        return render_as(self, "latex", standalone)

    def to_markdown(self) -> str:
        return render_as(self, "markdown")

    def to_text(self) -> str:
        return render_as(self, "text")

    def to_json(self) -> str:
        return render_as(self, "json")

    def to_html(self) -> str:
        """An HTML fragment: each equation as MathML, with its LaTeX source for copying."""
        return render_as(self, "html")

    def to_dict(self) -> dict[str, Any]:
        return json_view(self)

    def fit(self, data: Any, level: float = 0.95, **choices: Any) -> dict[str, Any]:
        """The estimates on data (numbers, an array, a mapping or DataFrame, a file path, read in
        chunks, or a Dask array, Series or DataFrame, summed on its cluster), with Wald intervals at
        `level`; `choices` as for fit_result."""
        return self.fit_result(data, level, **choices).to_dict()

    def fit_result(
        self,
        data: Any,
        level: float = 0.95,
        *,
        column: str | None = None,
        response: str | None = None,
        covariates: str | Sequence[str] | None = None,
        delimiter: str | None = None,
        missing: str = "drop",
        interval: str = "wald",
        test: Any = None,
        censored: Any = None,
        weights: Any = None,
        groups: Any = None,
    ) -> FitResult:
        """The fit as a FitResult. `column` is the data's column holding the observations (a
        table's or a CSV file's), `response` and `covariates` a regression's (by default the
        model's names); a file's `delimiter` is detected unless given; rows with a `missing` value
        are left out with a warning ("drop") or refused ("error"); `interval` "wald" (the default) or
        "profile" (profile-likelihood intervals); `test` ({"lambda": 1}, "lambda=1", "mu=0,sigma2=1" or a
        list of such) adds the likelihood-ratio, Wald and score tests of each H₀: θ = θ₀ with their χ²₁
        p-values (the result's "tests"). A censored model's `censored` is its indicator (1: failure
        observed, 0: right-censored): the values, beside `data`'s lifetimes, or the name of the column
        holding them (by default the model's name for the indicator). A weighted model's `weights` are the
        frequency weights (observation i stands for wᵢ identical observations; ≥ 0, need not be whole
        numbers): the values, beside `data`'s observations, or the name of the column holding them."""
        if groups is not None or self.model.samples is not None:  # several samples: `data` with a label each
            return self._fit_samples(data, groups, level, interval, test)
        from symle.numeric.censored import censored_data  # (NumPy's fitting code: loaded only to fit)
        from symle.numeric.fit import data_columns
        from symle.numeric.fit import fit as fit_data
        from symle.numeric.hypothesis import parse_tests
        from symle.numeric.reading import Reading
        from symle.numeric.weights import weighted_data

        if self.model.grouping is not None:  # counts in classes: a class file, or the columns a, b, m
            from symle.numeric.classes import class_data, fit_classes

            return fit_classes(self.model, class_data(self.model, data, delimiter), level)

        data, column = censored_data(self.model, data, column, censored)
        data, column = weighted_data(self.model, data, column, weights)
        columns = data_columns(self.model, column, response, covariates)
        named = next((c for c in (censored, weights) if isinstance(c, str)), None)
        if named is not None and columns is not None:
            columns[-1] = named
        elif named is not None:
            columns = [self.model.var.name, named]
        reading = Reading.of(delimiter, missing)
        tests = parse_tests(test)
        return fit_data(self, data, level, columns=columns, reading=reading, interval=interval, tests=tests)

    def _fit_samples(self, data: Any, groups: Any, level: float, interval: str, test: Any) -> FitResult:
        """Several samples' fit: the observations `data` and their group labels `groups`."""
        from symle.errors import ParseError
        from symle.numeric.fit import fit as fit_data
        from symle.numeric.hypothesis import parse_tests
        from symle.numeric.reading import Reading
        from symle.numeric.samples_data import grouped_columns

        if groups is None:
            raise ParseError("several samples: give each observation's group label, fit(x, groups=labels)")
        if isinstance(groups, str) or isinstance(data, (str, Mapping)):
            raise ParseError(
                "fit(x, groups=labels): give the observations and their labels as sequences of equal length"
            )
        columns, numbered, notes = grouped_columns(self.model, data, groups)
        result = fit_data(
            self,
            columns,
            level,
            columns=None,
            reading=Reading.of(None, "drop"),
            interval=interval,
            tests=parse_tests(test),
        )
        extras = {**(result.extras or {}), "groups": numbered}
        return dataclasses.replace(result, warnings=(*notes, *result.warnings), extras=extras)

    def summary(self) -> str:
        """A few lines: the model, each estimator in its familiar form, and how to see more."""
        kind = "typed density" if self.model.typed else "family"
        lines = [f"symle derivation: the {kind} {self.model.name} ({len(self.steps)} steps)"]
        lines += [f"  {estimator.line()}" for estimator in self.estimators.values()]
        lines += [f"  note: {note}" for note in self.notes]
        lines.append("  see d.to_text(), d.to_latex(), d.to_markdown(), d.to_dict(); fit with d.fit(data)")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.summary()

    __str__ = __repr__

    def _repr_markdown_(self) -> str:
        """A notebook's display: the whole page in Markdown, its mathematics in $…$ for MathJax and KaTeX."""
        return self.to_markdown()

    def _repr_latex_(self) -> str:
        """For front ends that show only LaTeX: display mathematics alone (the estimators), no headings."""
        return display_rows([estimator.latex_row() for estimator in self.estimators.values()])

    @classmethod
    def of(cls, derived: value.Derivation) -> Derivation:
        return cls(**{f.name: getattr(derived, f.name) for f in dataclasses.fields(derived)})


def derive(
    model: str | Model | ModelSpec,
    *,
    var: str | None = None,
    params: str | Sequence[str] | None = None,
    support: str | None = None,
    known: Sequence[str] | Mapping[str, object] | None = None,
    timeout: float = DERIVE_SECONDS,
    normalise_check: bool = True,
    integrate: bool = False,
    functions: Sequence[str] | Mapping[str, str] | None = None,
    response: str | None = None,
    covariates: str | Sequence[str] | None = None,
    test: str | Mapping[str, object] | None = None,
    censored: str | bool | None = None,
    weights: str | bool | None = None,
    classes: bool = False,
    censoring: str | None = None,
    groups: int | None = None,
    shared: str | Sequence[str] | None = None,
) -> Derivation:
    """Derive the maximum-likelihood estimators of a catalogue family or a typed density.

    `integrate` lets the information use integrals over the density where the score identity
    does not give it (slow; the command line turns it on); `functions` ({name: formula} or
    NAME=FORMULA items) are estimated by invariance. `test` adds the tests of H₀: θ = θ₀ to the page
    (the likelihood-ratio, Wald and score statistics, derived, and their χ²₁ reference): "lambda"
    (θ₀ a symbol, λ₀), "lambda=2" or {"lambda": 2}; the Derivation's `test` holds them. `censored`
    names the indicator of censored lifetimes (1: failure observed, 0: censored; True: the name delta),
    `censoring` what a 0 says: "right" (the default: the lifetime exceeds tᵢ) or "left" (it is below tᵢ);
    `weights` the frequency weights (observation i stands for wᵢ identical observations; True: the name w);
    `classes` True for counts in classes (aᵢ, bᵢ], a histogram: the multinomial likelihood ∏ pᵢ(θ)^mᵢ."""
    censored = DEFAULT_INDICATOR if censored is True else None if censored is False else censored
    weights = DEFAULT_WEIGHT if weights is True else None if weights is False else weights
    functions_ = tuple(parse_functions(functions, "functions").items())
    options = Options(timeout, normalise_check, integrate, functions_, hypothesis_option(test))
    spec = (
        model
        if isinstance(model, (Model, ModelSpec))
        else ModelSpec.of(
            model,
            var=var,
            params=params,
            support=support,
            known=known,
            response=response,
            covariates=covariates,
            censored=censored,
            weights=weights,
            classes=classes,
            censoring=censoring,
            groups=groups,
            shared=shared,
        )
    )
    return Derivation.of(run_pipeline(spec, options))


def hypothesis_option(test: str | Mapping[str, object] | None, what: str = named("test")) -> tuple[str, ...]:
    """A test as Options holds it: (name,) or (name, value text)."""
    from symle.followups.hypothesis import parse_test

    if test is None:
        return ()
    if isinstance(test, Mapping):
        if len(test) != 1:
            raise ParseError(f"{what}: give one parameter to test, e.g. {{'lambda': 1}}")
        ((name, value),) = test.items()
        if value is None:
            return parse_test(str(name), what)
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise ParseError(f"{what} {name}: the value must be a number, not {type(value).__name__}")
        return parse_test(f"{name}={value}", what)
    if not isinstance(test, str):
        raise ParseError(f"{what}: give a parameter name, NAME=VALUE or {{name: value}}, not {type(test).__name__}")
    return parse_test(test, what)


def fit(
    model: str | Model | ModelSpec,
    data: Any = None,
    *,
    column: str | None = None,
    response: str | None = None,
    covariates: str | Sequence[str] | None = None,
    level: float = 0.95,
    delimiter: str | None = None,
    missing: str = "drop",
    interval: str = "wald",
    test: Any = None,
    censored: Any = None,
    weights: Any = None,
    censoring: str | None = None,
    intervals: Any = None,
    groups: Any = None,
    **options: Any,
) -> FitResult:
    """Derive the model and fit it to data in one call: `symle.fit("gamma", df, column="wait")`,
    `symle.fit("linear-regression", "data.csv", response="wait", covariates="size")`,
    `symle.fit("weibull", t, censored=d)` (d: 1 failure observed, 0 censored; or the name of the
    data's column holding it; `censoring="left"`: a 0 marks a lifetime below its time),
    `symle.fit("normal", x, weights=w)` (frequency weights, or the name of the data's column holding them),
    `symle.fit("normal", x, groups=labels, shared="sigma2")` (several samples: one label per observation, as
    many samples as labels). The other `options` are derive's (params, var, support, known, timeout, ...).
    Interval-censored lifetimes are `intervals=(lo, hi)`, each known only to lie in [loᵢ, hiᵢ] (hi = inf:
    right-censored; lo = hi: exact), fitted numerically (symle.numeric.intervals)."""
    if intervals is not None:
        return _fit_intervals(model, data, intervals, level, censored, censoring, options)
    if data is None:
        raise ParseError("fit: give the data (or intervals=(lo, hi) for interval-censored lifetimes)")
    name = censored if isinstance(censored, str) else None if censored is None else DEFAULT_INDICATOR
    weight = weights if isinstance(weights, str) else None if weights is None else DEFAULT_WEIGHT
    if groups is not None:  # several samples: as many as the labels name (`shared` among the options)
        from symle.numeric.samples_data import labelled

        count = len(labelled(data, groups)[2]) if not isinstance(groups, str) else None
        options["groups"] = count if count is not None and count >= 2 else 2  # (fewer: refused by the fit, clearly)
    derivation = derive(
        model,
        response=response,
        covariates=covariates,
        censored=name,
        censoring=censoring,
        weights=weight,
        **options,
    )
    if groups is not None:
        return derivation.fit_result(data, level, interval=interval, test=test, groups=groups)
    return derivation.fit_result(
        data,
        level,
        column=column,
        delimiter=delimiter,
        missing=missing,
        interval=interval,
        test=test,
        censored=censored,
        weights=weights,
    )


def _fit_intervals(
    model: str | Model | ModelSpec,
    data: Any,
    intervals: Any,
    level: float,
    censored: Any,
    censoring: str | None,
    options: dict[str, Any],
) -> FitResult:
    """fit(model, intervals=(lo, hi)): the uncensored model derived, its likelihood ∏ [F(hᵢ) − F(lᵢ)] maximised."""
    from symle.numeric.intervals import fit_intervals, interval_bounds

    if data is not None or censored is not None or censoring is not None:
        raise ParseError(
            "intervals=(lo, hi) are the data of an interval-censored fit: give no data, censored= or censoring="
        )
    if isinstance(intervals, (str, bytes)) or not hasattr(intervals, "__len__") or len(intervals) != 2:
        raise ParseError("intervals must be a pair (lo, hi) of sequences of bounds")
    lo, hi = interval_bounds(intervals[0], intervals[1])  # (checked before the derivation's time)
    return fit_intervals(derive(model, **options), lo, hi, level)
