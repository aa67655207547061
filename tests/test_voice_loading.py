"""Loading voices once per process: a voice that takes long to load holds up no other voice."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from fakes import FakeVoice
from voxpress.settings import Settings
from voxpress.voices import catalogue
from voxpress.voices.base import VoiceInfo
from voxpress.voices.catalogue import CatalogueEntry, get_voice


def test_a_slow_voice_load_does_not_hold_up_another_voice(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path)
    release = threading.Event()
    loads: list[str] = []

    def slow_load() -> FakeVoice:
        loads.append("slow")
        release.wait(10)  # a model of a gigabyte being read and optimised
        return FakeVoice()

    def quick_load() -> FakeVoice:
        loads.append("quick")
        return FakeVoice()

    def info(voice_id: str) -> VoiceInfo:
        return VoiceInfo(id=voice_id, engine="fake", language="en", name=voice_id, sample_rate=22_050)

    entries = [
        CatalogueEntry(info=info("fake:slow"), load=slow_load, rank=10),
        CatalogueEntry(info=info("fake:quick"), load=quick_load, rank=50),
    ]
    monkeypatch.setattr(catalogue, "entries", lambda _settings: entries)
    monkeypatch.setattr(catalogue, "_loaded", {})
    monkeypatch.setattr(catalogue, "_voice_locks", {})

    loaded: dict[str, object] = {}
    slow = threading.Thread(target=lambda: loaded.setdefault("slow", get_voice("fake:slow", "en", settings)))
    slow.start()
    while "slow" not in loads:
        time.sleep(0.01)
    started = time.monotonic()
    quick = get_voice("fake:quick", "en", settings)
    assert time.monotonic() - started < 1.0, "the quick voice waited for the slow one's load"
    assert get_voice("fake:quick", "en", settings) is quick  # loaded once, kept
    release.set()
    slow.join(10)
    assert get_voice("fake:slow", "en", settings) is loaded["slow"]
    assert loads == ["slow", "quick"]
