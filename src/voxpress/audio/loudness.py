"""Loudness: bring a narration to broadcast speech loudness with safe peaks.

Integrated loudness is measured with ITU-R BS.1770 (``pyloudnorm``); peaks are
held under the ceiling by a short look-ahead limiter rather than by lowering
the whole programme, so the loudness target is kept.
"""

from __future__ import annotations

import numpy as np
import pyloudnorm
from scipy.ndimage import maximum_filter1d, uniform_filter1d

TARGET_LUFS = -16.0
"""Integrated loudness of every narration (podcast and spoken-word norm)."""
PEAK_CEILING_DBFS = -1.5
"""Sample peaks stay under this; 0.5 dB below the -1 dBFS promise leaves room for MP3 overshoot."""
_MIN_MEASURABLE_SECONDS = 0.5


def integrated_loudness(samples: np.ndarray, sample_rate: int) -> float:
    """Integrated loudness in LUFS, or -inf for silence or audio too short to gate."""
    if len(samples) < _MIN_MEASURABLE_SECONDS * sample_rate or not np.any(samples):
        return float("-inf")
    return float(pyloudnorm.Meter(sample_rate).integrated_loudness(samples.astype(np.float64)))


def limit_peaks(samples: np.ndarray, sample_rate: int, ceiling_dbfs: float = PEAK_CEILING_DBFS) -> np.ndarray:
    """Hold peaks under ``ceiling_dbfs`` with a 5 ms look-ahead gain envelope."""
    ceiling = 10 ** (ceiling_dbfs / 20)
    envelope = np.abs(samples)
    if envelope.max(initial=0.0) <= ceiling:
        return samples
    window = max(3, int(0.005 * sample_rate))
    held = maximum_filter1d(envelope, size=window)
    gain = np.minimum(1.0, ceiling / np.maximum(held, 1e-9))
    # Smoothing can only lift the gain a little above the held minimum, so take the minimum again.
    gain = np.minimum(gain, uniform_filter1d(gain, size=window))
    return np.clip(samples * gain, -ceiling, ceiling).astype(np.float32)


def gain_to(samples: np.ndarray, sample_rate: int, target_lufs: float = TARGET_LUFS) -> float:
    """Linear gain that brings ``samples`` to ``target_lufs`` (1.0 when not measurable)."""
    loudness = integrated_loudness(samples, sample_rate)
    if not np.isfinite(loudness):
        return 1.0
    return float(10 ** ((target_lufs - loudness) / 20))


def normalise(samples: np.ndarray, sample_rate: int, target_lufs: float = TARGET_LUFS) -> np.ndarray:
    """The narration at ``target_lufs`` integrated, peaks under the ceiling."""
    out = limit_peaks(samples * gain_to(samples, sample_rate, target_lufs), sample_rate)
    # Limiting lowers loudness slightly; one more pass lands within a few hundredths of a dB.
    return limit_peaks(out * gain_to(out, sample_rate, target_lufs), sample_rate)
