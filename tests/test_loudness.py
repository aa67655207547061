"""The loudness meter and the limiter's sliding windows against the libraries they replace.

pyloudnorm and scipy are only references here: ``voxpress.audio.loudness`` does
not import them (their import costs a process about a CPU-second).
"""

from __future__ import annotations

import itertools
import subprocess
import sys

import numpy as np
import pyloudnorm
import pytest
from scipy.ndimage import maximum_filter1d, uniform_filter1d
from scipy.signal import lfilter

from voxpress.audio.loudness import (
    KWeighting,
    LoudnessMeter,
    integrated_loudness,
    k_weighting,
    k_weighting_response,
    limit_peaks,
    limiter_context,
    sliding_maximum,
    sliding_mean,
)

RATES = (16000, 22050, 24000, 44100, 48000)


def speech_like(seconds: float, rate: int, seed: int = 3) -> np.ndarray:
    """Syllable-shaped noise bursts at varying levels with pauses: gating behaves as on speech."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * rate)) / rate
    syllables = np.clip(np.sin(2 * np.pi * 3.5 * t), 0, None) ** 2
    level = np.repeat(rng.uniform(0.01, 0.3, int(seconds) + 1), rate)[: len(t)]
    samples = level * syllables * rng.standard_normal(len(t))
    samples[int(1.5 * rate) : int(3 * rate)] = 0.0  # a paragraph pause
    return samples.astype(np.float32)


def noise(seconds: float, rate: int, seed: int = 4) -> np.ndarray:
    """Steady white noise with a hum and a DC offset, which the high pass must remove."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * rate)) / rate
    return (0.1 * rng.standard_normal(len(t)) + 0.2 * np.sin(2 * np.pi * 50 * t) + 0.05).astype(np.float32)


def pyloudnorm_loudness(samples: np.ndarray, rate: int) -> float:
    return float(pyloudnorm.Meter(rate).integrated_loudness(samples.astype(np.float64)))


@pytest.mark.parametrize("rate", [8000, *RATES, 96000])
def test_k_weighting_coefficients_are_pyloudnorms(rate: int) -> None:
    reference = list(pyloudnorm.Meter(rate)._filters.values())
    ours = k_weighting(rate)
    assert [f.filter_type for f in reference] == ["high_shelf", "high_pass"]
    for section, theirs in zip(ours, reference, strict=True):
        np.testing.assert_allclose(section.b, theirs.b, rtol=0, atol=1e-12)
        np.testing.assert_allclose(section.a, theirs.a, rtol=0, atol=1e-12)
        assert section.a[0] == 1.0
        assert section.passband_gain == theirs.passband_gain


@pytest.mark.parametrize("rate", RATES)
def test_the_impulse_response_is_the_filters_and_what_is_cut_is_negligible(rate: int) -> None:
    response = k_weighting_response(rate)
    impulse = np.zeros(20 * len(response))
    impulse[0] = 1.0
    for theirs in pyloudnorm.Meter(rate)._filters.values():
        impulse = theirs.passband_gain * lfilter(theirs.b, theirs.a, impulse)
    np.testing.assert_allclose(response, impulse[: len(response)], rtol=0, atol=1e-14)
    assert abs(impulse[len(response) :]).max() < 1e-12 * abs(response).max()
    assert abs(impulse[len(response) :]).sum() < 1e-9  # the most a weighted sample can change, per unit input
    assert 0.09 < len(response) / rate < 0.13


