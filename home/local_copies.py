"""Process-local copies of what the page cache and the fragment cache keep in the shared cache
(home/page_cache.py, home/fragment_cache.py), so a worker that served an entry lately need not
fetch it again (a ~100 KB page through Redis, unpickled, on every hit).

A copy is only a faster way to read an entry, never a reason to serve it: every use still
compares the versions it was rendered with against the current ones, read from the shared
cache in that request, exactly as an entry fetched from Redis is checked. An invalidation in
any process is therefore seen at once. A copy's key is the shared entry's key (it holds
`code_version()`, and the store dies with the process anyway), and a copy is dropped when the
shared entry would expire (its timeout), so it never outlives the entry it copies.

The store is bounded in bytes (PAGE_CACHE_LOCAL_BYTES, each copy counted by the size of its
HTML), least recently used first out; a copy larger than the whole bound is not kept.
"""

import threading
from time import monotonic

from django.conf import settings

from cachetools import LRUCache

# What a copy costs beside its HTML (the tuple, the versions dict, the headers): a rough
# constant, so many small fragments cannot hold far more memory than the bound says.
OVERHEAD_BYTES = 1024


def _size_of(copy):
    """The bytes a copy is counted for: its HTML's length plus OVERHEAD_BYTES."""
    return copy[1] + OVERHEAD_BYTES


class LocalCopies:
    """A thread-safe LRU of (key -> value), bounded in bytes, each item expiring after the
    timeout it was put with. Values are never copied: callers keep them immutable."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self._items = LRUCache(maxsize=max_bytes, getsizeof=_size_of)
        # LRUCache reorders itself on every read: gthread workers share one store.
        self._lock = threading.Lock()

    def get(self, key):
        """The value put under `key` (str) if it is still there and not expired, else None."""
        with self._lock:
            copy = self._items.get(key)
            if copy is None:
                return None
            value, _size, expires = copy
            if monotonic() < expires:
                return value
            del self._items[key]
            return None

    def put(self, key, value, size, timeout):
        """Keep `value` under `key` for `timeout` seconds, counted as `size` bytes (its HTML's
        length); a value larger than the whole bound is not kept (and drops an older copy)."""
        copy = (value, size, monotonic() + timeout)
        with self._lock:
            if _size_of(copy) > self.max_bytes:
                self._items.pop(key, None)
                return
            self._items[key] = copy

    def discard(self, key):
        """Drop the copy under `key`, if any (it was found stale)."""
        with self._lock:
            self._items.pop(key, None)

    def clear(self):
        """Drop every copy."""
        with self._lock:
            self._items.clear()

    @property
    def bytes_held(self):
        """The bytes the copies are counted for now (int, at most `max_bytes`)."""
        with self._lock:
            return self._items.currsize

    def __len__(self):
        with self._lock:
            return len(self._items)


_store = None
_store_lock = threading.Lock()


def store():
    """This process's store (one for pages and fragments), made on first use with
    PAGE_CACHE_LOCAL_BYTES; made again if the setting changed (tests)."""
    global _store
    max_bytes = settings.PAGE_CACHE_LOCAL_BYTES
    current = _store
    if current is not None and current.max_bytes == max_bytes:
        return current
    with _store_lock:
        if _store is None or _store.max_bytes != max_bytes:
            _store = LocalCopies(max_bytes)
        return _store
