"""The narration loop: a script, a voice and its rate curve in, timed audio out at a true pace.

Sentences are synthesized in parallel (one thread each, the loaded model
shared) and placed in order with pauses. The pauses are the fine control: each
one is chosen so that the last word of the piece after it ends exactly where a
steady 200·speed words per minute would put it, so the measured rate of the
whole narration is true whatever the text.

The loop does no I/O and reads no settings: the caller gives it the voice's
curve (``calibration.get_curve``) and, if it wants one, a sentence cache.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from voxpress.audio.loudness import TARGET_LUFS, gain_to, limit_peaks, normalise
from voxpress.audio.timings import Span, Timings
from voxpress.errors import SynthesisError, VoiceError
from voxpress.narration.curves import RateCurve
from voxpress.narration.plan import FIRST_PIECE_WORDS, Piece, plan_pieces
from voxpress.narration.speed import Speed
from voxpress.narration.synthesizer import SentenceCache, Synthesizer
from voxpress.speech.script import Script
from voxpress.voices.base import SentenceAudio, Voice

PAUSE_RANGE = (0.35, 2.5)
"""How far a pause may stray from its nominal length (as factors) to keep the pace true."""
MAX_PULL_INSIDE_SENTENCE = 0.15
"""Longest silence added between the pieces of one cut sentence, in seconds."""
MIN_LEAD_INSIDE_SENTENCE = 0.02
"""Silence always kept before the first word of a piece inside a cut sentence, in seconds."""
LOOKAHEAD_PER_WORKER = 2
"""Pieces queued per synthesis thread ahead of the one being placed."""
MAX_STREAM_GAIN = 8.0
"""The streaming gain (set from the first chunk) is at most this."""
END_SILENCE_SECONDS = 0.4
"""Silence after the last sentence of every narration."""

Samples = npt.NDArray[np.float32]


@dataclass
class NarrationChunk:
    """One piece of audio as it becomes ready, in order."""

    index: int
    """Sentence index in the script."""
    samples: Samples
    """Float32 mono: the pause before the piece, then the piece."""
    sample_rate: int
    """Samples per second."""
    offset: float
    """Where this chunk starts in the whole narration, in seconds."""
    sentence: Span | None
    """The whole sentence, first word start to last word end, absolute; None while it continues
    in the next chunk (a cut sentence)."""
    words: list[Span]
    """Each word spoken in this chunk, absolute."""


@dataclass
class Narration:
    """A whole narration, loudness-normalised, with its timings."""

    samples: Samples
    """Float32 mono samples of the whole programme."""
    sample_rate: int
    """Samples per second."""
    timings: Timings
    """Word and sentence times in ``samples``."""

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return len(self.samples) / self.sample_rate


@dataclass
class _Pacer:
    """Chooses each pause so the piece's last word ends where a steady pace puts it."""

    speed: Speed
    first_word_start: float | None = None
    """Start of the narration's first word; the steady pace counts from there."""
    words_so_far: float = 0.0
    """Words of the pace placed so far (``Synthesizer.timed_words``: written words, or for a line
    said in many more words than written, such as a product line, most of its spoken words)."""

    def pause(self, piece: Piece, position: float, spans: tuple[float, float], words: float) -> float:
        """Seconds of silence before a piece of ``words`` words whose first starts and last ends at
        ``spans`` into it, placed after audio ending at ``position``. Negative inside a cut sentence:
        that much of the piece's leading silence is dropped, as if it were one call."""
        if self.first_word_start is None:
            return 0.0
        first_word_start, last_word_end = spans
        ideal_last_end = self.first_word_start + (self.words_so_far + words) * self.speed.seconds_per_word
        pause = ideal_last_end - position - last_word_end
        nominal = piece.pause_before / self.speed.value
        if nominal > 0:
            low, high = PAUSE_RANGE
            return min(max(pause, nominal * low), nominal * high)
        droppable = max(0.0, first_word_start - MIN_LEAD_INSIDE_SENTENCE)
        return min(max(pause, -droppable), MAX_PULL_INSIDE_SENTENCE)

    def placed(self, first_word_start: float, words: float) -> None:
        """Record a placed piece: its first word's absolute start and its words of the pace."""
        if self.first_word_start is None:
            self.first_word_start = first_word_start
        self.words_so_far += words


@dataclass
class _StreamLevel:
    """The streaming loudness: one gain set from the first chunk, then a peak limiter."""

    sample_rate: int
    gain: float | None = None

    def __call__(self, samples: Samples) -> Samples:
        if self.gain is None:
            self.gain = min(gain_to(samples, self.sample_rate, TARGET_LUFS), MAX_STREAM_GAIN)
        limited: Samples = limit_peaks(samples * self.gain, self.sample_rate)
        return limited


@dataclass
class _SentenceSpans:
    """Word spans of a sentence whose pieces are still arriving."""

    words: list[Span] = field(default_factory=list)

    def close(self, char_start: int, char_end: int) -> Span:
        span = Span(self.words[0].start, self.words[-1].end, char_start, char_end)
        self.words = []
        return span


def _synthesized_in_order(
    pieces: Sequence[Piece],
    synthesize: Callable[[Piece], SentenceAudio],
    workers: int,
    stop: threading.Event | None,
) -> Iterator[tuple[Piece, SentenceAudio]]:
    """Each piece with its audio, in order, synthesized up to ``LOOKAHEAD_PER_WORKER`` per worker
    ahead; the first piece alone, on an idle pool, for the quickest first audio."""
    workers = max(1, workers)
    pending: deque[tuple[Piece, Future[SentenceAudio]]] = deque()
    upcoming = iter(pieces)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="voxpress-tts") as pool:

        def fill(limit: int) -> None:
            while len(pending) < limit:
                piece = next(upcoming, None)
                if piece is None:
                    return
                pending.append((piece, pool.submit(synthesize, piece)))

        fill(1)
        try:
            while pending:
                if stop is not None and stop.is_set():
                    return
                piece, future = pending.popleft()
                try:
                    audio = future.result()
                except (SynthesisError, VoiceError):
                    raise
                except Exception as error:  # an engine failure, reported as ours
                    raise SynthesisError(f"the voice failed on a sentence: {error}") from error
                fill(workers * LOOKAHEAD_PER_WORKER)
                yield piece, audio
        finally:
            for _, future in pending:
                future.cancel()


