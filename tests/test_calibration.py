"""Rate calibration: spoken size, the rate curve, measuring and storing curves, and time-stretching."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from voxpress.errors import VoiceError
from voxpress.narration.calibration import CALIBRATION_TEXT, calibrate, calibration_script, get_curve
from voxpress.narration.curves import RateCurve, load_curves, save_curve, shipped_path, spoken_size
from voxpress.settings import Settings
from voxpress.speech.script import ScriptSentence, SpokenWord
from voxpress.voices import DEFAULT_VOICE_ID, get_voice
from voxpress.voices.piper import packaged_model
from voxpress.voices.stretch import time_stretch

SHORT_TEXT = (
    "Lanterns glowed along the quiet canal at dusk.\n\nA boatman hummed a tune, and gulls fell silent."
)


def test_calibration_script_offsets_point_at_the_written_words() -> None:
    script = calibration_script()
    assert len(script.sentences) >= 10
    assert script.written_words > 200
    for sentence in script.sentences:
        for word in sentence.words:
            assert CALIBRATION_TEXT[word.char_start : word.char_end] == word.say
    blocks = {s.block_index for s in script.sentences}
    assert blocks == set(range(7))


def test_spoken_size_counts_what_is_said() -> None:
    short = ScriptSentence(0, 9, (SpokenWord("Rain", 0, 4), SpokenWord("fell", 5, 9, punctuation=".")), 0)
    number = ScriptSentence(0, 9, (SpokenWord("twenty twenty four", 0, 4, punctuation="."),), 0)
    silent = ScriptSentence(0, 1, (SpokenWord("", 0, 1),), 0)
    assert spoken_size(short) == spoken_size(short) > 0
    assert spoken_size(number) > 1.5 * spoken_size(short)
    assert spoken_size(silent) == 0


def test_rate_curve_is_monotonic_and_inverts() -> None:
    curve = RateCurve("test:voice", ((0.5, 0.1), (1.0, 0.05), (1.2, 0.051), (2.0, 0.03), (3.0, 0.022)))
    assert [r for r, _ in curve.points] == [0.5, 1.0, 2.0, 3.0]  # the non-decreasing point is dropped
    rates = np.linspace(0.5, 3.0, 26)
    seconds = [curve.seconds_per_unit(r) for r in rates]
    assert all(a > b for a, b in itertools.pairwise(seconds))
    for rate in rates:
        assert curve.rate_for(curve.seconds_per_unit(rate)) == pytest.approx(rate, rel=1e-6)
    assert curve.rate_for(10.0) == 0.5 and curve.rate_for(0.0001) == 3.0
    assert curve.clamp(9.0) == 3.0
    with pytest.raises(VoiceError):
        RateCurve("test:flat", ((1.0, 0.05),))


def test_curves_round_trip_through_the_file(tmp_path: Path) -> None:
    path = tmp_path / "calibration.json"
    first = RateCurve("a:one", ((0.5, 0.1), (2.0, 0.03)), wpm_at_1x=201.5, real_time_factor=0.1)
    second = RateCurve("b:two", ((0.5, 0.2), (1.0, 0.1), (2.0, 0.04)))
    save_curve(first, path)
    save_curve(second, path)
    curves = load_curves(path)
    assert curves["a:one"] == first
    assert curves["b:two"] == second
    assert load_curves(tmp_path / "missing.json") == {}


def test_shipped_curve_covers_the_packaged_voice() -> None:
    curve = load_curves(shipped_path())[DEFAULT_VOICE_ID]
    assert curve.min_rate <= 0.5 and curve.max_rate >= 2.5
    assert curve.wpm_at_1x is not None and 150 < curve.wpm_at_1x < 260


def test_calibrate_measures_and_stores_a_real_curve(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    voice = get_voice(DEFAULT_VOICE_ID, "en", settings)
    calls: list[tuple[int, int]] = []
    curve = calibrate(
        voice,
        settings,
        rates=(0.6, 1.0, 1.6, 3.0),
        text=SHORT_TEXT,
        measure_wpm=False,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert [r for r, _ in curve.points] == [0.6, 1.0, 1.6, 3.0]
    # Measured, not timed: its size depends on the machine's load (benchmarks/voices.py prints it).
    assert curve.real_time_factor is not None and curve.real_time_factor > 0
    assert calls[-1] == (8, 8)
    assert load_curves(settings.calibration_path)[DEFAULT_VOICE_ID] == curve
    assert get_curve(voice, settings) == curve  # the user's curve wins over the shipped one
    # a sentence synthesized at the rate the curve picks lasts about as long as planned
    sentence = calibration_script(SHORT_TEXT).sentences[1]
    planned = 2.6
    rate = curve.rate_for(planned / spoken_size(sentence))
    spans = [s for s in voice.synthesize(sentence, rate).word_spans if s is not None]
    assert spans[-1][1] - spans[0][0] == pytest.approx(planned, rel=0.2)


def test_time_stretch_keeps_pitch_and_scales_length() -> None:
    rate = 16000
    t = np.arange(rate) / rate
    tone = (0.5 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    for factor in (0.6, 1.8):
        stretched = time_stretch(tone, factor, rate)
        assert len(stretched) == pytest.approx(rate / factor, abs=2)
        spectrum = np.abs(np.fft.rfft(stretched[len(stretched) // 4 : 3 * len(stretched) // 4]))
        peak_hz = np.argmax(spectrum) * rate / (2 * (len(spectrum) - 1))
        assert peak_hz == pytest.approx(220, abs=6)


def test_a_voice_without_its_own_curve_borrows_its_engines(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    settings.voices_dir.mkdir(parents=True)
    packaged = packaged_model()
    (settings.voices_dir / "en_US-copy-medium.onnx").symlink_to(packaged.model_path)
    (settings.voices_dir / "en_US-copy-medium.onnx.json").symlink_to(packaged.config_path)
    voice = get_voice("piper:en_US-copy-medium", "en", settings)
    curve = get_curve(voice, settings)
    assert curve.voice_id == "piper:en_US-copy-medium"
    assert curve.points == load_curves(shipped_path())[DEFAULT_VOICE_ID].points
    assert "borrowed" in curve.measured
