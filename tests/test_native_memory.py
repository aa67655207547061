"""Piper's arena held between calls under a limit: which calls empty it, and the memory read."""

from __future__ import annotations

import numpy as np
import onnxruntime
import pytest

from voxpress.voices import native_memory
from voxpress.voices.native_memory import HeldArena, resident_bytes

MB = 1 << 20
SHRINK = "memory.enable_memory_arena_shrinkage"


def empties(options: onnxruntime.RunOptions) -> bool:
    try:
        return options.get_run_config_entry(SHRINK) == "cpu:0"
    except RuntimeError:  # onnxruntime's way of saying the entry is not set
        return False


def test_resident_memory_is_read_and_grows_with_what_is_touched() -> None:
    before = resident_bytes()
    assert before is not None and before > 10 * MB
    block = np.ones(64 * MB, dtype=np.uint8)  # touched, so resident
    after = resident_bytes()
    assert after is not None and after - before > 48 * MB
    del block


def test_the_arena_is_kept_while_it_holds_under_the_limit_and_emptied_past_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    resident = [1000 * MB]
    monkeypatch.setattr(native_memory, "resident_bytes", lambda: resident[0])
    arena = HeldArena(200 * MB)

    def call(grows_by_mb: int) -> bool:
        with arena.run_options() as options:
            emptied = empties(options)
            resident[0] += grows_by_mb * MB  # what the call left in the arena
        return emptied

    assert call(0) is True  # nothing measured yet: it empties, and what is resident after is the baseline
    assert call(150) is False  # holds nothing yet: kept
    assert call(40) is False  # holds 150 MB: kept
    assert call(30) is False  # holds 190 MB: still under the limit
    assert call(-200) is True  # holds 220 MB: this call empties it, and gives the memory back
    assert call(100) is False  # the baseline is what was resident after that call
    assert call(120) is False  # holds 100 MB
    assert call(0) is True  # holds 220 MB


def test_where_memory_cannot_be_read_every_call_empties_the_arena(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(native_memory, "resident_bytes", lambda: None)
    arena = HeldArena(200 * MB)
    for _ in range(3):
        with arena.run_options() as options:
            assert empties(options)


def test_a_limit_of_nothing_empties_the_arena_after_every_call(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(native_memory, "resident_bytes", lambda: 500 * MB)  # nothing seems held
    arena = HeldArena(0)  # VOXPRESS_PIPER_ARENA=call
    for _ in range(3):
        with arena.run_options() as options:
            assert empties(options)


def test_without_a_limit_the_arena_is_never_emptied(monkeypatch: pytest.MonkeyPatch) -> None:
    resident = [500 * MB]
    monkeypatch.setattr(native_memory, "resident_bytes", lambda: resident[0])
    arena = HeldArena(None)  # VOXPRESS_PIPER_ARENA=keep, or off (no arena to empty)
    for _ in range(3):
        with arena.run_options() as options:
            assert not empties(options)
        resident[0] += 300 * MB
