"""Values given beside a fit's data, one per observation: a censored model's indicators (`censored=d`) and a
weighted model's weights (`weights=w`). Given as values, they and the data become the two columns of a table;
given as a name, or not at all, the data must be a table or file that holds that column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from symle.errors import DataError, ParseError
from symle.numeric.columns import Columns
from symle.numeric.stream import DataFile


def given_as_values(data: Any, column: str | None, given: Any, option: str, things: str, missing: str) -> bool:
    """Whether the `option=` values `given` stand beside `data`, which are then the `things` themselves (not
    a table, no `column=`); False for a name or nothing, where `data` must be a table (else `missing`, the
    one line saying what to give)."""
    tabular = isinstance(data, (str, Path, DataFile, Columns)) or _is_table(data)
    if given is None or isinstance(given, str):
        if not tabular:
            raise DataError(missing)
        return False
    if tabular:
        raise DataError(f"with {option}= values, give the {things} themselves (a sequence or an array), not a table")
    if column is not None:
        raise ParseError(f"column= chooses a table's column: with {option}= values the data are the {things}")
    return True


def _is_table(data: Any) -> bool:
    from symle.numeric.values import _is_table as table  # (loaded only when data are checked)

    return table(data)
