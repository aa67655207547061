"""Audio encoding and loudness on generated signals."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pyloudnorm
import pytest
import soundfile

from voxpress.audio.encode import Mp3StreamEncoder, encode_audio, resample
from voxpress.audio.loudness import LoudnessMeter, limit_peaks, normalise
from voxpress.audio.programme import ProgrammeFile
from voxpress.audio.timings import Span, Timings, measured_wpm

RATE = 22050


def speech_like(seconds: float = 4.0, seed: int = 3) -> np.ndarray:
    """Noise bursts shaped like syllables, with quiet gaps: loudness gating behaves as on speech."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * RATE)) / RATE
    envelope = np.clip(np.sin(2 * np.pi * 3.5 * t), 0, None) ** 2
    return (0.05 * rng.standard_normal(len(t)) * envelope).astype(np.float32)


@pytest.mark.parametrize(("fmt", "container"), [("wav", "WAV"), ("opus", "OGG"), ("mp3", "MP3")])
def test_encode_round_trip_keeps_duration(fmt: str, container: str) -> None:
    samples = speech_like(2.0)
    data = encode_audio(samples, RATE, fmt)
    info = soundfile.info(io.BytesIO(data))
    assert info.format == container
    assert abs(info.duration - 2.0) < 0.08


def test_streamed_mp3_equals_a_playable_file() -> None:
    encoder = Mp3StreamEncoder(RATE)
    samples = speech_like(3.0)
    parts = [encoder.encode(piece) for piece in np.array_split(samples, 7)]
    data = b"".join(parts) + encoder.flush()
    decoded, rate = soundfile.read(io.BytesIO(data))
    assert rate == RATE
    assert abs(len(decoded) / rate - 3.0) < 0.08


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown audio format"):
        encode_audio(speech_like(1.0), RATE, "flac")


def test_normalise_reaches_target_loudness_with_safe_peaks() -> None:
    quiet = speech_like(6.0)
    out = normalise(quiet, RATE)
    loudness = pyloudnorm.Meter(RATE).integrated_loudness(out.astype(np.float64))
    assert abs(loudness - (-16.0)) < 0.5
    assert 20 * np.log10(np.abs(out).max()) <= -1.4


def test_limiter_leaves_quiet_audio_alone_and_caps_loud_audio() -> None:
    quiet = speech_like(1.0)
    assert limit_peaks(quiet, RATE) is quiet
    loud = quiet * 40
    limited = limit_peaks(loud, RATE)
    assert np.abs(limited).max() <= 10 ** (-1.5 / 20) + 1e-6


def test_resample_to_opus_rate() -> None:
    out = resample(speech_like(1.0), RATE, 24000)
    assert abs(len(out) - 24000) <= 2


def test_timings_round_trip_and_wpm() -> None:
    words = [Span(i * 0.3, i * 0.3 + 0.25, i * 5, i * 5 + 4) for i in range(11)]
    timings = Timings(voice="v", speed=1.0, text="x" * 60, duration=3.5, words=words, sentences=[])
    # 11 words from 0.0 to 3.25 s
    assert measured_wpm(words) == pytest.approx(11 / (3.25 / 60))
    again = Timings.from_dict(timings.to_dict())
    assert [(w.char_start, w.char_end) for w in again.words] == [(w.char_start, w.char_end) for w in words]
    assert [w.start for w in again.words] == pytest.approx([w.start for w in words], abs=1e-3)
    assert again.wpm == pytest.approx(timings.wpm)


def _speech_like(seconds: float, rate: int, seed: int = 3) -> np.ndarray:
    """Tone bursts of varying level with pauses and a few peaks over the ceiling (deterministic)."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * rate)) / rate
    level = np.repeat(rng.uniform(0.0, 0.5, int(seconds * 5) + 1), rate // 5)[: len(t)]
    samples = (level * np.sin(2 * np.pi * 190 * t) * (1 + 0.3 * np.sin(2 * np.pi * 3 * t))).astype(np.float32)
    samples[rate * 4 : rate * 5] = 0.0  # a paragraph pause
    samples[rng.integers(0, len(t), 40)] = 0.99  # clicks the limiter must catch
    return samples


def test_the_streaming_meter_measures_what_pyloudnorm_measures() -> None:
    rate = 22050
    samples = _speech_like(23.0, rate)
    meter = LoudnessMeter(rate)
    for start in range(0, len(samples), 7919):  # chunks that match no block boundary
        meter.add(samples[start : start + 7919])
    expected = pyloudnorm.Meter(rate).integrated_loudness(samples.astype(np.float64))
    assert meter.integrated() == pytest.approx(expected, abs=1e-6)
    assert LoudnessMeter(rate).integrated() == float("-inf")


def _programme(samples: np.ndarray, rate: int, folder: Path) -> ProgrammeFile:
    programme = ProgrammeFile(rate, folder)
    for start in range(0, len(samples), 30011):
        programme.write(samples[start : start + 30011])
    return programme


@pytest.mark.parametrize("fmt", ["wav", "mp3"])
def test_a_programme_on_disk_exports_the_same_audio_as_the_whole_in_memory(fmt: str, tmp_path: Path) -> None:
    rate = 22050
    samples = _speech_like(34.0, rate)  # several export blocks
    whole = encode_audio(normalise(samples, rate), rate, fmt)
    with _programme(samples, rate, tmp_path) as programme:
        programme.export(tmp_path / f"out.{fmt}", fmt)
        temporary = programme.path
    assert not temporary.exists()
    # the same bytes: the limiter sees enough context at block joins, and LAME gives the same
    # frames whatever the chunking of its input
    assert (tmp_path / f"out.{fmt}").read_bytes() == whole


def test_a_programme_exports_opus_close_to_the_whole(tmp_path: Path) -> None:
    rate = 22050
    samples = _speech_like(26.0, rate)
    whole, whole_rate = soundfile.read(io.BytesIO(encode_audio(normalise(samples, rate), rate, "opus")))
    with _programme(samples, rate, tmp_path) as programme:
        programme.export(tmp_path / "out.opus", "opus")
    streamed, streamed_rate = soundfile.read(tmp_path / "out.opus")
    assert streamed_rate == whole_rate == 24000
    assert len(streamed) == len(whole)
    assert np.max(np.abs(streamed - whole)) < 0.02
