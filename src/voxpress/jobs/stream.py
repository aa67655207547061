"""A fan-out byte stream kept in a file: one writer thread, any number of readers, late joiners welcome.

The narration worker appends MP3 bytes as sentences are encoded; every HTTP
client streaming the narration reads the same bytes from the start (or from a
byte offset), first what is already there, then live bytes as they arrive,
until the stream is closed. Async readers are woken through their own event
loop, so a waiting client holds no thread.

The bytes live in an anonymous temporary file (made at the first write in the
stream's folder, already unlinked, so nothing is left behind even if the
process dies), not in memory: a 30,000-word narration streams about 70 MB
of MP3, and a reader is handed at most ``READ_BYTES`` at a time, so neither the
writer nor a late joiner holds the whole stream. The file closes when the last
reference to the stream goes (the job's entry and every reader).
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import BinaryIO

from voxpress.store.files import storage_error

READ_BYTES = 256 * 1024
"""Most bytes a reader gets in one part: a late joiner is sent the stream in parts this size."""


class ByteStream:
    """Append-only bytes in a temporary file, with blocking and async readers."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        """Where the temporary file is made; None: the system's temporary folder."""
        self._file: BinaryIO | None = None
        self._size = 0
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
        return self._size

    def write(self, data: bytes) -> None:
        """Append ``data``; ``StorageFullError`` when the disk is full (the stream is unchanged)."""
        if not data:
            return
        with self._condition:
            if self._closed:
                raise ValueError("write to a closed ByteStream")
            try:
                if self._file is None:
                    if self.folder is not None:
                        self.folder.mkdir(parents=True, exist_ok=True)
                    # Open as long as the stream lives: readers pread from it after the writer is done.
                    self._file = tempfile.TemporaryFile(prefix=".voxpress-live-", dir=self.folder)  # noqa: SIM115
                written = os.pwrite(self._file.fileno(), data, self._size)
                while written < len(data):
                    written += os.pwrite(self._file.fileno(), data[written:], self._size + written)
            except OSError as error:
                raise storage_error(error, "the live audio stream") from error
            self._size += len(data)
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
        """Every byte written so far (for tests and small streams: this does read it all)."""
        return b"".join(self._parts_from(0, self._size))

    def _wake(self) -> None:
        self._condition.notify_all()
        for loop, event in self._async_waiters:
            loop.call_soon_threadsafe(event.set)

    def _read(self, offset: int) -> tuple[bytes, bool]:
        """Up to ``READ_BYTES`` from ``offset``, and whether the stream was closed before."""
        with self._condition:
            size, closed, handle = self._size, self._closed, self._file
        if offset >= size or handle is None:
            return b"", closed
        # Bytes below ``size`` are written and never change: read them without the lock.
        data = os.pread(handle.fileno(), min(READ_BYTES, size - offset), offset)
        return data, closed and offset + len(data) >= size

    def _parts_from(self, offset: int, stop: int) -> Iterator[bytes]:
        while offset < stop:
            data, _ = self._read(offset)
            if not data:
                return
            data = data[: stop - offset]
            offset += len(data)
            yield data

    def iter_blocking(self, timeout: float | None = None, start: int = 0) -> Iterator[bytes]:
        """Every byte from ``start``, blocking for more until closed (or ``timeout`` seconds of
        silence)."""
        offset = start
        while True:
            with self._condition:
                if self._size <= offset and not self._closed:
                    self._condition.wait(timeout)
            data, closed = self._read(offset)
            if data:
                offset += len(data)
                yield data
            elif closed or timeout is not None:
                return

    async def iter_async(self, start: int = 0) -> AsyncIterator[bytes]:
        """Every byte from ``start``, awaiting more until closed."""
        event = asyncio.Event()
        waiter = (asyncio.get_running_loop(), event)
        with self._condition:
            self._async_waiters.append(waiter)
        try:
            offset = start
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
