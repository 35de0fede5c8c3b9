"""Fitting: the estimators evaluated on data, with the support and the estimates checked."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy as sp

from symle.algebra.printing import text
from symle.errors import DataError
from symle.numeric.data import Sample, read_sample
from symle.numeric.evaluate import evaluate, evaluate_constant

if TYPE_CHECKING:
    from symle.stages.derivation import Derivation


@dataclass(frozen=True)
class FitResult:
    """Estimates on one data set, with how each was found and the full log-likelihood there."""

    model: str
    n: int
    estimates: dict[str, float]
    method: dict[str, str]
    loglik: float
    warnings: tuple[str, ...] = ()
    extras: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {
            "model": self.model,
            "n": self.n,
            "estimates": self.estimates,
            "method": self.method,
            "loglik": self.loglik,
            "warnings": list(self.warnings),
        }
        out.update(self.extras or {})
        return out


def as_sample(data: Any) -> Sample:
    """A Sample from a Sample, a file path, or a sequence of numbers."""
    if isinstance(data, Sample):
        return data
    if isinstance(data, (str, Path)):
        return read_sample(data)
    values = np.asarray(data, dtype=float).ravel()
    if values.size == 0:
        raise DataError("no observations")
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        raise DataError(f"observation {bad[0] + 1}: {values[bad[0]]!r} is not a finite number")
    return Sample(values, np.arange(1, values.size + 1), "<data>")


def _check_support(derivation: Derivation, sample: Sample) -> None:
    model = derivation.model
    support = model.support
    free = {p.name for p in model.parameters}
    bound_names = {s.name for s in (support.lower.free_symbols | support.upper.free_symbols)}
    if bound_names & free:
        # a bound holding an estimated parameter is met by the estimate; check the rest only
        from symle.model.support import Support

        support = Support(
            support.lower if not {s.name for s in support.lower.free_symbols} & free else sp.S.NegativeInfinity,
            support.upper if not {s.name for s in support.upper.free_symbols} & free else sp.S.Infinity,
            support.lower_closed,
            support.upper_closed,
            support.discrete,
            support.values,
        )
    bad = support.violations(sample.values, {})
    if bad.size:
        k = bad[0]
        value = sample.values[k]
        shown = int(value) if float(value).is_integer() else value
        raise DataError(
            f"{sample.source} line {sample.lines[k]}: {shown} is outside the support of {model.name} "
            f"({text(model.var)} in {support.describe()})"
        )


def _undefined(name: str, sample: Sample) -> DataError:
    if len(sample) == 1:
        why = "a single observation is not enough"
    elif np.all(sample.values == sample.values[0]):
        why = "all observations are equal"
    else:
        why = "the formula is undefined for these data"
    return DataError(f"the estimate of {name} is undefined: {why}")


def _on_edge(value: float, domain: str) -> bool:
    if domain == "probability":
        return value <= 0.0 or value >= 1.0
    if domain in ("positive", "integer"):
        return value <= 0.0
    return False


def _outside(value: float, domain: str) -> bool:
    if domain == "probability":
        return value < 0.0 or value > 1.0
    if domain in ("positive", "integer"):
        return value < 0.0
    return False


def fit_derivation(derivation: Derivation, data: Any) -> FitResult:
    """Evaluate the closed-form and boundary estimators on data; numeric ones need the fitter."""
    sample = as_sample(data)
    model = derivation.model
    symbolic = [name for name, value in model.known.items() if value is None]
    if symbolic:
        raise DataError(f"{symbolic[0]} is known but has no value: give --known {symbolic[0]}=VALUE to fit")
    _check_support(derivation, sample)
    from symle.stages.matrix import fit_matrix, is_matrix_case

    if is_matrix_case(model):
        return fit_matrix(derivation, sample)
    numeric = [name for name, e in derivation.estimators.items() if not e.closed_form]
    if numeric:
        from symle.numeric.generated import fit_numeric

        return fit_numeric(derivation, sample)
    arrays = sample.arrays(model.var.name)
    estimates: dict[str, float] = {}
    warnings: list[str] = []
    constant = bool(np.all(sample.values == sample.values[0]))
    for name, estimator in derivation.estimators.items():
        if constant:
            # exactly, so that an estimate undefined for all-equal data is not blurred by rounding
            exact = evaluate_constant(estimator.value, float(sample.values[0]), len(sample))
            value = float(exact) if exact.is_real and exact.is_finite else float("nan")
        else:
            value = evaluate(estimator.value, arrays)
        domain = estimator.parameter.domain
        if not math.isfinite(value) or _outside(value, domain) and not _on_edge(value, domain):
            raise _undefined(name, sample)
        if _outside(value, domain):
            raise DataError(f"the estimate of {name} is {value:g}, outside its domain ({domain})")
        estimates[name] = value
    loglik = evaluate(
        derivation.likelihood.loglik, arrays, {model.parameter(k).symbol: v for k, v in estimates.items()}
    )
    for name, value in estimates.items():
        domain = model.parameter(name).domain
        if _on_edge(value, domain):
            if not math.isfinite(loglik):
                raise _undefined(name, sample)
            warnings.append(f"the estimate of {name} is {value:g}, on the edge of the parameter space")
    if not math.isfinite(loglik):
        raise _undefined(", ".join(estimates), sample)
    return FitResult(
        model.name,
        len(sample),
        estimates,
        {name: e.method for name, e in derivation.estimators.items()},
        loglik,
        tuple(warnings),
        {"iterations": 0, "converged": True},
    )
