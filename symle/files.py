"""Reading input files safely: bounded in size, and in time where the input is a pipe or a device."""

from __future__ import annotations

import os
import select
import stat
import time
from pathlib import Path
from typing import BinaryIO

from symle.echo import shown
from symle.supervisor import time_left

CHUNK_BYTES = 1 << 22


class TooLarge(Exception):
    """An input longer than its reader's limit (a file, or /dev/zero, that would fill memory)."""


def read_limited(stream: BinaryIO, limit: int) -> bytes:
    """At most `limit` bytes of a stream, read in chunks: a longer input raises TooLarge before it
    can fill memory; a NUL byte ends the reading early too (text has none), and the caller sees it."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(CHUNK_BYTES)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if b"\0" in chunk:
            return b"".join(chunks)
        if size > limit:
            raise TooLarge(f"longer than {limit // (1 << 20)} MB")


def unreadable(name: str, err: OSError) -> str:
    """Why a file cannot be opened, in one line that starts with its name (`shown`: escaped)."""
    name = shown(name)
    if isinstance(err, FileNotFoundError):
        return f"{name}: no such file"
    if isinstance(err, IsADirectoryError):
        return f"{name}: is a directory, not a file"
    if isinstance(err, PermissionError):
        return f"{name}: cannot read (permission denied)"
    return f"{name}: cannot read ({err.strerror or err})"


class TooSlow(Exception):
    """A pipe or device that gave no more input within the time allowed (a FIFO no one writes)."""


def read_bounded(path: str | Path, limit: int, seconds: float) -> bytes:
    """At most `limit` bytes of the file at `path`; a regular file is read as usual, while a FIFO or
    a device (`mkfifo hw.txt`, /dev/stdin from a process that never ends) is read without blocking
    and given `seconds` in all, else TooSlow. OSError as open() raises it."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    try:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if stat.S_ISREG(os.fstat(fd).st_mode):
            os.set_blocking(fd, True)
            with os.fdopen(os.dup(fd), "rb") as stream:
                return read_limited(stream, limit)
        return _read_polled(fd, limit, time_left(seconds), seconds)
    finally:
        os.close(fd)


def _read_polled(fd: int, limit: int, seconds: float, budget: float) -> bytes:
    """Read until end of input, waiting `seconds` at most; the error names the `budget` given."""
    deadline = time.monotonic() + seconds
    chunks: list[bytes] = []
    size = 0
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TooSlow(f"no end of input within its budget of {budget:g} s")
        if not poller.poll(left * 1000):
            continue
        try:
            chunk = os.read(fd, CHUNK_BYTES)
        except BlockingIOError:
            continue
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if b"\0" in chunk:
            return b"".join(chunks)
        if size > limit:
            raise TooLarge(f"longer than {limit // (1 << 20)} MB")
