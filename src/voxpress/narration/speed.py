"""The speed of a narration: its range, step, presets, validation and rounding, in one place.

1x is 200 words per minute (``voxpress.article.WORDS_PER_MINUTE``). A ``Speed`` is
a validated value: anything between 0.5 and 2 inclusive, kept at two decimals,
so 1 and 1.0000001 name one narration in the store, the cache and the URL. The
player's step (0.05) and presets come from here too, through ``GET /api/voices``.
``server.schemas.SpeedField`` is the same contract as a pydantic type for request
bodies (there, so that narrating imports no pydantic).
"""

from __future__ import annotations

from dataclasses import dataclass

from voxpress.article import WORDS_PER_MINUTE
from voxpress.errors import VoiceError

SPEED_MIN = 0.5
"""Slowest speed (100 WPM)."""
SPEED_MAX = 2.0
"""Fastest speed (400 WPM)."""
SPEED_STEP = 0.05
"""The player's speed step; any two-decimal speed in range is accepted."""
SPEED_DECIMALS = 2
"""Speeds are stored and compared at this many decimals."""
PRESETS: tuple[tuple[str, float], ...] = (("Slow", 0.75), ("Average", 1.0), ("Fast", 1.5))
"""The player's speed presets: name and speed (1x = 200 WPM)."""
SPEED_DESCRIPTION = f"1 is {WORDS_PER_MINUTE} words per minute; {SPEED_MIN:g} to {SPEED_MAX:g}."


@dataclass(frozen=True, order=True)
class Speed:
    """A narration speed: a multiple of 200 WPM, within 0.5–2, at two decimals."""

    value: float
    """The multiple of 200 words per minute."""

    def __post_init__(self) -> None:
        value = float(self.value)
        if value != value or not SPEED_MIN <= value <= SPEED_MAX:  # value != value: NaN
            raise VoiceError(f"speed {value:g} is outside {SPEED_MIN:g}–{SPEED_MAX:g}")
        object.__setattr__(self, "value", round(value, SPEED_DECIMALS))

    @classmethod
    def of(cls, speed: float | Speed) -> Speed:
        """``speed`` as a ``Speed`` (a ``VoiceError`` when it is out of range)."""
        return speed if isinstance(speed, Speed) else cls(speed)

    @property
    def words_per_minute(self) -> float:
        """The pace this speed promises."""
        return WORDS_PER_MINUTE * self.value

    @property
    def seconds_per_word(self) -> float:
        """The steady gap from one word's end to the next word's end at this pace."""
        return 60.0 / self.words_per_minute

    def __float__(self) -> float:
        return self.value

    def __str__(self) -> str:
        return f"{self.value:g}x"


def validate_speed(speed: float) -> float:
    """The speed if it is within 0.5–2, else a ``VoiceError`` saying so (unrounded)."""
    Speed(speed)
    return speed


def normalise_speed(speed: float) -> float:
    """The speed at two decimals, as stored and compared (range not checked: stored rows may predate it)."""
    return round(float(speed), SPEED_DECIMALS)


def presets_json() -> list[dict[str, object]]:
    """The presets as ``GET /api/voices`` lists them: name, speed and words per minute."""
    return [
        {"name": name, "speed": speed, "wpm": round(Speed(speed).words_per_minute)} for name, speed in PRESETS
    ]


SPEED_SCHEMA_BOUNDS: dict[str, object] = {"minimum": SPEED_MIN, "maximum": SPEED_MAX, "multipleOf": 0.01}
"""The bounds as JSON-schema keywords, for query parameters whose range check stays ours (a problem,
not a 422)."""
