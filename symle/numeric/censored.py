"""The data of a censored model: lifetimes with their indicator (1: failure observed, 0: censored).

They reach the fitting code as the two columns of a table, the lifetimes under the model's variable and
the indicator under its name, as a regression's response and covariate do; the indicator's values are
checked in symle.numeric.fit (0 or 1, at least one failure)."""

from __future__ import annotations

from typing import Any

from symle.errors import DataError, ParseError, named
from symle.model.model import Model
from symle.numeric.beside import given_as_values
from symle.numeric.columns import Columns


def censored_data(model: Model, data: Any, column: str | None, censored: Any) -> tuple[Any, str | None]:
    """The data and column to read: `censored` values beside the lifetimes `data` become a table of
    both; a name (`censored="d"`) or nothing leaves the data's own columns to be chosen."""
    c = model.censoring
    if censored is not None and c is None:
        raise ParseError(f"censored= applies to a censored model: derive it with censored=NAME ({named('censored')})")
    if c is None:
        return data, column
    names = f"{model.var.name!r}, {c.indicator.name!r}"
    missing = (
        "a censored model's data are the lifetimes with their indicator: give fit(t, censored=d), "
        f"or a table or file with the columns {names}"
    )
    if not given_as_values(data, column, censored, "censored", "lifetimes", missing):
        return data, column
    return {model.var.name: data, c.indicator.name: censored}, None


def check_censored_bound(model: Model, columns: Columns) -> None:
    """A parameter in the support's lower end (the Pareto's xₘ, the shifted exponential's θ) is estimated by the
    smallest time only when that time is a failure: a lifetime right-censored below the parameter contributes
    S = 1 whatever its value, so the likelihood keeps rising to the smallest failure time, whose estimator symle
    does not derive; likewise the largest time under left censoring. Such data are refused in one line."""
    c = model.censoring
    if c is None:
        return
    symbols = set(model.symbols)
    lower = c.kind == "right" and bool(model.support.lower.free_symbols & symbols)
    upper = c.kind == "left" and bool(model.support.upper.free_symbols & symbols)
    if not (lower or upper):
        return
    t, d = model.var.name, c.indicator.name
    low, high = columns.extremes(t)
    end = low if lower else high
    (failures,) = columns.sums([lambda chunk: (chunk[t] == end) & (chunk[d] == 1)])
    if failures == 0:
        which, side, order = ("smallest", "right", "t₍₁₎") if lower else ("largest", "left", "t₍ₙ₎")
        raise DataError(
            f"the {which} time {end:g} is {side}-censored: the support's end is then estimated by the {which} "
            f"failure time, which is not derived here ({order} is the estimate when that time is a failure)"
        )
