"""Loudness: bring a narration to broadcast speech loudness with safe peaks.

Integrated loudness is measured with ITU-R BS.1770 (K-weighting, 400 ms blocks,
absolute and relative gates); peaks are held under the ceiling by a short
look-ahead limiter rather than by lowering the whole programme, so the loudness
target is kept.

The K-weighting filter and the limiter's sliding windows are written here with
numpy rather than taken from pyloudnorm and scipy: importing ``scipy.signal``
(which brings ``scipy.ndimage``) costs about a CPU-second in every process that
narrates.
The meter gives pyloudnorm's numbers (same filter parameters, blocks and gates)
and the windows give scipy.ndimage's samples; the tests hold both to that.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

Float64s = npt.NDArray[np.float64]

TARGET_LUFS = -16.0
"""Integrated loudness of every narration (podcast and spoken-word norm)."""
PEAK_CEILING_DBFS = -1.5
"""Sample peaks stay under this; 0.5 dB below the -1 dBFS promise leaves room for MP3 overshoot."""
_MIN_MEASURABLE_SECONDS = 0.5


def integrated_loudness(samples: np.ndarray, sample_rate: int) -> float:
    """Integrated loudness in LUFS, or -inf for silence or audio too short to gate."""
    meter = LoudnessMeter(sample_rate)
    meter.add(samples)
    return meter.integrated()


def limit_peaks(samples: np.ndarray, sample_rate: int, ceiling_dbfs: float = PEAK_CEILING_DBFS) -> np.ndarray:
    """Hold peaks under ``ceiling_dbfs`` with a 5 ms look-ahead gain envelope.

    The gain is below 1 only within a window of a sample over the ceiling, so it is computed only
    around those samples (each stretch of peaks with two windows of context on each side) and
    the rest is passed through: the same samples as limiting the whole, at a fraction of the work
    for speech, whose peaks are few. The windows' sums are exact (``sliding_mean``), so where a
    stretch is cut does not change them.
    """
    ceiling = 10 ** (ceiling_dbfs / 20)
    over = np.flatnonzero(np.abs(samples) > ceiling)
    if not len(over):
        return samples
    window = limiter_context(sample_rate)
    limited = np.array(samples, dtype=np.float32)  # a copy, whatever the input's dtype
    # stretches of peaks closer than the context they need are limited together
    breaks = np.flatnonzero(np.diff(over) > 6 * window)
    firsts = np.concatenate([over[:1], over[breaks + 1]])
    lasts = np.concatenate([over[breaks], over[-1:]])
    for first, last in zip(firsts.tolist(), lasts.tolist(), strict=True):
        changed_from, changed_to = max(0, first - window), min(len(samples), last + window + 1)
        start, stop = max(0, changed_from - 2 * window), min(len(samples), changed_to + 2 * window)
        stretch = _limited(samples[start:stop], window, ceiling)
        limited[changed_from:changed_to] = stretch[changed_from - start : changed_to - start]
    return limited


def _limited(samples: np.ndarray, window: int, ceiling: float) -> np.ndarray:
    """``samples`` limited as a whole, edges mirrored."""
    held = sliding_maximum(np.abs(samples), window)
    gain = np.minimum(1.0, ceiling / np.maximum(held, 1e-9))
    # Smoothing can only lift the gain a little above the held minimum, so take the minimum again.
    gain = np.minimum(gain, sliding_mean(gain, window))
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

    The K-weighting filter keeps its state from one call to the next; what is
    kept of the signal is its weighted energy at each block boundary (two floats a
    tenth of a second), so a programme of hours is measured in a few megabytes.
    Same filter parameters, blocks and gates as ``pyloudnorm``.
    """

    def __init__(self, sample_rate: int) -> None:
        self.sample_rate = sample_rate
        self._weighting = KWeighting(sample_rate)
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
        weighted = self._weighting(samples)
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


def sliding_maximum(values: np.ndarray, size: int) -> np.ndarray:
    """The maximum of each window of ``size`` samples centred on a sample, edges mirrored.

    ``scipy.ndimage.maximum_filter1d(values, size)`` in its defaults, in O(n)
    whatever the window (van Herk/Gil-Werman): cut into blocks of ``size``, every
    window is the end of one block and the start of the next.
    """
    if not len(values):
        return values.copy()
    rows = _mirrored_in_blocks(values, size)
    from_start = np.maximum.accumulate(rows, axis=1)
    to_end = np.empty_like(rows)
    np.maximum.accumulate(rows[:, ::-1], axis=1, out=to_end[:, ::-1])
    maxima = to_end.reshape(-1)[: len(values)]
    return np.maximum(maxima, from_start.reshape(-1)[size - 1 : size - 1 + len(values)], out=maxima)


