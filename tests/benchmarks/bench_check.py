"""`symle check` on one file and on a class folder, as ratios to `python -c "import sympy"` (not part of the tests).

usage: python tests/benchmarks/bench_check.py [--rounds 3] [--root DIR]

Issue 23's targets: one file, whole process, within 3× `import sympy`; a folder of 40 files in
under 0.3 s a file, in one process. The folder is 40 files of the student corpus
(tests/homework/students/, every other file in name order: 14 models, so 14 derivations) and, for a
class that answers one assignment, 40 copies of one student's file (one derivation). Each round runs
every command once in a fresh process right after a run of `import sympy`, so that the two share the
machine's load of the moment; a row shows the median over the rounds of the command's seconds, of
seconds a file, and of the ratio to the reference. A folder's seconds a file are also given at the
reference's idle speed (seconds a file × 0.4 s / the reference measured), since 0.3 s a file is an
absolute target and this machine is shared. `--root` measures another checkout of symle (the
figures before a change: `git archive main | tar -x -C /tmp/base`, then `--root /tmp/base`).
Prints one Markdown table, with the machine's load average before and after.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from paired import compile_bytecode, paired

HERE = Path(__file__).resolve().parents[2]
STUDENTS = HERE / "tests" / "homework" / "students"
IDLE_REFERENCE = 0.4  # `import sympy` on an idle core of this machine, in seconds (README)
FOLDER = 40


def _folders(base: Path) -> tuple[Path, Path]:
    """The mixed folder (40 corpus files, 14 models) and the class folder (40 copies of one file)."""
    mixed, one_model = base / "mixed", base / "class"
    mixed.mkdir()
    one_model.mkdir()
    chosen = sorted(STUDENTS.iterdir())[::2][:FOLDER]
    for path in chosen:
        shutil.copy(path, mixed / path.name)
    for k in range(FOLDER):
        shutil.copy(STUDENTS / "normal-latex-1.txt", one_model / f"student-{k:02d}.txt")
    return mixed, one_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--root", type=Path, default=HERE, help="the checkout of symle to measure")
    args = parser.parse_args()
    root = args.root.resolve()
    compile_bytecode(root)
    with tempfile.TemporaryDirectory(prefix="symle-bench-check-") as base:
        mixed, one_model = _folders(Path(base))
        env = {**os.environ, "XDG_CACHE_HOME": base, "PYTHONPATH": str(root), "SYMLE_NO_CACHE": "1"}
        symle = [sys.executable, "-m", "symle", "check"]
        rows: list[tuple[str, list[str], int, float | None]] = [
            (
                "one file: `symle check examples/homework-correct.txt`",
                [str(HERE / "examples/homework-correct.txt")],
                1,
                3.0,
            ),
            ("one file: `symle check …/students/poisson-latex-1.txt`", [str(STUDENTS / "poisson-latex-1.txt")], 1, 3.0),
            (f"folder: {FOLDER} corpus files, 14 models", [str(mixed)], FOLDER, None),
            (f"folder: {FOLDER} files of one model (a class)", [str(one_model)], FOLDER, None),
        ]
        timed = paired([(symle + arguments, env) for _, arguments, _, _ in rows], args.rounds, root)
    print(timed.header(str(root)))
    print("| command | seconds | s a file | ratio to `import sympy` | s a file at idle speed | target |")
    print("|---|---|---|---|---|---|")
    for k, (label, _, files, target) in enumerate(rows):
        seconds, ratio = timed.seconds(k), timed.ratio(k)
        idle = ratio * IDLE_REFERENCE / files
        if target is not None:
            goal = f"≤ {target:g}×" + ("" if ratio <= target else " (over)")
        else:
            goal = "≤ 0.3 s a file" + ("" if idle <= 0.3 else " (over)")
        print(f"| {label} | {seconds:.2f} | {seconds / files:.3f} | {ratio:.2f}× | {idle:.3f} | {goal} |")


if __name__ == "__main__":
    main()
