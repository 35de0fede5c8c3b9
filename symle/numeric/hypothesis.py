"""Tests of H₀: θ = θ₀ on data (`symle fit --test lambda=1`): the likelihood-ratio statistic from the
log-likelihood maximised with and without H₀ (the other parameters profiled out numerically), the
Wald statistic (θ̂ − θ₀)²/[I(θ̂)⁻¹]_θθ and the score statistic U(θ̃)²[I(θ̃)⁻¹]_θθ at the fit under H₀,
each with its χ²₁ p-value."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from symle.algebra.names import text_name
from symle.derivation import Derivation
from symle.errors import DataError, ModelError, ParseError, named
from symle.followups.hypothesis import null_value, parse_test, refuse_irregular
from symle.numeric.columns import Columns
from symle.numeric.nesting import chi2_sf
from symle.numeric.summary import WORDS
from symle.stages.matrix import is_matrix_case


def parse_tests(tests: Any, what: str = named("test")) -> dict[str, str]:
    """NAME=VALUE items (several, or comma lists), a mapping {name: value}, or one str, as
    {name: value text}; each name once, each with a value."""
    if tests is None:
        return {}
    if isinstance(tests, Mapping):
        pairs = [(str(k), v) for k, v in tests.items()]
    else:
        items = [tests] if isinstance(tests, str) else list(tests) if isinstance(tests, Sequence) else None
        if items is None or not all(isinstance(item, str) for item in items):
            raise ParseError(f"{what}: give NAME=VALUE items or a mapping {{name: value}}, e.g. lambda=1")
        pairs = []
        for item in items:
            for part in item.split(","):
                parsed = parse_test(part, what)
                pairs.append((parsed[0], parsed[1] if len(parsed) > 1 else None))
    out: dict[str, str] = {}
    for name, value in pairs:
        if value is None:
            raise ParseError(f"{what} {name}: give the value under the hypothesis, e.g. {name}=1")
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise ParseError(f"{what} {name}: the value must be a number, not {type(value).__name__}")
        if name in out:
            raise ParseError(f"{what}: {name!r} is tested twice")
        out[name] = str(value)
    return out


def check_tests(derivation: Derivation, tests: Mapping[str, str]) -> dict[str, float]:
    """Each test's parameter and value checked against the model (before any data are read)."""
    model = derivation.model
    if tests and is_matrix_case(model):
        raise ModelError(f"{named('test')}: tests are given for models without covariates")
    checked = {}
    for name, text in tests.items():
        value = null_value(model, name, text)
        refuse_irregular(model, name)
        assert value is not None
        if model.parameter(name).symbol in model.support.parameters_in_bounds(model.symbols):
            raise ModelError(
                f"{named('test')} {name}: {name} bounds the support, where the statistics have no χ² limit"
            )
        checked[name] = float(value)
    return checked


def hypothesis_fields(
    derivation: Derivation, columns: Columns, fitted: dict[str, Any], tests: Mapping[str, float]
) -> dict:
    """{parameter: {null, lr, wald, score: {statistic, p_value}, df, reference}} for each test."""
    from scipy import optimize

    from symle.numeric.profile import forward, likelihood_of, maximised, unbounded
    from symle.numeric.wald import information_matrix

    model = derivation.model
    estimates: dict[str, float] = dict(fitted["estimates"])
    method = fitted["method"]
    module, args, loglik = likelihood_of(derivation, columns)
    best = loglik(estimates)
    info = derivation.information
    regular = [p.name for p in info.regular] if info is not None else []
    out: dict[str, Any] = {}
    for name, null in tests.items():
        if method.get(name) == "boundary" or name not in regular:
            raise DataError(
                f"{named('test')} {name}: its estimate is not a regular maximum, where the tests do not apply"
            )
        parameter = model.parameter(name)
        edge = [q for q in estimates if model.parameter(q).space.on_edge(estimates[q])]
        if edge:
            raise DataError(
                f"{named('test')} {name}: the estimate of {text_name(edge[0])} is {estimates[edge[0]]:.10g}, on "
                f"the edge of its "
                "parameter space, where the statistics have no χ² limit"
            )
        others = [model.parameter(q) for q in estimates if q != name]
        warm = {q.name: unbounded(q.space.transform, estimates[q.name]) for q in others}
        at_null = {**estimates, name: null}
        restricted_max = maximised(at_null, others, warm, loglik, module, args, optimize)
        restricted = {**at_null, **{q.name: forward(q.space.transform, warm[q.name]) for q in others}}
        lr = 2 * (best - restricted_max)
        if -1e-9 * max(1.0, abs(best)) < lr < 0:  # rounding at an estimate equal to the null value
            lr = 0.0
        k = regular.index(name)
        wald = score = math.nan
        found = information_matrix(derivation, info, columns, estimates)
        if found is not None:
            wald = (estimates[name] - null) ** 2 / _inverse_entry(found[0], k)
        found = information_matrix(derivation, info, columns, restricted)
        if found is not None:
            slope = float(module.score(*args, **restricted)[name])
            score = slope**2 * _inverse_entry(found[0], k)
        statistics = {"lr": lr, "wald": wald, "score": score}
        for key, value in statistics.items():
            if not math.isfinite(value) or value < 0:
                raise DataError(
                    f"{named('test')} {name}={_number(null)}: the {WORDS[key]} statistic is not a finite number on "
                    f"these data ({text_name(parameter.name)} = {_number(null)} may be where the log-likelihood is not "
                    "finite)"
                )
        out[name] = {
            "null": null,
            **{key: {"statistic": value, "p_value": chi2_sf(value, 1)} for key, value in statistics.items()},
            "df": 1,
            "reference": "chi2",
        }
    return out


def _inverse_entry(matrix: np.ndarray, k: int) -> float:
    try:
        inverse = np.linalg.inv(matrix)
    except np.linalg.LinAlgError:
        return math.nan
    value = float(inverse[k, k])
    return value if value > 0 else math.nan


def _number(value: float) -> str:
    return f"{value:.10g}"
