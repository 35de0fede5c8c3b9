"""Parquet columns in chunks (pyarrow's reader, a row group's batches at a time).

A Parquet file has no lines: a bad value is named by its row (1-based, as a spreadsheet counts)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import numpy as np

from symle.echo import quoted, shown
from symle.errors import DataError, named
from symle.numeric.chunk import Chunk, float_values

MAGIC = b"PAR1"


def is_parquet(head: bytes, name: str) -> bool:
    """A Parquet file starts with PAR1; a `.parquet` name that does not is refused as such."""
    if head == MAGIC:
        return True
    if name.lower().endswith((".parquet", ".pq")):
        raise DataError(f"{shown(name)}: not a Parquet file (it does not start with PAR1)")
    return False


def _open(name: str):  # -> pyarrow.parquet.ParquetFile
    import pyarrow as pa
    from pyarrow import parquet

    try:
        return parquet.ParquetFile(name)
    except (pa.ArrowInvalid, OSError) as err:
        raise DataError(f"{shown(name)}: not a readable Parquet file ({str(err).splitlines()[0]})") from None


def parquet_columns(name: str, columns: Sequence[str] | None) -> tuple[str, ...]:
    """The columns to read: those asked for, each checked to exist and hold numbers; without
    --column, the file's only column."""
    import pyarrow as pa

    schema = _open(name).schema_arrow
    available = ", ".join(quoted(n) for n in schema.names)
    if not columns:
        if len(schema.names) != 1:
            raise DataError(f"{shown(name)}: give the column with {named('column')}; the columns are {available}")
        columns = [schema.names[0]]
    for column in columns:
        if schema.names.count(column) == 0:
            raise DataError(f"{shown(name)}: no column {quoted(column)}; the columns are {available}")
        kind = schema.field(column).type
        if not (pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind)):
            raise DataError(f"{shown(name)}: column {quoted(column)} holds {kind}, not numbers")
    return tuple(columns)


def parquet_chunks(
    name: str, columns: Sequence[str], rows: int, progress: Callable[[int], None] | None, size: int = 0
) -> Iterator[Chunk]:
    """The named columns as float64, `rows` rows a chunk; a missing value or one that is not finite
    is an error naming its row."""
    handle = _open(name)
    total_rows = max(1, handle.metadata.num_rows)
    done = 0
    for batch in handle.iter_batches(batch_size=rows, columns=list(columns)):
        arrays = {}
        notes: list[str] = []
        for k, column in enumerate(columns):
            values = batch.column(k)
            if values.null_count:
                row = done + int(np.flatnonzero(values.is_null().to_numpy(zero_copy_only=False))[0]) + 1
                raise DataError(f"{shown(name)} row {row}: empty cell in column {quoted(column)}")
            array = float_values(values, notes)
            finite = np.isfinite(array)
            if not finite.all():
                k_bad = int(np.argmin(finite))
                raise DataError(
                    f"{shown(name)} row {done + k_bad + 1}, column {quoted(column)}: "
                    f"{float(array[k_bad])!r} is not a finite number"
                )
            arrays[column] = array
        if batch.num_rows:
            yield Chunk(arrays, name, done, unit="row", notes=tuple(notes))
        done += batch.num_rows
        if progress is not None:
            progress(int(size * done / total_rows))
    if done == 0:
        raise DataError(f"{shown(name)}: no observations")
