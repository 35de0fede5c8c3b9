"""Standard errors and Wald confidence intervals from the information at the estimate."""

from __future__ import annotations

import dataclasses
import math
from statistics import NormalDist
from typing import Any

import numpy as np

from symle.algebra.names import text_name
from symle.derivation import Derivation
from symle.errors import ParseError
from symle.followups.information import Information
from symle.numeric.columns import Columns
from symle.numeric.evaluate import evaluate_all
from symle.numeric.least_squares import matrix_wald
from symle.numeric.result import FitResult
from symle.stages.matrix import is_matrix_case


def check_level(level: float) -> float:
    if not (isinstance(level, (int, float)) and 0 < level < 1):
        raise ParseError(f"--level {level}: the confidence level must lie strictly between 0 and 1, e.g. 0.95")
    return float(level)


def information_matrix(
    derivation: Derivation, info: Information, sample: Columns, estimates: dict[str, float]
) -> tuple[np.ndarray, str] | None:
    """The information of the regular parameters at the estimate: the expected one where it is
    known in closed form, else the observed one (minus the Hessian of the log-likelihood)."""
    model = derivation.model
    scalars = {model.parameter(k).symbol: v for k, v in estimates.items()}
    size = len(info.regular)
    # every entry at once: data not in memory are read once a level of nested sums, not once an entry
    if info.fisher is not None:
        # a regression's information holds sums over the covariates: evaluate handles both
        entries = [info.fisher[r, c] for r in range(size) for c in range(size)]
        return np.array(evaluate_all(entries, sample, scalars)).reshape(size, size), "expected"
    h = derivation.score.block(info.regular)
    if h is None:
        return None
    entries = [derivation.likelihood.expand_statistics(h[r, c]) for r in range(size) for c in range(size)]
    return -np.array(evaluate_all(entries, sample, scalars)).reshape(size, size), "observed"


def wald_fields(derivation: Derivation, sample: Columns, estimates: dict[str, float], level: float) -> dict[str, Any]:
    """standard_errors and confidence_intervals, null for a parameter without regular information."""
    level = check_level(level)
    names = list(estimates)
    errors: dict[str, float | None] = {name: None for name in names}
    intervals: dict[str, list[float] | None] = {name: None for name in names}
    warnings: list[str] = []
    info = derivation.information
    assert info is not None, "the matrix form has its own standard errors (least_squares.matrix_wald)"
    if info.regular:
        found = information_matrix(derivation, info, sample, estimates)
        if found is not None:
            matrix, kind = found
            try:
                covariance = np.linalg.inv(matrix) if np.all(np.isfinite(matrix)) else None
            except np.linalg.LinAlgError:
                covariance = None
            diagonal = np.diag(covariance) if covariance is not None else None
            if diagonal is None or not np.all(np.isfinite(diagonal)) or np.any(diagonal <= 0):
                warnings.append("the information at the estimate is not positive definite: no standard errors")
            else:
                z = float(NormalDist().inv_cdf(0.5 + level / 2))
                for k, p in enumerate(info.regular):
                    se = math.sqrt(float(diagonal[k]))
                    errors[p.name] = se
                    intervals[p.name] = interval(estimates[p.name], se, z, p.space.transform)
                if kind == "observed":
                    warnings.append(
                        "standard errors use the observed information (the expected one has no closed form here)"
                    )
    for name in info.irregular:
        warnings.append(f"no standard error for {text_name(name)}: its information does not exist in the regular sense")
    return {
        "standard_errors": errors,
        "confidence_intervals": intervals,
        "interval_scales": scales(derivation, intervals),
        "level": level,
        "_warnings": warnings,
    }


def interval(estimate: float, se: float, z: float, transform: str) -> list[float]:
    """The Wald interval on the scale where the parameter is unbounded, mapped back: a positive
    parameter's on the log scale (θ̂ e^(±z se/θ̂), never below zero), a probability's on the logit
    scale (never outside (0, 1)), a real parameter's as it is (θ̂ ± z se). The standard error on
    those scales comes from the delta method."""
    if transform == "log" and estimate > 0:
        spread = z * se / estimate
        return [estimate * math.exp(-spread), estimate * math.exp(spread)]
    if transform == "logit" and 0 < estimate < 1:
        centre = math.log(estimate / (1 - estimate))
        spread = z * se / (estimate * (1 - estimate))
        return [1 / (1 + math.exp(-(centre - spread))), 1 / (1 + math.exp(-(centre + spread)))]
    return [estimate - z * se, estimate + z * se]


def scales(derivation: Derivation, intervals: dict[str, list[float] | None]) -> dict[str, str | None]:
    """The scale each interval was built on (identity, log or logit), as the JSON reports it."""
    return {
        name: None if bounds is None else derivation.model.parameter(name).space.transform
        for name, bounds in intervals.items()
    }


def with_wald(result: FitResult, derivation: Derivation, sample: Columns, level: float = 0.95) -> FitResult:
    """The fit result with standard errors and Wald intervals among its extras."""
    if is_matrix_case(derivation.model):
        z = float(NormalDist().inv_cdf(0.5 + check_level(level) / 2))
        fields = matrix_wald(derivation, sample, dict(result.estimates), z)
        sigma2 = derivation.model.parameter("sigma2").space.transform
        fields["confidence_intervals"]["sigma2"] = interval(
            result.estimates["sigma2"], fields["standard_errors"]["sigma2"], z, sigma2
        )
        fields = {**fields, "interval_scales": scales(derivation, fields["confidence_intervals"])}
        fields.update(level=level, _warnings=[])
    else:
        fields = wald_fields(derivation, sample, dict(result.estimates), level)
    extra_warnings = fields.pop("_warnings")
    return dataclasses.replace(
        result, extras={**(result.extras or {}), **fields}, warnings=(*result.warnings, *extra_warnings)
    )
