"""Reading data files in chunks: one number per line, CSV columns, Parquet columns, or standard input.

pyarrow parses (its CSV reader and its Parquet reader are columnar, written in C++, and parse a
file several times faster than Python's csv module and float()); memory stays bounded by the chunk,
whatever the file's size. Arrow is not symle's judge of what is a number, though: a chunk it refuses,
or one holding a value that is not finite, is read again by symle's own parser (symle.numeric.data),
which gives the error message of the in-memory reader, naming the file and the line."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import numpy as np

from symle.echo import shown
from symle.errors import DataError
from symle.files import unreadable
from symle.numeric import data
from symle.numeric.chunk import Chunk, Progress, float_values, line_ends, text_blocks
from symle.numeric.csvchunks import csv_chunks, locate_row
from symle.numeric.parquet import is_parquet, parquet_chunks, parquet_columns
from symle.numeric.reading import HEAD_BYTES, Reading, choose_column, detect_delimiter, first_line, header_cells

__all__ = ["Chunk", "DataFile", "Progress", "chunk_rows", "open_data"]

CHUNK_ROWS = 1 << 18  # 2 MB a float64 column, 5 MB of text: per-chunk overhead negligible, arrow's parse buffers small
MAX_CHUNK_ROWS = 1 << 24  # 128 MB a float64 column, some 400 MB of text: beyond, memory is no longer bounded


def chunk_rows() -> int:
    """Rows a chunk; SYMLE_CHUNK_ROWS sets it (tests use tiny chunks on small files), a whole number
    from 1 to MAX_CHUNK_ROWS: anything else is an error, not a silent default."""
    text = os.environ.get("SYMLE_CHUNK_ROWS")
    if text is None:
        return CHUNK_ROWS
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 9 and 1 <= int(digits) <= MAX_CHUNK_ROWS):
        shown = text[:20] + ("..." if len(text) > 20 else "")
        raise DataError(f"SYMLE_CHUNK_ROWS={shown!r}: give a whole number of rows from 1 to {MAX_CHUNK_ROWS}")
    return int(digits)


@dataclass(frozen=True)
class DataFile:
    """A data file or standard input, opened lazily: `chunks()` reads it once, chunk by chunk."""

    name: str  # as given, or "<stdin>"
    columns: tuple[str, ...] | None  # None: one number per line
    kind: str  # "plain", "csv" or "parquet"
    size: int | None  # bytes, when known (for the progress bar)
    stream: BinaryIO | None = field(default=None, repr=False)  # standard input's bytes
    progress: Progress | None = field(default=None, repr=False)  # told the bytes read, as they are read
    delimiter: str = ","  # a CSV file's
    missing: str = "drop"  # rows with a missing value: "drop" (left out, counted) or "error"

    def chunks(self, progress: Progress | None = None) -> Iterator[Chunk]:
        rows = chunk_rows()
        if self.kind == "parquet":
            return parquet_chunks(self.name, self.columns or (), rows, progress, self.size or 0)
        if self.kind == "csv":
            return csv_chunks(self.name, self.columns or (), rows, self.stream, progress, self.delimiter, self.missing)
        return plain_chunks(self.name, rows, self.stream, progress, self.missing)

    def locate(self, row: int) -> int:
        return locate_row(self.name, self.columns or (), row, self.delimiter, self.missing)


def open_data(
    source: str | os.PathLike[str], columns: list[str] | None = None, *, stdin=None, reading: Reading | None = None
) -> DataFile:
    """The file (or "-", standard input) ready to read in chunks: one number per line, or with
    `columns` the named columns of a CSV file with a header or of a Parquet file. Without `columns`,
    a header line naming one column is recognised (that column is read), one naming several is an
    error naming them. The delimiter is `reading`'s or detected from the first line. Only opening
    errors are raised here (no such file, a folder); the data's own, while reading."""
    reading = reading or Reading()
    if isinstance(source, str) and source == "-":
        stream = sys.stdin if stdin is None else stdin
        binary = getattr(stream, "buffer", None)
        if binary is None:  # a text stream (tests): its text as bytes
            binary = _Encoded(stream)
        try:
            head = _head(binary)
        except OSError as err:
            raise DataError(f"{data.STDIN_NAME}: cannot read ({err.strerror or err})") from None
        return _text_file(data.STDIN_NAME, columns, None, _Replay(head, binary), head, reading)
    name = os.fspath(source)
    try:
        handle = open(name, "rb")  # noqa: SIM115 - a pipe's handle stays open: it is read once, below
    except OSError as err:
        raise DataError(unreadable(name, err)) from None
    try:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return _pipe(name, handle, columns, reading)
        with handle:
            head = handle.read(HEAD_BYTES)
            size = os.fstat(handle.fileno()).st_size
    except OSError as err:
        handle.close()
        raise DataError(unreadable(name, err)) from None
    if is_parquet(head[:4], name):
        return DataFile(name, parquet_columns(name, columns), "parquet", size)
    return _text_file(name, columns, size or None, None, head, reading)


