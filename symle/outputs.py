"""Writing output files: regular files replaced atomically, special files written in place.

A regular file (or a new path) is written to a temporary file beside it and renamed over it when
complete, so a full disk or a kill leaves the old file whole; a group of files (a worksheet's .tex
and its PDF) is renamed together, with the catchable signals held off between the renames. A
character device, a FIFO or an open descriptor (/dev/null, a named pipe, /dev/stdout, /dev/fd/N as
given by `>(cmd)`) is written directly, never replaced. Under the command line's supervisor the
writing is staged: the supervised child hands its files to the parent, which writes them only if
it is still alive, so a killed command writes nothing afterwards."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import select
import signal
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from symle.errors import SymleError

Contents = Mapping[str | Path, str | bytes]
DIRECT_WAIT_SECONDS = 10.0  # how long a FIFO may wait for its reader, or a slow reader hold us up
_HELD_SIGNALS = {signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGQUIT}
_PROC_FD = re.compile(r"/proc/(self|\d+)/fd")

_stage: Callable[[dict[str, bytes]], None] | None = None


def stage_to(sender: Callable[[dict[str, bytes]], None] | None) -> None:
    """From now on, hand each group of files to `sender` instead of writing it (the supervised
    child's side of the command line); None writes again."""
    global _stage
    _stage = sender


@dataclass(frozen=True)
class Target:
    """Where a name given to -o leads: a path to replace atomically, a special file to open and
    write in place, or a descriptor of ours to write to."""

    name: str
    path: Path | None = None
    special: Path | None = None
    descriptor: int | None = None


def resolve(name: str | Path) -> Target:
    """Follow the name's symbolic links: a link to a regular file leads to that file (replaced,
    the link kept), /dev/stdout and /dev/fd/N to our own descriptor, a device or FIFO to itself."""
    shown = str(name)
    path = os.path.abspath(os.fspath(name))
    for _ in range(40):  # as the kernel's limit on links followed
        head, tail = os.path.split(path)
        head = os.path.realpath(head)
        match = _PROC_FD.fullmatch(head)
        if match and tail.isdigit() and match.group(1) in ("self", str(os.getpid())):
            return Target(shown, descriptor=int(tail))
        full = os.path.join(head, tail)
        if not os.path.islink(full):
            break
        path = os.path.join(head, os.readlink(full))
    else:
        raise SymleError(f"cannot write {shown}: too many levels of symbolic links")
    try:
        mode = os.stat(full).st_mode
    except FileNotFoundError:
        return Target(shown, path=Path(full))
    except OSError as exc:
        raise SymleError(f"cannot write {shown}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise SymleError(f"cannot write {shown}: it is a folder")
    if stat.S_ISREG(mode):
        return Target(shown, path=Path(full))
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return Target(shown, special=Path(full))
    kind = "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a regular file"
    raise SymleError(f"cannot write {shown}: it is {kind}")


def write_files(contents: Contents, wait: float = DIRECT_WAIT_SECONDS) -> None:
    """Write every file: the regular ones all or none (each to a temporary file in its own folder,
    renamed over its target only when all are written in full), then the special ones in place.
    `wait` bounds how long a FIFO without a reader, or a reader that stops reading, holds us."""
    data = {
        str(name): text.encode("utf-8") if isinstance(text, str) else bytes(text) for name, text in contents.items()
    }
    if _stage is not None:
        _stage(data)
        return
    targets = {name: resolve(name) for name in data}
    _replace_together({targets[name]: data[name] for name in data if targets[name].path is not None})
    deadline = time.monotonic() + wait
    for name, target in targets.items():
        if target.path is None:
            _write_in_place(target, data[name], deadline)


def write_text(target: str | Path, text: str) -> None:
    write_files({target: text})


def emit(text: str, output: str | None) -> None:
    """A command's output: to the -o file when one is named, else to standard output, line-ended."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    write_text(output, text)


def _mode(target: Path) -> tuple[int, int, int] | None:
    """An existing file's permissions (without setuid, setgid and sticky bits, which a rewritten
    file must not keep) and owner; None for a new file, which gets the umask's permissions."""
    try:
        info = target.stat()
    except OSError:
        return None
    return info.st_mode & 0o777, info.st_uid, info.st_gid


def _new_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _replace_together(contents: dict[Target, bytes]) -> None:
    written: list[tuple[str, Path]] = []
    try:
        for target, data in contents.items():
            assert target.path is not None
            # a short name of our own: the target's name may already be as long as a name can be
            handle, temporary = tempfile.mkstemp(prefix=".symle-", suffix=".tmp", dir=target.path.parent)
            written.append((temporary, target.path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            kept = _mode(target.path)
            os.chmod(temporary, _new_mode() if kept is None else kept[0])
            if kept is not None and os.geteuid() == 0:  # root rewriting another's file: it stays theirs
                with contextlib.suppress(OSError):
                    os.chown(temporary, kept[1], kept[2])
        _rename_all(written)
        written.clear()
    except OSError as exc:
        where = exc.filename if exc.filename and ".symle-" not in str(exc.filename) else None
        names = where or ", ".join(t.name for t in contents)
        raise SymleError(f"cannot write {names}: {exc.strerror or exc}") from None
    finally:
        for temporary, _ in written:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _rename_all(pairs: list[tuple[str, Path]]) -> None:
    """The renames, with SIGTERM, SIGHUP, SIGINT and SIGQUIT held until all are done: a kill
    between two renames would leave a new .tex beside an old PDF."""
    with _signals_held():
        for temporary, target in pairs:
            os.replace(temporary, target)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Signals that arrive inside are delivered when it ends. In the main thread their handlers are
    swapped for one that notes them (a process-wide signal may reach any thread, and Python runs
    every handler in the main thread); elsewhere the thread's signal mask holds them."""
    if threading.current_thread() is not threading.main_thread():
        previous_mask = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous_mask)
        return
    pending: list[int] = []
    previous = {signum: signal.signal(signum, lambda signum, frame: pending.append(signum)) for signum in _HELD_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
        for signum in pending:
            os.kill(os.getpid(), signum)


def _write_in_place(target: Target, data: bytes, deadline: float) -> None:
    """A device, FIFO or descriptor written as it is, never replaced; a FIFO waits for its reader
    until the deadline."""
    try:
        if target.descriptor is not None:
            sys.stdout.flush()  # what we printed comes first, as it would in a shell
            sys.stderr.flush()
            _write_all(target.descriptor, data, deadline, target.name)
            return
        assert target.special is not None
        fd = _open_special(target.special, deadline, target.name)
        try:
            _write_all(fd, data, deadline, target.name)
        finally:
            os.close(fd)
    except OSError as exc:
        reason = "not an open descriptor" if exc.errno == errno.EBADF else exc.strerror or str(exc)
        raise SymleError(f"cannot write {target.name}: {reason}") from None


def _open_special(path: Path, deadline: float, name: str) -> int:
    while True:
        try:
            return os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY)
        except OSError as exc:
            if exc.errno != errno.ENXIO:  # ENXIO: a FIFO that no one reads yet
                raise
        if time.monotonic() >= deadline:
            raise SymleError(f"cannot write {name}: no one reads the named pipe")
        time.sleep(0.02)


def _write_all(fd: int, data: bytes, deadline: float, name: str) -> None:
    view = memoryview(data)
    os.fstat(fd)  # a descriptor that is not open fails here, at once (select would wait out the deadline on it)
    poller = select.poll()  # (poll, not select: any descriptor number, and POLLNVAL for a closed one)
    poller.register(fd, select.POLLOUT)
    while view:
        left = deadline - time.monotonic()
        if left <= 0:
            raise SymleError(f"cannot write {name}: its reader stopped reading")
        ready = poller.poll(max(1, int(left * 1000)))
        if not ready:
            continue
        if ready[0][1] & select.POLLNVAL:
            raise OSError(errno.EBADF, "not an open descriptor")
        try:
            view = view[os.write(fd, view[: 1 << 16]) :]
        except BlockingIOError:
            continue
