"""The errors a user can cause, each a kind of SymleError the CLI turns into one line and exit 2."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator

# the inputs a message may name: a model's fields, the options of a derivation, a fit, a check or a worksheet
FIELDS = (
    *("model", "var", "params", "support", "known", "response", "covariates", "censored", "censoring"),
    *("weights", "classes", "counts", "groups", "shared", "function", "test", "timeout", "no_normalise_check"),
    *("interval", "interval_censored", "column", "missing", "plot", "data", "problem", "assignment", "pdf", "format"),
)
_NAMED = re.compile("\u27e8(" + "|".join(FIELDS) + ")\u27e9")


def named(field: str) -> str:
    """The input `field` (one of FIELDS) as a message names it: a mark each edge words in its own terms, the
    command line as its flag (--known), a page as its form field's label (Known values), str() as the field
    itself; the library's messages never name a flag."""
    if field not in FIELDS:
        raise ValueError(f"not an input: {field!r}")
    return f"\u27e8{field}\u27e9"


def worded(text: str, name: Callable[[str], str]) -> str:
    """`text` with each input it names (see `named`) worded by `name`."""
    return _NAMED.sub(lambda found: name(found.group(1)), text)


class SymleError(Exception):
    """Base of every error symle raises on purpose; its message is one line for a person. `field`
    names the input it is about (one of FIELDS: "known", "support", ...) where one is: the command
    line's message names its flag, a web page marks that form field. The message names inputs by
    `named(field)`, worded by each edge (`worded`)."""

    exit_status = 2
    field: str | None = None

    def __init__(self, *args: object, field: str | None = None) -> None:
        super().__init__(*args)
        if field is not None:
            self.field = field

    def __str__(self) -> str:
        return worded(super().__str__(), str)

    @property
    def text(self) -> str:
        """The message with its inputs' marks (see `named`), for an edge to word or a wrapper to keep."""
        return super().__str__()

    def worded(self, name: Callable[[str], str]) -> str:
        """The message with each input it names worded by `name` (a flag, a form field's label)."""
        return worded(self.text, name)


@contextlib.contextmanager
def about(field: str) -> Iterator[None]:
    """Errors raised while reading one input are about it: their `field` is set, unless a nearer
    reader set one already (it travels with the error, pickled from the worker as an attribute)."""
    try:
        yield
    except SymleError as exc:
        if exc.field is None:
            exc.field = field
        raise


class ParseError(SymleError):
    """Text (a formula, a support, a known value) that cannot be read safely."""


class ModelError(SymleError):
    """A model that is not usable: unknown family, parameter not in the density, not a density."""


class DataError(SymleError):
    """Data that cannot be used: text, NaN, empty, outside the support, estimate undefined."""


class NotSupported(SymleError):
    """Something symle cannot do yet, as distinct from something that is impossible."""


class BudgetExceeded(SymleError):
    """A symbolic computation ran out of its time budget (a normal outcome inside the engine)."""


class OutOfTime(SymleError):
    """The whole budget's wall-clock deadline passed inside a step (a busy machine, a short
    --timeout): no step answers it with a weaker result, so the command fails and says so."""


class ConvergenceError(SymleError):
    """A numeric fit that did not converge."""


class HomeworkError(SymleError):
    """A homework file the checker cannot use: missing, unreadable as text, or without a model."""


class WorksheetError(SymleError):
    """A worksheet spec that cannot be used: not TOML, a problem without a model, an unknown part."""


class LatexError(SymleError):
    """The LaTeX engine is missing, or it failed on a document symle wrote (named by its problem)."""
