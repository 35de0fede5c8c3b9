"""The supervisor's promise of one error line: a command that has shown its error and is then caught
by the deadline (a busy machine, the child slow to exit) does not add a second, timeout line."""

from __future__ import annotations

import sys
import time

import pytest

from symle.errors import BudgetExceeded
from symle.supervisor import supervise


def _slow_after(line: str | None):  # noqa: ANN202 - a command for supervise
    def command() -> int:
        if line is not None:
            sys.stderr.write(line)
            sys.stderr.flush()
        time.sleep(30)  # past the deadline: the parent stops it
        return 0

    return command


@pytest.mark.parametrize(("line", "status"), [("symle: error: bad data\n", 2), ("symle: internal error (x)\n", 1)])
def test_an_error_shown_before_the_deadline_is_the_only_line(capsys, line: str, status: int) -> None:
    assert supervise(0.3, "symle fit", _slow_after(line)) == status
    assert capsys.readouterr().err == line


def test_a_command_that_said_nothing_is_reported_late() -> None:
    with pytest.raises(BudgetExceeded, match="did not finish within 0.3 s"):
        supervise(0.3, "symle fit", _slow_after(None))
