"""The command line's words for symle's inputs: a message names an input by its field
(symle.errors.named), and the command line says it as the flag that gives it (known -> --known)."""

from __future__ import annotations

from symle.errors import SymleError


def flag(field: str) -> str:
    """The command-line flag that gives the input `field` (interval_censored -> --interval-censored)."""
    return "--" + field.replace("_", "-")


def said(error: SymleError) -> str:
    """The error's message as the command line says it: each input named by its flag."""
    return error.worded(flag) or type(error).__name__
