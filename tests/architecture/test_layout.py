"""The package's shape: no import cycle (module or function level), small modules, layout-only templates."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "symle"
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, name: str, known: set[str]) -> set[str]:
    """Every symle module the file imports, at any depth of the file (functions, TYPE_CHECKING blocks)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # from a import b: b is a module of its own, or a name defined in a
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        for target in targets:
            # the deepest symle module the import names (from symle.a import b: b may be a module or a name)
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    graph = {name: imports_of(path, name, known) for name, path in mods.items()}
    # importing symle.a.b runs symle/__init__ and symle/a/__init__ first: that is not an edge we
    # count (a package's __init__ may re-export), but the reverse edges from __init__ are counted
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return stack[stack.index(target) :] + [target]
            if state.get(target) is None:
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_import_graph_has_no_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, " -> ".join(cycle or [])


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_module_is_over_400_lines(name: str) -> None:
    lines = len(modules()[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines"


def test_the_fitter_template_holds_layout_only() -> None:
    """The generated fitter's logic lives in symle/numeric/runtime.py (linted, unit-tested); the
    template only lays out the model's generated pieces around the embedded runtime."""
    text = (ROOT / "templates" / "fitter.py.j2").read_text(encoding="utf-8")
    python = [line.strip() for line in text.splitlines() if not line.strip().startswith(("<%", "#"))]
    for forbidden in ("while ", "raise ", "try:", "except", "numpy.linalg", "for k in range", "elif "):
        assert not any(line.startswith(forbidden) or f" {forbidden}" in line for line in python), forbidden
    assert len(text.splitlines()) <= 160
    assert "<< runtime >>" in text


def test_the_runtime_imports_nothing_but_numpy() -> None:
    """Its three parts are embedded verbatim in every generated module, which must stay self-contained:
    the data half imports numpy alone, Newton's method numpy and the data half (embedded just before
    it), the search numpy, the standard library's warnings and the two before it."""
    halves = {"symle.numeric.runtime_data", "symle.numeric.runtime"}
    cases = (
        ("runtime_data", {"numpy"}),
        ("runtime", {"numpy", "symle.numeric.runtime_data"}),
        ("runtime_solve", {"numpy", "warnings", *halves}),
    )
    for name, allowed in cases:
        tree = ast.parse((PACKAGE / "numeric" / f"{name}.py").read_text(encoding="utf-8"))
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert imported <= allowed | {"__future__"}, name
