"""Narration files on local disk: where they live and how they are written.

A narration is written under a temporary name in its final folder and renamed
into place only when complete (``os.replace`` is atomic on one file system), so
a reader never sees half a file; a write that fails (a full disk above all)
removes its temporary file and says so with ``StorageFullError``. Entity tags
are content hashes; ``check_file`` tells whether a stored file is still the one
recorded (size always, the hash once per process and whenever the file changes).
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import shutil
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from voxpress.errors import StorageFullError

DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
HASH_BLOCK_BYTES = 1 << 20

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def safe_name(text: str) -> str:
    """``text`` as one file-name component: unsafe characters become ``_``, never a path."""
    cleaned = _UNSAFE.sub("_", text).strip("._") or "_"
    return cleaned[:120]


def storage_error(error: OSError, what: str) -> OSError | StorageFullError:
    """``StorageFullError`` for a full disk or quota, else ``error`` itself."""
    if error.errno in DISK_FULL_ERRNOS:
        return StorageFullError(
            f"{StorageFullError.message_prefix}: {what} could not be written. Free space, then try again."
        )
    return error


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place.

    Raises ``StorageFullError`` when the disk is full; the temporary file is removed
    whatever fails."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        raise storage_error(error, path.name) from error
    finally:
        temporary.unlink(missing_ok=True)


def entity_tag(data: bytes) -> str:
    """A strong, quoted ETag for ``data``."""
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


def file_entity_tag(path: Path) -> str:
    """``entity_tag`` of a file's contents, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(HASH_BLOCK_BYTES):
            digest.update(block)
    return '"' + digest.hexdigest()[:32] + '"'


class FileChecker:
    """Whether stored files are still what was recorded: the size on every call, the content
    hash the first time a file is seen by this process and again whenever its size, mtime or
    inode change (so serving a file never hashes it twice while it is unchanged).

    Files up to ``hot_file_bytes`` are kept in memory once verified (``hot_budget_bytes`` in
    all, least recently used out first), so serving one is a stat and a send: the bytes
    served are exactly the bytes that were hashed."""

    def __init__(self, hot_budget_bytes: int = 64_000_000, hot_file_bytes: int = 4_000_000) -> None:
        self.hot_budget_bytes = hot_budget_bytes
        self.hot_file_bytes = hot_file_bytes
        self._verified: dict[Path, tuple[int, int, int, str]] = {}
        self._hot: OrderedDict[Path, tuple[tuple[int, int, int, str], bytes]] = OrderedDict()
        self._hot_bytes = 0
        self._lock = threading.Lock()

    def check(self, path: Path, size: int, etag: str) -> bool:
        """Whether the file at ``path`` is still the recorded one."""
        return self.read(path, size, etag) is not None

    def read(self, path: Path, size: int, etag: str) -> VerifiedFile | None:
        """The verified file (with its bytes when small), or None when it is missing or damaged."""
        try:
            stat = path.stat()
        except OSError:
            return None
        if stat.st_size != size:
            return None
        signature = (stat.st_size, stat.st_mtime_ns, stat.st_ino, etag)
        with self._lock:
            hot = self._hot.get(path)
            if hot is not None and hot[0] == signature:
                self._hot.move_to_end(path)
                return VerifiedFile(path, hot[1])
            if self._verified.get(path) == signature and size > self.hot_file_bytes:
                return VerifiedFile(path, None)
        try:
            if size <= self.hot_file_bytes:
                data: bytes | None = path.read_bytes()
                good = data is not None and len(data) == size and entity_tag(data) == etag
            else:
                data = None
                good = file_entity_tag(path) == etag
        except OSError:
            return None
        with self._lock:
            if not good:
                self._verified.pop(path, None)
                self._forget_hot(path)
                return None
            self._verified[path] = signature
            if data is not None:
                self._forget_hot(path)
                self._hot[path] = (signature, data)
                self._hot_bytes += len(data)
                while self._hot_bytes > self.hot_budget_bytes and self._hot:
                    _old_path, (_signature, old) = self._hot.popitem(last=False)
                    self._hot_bytes -= len(old)
        return VerifiedFile(path, data)

    def read_hot(self, path: Path, size: int, etag: str) -> bytes | None:
        """The file's bytes if they are in memory and the file is unchanged (a ``stat``, no read)."""
        try:
            stat = path.stat()
        except OSError:
            return None
        signature = (stat.st_size, stat.st_mtime_ns, stat.st_ino, etag)
        with self._lock:
            hot = self._hot.get(path)
            if hot is None or hot[0] != signature or stat.st_size != size:
                return None
            self._hot.move_to_end(path)
            return hot[1]

    def _forget_hot(self, path: Path) -> None:
        previous = self._hot.pop(path, None)
        if previous is not None:
            self._hot_bytes -= len(previous[1])


@dataclass(frozen=True)
class VerifiedFile:
    """A stored file that matched its recorded size and hash."""

    path: Path
    data: bytes | None
    """Its bytes, when small enough to be kept in memory."""


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

    def tail_audio_path(self, article_id: str, voice: str, speed: float, start_char: int) -> Path:
        """The MP3 of a tail narration (from the sentence at ``start_char`` on), kept until the whole
        narration in the same voice and speed is stored."""
        stem = self._stem(article_id, voice, speed)
        return stem.with_name(f"{stem.name}.from{start_char}.mp3")

    def tail_timings_path(self, article_id: str, voice: str, speed: float, start_char: int) -> Path:
        stem = self._stem(article_id, voice, speed)
        return stem.with_name(f"{stem.name}.from{start_char}.timings.json")

    def remove_tails(self, article_id: str, voice: str, speed: float) -> None:
        """The tail narrations of a voice and speed, once its whole narration is stored."""
        stem = self._stem(article_id, voice, speed)
        for path in stem.parent.glob(f"{stem.name}.from*"):
            path.unlink(missing_ok=True)

    def cache_keys_path(self, article_id: str, voice: str, speed: float) -> Path:
        """The list of sentence-cache keys a narration used, so deleting the article frees them."""
        stem = self._stem(article_id, voice, speed)
        return stem.with_name(f"{stem.name}.cache-keys")

    def cache_keys(self, article_id: str) -> set[str]:
        """Every sentence-cache key the article's narrations used (unreadable lists are skipped)."""
        keys: set[str] = set()
        for path in (self.root / safe_name(article_id)).glob("*.cache-keys"):
            try:
                keys.update(line for line in path.read_text(encoding="utf-8").splitlines() if line)
            except (OSError, UnicodeDecodeError):
                continue
        return keys

    def remove_article(self, article_id: str) -> None:
        shutil.rmtree(self.root / safe_name(article_id), ignore_errors=True)
