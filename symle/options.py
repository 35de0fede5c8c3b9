"""How to derive (`Options`), and the one maximum of every time budget symle accepts.

`Options.MAX_TIMEOUT` is the longest budget a derivation, a command (--timeout), a worksheet's
`timeout` or a page's job may ask for; `DERIVE_SECONDS` is a derivation's budget when none is
given (`symle derive`, a page's derivation, the least a homework's derivation has) and
`CHECK_SECONDS` a homework file's (its derivation and every step). The other `*_SECONDS`
constants are not budgets but caps of one step inside a budget (processor seconds for one SymPy
call: `budget.guard` takes the smaller of the cap and what is left), or of a program outside
Python (pdflatex), or a grace period after a deadline; none of them can make a command run past
its budget. Light on purpose: the command line reads it before SymPy is imported."""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import ClassVar

from symle.errors import ParseError

DERIVE_SECONDS = 10.0
CHECK_SECONDS = 40.0


@dataclass(frozen=True)
class Options:
    """How to derive: the time budget of the whole derivation in seconds; whether to check that a
    typed density integrates to 1; whether the information may use integrals over the density
    (slow; the command line asks for it); functions of the parameters to estimate by invariance."""

    MAX_TIMEOUT: ClassVar[float] = 3600.0

    timeout: float = DERIVE_SECONDS
    normalise_check: bool = True
    integrate: bool = False
    functions: tuple[tuple[str, str], ...] = ()
    test: tuple[str, ...] = ()  # H₀: (name,) or (name, value text), whose tests the page derives

    def __post_init__(self) -> None:
        timeout = self.timeout
        # compared, not converted: 10**400 has no float, and NaN fails every comparison
        if not allowed(timeout):
            raise ParseError(f"timeout must be a positive number of seconds, at most {Options.MAX_TIMEOUT:g}")
        object.__setattr__(self, "timeout", float(timeout))
        for flag, name in ((self.normalise_check, "normalise_check"), (self.integrate, "integrate")):
            if not isinstance(flag, (bool, int)) or flag not in (0, 1):
                raise ParseError(f"{name} must be True or False")


def allowed(seconds: object) -> bool:
    """Whether `seconds` is a budget symle accepts: a real number, more than 0, at most MAX_TIMEOUT."""
    if isinstance(seconds, bool) or not isinstance(seconds, numbers.Real):
        return False
    return 0 < seconds <= Options.MAX_TIMEOUT
