"""Derived models on disk: an engine's model patched once (an extra output) and reused.

Patching an ONNX model takes longer than loading it, so the patched bytes are
kept under the cache folder, keyed by the source file's path, size and
modification time; a changed model file gets a new entry.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

_LOGGER = logging.getLogger(__name__)


def derived_model(
    model_path: Path,
    cache_dir: Path | None,
    kind: str,
    make: Callable[[], bytes],
    *,
    replaces: tuple[str, ...] = (),
) -> str | bytes:
    """The cached file's path if present, else ``make()``'s bytes, stored for next time when possible.

    ``kind`` names the derivation ("piper-aligned", "kokoro-lead-trimmed"): it is the
    cache sub-folder and part of the file name. Once a new copy is stored, older copies of the
    same model are removed: those of a changed source file, and those of the derivations
    ``replaces`` names (earlier kinds this one supersedes; each is ~100 MB).
    """
    stat = model_path.stat()
    source = f"{model_path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"
    key = hashlib.sha256(source.encode()).hexdigest()[:16]
    cached = cache_dir / kind / f"{model_path.stem}-{key}.onnx" if cache_dir else None
    if cached is not None and cached.is_file():
        return str(cached)
    data = make()
    if cached is not None:
        temporary: str | None = None
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=cached.parent, suffix=".tmp", delete=False) as handle:
                temporary = handle.name
                handle.write(data)
            os.replace(temporary, cached)
            temporary = None
            _remove_superseded(cached, model_path.stem, (cached.parent.parent / old for old in replaces))
        except OSError as error:
            _LOGGER.warning("cannot cache the %s model: %s", kind, error)
        finally:
            if temporary is not None:  # a full disk must not keep the half-written copy
                Path(temporary).unlink(missing_ok=True)
    return data


def _remove_superseded(kept: Path, stem: str, old_folders: Iterable[Path]) -> None:
    for folder in (kept.parent, *old_folders):
        for stale in folder.glob(f"{stem}-*.onnx"):
            if stale != kept:
                try:
                    stale.unlink()
                except OSError as error:
                    _LOGGER.warning("cannot remove the superseded model copy %s: %s", stale.name, error)
