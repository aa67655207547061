"""Narration: a script and a voice in, timed audio out, at a true words-per-minute.

This is the loop between the stages. For each sentence it picks the voice's
rate so the sentence takes the time its words deserve at the target speed,
synthesizes sentences in parallel (one thread each, the loaded model shared),
and places them in order with pauses. The pauses are the fine control: each
one is chosen so that the last word of the sentence after it ends exactly
where a steady 200·speed words per minute would put it, so the measured rate
of the whole narration is true whatever the text.

Streaming comes from ``narrate_chunks``: sentences are yielded as soon as they
and all before them are ready, and the first sentence is cut at an early
clause so that the first audio is ready in a fraction of a second.
"""

from __future__ import annotations

import hashlib
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np

from voxpress.article import WORDS_PER_MINUTE, Article
from voxpress.audio.loudness import TARGET_LUFS, gain_to, limit_peaks, normalise
from voxpress.audio.timings import Span, Timings
from voxpress.errors import SynthesisError, VoiceError
from voxpress.speech import Lexicon, prepare_script
from voxpress.speech.script import Script, ScriptSentence
from voxpress.voices.base import SentenceAudio, Voice
from voxpress.voices.calibration import RateCurve, get_curve, spoken_size
from voxpress.voices.stretch import time_stretch

SPEED_MIN = 0.5
SPEED_MAX = 2.0
SPEED_STEP = 0.05
PRESETS: tuple[tuple[str, float], ...] = (("Slow", 0.75), ("Average", 1.0), ("Fast", 1.5))
"""The player's speed presets: name and speed (1x = 200 WPM)."""

SENTENCE_PAUSE = 0.30
"""Nominal silence between sentences at 1x, in seconds; scaled by 1/speed."""
BLOCK_PAUSE = 0.75
"""Nominal silence between paragraphs (and after the title and standfirst) at 1x."""
_PAUSE_RANGE = (0.35, 2.5)
"""How far a pause may stray from its nominal length (as factors) to keep the pace true."""
_RESYNTHESIS_TOLERANCE = 0.06
"""A sentence whose speech is further than this from its planned length is synthesized again."""
_MAX_RETRIES = 2
_TRIM_THRESHOLD = 0.015
"""Sentences further than this from their planned length are time-stretched to it ..."""
_TRIM_RANGE = (0.8, 1.25)
"""... when the stretch needed is this small (as a ratio of spoken to planned time)."""
"""At most this many corrected syntheses per sentence (engines are not quite proportional to rate)."""
_FIRST_PIECE_WORDS = (3, 5)
"""The first sentence is cut after this many words (at a comma if there is one) for a quick start."""
_LOOKAHEAD_PER_WORKER = 2


def validate_speed(speed: float) -> float:
    """The speed if it is within 0.5–2, else a ``VoiceError`` saying so."""
    if not SPEED_MIN <= speed <= SPEED_MAX:
        raise VoiceError(f"speed {speed:g} is outside {SPEED_MIN:g}–{SPEED_MAX:g}")
    return speed


class SentenceCache(Protocol):
    """Somewhere synthesized sentences are kept, so unchanged sentences are not spoken twice."""

    def get(self, key: str) -> SentenceAudio | None: ...

    def put(self, key: str, audio: SentenceAudio) -> None: ...


def sentence_cache_key(voice_id: str, speed: float, sentence: ScriptSentence) -> str:
    """Key of one sentence's audio: voice, speed and exactly what is said.

    What is said already carries the lexicon's readings (respellings in ``say``,
    phonemes in ``phonemes``), so a lexicon edit changes the keys of the
    sentences it touches and no others.
    """
    said = "|".join(f"{w.say}/{w.phonemes or ''}/{w.punctuation}" for w in sentence.words)
    material = f"v2\n{voice_id}\n{speed:.2f}\n{said}"
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


@dataclass
class NarrationChunk:
    """One sentence of audio as it becomes ready, in order."""

    index: int
    """Sentence index in the script."""
    samples: np.ndarray
    """Float32 mono: the pause before the sentence, then the sentence."""
    sample_rate: int
    offset: float
    """Where this chunk starts in the whole narration, in seconds."""
    sentence: Span | None
    """The whole sentence, first word start to last word end, absolute; None while it continues
    in the next chunk (the first sentence is cut for a quick start)."""
    words: list[Span]
    """Each word spoken in this chunk, absolute."""


