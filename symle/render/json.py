"""The derivation as JSON: the contract's fields, every expression in SymPy syntax that reads back."""

from __future__ import annotations

from typing import Any

import sympy as sp

from symle.algebra.printing import latex, sympy_syntax
from symle.algebra.sample import SampleMean, i, n, total
from symle.derivation import Derivation
from symle.echo import json_text
from symle.model.model import Model
from symle.render.equations import page, step_latex
from symle.stages.samples_notation import in_groups


def _matrix_strings(matrix: sp.Matrix | None) -> list[list[str]] | None:
    if matrix is None:
        return None
    return [[sympy_syntax(matrix[r, c]) for c in range(matrix.cols)] for r in range(matrix.rows)]


def _optional(value: sp.Expr | None) -> str | None:
    return None if value is None else sympy_syntax(value)


def followup_fields(derivation: Derivation) -> dict[str, Any]:
    """fisher_information, observed_information, asymptotic_variance, bias and (with functions)
    functions, as the contract names them; null where a quantity does not exist or was not found.
    The matrix form of a linear model has none of them."""
    info = derivation.information
    if info is None:
        return {}
    fields: dict[str, Any] = {
        "fisher_information": _matrix_strings(info.fisher) if info.complete else None,
        "observed_information": _matrix_strings(derivation.observed_information),
        "asymptotic_variance": {k: _optional(v) for k, v in info.variance.items()},
        "bias": {k: _optional(v) for k, v in (derivation.bias or {}).items()},
    }
    if derivation.functions:
        fields["functions"] = {
            f.name: {
                "expression": sympy_syntax(f.estimate if f.estimate is not None else f.expression),
                "latex": latex(f.familiar if f.familiar is not None else f.with_hats),
                "asymptotic_variance": _optional(f.variance),
            }
            for f in derivation.functions
        }
    if derivation.test is not None:
        fields["test"] = hypothesis_fields(derivation)
    return fields


def hypothesis_fields(derivation: Derivation) -> dict[str, Any]:
    """The test of H₀: the parameter, its value under H₀ (null where it is the symbol θ₀, named θ_0), the three
    statistics in SymPy syntax in the data's terms (null where they are evaluated numerically) and the χ²
    degrees of freedom."""
    test = derivation.test
    assert test is not None
    symbolic = not test.null.is_number
    # θ₀ without a value is the name θ_0 in the expressions, which read back (symle.parse_expression)
    named = {test.null: sp.Symbol(f"{test.parameter}_0")} if symbolic else {}

    def written(expr: sp.Expr | None) -> str | None:
        """In sums over the data as the estimators' expressions are (x̄ as Σxᵢ/n): they read back."""
        if expr is None:
            return None
        expr = test.in_data(expr).replace(lambda e: isinstance(e, SampleMean), lambda e: total(e.args[0][i]) / n)
        return sympy_syntax(expr.xreplace(named))

    return {
        "parameter": test.parameter,
        "null": None if symbolic else _number(test.null),
        "null_symbol": f"{test.parameter}_0" if symbolic else None,
        "null_latex": latex(test.null),
        "profiled": {s.name: written(v) for s, v in test.restricted.items()},
        "lr": written(test.lr),
        "wald": written(test.wald),
        "score": written(test.score),
        "closed_form": test.closed,
        "reference": "chi2",
        "df": test.df,
    }


def json_view(derivation: Derivation) -> dict[str, Any]:
    """The JSON contract: model, parameters, known, support, loglik, score, estimators, steps,
    warnings, and the results that follow the estimators."""
    with page(derivation.model, derivation.steps):
        return _view(derivation)


def _view(derivation: Derivation) -> dict[str, Any]:
    model = derivation.model
    estimators = {}
    for name, estimator in derivation.estimators.items():
        shown = estimator.familiar if estimator.closed_form else estimator.profile
        estimators[name] = {
            "closed_form": estimator.closed_form,
            "method": estimator.method,
            "expression": _optional(estimator.value),
            "latex": latex(in_groups(shown, model)) if shown is not None else "",  # the page's notation
            "profile": _optional(estimator.profile),
        }
        if estimator.interval is not None:  # not unique: the expression is the interval's midpoint
            estimators[name]["interval"] = [sympy_syntax(end) for end in estimator.interval]
    for r in derivation.restrictions:  # a restricted space: the projection, or numeric within it
        low, high = r.interval.sympy_bounds()
        estimators[r.parameter.name]["restricted"] = {
            "lower": None if low.is_infinite else sympy_syntax(low),
            "upper": None if high.is_infinite else sympy_syntax(high),
            "lower_closed": r.interval.lower_closed,
            "upper_closed": r.interval.upper_closed,
            "projected": r.projected,
            "inferred": r.interval.inferred,  # found from the density's sign, not declared
            "at_ends": r.argument == "ends",  # concave: the score's root inside, else the end it points to
            "unrestricted": _optional(r.unrestricted),
        }
    return {
        "model": model.name,
        "parameters": [p.name for p in model.parameters],
        "known": {k: (None if v is None else _number(v)) for k, v in model.known.items()},
        "support": model.support.describe(),
        # censoring: the indicator's name (1: failure observed, 0: censored), "right" or "left", and S(t), else null
        "censored": None if model.censoring is None else model.censoring.indicator.name,
        "censoring": None if model.censoring is None else model.censoring.kind,
        "survival": None if model.censoring is None else sympy_syntax(model.censoring.survival.rewrite(sp.uppergamma)),
        # frequency weights: the weight's name (observation i stands for w_i identical observations), else null
        "weights": None if model.weighting is None else model.weighting.weight.name,
        # counts in classes: the names of a class's bounds and count and the cdf F(x), else null
        "classes": None if model.grouping is None else _classes(model),
        # several samples: how many, each per-group parameter's copies and the indicators of groups 2..k the
        # expressions below hold (group 1 where all are 0); the parameters common to all groups
        "groups": None if model.samples is None else _samples(model),
        "shared": None if model.samples is None else list(model.samples.shared),
        "loglik": sympy_syntax(derivation.likelihood.loglik),
        "score": {s.name: sympy_syntax(expr) for s, expr in derivation.solved.scores.items()},
        "estimators": estimators,
        "steps": [
            {"title": s.title, "text": s.text, "latex": step_latex(s), "kind": s.kind, "parameter": s.parameter}
            for s in derivation.steps
        ],
        "warnings": list(derivation.warnings),
        **followup_fields(derivation),
    }


def _number(value: sp.Expr) -> float | int | str:
    if value.is_Integer:
        return int(value)
    if value.is_number:
        return float(value)
    return sympy_syntax(value)


def render_json(derivation: Derivation) -> str:
    """The JSON contract, valid UTF-8 with nothing a terminal acts on (symle.echo.json_text)."""
    return json_text(json_view(derivation), indent=2)


def _classes(model: Model) -> dict[str, str]:
    g = model.grouping
    assert g is not None
    names = {"lower": g.lower.name, "upper": g.upper.name, "count": g.count.name, "variable": g.variable.name}
    return {**names, "cdf": sympy_syntax(g.cdf)}


def _samples(model: Any) -> dict[str, Any]:
    s = model.samples
    return {
        "k": s.k,
        "per_group": {name: list(s.names[name]) for name in s.own},
        "indicators": [g.name for g in s.indicators] if model.covariates else [],
    }
