"""Whole commands under a hard deadline: run in a forked child and its process group, killed when late.

Light on purpose (no SymPy here): the command line forks before the heavy imports, so they count
inside the command's own time and `--timeout T` ends it within T + 2 s from the start.

The child sends the parent framed messages through a pipe: its standard output and error as they
are written, the files it would write, a longer deadline once it knows how much work there is, and
its exit status. The parent alone writes files, after the child has finished, so a command killed
at any moment (SIGTERM, SIGHUP, SIGKILL, the deadline) writes nothing afterwards: the child dies
with its parent (PR_SET_PDEATHSIG), and its worker with it."""

from __future__ import annotations

import base64
import contextlib
import ctypes
import io
import json
import os
import select
import signal
import struct
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

from symle import outputs
from symle.errors import BudgetExceeded
from symle.options import Options

COMMAND_GRACE_SECONDS = 1.0  # beyond the command's soft deadline, for it to finish and exit
STOP_GRACE_SECONDS = 1.0  # a stopped child's time to clean up (a PDF's temporary folder) before SIGKILL
MAX_COMMAND_SECONDS = (
    4 * Options.MAX_TIMEOUT
)  # no command, however much work it announces (a class's files), runs longer
IN_WORKER = False  # set in symle's worker process (symle.worker), which never forks again
PR_SET_PDEATHSIG = 1
_HEADER = struct.Struct(">I")

_channel: int | None = None  # in the supervised child: the pipe to the parent
_deadline: float | None = None  # in the supervised child: when the parent stops it


def in_process() -> bool:
    """Whether to run in this process: inside a worker already, where fork is missing, or when
    SYMLE_IN_PROCESS is set (profiling, debugging)."""
    return IN_WORKER or not hasattr(os, "fork") or bool(os.environ.get("SYMLE_IN_PROCESS"))