@dataclass
class Narration:
    """A whole narration, loudness-normalised, with its timings."""

    samples: np.ndarray
    sample_rate: int
    timings: Timings

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate


@dataclass(frozen=True)
class _Piece:
    """What one synthesis call speaks: a sentence, or the head or tail of a cut sentence."""

    sentence_index: int
    sentence: ScriptSentence
    pause_before: float
    """Nominal pause before this piece at 1x (0 inside a cut sentence)."""
    is_last_of_sentence: bool
    is_quick_start: bool = False
    """True for the first piece of the narration, which should be ready as soon as possible."""


def effective_lexicon(language: str, publisher: Lexicon | None = None) -> Lexicon:
    """The lexicon a narration uses: the shipped one (English phonemes, so English only),
    with the publisher's entries on top."""
    base = Lexicon.default() if language.split("-")[0].lower() == "en" else Lexicon.empty()
    return base if publisher is None else base.merged(publisher)


def prepare(article: Article, lexicon: Lexicon | None = None) -> Script:
    """The article's script, read with ``effective_lexicon(article.language, lexicon)``."""
    return prepare_script(
        article.narration_text, article.language, effective_lexicon(article.language, lexicon)
    )


def _spoken_words(sentence: ScriptSentence) -> int:
    return sum(1 for w in sentence.words if w.say or w.phonemes)


_PHRASE_OPENERS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "but",
        "or",
        "for",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "after",
        "before",
        "as",
        "over",
        "under",
        "into",
        "while",
        "when",
        "who",
        "which",
        "that",
        "than",
        "because",
    ]
)


def _split_first(sentence: ScriptSentence) -> tuple[ScriptSentence, ...]:
    """Cut a long first sentence after a few words, where a phrase would break anyway.

    The best cut is after a comma; next best before a word that opens a phrase
    ("for", "the", "after"); the head ends with a comma so it is said with the
    rising tone of an unfinished sentence, not a full stop.
    """
    low, high = _FIRST_PIECE_WORDS
    spoken = [i for i, w in enumerate(sentence.words) if w.say or w.phonemes]
    if len(spoken) <= high + 1:
        return (sentence,)
    candidates = spoken[low - 1 : high]
    cut = next((i for i in candidates if sentence.words[i].punctuation), None)
    if cut is None:
        cut = next(
            (i for i in candidates if sentence.words[i + 1].say.split(" ")[0].lower() in _PHRASE_OPENERS),
            candidates[-1],
        )
    head, tail = list(sentence.words[: cut + 1]), sentence.words[cut + 1 :]
    if not head[-1].punctuation:
        head[-1] = replace(head[-1], punctuation=",")
    return (
        replace(sentence, words=tuple(head), char_end=head[-1].char_end),
        replace(sentence, words=tail, char_start=tail[0].char_start),
    )


def _pieces(script: Script) -> list[_Piece]:
    pieces: list[_Piece] = []
    previous_block = None
    for index, sentence in enumerate(script.sentences):
        if not _spoken_words(sentence):
            continue
        if previous_block is None:
            pause = 0.0
        elif sentence.block_index != previous_block:
            pause = BLOCK_PAUSE
        else:
            pause = SENTENCE_PAUSE
        previous_block = sentence.block_index
        parts = _split_first(sentence) if not pieces else (sentence,)
        for n, part in enumerate(parts):
            pieces.append(_Piece(index, part, pause if n == 0 else 0.0, n == len(parts) - 1, not pieces))
    return pieces


