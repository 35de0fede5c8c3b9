"""Remembering what depends only on a model's derivation: a class's submissions share one derivation,
so its expected answers, their printed forms and the evaluation points are worked out once a run."""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

R = TypeVar("R")

MAX_ENTRIES = 1_024


def per_derivation(function: Callable[..., R]) -> Callable[..., R]:
    """function(derivation, *args), remembered by the derivation's identity and the other arguments
    (a Derivation holds dicts, so it cannot be a key; the entry keeps it alive, so its id is never
    reused while remembered). Derivations are pure values: the result never goes stale."""
    memo: dict[tuple[Hashable, ...], tuple[Any, R]] = {}

    @functools.wraps(function)
    def remembered(derivation: Any, *args: Hashable) -> R:
        key = (id(derivation), *args)
        found = memo.get(key)
        if found is not None and found[0] is derivation:
            return found[1]
        value = function(derivation, *args)
        if len(memo) >= MAX_ENTRIES:
            memo.clear()
        memo[key] = (derivation, value)
        return value

    return remembered
