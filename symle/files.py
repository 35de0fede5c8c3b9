"""Writing output files atomically: a temporary file beside the target, then one rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from symle.echo import shown
from symle.errors import SymleError


def _mode(target: Path) -> int:
    """An existing file's permissions are kept; a new one gets the umask's."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_files(contents: Mapping[str | Path, str | bytes]) -> None:
    """Write every file or none: each goes to a temporary file in its own folder, and only when
    all are written in full are they renamed over their targets. A full disk, a missing folder or
    a killed process leaves the old files as they were and no fragment behind."""
    written: list[tuple[str, Path]] = []
    target = Path()
    try:
        for name, data in contents.items():
            target = Path(name)
            if target.is_dir():
                raise SymleError(f"cannot write {target}: it is a folder")
            handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
            written.append((temporary, target))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data.encode("utf-8") if isinstance(data, str) else data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, _mode(target))
        for temporary, target in written:
            os.replace(temporary, target)
        written.clear()
    except OSError as exc:
        where = (
            exc.filename if exc.filename and not str(exc.filename).endswith(".tmp") else ", ".join(map(str, contents))
        )
        raise SymleError(f"cannot write {where}: {exc.strerror or exc}") from None
    finally:
        for temporary, _ in written:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def write_text(target: str | Path, text: str) -> None:
    write_files({target: text})


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
