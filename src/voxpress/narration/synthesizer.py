"""The per-sentence synthesizer: one piece spoken at the rate that gives it its share of time.

It picks the rate from the voice's curve (corrected by the bias this article has
shown so far; a piece of a cut sentence gets the whole sentence's time in proportion
to its spoken size, so a quick first piece of three long names is not rushed), or,
for a voice that can (``synthesize_to_fit``: Piper, which knows its durations
before it makes audio), asks for the planned time itself; synthesizes again when
the result is more than 10% off, trims the rest with a
pitch-preserving stretch (not the quick first piece: it is neither retried nor
stretched), and keeps results in a sentence cache under a key of the voice, the
speed and exactly what is said.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from voxpress.narration.curves import SENTENCE_UNITS, RateCurve, spoken_size
from voxpress.narration.plan import Piece, timed_words
from voxpress.narration.speed import Speed
from voxpress.speech.script import ScriptSentence
from voxpress.voices.base import SentenceAudio, Voice
from voxpress.voices.stretch import time_stretch

RESYNTHESIS_TOLERANCE = 0.10
"""A sentence whose speech is further than this from its planned length is synthesized again;
nearer, the pace trim stretches it (a stretch of up to 10% is not heard, about 12% starts to be),
which costs a hundredth of a synthesis."""
MAX_RETRIES = 2
"""At most this many corrected syntheses per sentence (engines are not quite proportional to rate)."""
LEFT_TO_THE_PAUSES = 0.15
"""Seconds of a sentence's error beyond what the trim may stretch that are left to the pauses instead
of a second synthesis (not for the last sentence, which has no pause after it). The pacer places
each piece where a steady pace puts its last word, so a sentence 0.15 s too long takes that out of
the pause after it. Most misses are short sentences a little past the tolerance: 4-7 words, 11-16% off
(measured on a 3,000-word article, 11 of 158 pieces), a tenth of a second or two; a re-synthesis
of them was 3% of a long narration's CPU and 7-8% of a 300-word one."""
TRIM_THRESHOLD = 0.015
"""Sentences further than this from their planned length are time-stretched to it ..."""
TRIM_RANGE = (0.8, 1.25)
"""... when the stretch needed is this small (as a ratio of spoken to planned time)."""
MIN_PLANNED_SECONDS = 0.2
"""No piece is planned shorter than this, however few its words."""
BIAS_MIN_SPEECH_SECONDS = 2.0
"""Speech measured before the article's own bias is trusted."""


class SentenceCache(Protocol):
    """Somewhere synthesized sentences are kept, so unchanged sentences are not spoken twice."""

    def get(self, key: str) -> SentenceAudio | None: ...

    def put(self, key: str, audio: SentenceAudio) -> None: ...


def sentence_cache_key(voice_id: str, speed: float | Speed, sentence: ScriptSentence) -> str:
    """Key of one sentence's audio: voice, speed and exactly what is said.

    What is said already carries the lexicon's readings (respellings in ``say``,
    phonemes in ``phonemes``), so a lexicon edit changes the keys of the
    sentences it touches and no others.
    """
    said = "|".join(f"{w.say}/{w.phonemes or ''}/{w.punctuation}" for w in sentence.words)
    material = f"v2\n{voice_id}\n{float(speed):.2f}\n{said}"
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def speech_seconds(audio: SentenceAudio) -> float:
    """Seconds from the first word's start to the last word's end (0 for silence)."""
    spans = [s for s in audio.word_spans if s is not None]
    return spans[-1][1] - spans[0][0] if spans else 0.0


def trim_pace(audio: SentenceAudio, ratio: float) -> SentenceAudio:
    """The sentence time-stretched (pitch kept) by the residual ``ratio`` of spoken to planned time.

    Engines mostly land within a few per cent of the asked pace; stretching the
    rest makes every sentence exact, so short texts, whose few pauses cannot
    absorb an error, keep their pace too.
    """
    low, high = TRIM_RANGE
    if not low <= ratio <= high or abs(ratio - 1) < TRIM_THRESHOLD:
        return audio
    samples = time_stretch(audio.samples, ratio, audio.sample_rate)
    scale = len(samples) / max(1, len(audio.samples))
    spans = [None if s is None else (s[0] * scale, s[1] * scale) for s in audio.word_spans]
    return SentenceAudio(samples=samples, sample_rate=audio.sample_rate, word_spans=spans)


