"""Helpers of the adversarial tests (tests/cli/test_adversarial*.py): run symle as a user would, in a
fresh process, and assert that a user's error is one line on stderr with exit status 2.

`run` starts a fresh interpreter (about a second before symle reads its arguments, more on a busy
machine): for what only a process shows, its start, its exit status, its limits (ulimit), signals,
its descriptors and the supervisor's deadline measured from outside. `run_here` gives the same
result from `symle.cli.main` in this process (the command still runs in a forked child under its
supervisor, as in a real process, and a warning it leaks still reaches stderr): for what a command
prints and whether it refuses an input."""

from __future__ import annotations

import contextlib
import io
import os
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import TextIO
from unittest import mock

ENV = {**os.environ, "PYTHONWARNINGS": "default"}  # a leaked warning would show on stderr


def run(
    *args: str,
    cwd: Path | None = None,
    limit_file_blocks: int | None = None,
    timeout: float = 120,
    env: dict[str, str] | None = None,
    stdin: object = None,
) -> tuple[subprocess.CompletedProcess[str], float]:
    """`python -m symle ARGS` and its wall time; `limit_file_blocks` is ulimit -f (a full disk)."""

    def limits() -> None:
        if limit_file_blocks is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_blocks * 1024, limit_file_blocks * 1024))

    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "symle", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**ENV, **(env or {})},
        timeout=timeout,
        preexec_fn=limits,
        stdin=stdin,
    )
    return done, time.monotonic() - start


def run_here(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, stdin: str | TextIO | None = None
) -> tuple[subprocess.CompletedProcess[str], float]:
    """What `run` gives, from `symle.cli.main(args)` called in this process: its exit status (the value
    main returns, or the code of the SystemExit argparse raises), its stdout and stderr, its wall time."""
    from symle.cli import main

    def show(message, category, filename, lineno, file=None, line=None) -> None:  # type: ignore[no-untyped-def]
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))  # as PYTHONWARNINGS shows

    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    start = time.monotonic()
    try:
        with contextlib.ExitStack() as stack:
            stack.enter_context(mock.patch.dict(os.environ, env or {}))
            stack.enter_context(warnings.catch_warnings())
            warnings.simplefilter("default")
            warnings.showwarning = show
            if stdin is not None:
                stack.enter_context(
                    mock.patch.object(sys, "stdin", io.StringIO(stdin) if isinstance(stdin, str) else stdin)
                )
            stack.enter_context(contextlib.redirect_stdout(out))
            stack.enter_context(contextlib.redirect_stderr(err))
            if cwd is not None:
                os.chdir(cwd)
            try:
                status = main(list(args))
            except SystemExit as exc:
                status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        os.chdir(here)
    done = subprocess.CompletedProcess(["symle", *args], status, out.getvalue(), err.getvalue())
    return done, time.monotonic() - start


def assert_user_error(done: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit status 2, one line on stderr starting 'symle: error: ', holding every word given."""
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert len(lines) == 1 and lines[0].startswith("symle: error: "), done.stderr
    assert "Traceback" not in done.stderr and "Warning" not in done.stderr
    for word in words:
        assert word in lines[0], lines[0]
