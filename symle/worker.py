"""Hard time limits: symbolic work runs in a forked worker process that is killed at the deadline.

SymPy can spend minutes inside one big-integer operation, where no signal is handled, so the
cooperative guards of symle.budget cannot always stop it. The worker can always be killed. Its
result comes back pickled node by node, without re-evaluation, so that expressions built
unevaluated for display ((2 pi sigma^2)^(-1/2)) arrive exactly as they were built."""

from __future__ import annotations

import io
import multiprocessing
import os
import pickle
import signal
import threading
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import sympy as sp
from sympy.concrete.expr_with_limits import ExprWithLimits
from sympy.core.operations import AssocOp, LatticeOp

from symle import supervisor
from symle.errors import BudgetExceeded, SymleError
from symle.supervisor import in_process

T = TypeVar("T")

GRACE_SECONDS = 1.5  # beyond the soft deadline, for the worker to finish and send its result


class Worker:
    """One forked process that runs calls one at a time and keeps its SymPy caches warm between
    them (a batch of derivations runs about twice as fast as with a fresh process each); it is
    killed, and replaced at the next call, when a call overruns."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self.owner = os.getpid()
        self.connection, theirs = context.Pipe(duplex=True)
        self.process = context.Process(target=_serve, args=(theirs, self.owner), daemon=True, name="symle-worker")
        self.process.start()
        theirs.close()

    def call(self, seconds: float, what: str, function: Callable[..., T], args: tuple[Any, ...]) -> T:
        self.connection.send_bytes(dumps((function, args, sp.Dummy._count)))
        if not self.connection.poll(seconds + GRACE_SECONDS):
            self.stop()
            raise BudgetExceeded(f"{what} did not finish within {seconds:g} s")
        try:
            kind, value, count = loads(self.connection.recv_bytes())
        except EOFError:
            self.stop()
            raise RuntimeError(f"the worker for {what} ended without a result") from None
        sp.Dummy._count = max(sp.Dummy._count, count)  # the worker's Dummy symbols stay distinct from ours
        if kind == "error":
            raise value
        return value

    def stop(self) -> None:
        self.connection.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join()


_WORKER: Worker | None = None
_LOCK = threading.Lock()
_BOUNDED = 0  # calls of run_bounded running in this process, under a limit already


def run_bounded(seconds: float, what: str, function: Callable[..., T], *args: Any) -> T:
    """function(*args) in the worker process, killed after `seconds` (plus a grace for the result
    to arrive); its exceptions are raised here. Out of time: BudgetExceeded naming `what`.

    In this process instead where that limit holds already: in the worker, inside such a call,
    or in a supervised command that its parent stops as soon (symle.supervisor), where a worker
    would only cost its start."""
    global _WORKER, _BOUNDED
    if in_process() or _BOUNDED or supervisor.stopped_within(seconds + GRACE_SECONDS):
        _BOUNDED += 1
        try:
            return function(*args)
        finally:
            _BOUNDED -= 1
    with _LOCK:
        if _WORKER is None or _WORKER.owner != os.getpid() or not _WORKER.process.is_alive():
            _WORKER = Worker()  # (after a fork of ours, the worker belongs to the parent: start our own)
        worker = _WORKER
        try:
            return worker.call(seconds, what, function, args)
        except BaseException:
            if not worker.process.is_alive() or worker.connection.closed:
                _WORKER = None
            raise


def _serve(connection: Any, parent: int) -> None:
    """The worker's loop: a call in, its result (or exception) out, until the pipe closes."""
    supervisor.IN_WORKER = True
    for signum in (signal.SIGTERM, signal.SIGHUP):  # not the supervised command's handlers: just end
        signal.signal(signum, signal.SIG_DFL)
    supervisor.die_with_parent(parent)
    while True:
        try:
            function, args, count = loads(connection.recv_bytes())
        except (EOFError, OSError):
            return
        sp.Dummy._count = max(sp.Dummy._count, count)
        try:
            payload: tuple[str, Any, int] = ("ok", function(*args), sp.Dummy._count)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the caller
            payload = ("error", _portable(exc), sp.Dummy._count)
        try:
            data = dumps(payload)
        except Exception as exc:  # noqa: BLE001 - an unpicklable result is a bug of ours: say what it was
            data = dumps(("error", RuntimeError(f"the result could not be sent back ({exc})"), sp.Dummy._count))
        connection.send_bytes(data)


def _portable(exc: BaseException) -> BaseException:
    """The exception if it pickles, else a RuntimeError with its text; a bug's traceback in the
    worker is kept as a note (SYMLE_DEBUG shows it), a user's error goes back as it is."""
    if isinstance(exc, SymleError):
        return exc
    note = "".join(traceback.format_exception(exc))
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001
        exc = RuntimeError(f"{type(exc).__name__}: {exc}")
    exc.add_note("in the worker process:\n" + note)
    return exc


# --- faithful pickling of expression trees -------------------------------------------------------

# These keep state beyond their arguments (names, assumptions, shapes): pickled the usual way.
_USUAL = (sp.Atom, sp.IndexedBase, sp.Indexed, sp.Idx, sp.MatrixBase)


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, sp.Basic) and not isinstance(obj, _USUAL):
            return _rebuild, (type(obj), obj.args)
        return NotImplemented


def _rebuild(cls: type, args: tuple[Any, ...]) -> sp.Basic:
    """The node with exactly these arguments, not evaluated again (with the one attribute some
    classes keep beside their arguments, as their constructors set it)."""
    if issubclass(cls, LatticeOp):  # min, max: their arguments are kept as a set
        return cls(*args, evaluate=False)
    if issubclass(cls, AssocOp):
        return cls._from_args(args)
    node = sp.Basic.__new__(cls, *args)
    if issubclass(cls, sp.Pow):
        node.is_commutative = args[0].is_commutative and args[1].is_commutative
    elif issubclass(cls, ExprWithLimits):
        node.is_commutative = args[0].is_commutative
    return node


def dumps(value: Any) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def loads(data: bytes) -> Any:
    return pickle.loads(data)
