"""Helpers of the adversarial tests (tests/cli/test_adversarial*.py): run symle as a user would, in a
fresh process, and assert that a user's error is one line on stderr with exit status 2."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

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


def assert_user_error(done: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit status 2, one line on stderr starting 'symle: error: ', holding every word given."""
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert len(lines) == 1 and lines[0].startswith("symle: error: "), done.stderr
    assert "Traceback" not in done.stderr and "Warning" not in done.stderr
    for word in words:
        assert word in lines[0], lines[0]
