"""The budget: a step's cap counts processor time (a busy machine does not change what a derivation
finds), the whole budget counts wall-clock time (a command ends on time) and its end is an error no
step answers with a weaker result, and guards nest."""

from __future__ import annotations

import time

import pytest

from symle.budget import Budget, cpu_limit
from symle.errors import BudgetExceeded, OutOfTime


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
    with pytest.raises(OutOfTime):
        with budget.guard("outer"):
            with budget.guard("inner", cap=10):
                time.sleep(3)
    assert time.monotonic() - start < 2.5
    assert budget.exhausted


def test_the_deadline_is_not_answered_by_a_step() -> None:
    """A step answers its own cap (BudgetExceeded: the numeric path, the information left out), the
    same on any machine; the deadline, which a busy machine reaches sooner, passes through it."""

    def step(budget: Budget) -> str:
        try:
            with budget.guard("a step", cap=10):
                time.sleep(3)
        except BudgetExceeded:
            return "a weaker answer"
        return "the answer"

    with pytest.raises(OutOfTime):
        step(Budget(0.2))
    with pytest.raises(OutOfTime, match="before"):
        step(Budget(0.0))


def test_a_share_is_processor_time_for_all_its_guards_together() -> None:
    whole = Budget(30)
    part = whole.share(0.3)
    with part.guard("first"):
        spin(0.2)
    with pytest.raises(BudgetExceeded, match="second"):
        with part.guard("second"):  # 0.1 s left of the share, whatever the cap
            spin(1)
    assert whole.exhausted and part.cpu_left() == 0
    with pytest.raises(BudgetExceeded, match="before third"):
        with part.guard("third", cap=5):
            pass


def test_an_inner_cap_running_out_leaves_the_rest_of_the_share() -> None:
    """Only the share's own timer spends it: an inner guard's smaller cap stops that guard alone."""
    part = Budget(30).share(2.0)
    with pytest.raises(BudgetExceeded, match="inner"):
        with part.guard("outer"):
            with part.guard("inner", cap=0.1):
                spin(1)
    left = part.cpu_left()
    assert left is not None and 1.5 < left < 2.0
    with part.guard("next"):
        spin(0.1)


def test_a_share_does_not_count_waiting_or_work_outside_its_guards() -> None:
    part = Budget(30).share(0.2)
    spin(0.3)  # outside any guard
    with part.guard("waiting"):
        time.sleep(0.4)
    with part.guard("nested"):
        with part.guard("inner"):
            spin(0.05)
    assert 0.04 < part.used < 0.15
    assert not part.exhausted


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
