"""The narration runner: what a worker does for one job.

Loads the article, prepares its script and narrates it sentence by sentence
(``voxpress.narration.narrate_into``) with the on-disk sentence cache. Nothing
of the programme is held in memory: each chunk is encoded to MP3 into the
job's live stream (itself a file, ``jobs.stream.ByteStream``), its samples are
appended to an ``audio.programme.ProgrammeFile`` in the scratch folder (which
measures the loudness on the way) and its spans are added to the partial
timings. At the end every format the job was asked for is exported from that
file block by block, loudness-normalised, to a temporary name beside its final
place, hashed in blocks, renamed into place and recorded in the store; nothing
half-written is ever served. Peak memory is therefore flat in the article's
length (``benchmarks/memory.py --worker``). A job whose article was deleted
(by any process) writes nothing, and removes what it wrote if the delete came
while it was writing. The sentence-cache keys a narration used are listed
beside its files, so deleting the article frees its cache entries too.

A tail job (``JobRecord.start_char`` K > 0, a voice change mid-article)
narrates the sentence at character K and those after it the same way: its
time 0 is that sentence, its offsets
are the article's. It writes its timings and MP3 beside the narrations, not
as a stored narration (the whole one replaces it and removes them).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from voxpress.audio.encode import Mp3StreamEncoder
from voxpress.audio.programme import ProgrammeFile
from voxpress.audio.timings import Timings
from voxpress.errors import InputError, NotFoundError
from voxpress.jobs.live import JobCancelled, LiveNarration
from voxpress.narration import END_SILENCE_SECONDS, NarrationChunk, get_curve, narrate_into, prepare
from voxpress.settings import Settings
from voxpress.speech import Lexicon, Script
from voxpress.ssml_article import with_ssml_readings
from voxpress.storage import ObjectStorage, open_storage
from voxpress.store.db import JobRecord, NarrationRecord, Store, utc_now
from voxpress.store.files import (
    NarrationFiles,
    file_entity_tag,
    safe_name,
    storage_error,
    write_atomic,
)
from voxpress.store.sentence_cache import DiskSentenceCache
from voxpress.voices import get_voice
from voxpress.voices.base import Voice

STALE_SCRATCH_SECONDS = 24 * 3600.0
"""A programme file in the scratch folder untouched this long was left by a killed process."""

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
    settings: Settings
    """Where the voices' rate curves are found."""
    lexicon: Lexicon | None = None
    synthesis_workers: int = 2
    storage: ObjectStorage | None = None
    """Object storage every finished file and its timings are also put in (``s3://`` storage)."""

    @classmethod
    def from_settings(cls, store: Store, settings: Settings) -> NarrationRunner:
        return cls(
            store=store,
            files=NarrationFiles(settings.narrations_dir),
            cache=DiskSentenceCache(settings.cache_dir, settings.cache_max_mb * 1_000_000),
            voice_provider=lambda voice_id, language: get_voice(voice_id, language, settings),
            lexicon=publisher_lexicon(settings),
            settings=settings,
            storage=open_storage(settings),
        )

    def __call__(self, job: JobRecord, live: LiveNarration) -> None:
        record = self.store.get_article(job.article_id)
        article = record.article
        script = tail_script(
            with_ssml_readings(prepare(article, self.lexicon, self.settings.name_languages), record.ssml),
            job.start_char,
        )
        voice = self.voice_provider(job.voice, article.language)
        live.begin(script.text, len(script.sentences))
        sample_rate = voice.info.sample_rate
        encoder = Mp3StreamEncoder(sample_rate)
        scratch = self.scratch_dir()
        live.mp3.folder = scratch

        def stream(chunk: NarrationChunk) -> None:
            live.mp3.write(encoder.encode(chunk.samples))
            end = chunk.offset + len(chunk.samples) / sample_rate
            live.add_chunk(chunk.index, chunk.sentence, chunk.words, end)

        cache = self.cache.for_sample_rate(sample_rate)
        with _scratch_programme(sample_rate, scratch) as programme:
            try:
                timings = narrate_into(
                    script,
                    voice,
                    job.speed,
                    curve=get_curve(voice, self.settings or Settings.from_env()),
                    write=_on_disk(programme.write),
                    cache=cache,
                    workers=self.synthesis_workers,
                    stop=live.cancelled_event,
                    on_chunk=stream,
                )
            finally:
                self._list_cache_keys(job, cache.keys)
            live.check_cancelled()
            tail = np.zeros(int(END_SILENCE_SECONDS * sample_rate), dtype=np.float32)
            live.mp3.write(encoder.encode(tail) + encoder.flush())
            timings.voice = job.voice
            if job.is_tail:
                self._store_tail(job, live, programme, timings)
            else:
                self._store(job, live, programme, timings)

    def scratch_dir(self) -> Path:
        """Where running jobs keep their programme and live stream files (made if missing);
        programme files a killed process left there long ago are removed on the way."""
        folder = self.settings.resolved_scratch_dir
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise storage_error(error, "the scratch folder") from error
        now = time.time()
        with contextlib.suppress(OSError):
            for leftover in folder.glob(".voxpress-programme-*"):
                with contextlib.suppress(OSError):
                    if now - leftover.stat().st_mtime > STALE_SCRATCH_SECONDS:
                        leftover.unlink()
        return folder

    def _upload(self, path: Path) -> None:
        """Put a finished file in object storage too, before it is recorded as ready."""
        if self.storage is not None:
            self.storage.put_file(path.relative_to(self.files.root).as_posix(), path)

    def _list_cache_keys(self, job: JobRecord, keys: set[str]) -> None:
        if not keys or not self.store.article_exists(job.article_id):
            return
        path = self.files.cache_keys_path(job.article_id, job.voice, job.speed)
        with contextlib.suppress(OSError, UnicodeError):
            known = set(path.read_text(encoding="utf-8").splitlines()) if path.exists() else set()
            if not keys <= known:
                write_atomic(path, "\n".join(sorted(known | keys)).encode("utf-8"))

    def _check_article(self, job: JobRecord, live: LiveNarration) -> None:
        """Stop before writing anything if the job was cancelled or its article is gone."""
        live.check_cancelled()
        if not self.store.article_exists(job.article_id):
            raise JobCancelled(f"the article of job {job.id} was deleted")

    def _remove_orphans(self, job: JobRecord, written: list[Path]) -> None:
        """The article was deleted while its files were written: none of them may stay."""
        for path in written:
            path.unlink(missing_ok=True)
        folder = self.files.root / safe_name(job.article_id)
        if not self.store.article_exists(job.article_id):
            self.files.remove_article(job.article_id)
        elif folder.exists() and not any(folder.iterdir()):
            folder.rmdir()

    def _store_tail(
        self, job: JobRecord, live: LiveNarration, programme: ProgrammeFile, timings: Timings
    ) -> None:
        """A tail narration's MP3 and timings beside the narrations (timings last: they say it is there)."""
        self._check_article(job, live)
        audio = self.files.tail_audio_path(job.article_id, job.voice, job.speed, job.start_char)
        timings_path = self.files.tail_timings_path(job.article_id, job.voice, job.speed, job.start_char)
        written = [audio, timings_path]
        try:
            _export_atomic(programme, audio, "mp3", before_rename=lambda: self._check_article(job, live))
            write_atomic(timings_path, json.dumps(timings.to_dict(), ensure_ascii=False).encode("utf-8"))
        except (NotFoundError, JobCancelled):
            self._remove_orphans(job, written)
            raise JobCancelled(f"the article of job {job.id} was deleted") from None

    def _store(self, job: JobRecord, live: LiveNarration, programme: ProgrammeFile, timings: Timings) -> None:
        self._check_article(job, live)
        timings_path = self.files.timings_path(job.article_id, job.voice, job.speed)
        written: list[Path] = []
        try:
            self._write_files(job, live, programme, timings, timings_path, written)
        except NotFoundError:
            self._remove_orphans(job, written)
            raise JobCancelled(f"the article of job {job.id} was deleted") from None
        except JobCancelled:
            self._remove_orphans(job, written)
            raise
        if not self.store.article_exists(job.article_id):  # deleted just after the last save
            self._remove_orphans(job, written)
            raise JobCancelled(f"the article of job {job.id} was deleted")
        self.files.remove_tails(job.article_id, job.voice, job.speed)

    def _write_files(
        self,
        job: JobRecord,
        live: LiveNarration,
        programme: ProgrammeFile,
        timings: Timings,
        timings_path: Path,
        written: list[Path],
    ) -> None:
        written.append(timings_path)
        timings_data = json.dumps(timings.to_dict(), ensure_ascii=False).encode("utf-8")
        write_atomic(timings_path, timings_data)
        self._upload(timings_path)
        for fmt in live.freeze_formats():
            path = self.files.audio_path(job.article_id, job.voice, job.speed, fmt)
            etag, size = _export_atomic(
                programme, path, fmt, before_rename=lambda: self._check_article(job, live)
            )
            written.append(path)
            self._upload(path)
            self.store.save_narration(
                NarrationRecord(
                    article_id=job.article_id,
                    voice=job.voice,
                    speed=job.speed,
                    format=fmt,
                    path=path,
                    timings_path=timings_path,
                    etag=etag,
                    size=size,
                    duration=timings.duration,
                    created_at=utc_now(),
                )
            )


