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
import stat
import tempfile
import time
from collections.abc import Callable, Mapping
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


def folder() -> Path:
    """$XDG_CACHE_HOME/symle, or ~/.cache/symle (a relative XDG_CACHE_HOME is ignored, as the XDG
    specification says)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
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


def _private(path: Path) -> bool:
    """A folder of ours that no one else may write: entries in it were written by us."""
    try:
        info = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid() and not info.st_mode & 0o022


def read(entry_key: Mapping[str, Any]) -> str | None:
    """The stored output for this key, or None (no entry, or one that is corrupt or not this key's)."""
    where = folder()
    if not _private(where):
        return None
    path = where / _name(entry_key)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            return None
        with os.fdopen(os.dup(fd), "rb") as stream:
            data = stream.read(MAX_ENTRY_BYTES + 1)
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
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: evicted last
    return entry["output"]


def write(entry_key: Mapping[str, Any], output: str) -> None:
    """Store the output under its key (atomically), then evict the least recently used entries
    beyond the bounds; nothing happens where the folder cannot be made or written."""
    data = json.dumps({"format": FORMAT, "key": entry_key, "output": output}, ensure_ascii=False).encode("utf-8")
    if len(data) > MAX_ENTRY_BYTES:
        return
    where = folder()
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return
    if not _private(where):
        return
    try:
        handle, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=where)
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, where / _name(entry_key))
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return
    _evict(where, where / _name(entry_key))


def _evict(where: Path, kept: Path) -> None:
    """Remove the least recently used entries beyond the bounds (never `kept`, just written) and
    temporary files left by killed processes."""
    entries: list[tuple[bool, float, int, Path]] = []
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(where) as found:
        for item in found:
            with contextlib.suppress(OSError):
                info = item.stat(follow_symlinks=False)
                if item.name.startswith(".tmp-"):
                    if now - info.st_mtime > STALE_SECONDS:
                        os.unlink(item.path)
                elif item.name.endswith(".json") and stat.S_ISREG(info.st_mode):
                    newest = item.path == str(kept)
                    entries.append((newest, info.st_mtime, info.st_size, Path(item.path)))
    entries.sort(reverse=True)  # the one just written, then the most recently used
    total = 0
    for count, (newest, _, size, path) in enumerate(entries, 1):
        total += size
        if not newest and (count > MAX_ENTRIES or total > MAX_BYTES):
            with contextlib.suppress(OSError):
                path.unlink()


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
