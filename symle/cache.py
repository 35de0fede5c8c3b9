"""The cache of rendered outputs: `symle derive` and `symle codegen` print again, without deriving,
what they printed before for the same request.

What is stored is the output itself, the text symle printed (a document in one format, or a
generated module), never a derivation: a Derivation holds expressions built unevaluated for display,
which no text form gives back exactly, while the printed text is by nature what the next run would
print. An entry is a JSON file in the user's cache folder ($XDG_CACHE_HOME/symle, else
~/.cache/symle), named by a hash of its key and holding the key in full: symle's version, a hash of
its code and templates and of the SymPy and Jinja2 it runs with, the command and every option of
the request. An entry is used only when its key equals the request's; anything else (a corrupt,
truncated or foreign file) is ignored and replaced by the next result. The text is printed, never
run or read as an expression. A result that depends on the machine's speed (a step ran out of its
budget) is not stored.

Safety: entries are written to a temporary file in the folder and renamed into place, so a reader
never sees half an entry and two processes writing at once each leave a whole one; the folder holds
at most MAX_ENTRIES entries and MAX_BYTES bytes, the least recently used evicted first; the cache is
used only in a folder of the user's own that no one else may write (created private), and a folder
that is missing, read-only or full only means no cache. `--no-cache` or SYMLE_NO_CACHE=1 bypass it.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import secrets
import stat
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from symle import __version__

FORMAT = "symle-output-cache-1"
MAX_ENTRIES = 2000
MAX_BYTES = 64 << 20
MAX_ENTRY_BYTES = 8 << 20
STALE_SECONDS = 3600.0  # a temporary file this old was left by a killed process
PACKAGE = Path(__file__).resolve().parent


def disabled() -> bool:
    return os.environ.get("SYMLE_NO_CACHE", "") not in ("", "0")


def folder() -> Path | None:
    """$XDG_CACHE_HOME/symle, or ~/.cache/symle (a relative XDG_CACHE_HOME is ignored, as the XDG
    specification says); None without a home folder."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    try:
        root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    except RuntimeError:  # no home folder to be found
        return None
    return root / "symle"


def _template_folder() -> Path | None:
    """As symle.render.environment finds it (without loading Jinja2): symle/templates in a wheel,
    ./templates beside the package in a source checkout."""
    for candidate in (PACKAGE / "templates", PACKAGE.parent / "templates"):
        if candidate.is_dir():
            return candidate
    return None


def _files() -> list[Path]:
    """What the output is made by: symle's code and templates, SymPy's and Jinja2's versions."""
    files = sorted(PACKAGE.rglob("*.py"))
    templates = _template_folder()
    if templates is not None:
        files += sorted(p for p in templates.rglob("*") if p.is_file())
    for module, name in (("sympy", "release.py"), ("jinja2", "__init__.py")):
        spec = importlib.util.find_spec(module)
        if spec is not None and spec.origin is not None:
            files.append(Path(spec.origin).parent / name)
    return files


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in _files():
        with contextlib.suppress(OSError):
            content = path.read_bytes()
            digest.update(f"{path.name}\0{len(content)}\0".encode())
            digest.update(content)
    return digest.hexdigest()


def key(command: str, request: Mapping[str, Any]) -> dict[str, Any]:
    """Everything the output depends on."""
    return {"symle": __version__, "code": fingerprint(), "command": command, "request": dict(request)}


def _name(entry_key: Mapping[str, Any]) -> str:
    text = json.dumps(entry_key, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()[:40] + ".json"


@contextlib.contextmanager
def _opened(create: bool) -> Iterator[int | None]:
    """The cache folder, opened (made first when `create`), if it is a folder of ours that no one
    else may write: then every entry in it was written by us. Every access goes through this
    descriptor, so the folder checked is the folder used. None where there is no such folder."""
    where = folder()
    if where is None:
        yield None
        return
    if create:
        with contextlib.suppress(OSError):
            where.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(where, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        yield None
        return
    try:
        info = os.fstat(fd)
        yield fd if info.st_uid == os.geteuid() and not info.st_mode & 0o022 else None
    finally:
        os.close(fd)


def read(entry_key: Mapping[str, Any]) -> str | None:
    """The stored output for this key, or None (no entry, or one that is corrupt or not this key's)."""
    name = _name(entry_key)
    with _opened(create=False) as where:
        if where is None:
            return None
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=where)
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
                return None
            with os.fdopen(os.dup(fd), "rb") as stream:
                data = stream.read(MAX_ENTRY_BYTES + 1)
            with contextlib.suppress(OSError):
                os.utime(fd)  # recently used: evicted last
        except OSError:
            return None
        finally:
            os.close(fd)
    try:
        entry = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not (
        isinstance(entry, dict)
        and entry.get("format") == FORMAT
        and entry.get("key") == json.loads(json.dumps(entry_key))
        and isinstance(entry.get("output"), str)
    ):
        return None
    return entry["output"]


def write(entry_key: Mapping[str, Any], output: str) -> None:
    """Store the output under its key: written whole to a temporary file, then renamed into place
    (atomic); then the least recently used entries beyond the bounds are evicted. Nothing happens
    where the folder cannot be made or written."""
    data = json.dumps({"format": FORMAT, "key": entry_key, "output": output}, ensure_ascii=False).encode("utf-8")
    if len(data) > MAX_ENTRY_BYTES:
        return
    name = _name(entry_key)
    with _opened(create=True) as where:
        if where is None:
            return
        temporary = f".tmp-{os.getpid()}-{secrets.token_hex(8)}.json"
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=where)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
            os.replace(temporary, name, src_dir_fd=where, dst_dir_fd=where)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=where)
            return
        _evict(where, name)


def _evict(where: int, kept: str) -> None:
    """Remove the least recently used entries beyond the bounds (never `kept`, just written) and
    temporary files left by killed processes."""
    entries: list[tuple[bool, float, int, str]] = []
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(where) as found:
        for item in found:
            with contextlib.suppress(OSError):
                info = item.stat(follow_symlinks=False)
                if item.name.startswith(".tmp-"):
                    if now - info.st_mtime > STALE_SECONDS:
                        os.unlink(item.name, dir_fd=where)
                elif item.name.endswith(".json") and stat.S_ISREG(info.st_mode):
                    entries.append((item.name == kept, info.st_mtime, info.st_size, item.name))
    entries.sort(reverse=True)  # the one just written, then the most recently used
    total = 0
    for count, (newest, _, size, name) in enumerate(entries, 1):
        total += size
        if not newest and (count > MAX_ENTRIES or total > MAX_BYTES):
            with contextlib.suppress(OSError):
                os.unlink(name, dir_fd=where)


def remembered(command: str, request: Mapping[str, Any], make: Callable[[], tuple[str, bool]], use: bool) -> str:
    """The output of `make` (text, and whether it may be stored), from the cache when it holds it.
    `use` False (--no-cache), or SYMLE_NO_CACHE set, bypasses the cache."""
    if not use or disabled():
        return make()[0]
    entry_key = key(command, request)
    found = read(entry_key)
    if found is not None:
        return found
    output, storable = make()
    if storable:
        write(entry_key, output)
    return output
