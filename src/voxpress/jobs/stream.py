"""A fan-out byte buffer: one writer thread, any number of readers, late joiners welcome.

The narration worker appends MP3 bytes as sentences are encoded; every HTTP
client streaming the narration reads the same buffer from the start, first
what is already there, then live bytes as they arrive, until the buffer is
closed. Async readers are woken through their own event loop, so a waiting
client holds no thread.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator


class ByteStream:
    """Append-only bytes with blocking and async readers."""

    def __init__(self) -> None:
        self._data = bytearray()
        self._closed = False
        self._error: str | None = None
        self._condition = threading.Condition()
        self._async_waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def error(self) -> str | None:
        """Why the writer stopped early, if it did."""
        return self._error

    def __len__(self) -> int:
        return len(self._data)

    def write(self, data: bytes) -> None:
        if not data:
            return
        with self._condition:
            if self._closed:
                raise ValueError("write to a closed ByteStream")
            self._data.extend(data)
            self._wake()

    def close(self, error: str | None = None) -> None:
        """No more bytes will come; ``error`` says why, when the writer failed."""
        with self._condition:
            if self._closed:
                return
            self._closed = True
            self._error = error
            self._wake()

    def getvalue(self) -> bytes:
        with self._condition:
            return bytes(self._data)

    def _wake(self) -> None:
        self._condition.notify_all()
        for loop, event in self._async_waiters:
            loop.call_soon_threadsafe(event.set)

    def _read(self, offset: int) -> tuple[bytes, bool]:
        with self._condition:
            return bytes(self._data[offset:]), self._closed

    def iter_blocking(self, timeout: float | None = None) -> Iterator[bytes]:
        """Every byte from the start, blocking for more until closed (or ``timeout`` seconds of silence)."""
        offset = 0
        while True:
            with self._condition:
                if len(self._data) == offset and not self._closed:
                    self._condition.wait(timeout)
                data, closed = bytes(self._data[offset:]), self._closed
            if data:
                offset += len(data)
                yield data
            elif closed or timeout is not None:
                return

    async def iter_async(self) -> AsyncIterator[bytes]:
        """Every byte from the start, awaiting more until closed."""
        event = asyncio.Event()
        waiter = (asyncio.get_running_loop(), event)
        with self._condition:
            self._async_waiters.append(waiter)
        try:
            offset = 0
            while True:
                # Clear before reading: a write after the read schedules event.set on this loop,
                # which cannot run before the await below, so no wake-up is lost.
                event.clear()
                data, closed = self._read(offset)
                if data:
                    offset += len(data)
                    yield data
                elif closed:
                    return
                else:
                    await event.wait()
        finally:
            with self._condition:
                self._async_waiters.remove(waiter)
