"""The per-sentence synthesis cache on disk.

Implements the pipeline's ``SentenceCache`` protocol: a key (voice, speed and
what is said, lexicon readings included; see ``voxpress.narration.sentence_cache_key``) maps to one
``.npz`` file holding the float32 samples, the sample rate and the word spans.
An article edited after publication is narrated again with only its changed
sentences synthesized. Files are written atomically, so concurrent workers and
crashes never leave a torn entry. An entry that cannot be trusted (unreadable,
no samples, NaN or infinite samples, a sample rate other than the voice's) is a
miss and is removed. A hit marks the entry as recently used; the folder is kept
under a size budget while running (checked as entries are written), by
removing the least recently used entries.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from voxpress.store.files import write_atomic
from voxpress.voices.base import SentenceAudio

DEFAULT_MAX_BYTES = 2_000_000_000
PRUNE_TO_FRACTION = 0.9
"""A prune goes below the budget by this margin, so it does not run on every write."""
STALE_PART_SECONDS = 3600.0
"""A temporary file this old is left over from a crash."""


class DiskSentenceCache:
    """Sentence audio by cache key, in a folder, within ``max_bytes``; counts hits and misses."""

    def __init__(self, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()
        self._prune_lock = threading.Lock()
        self._bytes: int | None = None
        """Bytes in the folder as far as this process knows (None until first counted)."""

    def _path(self, key: str) -> Path:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return self.root / digest[:2] / f"{digest}.npz"

    def get(self, key: str, sample_rate: int | None = None) -> SentenceAudio | None:
        """The entry of ``key``; None (and the entry removed) if it is damaged or, when
        ``sample_rate`` is given, holds audio of another rate."""
        path = self._path(key)
        audio = None
        if path.exists():
            audio = _read_entry(path)
            if audio is not None and sample_rate is not None and audio.sample_rate != sample_rate:
                audio = None
            if audio is None:
                self._remove(path)
        with self._lock:
            if audio is None:
                self.misses += 1
            else:
                self.hits += 1
        if audio is not None:
            with contextlib.suppress(OSError):
                os.utime(path)  # recently used: pruning removes the least recently used first
        return audio

    def for_sample_rate(self, sample_rate: int) -> RateCheckedCache:
        """This cache as seen by a voice of ``sample_rate``: entries of another rate are misses."""
        return RateCheckedCache(self, sample_rate)

    def _remove(self, path: Path) -> None:
        with contextlib.suppress(OSError):
            size = path.stat().st_size
            path.unlink()
            with self._lock:
                if self._bytes is not None:
                    self._bytes -= size

    def remove(self, keys: set[str]) -> int:
        """Remove the entries of ``keys``; returns how many existed."""
        removed = 0
        for key in keys:
            path = self._path(key)
            if path.exists():
                self._remove(path)
                removed += 1
        return removed

    def size(self) -> int:
        """Bytes held now (counted from the folder)."""
        return sum(size for _mtime, size, _path in self._entries())

    def _entries(self) -> list[tuple[float, int, Path]]:
        entries = []
        for path in self.root.glob("*/*.npz"):
            with contextlib.suppress(OSError):
                stat = path.stat()
                entries.append((stat.st_mtime, stat.st_size, path))
        return entries

    def prune(self, max_bytes: int | None = None) -> int:
        """Remove the least recently used entries until the cache holds at most ``max_bytes``
        (default: the budget); returns how many entries were removed."""
        limit = self.max_bytes if max_bytes is None else max_bytes
        with self._prune_lock:
            entries = self._entries()
            total = sum(size for _, size, _ in entries)
            removed = 0
            for _, size, path in sorted(entries, key=lambda entry: entry[0]):
                if total <= limit:
                    break
                path.unlink(missing_ok=True)
                total -= size
                removed += 1
            with self._lock:
                self._bytes = total
            # Temporary files of writes a crash interrupted are garbage too (old ones only: a
            # young one may be a write in progress).
            stale_before = time.time() - STALE_PART_SECONDS
            for leftover in self.root.glob("*/.*.part"):
                with contextlib.suppress(OSError):
                    if leftover.stat().st_mtime < stale_before:
                        leftover.unlink()
        return removed

    def put(self, key: str, audio: SentenceAudio) -> None:
        """Store ``audio`` under ``key`` (raises ``StorageFullError`` on a full disk), then prune
        if the budget is exceeded."""
        spans = np.array(
            [(np.nan, np.nan) if span is None else span for span in audio.word_spans], dtype=np.float64
        ).reshape(-1, 2)
        buffer = io.BytesIO()
        np.savez(
            buffer,
            samples=np.asarray(audio.samples, dtype=np.float32),
            sample_rate=np.int64(audio.sample_rate),
            word_spans=spans,
        )
        data = buffer.getvalue()
        path = self._path(key)
        with contextlib.suppress(OSError):
            previous = path.stat().st_size
            with self._lock:
                if self._bytes is not None:
                    self._bytes -= previous
        write_atomic(path, data)
        with self._lock:
            if self._bytes is not None:
                self._bytes += len(data)
            known = self._bytes
        if known is None:  # the first write of this process: count the folder once
            known = self.size()
            with self._lock:
                self._bytes = known
        if known > self.max_bytes:
            self.prune(int(self.max_bytes * PRUNE_TO_FRACTION))


def _read_entry(path: Path) -> SentenceAudio | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            samples = data["samples"].astype(np.float32, copy=False)
            sample_rate = int(data["sample_rate"])
            spans = data["word_spans"]
            word_spans = [None if np.isnan(start) else (float(start), float(end)) for start, end in spans]
    except (OSError, ValueError, KeyError, EOFError, TypeError, zipfile.BadZipFile):
        return None
    if samples.ndim != 1 or not samples.size or sample_rate <= 0 or not np.isfinite(samples).all():
        return None
    return SentenceAudio(samples=samples, sample_rate=sample_rate, word_spans=word_spans)


@dataclass
class RateCheckedCache:
    """A ``SentenceCache`` over a ``DiskSentenceCache`` for one voice's sample rate; it also
    remembers the keys it was asked for, so a narration can list the entries it used."""

    cache: DiskSentenceCache
    sample_rate: int
    keys: set[str] = field(default_factory=set)

    def get(self, key: str) -> SentenceAudio | None:
        self.keys.add(key)
        return self.cache.get(key, self.sample_rate)

    def put(self, key: str, audio: SentenceAudio) -> None:
        self.keys.add(key)
        self.cache.put(key, audio)
