"""The live face of a running narration job: its MP3 stream, partial timings and progress.

One ``LiveNarration`` exists per queued or running job. The worker fills it
sentence by sentence; HTTP handlers read it to stream audio and to serve
partial timings. The MP3 stream is kept in a temporary file (``ByteStream``;
the worker points it at its scratch folder), the word spans in memory (a few
MB at the 30,000-word limit). It is dropped when the job ends (finished files
are served from the store from then on).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from voxpress.audio.timings import Span, Timings
from voxpress.jobs.stream import ByteStream


class JobCancelled(Exception):
    """The job's article was deleted while it ran."""


class LiveNarration:
    """Progress, partial timings and the MP3 byte stream of one job."""

    def __init__(
        self, job_id: str, article_id: str, voice: str, speed: float, formats: tuple[str, ...]
    ) -> None:
        self.job_id = job_id
        self.article_id = article_id
        self.voice = voice
        self.speed = speed
        self.mp3 = ByteStream()
        self.text = ""
        self.sentences: list[Span] = []
        self.words: list[Span] = []
        self.duration = 0.0
        self.total_sentences = 0
        self.sentences_done = 0
        self.status = "queued"
        self.started_at: float | None = None
        self._formats = list(formats)
        self._formats_frozen = False
        self._cancelled = threading.Event()
        self._lock = threading.Lock()
        self.on_progress: Callable[[float], None] | None = None

    @property
    def progress(self) -> float:
        """0..1: sentences narrated over sentences in the script."""
        if self.status == "done":
            return 1.0
        if not self.total_sentences:
            return 0.0
        return min(1.0, self.sentences_done / self.total_sentences)

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    @property
    def cancelled_event(self) -> threading.Event:
        """Set when the job should stop (the pipeline checks it between sentences)."""
        return self._cancelled

    def cancel(self) -> None:
        self._cancelled.set()

    def check_cancelled(self) -> None:
        if self._cancelled.is_set():
            raise JobCancelled(f"job {self.job_id} cancelled")

    def begin(self, text: str, total_sentences: int) -> None:
        """The script is ready: its text and how many sentences it has."""
        with self._lock:
            self.text = text
            self.total_sentences = total_sentences
            self.status = "running"
            self.started_at = time.monotonic()

    def add_chunk(self, index: int, sentence: Span | None, words: list[Span], end: float) -> None:
        """Sentence ``index`` (or its first part, when ``sentence`` is None) is narrated;
        ``end`` is the narration's length so far, in seconds."""
        with self._lock:
            if sentence is not None:
                self.sentences.append(sentence)
                self.sentences_done = index + 1
            self.words.extend(words)
            self.duration = end
        if self.on_progress is not None:
            self.on_progress(self.progress)

    def timings(self) -> Timings:
        """Timings of what is narrated so far (``complete`` False until the job is done)."""
        with self._lock:
            return Timings(
                voice=self.voice,
                speed=self.speed,
                text=self.text,
                duration=self.duration,
                sentences=list(self.sentences),
                words=list(self.words),
                complete=self.status == "done",
            )

    def add_format(self, fmt: str) -> bool:
        """Ask the job to also write ``fmt``; False when it is too late (the job is writing files)."""
        with self._lock:
            if self._formats_frozen:
                return fmt in self._formats
            if fmt not in self._formats:
                self._formats.append(fmt)
            return True

    def freeze_formats(self) -> tuple[str, ...]:
        """The formats to write, fixed from now on."""
        with self._lock:
            self._formats_frozen = True
            return tuple(self._formats)

    @property
    def formats(self) -> tuple[str, ...]:
        with self._lock:
            return tuple(self._formats)