class _Synthesizer:
    """Speaks one piece at the rate that gives it its share of time, with cache and corrections.

    The voice's curve predicts how long a sentence takes at a rate; how this
    article's sentences actually compare with the prediction (a text of short
    words runs fast) is learned as the narration goes, so later sentences are
    planned with the article's own bias and rarely need a second synthesis.
    """

    def __init__(
        self,
        voice: Voice,
        speed: float,
        curve: RateCurve,
        cache: SentenceCache | None,
        language: str,
    ) -> None:
        self.language = language
        self.voice = voice
        self.speed = speed
        self.curve = curve
        self.cache = cache
        self.seconds_per_word = 60.0 / (WORDS_PER_MINUTE * speed)
        self._lock = threading.Lock()
        self._spoken_total = 0.0
        self._predicted_total = 0.0

    @property
    def bias(self) -> float:
        """Measured over predicted speech time so far in this narration (1.0 before any)."""
        with self._lock:
            if self._predicted_total < 2.0:  # too little speech yet to trust
                return 1.0
            return self._spoken_total / self._predicted_total

    def _learn(self, spoken: float, predicted: float) -> None:
        with self._lock:
            self._spoken_total += spoken
            self._predicted_total += predicted

    def planned_seconds(self, piece: _Piece) -> float:
        """Speech time of the piece, first word start to last word end, at the target pace."""
        words = _spoken_words(piece.sentence)
        return max(0.2, words * self.seconds_per_word - piece.pause_before / self.speed)

    def __call__(self, piece: _Piece) -> SentenceAudio:
        key = sentence_cache_key(self.voice.info.id, self.speed, piece.sentence)
        if self.cache is not None and (cached := self.cache.get(key)) is not None:
            return cached
        planned = self.planned_seconds(piece)
        size = max(spoken_size(piece.sentence, self.language), 1e-6)
        rate = self.curve.rate_for(planned / (size * self.bias))
        audio = self.voice.synthesize(piece.sentence, rate)
        spoken = _speech_span(audio)
        if spoken:
            self._learn(spoken, self.curve.seconds_per_unit(rate) * size)
        # The first piece is never retried: that would delay the first audio, and the pause after it
        # absorbs its error.
        for _ in range(_MAX_RETRIES if not piece.is_quick_start else 0):
            if not spoken or abs(spoken / planned - 1) <= _RESYNTHESIS_TOLERANCE:
                break
            corrected = self.curve.clamp(rate * spoken / planned)
            if corrected == rate:  # the voice cannot go any faster or slower
                break
            rate = corrected
            audio = self.voice.synthesize(piece.sentence, rate)
            spoken = _speech_span(audio)
        if spoken:  # cheap, so the quick first piece gets it too
            audio = _trim_pace(audio, spoken / planned)
        if self.cache is not None:
            self.cache.put(key, audio)
        return audio


def _trim_pace(audio: SentenceAudio, ratio: float) -> SentenceAudio:
    """The sentence time-stretched (pitch kept) by the residual ``ratio`` of spoken to planned time.

    Engines mostly land within a few per cent of the asked pace; stretching the
    rest makes every sentence exact, so short texts, whose few pauses cannot
    absorb an error, keep their pace too.
    """
    low, high = _TRIM_RANGE
    if not low <= ratio <= high or abs(ratio - 1) < _TRIM_THRESHOLD:
        return audio
    samples = time_stretch(audio.samples, ratio, audio.sample_rate)
    scale = len(samples) / max(1, len(audio.samples))
    spans = [None if s is None else (s[0] * scale, s[1] * scale) for s in audio.word_spans]
    return SentenceAudio(samples=samples, sample_rate=audio.sample_rate, word_spans=spans)


def _speech_span(audio: SentenceAudio) -> float:
    spans = [s for s in audio.word_spans if s is not None]
    return spans[-1][1] - spans[0][0] if spans else 0.0


