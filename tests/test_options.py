"""One maximum time budget (symle.options.Options.MAX_TIMEOUT), held by every door a budget comes in by."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from adversary import assert_user_error, run_here

import symle
from symle.errors import ParseError, WorksheetError
from symle.options import Options, allowed
from symle.worksheets.spec import read_spec

MAX = Options.MAX_TIMEOUT


@pytest.mark.parametrize("seconds", [MAX + 1, 0, -1, float("nan"), float("inf"), 10**400, True, "10"])
def test_every_door_refuses_a_budget_past_the_maximum(seconds: object) -> None:
    assert not allowed(seconds)
    with pytest.raises(ParseError, match=f"at most {MAX:g}"):
        Options(seconds)  # type: ignore[arg-type]
    with pytest.raises(WorksheetError, match=f"at most {MAX:g}"):
        read_spec({"timeout": seconds, "problem": [{"model": "exponential"}]})


def test_the_maximum_itself_is_allowed_and_the_command_line_says_it() -> None:
    assert allowed(MAX) and Options(MAX).timeout == MAX
    with pytest.raises(ParseError, match=f"at most {MAX:g}"):
        symle.derive("exponential", timeout=MAX * 2)
    done, _ = run_here("derive", "exponential", "--timeout", f"{MAX + 1:g}")
    assert_user_error(done, f"--timeout must be a positive number of seconds, at most {MAX:g}")


def test_no_other_module_holds_a_maximum_of_its_own() -> None:
    """No constant named like a maximum timeout outside symle/options.py: each reads Options'."""
    root = Path(__file__).resolve().parents[1] / "symle"
    found = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and path.name != "options.py":
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
                found += [f"{path.name}: {n}" for n in names if "TIMEOUT" in n and "MAX" in n]
    assert not found, found
