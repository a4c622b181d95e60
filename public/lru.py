"""A small least-recently-used store bounded in bytes, for values that are pure functions
of their key (a rendering under its content-derived ETag, the compressed bytes of a body):
an entry is never wrong, only evicted. One per process; gunicorn's sync workers serve one
request at a time each, and a lock keeps it safe under threads too."""

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any


class BoundedLRU:
    def __init__(self, *, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: Hashable, value: Any, size: int) -> None:
        """Keep ``value`` (counted as ``size`` bytes), evicting the least recently used
        entries beyond the bound; a value larger than the whole bound is not kept."""
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._entries[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, evicted) = self._entries.popitem(last=False)
                self._bytes -= evicted

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size(self) -> int:
        return self._bytes

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0
