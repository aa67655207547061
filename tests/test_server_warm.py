"""Start-up warm-up: the default voice before the server answers, ``VOXPRESS_WARM_VOICES`` after, in
the background; a voice that cannot be warmed is logged and the server carries on."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from voxpress.server import create_app
from voxpress.settings import Settings
from voxpress.voices import catalogue


def test_listed_voices_are_loaded_in_the_background_after_start(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(
        data_dir=tmp_path,
        database_url=f"sqlite:///{tmp_path / 'v.db'}",
        warm_voices=("espeak:en", "nope:not-a-voice"),
    )
    key = ("espeak:en", str(tmp_path))
    assert key not in catalogue._loaded
    with (
        caplog.at_level(logging.INFO, logger="voxpress.server.app"),
        TestClient(create_app(settings)) as client,
    ):
        assert client.get("/api/health").status_code == 200
        warming = client.app.state.warming  # type: ignore[attr-defined]
        warming.join(120)
        assert not warming.is_alive()
        assert key in catalogue._loaded
        assert client.get("/api/health").status_code == 200
    messages = [record.getMessage() for record in caplog.records]
    assert "warmed voice espeak:en" in messages
    assert any(m.startswith("warming voice nope:not-a-voice failed") for m in messages)


def test_warm_voices_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOXPRESS_WARM_VOICES", " kokoro:af_heart, espeak:en ,")
    settings = Settings.from_env()
    assert settings.warm_voices == ("kokoro:af_heart", "espeak:en")