@pytest.mark.parametrize("rate", RATES)
def test_k_weighting_in_pieces_is_scipys_filter_of_the_whole(rate: int) -> None:
    samples = speech_like(12.0, rate).astype(np.float64)
    expected = samples
    for theirs in pyloudnorm.Meter(rate)._filters.values():
        expected = theirs.passband_gain * lfilter(theirs.b, theirs.a, expected)
    weighting = KWeighting(rate)
    # pieces of one sample, shorter and longer than the response, and one longer than a pass
    cuts = [0, 0, 1, 2, 500, 700, 5000, 40000, 41000, 41001, 9 * rate, 12 * rate]
    pieces = [weighting(samples[start:stop]) for start, stop in itertools.pairwise(cuts)]
    assert [len(piece) for piece in pieces] == np.diff(cuts).tolist()
    np.testing.assert_allclose(np.concatenate(pieces), expected, rtol=0, atol=1e-10)


@pytest.mark.parametrize("signal", [speech_like, noise])
@pytest.mark.parametrize("rate", RATES)
def test_integrated_loudness_is_pyloudnorms(rate: int, signal) -> None:
    samples = signal(20.0, rate)
    expected = pyloudnorm_loudness(samples, rate)
    assert -40 < expected < -5
    assert integrated_loudness(samples, rate) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("rate", RATES)
def test_streaming_in_uneven_chunks_measures_what_the_whole_measures(rate: int) -> None:
    samples = speech_like(31.0, rate, seed=8)
    rng = np.random.default_rng(rate)
    meter = LoudnessMeter(rate)
    start = 0
    while start < len(samples):
        size = int(rng.choice([1, 17, int(rng.integers(100, 4000)), int(rng.integers(rate, 6 * rate))]))
        meter.add(samples[start : start + size])
        start += size
    whole = integrated_loudness(samples, rate)
    assert meter.integrated() == pytest.approx(whole, abs=1e-9)
    assert meter.integrated() == pytest.approx(pyloudnorm_loudness(samples, rate), abs=1e-6)


def test_silence_and_audio_too_short_to_gate_have_no_loudness() -> None:
    rate = 22050
    assert integrated_loudness(np.zeros(5 * rate, dtype=np.float32), rate) == float("-inf")
    assert integrated_loudness(noise(0.4, rate), rate) == float("-inf")
    assert integrated_loudness(1e-6 * noise(5.0, rate), rate) == float("-inf")  # under the -70 LUFS gate
    meter = LoudnessMeter(rate)
    meter.add(np.zeros(0, dtype=np.float32))
    assert meter.integrated() == float("-inf")
    assert meter.gain_to(-16.0) == 1.0


def _lengths_and_windows() -> list[tuple[int, int]]:
    """Every window from 1 to 24 over lengths that are shorter than, equal to and far longer than it."""
    return [(length, window) for length in [*range(1, 30), 97, 1000, 4099] for window in range(1, 25)]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sliding_maximum_is_scipys(dtype: type) -> None:
    rng = np.random.default_rng(11)
    for length, window in _lengths_and_windows():
        values = rng.standard_normal(length).astype(dtype)
        ours = sliding_maximum(values, window)
        assert ours.dtype == values.dtype
        assert np.array_equal(ours, maximum_filter1d(values, size=window)), (length, window)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sliding_mean_is_scipys(dtype: type) -> None:
    rng = np.random.default_rng(12)
    for length, window in _lengths_and_windows():
        values = rng.uniform(-1.0, 1.0, length).astype(dtype)
        ours = sliding_mean(values, window)
        theirs = uniform_filter1d(values, size=window)
        assert ours.dtype == theirs.dtype
        # The same means: float32 ones apart at most in the last place; in float64 scipy's running
        # sum drifts by a few units in the last place over a long line, ours sums within blocks.
        tolerance = 2 * np.finfo(np.float32).eps if dtype is np.float32 else 1e-13
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=tolerance, err_msg=f"{length} {window}")


def test_sliding_windows_of_nothing_are_nothing() -> None:
    empty = np.zeros(0, dtype=np.float32)
    assert len(sliding_maximum(empty, 5)) == len(sliding_mean(empty, 5)) == 0


