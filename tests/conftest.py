"""Shared fixtures: the project's own test articles and an isolated data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from fakes import FakeVoice
from voxpress.narration import Narration, get_curve, narrate
from voxpress.narration.calibration import calibrate
from voxpress.narration.curves import RateCurve
from voxpress.settings import Settings
from voxpress.speech.script import Script
from voxpress.voices import get_voice
from voxpress.voices.catalogue import forget_listings

ARTICLES = Path(__file__).parent / "articles"


@pytest.fixture(autouse=True)
def fresh_voice_listings() -> None:
    """Each test lists the voices it set up (the catalogue reuses a listing for two seconds)."""
    forget_listings()


@pytest.fixture
def articles() -> Path:
    """Folder of test articles written for this project."""
    return ARTICLES


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh voxpress data folder, set through the environment like a user would."""
    folder = tmp_path / "data"
    monkeypatch.setenv("VOXPRESS_DATA", str(folder))
    return folder


@pytest.fixture
def fake_voice() -> FakeVoice:
    """A fresh deterministic engine with known durations (see ``tests/fakes.py``)."""
    return FakeVoice()


@pytest.fixture(scope="session")
def fake_curve() -> RateCurve:
    """The fake voice's rate curve, measured by the real calibration (not stored)."""
    return calibrate(FakeVoice(), Settings(), measure_wpm=False, store=False)


def narrate_with_default_voice(script: Script, speed: float = 1.0) -> Narration:
    """``script`` narrated by the default Piper voice with its calibrated curve (real synthesis)."""
    settings = Settings.from_env()
    voice = get_voice(None, script.language, settings)
    return narrate(script, voice, speed, curve=get_curve(voice, settings))
