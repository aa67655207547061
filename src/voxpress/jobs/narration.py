"""The narration runner: what a worker does for one job.

Loads the article, prepares its script and narrates it sentence by sentence
through the pipeline (``voxpress.narrate.narrate``) with the on-disk sentence
cache. While it runs, each chunk is encoded to MP3 into the job's live stream
and its spans are added to the partial timings. At the end the whole
narration, loudness-normalised by ``narrate``, is encoded in every
format the job was asked for, and each file is renamed into place and recorded
in the store; nothing half-written is ever served.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from voxpress.audio.encode import Mp3StreamEncoder, encode_audio
from voxpress.audio.timings import Timings
from voxpress.jobs.live import LiveNarration
from voxpress.narrate import END_SILENCE_SECONDS, NarrationChunk, narrate, prepare
from voxpress.settings import Settings
from voxpress.speech import Lexicon
from voxpress.store.db import JobRecord, NarrationRecord, Store, utc_now
from voxpress.store.files import NarrationFiles, entity_tag, write_atomic
from voxpress.store.sentence_cache import DiskSentenceCache
from voxpress.voices import get_voice
from voxpress.voices.base import Voice
from voxpress.voices.calibration import get_curve

VoiceProvider = Callable[[str, str], Voice]
"""(voice id, article language) → a loaded voice."""


def publisher_lexicon(settings: Settings) -> Lexicon | None:
    """The publisher's lexicon from settings, if one is configured."""
    return Lexicon.load(settings.lexicon_path) if settings.lexicon_path else None


@dataclass
class NarrationRunner:
    """Narrates one job's article and stores the files; called by a worker thread."""

    store: Store
    files: NarrationFiles
    cache: DiskSentenceCache
    voice_provider: VoiceProvider
    lexicon: Lexicon | None = None
    settings: Settings | None = None
    """Where the voices' rate curves are found (default: from the environment)."""
    synthesis_workers: int = 2

    @classmethod
    def from_settings(cls, store: Store, settings: Settings) -> NarrationRunner:
        return cls(
            store=store,
            files=NarrationFiles(settings.narrations_dir),
            cache=DiskSentenceCache(settings.cache_dir),
            voice_provider=lambda voice_id, language: get_voice(voice_id, language, settings),
            lexicon=publisher_lexicon(settings),
            settings=settings,
        )

    def __call__(self, job: JobRecord, live: LiveNarration) -> None:
        article = self.store.get_article(job.article_id).article
        voice = self.voice_provider(job.voice, article.language)
        script = prepare(article, self.lexicon)
        live.begin(script.text, len(script.sentences))
        sample_rate = voice.info.sample_rate
        encoder = Mp3StreamEncoder(sample_rate)

        def stream(chunk: NarrationChunk) -> None:
            live.mp3.write(encoder.encode(chunk.samples))
            end = chunk.offset + len(chunk.samples) / sample_rate
            live.add_chunk(chunk.index, chunk.sentence, chunk.words, end)

        narration = narrate(
            script,
            voice,
            job.speed,
            cache=self.cache,
            workers=self.synthesis_workers,
            curve=get_curve(voice, self.settings or Settings.from_env()),
            stop=live.cancelled_event,
            on_chunk=stream,
        )
        live.check_cancelled()
        tail = np.zeros(int(END_SILENCE_SECONDS * sample_rate), dtype=np.float32)
        live.mp3.write(encoder.encode(tail) + encoder.flush())
        timings = narration.timings
        timings.voice = job.voice
        self._store(job, live, narration.samples, sample_rate, timings)

    def _store(
        self, job: JobRecord, live: LiveNarration, samples: np.ndarray, sample_rate: int, timings: Timings
    ) -> None:
        timings_path = self.files.timings_path(job.article_id, job.voice, job.speed)
        write_atomic(timings_path, json.dumps(timings.to_dict(), ensure_ascii=False).encode("utf-8"))
        for fmt in live.freeze_formats():
            data = encode_audio(samples, sample_rate, fmt)
            path = self.files.audio_path(job.article_id, job.voice, job.speed, fmt)
            write_atomic(path, data)
            self.store.save_narration(
                NarrationRecord(
                    article_id=job.article_id,
                    voice=job.voice,
                    speed=job.speed,
                    format=fmt,
                    path=path,
                    timings_path=timings_path,
                    etag=entity_tag(data),
                    size=len(data),
                    duration=timings.duration,
                    created_at=utc_now(),
                )
            )
