"""A chunk of a data file, and a text file's bytes cut into blocks of whole lines."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import numpy as np

from symle.echo import shown
from symle.errors import DataError

MAX_LINE_BYTES = 1 << 26  # a "line" longer than this is no number: refuse before memory runs out
Progress = Callable[[int], None]  # told the bytes read so far
ROUNDED = (
    "some integers are beyond 2**53 = 9007199254740992: they were rounded to the nearest double "
    "(16 significant digits), as every value is computed in double precision"
)


@dataclass(frozen=True)
class Chunk:
    """Some consecutive rows of a file: the named columns, and how to name the place of row k."""

    arrays: dict[str, np.ndarray]
    name: str
    row: int  # the 0-based index of the chunk's first data row in the file
    lines: np.ndarray | None = None  # physical line of each row, when known
    locate: Callable[[int], int] | None = field(default=None, repr=False)  # data row -> line, reading again
    unit: str = "line"  # "row" for Parquet, which has no lines
    notes: tuple[str, ...] = ()  # what reading changed (integers rounded to double), for the fit's warnings
    dropped: int = 0  # rows of the file in this chunk left out for a missing value (not in `arrays` or `row`)

    def __len__(self) -> int:
        return len(next(iter(self.arrays.values())))

    def place(self, k: int) -> str:
        """'data.txt line 12' (or 'data.parquet row 12'): where row k of the chunk is."""
        name = shown(self.name)
        if self.lines is not None:
            return f"{name} line {int(self.lines[k])}"
        if self.locate is not None:
            return f"{name} line {self.locate(self.row + k)}"
        return f"{name} {self.unit} {self.row + k + 1}"


def line_ends(block: bytes) -> int:
    """The number of line ends (\\n, \\r\\n or a lone \\r) in a block."""
    ends = block.count(b"\n")
    if b"\r" in block:  # a scan at memchr speed spares two counts in the usual case
        ends += block.count(b"\r") - block.count(b"\r\n")
    return ends


def float_values(values: object, notes: list[str] | None = None) -> np.ndarray:
    """A pyarrow numeric array (or chunked array) without missing values as float64 NumPy, read
    from its buffer: pyarrow's own to_numpy imports pandas, a second of start-up. Integers that
    double precision cannot hold exactly are rounded, and ROUNDED added to `notes`."""
    import pyarrow as pa

    if isinstance(values, pa.ChunkedArray):
        parts = [float_values(c, notes) for c in values.chunks]
        return parts[0] if len(parts) == 1 else np.concatenate(parts) if parts else np.empty(0)
    if pa.types.is_integer(values.type):
        kind = np.dtype(values.type.to_pandas_dtype())
        ints = np.frombuffer(values.buffers()[1], dtype=kind, count=len(values), offset=kind.itemsize * values.offset)
        if notes is not None and ROUNDED not in notes and inexact_integers(ints):
            notes.append(ROUNDED)
        return ints.astype(np.float64)
    if values.type != pa.float64():
        values = values.cast(pa.float64())
    return np.frombuffer(values.buffers()[1], dtype=np.float64, count=len(values), offset=8 * values.offset)


def inexact_integers(ints: np.ndarray) -> bool:
    """Whether some of these integers (a NumPy integer array) have no exact double: beyond 2**53,
    a value with a set bit below its 53 leading ones."""
    big = (ints > 2**53) | (ints < -(2**53)) if ints.dtype.kind == "i" else ints > 2**53
    if not big.any():
        return False
    magnitude = np.abs(ints[big]).astype(np.uint64)  # abs of int64's minimum wraps to 2**63: right as uint64
    # a double's exponent from frexp is the bit length, or one more where rounding carried: either
    # way the shift clears every bit a double cannot hold, so a value is exact iff nothing is lost
    shift = (np.frexp(magnitude.astype(np.float64))[1] - 53).astype(np.uint64)
    return bool(np.any((magnitude >> shift) << shift != magnitude))


def text_blocks(stream: BinaryIO, name: str, size: int, progress: Progress | None) -> Iterator[tuple[bytes, int]]:
    """(bytes, first line) of whole lines, about `size` bytes each; NUL bytes refused at once (a
    binary file, /dev/zero), a UTF-16 file named as such."""
    line, carry, done, first = 1, b"", 0, True
    while True:
        try:
            read = stream.read(size)
        except OSError as err:
            raise DataError(f"{shown(name)}: cannot read ({err.strerror or err})") from None
        done += len(read)
        block = carry + read
        if first and block:
            if block.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise DataError(f"{shown(name)}: the file is UTF-16; save it as UTF-8 text")
            block, first = block.removeprefix(b"\xef\xbb\xbf"), False
        if b"\0" in read:
            raise DataError(f"{shown(name)}: not a text file (it contains NUL bytes)")
        if read:
            cut = max(block.rfind(b"\n"), block.rfind(b"\r", 0, len(block) - 1)) + 1
            if cut == 0:
                if len(block) > MAX_LINE_BYTES:
                    raise DataError(f"{shown(name)} line {line}: a line longer than {MAX_LINE_BYTES >> 20} MB")
                carry = block
                continue
            block, carry = block[:cut], block[cut:]
        else:
            carry = b""
        if block:
            yield block, line
            line += line_ends(block)
        if progress is not None:
            progress(done)
        if not read:
            return
