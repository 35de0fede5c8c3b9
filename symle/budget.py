"""One time-budget guard for every SymPy call that can run unbounded."""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from symle.errors import BudgetExceeded, OutOfTime, SymleError

WALL_FACTOR = 5.0  # a processor-time cap's wall-clock safety net, in multiples of the cap
TIMER_GRAIN = 0.02  # seconds: a processor-time timer fires up to a scheduler tick or two early or late


class Budget:
    """A deadline shared by the stages of one derivation, and optionally an allowance of processor
    time shared by the guards of a part of it (all the integrals of one derivation together).

    `guard` interrupts the code inside it (with a timer signal, in the main thread) when the body
    has used the guard's own cap of processor time, or what is left of the allowance: that raises
    BudgetExceeded, a normal outcome that the caller answers (the numeric path, the information
    left out), the same on a busy machine as on an idle one. When the wall-clock deadline passes
    inside a guard, the guard raises OutOfTime instead, which no step answers: a derivation that
    cannot finish in time fails, rather than give a weaker answer on a busy machine than on an idle
    one. Guards nest: an inner guard never extends an outer one.
    """

    def __init__(self, seconds: float, cpu: float | None = None) -> None:
        self.seconds = float(seconds)
        self.deadline = time.monotonic() + self.seconds
        self.cpu = cpu  # processor seconds for all the guards together; None: only each guard's cap
        self.used = 0.0  # processor seconds used inside the guards so far
        self.spent = False  # a guard was stopped by the allowance: none is left
        self.exhausted = False  # a guard ran out: the result depends on the machine's speed
        self._depth = 0
        self._whole: Budget | None = None

    def share(self, cpu: float) -> Budget:
        """A part of this budget: the same deadline, and `cpu` seconds of processor time for all
        its guards together; running out of it counts as this budget running out."""
        part = Budget(self.seconds, cpu)
        part.deadline = self.deadline
        part._whole = self
        return part

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def expired(self) -> bool:
        return self.remaining() <= 0.0

    def cpu_left(self) -> float | None:
        """Processor seconds left of the allowance; None without one."""
        if self.cpu is None:
            return None
        return 0.0 if self.spent else max(0.0, self.cpu - self.used)

    @contextmanager
    def guard(self, what: str, cap: float | None = None) -> Iterator[None]:
        left = self.cpu_left()
        allowance = left is not None and (cap is None or left <= cap)  # the allowance is the limit
        if left is not None:
            cap = left if cap is None else min(cap, left)
        outermost = self._depth == 0
        self._depth += 1
        start = time.process_time()
        try:
            with time_limit(self.remaining(), what, cpu=cap, late=OutOfTime):
                yield
        except BudgetExceeded:
            # stopped by the allowance's timer (not by an inner guard's): none is left, whatever the
            # timer's grain left over, so that the next guard stops at once on any machine
            self.spent = self.spent or (allowance and time.process_time() - start >= (left or 0.0) - TIMER_GRAIN)
            self._exhaust()
            raise
        except OutOfTime:
            self._exhaust()
            raise
        finally:
            self._depth -= 1
            if outermost:
                self.used += time.process_time() - start

    def _exhaust(self) -> None:
        self.exhausted = True
        if self._whole is not None:
            self._whole._exhaust()


class _Alarm(BaseException):
    """The timer's interruption: a BaseException, so that no `except Exception` in SymPy swallows
    it on its way out; the guard turns it into BudgetExceeded (or its `late` error, for the
    wall-clock timer)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _can_interrupt() -> bool:
    return threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")


@contextmanager
def time_limit(
    seconds: float, what: str, cpu: float | None = None, late: type[SymleError] = BudgetExceeded
) -> Iterator[None]:
    """Run the body for at most `seconds` of wall-clock time and, when `cpu` is given, at most `cpu`
    seconds of this process's processor time, else raise BudgetExceeded(what) (`late` when the
    wall-clock time ran out).

    The caps of single steps are processor time, so that what a derivation finds does not depend
    on how busy the machine is; the whole budget (--timeout) is wall-clock time."""
    if seconds <= 0:
        raise late(f"out of time before {what}")
    if cpu is not None and cpu <= 0:
        raise BudgetExceeded(f"out of processor time before {what}")
    if not _can_interrupt():
        # Outside the main thread no signal can interrupt; check the clocks afterwards instead.
        start, start_cpu = time.monotonic(), time.process_time()
        yield
        if time.monotonic() - start > seconds:
            raise late(f"out of time during {what}")
        if cpu is not None and time.process_time() - start_cpu > cpu:
            raise BudgetExceeded(f"out of time during {what} (limit {cpu:.3g} s)")
        return
    try:
        with _timer(signal.ITIMER_REAL, signal.SIGALRM, time.monotonic, seconds):
            if cpu is None:
                yield
            else:
                with _timer(signal.ITIMER_PROF, signal.SIGPROF, time.process_time, cpu):
                    yield
    except _Alarm as alarm:
        if alarm.signum == signal.SIGALRM:
            raise late(f"out of time during {what} (limit {seconds:.3g} s)") from None
        raise BudgetExceeded(f"out of time during {what} (limit {cpu:.3g} s)") from None


@contextmanager
def _timer(which: int, signum: int, clock: Callable[[], float], seconds: float) -> Iterator[None]:
    """One interval timer that raises _Alarm after `seconds` of `clock`; an outer timer of the same
    kind is never extended, and fires at once if its time ran out inside."""
    armed = [True]

    def on_alarm(signum: int, frame: object) -> None:
        if armed[0]:
            raise _Alarm(signum)

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
