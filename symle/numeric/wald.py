"""Standard errors and Wald confidence intervals from the information at the estimate."""

from __future__ import annotations

import dataclasses
import math
import numbers
from statistics import NormalDist
from typing import Any

import mpmath
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


def check_level(level: float, name: str = "level") -> float:
    """The confidence level as a float strictly between 0 and 1 (compared before it is converted:
    NaN fails every comparison, and a bool is no level)."""
    if isinstance(level, bool) or not isinstance(level, numbers.Real) or not 0 < level < 1:
        shown = (repr(level) if isinstance(level, str) else str(level))[:20]  # '0.9', the text, is no level
        raise ParseError(f"{name} {shown}: the confidence level must lie strictly between 0 and 1, e.g. 0.95")
    return float(level)


def normal_quantile(level: float) -> float:
    """z with P(|Z| <= z) = level, from the lower tail: 0.5 + level/2 rounds to 1 for a level
    within 1e-16 of 1, where the lower tail (1 - level)/2 is still a positive number."""
    return -NormalDist().inv_cdf((1 - check_level(level)) / 2)


def information_matrix(
    derivation: Derivation, info: Information, sample: Columns, estimates: dict[str, float], beyond: bool = False
) -> tuple[np.ndarray, str] | None:
    """The information of the regular parameters at the estimate: the expected one where it is
    known in closed form, else the observed one (minus the Hessian of the log-likelihood). With
    `beyond`, its entries are SymPy Floats of any exponent (None where not a finite number)."""
    model = derivation.model
    scalars = {model.parameter(k).symbol: v for k, v in estimates.items()}
    size = len(info.regular)
    # every entry at once: data not in memory are read once a level of nested sums, not once an entry
    if info.fisher is not None:
        # a regression's information holds sums over the covariates: evaluate handles both
        entries, sign, kind = [info.fisher[r, c] for r in range(size) for c in range(size)], 1, "expected"
    else:
        h = derivation.score.block(info.regular)
        if h is None:
            return None
        entries = [derivation.likelihood.expand_statistics(h[r, c]) for r in range(size) for c in range(size)]
        sign, kind = -1, "observed"
    values = evaluate_all(entries, sample, scalars, beyond=beyond)
    if beyond:
        return np.array([None if v is None else sign * v for v in values], dtype=object).reshape(size, size), kind
    return sign * np.array(values).reshape(size, size), kind


def standard_errors(matrix: np.ndarray) -> np.ndarray | None:
    """The square roots of the diagonal of the information's inverse, or None when the information
    is not positive definite (or not finite)."""
    try:
        covariance = np.linalg.inv(matrix) if np.all(np.isfinite(matrix)) else None
    except np.linalg.LinAlgError:
        covariance = None
    diagonal = np.diag(covariance) if covariance is not None else None
    if diagonal is None or not np.all(np.isfinite(diagonal)) or np.any(diagonal <= 0):
        return None
    return np.sqrt(diagonal)


def standard_errors_beyond(matrix: np.ndarray) -> np.ndarray | None:
    """standard_errors of an information whose entries overflow double precision (data near 1e304:
    n/λ̂² is 1e613, while λ̂/√n is a double), inverted in mpmath, whose exponents have no limit."""
    if any(entry is None for entry in matrix.flat):
        return None
    size = matrix.shape[0]
    with mpmath.workdps(30):
        big = mpmath.matrix([[mpmath.mpf(entry._to_mpmath(100)) for entry in row] for row in matrix])
        if any(big[k, k] <= 0 for k in range(size)):
            return None
        # scaled to a unit diagonal first (D M D, D = diag(M)^(-1/2)): entries of 1e-303 and 1e-612
        # side by side would look singular to the LU decomposition's tolerance
        scale = [1 / mpmath.sqrt(big[k, k]) for k in range(size)]
        unit = mpmath.matrix([[big[r, c] * scale[r] * scale[c] for c in range(size)] for r in range(size)])
        try:
            inverse = unit**-1
        except ZeroDivisionError:
            return None
        diagonal = [inverse[k, k] * scale[k] ** 2 for k in range(size)]
        if any(not mpmath.isfinite(d) or d <= 0 for d in diagonal):
            return None
        errors = np.array([float(mpmath.sqrt(d)) for d in diagonal])
    return errors if np.all(np.isfinite(errors) & (errors > 0)) else None


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
            ses = standard_errors(matrix)
            if ses is None:  # perhaps over- or underflowed: the same sums again, with exponents of any size
                again = information_matrix(derivation, info, sample, estimates, beyond=True)
                ses = None if again is None else standard_errors_beyond(again[0])
            if ses is None:
                warnings.append("the information at the estimate is not positive definite: no standard errors")
            else:
                z = normal_quantile(level)
                for k, p in enumerate(info.regular):
                    se = float(ses[k])
                    errors[p.name] = se
                    bounds = interval(estimates[p.name], se, z, p.space.transform)
                    if all(math.isfinite(b) for b in bounds):
                        intervals[p.name] = bounds
                    else:
                        warnings.append(f"no {level:.10g} interval for {text_name(p.name)}: it is not finite")
                if kind == "observed":
                    warnings.append(
                        "standard errors use the observed information (the expected one is not derived here)"
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
    with np.errstate(over="ignore"):  # a bound beyond double precision is inf, which the caller refuses
        if transform == "log" and estimate > 0:
            spread = z * se / estimate
            return [estimate * float(np.exp(-spread)), estimate * float(np.exp(spread))]
        if transform == "logit" and 0 < estimate < 1:
            centre = math.log(estimate / (1 - estimate))
            spread = z * se / (estimate * (1 - estimate))
            return [float(1 / (1 + np.exp(-(centre - spread)))), float(1 / (1 + np.exp(-(centre + spread))))]
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
        z = normal_quantile(level)
        fields = matrix_wald(derivation, sample, dict(result.estimates), z)
        sigma2 = derivation.model.parameter("sigma2").space.transform
        bounds = interval(result.estimates["sigma2"], fields["standard_errors"]["sigma2"], z, sigma2)
        fields["confidence_intervals"]["sigma2"] = bounds if all(math.isfinite(b) for b in bounds) else None
        fields = {**fields, "interval_scales": scales(derivation, fields["confidence_intervals"])}
        fields.update(level=level, _warnings=[])
    else:
        fields = wald_fields(derivation, sample, dict(result.estimates), level)
    extra_warnings = fields.pop("_warnings")
    return dataclasses.replace(
        result, extras={**(result.extras or {}), **fields}, warnings=(*result.warnings, *extra_warnings)
    )
