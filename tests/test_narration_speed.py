"""The Speed value: range, rounding, presets, and the bounds the API shows."""

from __future__ import annotations

import math

import pytest
from pydantic import BaseModel, ValidationError

from voxpress.errors import VoiceError
from voxpress.narration.speed import PRESETS, SPEED_MAX, SPEED_MIN, Speed, presets_json
from voxpress.server.schemas import SpeedField


@pytest.mark.parametrize("value", [0.49, 2.01, -1.0, math.nan, math.inf])
def test_a_speed_out_of_range_is_a_voice_error_naming_the_range(value: float) -> None:
    with pytest.raises(VoiceError, match=r"0\.5–2"):
        Speed(value)


def test_a_speed_keeps_two_decimals_and_knows_its_pace() -> None:
    assert Speed(1.0000001) == Speed(1.0)
    assert Speed(1.254).value == 1.25
    assert Speed(1.5).words_per_minute == 300
    assert Speed(0.5).seconds_per_word == pytest.approx(0.6)
    assert Speed.of(Speed(0.75)) == Speed(0.75) and float(Speed.of(0.75)) == 0.75
    assert Speed(SPEED_MIN) < Speed(1) < Speed(SPEED_MAX)


def test_presets_are_valid_speeds_listed_with_their_words_per_minute() -> None:
    assert [p["name"] for p in presets_json()] == [name for name, _ in PRESETS]
    assert [p["wpm"] for p in presets_json()] == [150, 200, 300]


class _Body(BaseModel):
    speed: SpeedField = 1.0


def test_the_pydantic_type_checks_and_shows_the_bounds() -> None:
    schema = _Body.model_json_schema()["properties"]["speed"]
    assert (schema["minimum"], schema["maximum"]) == (SPEED_MIN, SPEED_MAX)
    assert _Body(speed=1.25).speed == 1.25
    with pytest.raises(ValidationError):
        _Body(speed=3)
