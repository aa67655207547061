"""Narration files on local disk: where they live and how they are written.

A narration is written under a temporary name in its final folder and renamed
into place only when complete (``os.replace`` is atomic on one file system), so
a reader never sees half a file. Entity tags are content hashes.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
from pathlib import Path

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def safe_name(text: str) -> str:
    """``text`` as one file-name component: unsafe characters become ``_``, never a path."""
    cleaned = _UNSAFE.sub("_", text).strip("._") or "_"
    return cleaned[:120]


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def entity_tag(data: bytes) -> str:
    """A strong, quoted ETag for ``data``."""
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


class NarrationFiles:
    """The folder of finished narrations: one sub-folder per article."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _stem(self, article_id: str, voice: str, speed: float) -> Path:
        return self.root / safe_name(article_id) / f"{safe_name(voice)}-{speed:.2f}x"

    def audio_path(self, article_id: str, voice: str, speed: float, fmt: str) -> Path:
        stem = self._stem(article_id, voice, speed)
        return stem.with_name(f"{stem.name}.{safe_name(fmt)}")

    def timings_path(self, article_id: str, voice: str, speed: float) -> Path:
        stem = self._stem(article_id, voice, speed)
        return stem.with_name(f"{stem.name}.timings.json")

    def remove_article(self, article_id: str) -> None:
        shutil.rmtree(self.root / safe_name(article_id), ignore_errors=True)
