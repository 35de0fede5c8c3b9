"""Put tests/ on sys.path so test modules can import helpers such as `from latex import compile_latex`;
keep the cache of outputs out of the tests' way."""

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

# The suite never reads a developer's cache of outputs (symle.cache), and no entry can make a test
# pass or fail: the cache is off, and its folder a temporary one, in every process the tests start.
# tests/test_cache.py turns it on, in folders of its own.
_CACHE = tempfile.mkdtemp(prefix="symle-tests-cache-")
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)
os.environ["XDG_CACHE_HOME"] = _CACHE
os.environ["SYMLE_NO_CACHE"] = "1"

# The costly cases of parametrized tests listed in tests/slow_cases.txt (scripts/slow_cases.py wrote
# it: each took at least 1 s while a cheaper case of the same test runs by default) are marked slow,
# before `-m "not slow"` deselects: the default run keeps every test, each on its cheaper cases.
_SLOW_CASES = frozenset(
    line
    for line in (Path(__file__).parent / "slow_cases.txt").read_text().splitlines()
    if line and not line.startswith("#")
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid in _SLOW_CASES:
            item.add_marker(pytest.mark.slow)
