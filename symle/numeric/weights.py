"""The data of a frequency-weighted model: values with their weights (observation i stands for wᵢ
identical observations; a weight need not be a whole number).

They reach the fitting code as the two columns of a table, the values under the model's variable and the
weights under the weight's name, as a regression's response and covariate do. `check_weights` refuses a
negative weight, a weight that is not finite, weights that are all zero (no observation at all), and a
weight 0 where an estimate is an extreme observation (x₍₁₎ would count a row that stands for nothing);
`weight_extras` is what the fit reports of them: the total weight Σwᵢ, which is the expanded
sample's size, of which the standard errors (the information is Σwᵢ times one observation's) and the BIC
(k log Σwᵢ − 2ℓ) are."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from symle.errors import DataError, ParseError, named
from symle.model.model import Model
from symle.numeric.beside import given_as_values
from symle.numeric.columns import Columns


def weighted_data(model: Model, data: Any, column: str | None, weights: Any) -> tuple[Any, str | None]:
    """The data and column to read: `weights` values beside the observations `data` become a table of
    both; a name (`weights="w"`) or nothing leaves the data's own columns to be chosen."""
    c = model.weighting
    if weights is not None and c is None:
        raise ParseError(f"weights= applies to a weighted model: derive it with weights=NAME ({named('weights')})")
    if c is None:
        return data, column
    names = f"{model.var.name!r}, {c.weight.name!r}"
    weights = c.weight.name if weights is True else weights  # (True: the column of the model's name)
    missing = (
        "a weighted model's data are the values with their weights: give fit(x, weights=w), "
        f"or a table or file with the columns {names}"
    )
    if not given_as_values(data, column, weights, "weights", "observations", missing):
        return data, column
    values = _numbers(weights)
    if np.isnan(values).any():  # (a NaN weight is not a missing value: it is refused, not left out)
        raise DataError(f"the weight at position {int(np.argmax(np.isnan(values)))} is NaN: weights are numbers ≥ 0")
    length = _length(data)
    if length is not None and length != len(values):
        raise DataError(f"{len(values)} weights for {length} observations: give one weight per observation")
    return {model.var.name: data, c.weight.name: values}, None


def check_weights(model: Model, columns: Columns) -> None:
    """Weights are finite and ≥ 0 and not all zero (0 only where no estimate is an extreme observation)."""
    if model.weighting is None:
        return
    w = model.weighting.weight.name
    negative, infinite, total = columns.sums(
        [lambda chunk: chunk[w] < 0, lambda chunk: ~np.isfinite(chunk[w]), lambda chunk: chunk[w]]
    )
    if negative:
        low, _ = columns.extremes(w)
        count = f"{int(negative)} {'weight is' if negative == 1 else 'weights are'}"
        raise DataError(f"the weights {w} must be ≥ 0, but {count} negative (the least is {low:g})")
    if infinite:
        raise DataError(f"the weights {w} must be finite numbers ≥ 0, but {int(infinite)} are not")
    if not total > 0:
        raise DataError(f"every weight {w} is 0: there is no observation to fit")
    bounded = model.support.parameters_in_bounds(model.symbols)
    if bounded and columns.sums([lambda chunk: chunk[w] == 0])[0]:  # x₍₁₎ would count a row that is not there
        raise DataError(
            f"a weight {w} is 0, and this model's estimate of {sorted(s.name for s in bounded)[0]} is an extreme "
            "observation: leave the rows of weight 0 out"
        )


def weight_extras(model: Model, columns: Columns, loglik: float, k: int) -> dict[str, Any]:
    """The fit's `weights` (the weight's name, the rows and the total weight Σwᵢ) and its BIC, that of the
    expanded sample of Σwᵢ observations."""
    assert model.weighting is not None
    w = model.weighting.weight.name
    (total,) = columns.sums([lambda chunk: chunk[w]])
    total = float(total)
    whole = bool(columns.sums([lambda chunk: chunk[w] != np.round(chunk[w])])[0] == 0)
    described = {"name": w, "rows": columns.n, "total": total, "whole_numbers": whole}
    return {"weights": described, "bic": k * math.log(total) - 2 * loglik}


def _numbers(values: Any) -> np.ndarray:
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise DataError("weights= must be numbers, one per observation") from None
    if array.ndim != 1:
        raise DataError(f"weights= must be one number per observation, not an array of shape {array.shape}")
    return array


def _length(data: Any) -> int | None:
    try:
        return len(data)
    except TypeError:
        return None
