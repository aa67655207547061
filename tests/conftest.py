"""Shared fixtures: the project's own test articles and an isolated data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

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
