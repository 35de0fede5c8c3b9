"""What each homework label should say, taken from symle's own Derivation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from symle.algebra.names import text_name
from symle.checker.fisher import asymptotic_variance, fisher_matrix
from symle.checker.memo import per_derivation
from symle.checker.points import Point
from symle.derivation import Derivation
from symle.errors import SymleError
from symle.numeric.data import Sample
from symle.stages.score import derivatives, score_of


@dataclass(frozen=True)
class Expected:
    """`value` is compared with the person's answer, `shown` is printed as the expected answer
    (the textbook form of the same value); `reason` says why there is none."""

    value: sp.Expr | sp.Matrix | None
    shown: sp.Expr | sp.Matrix | None
    reason: str = ""


@per_derivation
def expected(derivation: Derivation, kind: str, parameter: str | None) -> Expected:
    """What a step of this kind says, from the derivation (remembered: a class shares it)."""
    likelihood = derivation.likelihood
    if kind == "likelihood":
        return Expected(likelihood.product, likelihood.product_form)
    if kind == "loglik":
        return Expected(likelihood.loglik, likelihood.loglik)
    assert parameter is not None or kind == "fisher"
    if kind == "score":
        symbol = derivation.model.parameter(parameter).symbol  # type: ignore[arg-type]
        value = score_of(likelihood.loglik, symbol)
        return Expected(value, value)
    if kind == "second-order":
        symbol = derivation.model.parameter(parameter).symbol  # type: ignore[arg-type]
        value = derivatives(likelihood.loglik, (symbol,))[1][0, 0]  # (the one place that differentiates twice)
        return Expected(value, value)
    if kind == "mle":
        estimator = derivation.estimators[parameter]  # type: ignore[index]
        if not estimator.closed_form and estimator.profile is not None:
            # the closed form given the other parameters (gamma: beta-hat = alpha-hat / x-bar)
            return Expected(estimator.profile, estimator.profile)
        if not estimator.closed_form:
            shown = text_name(str(parameter))
            return Expected(None, None, f"{shown} has no closed-form estimator, so there is no formula to compare")
        return Expected(estimator.value, estimator.familiar)
    if kind == "fisher":
        matrix = fisher_matrix(derivation)
        if matrix is None:
            return Expected(None, None, "symle cannot compute the Fisher information of this model")
        names = list(derivation.parameters)
        if parameter is None:
            return Expected(matrix, matrix) if len(names) > 1 else Expected(matrix[0, 0], matrix[0, 0])
        k = names.index(parameter)
        return Expected(matrix[k, k], matrix[k, k])
    if kind == "variance":
        value = asymptotic_variance(derivation, parameter)  # type: ignore[arg-type]
        if value is None:
            return Expected(None, None, "symle cannot compute the asymptotic variance of this model")
        return Expected(value, value)
    if kind == "bias":
        value = (derivation.bias or {}).get(parameter)  # type: ignore[arg-type]
        if value is None:
            # the step may be right: say it was not checked, not that it could not be read
            why = f"not checked: symle does not derive the exact bias of {text_name(str(parameter))}'s estimator"
            return Expected(None, None, why)
        return Expected(value, value)
    raise ValueError(kind)


@per_derivation
def other_scores(derivation: Derivation, parameter: str) -> dict[str, sp.Expr]:
    """The scores of the other parameters (for the hint "derivative of the wrong parameter")."""
    loglik = derivation.likelihood.loglik
    return {p.name: score_of(loglik, p.symbol) for p in derivation.model.parameters if p.name != parameter}


def estimate_points(
    derivation: Derivation, points: tuple[Point, ...], values: dict[str, list[float]]
) -> tuple[Point, ...]:
    """One point per sample at the maximum-likelihood estimates (where every score vanishes);
    `values` holds each estimator's value at every point. Empty when a parameter has no closed form."""
    names = list(derivation.parameters)
    if any(name not in values for name in names):
        return ()
    out = []
    seen: set[int] = set()
    for k, point in enumerate(points):
        if point.group in seen:
            continue
        seen.add(point.group)
        params = dict(point.params)
        for parameter in derivation.model.parameters:
            params[parameter.symbol] = values[parameter.name][k]
        out.append(Point(point.group, point.data, params, point.covariates))
    return tuple(out)


def fitted_points(derivation: Derivation, points: tuple[Point, ...]) -> tuple[Point, ...]:
    """For a regression without closed forms (logistic, Poisson), one point per sample at the
    estimates symle's numeric fitter finds, so score equations can be checked at the maximum;
    a sample whose fit fails (no maximum) is left out."""
    from symle.numeric.fit import fit_derivation  # (the fitting code: only for regressions without closed forms)

    out = []
    seen: set[int] = set()
    for point in points:
        if point.group in seen:
            continue
        seen.add(point.group)
        sample = Sample(point.data, np.arange(2, point.n + 2), "<checker>", dict(point.covariates))
        try:
            estimates = fit_derivation(derivation, sample).estimates
        except (SymleError, ArithmeticError, ValueError):
            continue
        params = dict(point.params)
        for parameter in derivation.model.parameters:
            params[parameter.symbol] = estimates[parameter.name]
        out.append(Point(point.group, point.data, params, point.covariates))
    return tuple(out)
