"""The data of a censored model: lifetimes with their indicator (1: failure observed, 0: censored).

They reach the fitting code as the two columns of a table, the lifetimes under the model's variable and
the indicator under its name, as a regression's response and covariate do; the indicator's values are
checked in symle.numeric.fit (0 or 1, at least one failure)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from symle.errors import DataError, ParseError
from symle.model.model import Model
from symle.numeric.columns import Columns
from symle.numeric.stream import DataFile


def censored_data(model: Model, data: Any, column: str | None, censored: Any) -> tuple[Any, str | None]:
    """The data and column to read: `censored` values beside the lifetimes `data` become a table of
    both; a name (`censored="d"`) or nothing leaves the data's own columns to be chosen."""
    c = model.censoring
    if censored is not None and c is None:
        raise ParseError("censored= applies to a censored model: derive it with censored=NAME (--censored)")
    if c is None:
        return data, column
    names = f"{model.var.name!r}, {c.indicator.name!r}"
    tabular = isinstance(data, (str, Path, DataFile, Columns)) or _is_table(data)
    if censored is None or isinstance(censored, str):
        if not tabular:
            raise DataError(
                "a censored model's data are the lifetimes with their indicator: give fit(t, censored=d), "
                f"or a table or file with the columns {names}"
            )
        return data, column
    if tabular:
        raise DataError("with censored= values, give the lifetimes themselves (a sequence or an array), not a table")
    if column is not None:
        raise ParseError("column= chooses a table's column: with censored= values the data are the lifetimes")
    return {model.var.name: data, c.indicator.name: censored}, None


def _is_table(data: Any) -> bool:
    from symle.numeric.values import _is_table as table

    return table(data)
