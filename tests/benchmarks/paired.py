"""Paired timings for the benchmarks (bench_commands.py, bench_check.py): each round runs every command
once in a fresh process right after a run of `python -c "import sympy"`, so that a command and its
reference share the machine's load of the moment; a row's figures are medians over the rounds."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REFERENCE = [sys.executable, "-c", "import sympy"]


def seconds(command: Sequence[str], env: dict[str, str], cwd: Path) -> float:
    """The whole-process wall time of one run; a run that fails (other than exit 1, an incorrect
    step of `symle check`) stops the benchmark."""
    start = time.perf_counter()
    done = subprocess.run(list(command), cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")
    return elapsed


def load() -> str:
    """The load average over 1, 5 and 15 minutes."""
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


@dataclass(frozen=True)
class Paired:
    """Each command's times and ratios to the reference run just before it, over the rounds."""

    times: list[list[float]]
    ratios: list[list[float]]
    references: list[float]
    load_before: str
    load_after: str

    def seconds(self, k: int) -> float:
        return statistics.median(self.times[k])

    def ratio(self, k: int) -> float:
        return statistics.median(self.ratios[k])

    def header(self, where: str = "") -> str:
        """Two lines: the reference's median seconds, and the load average before and after."""
        suffix = f" ({where})" if where else ""
        return (
            f"`import sympy`: median {statistics.median(self.references):.2f} s over {len(self.references)} runs"
            f"{suffix}\nload average (1, 5, 15 min) before: {self.load_before}; after: {self.load_after}\n"
        )


def paired(commands: Sequence[tuple[Sequence[str], dict[str, str]]], rounds: int, cwd: Path) -> Paired:
    """Run each (command, environment) `rounds` times, interleaved, each right after the reference."""
    load_before = load()
    times: list[list[float]] = [[] for _ in commands]
    ratios: list[list[float]] = [[] for _ in commands]
    references: list[float] = []
    for _ in range(rounds):
        for k, (command, env) in enumerate(commands):
            reference = seconds(REFERENCE, env, cwd)
            elapsed = seconds(command, env, cwd)
            references.append(reference)
            times[k].append(elapsed)
            ratios[k].append(elapsed / reference)
    return Paired(times, ratios, references, load_before, load())


def compile_bytecode(root: Path) -> None:
    """Compile symle's bytecode first, as `pip install` does (with PYTHONDONTWRITEBYTECODE set, every
    run would otherwise compile its modules again)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "symle")], check=True)
