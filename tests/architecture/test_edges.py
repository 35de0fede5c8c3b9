"""The command line at the edge only: no text inside the library names a command-line flag. A message
names its input by a mark (symle.errors.option) that each edge words: the command line as its flag, a
page as its form field's label."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "symle"
# the command line's own modules: its parsers, its commands' options and what they print
EDGE = {
    "cli.py",
    "flags.py",
    "fit_command.py",
    "comparing.py",
    "grading.py",
    "grouped_fit.py",
    "formats.py",
    "interval_page.py",
    "supervisor.py",
    "serve/__init__.py",
}
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring nodes (a module's, class's or function's first string)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def flags_named() -> list[str]:
    """Every string literal outside the edge (docstrings aside) that names a flag, as path:line: text."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative in EDGE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped:
                for flag in FLAG.findall(node.value):
                    found.append(f"{relative}:{node.lineno}: {flag} in {node.value!r}")
    return found


def test_no_library_text_names_a_flag() -> None:
    found = flags_named()
    assert not found, "\n".join(found)


def test_the_test_finds_a_flag(tmp_path: Path) -> None:
    tree = ast.parse('"""a docstring --known is allowed"""\nx = f"add --known {m}=VALUE"\n')
    literals = [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    named = [n for n in literals if id(n) not in docstrings(tree) and FLAG.search(n.value)]
    assert [n.value for n in named] == ["add --known "]
