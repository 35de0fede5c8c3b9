"""The bounded pool of worker processes that does `symle serve`'s symbolic work, so that a slow or hostile
request never blocks the others: as many processes as cores, and a queue of at most QUEUE requests beyond
them; past it a request is refused at once (Busy: the page answers 503 with Retry-After). Each process
runs symle's own budget (a derivation overrunning its time is killed by symle.worker); a process that
dies takes the pool with it, which is then made again."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from symle.errors import SymleError
from symle.serve.jobs import warm

T = TypeVar("T")

QUEUE = 32  # requests waiting for a worker, beyond those being worked on
GRACE_SECONDS = 15.0  # beyond a job's own budget, before the page stops waiting for it
RETRY_AFTER = 5  # seconds, in a 503's Retry-After
NICE = 5  # the workers' niceness: the server's own process (pages remembered, forms) goes first


class Busy(Exception):
    """Every worker is busy and the queue is full."""


class Overrun(SymleError):
    """A job that did not answer within its budget and the grace after it."""


class Pool:
    """`workers` processes (default: the cores), `queue` requests waiting beyond them."""

    def __init__(self, workers: int | None = None, queue: int = QUEUE, nice: int = NICE) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.limit = self.workers + queue
        self.pending = 0
        self.nice = nice
        self._executor: ProcessPoolExecutor | None = None
        self._running: asyncio.Semaphore | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            context = multiprocessing.get_context("fork")  # the workers start with symle imported
            self._executor = ProcessPoolExecutor(
                self.workers, mp_context=context, initializer=warm, initargs=(self.nice,)
            )
        return self._executor

    async def run(self, seconds: float, function: Callable[..., T], *args: Any) -> T:
        """function(*args) in a worker; Busy at once when the queue is full; Overrun after `seconds`
        and the grace counted from when a worker takes it (the worker's own budget ends it sooner)."""
        if self.pending >= self.limit:
            raise Busy
        if self._running is None:
            self._running = asyncio.Semaphore(self.workers)
        self.pending += 1
        try:
            async with self._running:  # waiting in the queue: its time is not the job's budget
                future = self._pool().submit(function, *args)
                try:
                    return await asyncio.wait_for(asyncio.wrap_future(future), seconds + GRACE_SECONDS)
                except TimeoutError:
                    raise Overrun(f"the request did not finish within {seconds:g} s") from None
                except BrokenProcessPool:
                    self._executor = None  # a worker died (killed from outside): a new pool next time
                    raise Overrun("the worker doing this request stopped; try again") from None
        finally:
            self.pending -= 1

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
