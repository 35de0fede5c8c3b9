"""CSV columns in chunks: pyarrow's streaming CSV reader for files, symle's own row-by-row reader
(Python's csv module, as the in-memory reader) for standard input and for any file arrow refuses,
so that every error names its line exactly as before."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from typing import BinaryIO

import numpy as np

from symle.echo import quoted, shown
from symle.errors import DataError
from symle.numeric import data
from symle.numeric.chunk import Chunk, float_values, text_blocks

Progress = Callable[[int], None]


class _Refused(Exception):
    """Arrow could not read the file as symle reads it: read it again with symle's own reader."""


def csv_chunks(
    name: str,
    columns: Sequence[str],
    rows: int,
    stream: BinaryIO | None,
    progress: Progress | None,
    delimiter: str = ",",
    missing: str | None = None,
) -> Iterator[Chunk]:
    """The named columns of a CSV file with a header, `rows` rows a chunk; with `missing` "drop",
    rows with a missing value in one of them left out (each chunk counts its own in `dropped`)."""
    if stream is None:
        chunks = _arrow_chunks(name, columns, rows, progress, delimiter, missing)
        try:
            first = next(chunks) if _plain_header(name, columns, delimiter) else None
        except (_Refused, StopIteration):  # (no rows: symle's reader says so)
            first = None
        if first is not None:
            yield first
            try:
                yield from chunks
                return
            except _Refused:
                # arrow refused a later chunk: start again with symle's reader, past the rows given
                again = python_chunks(name, columns, rows, None, progress, delimiter, missing)
                yield from _skip(again, first.row + len(first))
                return
    yield from python_chunks(name, columns, rows, stream, progress, delimiter, missing)


def _skip(chunks: Iterator[Chunk], done: int) -> Iterator[Chunk]:
    for chunk in chunks:
        end = chunk.row + len(chunk)
        if end <= done:
            continue
        start = max(0, done - chunk.row)
        lines = chunk.lines[start:] if chunk.lines is not None else None
        yield Chunk({k: v[start:] for k, v in chunk.arrays.items()}, chunk.name, chunk.row + start, lines)


def _plain_header(name: str, columns: Sequence[str], delimiter: str) -> bool:
    """Whether arrow reads the header as symle does: on the first line, unquoted, each column asked
    for named once and without spaces around it (anything else is left to symle's reader)."""
    with open(name, "rb") as handle:
        line = handle.readline(1 << 16)
    if not line.strip() or b'"' in line or not line.isascii():
        return False
    cells = next(csv.reader([line.decode("ascii")], delimiter=delimiter), [])
    return all(cells.count(c) == 1 and [cell.strip() for cell in cells].count(c) == 1 for c in columns)


def _arrow_chunks(
    name: str, columns: Sequence[str], rows: int, progress: Progress | None, delimiter: str, missing: str | None
) -> Iterator[Chunk]:
    """Arrow's reader; _Refused whenever its reading could differ from symle's (a value it cannot
    convert, a short row, a header it reads otherwise, a value that is not finite)."""
    import pyarrow as pa
    from pyarrow import csv as pacsv

    handle = open(name, "rb")  # noqa: SIM115 - closed in finally, after the generator's last chunk
    try:
        try:
            reader = pacsv.open_csv(
                handle,
                read_options=pacsv.ReadOptions(block_size=max(1 << 16, rows * 24), use_threads=True),
                parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
                convert_options=pacsv.ConvertOptions(
                    include_columns=list(columns),
                    column_types=dict.fromkeys(columns, pa.float64()),
                    null_values=[],
                    strings_can_be_null=False,
                ),
            )
        except (pa.ArrowInvalid, pa.ArrowKeyError, pa.ArrowNotImplementedError, pa.ArrowTypeError, KeyError):
            raise _Refused from None
        names = reader.schema.names
        if names != list(columns):
            raise _Refused
        done = 0
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
                raise _Refused from None
            if batch.num_rows == 0:
                continue
            arrays = {c: float_values(batch.column(k)) for k, c in enumerate(columns)}
            if not all(np.isfinite(a).all() for a in arrays.values()):
                raise _Refused
            if progress is not None:
                progress(handle.tell())
            for start in range(0, batch.num_rows, rows):
                part = {c: a[start : start + rows] for c, a in arrays.items()}
                where = lambda row: locate_row(name, columns, row, delimiter, missing)  # noqa: E731
                yield Chunk(part, name, done + start, locate=where)
            done += batch.num_rows
    finally:
        handle.close()


