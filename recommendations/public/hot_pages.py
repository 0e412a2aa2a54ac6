"""The public pages this process served last, kept in its memory in front of the shared cache.

A cached page's key names everything its content depends on (its page versions, language, day
and address: see cache.py), so a page kept under its key is never stale, here as in the shared
cache: a change makes its pages' keys unreachable on every app server alike. Keeping the most
asked pages in the process itself spares each hit the shared cache's round trip (Redis) or its
lock and key checks (the per-process cache), which is most of what a hit costs beyond the key.

Each page is kept pickled, as the shared cache keeps it, and unpickled for every hit: each
response served is a new object, which the middleware above and the server may change (HEAD
drops the body, the WSGI handler adds what closes the request) without touching the kept one.
What is kept is bounded in bytes; the pages kept longest go first, and none is kept longer than
the shared cache's timeout from when this process kept it (a bound on memory, not on freshness,
which the key gives).
"""

from __future__ import annotations

import pickle
import threading
import time

# What one process keeps at most, in bytes of pickled pages; a page bigger than an eighth of it
# is not kept (it would push out many small ones, and few visitors ask for it twice).
BUDGET_BYTES = 8 * 1024 * 1024


class HotPages:
    def __init__(self, timeout: float, budget: int = BUDGET_BYTES, clock=time.monotonic):
        self.timeout = timeout
        self.budget = budget
        self.clock = clock
        # key -> (expires at, pickled page); in the order they were kept.
        self._pages: dict[str, tuple[float, bytes]] = {}
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str):
        """A new copy of the page kept under ``key``, or None."""
        found = self._pages.get(key)
        if found is None or found[0] <= self.clock():
            return None
        return pickle.loads(found[1])  # noqa: S301 (pickled by this process, never received)

    def keep(self, key: str, page) -> None:
        if len(page.content) > self.budget // 8:  # not even pickled
            return
        data = pickle.dumps(page, pickle.HIGHEST_PROTOCOL)
        if len(data) > self.budget // 8:
            return
        with self._lock:
            self._drop(key)
            while self._pages and self._size + len(data) > self.budget:
                self._drop(next(iter(self._pages)))
            self._pages[key] = (self.clock() + self.timeout, data)
            self._size += len(data)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._size = 0

    @property
    def size(self) -> int:
        """The bytes kept."""
        return self._size

    def _drop(self, key: str) -> None:
        found = self._pages.pop(key, None)
        if found is not None:
            self._size -= len(found[1])
