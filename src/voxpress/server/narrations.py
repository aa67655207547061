"""Narrations as the server sees them: finished files in the store, or a job making them.

``NarrationService`` answers "is this narration ready, and if not, which job is
making it": it resolves the voice (the article language's default when none
is asked for), validates speed and format, and asks the job queue, which
dedupes, so any number of requests for the same narration share one job.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from voxpress.audio.encode import FORMATS
from voxpress.errors import InputError, VoiceError
from voxpress.jobs.live import LiveNarration
from voxpress.jobs.queue import JobQueue
from voxpress.narrate import validate_speed
from voxpress.settings import Settings
from voxpress.store.db import ArticleRecord, JobRecord, NarrationRecord, Store, normalise_speed
from voxpress.store.files import NarrationFiles
from voxpress.voices import default_voice_id, list_voices
from voxpress.voices.base import VoiceInfo
from voxpress.voices.calibration import stored_curve

VOICE_LIST_SECONDS = 30.0
"""How long the installed-voice list is reused before the voices folder is looked at again."""


@dataclass(frozen=True)
class NarrationKey:
    """Which narration: an article in a voice, at a speed, in a format."""

    article_id: str
    voice: str
    speed: float
    format: str


@dataclass(frozen=True)
class NarrationState:
    """A narration is either ``ready`` (a stored file) or being made by ``job``."""

    key: NarrationKey
    ready: NarrationRecord | None
    job: JobRecord | None
    live: LiveNarration | None


class NarrationService:
    """Finds finished narrations and starts (or joins) the jobs that make them."""

    def __init__(self, settings: Settings, store: Store, queue: JobQueue) -> None:
        self.settings = settings
        self.store = store
        self.queue = queue
        self._voices: list[VoiceInfo] = []
        self._voices_at = float("-inf")
        self._defaults: dict[str, str] = {}
        self._wpm: dict[str, float | None] = {}
        self._voices_lock = threading.Lock()
        self.files = NarrationFiles(settings.narrations_dir)

    def wpm_at_1x(self, voice_id: str) -> float | None:
        """The voice's measured words per minute at speed 1, from its calibration (None if unmeasured);
        remembered as long as the voice list (reading the calibration files for every voice of
        GET /api/voices took about 2 ms a voice, which the reader page waits for)."""
        self.voices()
        with self._voices_lock:
            if voice_id not in self._wpm:
                curve = stored_curve(voice_id, self.settings)
                wpm = None if curve is None or curve.wpm_at_1x is None else round(curve.wpm_at_1x, 1)
                self._wpm[voice_id] = wpm
            return self._wpm[voice_id]

    def voices(self) -> list[VoiceInfo]:
        """Installed voices (re-read from the catalogue every ``VOICE_LIST_SECONDS``)."""
        with self._voices_lock:
            if time.monotonic() - self._voices_at > VOICE_LIST_SECONDS:
                self._voices = list_voices(self.settings)
                self._defaults = {}
                self._wpm = {}
                self._voices_at = time.monotonic()
            return self._voices

    def sample_rate(self, voice_id: str) -> int:
        """The sample rate of an installed voice's audio."""
        for info in self.voices():
            if info.id == voice_id:
                return info.sample_rate
        raise VoiceError(f"Unknown voice '{voice_id}'; GET /api/voices lists the installed voices.")

    def default_voice(self, language: str = "en") -> str:
        """The best installed voice for ``language`` (remembered as long as the voice list)."""
        self.voices()
        with self._voices_lock:
            if language not in self._defaults:
                self._defaults[language] = default_voice_id(language, self.settings)
            return self._defaults[language]

    def key(
        self, article: ArticleRecord, voice: str | None, speed: float | None, fmt: str | None
    ) -> NarrationKey:
        """Validate the request's voice, speed and format, filling in defaults."""
        voice_id = voice or self.default_voice(article.article.language)
        if voice_id not in {info.id for info in self.voices()}:
            raise VoiceError(f"Unknown voice '{voice_id}'; GET /api/voices lists the installed voices.")
        chosen_speed = normalise_speed(validate_speed(1.0 if speed is None else speed))
        chosen_format = fmt or "mp3"
        if chosen_format not in FORMATS:
            raise InputError(f"Unknown audio format '{chosen_format}'; use one of {', '.join(FORMATS)}.")
        return NarrationKey(article.id, voice_id, chosen_speed, chosen_format)

    def ready(self, key: NarrationKey) -> NarrationRecord | None:
        """The finished narration file, if it exists (and is really on disk)."""
        record = self.store.get_narration(key.article_id, key.voice, key.speed, key.format)
        if record is None or not record.path.exists():
            return None
        return record

    def ensure(self, key: NarrationKey, *, listener: bool = False) -> NarrationState:
        """The finished narration, or the job making it (started if none is running);
        ``listener`` when someone is waiting to hear it (their job goes ahead of background work)."""
        ready = self.ready(key)
        if ready is not None:
            return NarrationState(key, ready, None, None)
        job = self.queue.submit(key.article_id, key.voice, key.speed, key.format, listener=listener)
        live = self.queue.live(job.id)
        if live is None:  # the job ended between the two calls
            ready = self.ready(key)
            job = self.queue.get(job.id)
        return NarrationState(key, ready, job, live)