def _pipe(name: str, handle: BinaryIO, columns: list[str] | None, reading: Reading) -> DataFile:
    """A named pipe, <(cmd) or a device: its bytes come once, so the first line, read for the header
    and the delimiter, is replayed before the rest; the handle is closed when the data are read."""
    try:
        head = _head(handle)
        if is_parquet(head[:4], name):
            raise DataError(f"{shown(name)}: a Parquet file is read from a regular file, not from a pipe")
        return _text_file(name, columns, None, _Replay(head, handle, owned=True), head, reading)
    except BaseException:
        handle.close()
        raise


def _text_file(
    name: str, columns: list[str] | None, size: int | None, stream: BinaryIO | None, head: bytes, reading: Reading
) -> DataFile:
    line = first_line(head)
    delimiter = detect_delimiter(line, reading.delimiter)
    if not columns:
        cells = header_cells(line, delimiter)
        columns = None if cells is None else [choose_column(name, cells)]
    kind = "csv" if columns else "plain"
    return DataFile(name, tuple(columns) if columns else None, kind, size, stream, None, delimiter, reading.missing)


def _head(stream: BinaryIO) -> bytes:
    """The first bytes of a stream, up to its first line end (or HEAD_BYTES), for the header."""
    head = b""
    while b"\n" not in head and len(head) < HEAD_BYTES:
        read = getattr(stream, "read1", stream.read)(HEAD_BYTES - len(head))
        if not read:
            break
        head += read
    return head


class _Replay:
    """A stream whose first bytes were read already (the header looked for): they come first."""

    def __init__(self, head: bytes, stream: BinaryIO, owned: bool = False) -> None:
        self.head, self.stream, self.owned = head, stream, owned  # owned: a pipe we opened, closed once read

    def close(self) -> None:
        self.stream.close()

    def read(self, size: int) -> bytes:
        if self.head:
            out, self.head = self.head[:size], self.head[size:]
            return out
        return self.stream.read(size)


class _Encoded:
    """A text stream read as UTF-8 bytes (standard input replaced by a StringIO)."""

    def __init__(self, stream) -> None:
        self.stream = stream

    def read(self, size: int) -> bytes:
        return self.stream.read(size // 4 or 1).encode("utf-8")


# --- one number per line ----------------------------------------------------------------------


def plain_chunks(
    name: str, rows: int, stream: BinaryIO | None, progress: Progress | None, missing: str | None = None
) -> Iterator[Chunk]:
    """One number per line, in chunks of about `rows` values (the block's bytes sized for that);
    with `missing` "drop", lines marking a missing value (NA) left out and counted."""
    handle = stream if stream is not None else _open(name)
    total = missing_rows = 0
    try:
        for block, line in text_blocks(handle, name, max(4096, rows * 20), progress):
            values, lines = _parse_block(block, name, line, missing)
            kept = ~np.isnan(values)  # (NaN only marks a missing value: a 'nan' in the file is an error)
            dropped = int(values.size - kept.sum())
            if dropped:
                values, lines = values[kept], lines[kept]
                missing_rows += dropped
            if len(values) or dropped:
                yield Chunk({"": values}, name, total, lines, dropped=dropped)
                total += len(values)
    finally:
        if stream is None or getattr(stream, "owned", False):  # (a pipe open_data opened: ours to close)
            handle.close()
    if total == 0:
        raise DataError(
            f"{shown(name)}: no observations" + (f" (all {missing_rows} are missing)" if missing_rows else "")
        )


def _parse_block(block: bytes, name: str, line: int, missing: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Arrow's parse of a block when it is plainly numbers; symle's own otherwise, or when arrow
    finds a value that is not finite (symle's parser names it, with its line)."""
    if block.isascii() and b"#" not in block and b"_" not in block:
        values = _arrow_numbers(block)
        if values is not None and len(values) == line_ends(block) + (not block.endswith((b"\n", b"\r"))):
            if np.isfinite(values).all():
                return values, np.arange(line, line + len(values), dtype=np.int64)
    return data._parse_plain(data._decode(block, name, line, first=False), name, line, missing)


def _arrow_numbers(block: bytes) -> np.ndarray | None:
    import pyarrow as pa
    from pyarrow import csv

    try:
        table = csv.read_csv(
            pa.py_buffer(block),
            read_options=csv.ReadOptions(column_names=["x"], use_threads=False, block_size=len(block) + 1),
            parse_options=csv.ParseOptions(
                delimiter="\x1f", quote_char=False, escape_char=False, ignore_empty_lines=False
            ),
            convert_options=csv.ConvertOptions(
                column_types={"x": pa.float64()}, null_values=[], strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return float_values(table.column(0))


def _open(name: str) -> BinaryIO:
    try:
        return open(name, "rb")
    except OSError as err:
        raise DataError(f"{shown(name)}: cannot read ({err.strerror or err})") from None
