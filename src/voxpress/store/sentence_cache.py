"""The per-sentence synthesis cache on disk.

Implements the pipeline's ``SentenceCache`` protocol: a key (voice, speed and
what is said, lexicon readings included; see ``voxpress.narrate.sentence_cache_key``) maps to one
``.npz`` file holding the float32 samples, the sample rate and the word spans.
An article edited after publication is narrated again with only its changed
sentences synthesized. Files are written atomically, so concurrent workers and
crashes never leave a torn entry; an unreadable entry counts as a miss. A hit
marks the entry as recently used, and ``prune`` keeps the folder under a size
by removing the least recently used entries.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import threading
import zipfile
from pathlib import Path

import numpy as np

from voxpress.store.files import write_atomic
from voxpress.voices.base import SentenceAudio


class DiskSentenceCache:
    """Sentence audio by cache key, in a folder; counts hits and misses."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()

    def _path(self, key: str) -> Path:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return self.root / digest[:2] / f"{digest}.npz"

    def get(self, key: str) -> SentenceAudio | None:
        path = self._path(key)
        audio = None
        if path.exists():
            try:
                with np.load(path, allow_pickle=False) as data:
                    spans = data["word_spans"]
                    audio = SentenceAudio(
                        samples=data["samples"].astype(np.float32, copy=False),
                        sample_rate=int(data["sample_rate"]),
                        word_spans=[
                            None if np.isnan(start) else (float(start), float(end)) for start, end in spans
                        ],
                    )
            except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
                audio = None
        with self._lock:
            if audio is None:
                self.misses += 1
            else:
                self.hits += 1
        if audio is not None:
            with contextlib.suppress(OSError):
                os.utime(path)  # recently used: pruning removes the least recently used first
        return audio

    def prune(self, max_bytes: int) -> int:
        """Remove the least recently used entries until the cache holds at most ``max_bytes``;
        returns how many entries were removed."""
        entries = []
        for path in self.root.glob("*/*.npz"):
            with contextlib.suppress(OSError):
                stat = path.stat()
                entries.append((stat.st_mtime, stat.st_size, path))
        total = sum(size for _, size, _ in entries)
        removed = 0
        for _, size, path in sorted(entries, key=lambda entry: entry[0]):
            if total <= max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size
            removed += 1
        return removed

    def put(self, key: str, audio: SentenceAudio) -> None:
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
        write_atomic(self._path(key), buffer.getvalue())
