"""Everyday commands' whole-process wall times, as ratios to `python -c "import sympy"` (not part of the tests).

usage: python tests/benchmarks/bench_commands.py [--rounds 7]

Each round runs every command once in a fresh process, each right after a run of `import sympy`, so
that a command and its reference share the machine's load of the moment; a row's ratio is the
median over the rounds of command / reference, its seconds the median of the command's times. The
derivations run without the cache (SYMLE_NO_CACHE=1), except the rows marked cached, whose entry
is written once before the rounds; the cache lives in a temporary folder (XDG_CACHE_HOME), never
in yours. symle's bytecode is compiled first, as `pip install` does (otherwise, with
PYTHONDONTWRITEBYTECODE set, every run would compile its modules again). Prints one Markdown table,
with the machine's load average before and after.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from paired import compile_bytecode, paired, seconds

ROOT = Path(__file__).resolve().parents[2]
TYPED = ["derive", "theta*x^(theta-1)", "--params", "theta", "--support", "0 < x < 1"]
# (row label, arguments of symle, target ratio, cached)
COMMANDS: list[tuple[str, list[str], float, bool]] = [
    ("`symle derive normal`", ["derive", "normal"], 2.0, False),
    ('`symle derive "theta*x^(theta-1)" --params theta --support "0 < x < 1"`', TYPED, 3.0, False),
    ("`symle families`", ["families"], 2.0, False),
    ("`symle check examples/homework-correct.txt`", ["check", "examples/homework-correct.txt"], 3.0, False),
    ("the same typed derive, second time (cached)", TYPED, 1.5, True),
    ("`symle derive normal`, second time (cached)", ["derive", "normal"], 1.5, True),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    compile_bytecode(ROOT)
    with tempfile.TemporaryDirectory(prefix="symle-bench-") as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache, "PYTHONPATH": str(ROOT)}
        fresh = {**env, "SYMLE_NO_CACHE": "1"}
        symle = [sys.executable, "-m", "symle"]
        for _, arguments, _, cached in COMMANDS:
            if cached:
                seconds(symle + arguments, env, ROOT)  # write the entry
        runs = [(symle + arguments, env if cached else fresh) for _, arguments, _, cached in COMMANDS]
        timed = paired(runs, args.rounds, ROOT)
    print(timed.header())
    print("| command | seconds | ratio | target |")
    print("|---|---|---|---|")
    for k, (label, _, target, _) in enumerate(COMMANDS):
        ratio = timed.ratio(k)
        mark = "" if ratio <= target else " (over)"
        print(f"| {label} | {timed.seconds(k):.2f} | {ratio:.2f}×{mark} | ≤ {target:g}× |")


if __name__ == "__main__":
    main()
