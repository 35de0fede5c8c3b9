"""Write tests/slow_cases.txt: the costly cases of parametrized tests, which the default run leaves to
`python -m pytest -q -m slow` (CI runs both).

The rule: a case of a parametrized test that took at least THRESHOLD seconds goes behind `slow` when
a cheaper case of the same test stays in the default run; so every test still runs at least once by
default, on its cheapest case. Its input is the report of a default run with every duration:

    python -m pytest -q -p no:cacheprovider --durations=0 > durations.txt
    python scripts/slow_cases.py durations.txt

Cases already listed stay listed (they no longer run by default, so the report cannot time them);
a case whose name changed simply runs by default again."""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

THRESHOLD = 1.0  # seconds on the idle 2-core machine
# whose every case runs by default: the golden documents pin every page, which is why the sweeps over
# every model may run on one of each kind by default (tests/sweeps.py)
EVERY_CASE = ("tests/render/test_golden.py::",)
LIST = Path(__file__).resolve().parent.parent / "tests" / "slow_cases.txt"
HEADER = """\
# Cases of parametrized tests that the default run leaves to `python -m pytest -q -m slow` (CI runs
# both): each took at least 1 s while a cheaper case of the same test runs by default. Written by
# scripts/slow_cases.py from a run with --durations=0; tests/conftest.py marks them slow.
"""


def durations(report: str) -> dict[str, float]:
    """Seconds per test id (setup, call and teardown together) from pytest's --durations=0 report."""
    seconds: dict[str, float] = defaultdict(float)
    for line in report.splitlines():
        found = re.match(r"\s*([\d.]+)s (?:call|setup|teardown)\s+(\S+::.+?)\s*$", line)
        if found:
            seconds[found.group(2)] += float(found.group(1))
    return seconds


def slow_cases(seconds: dict[str, float], listed: set[str]) -> list[str]:
    """The rule above, applied to each parametrized test's cases."""
    cases: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for test, took in seconds.items():
        if "[" in test and test not in listed and not test.startswith(EVERY_CASE):
            cases[test.split("[", 1)[0]].append((took, test))
    slow = {test for test in listed if not test.startswith(EVERY_CASE)}
    for runs in cases.values():
        runs.sort()
        slow.update(test for took, test in runs[1:] if took >= THRESHOLD)
    return sorted(slow)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    lines = LIST.read_text().splitlines() if LIST.exists() else []
    listed = {line for line in lines if line and not line.startswith("#")}
    slow = slow_cases(durations(Path(argv[0]).read_text()), listed)
    LIST.write_text(HEADER + "".join(f"{test}\n" for test in slow))
    print(f"{len(slow)} cases in {LIST} ({len(slow) - len(listed)} new)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
