"""Calibration: measuring a voice's rate curve, and finding the curve a narration should use.

This sits above the narration loop: ``calibrate`` measures seconds per unit of
speech at rates across 0.3–4 (within each voice's ``rate_range``) on a built-in
news-like text and stores the curve; ``narrated_wpm`` runs the loop itself to
record the words per minute a whole narration reaches. ``get_curve`` is what the
edges (CLI, server, worker) call before narrating: the stored or shipped curve,
else a sibling voice's, else a quick measurement now. This module does I/O (it
reads and writes calibration files); the loop below it does none.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from voxpress.audio.timings import measured_wpm
from voxpress.narration.curves import (
    DEFAULT_RATE_RANGE,
    RateCurve,
    load_curves,
    save_curve,
    shipped_path,
    spoken_size,
    stored_curve,
)
from voxpress.narration.loop import narrate_chunks
from voxpress.settings import Settings
from voxpress.speech.script import Script, ScriptSentence, SpokenWord
from voxpress.voices.base import Voice

CALIBRATION_RATES: tuple[float, ...] = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75)
CALIBRATION_RATES += (2.0, 2.4, 2.8, 3.3, 4.0)
"""Rates measured by ``calibrate``, within each voice's ``rate_range``."""
QUICK_RATES = (0.4, 0.6, 0.8, 1.0, 1.3, 1.75, 2.5, 4.0)
"""Rates measured when a voice is used before it was calibrated."""

CALIBRATION_TEXT = """\
The city council voted late on Tuesday to rebuild the old harbour bridge, ending a debate that has \
divided residents for most of the past decade.

Engineers had warned for years that the steel frame was rusting faster than expected. Heavy lorries \
were banned from the bridge last spring, and the resulting detours added almost half an hour to some \
morning journeys.

Supporters of the plan say a new crossing will bring shoppers back to the waterfront, where several \
family businesses have closed. Opponents argue that the money would be better spent on buses, schools \
and the crumbling public library.

"We cannot keep patching something that was designed for a different century," said the mayor, who \
cast the deciding vote. Her rivals accused her of rushing the decision before the regional elections.

Construction is expected to begin next summer. During the works, a temporary ferry will carry \
pedestrians and cyclists across the river every fifteen minutes, from early morning until midnight.

Local historians, meanwhile, have asked that the original stone towers be preserved. They were built \
by hand, they point out, by workers who earned a few coins a day and lived in wooden huts along the shore.

Whatever happens next, few people expect the argument to end soon. In a town where everyone crosses \
the river at least once a day, the bridge has always been about more than traffic.
"""
"""Written for voxpress: news prose without numbers or abbreviations, so what is said is what is written."""


def get_curve(voice: Voice, settings: Settings) -> RateCurve:
    """The voice's rate curve: stored or shipped; else one of a sibling voice of the same engine
    (voices of one engine pace alike, and the narration loop corrects each sentence); else a quick
    measurement now, stored for next time."""
    curve = stored_curve(voice.info.id, settings)
    if curve is not None:
        return curve
    engine = voice.info.id.split(":", 1)[0] + ":"
    for path in (settings.calibration_path, shipped_path()):
        for sibling in load_curves(path).values():
            if sibling.voice_id.startswith(engine):
                return RateCurve(voice.info.id, sibling.points, measured=f"borrowed from {sibling.voice_id}")
    quick_text = "\n\n".join(CALIBRATION_TEXT.split("\n\n")[:2])
    return calibrate(voice, settings, rates=QUICK_RATES, text=quick_text, measure_wpm=False)


def calibration_script(text: str = CALIBRATION_TEXT, language: str = "en") -> Script:
    """The calibration text as a script: one spoken word per written word (the text has no numbers)."""
    sentences: list[ScriptSentence] = []
    for block_index, block in enumerate(re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]*)*", text)):
        for match in re.finditer(r"\S.*?(?:[.!?][\"”]?(?=\s|$)|$)", block.group(), flags=re.S):
            words: list[SpokenWord] = []
            start = block.start() + match.start()
            for token in re.finditer(r"\S+", match.group()):
                core = token.group().strip('"“”')
                punctuation = core[-1] if core and core[-1] in ",.;:?!" else ""
                say = core[: len(core) - len(punctuation)] if punctuation else core
                offset = start + token.start() + token.group().find(core)
                words.append(SpokenWord(say, offset, offset + len(say), punctuation=punctuation))
            if words:
                sentences.append(
                    ScriptSentence(words[0].char_start, start + len(match.group()), tuple(words), block_index)
                )
    return Script(text=text, language=language, sentences=tuple(sentences))


def _speech_seconds(word_spans: Sequence[tuple[float, float] | None]) -> float:
    spans = [s for s in word_spans if s is not None]
    return spans[-1][1] - spans[0][0] if spans else 0.0


def calibrate(
    voice: Voice,
    settings: Settings,
    *,
    rates: Sequence[float] = CALIBRATION_RATES,
    text: str = CALIBRATION_TEXT,
    workers: int = 2,
    progress: Callable[[int, int], None] | None = None,
    measure_wpm: bool = True,
    store: bool = True,
) -> RateCurve:
    """Measure the voice's seconds per unit of speech at each rate on ``text``, and store the curve.

    Seconds are speech time, first word start to last word end of each sentence
    (what the narration loop plans). ``progress(done, total)`` is called as
    sentences finish.
    """
    script = calibration_script(text)  # English text: sized as English whatever the voice's language
    sentences = script.sentences
    units = sum(spoken_size(s, script.language) for s in sentences)
    low, high = getattr(voice, "rate_range", DEFAULT_RATE_RANGE)
    rates = [rate for rate in rates if low <= rate <= high]
    total = len(rates) * len(sentences) + (1 if measure_wpm else 0)
    done = 0
    lock = threading.Lock()

    def speak(job: tuple[float, ScriptSentence]) -> tuple[float, float, float, float]:
        nonlocal done
        rate, sentence = job
        began = time.perf_counter()
        audio = voice.synthesize(sentence, rate)
        spent = time.perf_counter() - began
        with lock:
            done += 1
            if progress is not None:
                progress(done, total)
        return rate, _speech_seconds(audio.word_spans), audio.duration, spent

    speech: dict[float, float] = dict.fromkeys(rates, 0.0)
    audio_seconds = busy_seconds = 0.0
    jobs = [(rate, sentence) for rate in rates for sentence in sentences]
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for rate, spoken, duration, spent in pool.map(speak, jobs):
            speech[rate] += spoken
            if rate == 1.0:
                audio_seconds += duration
                busy_seconds += spent
    curve = RateCurve(
        voice_id=voice.info.id,
        points=tuple((rate, speech[rate] / units) for rate in rates),
        real_time_factor=busy_seconds / audio_seconds if audio_seconds else None,
        measured=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    if measure_wpm:
        wpm = narrated_wpm(voice, curve, script)
        curve = RateCurve(
            curve.voice_id, curve.points, wpm, curve.real_time_factor, curve.measured, curve.extra
        )
        if progress is not None:
            progress(total, total)
    if store:
        save_curve(curve, settings.calibration_path)
    return curve


def narrated_wpm(
    voice: Voice, curve: RateCurve, script: Script | None = None, speed: float = 1.0
) -> float | None:
    """Measured WPM of the narration loop at ``speed`` on ``script`` (default: the calibration text)."""
    words = [
        span
        for chunk in narrate_chunks(script or calibration_script(), voice, speed, curve=curve)
        for span in chunk.words
    ]
    return measured_wpm(words)
