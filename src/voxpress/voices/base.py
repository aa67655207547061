"""The small interface every speech engine implements.

A ``Voice`` turns one ``ScriptSentence`` into audio at a rate, and says when each
of the sentence's words is spoken. Engines live in their own modules beside
this one; the catalogue finds what is installed. ``rate`` is the engine-neutral
tempo: 1.0 is the voice's natural pace, 2.0 twice as fast; calibration maps a
target words-per-minute to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from voxpress.speech.script import ScriptSentence


@dataclass(frozen=True)
class VoiceInfo:
    """What the catalogue and the player show about a voice."""

    id: str
    """Stable identifier, e.g. ``piper:en_US-joe-medium``."""
    engine: str
    """Engine name: ``piper``, ``kokoro`` or ``espeak``."""
    language: str
    """Main language, ISO 639-1 (``en``), optionally with region (``en-US``)."""
    name: str
    """Human-readable name for "Select Voice"."""
    sample_rate: int
    """Sample rate of the audio it produces, in Hz."""
    quality: str = ""
    """Short note on quality (``neural, medium``)."""
    word_timings: bool = True
    """True when word times come from the engine's own durations."""
    languages: tuple[str, ...] = ()
    """Every language it can speak (ISO 639-1); empty means only ``language``."""


@dataclass
class SentenceAudio:
    """The audio of one sentence with the time span of each of its words."""

    samples: np.ndarray
    """Mono float32 samples in [-1, 1], no leading or trailing pause added."""
    sample_rate: int
    """Samples per second."""
    word_spans: list[tuple[float, float] | None]
    """Per entry of ``sentence.words``: (start, end) seconds from the chunk start, None if silent."""

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return len(self.samples) / self.sample_rate


class Voice(Protocol):
    """A loaded voice, ready to speak; ``synthesize`` is safe to call from several threads at once.

    An engine may also set ``rate_range = (lowest, highest)``: the rates it accepts
    (calibration measures within it; 0.4–2.6 is assumed otherwise); and
    ``first_piece_words = (fewest, most)``: where a narration's quick first piece is cut; and
    ``synthesize_first``, as ``synthesize``: a quicker way to make that piece, which is made alone;
    and ``synthesize_to_fit(sentence, seconds, rate)``: speak so that the words, first start to last
    end, take ``seconds`` (``rate`` is the curve's estimate, for a voice that cannot fit).
    """

    info: VoiceInfo

    def synthesize(self, sentence: ScriptSentence, rate: float = 1.0) -> SentenceAudio:
        """Speak one sentence at ``rate`` (1.0 natural) and time its words."""
        ...
