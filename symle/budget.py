"""One time-budget guard for every SymPy call that can run unbounded."""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from symle.errors import BudgetExceeded

WALL_FACTOR = 5.0  # a processor-time cap's wall-clock safety net, in multiples of the cap


class Budget:
    """A deadline shared by the stages of one derivation.

    `guard` interrupts the code inside it (with a timer signal, in the main thread) when the
    deadline passes or the body has used the guard's own cap of processor time, and raises
    BudgetExceeded naming what was being done. Guards nest:
    an inner guard never extends an outer one.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = float(seconds)
        self.deadline = time.monotonic() + self.seconds
        self.exhausted = False  # a guard ran out: the result depends on the machine's speed

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def expired(self) -> bool:
        return self.remaining() <= 0.0

    @contextmanager
    def guard(self, what: str, cap: float | None = None) -> Iterator[None]:
        try:
            with time_limit(self.remaining(), what, cpu=cap):
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
def time_limit(seconds: float, what: str, cpu: float | None = None) -> Iterator[None]:
    """Run the body for at most `seconds` of wall-clock time and, when `cpu` is given, at most `cpu`
    seconds of this process's processor time, else raise BudgetExceeded(what).

    The caps of single steps are processor time, so that what a derivation finds does not depend
    on how busy the machine is; the whole budget (--timeout) is wall-clock time."""
    if seconds <= 0:
        raise BudgetExceeded(f"out of time before {what}")
    if not _can_interrupt():
        # Outside the main thread no signal can interrupt; check the clock afterwards instead.
        start = time.monotonic()
        yield
        if time.monotonic() - start > seconds:
            raise BudgetExceeded(f"out of time during {what}")
        return
    limit = seconds if cpu is None else min(seconds, cpu)
    try:
        with _timer(signal.ITIMER_REAL, signal.SIGALRM, time.monotonic, seconds):
            if cpu is None:
                yield
            else:
                with _timer(signal.ITIMER_PROF, signal.SIGPROF, time.process_time, cpu):
                    yield
    except _Alarm:
        raise BudgetExceeded(f"out of time during {what} (limit {limit:.3g} s)") from None


@contextmanager
def _timer(which: int, signum: int, clock: Callable[[], float], seconds: float) -> Iterator[None]:
    """One interval timer that raises _Alarm after `seconds` of `clock`; an outer timer of the same
    kind is never extended, and fires at once if its time ran out inside."""
    armed = [True]

    def on_alarm(signum: int, frame: object) -> None:
        if armed[0]:
            raise _Alarm()

    start = clock()
    previous_handler = signal.signal(signum, on_alarm)
    previous_delay, _ = signal.getitimer(which)
    signal.setitimer(which, seconds if previous_delay == 0 else min(seconds, previous_delay))
    try:
        yield
    finally:
        armed[0] = False
        signal.setitimer(which, 0)
        signal.signal(signum, previous_handler)
        if previous_delay:
            left = previous_delay - (clock() - start)
            signal.setitimer(which, max(left, 1e-6))


def cpu_limit(seconds: float, what: str) -> contextlib.AbstractContextManager[None]:
    """At most `seconds` of processor time (and, in case the process waits, a few times that of
    wall-clock time): a step's cap that a busy machine does not change."""
    return time_limit(WALL_FACTOR * seconds, what, cpu=seconds)