def tail_script(script: Script, start_char: int) -> Script:
    """The script from the sentence at character ``start_char`` on (the sentence that starts
    there or holds it; 0: the whole script); its text, hence every offset, stays the article's.
    A start past the last sentence is an ``InputError``."""
    if start_char <= 0:
        return script
    sentences = tuple(sentence for sentence in script.sentences if sentence.char_end > start_char)
    if not sentences:
        raise InputError(
            f"A narration cannot start at character {start_char}: the article's last sentence ends "
            f"at {script.sentences[-1].char_end if script.sentences else 0}."
        )
    return replace(script, sentences=sentences)


@contextlib.contextmanager
def _scratch_programme(sample_rate: int, folder: Path) -> Iterator[ProgrammeFile]:
    """A ``ProgrammeFile`` in ``folder``, removed on leaving; a full disk is ``StorageFullError``."""
    try:
        programme = ProgrammeFile(sample_rate, folder)
    except OSError as error:
        raise storage_error(error, "the programme's scratch file") from error
    with programme:
        yield programme


def _on_disk(write: Callable[[np.ndarray], None]) -> Callable[[np.ndarray], None]:
    """``write``, with a full disk said as ``StorageFullError``."""

    def checked(samples: np.ndarray) -> None:
        try:
            write(samples)
        except OSError as error:
            raise storage_error(error, "the programme's scratch file") from error

    return checked


def _export_atomic(
    programme: ProgrammeFile, path: Path, fmt: str, before_rename: Callable[[], None]
) -> tuple[str, int]:
    """Export ``programme`` as ``fmt`` to a temporary name beside ``path``, call ``before_rename``
    (which may raise to stop), then rename it into place; its ETag and size. A failure (a full
    disk: ``StorageFullError``) removes the temporary file."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        programme.export(temporary, fmt)
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        etag, size = file_entity_tag(temporary), temporary.stat().st_size
        before_rename()
        os.replace(temporary, path)
    except OSError as error:
        raise storage_error(error, path.name) from error
    finally:
        temporary.unlink(missing_ok=True)
    return etag, size