def narrate_chunks(
    script: Script,
    voice: Voice,
    speed: float | Speed = 1.0,
    *,
    curve: RateCurve,
    cache: SentenceCache | None = None,
    workers: int = 2,
    stop: threading.Event | None = None,
) -> Iterator[NarrationChunk]:
    """Narrate piece by piece, yielding each as soon as it and those before it are ready.

    Chunks come at a streaming loudness set from the first piece; ``narrate``
    normalises the whole programme exactly once it is complete.
    """
    pace = Speed.of(speed)
    pieces = plan_pieces(script, getattr(voice, "first_piece_words", FIRST_PIECE_WORDS))
    if not pieces:
        raise SynthesisError("the article has no words to speak")
    sample_rate = voice.info.sample_rate
    synthesize = Synthesizer(voice, pace, curve, cache, script.language, script.sentences)
    pacer = _Pacer(pace)
    level = _StreamLevel(sample_rate)
    sentence = _SentenceSpans()
    position = 0.0  # end of the audio emitted so far

    for piece, audio in _synthesized_in_order(pieces, synthesize, workers, stop):
        if audio.sample_rate != sample_rate:
            raise SynthesisError("the voice changed its sample rate mid-narration")
        words = [
            (word, span)
            for word, span in zip(piece.sentence.words, audio.word_spans, strict=True)
            if span is not None
        ]
        if not words:
            continue
        timed = synthesize.timed_words(piece)
        pause = pacer.pause(piece, position, (words[0][1][0], words[-1][1][1]), timed)
        pause_samples = round(pause * sample_rate)
        chunk_start = position
        offset = position + pause_samples / sample_rate  # where the piece's own audio starts
        speech = audio.samples.astype(np.float32)
        if pause_samples < 0:  # drop leading silence: the piece's audio starts before it is placed
            speech = speech[-pause_samples:]
        samples = np.concatenate([np.zeros(max(0, pause_samples), dtype=np.float32), speech])
        pacer.placed(offset + words[0][1][0], timed)
        chunk_words = [
            Span(offset + start, offset + end, word.char_start, word.char_end) for word, (start, end) in words
        ]
        sentence.words.extend(chunk_words)
        position = offset + len(audio.samples) / sample_rate  # = chunk_start + len(samples) / rate
        sentence_span = None
        if piece.is_last_of_sentence:
            whole = script.sentences[piece.sentence_index]
            sentence_span = sentence.close(whole.char_start, whole.char_end)
        yield NarrationChunk(
            index=piece.sentence_index,
            samples=level(samples),
            sample_rate=sample_rate,
            offset=chunk_start,
            sentence=sentence_span,
            words=chunk_words,
        )


def narrate_into(
    script: Script,
    voice: Voice,
    speed: float | Speed = 1.0,
    *,
    curve: RateCurve,
    write: Callable[[Samples], None],
    cache: SentenceCache | None = None,
    workers: int = 2,
    stop: threading.Event | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_chunk: Callable[[NarrationChunk], None] | None = None,
) -> Timings:
    """Narrate the whole script into ``write`` (chunks at the streaming level, then the closing
    silence) and return its timings; nothing of the audio is kept here, so memory stays flat in
    the length of the script (``audio.programme.ProgrammeFile`` is a ``write`` that normalises)."""
    pace = Speed.of(speed)
    timings = Timings(voice=voice.info.id, speed=pace.value, text=script.text)
    total = len(script.sentences)
    sample_rate = voice.info.sample_rate
    samples_written = 0
    for chunk in narrate_chunks(script, voice, pace, curve=curve, cache=cache, workers=workers, stop=stop):
        if on_chunk is not None:
            on_chunk(chunk)
        write(chunk.samples)
        samples_written += len(chunk.samples)
        timings.words.extend(chunk.words)
        if chunk.sentence is not None:
            timings.sentences.append(chunk.sentence)
            if progress is not None:
                progress(chunk.index + 1, total)
    tail = np.zeros(int(END_SILENCE_SECONDS * sample_rate), dtype=np.float32)
    write(tail)
    timings.duration = (samples_written + len(tail)) / sample_rate
    if progress is not None:
        progress(total, total)
    return timings


def narrate(
    script: Script,
    voice: Voice,
    speed: float | Speed = 1.0,
    *,
    curve: RateCurve,
    cache: SentenceCache | None = None,
    workers: int = 2,
    stop: threading.Event | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_chunk: Callable[[NarrationChunk], None] | None = None,
) -> Narration:
    """The whole narration in memory, loudness-normalised, with its timings.

    ``on_chunk`` sees each chunk as it is ready (the server streams them);
    ``stop`` ends the narration early, with what was spoken so far.
    """
    chunks: list[Samples] = []
    timings = narrate_into(
        script,
        voice,
        speed,
        curve=curve,
        write=chunks.append,
        cache=cache,
        workers=workers,
        stop=stop,
        progress=progress,
        on_chunk=on_chunk,
    )
    sample_rate = voice.info.sample_rate
    samples = normalise(np.concatenate(chunks), sample_rate)
    return Narration(samples=samples, sample_rate=sample_rate, timings=timings)
