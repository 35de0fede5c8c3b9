"""What `symle serve` accepts: the size of a request (FORM_BYTES, UPLOAD_BYTES for the pages that take
files), and a class's zip (its members counted, their sizes and compression ratio capped, read in
memory: a member's name is only ever shown, never used as a path)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import PurePosixPath
from typing import Any

from symle.checker.homework import MAX_FILE_BYTES
from symle.echo import shown
from symle.errors import HomeworkError

FORM_BYTES = 1 << 20  # a form: a density, a worksheet spec, a pasted homework
UPLOAD_BYTES = 5 << 20  # a data file, a homework file, a class's files or zip
UPLOAD_PATHS = ("/fit", "/check")
ZIP_FILES = 200  # homework files in a class's zip
ZIP_BYTES = 20 << 20  # their total size, uncompressed
ZIP_RATIO = 100  # a member's uncompressed size over its compressed size
HOMEWORK_SUFFIXES = (".txt", ".md", ".markdown", ".tex", ".ipynb")

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class _TooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware: a request whose body is over its cap gets 413, from its Content-Length at once
    or as soon as more has arrived than the cap."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = UPLOAD_BYTES if scope["path"] in UPLOAD_PATHS else FORM_BYTES
        headers = dict(scope.get("headers", ()))
        length = headers.get(b"content-length", b"0")
        if not length.isdigit() or int(length) > cap:
            await _refuse(send, cap)
            return
        received = 0
        started = False

        async def limited() -> MutableMapping[str, Any]:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    raise _TooLarge
            return message

        async def watched(message: MutableMapping[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, watched)
        except _TooLarge:
            if not started:
                await _refuse(send, cap)


async def _refuse(send: Send, cap: int) -> None:
    body = f"symle: error: the request is larger than {cap >> 20} MB\n".encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def zip_members(data: bytes) -> list[tuple[str, bytes]]:
    """The homework files of a class's zip, (name as shown, content), in name order; read in memory,
    nothing written. Refused whole: not a zip, more than ZIP_FILES files, more than ZIP_BYTES in all, a
    member compressed more than ZIP_RATIO times or larger than a homework file may be."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise HomeworkError("the upload is not a zip archive that can be read") from None
    chosen = [
        m
        for m in members
        if not m.is_dir()
        and PurePosixPath(m.filename).suffix.lower() in HOMEWORK_SUFFIXES
        and not PurePosixPath(m.filename).name.startswith(".")  # a system's leftovers (.DS_Store, ._a.txt)
        and "__MACOSX" not in PurePosixPath(m.filename).parts
    ]
    if len(chosen) > ZIP_FILES:
        raise HomeworkError(f"the zip holds {len(chosen)} homework files: at most {ZIP_FILES}")
    if sum(m.file_size for m in chosen) > ZIP_BYTES:
        raise HomeworkError(f"the zip's files come to more than {ZIP_BYTES >> 20} MB")
    out = []
    for m in sorted(chosen, key=lambda m: m.filename):
        name = shown(m.filename)
        if m.file_size > MAX_FILE_BYTES:
            raise HomeworkError(f"{name} is longer than {MAX_FILE_BYTES // 1000} kB: not a homework file")
        if m.file_size > ZIP_RATIO * max(m.compress_size, 1):
            raise HomeworkError(f"{name} is compressed more than {ZIP_RATIO} times: refused")
        try:
            with archive.open(m) as stream:
                content = stream.read(MAX_FILE_BYTES + 1)  # never more than declared can arrive
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
            raise HomeworkError(f"{name} cannot be read from the zip ({type(exc).__name__})") from None
        if len(content) > MAX_FILE_BYTES:
            raise HomeworkError(f"{name} is longer than {MAX_FILE_BYTES // 1000} kB: not a homework file")
        out.append((name, content))
    if not out:
        raise HomeworkError(f"the zip holds no homework files ({', '.join(HOMEWORK_SUFFIXES)})")
    return out