def _scipy_limit_peaks(samples: np.ndarray, sample_rate: int, ceiling_dbfs: float = -1.5) -> np.ndarray:
    """The limiter as it was written with scipy.ndimage."""
    ceiling = 10 ** (ceiling_dbfs / 20)
    window = limiter_context(sample_rate)
    held = maximum_filter1d(np.abs(samples), size=window)
    gain = np.minimum(1.0, ceiling / np.maximum(held, 1e-9))
    gain = np.minimum(gain, uniform_filter1d(gain, size=window))
    return np.clip(samples * gain, -ceiling, ceiling).astype(np.float32)


def _too_loud(seconds: float, rate: int) -> np.ndarray:
    """A voice-like tone whose level jumps every second, often well over the ceiling, and clicks."""
    rng = np.random.default_rng(rate)
    t = np.arange(int(seconds * rate)) / rate
    level = np.repeat(rng.uniform(0.2, 3.0, int(seconds) + 1), rate)[: len(t)]
    samples = level * np.sin(2 * np.pi * 190 * t) * (1 + 0.3 * np.sin(2 * np.pi * 3 * t))
    samples[rng.integers(0, len(t), 60)] = rng.choice([-4.0, 4.0], 60)
    return samples.astype(np.float32)


@pytest.mark.parametrize("rate", RATES)
def test_the_limiter_gives_the_samples_it_gave_with_scipy(rate: int) -> None:
    samples = _too_loud(20.0, rate)
    limited = limit_peaks(samples, rate)
    assert limited.dtype == np.float32
    assert np.abs(limited).max() <= 10 ** (-1.5 / 20)
    assert np.array_equal(limited, _scipy_limit_peaks(samples, rate))


@pytest.mark.parametrize("rate", [16000, 22050, 24000])
def test_sparse_peaks_are_limited_where_they_are_as_the_whole_would_be(rate: int) -> None:
    """Speech has few peaks: the limiter works only around them, and gives scipy's samples, with
    peaks at both ends, alone, and in stretches just closer and just farther apart than it joins."""
    rng = np.random.default_rng(rate)
    samples = (0.3 * np.sin(2 * np.pi * 170 * np.arange(6 * rate) / rate)).astype(np.float32)
    window = limiter_context(rate)
    peaks = [0, 1, rate, rate + 6 * window, 2 * rate, 2 * rate + 6 * window + 1, 3 * rate]
    peaks += [*range(4 * rate, 4 * rate + 40 * window, 3 * window), len(samples) - 2, len(samples) - 1]
    samples[peaks] = rng.choice([-1.6, 1.4, 2.5], len(peaks)).astype(np.float32)
    limited = limit_peaks(samples, rate)
    assert np.array_equal(limited, _scipy_limit_peaks(samples, rate))
    assert np.abs(limited).max() <= 10 ** (-1.5 / 20)
    far = np.ones(len(samples), dtype=bool)
    for peak in peaks:
        far[max(0, peak - window) : peak + window + 1] = False
    assert np.array_equal(limited[far], samples[far])  # untouched away from the peaks


@pytest.mark.parametrize("rate", [22050, 48000])
def test_the_limiter_of_a_block_with_its_context_is_the_limiter_of_the_whole(rate: int) -> None:
    samples = _too_loud(12.0, rate)
    whole = limit_peaks(samples, rate)
    context = 2 * limiter_context(rate)
    for start, stop in [(0, 3 * rate), (3 * rate, 7 * rate + 13), (7 * rate + 13, len(samples))]:
        before = min(context, start)
        block = limit_peaks(samples[start - before : stop + context], rate)
        assert np.array_equal(block[before : before + stop - start], whole[start:stop])


def test_the_narration_path_imports_neither_scipy_nor_pyloudnorm() -> None:
    code = (
        "import sys, voxpress.narration, voxpress.audio.programme, voxpress.voices, voxpress.speech,"
        " voxpress.cli, voxpress.server.app;"
        " print(sorted({m.split('.')[0] for m in sys.modules} & {'scipy', 'pyloudnorm'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