def narrate_chunks(
    script: Script,
    voice: Voice,
    speed: float = 1.0,
    *,
    cache: SentenceCache | None = None,
    workers: int = 2,
    curve: RateCurve | None = None,
    stop: threading.Event | None = None,
) -> Iterator[NarrationChunk]:
    """Narrate sentence by sentence, yielding each as soon as it and those before it are ready.

    Chunks come at a streaming loudness set from the first sentence; ``narrate``
    normalises the whole programme exactly once it is complete.
    """
    validate_speed(speed)
    pieces = _pieces(script)
    if not pieces:
        raise SynthesisError("the article has no words to speak")
    synthesize = _Synthesizer(voice, speed, curve or get_curve(voice), cache, script.language)
    sample_rate = voice.info.sample_rate
    target_gap = synthesize.seconds_per_word
    words_so_far = 0
    position = 0.0  # end of the audio emitted so far
    first_word_start: float | None = None
    stream_gain: float | None = None
    pending: deque[tuple[_Piece, Future[SentenceAudio]]] = deque()
    sentence_words: list[Span] = []

    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="voxpress-tts") as pool:
        upcoming = iter(pieces)

        def fill(limit: int = max(1, workers) * _LOOKAHEAD_PER_WORKER) -> None:
            while len(pending) < limit:
                piece = next(upcoming, None)
                if piece is None:
                    return
                pending.append((piece, pool.submit(synthesize, piece)))

        fill(limit=1)  # the first piece alone, on an idle machine, for the quickest first audio
        try:
            while pending:
                if stop is not None and stop.is_set():
                    return
                piece, future = pending.popleft()
                try:
                    audio = future.result()
                except Exception as error:  # an engine failure, reported as ours
                    if isinstance(error, SynthesisError | VoiceError):
                        raise
                    raise SynthesisError(f"the voice failed on a sentence: {error}") from error
                fill()
                if audio.sample_rate != sample_rate:
                    raise SynthesisError("the voice changed its sample rate mid-narration")
                spans = audio.word_spans
                words = [(w, s) for w, s in zip(piece.sentence.words, spans, strict=True) if s is not None]
                if not words:
                    continue
                first_in_chunk = words[0][1][0]
                last_in_chunk = words[-1][1][1]
                if first_word_start is None:
                    pause = 0.0
                else:
                    nominal = piece.pause_before / speed
                    ideal_last_end = first_word_start + (words_so_far + len(words)) * target_gap
                    pause = ideal_last_end - position - last_in_chunk
                    if nominal > 0:
                        low, high = _PAUSE_RANGE
                        pause = min(max(pause, nominal * low), nominal * high)
                    else:  # inside a cut sentence: no added silence, only a little trimmed pull
                        pause = min(max(pause, 0.0), 0.15)
                pause_samples = round(pause * sample_rate)
                chunk_start = position
                offset = position + pause_samples / sample_rate
                if stream_gain is None:
                    stream_gain = min(gain_to(audio.samples, sample_rate, TARGET_LUFS), 8.0)
                samples = np.concatenate(
                    [np.zeros(pause_samples, dtype=np.float32), audio.samples.astype(np.float32)]
                )
                samples = limit_peaks(samples * stream_gain, sample_rate)
                if first_word_start is None:
                    first_word_start = offset + first_in_chunk
                chunk_words = [
                    Span(offset + start, offset + end, word.char_start, word.char_end)
                    for word, (start, end) in words
                ]
                sentence_words.extend(chunk_words)
                words_so_far += len(words)
                position = offset + len(audio.samples) / sample_rate
                sentence_span = None
                if piece.is_last_of_sentence:
                    full = script.sentences[piece.sentence_index]
                    sentence_span = Span(
                        sentence_words[0].start, sentence_words[-1].end, full.char_start, full.char_end
                    )
                    sentence_words = []
                yield NarrationChunk(
                    index=piece.sentence_index,
                    samples=samples,
                    sample_rate=sample_rate,
                    offset=chunk_start,
                    sentence=sentence_span,
                    words=chunk_words,
                )
        finally:
            for _, future in pending:
                future.cancel()


END_SILENCE_SECONDS = 0.4
"""Silence after the last sentence of every narration."""


def narrate(
    script: Script,
    voice: Voice,
    speed: float = 1.0,
    *,
    cache: SentenceCache | None = None,
    workers: int = 2,
    curve: RateCurve | None = None,
    stop: threading.Event | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_chunk: Callable[[NarrationChunk], None] | None = None,
) -> Narration:
    """The whole narration, loudness-normalised, with its timings.

    ``on_chunk`` sees each chunk as it is ready (the server streams them);
    ``stop`` ends the narration early, with what was spoken so far.
    """
    chunks: list[np.ndarray] = []
    timings = Timings(voice=voice.info.id, speed=speed, text=script.text)
    total = len(script.sentences)
    for chunk in narrate_chunks(script, voice, speed, cache=cache, workers=workers, curve=curve, stop=stop):
        if on_chunk is not None:
            on_chunk(chunk)
        chunks.append(chunk.samples)
        timings.words.extend(chunk.words)
        if chunk.sentence is not None:
            timings.sentences.append(chunk.sentence)
            if progress is not None:
                progress(chunk.index + 1, total)
    sample_rate = voice.info.sample_rate
    tail = np.zeros(int(END_SILENCE_SECONDS * sample_rate), dtype=np.float32)
    samples = normalise(np.concatenate([*chunks, tail]), sample_rate)
    timings.duration = len(samples) / sample_rate
    if progress is not None:
        progress(total, total)
    return Narration(samples=samples, sample_rate=sample_rate, timings=timings)
