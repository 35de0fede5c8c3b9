"""Whole commands under a hard deadline: run in a forked child and its process group, killed when late.

Light on purpose (no SymPy here): the command line forks before the heavy imports, so they count
inside the command's own time and `--timeout T` ends it within T + 2 s from the start."""

from __future__ import annotations

import contextlib
import io
import json
import os
import select
import signal
import sys
import time
import traceback
from collections.abc import Callable

from symle.errors import BudgetExceeded

COMMAND_GRACE_SECONDS = 1.0  # beyond the command's soft deadline, for it to finish and exit
IN_WORKER = False  # set in symle's worker process (symle.worker), which never forks again


def in_process() -> bool:
    """Whether to run in this process: inside a worker already, where fork is missing, or when
    SYMLE_IN_PROCESS is set (profiling, debugging)."""
    return IN_WORKER or not hasattr(os, "fork") or bool(os.environ.get("SYMLE_IN_PROCESS"))


def supervise(seconds: float, what: str, command: Callable[[], int]) -> int:
    """Run a whole command (the command line's derive, fit, codegen) in a forked child with its
    own process group, the worker included; past the deadline the whole group is killed and
    nothing of its output is shown. The child's standard output and error come back through a
    pipe and are written here, so the command behaves as if it ran in this process."""
    if in_process():
        return command()
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run the command with its output captured, then leave at once
        os.close(reader)
        _child(command, writer)
    os.close(writer)
    with contextlib.suppress(OSError):
        os.setpgid(pid, pid)  # (both sides set it: no race with the child's first steps)
    deadline = time.monotonic() + seconds + COMMAND_GRACE_SECONDS
    chunks: list[bytes] = []
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                _kill_group(pid)
                raise BudgetExceeded(f"{what} did not finish within {seconds:g} s")
            ready, _, _ = select.select([reader], [], [], min(left, 0.1))
            if ready:
                chunk = os.read(reader, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
    except KeyboardInterrupt:
        _kill_group(pid)
        raise
    finally:
        os.close(reader)
    _, status = os.waitpid(pid, 0)
    try:
        code, out, err = json.loads(b"".join(chunks))
    except ValueError:
        code, out, err = 1, "", f"symle: internal error (the command ended abnormally, status {status})\n"
    sys.stdout.write(out)
    sys.stderr.write(err)
    return int(code)


def _child(command: Callable[[], int], writer: int) -> None:
    code = 1
    out, err = io.StringIO(), io.StringIO()
    try:
        os.setpgid(0, 0)
        sys.stdout, sys.stderr = out, err
        code = command()
    except BaseException:  # noqa: BLE001 - the command reports its own errors; this is a last resort
        err.write(traceback.format_exc())
    finally:
        data = json.dumps([code, out.getvalue(), err.getvalue()]).encode("utf-8")
        with contextlib.suppress(OSError):
            while data:
                data = data[os.write(writer, data) :]
        os._exit(0)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
