"""One time-budget guard for every SymPy call that can run unbounded."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from symle.errors import BudgetExceeded


class Budget:
    """A deadline shared by the stages of one derivation.

    `guard` interrupts the code inside it (with SIGALRM, in the main thread) when the deadline or
    the guard's own cap passes, and raises BudgetExceeded naming what was being done. Guards nest:
    an inner guard never extends an outer one.
    """

    def __init__(self, seconds: float, scale: float = 1.0) -> None:
        self.seconds = float(seconds)
        self.deadline = time.monotonic() + self.seconds
        self.exhausted = False  # a guard ran out: the result depends on the machine's speed
        self.scale = float(scale)  # every guard's cap is multiplied by it (a longer --timeout)

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def expired(self) -> bool:
        return self.remaining() <= 0.0

    @contextmanager
    def guard(self, what: str, cap: float | None = None) -> Iterator[None]:
        limit = self.remaining() if cap is None else min(cap * self.scale, self.remaining())
        try:
            with time_limit(limit, what):
                yield
        except BudgetExceeded:
            self.exhausted = True
            raise


class _Alarm(BaseException):
    """The timer's interruption: a BaseException, so that no `except Exception` in SymPy swallows
    it on its way out; the guard turns it into BudgetExceeded."""


def _can_interrupt() -> bool:
    return threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Run the body for at most `seconds`, else raise BudgetExceeded(what)."""
    if seconds <= 0:
        raise BudgetExceeded(f"out of time before {what}")
    if not _can_interrupt():
        # Outside the main thread no signal can interrupt; check the clock afterwards instead.
        start = time.monotonic()
        yield
        if time.monotonic() - start > seconds:
            raise BudgetExceeded(f"out of time during {what}")
        return

    armed = [True]

    def on_alarm(signum: int, frame: object) -> None:
        if armed[0]:
            raise _Alarm()

    start = time.monotonic()
    previous_handler = signal.signal(signal.SIGALRM, on_alarm)
    previous_delay, _ = signal.getitimer(signal.ITIMER_REAL)
    delay = seconds if previous_delay == 0 else min(seconds, previous_delay)
    signal.setitimer(signal.ITIMER_REAL, delay)
    try:
        yield
    except _Alarm:
        raise BudgetExceeded(f"out of time during {what} (limit {seconds:.3g} s)") from None
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay:
            left = previous_delay - (time.monotonic() - start)
            # An outer guard whose time ran out inside ours fires at once.
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6))
