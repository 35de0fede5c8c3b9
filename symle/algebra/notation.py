"""Symbols that only name things in a derivation: L(theta), l(theta), f(x; theta), hats, partials."""

from __future__ import annotations

import sympy as sp


class _Notation(sp.Function):
    """A placeholder that never evaluates; printers give it its textbook look."""

    @classmethod
    def eval(cls, *args: sp.Basic) -> None:
        return None


class Likelihood(_Notation):
    """L(theta1, theta2, ...)."""


class LogLikelihood(_Notation):
    """ell(theta1, theta2, ...)."""


class Density(_Notation):
    """f(x; theta1, ...): the first argument is the variable."""


class Hat(_Notation):
    """The estimator of a parameter, theta-hat."""

    nargs = 1


class Partial(_Notation):
    """d ell / d theta (one argument) or d^2 ell / d theta d phi (two)."""


class Indicator(_Notation):
    """The indicator 1{condition}."""

    nargs = 1


class InSupport(_Notation):
    """x in its support: args (x, lower, upper, lower_closed, upper_closed, discrete, values)."""
