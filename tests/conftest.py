"""Shared fixtures: the project's own test articles and an isolated data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from fakes import FakeVoice
from voxpress.narration.calibration import calibrate
from voxpress.narration.curves import RateCurve
from voxpress.settings import Settings

ARTICLES = Path(__file__).parent / "articles"


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
