"""The narration loop with FakeVoice: the pace contract, pauses, streaming order, stop, errors.

Milliseconds per test: the engine is deterministic (``tests/fakes.py``) and the
curve is measured on it by the real calibration. The real-Piper outcome tests
are in ``test_narrate.py``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from fakes import FakeVoice
from voxpress.article import Article
from voxpress.audio.encode import encode_audio
from voxpress.audio.programme import ProgrammeFile
from voxpress.audio.timings import measured_wpm
from voxpress.errors import SynthesisError, VoiceError
from voxpress.narration import (
    PRESETS,
    SPEED_MAX,
    SPEED_MIN,
    narrate,
    narrate_chunks,
    narrate_into,
    prepare,
)
from voxpress.narration.curves import RateCurve
from voxpress.narration.plan import BLOCK_PAUSE, SENTENCE_PAUSE
from voxpress.speech.script import ScriptSentence
from voxpress.voices.base import SentenceAudio

SHORT_WORDS = Article(
    title="A day by the sea",
    paragraphs=(
        "We got up at six. The sun was out, and the air was cold. My dad took the dog for a run on the "
        "sand. I sat on a rock and ate an egg.",
        "Then it got hot. We all went in the sea, and the dog dug a big hole. At ten we went back up "
        "the hill to the van.",
        "It was the best day of the year, and we said we would go back in May.",
    ),
)
LONG_WORDS = Article(
    title="Comprehensive infrastructure modernisation considerations",
    paragraphs=(
        "Municipal representatives unanimously recommended comprehensive modernisation of transportation "
        "infrastructure, emphasising environmental sustainability and accessibility considerations.",
        "Independent economists nevertheless questioned whether anticipated administrative efficiencies "
        "would materialise immediately, highlighting organisational complexities.",
        "Parliamentary committees subsequently commissioned additional investigations concerning "
        "procurement irregularities.",
    ),
)
PRESET_SPEEDS = [speed for _, speed in PRESETS]


@pytest.mark.parametrize("speed", PRESET_SPEEDS)
@pytest.mark.parametrize("article", [SHORT_WORDS, LONG_WORDS], ids=["short-words", "long-words"])
def test_every_preset_is_200_times_its_speed_within_3_percent(
    fake_voice: FakeVoice, fake_curve: RateCurve, article: Article, speed: float
) -> None:
    narration = narrate(prepare(article), fake_voice, speed, curve=fake_curve)
    assert narration.timings.wpm == pytest.approx(200 * speed, rel=0.03)
    assert measured_wpm(narration.timings.words) == pytest.approx(200 * speed, rel=0.03)


@pytest.mark.parametrize("speed", [SPEED_MIN, SPEED_MAX])
def test_the_ends_of_the_range_are_true_on_ordinary_words(
    fake_voice: FakeVoice, fake_curve: RateCurve, speed: float
) -> None:
    # 400 WPM of 12-letter words is past what any engine (or this one, at rate 4) can say
    narration = narrate(prepare(SHORT_WORDS), fake_voice, speed, curve=fake_curve)
    assert narration.timings.wpm == pytest.approx(200 * speed, rel=0.03)


def test_pauses_stay_near_their_nominal_lengths(fake_voice: FakeVoice, fake_curve: RateCurve) -> None:
    script = prepare(SHORT_WORDS)
    timings = narrate(script, fake_voice, 1.0, curve=fake_curve).timings
    gaps = [after.start - before.end for before, after in pairwise(timings.sentences)]
    assert len(gaps) == len(script.sentences) - 1
    assert all(0.35 * SENTENCE_PAUSE <= gap <= 2.5 * BLOCK_PAUSE + 0.2 for gap in gaps)
    words = timings.words
    assert all(before.end <= after.start + 1e-9 for before, after in pairwise(words))


def test_chunks_come_in_order_and_tile_the_audio(fake_voice: FakeVoice, fake_curve: RateCurve) -> None:
    script = prepare(LONG_WORDS)
    chunks = list(narrate_chunks(script, fake_voice, 1.25, curve=fake_curve, workers=3))
    assert 1 <= len(chunks[0].words) <= 7  # the quick first piece
    assert [c.index for c in chunks] == sorted(c.index for c in chunks)
    assert len([c for c in chunks if c.sentence is not None]) == len(script.sentences)
    for before, after in pairwise(chunks):
        assert after.offset == pytest.approx(before.offset + len(before.samples) / before.sample_rate)
    assert all(np.max(np.abs(c.samples)) <= 1.0 for c in chunks)


def test_speeds_outside_the_range_are_refused(fake_voice: FakeVoice, fake_curve: RateCurve) -> None:
    with pytest.raises(VoiceError, match="outside"):
        narrate(prepare(SHORT_WORDS), fake_voice, 2.5, curve=fake_curve)


def test_a_stop_ends_the_narration_with_what_was_spoken(fake_voice: FakeVoice, fake_curve: RateCurve) -> None:
    stop = threading.Event()
    script = prepare(SHORT_WORDS)
    narration = narrate(
        script, fake_voice, 1.0, curve=fake_curve, stop=stop, on_chunk=lambda chunk: stop.set()
    )
    assert 0 < len(narration.timings.sentences) < len(script.sentences)


@dataclass
class BrokenVoice(FakeVoice):
    """Fails on its second call, as an engine bug would."""

    calls: int = 0

    def synthesize(self, sentence: ScriptSentence, rate: float = 1.0) -> SentenceAudio:
        self.calls += 1
        if self.calls == 2:
            raise RuntimeError("onnxruntime: bad input")
        return super().synthesize(sentence, rate)


def test_an_engine_failure_is_a_synthesis_error(fake_curve: RateCurve) -> None:
    with pytest.raises(SynthesisError, match="bad input"):
        narrate(prepare(SHORT_WORDS), BrokenVoice(), 1.0, curve=fake_curve, workers=1)


def test_a_script_with_nothing_to_say_is_a_synthesis_error(
    fake_voice: FakeVoice, fake_curve: RateCurve
) -> None:
    empty = prepare(Article(title="…", paragraphs=()))
    with pytest.raises(SynthesisError, match="no words"):
        narrate(empty, fake_voice, 1.0, curve=fake_curve)


def test_narrating_to_disk_gives_the_same_file_and_timings_as_in_memory(
    fake_curve: RateCurve, tmp_path: Path
) -> None:
    script = prepare(SHORT_WORDS)
    in_memory = narrate(script, FakeVoice(), 1.0, curve=fake_curve, workers=1)
    voice = FakeVoice()
    with ProgrammeFile(voice.info.sample_rate, tmp_path) as programme:
        timings = narrate_into(script, voice, 1.0, curve=fake_curve, write=programme.write, workers=1)
        programme.export(tmp_path / "out.wav", "wav")
    assert timings.to_dict() == in_memory.timings.to_dict()
    expected = encode_audio(in_memory.samples, in_memory.sample_rate, "wav")
    assert (tmp_path / "out.wav").read_bytes() == expected
