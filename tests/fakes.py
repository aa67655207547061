"""FakeVoice: a deterministic speech engine with known durations, for testing the narration loop.

It speaks each word for a fixed time per letter (divided by the rate), with a
gap between words and a longer one at clause punctuation, like a real engine
whose pace depends on the words. Its audio is a quiet tone while a word is
spoken and silence between words, so loudness and stretching work on it as on
speech. It remembers every sentence it was asked to speak, so tests can check
what reached the engine. Fast: a whole article narrates in milliseconds.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np

from voxpress.errors import VoiceError
from voxpress.speech.script import ScriptSentence
from voxpress.voices.base import SentenceAudio, VoiceInfo

FAKE_SAMPLE_RATE = 8_000


@dataclass
class FakeVoice:
    """A deterministic engine: ``seconds_per_letter`` per spoken letter at rate 1, plus gaps."""

    seconds_per_letter: float = 0.055
    """Time per letter of what is said, at rate 1."""
    word_gap: float = 0.03
    """Silence between two words, at rate 1."""
    clause_gap: float = 0.18
    """Silence after a word followed by , ; or :, at rate 1."""
    lead_in: float = 0.05
    """Silence before the first word and after the last."""
    rate_range: tuple[float, float] = (0.25, 4.0)
    info: VoiceInfo = field(
        default_factory=lambda: VoiceInfo(
            id="fake:test", engine="fake", language="en", name="Fake voice", sample_rate=FAKE_SAMPLE_RATE
        )
    )
    spoken: list[ScriptSentence] = field(default_factory=list)
    """Every sentence ``synthesize`` was given, in call order."""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def synthesize(self, sentence: ScriptSentence, rate: float = 1.0) -> SentenceAudio:
        """The sentence's words as tones of known length at ``rate``, with their spans."""
        if not self.rate_range[0] <= rate <= self.rate_range[1]:
            raise VoiceError(f"rate {rate:g} is outside the fake voice's range")
        with self._lock:
            self.spoken.append(sentence)
        rate_samples = self.info.sample_rate
        pieces: list[np.ndarray] = [np.zeros(round(self.lead_in * rate_samples), dtype=np.float32)]
        position = len(pieces[0])
        spans: list[tuple[float, float] | None] = []
        for word in sentence.words:
            said = word.phonemes or word.say
            letters = sum(c.isalnum() for c in said)
            if not letters:
                spans.append(None)
                continue
            length = round(letters * self.seconds_per_letter / rate * rate_samples)
            t = np.arange(length) / rate_samples
            pieces.append((0.2 * np.sin(2 * np.pi * 180 * t)).astype(np.float32))
            spans.append((position / rate_samples, (position + length) / rate_samples))
            position += length
            gap = self.clause_gap if word.punctuation in (",", ";", ":") else self.word_gap
            gap_samples = round(gap / rate * rate_samples)
            pieces.append(np.zeros(gap_samples, dtype=np.float32))
            position += gap_samples
        pieces.append(np.zeros(round(self.lead_in * rate_samples), dtype=np.float32))
        return SentenceAudio(np.concatenate(pieces), rate_samples, spans)