def die_with_parent(parent: int, signum: int = signal.SIGKILL) -> None:
    """Linux: the kernel sends `signum` to this process when its parent dies, even mid-computation."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signum)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(0)


def allow(seconds: float) -> None:
    """In a supervised command that has just learnt how much work it has (a worksheet's problems, a
    class's files): let it run `seconds` from now. Elsewhere, nothing."""
    global _deadline
    if _channel is not None and _deadline is not None:
        _send(_channel, ["deadline", float(seconds)])
        _deadline = max(_deadline, time.monotonic() + seconds)


def stopped_within(seconds: float) -> bool:
    """Whether this is a supervised command that its parent stops within `seconds` from now anyway
    (then a worker process with that deadline would only cost its start)."""
    return _deadline is not None and _deadline <= time.monotonic() + seconds


def time_left(seconds: float) -> float:
    """`seconds`, or less in a supervised command whose deadline comes sooner: a wait (reading a
    pipe) then ends with its own message before the parent stops the command."""
    if _deadline is None:
        return seconds
    return max(0.1, min(seconds, _deadline - time.monotonic() - COMMAND_GRACE_SECONDS / 2))


class _Stopped(BaseException):
    """A signal asking this process to stop (SIGTERM, SIGHUP): unwinds like an interruption."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_stopped(signum: int, frame: object) -> None:
    raise _Stopped(signum)


def supervise(seconds: float, what: str, command: Callable[[], int]) -> int:
    """Run a whole command in a forked child with its own process group, the worker included; past
    the deadline the whole group is stopped and nothing more of its output is shown or written.
    The child's standard output and error are written here as they come, so the command behaves
    as if it ran in this process; its files are written here when it has finished."""
    if in_process():
        return command()
    reader, writer = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: run the command with its output sent through the pipe, then leave at once
        os.close(reader)
        _child(command, writer, parent, time.monotonic() + seconds)
    os.close(writer)
    with contextlib.suppress(OSError):
        os.setpgid(pid, pid)  # (both sides set it: no race with the child's first steps)
    previous = {s: signal.signal(s, _raise_stopped) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        run = _Run(time.monotonic(), seconds)
        try:
            run.receive(reader)
        except BudgetExceeded:
            _stop(pid)
            if run.reported is not None:  # its error line was shown just before the deadline: one line only
                return run.reported
            raise BudgetExceeded(f"{what} did not finish within {seconds:g} s") from None
        except BaseException:
            _stop(pid)
            raise
        finally:
            os.close(reader)
        _, status = os.waitpid(pid, 0)
        if run.code is None:
            sys.stderr.write(f"symle: internal error (the command ended abnormally, status {status})\n")
            return 1
        for group in run.files:
            outputs.write_files(group, wait=max(1.0, run.deadline - time.monotonic()))
        return run.code
    except _Stopped as stopped:  # SIGTERM or SIGHUP: stop, write nothing, and end as the signal would
        signal.signal(stopped.signum, signal.SIG_DFL)
        os.kill(os.getpid(), stopped.signum)
        raise SystemExit(128 + stopped.signum) from None
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


class _Run:
    """The parent's view of the child's messages: output shown as it comes, files kept for later,
    the deadline as the child extends it, and the exit status."""

    def __init__(self, start: float, seconds: float) -> None:
        self.start = start
        self.deadline = start + seconds + COMMAND_GRACE_SECONDS
        self.files: list[dict[str, bytes]] = []
        self.code: int | None = None
        self.reported: int | None = None  # the exit status of an error line the child has shown

    def receive(self, reader: int) -> None:
        """Read messages until the child closes the pipe; BudgetExceeded past the deadline."""
        buffer = b""
        while True:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise BudgetExceeded("past the deadline")
            ready, _, _ = select.select([reader], [], [], min(left, 0.1))
            if not ready:
                continue
            chunk = os.read(reader, 1 << 16)
            if not chunk:
                return
            buffer += chunk
            while len(buffer) >= _HEADER.size and len(buffer) >= _HEADER.size + _HEADER.unpack_from(buffer)[0]:
                size = _HEADER.size + _HEADER.unpack_from(buffer)[0]
                self.take(*json.loads(buffer[_HEADER.size : size]))
                buffer = buffer[size:]

    def take(self, kind: str, value: Any) -> None:
        if kind in ("out", "err"):
            if kind == "err" and value.startswith(("symle: error:", "symle: internal error")):
                self.reported = 2 if value.startswith("symle: error:") else 1
            stream = sys.stdout if kind == "out" else sys.stderr
            stream.write(value)
            stream.flush()
        elif kind == "files":
            self.files.append({name: base64.b64decode(data) for name, data in value})
        elif kind == "deadline":
            later = time.monotonic() + float(value) + COMMAND_GRACE_SECONDS
            self.deadline = min(max(self.deadline, later), self.start + MAX_COMMAND_SECONDS)
        elif kind == "exit":
            self.code = int(value)


def _child(command: Callable[[], int], writer: int, parent: int, deadline: float) -> None:
    global _channel, _deadline
    code = 1
    try:
        os.setpgid(0, 0)
        _channel, _deadline = writer, deadline
        # a SIGTERM (the parent's, or the kernel's when the parent dies) unwinds the command, so a
        # PDF's temporary folder and a LaTeX run are cleaned up; nothing is written after it
        signal.signal(signal.SIGTERM, _raise_stopped)
        signal.signal(signal.SIGHUP, _raise_stopped)
        die_with_parent(parent, signal.SIGTERM)
        sys.stdout, sys.stderr = _Stream(writer, "out"), _Stream(writer, "err")
        outputs.stage_to(lambda files: _send(writer, ["files", _encoded(files)]))
        code = command()
    except _Stopped:
        os._exit(0)
    except BaseException:  # noqa: BLE001 - the command reports its own errors; this is a last resort
        with contextlib.suppress(BaseException):
            sys.stderr.write(traceback.format_exc())
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
            _send(writer, ["exit", code])
        os._exit(0)


def _encoded(files: dict[str, bytes]) -> list[list[str]]:
    return [[name, base64.b64encode(data).decode("ascii")] for name, data in files.items()]


def _send(fd: int, message: list[Any]) -> None:
    data = json.dumps(message).encode("utf-8")
    data = _HEADER.pack(len(data)) + data
    while data:
        data = data[os.write(fd, data) :]


class _Stream(io.TextIOBase):
    """The child's standard output or error: text kept until a flush or a line, then sent."""

    def __init__(self, fd: int, kind: str) -> None:
        self.fd, self.kind, self.parts = fd, kind, []

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.parts.append(text)
        if "\n" in text and self.kind == "err":
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self.parts:
            text, self.parts = "".join(self.parts), []
            _send(self.fd, [self.kind, text])


def _stop(pid: int) -> None:
    """Stop the child's whole group: SIGTERM, a moment for it to clean up, then SIGKILL for what is left."""
    reaped = False
    for signum in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, signum)
        except OSError:
            if not reaped:
                with contextlib.suppress(OSError):
                    os.kill(pid, signum)
        end = time.monotonic() + (STOP_GRACE_SECONDS if signum == signal.SIGTERM else 0)
        while not reaped:
            try:
                reaped = os.waitpid(pid, os.WNOHANG)[0] != 0
            except ChildProcessError:
                reaped = True
            if reaped or time.monotonic() >= end:
                break
            time.sleep(0.02)
    if not reaped:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
