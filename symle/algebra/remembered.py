"""Results remembered for the same argument in the same printing context: a page prints the same
expressions and equations in several places and in several formats (its LaTeX, Markdown, JSON and
HTML all carry the LaTeX), and printing is most of the time a document takes."""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import TypeVar

from symle.recent import Recent

A = TypeVar("A")
R = TypeVar("R")


def remembered(context: Callable[[], Hashable], size: int) -> Callable[[Callable[[A], R]], Callable[[A], R]]:
    """A one-argument function's results, remembered by (argument, context()) for the `size` most
    recently used keys. The key must hold everything the result depends on besides the argument.
    SymPy's == compares trees as built, so x + y and an unevaluated y + x are two keys; an argument
    that cannot be hashed (a mutable matrix) is computed afresh each time."""

    def decorate(function: Callable[[A], R]) -> Callable[[A], R]:
        memo: Recent[Hashable, R] = Recent(size)

        @functools.wraps(function)
        def wrapper(argument: A) -> R:
            try:
                key = (argument, context())
                hash(key)
            except TypeError:
                return function(argument)
            if key not in memo:
                memo[key] = function(argument)
            return memo[key]

        return wrapper

    return decorate
