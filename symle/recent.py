"""Bounded memos: a dict that keeps its most recently used entries, so that a long-lived process (a
page's workers, a class of homework, the test suite) remembers what it derived without growing."""

from __future__ import annotations

from collections import OrderedDict
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")

ENTRIES = 64  # a memo's size unless it says otherwise


class Recent(OrderedDict[K, V]):
    """A dict of at most `most` entries: reading or writing one makes it the most recent, and writing
    past the bound forgets the least recent."""

    def __init__(self, most: int = ENTRIES) -> None:
        super().__init__()
        self.most = most

    def __getitem__(self, key: K) -> V:
        value = super().__getitem__(key)
        self.move_to_end(key)
        return value

    def get(self, key: K, default: V | None = None) -> V | None:  # type: ignore[override]
        return self[key] if key in self else default

    def __setitem__(self, key: K, value: V) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.most:
            self.popitem(last=False)
