"""Narration: the pace contract. A script, a voice and its rate curve in; timed audio out.

The package, by concern (each module imports only those above it in this list):

- ``speed``: the ``Speed`` value (range, step, presets, validation, rounding)
- ``curves``: ``RateCurve`` (seconds per unit of speech against rate), ``spoken_size``, curve files
- ``prepare``: the script of an article, read with the effective lexicon
- ``plan``: the pieces each synthesis call speaks and the nominal pauses between them
- ``synthesizer``: one piece at the right rate (re-synthesis, trim, sentence cache key)
- ``loop``: ``narrate_chunks`` / ``narrate``, pauses that land the words-per-minute exactly
- ``calibration``: measuring curves (it runs the loop) and ``get_curve`` for the edges
"""

from voxpress.narration.calibration import calibrate, get_curve
from voxpress.narration.curves import RateCurve, spoken_size, stored_curve
from voxpress.narration.loop import (
    END_SILENCE_SECONDS,
    Narration,
    NarrationChunk,
    narrate,
    narrate_chunks,
    narrate_into,
)
from voxpress.narration.plan import BLOCK_PAUSE, SENTENCE_PAUSE
from voxpress.narration.prepare import effective_lexicon, prepare
from voxpress.narration.speed import (
    PRESETS,
    SPEED_MAX,
    SPEED_MIN,
    SPEED_STEP,
    Speed,
    normalise_speed,
    validate_speed,
)
from voxpress.narration.synthesizer import SentenceCache, sentence_cache_key

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
    "RateCurve",
    "SentenceCache",
    "Speed",
    "calibrate",
    "effective_lexicon",
    "get_curve",
    "narrate",
    "narrate_chunks",
    "narrate_into",
    "normalise_speed",
    "prepare",
    "sentence_cache_key",
    "spoken_size",
    "stored_curve",
    "validate_speed",
]
