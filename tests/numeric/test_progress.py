"""The progress bar: on a terminal's standard error while a file is read, never on a pipe."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from symle.numeric.progress import progress_bar
from symle.numeric.spill import scan
from symle.numeric.stream import open_data

ROOT = Path(__file__).resolve().parents[2]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _file(tmp_path: Path, lines: int = 5000) -> Path:
    path = tmp_path / "data.txt"
    path.write_text("1.5\n" * lines)
    return path


def test_a_bar_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYMLE_PROGRESS_DELAY", "0")
    monkeypatch.setenv("SYMLE_CHUNK_ROWS", "500")
    terminal = Terminal()
    with progress_bar(open_data(_file(tmp_path)), terminal) as data:
        assert scan(data, ["x"], lambda chunk: None).n == 5000
    assert "reading" in terminal.getvalue() and "data.txt" in terminal.getvalue()


def test_no_bar_when_stderr_is_not_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYMLE_PROGRESS_DELAY", "0")
    monkeypatch.setattr(sys, "__stderr__", io.StringIO())
    data = open_data(_file(tmp_path))
    with progress_bar(data) as same:
        assert same is data and same.progress is None


def _run(tmp_path: Path, terminal: bool) -> tuple[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SYMLE_PROGRESS_DELAY": "0", "SYMLE_CHUNK_ROWS": "500"}
    command = [sys.executable, "-m", "symle", "fit", "exponential", str(_file(tmp_path))]
    if not terminal:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
        return done.stdout, done.stderr
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))  # a new pty is 0 columns wide
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=child, text=True, env=env) as process:
        os.close(child)
        chunks = []
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        out = process.stdout.read()
    os.close(main)
    return out, b"".join(chunks).decode(errors="replace")


def test_the_command_line_shows_it_on_a_terminal_only(tmp_path: Path) -> None:
    out, err = _run(tmp_path, terminal=True)
    assert "\n  lambda " in out and "reading" in err
    out, err = _run(tmp_path, terminal=False)
    assert "\n  lambda " in out and err == ""
