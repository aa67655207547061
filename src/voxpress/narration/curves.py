"""Rate curves: how long a voice takes to say a given amount of speech at each of its rates.

The narration loop wants a sentence to last a planned number of seconds. It
measures the sentence with ``spoken_size`` and asks the voice's ``RateCurve``
which rate gives that many seconds per unit. The size is espeak-ng's phonemes of
what is said (stress marks and word breaks included), plus 5 for each clause
break (the pause at a comma) and 6 for the sentence: on the calibration text
phonemes alone predict Piper's durations with r = 0.994 (letters 0.987, words
0.944), and on a different text the pause and sentence terms cut the spread of
seconds per unit from 12% to 5% (Piper) and from 11% to 4% (espeak-ng).

This module holds the curve and its storage only (``calibration`` measures
curves): the user's curves in ``settings.calibration_path``, the shipped ones in
``voxpress/data/calibration.json``.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from voxpress.errors import VoiceError
from voxpress.phonemize import phonemize_text
from voxpress.settings import Settings
from voxpress.speech.script import ScriptSentence

UNIT = "espeak-phonemes-v2"
"""Name of the unit ``spoken_size`` counts; curves measured in another unit are ignored."""
DEFAULT_RATE_RANGE = (0.4, 2.6)
"""Rates assumed for a voice that does not say its ``rate_range``."""

_ESPEAK_LANGUAGE = {"en": "en-us"}
_file_lock = threading.Lock()


CLAUSE_BREAK_UNITS = 5
"""Size of the pause at a comma, semicolon or colon, in phonemes."""
SENTENCE_UNITS = 6
"""Size every sentence has beyond its phonemes (onset and final lengthening), in phonemes."""


@lru_cache(maxsize=50_000)
def _size(espeak_voice: str, text: str) -> int:
    breaks = sum(text.count(mark) for mark in ",;:")
    try:
        phonemes = len(phonemize_text(espeak_voice, text))
    except Exception:  # a language espeak-ng lacks: letters predict nearly as well
        phonemes = sum(c.isalpha() for c in text) * 9 // 10
    return phonemes + CLAUSE_BREAK_UNITS * breaks + SENTENCE_UNITS


def spoken_size(sentence: ScriptSentence, language: str = "en") -> float:
    """How much speech the sentence holds (see the module's docstring); 0 for a silent sentence."""
    text = sentence.spoken_text
    if not text:
        return 0.0
    primary = language.split("-")[0].lower()
    if primary in ("zh", "ja"):
        from voxpress.voices.kokoro.cjk import can_phonemize, cjk_phonemes

        # espeak-ng has no "zh" voice and reads kanji as "Chinese letter": size CJK text by the
        # phonemes Kokoro will actually speak, with the same pause allowance as other languages.
        if can_phonemize(primary):
            breaks = sum(1 for w in sentence.words if w.punctuation in (",", ";", ":"))
            phonemes = len(cjk_phonemes(sentence, primary).phonemes)
            return float(phonemes + CLAUSE_BREAK_UNITS * breaks + SENTENCE_UNITS)
    return float(_size(_ESPEAK_LANGUAGE.get(primary, primary), text))


@dataclass(frozen=True)
class RateCurve:
    """Measured seconds of speech per ``spoken_size`` unit against rate, for one voice."""

    voice_id: str
    points: tuple[tuple[float, float], ...]
    """(rate, seconds per unit), rate ascending, seconds strictly descending."""
    wpm_at_1x: float | None = None
    """Words per minute of a whole narration of the calibration text at speed 1 (pauses included)."""
    real_time_factor: float | None = None
    """Synthesis seconds per second of audio at rate 1, one thread, on the machine that measured it."""
    measured: str = ""
    """When it was measured (ISO 8601)."""
    extra: dict[str, object] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        cleaned: list[tuple[float, float]] = []
        for rate, seconds in sorted((round(float(r), 4), round(float(s), 8)) for r, s in self.points):
            if rate <= 0 or seconds <= 0:
                continue
            if cleaned and (rate <= cleaned[-1][0] or seconds >= cleaned[-1][1]):
                continue  # measurement noise against monotonicity: keep the curve invertible
            cleaned.append((rate, seconds))
        if len(cleaned) < 2:
            raise VoiceError(f"the rate curve of {self.voice_id} needs two or more increasing rates")
        object.__setattr__(self, "points", tuple(cleaned))
        if self.wpm_at_1x is not None:
            object.__setattr__(self, "wpm_at_1x", round(self.wpm_at_1x, 1))
        if self.real_time_factor is not None:
            object.__setattr__(self, "real_time_factor", round(self.real_time_factor, 4))

    @property
    def min_rate(self) -> float:
        return self.points[0][0]

    @property
    def max_rate(self) -> float:
        return self.points[-1][0]

    def clamp(self, rate: float) -> float:
        """``rate`` limited to the measured range."""
        return min(max(rate, self.min_rate), self.max_rate)

    def seconds_per_unit(self, rate: float) -> float:
        """Seconds per unit of speech at ``rate`` (log-log interpolation, clamped to the range)."""
        log_rate = math.log(self.clamp(rate))
        logs = [(math.log(r), math.log(s)) for r, s in self.points]
        return math.exp(_interpolate(log_rate, logs))

    def rate_for(self, seconds_per_unit: float) -> float:
        """The rate that gives ``seconds_per_unit``, clamped to the measured range."""
        if seconds_per_unit <= 0:
            return self.max_rate
        logs = [(math.log(s), math.log(r)) for r, s in reversed(self.points)]
        return self.clamp(math.exp(_interpolate(math.log(seconds_per_unit), logs)))

    def to_dict(self) -> dict[str, object]:
        return {
            "unit": UNIT,
            "points": [[r, s] for r, s in self.points],
            "wpm_at_1x": self.wpm_at_1x,
            "real_time_factor": self.real_time_factor,
            "measured": self.measured,
            **self.extra,
        }

    @classmethod
    def from_dict(cls, voice_id: str, data: dict[str, object]) -> RateCurve:
        known = {"unit", "points", "wpm_at_1x", "real_time_factor", "measured"}
        points = data.get("points") or []
        assert isinstance(points, list)
        wpm, rtf = data.get("wpm_at_1x"), data.get("real_time_factor")
        return cls(
            voice_id=voice_id,
            points=tuple((float(r), float(s)) for r, s in points),
            wpm_at_1x=float(wpm) if isinstance(wpm, int | float) else None,
            real_time_factor=float(rtf) if isinstance(rtf, int | float) else None,
            measured=str(data.get("measured", "")),
            extra={k: v for k, v in data.items() if k not in known},
        )


def _interpolate(x: float, points: Sequence[tuple[float, float]]) -> float:
    """Piecewise-linear through ascending ``points``, extended linearly past the ends."""
    if x <= points[0][0]:
        (x0, y0), (x1, y1) = points[0], points[1]
    elif x >= points[-1][0]:
        (x0, y0), (x1, y1) = points[-2], points[-1]
    else:
        index = next(i for i in range(1, len(points)) if points[i][0] >= x)
        (x0, y0), (x1, y1) = points[index - 1], points[index]
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0) if x1 != x0 else y0


