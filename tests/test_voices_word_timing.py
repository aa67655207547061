"""The word-timing rules every engine shares (``voices.timing``), on plain data."""

from __future__ import annotations

import numpy as np

from voxpress.speech.script import ScriptSentence, SpokenWord
from voxpress.voices.phonemes import PUNCTUATION
from voxpress.voices.timing import assemble, onset_after_plain_break, ordered_spans, word_bounds


def sentence(*words: str) -> ScriptSentence:
    spoken, position = [], 0
    for word in words:
        spoken.append(SpokenWord(word, position, position + len(word)))
        position += len(word) + 1
    return ScriptSentence(0, position - 1, tuple(spoken), 0)


def test_a_word_after_a_plain_break_starts_at_the_break_but_not_after_punctuation() -> None:
    phonemes = ["a", " ", "b", ",", " ", "c"]
    owners = [0, None, 1, None, None, 2]
    starts = [0, 10, 20, 30, 40, 50]
    ends = [10, 20, 30, 40, 50, 60]
    assert onset_after_plain_break(phonemes, 2, PUNCTUATION)
    assert not onset_after_plain_break(phonemes, 5, PUNCTUATION)
    assert word_bounds(phonemes, owners, starts, ends, PUNCTUATION) == {
        0: (0.0, 10.0),
        1: (10.0, 30.0),
        2: (50.0, 60.0),
    }


def test_spans_are_ordered_inside_the_audio_and_a_dropped_word_sits_where_the_next_begins() -> None:
    words = sentence("one", "two", "three", "four")
    spans = ordered_spans(words, {0: (5, 20), 1: (15, 30), 3: (40, 900)}, 100)
    assert spans == [(5, 20), (20, 30), (40, 40), (40, 100)]


def test_assemble_trims_to_a_lead_in_by_words_or_by_level() -> None:
    rate = 1000
    audio = np.zeros(1000, dtype=np.float32)
    audio[300:600] = 0.5
    words = sentence("one", "two")
    by_words = assemble(words, audio, {0: (300, 450), 1: (450, 600)}, rate, lead_in=0.05)
    assert len(by_words.samples) == 400  # 250 to 650
    assert by_words.word_spans == [(0.05, 0.2), (0.2, 0.35)]
    by_level = assemble(words, audio, {0: (320, 450), 1: (450, 560)}, rate, silence_db=-40, lead_in=0.05)
    assert len(by_level.samples) == 399  # last loud sample 599 plus the lead-in, not the word bounds
    assert by_level.word_spans[0] == (0.07, 0.2)
