"""Narrations as the server sees them: finished files in the store, or a job making them.

``NarrationService`` answers "is this narration ready, and if not, which job is
making it": it resolves the voice (the article language's default when none
is asked for), validates speed and format, and asks the job queue, which
dedupes, so any number of requests for the same narration share one job.

A stored narration is checked before it is served (``FileChecker``: its size
every time, its hash once per process and whenever the file changes; its
timings file must be there). One that fails is marked ``damaged`` in the store,
its file removed, and narrated again: the request gets the new job.

A tail narration (from the sentence at character K on, what a voice change
mid-article plays at once) is found the same way: its finished MP3 and timings
beside the narrations, or the job making it (``tail``); a whole narration
already past that sentence stands in for it (``whole_past``).
"""

from __future__ import annotations

import bisect
import contextlib
import threading
import time
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from voxpress.article import Article
from voxpress.audio.encode import FORMATS
from voxpress.errors import InputError, VoiceError, VoxpressError
from voxpress.jobs.live import LiveNarration
from voxpress.jobs.queue import JobQueue
from voxpress.narration import prepare, stored_curve, validate_speed
from voxpress.settings import Settings
from voxpress.storage import open_storage
from voxpress.store.db import ArticleRecord, JobRecord, NarrationRecord, Store, normalise_speed
from voxpress.store.files import FileChecker, NarrationFiles, VerifiedFile, safe_name
from voxpress.store.sentence_cache import DiskSentenceCache
from voxpress.voices import default_voice_id, list_voices
from voxpress.voices.base import VoiceInfo

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
    data: bytes | None = None
    """The ready file's bytes, verified, when it is small enough to be served from memory."""


