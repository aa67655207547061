"""The former home of the narration loop, kept so that existing imports work (see ``narration``).

New code imports from ``voxpress.narration``. The difference here: ``curve`` may
be left out, and then the voice's curve is looked up with the settings of the
environment, as before; the loop itself never looks one up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

from voxpress.narration import calibration, loop
from voxpress.narration.curves import RateCurve
from voxpress.narration.loop import END_SILENCE_SECONDS, Narration, NarrationChunk
from voxpress.narration.plan import BLOCK_PAUSE, SENTENCE_PAUSE
from voxpress.narration.prepare import effective_lexicon, prepare
from voxpress.narration.speed import PRESETS, SPEED_MAX, SPEED_MIN, SPEED_STEP, Speed, validate_speed
from voxpress.narration.synthesizer import SentenceCache, sentence_cache_key
from voxpress.settings import Settings
from voxpress.speech.script import Script
from voxpress.voices.base import Voice

__all__ = [
    "BLOCK_PAUSE",
    "END_SILENCE_SECONDS",
    "PRESETS",
    "SENTENCE_PAUSE",
    "SPEED_MAX",
    "SPEED_MIN",
    "SPEED_STEP",
    "Narration",
    "NarrationChunk",
    "SentenceCache",
    "effective_lexicon",
    "narrate",
    "narrate_chunks",
    "prepare",
    "sentence_cache_key",
    "validate_speed",
]


def _curve_of(voice: Voice, curve: RateCurve | None) -> RateCurve:
    return curve if curve is not None else calibration.get_curve(voice, Settings.from_env())


def narrate_chunks(
    script: Script,
    voice: Voice,
    speed: float | Speed = 1.0,
    *,
    cache: SentenceCache | None = None,
    workers: int = 2,
    curve: RateCurve | None = None,
    stop: threading.Event | None = None,
) -> Iterator[NarrationChunk]:
    """``narration.narrate_chunks``, with the curve looked up when not given."""
    return loop.narrate_chunks(
        script, voice, speed, curve=_curve_of(voice, curve), cache=cache, workers=workers, stop=stop
    )


def narrate(
    script: Script,
    voice: Voice,
    speed: float | Speed = 1.0,
    *,
    cache: SentenceCache | None = None,
    workers: int = 2,
    curve: RateCurve | None = None,
    stop: threading.Event | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_chunk: Callable[[NarrationChunk], None] | None = None,
) -> Narration:
    """``narration.narrate``, with the curve looked up when not given."""
    return loop.narrate(
        script,
        voice,
        speed,
        curve=_curve_of(voice, curve),
        cache=cache,
        workers=workers,
        stop=stop,
        progress=progress,
        on_chunk=on_chunk,
    )
