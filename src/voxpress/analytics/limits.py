"""Per-client rate limiting in memory: a sliding one-minute window per client key.

Clients are told apart by a keyed hash of their address that lives only in
this process's memory; nothing about a client is ever written to disk.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable

WINDOW_SECONDS = 60.0
MAX_CLIENTS = 50_000
"""Clients remembered at once; the memory is cleared when full."""


class RateLimiter:
    """Allows ``per_minute`` units per client in any sliding minute."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._salt = secrets.token_bytes(16)
        self._seen: dict[bytes, deque[float]] = {}
        self._lock = threading.Lock()

    def _key(self, client: str) -> bytes:
        return hashlib.blake2b(client.encode(), key=self._salt, digest_size=16).digest()

    def allow(self, client: str, units: int = 1) -> bool:
        """Count ``units`` for ``client`` and say whether they fit in its minute."""
        now = self._clock()
        key = self._key(client)
        with self._lock:
            if len(self._seen) >= MAX_CLIENTS:
                self._seen.clear()
            times = self._seen.setdefault(key, deque())
            while times and times[0] <= now - WINDOW_SECONDS:
                times.popleft()
            if len(times) + units > self.per_minute:
                return False
            times.extend([now] * units)
            return True
