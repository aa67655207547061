"""Audio files: encode float samples as MP3, Opus or WAV, whole or as a stream.

MP3 goes through LAME (``lameenc``), Opus and WAV through libsndfile
(``soundfile``). Opus only takes 8, 12, 16, 24 or 48 kHz, so other rates are
resampled with a polyphase filter first.
"""

from __future__ import annotations

import io
from fractions import Fraction
from typing import Literal

import lameenc
import numpy as np
import soundfile

AudioFormat = Literal["mp3", "opus", "wav"]
FORMATS: tuple[AudioFormat, ...] = ("mp3", "opus", "wav")
MEDIA_TYPES: dict[str, str] = {"mp3": "audio/mpeg", "opus": "audio/ogg", "wav": "audio/wav"}
EXTENSIONS: dict[str, str] = {"mp3": ".mp3", "opus": ".opus", "wav": ".wav"}

MP3_BITRATE_KBPS = 64
"""Mono speech at 64 kbit/s is transparent for these voices and small enough to stream."""
LAME_QUALITY = 5
"""LAME's algorithm choice (0 best and slowest … 9): its default, 5, encodes speech in a third of the CPU
of 2 (0.11 against 0.31 CPU-s per minute of audio here) at the same bit rate, with no difference
one can hear in mono speech at 64 kbit/s."""
OPUS_RATES = (8000, 12000, 16000, 24000, 48000)
"""Sample rates Opus takes."""
MP3_DELAY_SAMPLES = 1105
"""LAME's encoder delay: decoders without gapless info start playing this many samples late."""


def playback_delay(fmt: str, sample_rate: int) -> float:
    """Seconds by which the decoded file lags the samples it was made from.

    MP3 carries LAME's encoder delay (browsers play it as silence); Ogg Opus
    declares its pre-skip, which decoders remove, and WAV has none. Timings of
    an MP3 are shifted by this so that highlighting meets the voice.
    """
    return MP3_DELAY_SAMPLES / sample_rate if fmt == "mp3" else 0.0


def to_int16(samples: np.ndarray) -> np.ndarray:
    """Float samples in [-1, 1] as 16-bit PCM."""
    return (np.clip(samples, -1.0, 1.0) * 32767.0).astype(np.int16)


def resample(samples: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    """Resample mono float samples with a polyphase filter."""
    if from_rate == to_rate:
        return samples
    # Imported here: scipy.signal costs a CPU-second to import, and only Opus at another rate needs it.
    from scipy.signal import resample_poly

    ratio = Fraction(to_rate, from_rate)
    return resample_poly(samples, ratio.numerator, ratio.denominator).astype(np.float32)


class Mp3StreamEncoder:
    """Encode a narration to MP3 piece by piece, as its sentences are synthesized."""

    def __init__(self, sample_rate: int, bitrate_kbps: int = MP3_BITRATE_KBPS) -> None:
        self._encoder = lameenc.Encoder()
        self._encoder.set_channels(1)
        self._encoder.set_in_sample_rate(sample_rate)
        self._encoder.set_bit_rate(bitrate_kbps)
        self._encoder.set_quality(LAME_QUALITY)

    def encode(self, samples: np.ndarray) -> bytes:
        """MP3 bytes for these samples (may be empty while LAME buffers)."""
        return bytes(self._encoder.encode(to_int16(samples).tobytes()))

    def flush(self) -> bytes:
        """The last MP3 frames; call once at the end."""
        return bytes(self._encoder.flush())


def encode_audio(samples: np.ndarray, sample_rate: int, fmt: str) -> bytes:
    """The whole narration as a file in ``fmt`` (``mp3``, ``opus`` or ``wav``)."""
    if fmt == "mp3":
        encoder = Mp3StreamEncoder(sample_rate)
        return encoder.encode(samples) + encoder.flush()
    buffer = io.BytesIO()
    if fmt == "wav":
        soundfile.write(buffer, to_int16(samples), sample_rate, format="WAV", subtype="PCM_16")
    elif fmt == "opus":
        opus_rate = min((r for r in OPUS_RATES if r >= sample_rate), default=48000)
        soundfile.write(
            buffer, resample(samples, sample_rate, opus_rate), opus_rate, format="OGG", subtype="OPUS"
        )
    else:
        raise ValueError(f"unknown audio format {fmt!r}; use one of {', '.join(FORMATS)}")
    return buffer.getvalue()
