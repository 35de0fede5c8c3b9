"""The server's memory of finished derivations, in the server process: a page or download asked for again
(a catalogue family, a shared link) is answered without a worker. Bounded in entries and bytes, the
least recently used forgotten first; only outputs that do not depend on the machine's speed are kept. A page
is kept as the bytes sent, with its ETag: asked again, it is sent as it is (or 304 Not Modified when the
browser holds it), with no template run and nothing encoded again."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

ENTRIES = 512
BYTES = 64 << 20


@dataclass(frozen=True)
class Sent:
    """A page as it was sent: its bytes, and their ETag (a digest of them)."""

    body: bytes
    etag: str

    @classmethod
    def of(cls, body: bytes) -> Sent:
        return cls(body, '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"')

    def __len__(self) -> int:
        return len(self.body)

    @property
    def headers(self) -> dict[str, str]:
        """Validated again on each visit (no-cache), answered 304 when unchanged."""
        return {"ETag": self.etag, "Cache-Control": "no-cache"}


def answered_again(request: Request, sent: Sent) -> Response:
    """A remembered page: 304 when the browser's copy is this one (If-None-Match), else its bytes."""
    if sent.etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=sent.headers)
    return Response(sent.body, media_type="text/html; charset=utf-8", headers=sent.headers)


class Remembered:
    def __init__(self, entries: int = ENTRIES, size: int = BYTES) -> None:
        self.entries, self.size = entries, size
        self._items: OrderedDict[Hashable, str | bytes | Sent] = OrderedDict()
        self._bytes = 0

    def get(self, key: Hashable) -> str | bytes | Sent | None:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def put(self, key: Hashable, value: str | bytes | Sent) -> None:
        if len(value) > self.size // 8 or key in self._items:
            return
        self._items[key] = value
        self._bytes += len(value)
        while len(self._items) > self.entries or self._bytes > self.size:
            _, old = self._items.popitem(last=False)
            self._bytes -= len(old)
