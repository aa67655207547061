"""Loudness: bring a narration to broadcast speech loudness with safe peaks.

Integrated loudness is measured with ITU-R BS.1770 (``pyloudnorm``); peaks are
held under the ceiling by a short look-ahead limiter rather than by lowering
the whole programme, so the loudness target is kept.
"""

from __future__ import annotations

import numpy as np
import pyloudnorm
from scipy.ndimage import maximum_filter1d, uniform_filter1d
from scipy.signal import lfilter, lfilter_zi

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
    window = limiter_context(sample_rate)
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


BLOCK_SECONDS = 0.4
"""BS.1770 gating block."""
BLOCK_STEP = 0.25
"""Blocks overlap by 75%: a new one starts every quarter block."""
ABSOLUTE_GATE_LUFS = -70.0
RELATIVE_GATE_LU = -10.0


class LoudnessMeter:
    """BS.1770 integrated loudness measured as samples arrive, in memory that does not grow with them.

    The K-weighting filters keep their state from one call to the next; what is
    kept of the signal is its weighted energy at each block boundary (two floats a
    tenth of a second), so a programme of hours is measured in a few megabytes.
    Same blocks and gates as ``pyloudnorm`` (its filter coefficients are used).
    """

    def __init__(self, sample_rate: int) -> None:
        meter = pyloudnorm.Meter(sample_rate)
        self.sample_rate = sample_rate
        self._filters = [(f.passband_gain, f.b, f.a) for f in meter._filters.values()]
        self._states = [lfilter_zi(b, a) * 0.0 for _, b, a in self._filters]
        self._count = 0  # samples measured so far
        self._energy = 0.0  # weighted energy of those samples
        self._starts: list[float] = []  # cumulative energy at each block's start
        self._ends: list[float] = []  # ... and at each block's end

    def _start(self, block: int) -> int:
        return int(BLOCK_SECONDS * (block * BLOCK_STEP) * self.sample_rate)

    def _end(self, block: int) -> int:
        return int(BLOCK_SECONDS * (block * BLOCK_STEP + 1) * self.sample_rate)

    def add(self, samples: np.ndarray) -> None:
        """Measure the next samples of the programme."""
        if not len(samples):
            return
        weighted = samples.astype(np.float64)
        for number, (gain, b, a) in enumerate(self._filters):
            filtered, self._states[number] = lfilter(b, a, weighted, zi=self._states[number])
            weighted = gain * filtered
        cumulative = self._energy + np.cumsum(np.square(weighted))
        first, end = self._count, self._count + len(samples)
        for boundaries, position in ((self._starts, self._start), (self._ends, self._end)):
            while (at := position(len(boundaries))) <= end:
                boundaries.append(self._energy if at == first else float(cumulative[at - first - 1]))
        self._count, self._energy = end, float(cumulative[-1])

    def integrated(self) -> float:
        """Integrated loudness in LUFS so far; -inf for silence or audio too short to gate."""
        if self._count < _MIN_MEASURABLE_SECONDS * self.sample_rate or self._energy <= 0:
            return float("-inf")
        seconds = self._count / self.sample_rate
        blocks = int(np.round((seconds - BLOCK_SECONDS) / (BLOCK_SECONDS * BLOCK_STEP))) + 1
        ends = self._ends + [self._energy] * max(0, blocks - len(self._ends))
        z = (np.array(ends[:blocks]) - np.array(self._starts[:blocks])) / (BLOCK_SECONDS * self.sample_rate)
        with np.errstate(divide="ignore"):
            loudness = -0.691 + 10 * np.log10(z)
        above_absolute = loudness >= ABSOLUTE_GATE_LUFS
        if not above_absolute.any():
            return float("-inf")
        relative = -0.691 + 10 * np.log10(z[above_absolute].mean()) + RELATIVE_GATE_LU
        gated = z[(loudness > relative) & (loudness > ABSOLUTE_GATE_LUFS)]
        return float(-0.691 + 10 * np.log10(gated.mean())) if len(gated) else float("-inf")

    def gain_to(self, target_lufs: float = TARGET_LUFS) -> float:
        """Linear gain that brings what was measured to ``target_lufs`` (1.0 when not measurable)."""
        loudness = self.integrated()
        return float(10 ** ((target_lufs - loudness) / 20)) if np.isfinite(loudness) else 1.0


def limiter_context(sample_rate: int) -> int:
    """Samples of context on each side that make ``limit_peaks`` of a block equal the whole's."""
    return max(3, int(0.005 * sample_rate))