@dataclass(frozen=True)
class TailState:
    """A tail narration from the sentence at ``start_char``: its finished files, or the job making it."""

    key: NarrationKey
    start_char: int
    audio_path: Path | None
    timings_path: Path | None
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
        self.cache = DiskSentenceCache(settings.cache_dir, settings.cache_max_mb * 1_000_000)
        self.checker = FileChecker()
        self.storage = open_storage(settings)
        """Object storage the workers put finished files in (``s3://``), else None."""

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

    def served_from_memory(
        self, article_id: str, voice: str | None, speed: float, fmt: str
    ) -> tuple[NarrationRecord, bytes] | None:
        """A stored narration this process has verified and holds in memory, found without a
        thread, a session or a file read (for the event loop): the article's existence probe,
        memory lookups and two ``stat`` calls. None means: take the ordinary path."""
        if self.storage is not None and self.settings.storage_redirect:
            return None  # finished files are answered by a redirect
        if time.monotonic() - self._voices_at > VOICE_LIST_SECONDS:
            return None  # the voice list is due to be read from disk: not on the event loop
        article = self.store.remembered_article(article_id)
        if article is None:
            return None
        if voice is None and article.article.language not in self._defaults:
            return None
        try:
            key = self.key(article, voice, speed, fmt)
        except VoxpressError:
            return None
        record = self.store.remembered_narration(key.article_id, key.voice, key.speed, key.format)
        if record is None:
            return None
        checked = self.checker.read_hot(record.path, record.size, record.etag)
        if checked is None or not record.timings_path.is_file():
            return None
        return record, checked

    def ready(self, key: NarrationKey) -> NarrationRecord | None:
        """The finished narration, if it exists and its files are intact; a damaged one is
        marked so and its file removed (the caller then starts a new job)."""
        found = self.verified(key)
        return None if found is None else found[0]

    def verified(self, key: NarrationKey) -> tuple[NarrationRecord, bytes | None] | None:
        """``ready``, with the file's verified bytes when they are kept in memory."""
        record = self.store.get_narration(key.article_id, key.voice, key.speed, key.format)
        if record is None:
            return None
        record = self._from_storage(record)
        checked = self._intact(record)
        if checked is not None:
            return record, checked.data
        # Another process may have made it again meanwhile: look in the database once more.
        self.store.forget_narration(key.article_id, key.voice, key.speed, key.format)
        fresh = self.store.get_narration(key.article_id, key.voice, key.speed, key.format)
        if fresh is None:
            return None
        fresh = self._from_storage(fresh)
        if fresh != record and (checked := self._intact(fresh)) is not None:
            return fresh, checked.data
        self.discard(fresh)
        return None

    def redirect_url(self, record: NarrationRecord) -> str | None:
        """A presigned URL of the finished file, when files are served by redirect to object storage."""
        if self.storage is None or not self.settings.storage_redirect:
            return None
        return self.storage.presigned_url(record.path.relative_to(self.files.root).as_posix())

    def _from_storage(self, record: NarrationRecord) -> NarrationRecord:
        """The record with this node's own paths, its files fetched from object storage when absent."""
        if self.storage is None:
            return record
        audio = self.files.audio_path(record.article_id, record.voice, record.speed, record.format)
        timings = self.files.timings_path(record.article_id, record.voice, record.speed)
        for path in (audio, timings):
            if not path.is_file() and not (self.settings.storage_redirect and path == audio):
                self.storage.fetch(path.relative_to(self.files.root).as_posix(), path)
        return replace(record, path=audio, timings_path=timings)

    def _intact(self, record: NarrationRecord) -> VerifiedFile | None:
        if self.storage is not None and self.settings.storage_redirect:
            # The web node holds only the timings; the file is checked by its recorded size in storage.
            return VerifiedFile(record.path, None) if record.timings_path.is_file() else None
        checked = self.checker.read(record.path, record.size, record.etag)
        return checked if checked is not None and record.timings_path.is_file() else None

    def remove_article_files(self, article_id: str) -> None:
        """The files of a deleted article: its narrations, timings and the cached sentences they
        used (a sentence another article shares is simply synthesized again)."""
        with contextlib.suppress(OSError):
            self.cache.remove(self.files.cache_keys(article_id))
        self.files.remove_article(article_id)
        if self.storage is not None:
            self.storage.delete_folder(safe_name(article_id))

    def discard(self, record: NarrationRecord) -> None:
        """A stored narration found damaged: never served again, made anew on the next request."""
        if self.store.mark_narration_damaged(record):
            record.path.unlink(missing_ok=True)

    def finished_tail(self, key: NarrationKey, start_char: int) -> TailState | None:
        """The tail narration's files, when its job has written them (the timings come last)."""
        audio = self.files.tail_audio_path(key.article_id, key.voice, key.speed, start_char)
        timings = self.files.tail_timings_path(key.article_id, key.voice, key.speed, start_char)
        if timings.is_file() and audio.is_file():
            return TailState(key, start_char, audio, timings, None, None)
        return None

    def whole_past(self, key: NarrationKey, start_char: int) -> NarrationState | None:
        """The whole narration's running job in this process, when it has already narrated
        the sentence at character ``start_char``: then it serves as well as a tail would."""
        job = self.store.find_active_job(key.article_id, key.voice, key.speed)
        live = None if job is None else self.queue.live(job.id)
        if job is None or live is None or not live.sentences or live.sentences[-1].char_end <= start_char:
            return None
        return NarrationState(key, None, job, live)

    def tail_start(self, record: ArticleRecord, start_char: int) -> int:
        """The start of the sentence at character ``start_char`` of the article's narration text
        (the sentence holding it, or the next one), so that every offset inside one sentence asks
        for the same tail job; an ``InputError`` (400) past the last sentence."""
        starts, ends = _sentence_bounds(record.id, record.article)
        index = bisect.bisect_right(ends, start_char)
        if index >= len(ends):
            raise InputError(
                f"'from' {start_char} is past the article's last sentence, which ends at character "
                f"{ends[-1] if ends else 0}."
            )
        return starts[index]

    def tail(self, key: NarrationKey, start_char: int, *, listener: bool = True) -> TailState:
        """The finished tail narration, or the job making it (started if none is running)."""
        found = self.finished_tail(key, start_char)
        if found is not None:
            return found
        job = self.queue.submit(
            key.article_id, key.voice, key.speed, "mp3", listener=listener, start_char=start_char
        )
        live = self.queue.live(job.id)
        if live is None and job.active:  # it ended between the two calls, or another process has it
            found = self.finished_tail(key, start_char)
            if found is not None:
                return found
            job = self.queue.get(job.id)
        return TailState(key, start_char, None, None, job, live)

    def ensure(self, key: NarrationKey, *, listener: bool = False) -> NarrationState:
        """The finished narration, or the job making it (started if none is running);
        ``listener`` when someone is waiting to hear it (their job goes ahead of background work).
        A narration whose last job failed answers with that failed job."""
        found = self.verified(key)
        if found is not None:
            return NarrationState(key, found[0], None, None, found[1])
        job = self.queue.submit(key.article_id, key.voice, key.speed, key.format, listener=listener)
        live = self.queue.live(job.id)
        if live is None and job.active:  # the job ended between the two calls, or another process has it
            found = self.verified(key)
            if found is not None:
                return NarrationState(key, found[0], None, None, found[1])
            job = self.queue.get(job.id)
        return NarrationState(key, None, job, live)


@lru_cache(maxsize=128)
def _sentence_bounds(article_id: str, article: Article) -> tuple[list[int], list[int]]:
    """Sentence starts and ends (characters of the narration text) of an article; an id's content
    never changes, so they are computed once per article while it is asked for."""
    sentences = prepare(article).sentences
    return [s.char_start for s in sentences], [s.char_end for s in sentences]