class Synthesizer:
    """Speaks one piece at the rate that gives it its share of time, with cache and corrections.

    The voice's curve predicts how long a sentence takes at a rate; how this
    article's sentences actually compare with the prediction (a text of short
    words runs fast) is learned as the narration goes, so later sentences are
    planned with the article's own bias and rarely need a second synthesis.
    Safe to call from several threads.
    """

    def __init__(
        self,
        voice: Voice,
        speed: Speed,
        curve: RateCurve,
        cache: SentenceCache | None,
        language: str,
        sentences: Sequence[ScriptSentence] = (),
    ) -> None:
        """``sentences``: the script's whole sentences, by index (``Piece.sentence_index``), so a cut
        sentence's time is shared among its pieces by sound; without them each piece is planned
        by its own written words."""
        self.voice = voice
        self.speed = speed
        self.curve = curve
        self.cache = cache
        self.language = language
        self.sentences = tuple(sentences)
        self._lock = threading.Lock()
        self._spoken_total = 0.0
        self._predicted_total = 0.0

    @property
    def bias(self) -> float:
        """Measured over predicted speech time so far in this narration (1.0 before any)."""
        with self._lock:
            if self._predicted_total < BIAS_MIN_SPEECH_SECONDS:
                return 1.0
            return self._spoken_total / self._predicted_total

    def _learn(self, spoken: float, predicted: float) -> None:
        with self._lock:
            self._spoken_total += spoken
            self._predicted_total += predicted

    def planned_seconds(self, piece: Piece) -> float:
        """Speech time of the piece, first word start to last word end, at the target pace:
        ``timed_words`` of it at the speed's seconds a word, less the pause before it."""
        pause = piece.pause_before / self.speed.value
        return max(MIN_PLANNED_SECONDS, self.timed_words(piece) * self.speed.seconds_per_word - pause)

    def timed_words(self, piece: Piece) -> float:
        """The words of the pace the piece is given time for (``plan.timed_words``).

        A whole sentence gets its own. A piece of a cut sentence gets the whole sentence's in
        proportion to its share of the sentence's spoken size, not of its written words: the
        quick first piece "Rafael Nadal kept" is three words but more than three average words
        of sound, and planned by words it was spoken at twice the voice's rate and heard as "rid
        Rafael". The sentence's total is unchanged, so is the pace.
        """
        words = timed_words(piece.sentence)
        whole = self._whole_sentence(piece)
        if whole is not None:
            # Sizes without the allowance every utterance gets, from the whole's words (a cut adds
            # a comma): phonemes and clause breaks add up, so the pieces' shares make one.
            inside = {w.char_start for w in piece.sentence.words}
            own = replace(whole, words=tuple(w for w in whole.words if w.char_start in inside))
            sound = spoken_size(own, self.language) - SENTENCE_UNITS
            whole_sound = spoken_size(whole, self.language) - SENTENCE_UNITS
            if sound > 0 and whole_sound > 0:
                words = timed_words(whole) * min(1.0, sound / whole_sound)
        return words

    def _whole_sentence(self, piece: Piece) -> ScriptSentence | None:
        """The whole sentence ``piece`` was cut from, None when it is whole (or not known)."""
        if not 0 <= piece.sentence_index < len(self.sentences):
            return None
        whole = self.sentences[piece.sentence_index]
        return whole if len(piece.sentence.words) < len(whole.words) else None

    def _pauses_can_take(self, piece: Piece, spoken: float, planned: float) -> bool:
        """Whether what is left of the piece's miss after an unheard stretch is for the pause after
        it: a sentence's end, not the script's last (unknown without the script's sentences)."""
        followed = piece.is_last_of_sentence and piece.sentence_index < len(self.sentences) - 1
        left = abs(spoken - planned) - RESYNTHESIS_TOLERANCE * planned
        return followed and left <= LEFT_TO_THE_PAUSES

    def __call__(self, piece: Piece) -> SentenceAudio:
        key = sentence_cache_key(self.voice.info.id, self.speed, piece.sentence)
        if self.cache is not None and (cached := self.cache.get(key)) is not None:
            return cached
        planned = self.planned_seconds(piece)
        size = max(spoken_size(piece.sentence, self.language), 1e-6)
        rate = self.curve.rate_for(planned / (size * self.bias))
        fit = getattr(self.voice, "synthesize_to_fit", None)
        if piece.is_quick_start:
            # Made alone while the listener waits; a voice may have a faster way. Not fitted to its
            # plan: a short piece's plan is only a share of its sentence's time.
            speak = getattr(self.voice, "synthesize_first", None) or self.voice.synthesize
            audio = speak(piece.sentence, rate)
        elif fit is not None:  # the voice knows its durations before it speaks: no guess to learn from
            audio = fit(piece.sentence, planned, rate)
        else:
            audio = self.voice.synthesize(piece.sentence, rate)
        spoken = speech_seconds(audio)
        if spoken and (fit is None or piece.is_quick_start):
            self._learn(spoken, self.curve.seconds_per_unit(rate) * size)
        # The first piece is never retried: that would delay the first audio, and the pause after it
        # absorbs its error.
        pauses_take_the_rest = False
        for _ in range(MAX_RETRIES if not piece.is_quick_start else 0):
            if not spoken or abs(spoken / planned - 1) <= RESYNTHESIS_TOLERANCE:
                break
            if self._pauses_can_take(piece, spoken, planned):
                pauses_take_the_rest = True
                break
            corrected = self.curve.clamp(rate * spoken / planned)
            if corrected == rate:  # the voice cannot go any faster or slower
                break
            rate = corrected
            audio = self.voice.synthesize(piece.sentence, rate)
            spoken = speech_seconds(audio)
        # The quick first piece is not trimmed either: a short piece lands far from its plan (spoken
        # 0.65-0.97 of it, measured on news openings), so its stretch is heard, on the very first
        # words ("Nadalcat spains"); the pauses after it absorb its error, as they do without retries.
        if spoken and not piece.is_quick_start:
            ratio = spoken / planned
            if pauses_take_the_rest:  # stretch what is not heard; the pauses take the rest
                ratio = min(max(ratio, 1 - RESYNTHESIS_TOLERANCE), 1 + RESYNTHESIS_TOLERANCE)
            audio = trim_pace(audio, ratio)
        if self.cache is not None:
            self.cache.put(key, audio)
        return audio
