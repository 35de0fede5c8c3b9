"""Sweeps, run whole under `slow` (`python -m pytest -q -m slow`, which CI runs) and in part by default.

Over every model: a test that checks a rule of the pages (typography, claims, displayed values) of
every catalogue family and typed density runs, by default, on one model of each kind.

Why the default run may: the golden documents (tests/render/test_golden.py, every family and thirteen
typed densities, in the default run) pin what each page prints, byte for byte, so a rule that held of
every model when the goldens were last reviewed breaks only with a change to the goldens; whoever
updates them runs the sweeps whole (docs/ARCHITECTURE.md, "The tests").

Over values: a command-line probe tried with many values of one option, where an in-process test
tries them all (tests/numeric/test_wald.py's levels, test_stream.py's chunk sizes), keeps a few
in a fresh process by default (`slow(...)` marks the others)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest

# One of each kind: a one-parameter closed form, two parameters, a known constant, a profile with ψ,
# a shape's profile, a support's boundaries, a model that is not concave, a maximum that may not
# exist, a regression in closed form and one fitted numerically; typed densities under the names
# the sweeps give them (a power on (0, 1), a location with |x − μ|, a shape with Γ, a parameter
# known, the matrix form, a regression whose information comes from each response's score identity).
REPRESENTATIVE = frozenset(
    {
        "exponential",
        "normal",
        "binomial",
        "gamma",
        "weibull",
        "uniform",
        "cauchy",
        "negative-binomial",
        "linear-regression",
        "logistic-regression",
        "power",
        "typed-power",
        "laplace-typed",
        "typed-laplace",
        "gamma-shape",
        "normal-mu-known",
        "linear-regression-x1-x2",
        "counts-exposure",
        "restricted-bernoulli",
        "restricted-normal-joint",
    }
)


def sweep(names: Iterable[str]) -> list[Any]:
    """The names as a parametrize list: the representative ones as they are, the others slow."""
    return [name if name in REPRESENTATIVE else pytest.param(name, marks=pytest.mark.slow) for name in names]


def slow(*values: Any) -> list[Any]:
    """The values as parameters marked slow."""
    return [pytest.param(value, marks=pytest.mark.slow) for value in values]
