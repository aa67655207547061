"""Word timing shared by every engine: from per-phoneme times to one ordered span per word.

An engine knows when each of its phonemes (or, for espeak-ng, each word event)
is spoken and which word of the sentence owns it. What follows is the same for
all of them and lives here: a word's span covers its phonemes; a word that
follows a plain word break (no punctuation before it) starts at that break,
because the break is heard as the word's onset (a stop's closure, a glide) and
a forced aligner puts the start there, while after punctuation it is a pause;
spans are made ordered and inside the audio, a word whose sounds the engine
dropped gets an empty span where it falls; and the sentence's audio is trimmed
to a short lead-in before the first word and after the last.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from voxpress.speech.script import ScriptSentence
from voxpress.voices.base import SentenceAudio

LEAD_IN_SECONDS = 0.05
"""Silence kept before the first word (and after the last) of a sentence."""
WORD_BREAK = " "

SampleSpan = tuple[float, float]
"""(start, end) in samples from the start of the engine's audio."""


def onset_after_plain_break(phonemes: Sequence[str], number: int, pauses: Collection[str]) -> bool:
    """True when phoneme ``number`` follows a word break that is no pause (no mark of ``pauses``
    before the break), so the break is heard as this word's onset."""
    return number > 1 and phonemes[number - 1] == WORD_BREAK and phonemes[number - 2] not in pauses


def word_bounds(
    phonemes: Sequence[str],
    owners: Sequence[int | None],
    starts: Sequence[float] | npt.NDArray[np.floating] | npt.NDArray[np.integer],
    ends: Sequence[float] | npt.NDArray[np.floating] | npt.NDArray[np.integer],
    pauses: Collection[str],
) -> dict[int, SampleSpan]:
    """Each owned word's span from its phonemes' ``starts`` and ``ends`` (samples, one per phoneme);
    a word after a plain break starts where the break does."""
    bounds: dict[int, SampleSpan] = {}
    for number, owner in enumerate(owners):
        if owner is None:
            continue
        start, end = float(starts[number]), float(ends[number])
        if owner not in bounds and onset_after_plain_break(phonemes, number, pauses):
            start = float(starts[number - 1])
        first, last = bounds.get(owner, (start, end))
        bounds[owner] = (min(first, start), max(last, end))
    return bounds


def ordered_spans(
    sentence: ScriptSentence, bounds: Mapping[int, SampleSpan], length: float
) -> list[SampleSpan | None]:
    """One span per word of the sentence (None for silent words), in order and inside ``length``
    samples; a spoken word without bounds gets an empty span where the next timed word starts."""
    spans: list[SampleSpan | None] = []
    previous_end = 0.0
    for index, word in enumerate(sentence.words):
        if not word.say.strip():
            spans.append(None)
            continue
        if index in bounds:
            start, end = bounds[index]
            start = min(max(start, previous_end), length)
            end = min(max(end, start), length)
        else:
            later = [bounds[k][0] for k in bounds if k > index]
            start = end = min(max(previous_end, min(later) if later else previous_end), length)
        spans.append((start, end))
        previous_end = end
    return spans


def assemble(
    sentence: ScriptSentence,
    audio: npt.NDArray[np.float32],
    bounds: Mapping[int, SampleSpan],
    sample_rate: int,
    *,
    silence_db: float | None = None,
    lead_in: float = LEAD_IN_SECONDS,
) -> SentenceAudio:
    """The sentence's audio trimmed to ``lead_in`` around its words, with a span per word in seconds.

    With ``silence_db`` the ends are found by level (audio quieter than that, relative to the
    peak, is silence; never cutting into a word); without it, by the words' own bounds.
    """
    spans = ordered_spans(sentence, bounds, len(audio))
    timed = [s for s in spans if s is not None]
    keep = lead_in * sample_rate
    head, tail = 0, len(audio)
    peak = float(np.max(np.abs(audio))) if len(audio) else 0.0
    if silence_db is not None:
        if peak > 0:
            loud = np.flatnonzero(np.abs(audio) > peak * 10 ** (silence_db / 20))
            first_word = min(s[0] for s in timed) if timed else 0.0
            head = int(max(0.0, min(loud[0] - keep, first_word)))
            tail = int(min(len(audio), max(loud[-1] + keep, head + 1)))
    elif timed:
        head = int(max(0.0, timed[0][0] - keep))
        tail = int(min(len(audio), timed[-1][1] + keep))
    samples = np.ascontiguousarray(audio[head:tail], dtype=np.float32)
    length = len(samples)
    seconds: list[tuple[float, float] | None] = []
    for span in spans:
        if span is None:
            seconds.append(None)
            continue
        start = min(max(span[0] - head, 0.0), length)
        end = min(max(span[1] - head, start), length)
        seconds.append((start / sample_rate, end / sample_rate))
    return SentenceAudio(samples, sample_rate, seconds)
