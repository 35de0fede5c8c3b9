"""Memos are bounded: a long-lived process (a page's workers, a class of homework) never grows without end."""

from __future__ import annotations

import ast
from pathlib import Path

import symle.checker
from symle.model.spec import ModelSpec
from symle.recent import Recent

PACKAGE = Path(__file__).resolve().parents[1] / "symle"


def test_the_least_recently_used_entry_is_forgotten() -> None:
    memo: Recent[str, int] = Recent(2)
    memo["a"], memo["b"] = 1, 2
    assert memo["a"] == 1  # read: now the most recent
    memo["c"] = 3
    assert dict(memo) == {"a": 1, "c": 3} and memo.get("b") is None


def test_the_checker_memo_of_derivations_stays_within_its_bound(monkeypatch) -> None:
    derived: list[ModelSpec] = []
    monkeypatch.setattr(symle.checker, "derive", lambda spec, options: derived.append(spec) or spec)
    monkeypatch.setattr(symle.checker, "_DERIVATIONS", Recent(symle.checker._DERIVATIONS.most))
    bound = symle.checker._DERIVATIONS.most
    specs = [ModelSpec.of(f"a*x^{k}", params="a") for k in range(bound + 10)]
    for spec in specs:
        symle.checker._derivation(spec)
    assert len(symle.checker._DERIVATIONS) == bound
    symle.checker._derivation(specs[-1])  # remembered: not derived again
    symle.checker._derivation(specs[0])  # forgotten: derived again
    assert len(derived) == bound + 11 and derived[-1] == specs[0]


def test_no_module_keeps_an_unbounded_memo() -> None:
    """No module-level dict that starts empty (a memo: use symle.recent.Recent), and no functools.cache on a
    function with parameters (use lru_cache with a maxsize)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            value = getattr(node, "value", None)
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and value is not None:
                called = getattr(value, "func", None)
                name = getattr(called, "id", getattr(called, "attr", ""))
                if (isinstance(value, ast.Dict) and not value.keys) or (
                    isinstance(value, ast.Call) and not value.args and name in ("dict", "OrderedDict", "defaultdict")
                ):
                    found.append(f"{path.name}:{node.lineno}")
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.args.args:
                for decorator in node.decorator_list:
                    if ast.unparse(decorator) in ("cache", "functools.cache", "lru_cache(maxsize=None)"):
                        found.append(f"{path.name}:{node.lineno} {node.name}")
    assert not found, found
