"""A whole programme kept on disk as it is made, then normalised and encoded block by block.

``narrate`` holds a narration in memory, which is fine for an article of a few
minutes; at the 30,000-word limit (about 2.5 hours) the samples alone take
0.8 GB and their normalised copies several times that. A ``ProgrammeFile``
appends each chunk to a temporary raw file beside the output and measures its
loudness on the way (``LoudnessMeter``); ``export`` then does what
``loudness.normalise`` does to a whole programme (gain to -16 LUFS, limit,
measure again, correct, limit) in passes over the file, a few seconds at a
time, encoding as it goes. Peak memory stays flat in the programme's length.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from types import TracebackType

import numpy as np
import numpy.typing as npt
import soundfile

from voxpress.audio.encode import OPUS_RATES, Mp3StreamEncoder, resample, to_int16
from voxpress.audio.loudness import TARGET_LUFS, LoudnessMeter, limit_peaks, limiter_context

Samples = npt.NDArray[np.float32]

BLOCK_SECONDS = 10.0
"""Audio read, normalised and encoded at a time by ``export``."""
_FLOAT_BYTES = 4


class ProgrammeFile:
    """Float32 mono samples appended to a temporary file, with their loudness measured as they come.

    Use as a context manager: the temporary file is removed on leaving, on
    success or error.
    """

    def __init__(self, sample_rate: int, folder: Path | None = None) -> None:
        self.sample_rate = sample_rate
        handle, name = tempfile.mkstemp(prefix=".voxpress-programme-", suffix=".f32", dir=folder)
        os.close(handle)
        self.path = Path(name)
        self.samples_written = 0
        self._meter = LoudnessMeter(sample_rate)
        self._out = self.path.open("ab")

    def __enter__(self) -> ProgrammeFile:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Remove the temporary file."""
        self._out.close()
        self.path.unlink(missing_ok=True)

    @property
    def duration(self) -> float:
        """Seconds written so far."""
        return self.samples_written / self.sample_rate

    def write(self, samples: Samples) -> None:
        """Append the next samples of the programme."""
        block = np.ascontiguousarray(samples, dtype=np.float32)
        self._out.write(block.tobytes())
        self._meter.add(block)
        self.samples_written += len(block)

    def _read(self, start: int, stop: int) -> Samples:
        start, stop = max(0, start), min(self.samples_written, stop)
        with self.path.open("rb") as source:
            source.seek(start * _FLOAT_BYTES)
            data = source.read((stop - start) * _FLOAT_BYTES)
        return np.frombuffer(data, dtype=np.float32)

    def _blocks(self, gains: tuple[float, ...], multiple: int = 1) -> Iterator[Samples]:
        """The programme normalised block by block: for each gain, scaled then peak-limited, as
        ``loudness.normalise`` does to the whole (each block read with enough context that the
        limiter gives the same samples). Blocks are whole multiples of ``multiple`` samples."""
        context = 2 * limiter_context(self.sample_rate) * len(gains)
        size = max(multiple, round(BLOCK_SECONDS * self.sample_rate) // multiple * multiple)
        for start in range(0, self.samples_written, size):
            stop = min(start + size, self.samples_written)
            before = min(context, start)
            block = self._read(start - before, stop + context)
            for gain in gains:
                block = limit_peaks(block * np.float32(gain), self.sample_rate)
            yield block[before : before + stop - start]

    def normalised_gains(self, target_lufs: float = TARGET_LUFS) -> tuple[float, float]:
        """The two gains of ``loudness.normalise``: to the target, then the correction after
        limiting (measured in one pass over the file)."""
        first = self._meter.gain_to(target_lufs)
        self._out.flush()
        after_limiting = LoudnessMeter(self.sample_rate)
        for block in self._blocks((first,)):
            after_limiting.add(block)
        return first, after_limiting.gain_to(target_lufs)

    def export(self, path: Path, fmt: str, target_lufs: float = TARGET_LUFS) -> None:
        """Write the programme to ``path`` as ``fmt`` (mp3, opus or wav), at ``target_lufs``."""
        gains = self.normalised_gains(target_lufs)
        if fmt == "mp3":
            encoder = Mp3StreamEncoder(self.sample_rate)
            with path.open("wb") as out:
                for block in self._blocks(gains):
                    out.write(encoder.encode(block))
                out.write(encoder.flush())
        elif fmt == "wav":
            with soundfile.SoundFile(path, "w", self.sample_rate, 1, format="WAV", subtype="PCM_16") as out:
                for block in self._blocks(gains):
                    out.write(to_int16(block))
        elif fmt == "opus":
            self._export_opus(path, gains)
        else:
            raise ValueError(f"unknown audio format {fmt!r}; use mp3, opus or wav")

    def _export_opus(self, path: Path, gains: tuple[float, ...]) -> None:
        """Opus at the nearest rate it takes, resampled block by block: blocks are whole
        multiples of the resampling ratio's denominator, with context for the filter."""
        opus_rate = min((r for r in OPUS_RATES if r >= self.sample_rate), default=48000)
        ratio = Fraction(opus_rate, self.sample_rate)
        up, down = ratio.numerator, ratio.denominator
        margin = 64 * down  # far beyond the polyphase filter's half-length (10·max(up, down) taps)
        left: Samples = np.zeros(0, dtype=np.float32)  # input already written: context before
        pending: Samples = np.zeros(0, dtype=np.float32)  # input not yet written
        with soundfile.SoundFile(path, "w", opus_rate, 1, format="OGG", subtype="OPUS") as out:
            for block in self._blocks(gains, multiple=down):
                pending = np.concatenate([pending, block])
                if len(pending) <= margin:
                    continue
                ready = len(pending) - margin  # a multiple of ``down``; the rest is context after it
                segment = np.concatenate([left, pending])
                resampled = resample(segment, self.sample_rate, opus_rate)
                out.write(resampled[len(left) * up // down : (len(left) + ready) * up // down])
                left = np.concatenate([left, pending[:ready]])[-margin:]
                pending = pending[ready:]
            if len(pending):
                resampled = resample(np.concatenate([left, pending]), self.sample_rate, opus_rate)
                out.write(resampled[len(left) * up // down :])