def shipped_path() -> Path:
    """The calibration file shipped inside the package."""
    return Path(str(resources.files("voxpress") / "data" / "calibration.json"))


def load_curves(path: Path) -> dict[str, RateCurve]:
    """Curves stored in ``path`` by voice id (empty if the file is missing or unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    voices = data.get("voices") if isinstance(data, dict) else None
    curves: dict[str, RateCurve] = {}
    for voice_id, entry in (voices or {}).items():
        if isinstance(entry, dict) and entry.get("unit") == UNIT:
            try:
                curves[voice_id] = RateCurve.from_dict(voice_id, entry)
            except (VoiceError, TypeError, ValueError):
                continue
    return curves


def save_curve(curve: RateCurve, path: Path) -> None:
    """Store ``curve`` in ``path``, keeping the other voices' curves (atomic replace)."""
    with _file_lock:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        if not isinstance(data, dict) or not isinstance(data.get("voices"), dict):
            data = {"voices": {}}
        data["voices"][curve.voice_id] = curve.to_dict()
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
        ) as handle:
            json.dump(data, handle, indent=1, sort_keys=True)
        os.replace(handle.name, path)


def stored_curve(voice_id: str, settings: Settings) -> RateCurve | None:
    """The user's measured curve for ``voice_id``, else the shipped one, else None."""
    for path in (settings.calibration_path, shipped_path()):
        curve = load_curves(path).get(voice_id)
        if curve is not None:
            return curve
    return None
