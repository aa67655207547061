"""Who may cause what: the API key, the narrations a reader may start, and per-client rate limits.

With ``VOXPRESS_API_KEY`` set, writes (POST, DELETE) need the key, and a
reader without it may still *listen*: any stored narration is served to
anyone, and a missing one is made for a reader only in the article
language's default voice (or a voice of ``VOXPRESS_PUBLIC_VOICES``), at speed
1 and as MP3. Speed costs nothing: the player plays the 1x narration at the
listener's ``playbackRate``, so other speeds (and Opus/WAV, other voices) are
the publisher's to make, with the key. Without an API key every voice, speed
and format is open.

Everything that creates work (a new article, a narration not stored and not
already being made) also takes a token from the client's bucket: a token
bucket per client address, in memory, refilled at
``rate_limit_per_minute`` up to ``rate_limit_burst``. An empty bucket is a 429
problem with ``Retry-After``. Requests carrying the API key are not limited.
Behind a reverse proxy every request comes from the proxy's address, so limit
there too (or give each client its own address).
"""

from __future__ import annotations

import hmac
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request

from voxpress.server.problems import RateLimitedError, UnauthorizedError
from voxpress.settings import Settings

MAX_TRACKED_CLIENTS = 10_000
"""Buckets kept in memory; the least recently seen client's bucket is dropped beyond this."""


def given_api_key(request: Request) -> str | None:
    """The key a request carries, as ``X-API-Key`` or ``Authorization: Bearer``."""
    given = request.headers.get("x-api-key")
    authorization = request.headers.get("authorization", "")
    if given is None and authorization[:7].lower() == "bearer ":
        given = authorization[7:].strip()
    return given


def has_api_key(request: Request, api_key: str | None) -> bool:
    """True when the server has no key, or the request carries the right one."""
    if not api_key:
        return True
    given = given_api_key(request)
    return given is not None and hmac.compare_digest(given.encode(), api_key.encode())


def api_key_guard(api_key: str | None) -> Callable[[Request], None]:
    """A FastAPI dependency requiring ``api_key`` (Bearer or X-API-Key) when one is configured."""

    def require_api_key(request: Request) -> None:
        if not has_api_key(request, api_key):
            raise UnauthorizedError(
                "An API key is required: send it as 'Authorization: Bearer KEY' or 'X-API-Key: KEY'."
            )

    return require_api_key


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """Token buckets keyed by client address: ``per_minute`` tokens a minute, at most ``burst`` saved."""

    def __init__(self, per_minute: float, burst: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def take(self, client: str) -> float:
        """Take a token for ``client``: 0 when granted, else the seconds until one is available."""
        if not self.enabled:
            return 0.0
        now = self.clock()
        with self._lock:
            bucket = self._buckets.pop(client, None) or _Bucket(self.burst, now)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            self._buckets[client] = bucket
            while len(self._buckets) > MAX_TRACKED_CLIENTS:
                self._buckets.popitem(last=False)
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / self.rate


def client_address(request: Request) -> str:
    """The address a request came from (the socket's peer, never a forwarded header)."""
    return request.client.host if request.client else "unknown"


class AccessPolicy:
    """The server's answer to "may this request cause this work?"."""

    def __init__(self, settings: Settings) -> None:
        self.api_key = settings.api_key
        self.public_voices = frozenset(settings.public_voices)
        self.limiter = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)

    def charge(self, request: Request) -> None:
        """Take a work token for the request's client; ``RateLimitedError`` (429) when none is left."""
        if self.api_key and has_api_key(request, self.api_key):
            return
        wait = self.limiter.take(client_address(request))
        if wait > 0:
            raise RateLimitedError(
                f"Too many requests that create work from {client_address(request)}; "
                f"try again in {math.ceil(wait)} s.",
                retry_after=math.ceil(wait),
            )

    def voice_is_public(self, voice: str, default_voice: str) -> bool:
        """Whether a reader without the key may have narrations made in ``voice``."""
        return not self.api_key or voice == default_voice or voice in self.public_voices

    def admit_narration(
        self, request: Request, *, voice: str, default_voice: str, speed: float, fmt: str
    ) -> None:
        """Refuse (401) a narration a reader without the key may not cause; see the module docstring."""
        if has_api_key(request, self.api_key):
            return
        if not self.voice_is_public(voice, default_voice):
            raise UnauthorizedError(
                f"The voice '{voice}' is not public on this server: narrations in it need the API key "
                f"(readers may use '{default_voice}')."
            )
        if speed != 1.0:
            raise UnauthorizedError(
                "Narrations at other speeds than 1 need the API key; readers play the 1x narration "
                "faster or slower (the player's speed control)."
            )
        if fmt != "mp3":
            raise UnauthorizedError(f"Narrations as {fmt} need the API key; readers get MP3.")
