"""A real voice held at a gate: the tests' way to look at a narration while it is being made."""

from __future__ import annotations

import threading

from voxpress.speech.script import ScriptSentence
from voxpress.voices.base import SentenceAudio, Voice


class GatedVoice:
    """The real voice, holding every sentence after the first until ``gate`` opens."""

    def __init__(self, voice: Voice, first_sentence_end: int) -> None:
        self.voice = voice
        self.info = voice.info
        self.first_sentence_end = first_sentence_end
        self.gate = threading.Event()
        self.waiting = threading.Event()
        """Set once a held sentence has reached the gate."""

    def synthesize(self, sentence: ScriptSentence, rate: float = 1.0) -> SentenceAudio:
        if sentence.char_start >= self.first_sentence_end:
            self.waiting.set()
            self.gate.wait(30)
        return self.voice.synthesize(sentence, rate)
