"""Memory that does not grow with the article: the server worker and its live stream hold no
whole programme (no samples, no encoded file, no stream bytes) in memory.

The narration runner is driven for real (SQLite store, sentence cache, files,
the live MP3 stream read by a listener) with ``FakeVoice``, a fast engine, on
a short and a five times longer article; Python's allocation tracer (which
sees numpy's buffers and every ``bytes``) gives each run's peak. The real
30,000-word figure with Piper is printed by ``benchmarks/memory.py``.
"""

from __future__ import annotations

import asyncio
import json
import random
import threading
import tracemalloc
import wave
from dataclasses import dataclass
from pathlib import Path

import pytest

from fakes import FAKE_SAMPLE_RATE, FakeVoice
from voxpress.article import Article
from voxpress.audio.timings import Timings
from voxpress.jobs import ByteStream, LiveNarration
from voxpress.jobs.narration import NarrationRunner
from voxpress.jobs.stream import READ_BYTES
from voxpress.narration import get_curve
from voxpress.settings import Settings
from voxpress.store import Store
from voxpress.store.files import NarrationFiles
from voxpress.store.sentence_cache import DiskSentenceCache

PLACES = ("the harbour", "the old mill", "the station", "the market", "the school", "the bridge")
PEOPLE = ("the ferry crew", "two farmers", "the council", "a baker", "the night nurses", "a surveyor")
EVENTS = ("met again", "counted the boats", "asked for more time", "painted the fence", "waited")


def long_article(paragraphs: int, seed: int = 3) -> Article:
    """An article of about 60 words a paragraph, written from a tiny grammar (no copied text)."""
    rng = random.Random(seed)
    body = []
    for index in range(paragraphs):
        sentences = [
            f"On day {index * 4 + part + 1}, {rng.choice(PEOPLE)} {rng.choice(EVENTS)} near "
            f"{rng.choice(PLACES)}, and {rng.choice(PEOPLE)} {rng.choice(EVENTS)} by {rng.choice(PLACES)}."
            for part in range(4)
        ]
        body.append(" ".join(sentences))
    return Article(title="A long week by the water", paragraphs=tuple(body))


@dataclass
class Heard:
    """A listener of a live stream that keeps only how much it heard and how it began."""

    size: int = 0
    start: bytes = b""

    def listen(self, stream: ByteStream) -> None:
        for part in stream.iter_blocking():
            self.start = self.start or part[:4]
            self.size += len(part)


@dataclass
class WorkerRun:
    peak_bytes: int
    """Most memory the runner's allocations held at once."""
    programme_bytes: int
    """What the whole programme's float32 samples take."""
    heard: Heard
    """What a listener read of the live MP3 stream."""
    timings: Timings
    wav: Path
    mp3: Path


def run_worker(tmp_path: Path, article: Article) -> WorkerRun:
    """One job through the real runner, MP3 and WAV, with a listener on its live stream."""
    settings = Settings(data_dir=tmp_path)
    store = Store(settings.resolved_database_url)
    try:
        record, _ = store.add_article(article)
        job, _ = store.create_or_join_job(record.id, "fake:test", 1.25, ("mp3", "wav"))
        voice = FakeVoice()
        runner = NarrationRunner(
            store=store,
            files=NarrationFiles(settings.narrations_dir),
            cache=DiskSentenceCache(settings.cache_dir),
            voice_provider=lambda _voice, _language: voice,
            settings=settings,
            synthesis_workers=1,
        )
        get_curve(voice, settings)  # calibrated and stored before the measured run
        live = LiveNarration(job.id, record.id, job.voice, job.speed, job.formats)
        heard = Heard()
        listener = threading.Thread(target=heard.listen, args=(live.mp3,))
        listener.start()
        tracemalloc.start()
        try:
            tracemalloc.reset_peak()
            runner(job, live)
            live.mp3.close()
            listener.join(30)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        mp3 = store.get_narration(record.id, job.voice, job.speed, "mp3")
        wav = store.get_narration(record.id, job.voice, job.speed, "wav")
        assert mp3 is not None and wav is not None
        timings = Timings.from_dict(json.loads(mp3.timings_path.read_text(encoding="utf-8")))
        return WorkerRun(
            peak_bytes=peak,
            programme_bytes=round(timings.duration * FAKE_SAMPLE_RATE) * 4,
            heard=heard,
            timings=timings,
            wav=wav.path,
            mp3=mp3.path,
        )
    finally:
        store.close()


def test_the_worker_holds_no_whole_programme_in_memory(tmp_path: Path) -> None:
    short = run_worker(tmp_path / "short", long_article(6))
    long = run_worker(tmp_path / "long", long_article(30))
    article = long_article(30)
    print(
        f"peak {short.peak_bytes / 1e6:.1f} MB ({short.programme_bytes / 1e6:.1f} MB of samples), "
        f"{long.peak_bytes / 1e6:.1f} MB ({long.programme_bytes / 1e6:.1f} MB)"
    )
    # The narration is whole and right: every word timed, the files as long as the timings say.
    assert len(long.timings.words) == article.word_count
    assert long.timings.wpm == pytest.approx(250, rel=0.03)
    with wave.open(str(long.wav)) as audio:
        assert audio.getnframes() / audio.getframerate() == pytest.approx(long.timings.duration, abs=0.01)
    assert long.heard.start[0] == 0xFF and long.heard.start[1] & 0xE0 == 0xE0  # an MPEG frame's sync
    assert long.heard.size > 100_000  # the listener heard the live stream to its end
    assert long.programme_bytes > 4 * short.programme_bytes
    # Holding the samples once (the old worker held them, their normalised copy and each encoded
    # file) would exceed the programme's size; the worker's peak is a fraction of it. What grows
    # with the article is per-word state (word spans, the loudness meter's 100 ms block energies:
    # about 1 KB a word), far below the samples' growth.
    assert long.peak_bytes < long.programme_bytes / 2, (long.peak_bytes, long.programme_bytes)
    growth = long.peak_bytes - short.peak_bytes
    assert growth < (long.programme_bytes - short.programme_bytes) / 4, (short.peak_bytes, long.peak_bytes)
    assert not list((tmp_path / "long" / "scratch").iterdir())  # no programme file left behind


def test_the_live_stream_is_kept_in_a_file_and_read_in_parts(tmp_path: Path) -> None:
    stream = ByteStream(tmp_path / "spool")
    part = bytes(range(256)) * 4096  # 1 MiB
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        for _ in range(8):
            stream.write(part)
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(stream) == 8 * len(part)
    assert held - before < len(part) // 4  # 8 MiB written, almost none of it in memory
    assert not list((tmp_path / "spool").iterdir())  # the file has no name: nothing to leave behind
    late = list(stream.iter_blocking(timeout=0))
    assert max(len(chunk) for chunk in late) <= READ_BYTES
    assert b"".join(late) == part * 8

    async def from_offset(start: int) -> bytes:
        return b"".join([chunk async for chunk in stream.iter_async(start=start)])

    stream.write(b"tail")
    stream.close("stopped")
    assert asyncio.run(from_offset(len(part) * 8 - 3)) == part[-3:] + b"tail"
    assert stream.error == "stopped" and stream.getvalue().endswith(b"tail")
