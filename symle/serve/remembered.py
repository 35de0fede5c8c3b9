"""The server's memory of finished derivations, in the server process: a page or download asked for again
(a catalogue family, a shared link) is answered without a worker. Bounded in entries and bytes, the
least recently used forgotten first; only outputs that do not depend on the machine's speed are kept."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable

ENTRIES = 512
BYTES = 64 << 20


class Remembered:
    def __init__(self, entries: int = ENTRIES, size: int = BYTES) -> None:
        self.entries, self.size = entries, size
        self._items: OrderedDict[Hashable, str | bytes] = OrderedDict()
        self._bytes = 0

    def get(self, key: Hashable) -> str | bytes | None:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def put(self, key: Hashable, value: str | bytes) -> None:
        if len(value) > self.size // 8 or key in self._items:
            return
        self._items[key] = value
        self._bytes += len(value)
        while len(self._items) > self.entries or self._bytes > self.size:
            _, old = self._items.popitem(last=False)
            self._bytes -= len(old)
