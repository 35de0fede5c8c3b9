"""The budget: a step's cap counts processor time (a busy machine does not change what a derivation
finds), the whole budget counts wall-clock time (a command ends on time), and guards nest."""

from __future__ import annotations

import time

import pytest

from symle.budget import Budget, cpu_limit
from symle.errors import BudgetExceeded


def spin(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_a_cap_stops_work_after_its_processor_time() -> None:
    with pytest.raises(BudgetExceeded, match="spinning"):
        with Budget(30).guard("spinning", cap=0.2):
            spin(5)


def test_a_cap_does_not_count_time_spent_waiting() -> None:
    # waiting (as a process does on a busy machine) uses no processor time
    with Budget(30).guard("waiting", cap=0.2):
        time.sleep(0.5)


def test_the_whole_budget_is_wall_clock_time_and_no_inner_cap_extends_it() -> None:
    budget = Budget(0.3)
    start = time.monotonic()
    with pytest.raises(BudgetExceeded):
        with budget.guard("outer"):
            with budget.guard("inner", cap=10):
                time.sleep(3)
    assert time.monotonic() - start < 2.5
    assert budget.exhausted


def test_an_inner_cap_leaves_the_outer_cap_running() -> None:
    with pytest.raises(BudgetExceeded, match="outer"):
        with Budget(30).guard("outer", cap=0.3):
            with Budget(30).guard("inner", cap=0.1):
                pass
            spin(5)


def test_cpu_limit_alone() -> None:
    with pytest.raises(BudgetExceeded, match="parsing"):
        with cpu_limit(0.2, "parsing"):
            spin(5)
