"""Streaming `symle fit` on large files against reading the same file with symle's reader alone.

usage: python tests/benchmarks/bench_stream.py [--sizes 1e6,1e7,1e8] [--format text|parquet] [--dir DIR]

For each size, writes (once, kept in DIR) a file of gamma-distributed values, one number per line
(`repr` of each float, about 19 bytes a value: 1.9 GB at 1e8) or a one-column Parquet file, then
measures in fresh processes: the bare read (symle.numeric.stream's reader, every chunk parsed to
float64, nothing else) and `symle fit FAMILY FILE --format json` for exponential, normal, gamma and
weibull. Prints wall time, peak resident memory (each measured process and its children, from
getrusage RUSAGE_CHILDREN in a wrapper of its own) and the ratio of the fit's time to the bare read's.
Targets: ratio within 1.5, peak memory under 300 MB at every size.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
FAMILIES = ("exponential", "normal", "gamma", "weibull")

WRAPPER = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{done.returncode} {elapsed:.3f} {peak:.1f}")
sys.stderr.write(done.stdout[-2000:] + done.stderr[-2000:])
"""

BARE_READ = """
import sys
from symle.numeric.stream import open_data
rows = sum(len(chunk) for chunk in open_data(sys.argv[1], [sys.argv[2]] if len(sys.argv) > 2 else None).chunks())
print(rows)
"""


def write_data(path: Path, size: int, kind: str) -> None:
    """Gamma(2.5, 0.6) values, a million at a time (so that writing 1e8 stays in bounded memory)."""
    rng = np.random.default_rng(size)
    if kind == "parquet":
        import pyarrow as pa
        from pyarrow import parquet

        schema = pa.schema([("x", pa.float64())])
        with parquet.ParquetWriter(path, schema) as writer:
            for start in range(0, size, 10**6):
                values = rng.gamma(2.5, 0.6, min(10**6, size - start))
                writer.write_table(pa.table({"x": values}, schema=schema))
        return
    with open(path, "w") as handle:
        for start in range(0, size, 10**6):
            values = rng.gamma(2.5, 0.6, min(10**6, size - start))
            handle.write("\n".join(map(repr, values.tolist())) + "\n")


def measure(command: list[str]) -> tuple[float, float, str]:
    """(seconds, peak MB, output) of a command in a fresh wrapper process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", WRAPPER, *command], capture_output=True, text=True, env=env)
    status, seconds, peak = done.stdout.split()
    if status != "0":
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr}")
    return float(seconds), float(peak), done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e6,1e7,1e8")
    parser.add_argument("--format", choices=("text", "parquet"), default="text")
    parser.add_argument("--dir", default="/tmp/symle-bench-stream")
    args = parser.parse_args()
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{'size':>6} {'what':<12} {'seconds':>8} {'peak MB':>8} {'ratio':>6}  {'estimates'}")
    for size in (int(float(s)) for s in args.sizes.split(",")):
        path = folder / f"gamma-{size:.0e}.{'parquet' if args.format == 'parquet' else 'txt'}"
        if not path.exists():
            started = time.perf_counter()
            write_data(path, size, args.format)
            print(f"# wrote {path} ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.0f} s")
        column = ["x"] if args.format == "parquet" else []
        bare, bare_peak, _ = measure([sys.executable, "-c", BARE_READ, str(path), *column])
        print(f"{size:>6.0e} {'bare read':<12} {bare:>8.2f} {bare_peak:>8.0f} {1.0:>6.2f}")
        for family in FAMILIES:
            command = [sys.executable, "-m", "symle", "fit", family, str(path), "--format", "json", "--timeout", "3600"]
            if column:
                command += ["--column", "x"]
            seconds, peak, output = measure(command)
            estimates = json.loads(output[: output.rindex("}") + 1])["estimates"]
            shown = ", ".join(f"{k}={v:.6g}" for k, v in estimates.items())
            print(f"{size:>6.0e} {family:<12} {seconds:>8.2f} {peak:>8.0f} {seconds / bare:>6.2f}  {shown}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
