"""Kokoro's quick first piece: its synthesis time, and whether its first sounds survive, per variant.

    python benchmarks/kokoro_first_piece.py [--repeats 3] [--model-dir DIR]

For each opening sentence below (written here, most starting on a sound that is easily lost: a stop,
a soft fricative, a cluster), the narration's first piece is planned as the server plans it
(``plan_pieces`` with Kokoro's ``first_piece_words``) and spoken by ``kokoro:af_heart`` as the
narration speaks it at 1x (200 WPM), in three variants alternately in one run: as voxpress makes it
(the frames after its last word capped, ``END_FRAMES``, and at most ``LEAD_FRAMES_DECODED`` frames
of the leading pad decoded), with the whole leading pad decoded, and with the end frames as Kokoro
predicts them. Printed per variant: the median milliseconds, the seconds of audio kept, and, when
Whisper base is installed (``benchmarks/intelligibility.py``), how many first words Whisper hears
right in the whole first sentence spoken through the narration loop, and its word errors there.
Then the same first pieces on the voice's one-thread session (``synthesize``) and on its quick
session (``synthesize_first``, ``VOXPRESS_FIRST_PIECE_THREADS`` threads), alternately: median wall
and CPU milliseconds of each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from intelligibility import Transcriber, canonical_words, whisper_dir, word_errors
from voxpress.article import Article
from voxpress.narration import get_curve, narrate, prepare
from voxpress.narration.plan import plan_pieces
from voxpress.narration.speed import Speed
from voxpress.narration.synthesizer import Synthesizer
from voxpress.settings import Settings
from voxpress.voices import get_voice
from voxpress.voices.kokoro.engine import KokoroVoice

OPENINGS = (
    "Cloud software sales rose again in the spring.",
    "Forecasters expect a dry and windy weekend.",
    "Promoters cancelled the concert at the last minute.",
    "Shoppers queued outside the bakery before dawn.",
    "Thieves took three bicycles from the station.",
    "Fishermen brought in a record catch of herring.",
    "Zookeepers welcomed twin otters this week.",
    "Volunteers planted a hundred trees by the canal.",
    "Hikers were rescued from the ridge at night.",
    "Scientists found ice under the crater floor.",
    "Firefighters saved the old chapel from the flames.",
    "Gardeners grew a pumpkin as large as a car.",
    "Sailors sighted whales near the northern cape.",
    "Climbers reached the summit in thick fog.",
    "Breakfast clubs are opening in every school.",
    "Students built a bridge out of paper straws.",
)


def first_word_heard(transcript: str, sentence: str) -> bool:
    heard = [w.strip(".,!?\"'").lower() for w in transcript.split()]
    return bool(heard) and heard[0] == sentence.split()[0].lower()


VARIANTS = ("as voxpress makes it", "whole leading pad", "end frames as predicted")


def set_variant(voice: KokoroVoice, name: str) -> None:
    voice.trim_lead = name != "whole leading pad"
    voice.cap_frames = name != "end frames as predicted"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--model-dir", type=Path, default=None, help="Whisper base (see intelligibility.py)")
    args = parser.parse_args()
    settings = Settings.from_env()
    voice = get_voice("kokoro:af_heart", "en", settings)
    if not isinstance(voice, KokoroVoice):
        raise SystemExit("Kokoro is not installed (voxpress voices install kokoro)")
    curve = get_curve(voice, settings)
    model_dir = args.model_dir or settings.data_dir / "models" / "whisper-base"
    transcribe = None
    try:
        transcribe = Transcriber(whisper_dir(model_dir))
    except ImportError:
        print("Whisper base is not installed (see intelligibility.py): timings only")
    spent: dict[str, list[float]] = {name: [] for name in VARIANTS}
    kept: dict[str, list[float]] = {name: [] for name in VARIANTS}
    heard: dict[str, int] = dict.fromkeys(VARIANTS, 0)
    errors: dict[str, int] = dict.fromkeys(VARIANTS, 0)
    said = 0
    for sentence in OPENINGS:
        script = prepare(Article(title=sentence, paragraphs=()))
        piece = plan_pieces(script, voice.first_piece_words)[0]
        for _ in range(args.repeats):
            for name in VARIANTS:
                set_variant(voice, name)
                # A new one each time, as each narration has: one learns its voice's pace as it goes.
                synthesize = Synthesizer(voice, Speed.of(1.0), curve, None, script.language)
                started = time.perf_counter()
                audio = synthesize(piece)
                spent[name].append(time.perf_counter() - started)
                kept[name].append(audio.duration)
        if transcribe is None:
            continue
        reference = canonical_words(sentence)
        said += len(reference)
        for name in VARIANTS:
            set_variant(voice, name)
            narration = narrate(script, voice, 1.0, curve=curve)
            text = transcribe(narration.samples, narration.sample_rate)
            heard[name] += first_word_heard(text, sentence)
            errors[name] += word_errors(reference, canonical_words(text))
            print(f"{name:>24}: {text}")
    set_variant(voice, "as voxpress makes it")
    for name in VARIANTS:
        line = (
            f"{name:<24} first piece {statistics.median(spent[name]) * 1000:6.0f} ms median over "
            f"{len(spent[name])}, {np.mean(kept[name]):.2f} s of audio kept"
        )
        if transcribe is not None:
            line += (
                f"; first word heard right in {heard[name]} of {len(OPENINGS)} sentences, "
                f"{errors[name]} word errors in {said}"
            )
        print(line)
    compare_sessions(voice, args.repeats)


def compare_sessions(voice: KokoroVoice, repeats: int) -> None:
    """The first pieces on the one-thread session and on the quick one, alternately."""
    ways = {"synthesize (1 thread)": voice.synthesize, "synthesize_first": voice.synthesize_first}
    wall: dict[str, list[float]] = {name: [] for name in ways}
    cpu: dict[str, list[float]] = {name: [] for name in ways}
    for sentence in OPENINGS:
        script = prepare(Article(title=sentence, paragraphs=()))
        piece = plan_pieces(script, voice.first_piece_words)[0]
        for _ in range(repeats):
            for name, speak in ways.items():
                started, started_cpu = time.perf_counter(), time.process_time()
                speak(piece.sentence, 1.0)
                wall[name].append(time.perf_counter() - started)
                cpu[name].append(time.process_time() - started_cpu)
    threads = voice.quick_session.get_session_options().intra_op_num_threads
    print(f"first piece, one-thread session against the quick one ({threads} threads), same run:")
    for name in ways:
        print(
            f"  {name:<22} wall {statistics.median(wall[name]) * 1000:6.0f} ms, "
            f"CPU {statistics.median(cpu[name]) * 1000:6.0f} ms (medians over {len(wall[name])})"
        )


if __name__ == "__main__":
    main()
