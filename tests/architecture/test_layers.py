"""The import order docs/ARCHITECTURE.md states, checked: its numbered list of layers is read from the
document itself, and every import (module or function level) goes to the module's own layer or one above
it. Every module under symle/ is named in the document."""

from __future__ import annotations

import re

from test_layout import ROOT, import_graph, modules

DOCUMENT = ROOT / "docs" / "ARCHITECTURE.md"
ITEM = re.compile(r"^  (\d+)\. (.+)$", re.M)


def stated_layers() -> dict[str, int]:
    """Each name of the document's list (symle.x for x.py, symle.x. for the package x/) with its layer."""
    layers: dict[str, int] = {}
    for number, names in ITEM.findall(DOCUMENT.read_text(encoding="utf-8")):
        for name in (n.strip() for n in names.split(",")):
            dotted = name.removesuffix("/").removesuffix(".py").replace("/", ".")
            key = "symle" if dotted == "__init__" else f"symle.{dotted}" + ("." if name.endswith("/") else "")
            layers[key] = int(number)
    return layers


def layer_of(module: str, layers: dict[str, int]) -> int | None:
    """The module's layer: its own entry, else its innermost package's."""
    if module in layers:
        return layers[module]
    packages = [name for name in layers if name.endswith(".") and f"{module}.".startswith(name)]
    return layers[max(packages, key=len)] if packages else None


def test_the_document_states_a_layer_for_every_module() -> None:
    layers = stated_layers()
    assert len(set(layers.values())) >= 8, layers  # the list was found
    unplaced = [m for m in modules() if layer_of(m, layers) is None]
    assert not unplaced, unplaced


def test_every_import_goes_to_its_own_layer_or_one_above() -> None:
    layers = stated_layers()
    wrong = [
        f"{module} (layer {layer_of(module, layers)}) imports {target} (layer {layer_of(target, layers)})"
        for module, targets in import_graph().items()
        for target in sorted(targets)
        if (layer_of(target, layers) or 0) > (layer_of(module, layers) or 0)
    ]
    assert not wrong, "\n".join(wrong)


def test_a_wrong_import_would_be_found() -> None:
    layers = {"symle.algebra.": 2, "symle.cli": 10, "symle.numeric.": 7, "symle.numeric.runtime": 1}
    assert layer_of("symle.algebra.sums", layers) == 2 and layer_of("symle.numeric.runtime", layers) == 1
    assert layer_of("symle.numeric.fit", layers) == 7 > layer_of("symle.algebra.sums", layers)


def _section(text: str, package: str) -> str:
    start = re.search(rf"^\*\*{package}/\*\*", text, re.M)
    if start is None:
        return ""
    end = re.search(r"^\*\*[a-z_]+/\*\*|^## ", text[start.end() :], re.M)
    return text[start.start() : start.end() + (end.start() if end else len(text))]


def test_every_module_is_named_in_the_document() -> None:
    """A top-level module anywhere; a package's module in its package's paragraph (or by its path)."""
    text = DOCUMENT.read_text(encoding="utf-8")
    unnamed = []
    for path in sorted((ROOT / "symle").rglob("*.py")):
        relative = path.relative_to(ROOT / "symle").as_posix()
        if path.name == "__init__.py" and relative != "__init__.py":
            continue
        parts = relative.split("/")
        named = path.name in text if len(parts) == 1 else relative in text or path.name in _section(text, parts[0])
        if not named:
            unnamed.append(relative)
    assert not unnamed, unnamed