def _lines_of(stream: BinaryIO, name: str, progress: Progress | None) -> Iterator[str]:
    """The decoded text line by line (line ends kept, as csv's newline="" wants)."""
    for block, line in text_blocks(stream, name, 1 << 22, progress):
        yield from io.StringIO(data._decode(block, name, line, first=False), newline="")


def python_chunks(
    name: str,
    columns: Sequence[str],
    rows: int,
    stream: BinaryIO | None,
    progress: Progress | None,
    delimiter: str = ",",
    missing: str | None = None,
) -> Iterator[Chunk]:
    """symle's own CSV reader (data._csv_cells), row by row, a chunk at a time."""
    handle = stream if stream is not None else open(name, "rb")  # noqa: SIM115 - closed below
    wanted = list(columns)
    try:
        reader = csv.reader(_lines_of(handle, name, progress), delimiter=delimiter)
        header: list[str] | None = None
        positions: list[int] = []
        cells: list[str] = []
        lines: list[int] = []
        done, start, missing_rows = 0, 1, 0
        try:
            for row in reader:
                row_line, start = start, reader.line_num + 1
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                if header is None:
                    header = [cell.strip() for cell in row]
                    positions = data._column_positions(header, wanted, name, row_line)
                    continue
                cells.extend(row[k] if k < len(row) else "" for k in positions)
                lines.append(row_line)
                if len(lines) == rows:
                    chunk = _chunk(cells, lines, wanted, name, done, missing)
                    yield chunk
                    done, missing_rows = done + len(chunk), missing_rows + chunk.dropped
                    cells, lines = [], []
        except csv.Error as err:
            raise DataError(f"{shown(name)} line {reader.line_num}: not valid CSV ({err})") from None
        if header is None:
            raise DataError(f"{shown(name)}: no observations (the file is empty, expected a header row)")
        if lines:
            chunk = _chunk(cells, lines, wanted, name, done, missing)
            yield chunk
            done, missing_rows = done + len(chunk), missing_rows + chunk.dropped
        if done == 0:
            every = f" (every one of its {missing_rows} rows has a missing value)" if missing_rows else ""
            raise DataError(f"{shown(name)}: no observations{every}")
    finally:
        if stream is None or getattr(stream, "owned", False):  # (a pipe open_data opened: ours to close)
            handle.close()


def _chunk(cells: list[str], lines: list[int], wanted: list[str], name: str, row: int, missing: str | None) -> Chunk:
    """The rows read as numbers, those with a missing value left out and counted (NaN marks them: a
    'nan' in the file is an error of _to_floats)."""
    line_array = np.asarray(lines, dtype=np.int64)
    width = len(wanted)
    arrays = {
        c: data._to_floats(cells[j::width], line_array, name, f"column {quoted(c)}", missing)
        for j, c in enumerate(wanted)
    }
    kept = np.ones(len(lines), dtype=bool)
    for values in arrays.values():
        kept &= ~np.isnan(values)
    if not kept.all():
        arrays = {c: values[kept] for c, values in arrays.items()}
        line_array = line_array[kept]
    return Chunk(arrays, name, row, line_array, dropped=len(lines) - len(line_array))


def locate_row(name: str, columns: Sequence[str], row: int, delimiter: str = ",", missing: str | None = None) -> int:
    """The physical line of data row `row` (0-based), reading the file again with symle's reader:
    only for an error message, when arrow found the bad value."""
    for chunk in python_chunks(name, columns, 1 << 16, None, None, delimiter, missing):
        if row < chunk.row + len(chunk):
            return int(chunk.lines[row - chunk.row])
    raise AssertionError(f"{name} has no data row {row}")
