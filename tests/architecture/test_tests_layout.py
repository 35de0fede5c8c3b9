"""The tests' shape: a folder of tests for each subpackage of symle (and the command line), and test
module names unique across folders, as pytest's default import mode needs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
PACKAGE = ROOT / "symle"
# folders that are no subpackage: the package's shape, benchmarks, homework files, the command line
OTHER_FOLDERS = {"architecture", "benchmarks", "homework", "cli"}


def test_every_test_folder_mirrors_a_subpackage() -> None:
    folders = {p.name for p in TESTS.iterdir() if p.is_dir() and not p.name.startswith((".", "__"))}
    subpackages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert folders - OTHER_FOLDERS <= subpackages, sorted(folders - OTHER_FOLDERS - subpackages)


def test_test_module_names_are_unique() -> None:
    names = Counter(p.name for p in TESTS.rglob("test_*.py"))
    assert [name for name, count in names.items() if count > 1] == []