def sliding_mean(values: np.ndarray, size: int) -> np.ndarray:
    """The mean of each window of ``size`` samples centred on a sample, edges mirrored, in ``values``' dtype.

    ``scipy.ndimage.uniform_filter1d(values, size)`` in its defaults. The window
    sums are put together from sums within blocks of ``size`` rather than from a
    running total, so every partial sum stays small: exact in float64 for float32
    input (limiter gains), and the same for a block of a programme as for the whole.
    """
    if not len(values):
        return values.copy()
    rows = _mirrored_in_blocks(values, size, np.float64)
    from_start = np.add.accumulate(rows, axis=1)
    to_end = rows  # from each sample to its block's end: the block's total less what comes before
    to_end -= from_start
    to_end += from_start[:, -1:]
    # A window that begins a block is that block, all of it in ``to_end``: leave out the totals.
    from_start[:, -1] = 0.0
    sums = to_end.reshape(-1)[: len(values)]
    sums += from_start.reshape(-1)[size - 1 : size - 1 + len(values)]
    sums /= size
    return sums.astype(values.dtype)


def _mirrored_in_blocks(values: np.ndarray, size: int, dtype: npt.DTypeLike | None = None) -> np.ndarray:
    """``values`` as rows of ``size``, with ``size // 2`` samples before and ``size - 1 - size // 2``
    after mirrored about the edges, the edge sample repeated (d c b a | a b c d | d c b a), as
    scipy.ndimage's 'reflect' mode and centring have it. The rest of the last row is in no window
    (it is filled with the last sample, so that it is at least finite)."""
    before, after = size // 2, size - 1 - size // 2
    blocks = -(-(len(values) + size - 1) // size)
    rows = np.empty(blocks * size, dtype=dtype or values.dtype)
    if before <= len(values) and after <= len(values):
        rows[:before] = values[:before][::-1]
        rows[before : before + len(values)] = values
        rows[before + len(values) : before + len(values) + after] = values[len(values) - after :][::-1]
    else:  # mirrored more than once
        rows[: len(values) + size - 1] = np.pad(values, (before, after), mode="symmetric")
    rows[len(values) + size - 1 :] = rows[len(values) + size - 2]
    return rows.reshape(blocks, size)


class Biquad(NamedTuple):
    """A second-order IIR section, ``a[0]`` normalised to 1, and a gain applied to its output."""

    b: tuple[float, float, float]
    a: tuple[float, float, float]
    passband_gain: float = 1.0


SHELF_GAIN_DB = 4.0
SHELF_Q = 1 / math.sqrt(2)
SHELF_HZ = 1500.0
HIGH_PASS_Q = 0.5
HIGH_PASS_HZ = 38.0
"""K-weighting's two stages as pyloudnorm's ``Meter`` builds them (BS.1770's filters made for any rate)."""


def k_weighting(sample_rate: int) -> tuple[Biquad, Biquad]:
    """BS.1770's K-weighting at ``sample_rate``: a +4 dB high shelf (the head's acoustic effect)
    then the RLB high pass, each designed with the Audio EQ Cookbook's bilinear formulas."""
    shelf = _high_shelf(SHELF_GAIN_DB, SHELF_Q, SHELF_HZ, sample_rate)
    return shelf, _high_pass(HIGH_PASS_Q, HIGH_PASS_HZ, sample_rate)


def _high_shelf(gain_db: float, q: float, corner_hz: float, sample_rate: int) -> Biquad:
    amplitude = 10 ** (gain_db / 40)  # the cookbook's A: the square root of the linear gain
    omega = 2 * math.pi * corner_hz / sample_rate
    cos_omega = math.cos(omega)
    alpha = math.sin(omega) / (2 * q)
    root_alpha = 2 * math.sqrt(amplitude) * alpha
    plus, minus = amplitude + 1, amplitude - 1
    a0 = plus - minus * cos_omega + root_alpha
    b = (
        amplitude * (plus + minus * cos_omega + root_alpha) / a0,
        -2 * amplitude * (minus + plus * cos_omega) / a0,
        amplitude * (plus + minus * cos_omega - root_alpha) / a0,
    )
    a = (1.0, 2 * (minus - plus * cos_omega) / a0, (plus - minus * cos_omega - root_alpha) / a0)
    return Biquad(b, a)


def _high_pass(q: float, corner_hz: float, sample_rate: int) -> Biquad:
    omega = 2 * math.pi * corner_hz / sample_rate
    cos_omega = math.cos(omega)
    alpha = math.sin(omega) / (2 * q)
    a0 = 1 + alpha
    b = ((1 + cos_omega) / 2 / a0, -(1 + cos_omega) / a0, (1 + cos_omega) / 2 / a0)
    return Biquad(b, (1.0, -2 * cos_omega / a0, (1 - alpha) / a0))


_NEGLIGIBLE = 1e-12
"""The impulse response ends where it stays under this fraction of its peak."""


@lru_cache(maxsize=8)
def k_weighting_response(sample_rate: int) -> Float64s:
    """K-weighting's impulse response, up to where it has decayed for good.

    Both sections are stable, so the response dies away (about 0.11 s at any
    rate: the high pass's double pole sets it); it is cut where it stays under
    1e-12 of its peak for a tenth of a second. What is cut would change a
    weighted sample by less than 1e-9 of the input's peak.
    """
    sections = k_weighting(sample_rate)
    states = [[0.0, 0.0] for _ in sections]  # transposed direct form II
    response: list[float] = []
    peak = 0.0
    quiet = 0  # samples in a row under the threshold
    value = 1.0
    while quiet < sample_rate // 10:
        for (b, a, passband_gain), state in zip(sections, states, strict=True):
            out = b[0] * value + state[0]
            state[0] = b[1] * value - a[1] * out + state[1]
            state[1] = b[2] * value - a[2] * out
            value = passband_gain * out
        response.append(value)
        peak = max(peak, abs(value))
        quiet = quiet + 1 if abs(value) < _NEGLIGIBLE * peak else 0
        value = 0.0
    cut = np.array(response[: len(response) - quiet])
    cut.flags.writeable = False
    return cut


@lru_cache(maxsize=16)
def _response_spectrum(sample_rate: int, fft_size: int) -> npt.NDArray[np.complex128]:
    spectrum = np.fft.rfft(k_weighting_response(sample_rate), fft_size)
    spectrum.flags.writeable = False
    return spectrum


_SEGMENTS_PER_PASS = 4
"""FFT segments transformed at once: bounds the memory of one call, whatever its length."""


class KWeighting:
    """The K-weighting filter applied piece by piece, each piece as filtering the whole would give it.

    FFT convolution with the impulse response (overlap-add): the ringing past the
    end of one piece is carried into the next, so the state is one impulse
    response long (2,400 floats at 22050 Hz) however long the programme. On 5 s
    pieces it takes about the CPU of scipy's ``lfilter`` on the two sections.
    """

    def __init__(self, sample_rate: int) -> None:
        self.sample_rate = sample_rate
        self._response_length = len(k_weighting_response(sample_rate))
        # Transforms at least four responses long, so most of each is new samples; none shorter
        # than 16384 points, the fastest per sample here (measured from 16 to 48 kHz).
        self._fft_size = max(16384, 1 << (4 * self._response_length - 1).bit_length())
        self._carried = np.zeros(self._response_length - 1)

    def __call__(self, samples: np.ndarray) -> Float64s:
        """The next ``len(samples)`` weighted samples, in float64 whatever the input's float type."""
        if not len(samples):
            return np.zeros(0)
        longest = _SEGMENTS_PER_PASS * (self._fft_size - self._response_length + 1)
        if len(samples) <= longest:
            return self._next(samples)
        return np.concatenate(
            [self._next(samples[at : at + longest]) for at in range(0, len(samples), longest)]
        )

    def _next(self, samples: np.ndarray) -> Float64s:
        convolved = self._convolved(samples)
        convolved[: len(self._carried)] += self._carried
        self._carried = convolved[len(samples) :].copy()
        return convolved[: len(samples)]

    def _convolved(self, samples: np.ndarray) -> Float64s:
        """The full convolution of ``samples`` with the response (``len(samples) + length - 1`` samples)."""
        length = self._response_length
        full = len(samples) + length - 1
        # A short piece takes one transform just long enough.
        fft_size = min(self._fft_size, 1 << (full - 1).bit_length())
        step = fft_size - length + 1  # input samples per segment
        segments = -(-len(samples) // step)
        whole = len(samples) // step
        frames = np.zeros((segments, fft_size))
        frames[:whole, :step] = samples[: whole * step].reshape(whole, step)
        if whole < segments:
            frames[whole, : len(samples) - whole * step] = samples[whole * step :]
        spectra = np.fft.rfft(frames, axis=1)
        spectra *= _response_spectrum(self.sample_rate, fft_size)
        pieces = np.fft.irfft(spectra, fft_size, axis=1)
        if segments == 1:
            return pieces[0, :full]
        # Here a segment's overhang (length - 1) is shorter than a step: it only reaches the next one.
        pieces[1:, : length - 1] += pieces[:-1, step:]
        out = np.empty(segments * step + length - 1)
        out[: segments * step].reshape(segments, step)[:] = pieces[:, :step]
        out[segments * step :] = pieces[-1, step:]
        return out[:full]
