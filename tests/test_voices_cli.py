"""``voxpress voices``: the table, calibrating a voice and the install command's errors."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from voxpress.narration.calibration import QUICK_RATES
from voxpress.narration.curves import load_curves
from voxpress.settings import Settings
from voxpress.voices.commands import voices_app

runner = CliRunner()


def test_table_lists_the_default_voice_and_hides_espeak_accents(tmp_path: Path) -> None:
    result = runner.invoke(voices_app, ["--data", str(tmp_path)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "piper:en_US-joe-medium *" in result.output
    assert "espeak:en-us" in result.output
    assert "espeak:fr " not in result.output
    assert "more languages" in result.output
    french = runner.invoke(voices_app, ["--data", str(tmp_path), "--language", "fr"], env={"COLUMNS": "160"})
    assert "espeak:fr *" in french.output
    assert "piper:" not in french.output


def test_calibrate_stores_the_curve_with_measured_wpm(tmp_path: Path) -> None:
    result = runner.invoke(voices_app, ["calibrate", "espeak:en-us", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    curve = load_curves(Settings(data_dir=tmp_path).calibration_path)["espeak:en-us"]
    assert curve.wpm_at_1x is not None and abs(curve.wpm_at_1x - 200) < 6
    assert curve.min_rate <= 0.5 and curve.max_rate >= 3.0
    table = runner.invoke(voices_app, ["--data", str(tmp_path)], env={"COLUMNS": "160"})
    row = next(line for line in table.output.splitlines() if "espeak:en-us" in line)
    assert f"{curve.wpm_at_1x:.0f}" in row


def test_quick_calibration_measures_fewer_rates_and_still_paces_true(tmp_path: Path) -> None:
    result = runner.invoke(voices_app, ["calibrate", "espeak:de", "--quick", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    curve = load_curves(Settings(data_dir=tmp_path).calibration_path)["espeak:de"]
    assert {rate for rate, _ in curve.points} <= set(QUICK_RATES)
    assert len(curve.points) >= len(QUICK_RATES) - 2  # a noisy point may be dropped to keep it monotonic
    assert curve.wpm_at_1x is not None and abs(curve.wpm_at_1x - 200) < 6
    assert curve.real_time_factor is not None and curve.real_time_factor > 0


def test_errors_are_one_line_messages(tmp_path: Path) -> None:
    unknown = runner.invoke(voices_app, ["calibrate", "piper:nobody", "--data", str(tmp_path)])
    assert unknown.exit_code == 1
    assert "unknown voice 'piper:nobody'" in unknown.output
    assert "Traceback" not in unknown.output
    other = runner.invoke(voices_app, ["install", "festival", "--data", str(tmp_path)])
    assert other.exit_code == 1 and "only 'kokoro'" in other.output
