"""Symbols defined where they first appear: ψ (digamma) and ψ′ (trigamma), in the sentence of the
first step whose equations use them."""

from __future__ import annotations

import dataclasses

import sympy as sp

from symle.algebra.printing import text as plain_text
from symle.stages.step import Prose, Step, formula, prose


def _special(step: Step, order: int) -> sp.Expr | None:
    """The argument of the first ψ (order 0) or ψ′ (order 1) in a step's equations, if any."""
    for equation in step.equations:
        for part in equation.parts:
            found = [f for f in getattr(part, "atoms", lambda *_: set())(sp.polygamma) if f.args[0] == order]
            if found:
                return min(found, key=sp.default_sort_key).args[1]
    return None


def _definition(order: int, argument: sp.Expr) -> Prose:
    if order == 0:
        if isinstance(argument, sp.Symbol):
            a = plain_text(argument)
            return prose(", where ", formula(f"ψ({a}) = Γ′({a})/Γ({a})"), " is the digamma function")
        return prose(", where ", formula("ψ = Γ′/Γ"), " is the digamma function")
    return prose(" (", formula("ψ′"), ", the trigamma function, is the derivative of ", formula("ψ"), ")")


def with_definitions(steps: tuple[Step, ...]) -> tuple[Step, ...]:
    """The steps with ψ (digamma) and ψ′ (trigamma) defined in the sentence of the first step that
    uses each, as a textbook defines a symbol where it first appears."""
    out = list(steps)
    for order in (0, 1):
        for k, step in enumerate(out):
            argument = _special(step, order)
            if argument is None:
                continue
            text = step.text if isinstance(step.text, Prose) else prose(step.text)
            parts = list(text.parts)
            if parts and isinstance(parts[-1], str) and parts[-1].endswith("."):
                parts[-1] = parts[-1][:-1]
            out[k] = dataclasses.replace(step, text=prose(*parts, _definition(order, argument), "."))
            break
    return tuple(out)


__all__ = ["with_definitions"]
