"""Audio encoding and loudness on generated signals."""

from __future__ import annotations

import io

import numpy as np
import pyloudnorm
import pytest
import soundfile

from voxpress.audio.encode import Mp3StreamEncoder, encode_audio, resample
from voxpress.audio.loudness import limit_peaks, normalise
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
