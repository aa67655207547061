"""Voice change mid-article → sound at the same place, early and deep in an article (issue 16).

    python benchmarks/voice_change.py [--runs 3] [--sentences 2,10] [--voices espeak:en,kokoro:af_heart]
                                      [--kokoro-from DIR]

An extension of ``press_play.py``'s step 4, kept in its own file (that one has another owner): the
same server (a subprocess of the real app over a temporary data folder, Kokoro linked in when
installed), the same Chromium and the same page timer. For each new voice (espeak-ng's English, and
Kokoro if installed) and each sentence K: a new article of twelve sentences (invented here, new
words every run so no sentence cache helps) is narrated in Piper, its reader page plays from
sentence K, and the voice menu is switched; the page times the change until the new audio moves.
The player then plays a tail narration from sentence K (``?from=``), checked on the page.

Side by side in the same run, on the server alone (httpx, another new article each): how long the
old way waited before it could resume at sentence K (the whole narration in the new voice, from its
start, until its timings reach sentence K) against the tail's first word timings. The old figure
grows with K; the tail's should not.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from press_play import (  # a sibling script, not a package
    CHROMIUM,
    CHROMIUM_ARGS,
    HTTP,
    NARRATION_TIMEOUT_S,
    SOUND_TIMEOUT_S,
    TARGETS_MS,
    add_article,
    open_reader,
    percentile,
    press_play,
    running_server,
    wait_for,
    wait_until_narrated,
)

PLACES = ("harbour", "valley", "market", "station", "bridge", "orchard", "library", "quarry", "mill", "pier")
THINGS = ("lanterns", "ferries", "bicycles", "beehives", "kites", "boats", "benches", "clocks", "tents")
DOINGS = ("painted", "repaired", "counted", "moved", "lent", "sold", "cleaned", "built", "tested")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_article(seed: int, sentences: int = 12) -> str:
    """A new story of ``sentences`` sentences under a headline; its words differ from run to run."""
    rng = random.Random(seed)
    lines = [
        f"The {rng.choice(PLACES)} volunteers {rng.choice(DOINGS)} {rng.randint(3, 90)} {rng.choice(THINGS)} "
        f"on {rng.choice(DAYS)}, and {rng.randint(2, 40)} more are planned near the {rng.choice(PLACES)}."
        for _ in range(sentences - 1)
    ]
    return f"Busy week at the {rng.choice(PLACES)} (story {seed})\n\n" + " ".join(lines)


def sentence_start(base: str, article_id: str, voice: str, index: int) -> int:
    """The character offset of sentence ``index`` in the article's narration in ``voice``."""
    timings = HTTP.get(f"{base}/api/articles/{article_id}/timings", params={"voice": voice}).json()
    return int(timings["sentences"][index]["char_start"])


def server_wait_for_sentence(
    base: str, article_id: str, voice: str, params: dict[str, object], char: int
) -> float:
    """Milliseconds from the first timings request until they hold a word at or after ``char``."""
    started = time.perf_counter()
    deadline = time.monotonic() + NARRATION_TIMEOUT_S
    while time.monotonic() < deadline:
        timings = HTTP.get(
            f"{base}/api/articles/{article_id}/timings", params={"voice": voice, **params}
        ).json()
        if any(word["char_start"] >= char for word in timings.get("words", [])):
            return (time.perf_counter() - started) * 1000
        time.sleep(0.02)
    raise SystemExit(f"the narration of {article_id} in {voice} did not reach character {char}")


def change_at(
    browser: Browser, base: str, piper: str, other: str, sentence: int, seed: int
) -> tuple[float, bool]:
    """One voice change at ``sentence`` of a new article: the page's change → sound (ms) and whether
    the new voice played a tail narration from that sentence."""
    article_id = add_article(base, long_article(seed))
    wait_until_narrated(base, article_id, piper)
    char = sentence_start(base, article_id, piper, sentence)
    context, page = open_reader(browser, base, article_id, piper)
    try:
        press_play(page, 0)
        page.click(f".s[data-i='{sentence}']")
        wait_for(page, f"document.querySelector('.s.current')?.dataset.i === '{sentence}'", SOUND_TIMEOUT_S)
        page.select_option("#voice", other)
        ms = float(wait_for(page, "window.__voiceChange && window.__voiceChange.ms", SOUND_TIMEOUT_S))
        tail = page.evaluate("document.body.dataset.narrationFrom") == str(char)
        wait_until_narrated(base, article_id, other)  # the whole one follows: let it end before the next run
    finally:
        context.close()
    return ms, tail


def stats(values: list[float]) -> str:
    return (
        f"{percentile(values, 0.5):7.0f} / {percentile(values, 0.95):7.0f}" if values else "      — /       —"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sentences", default="2,10", help="where the voice changes (sentence indices)")
    parser.add_argument("--voices", default="espeak:en,kokoro:af_heart", help="the new voices, if installed")
    parser.add_argument("--kokoro-from", type=Path, default=None, help="a voxpress data folder with Kokoro")
    args = parser.parse_args()
    places = [int(part) for part in args.sentences.split(",")]
    if not CHROMIUM.exists():
        raise SystemExit("Debian's chromium is needed at /usr/bin/chromium (apt-get install chromium)")
    from voxpress.settings import Settings

    kokoro_source = (args.kokoro_from or Settings.from_env().data_dir) / "voices" / "kokoro"
    rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="voxpress-voice-change-") as folder:
        data_dir = Path(folder)
        if kokoro_source.is_dir():
            (data_dir / "voices").mkdir()
            os.symlink(kokoro_source, data_dir / "voices" / "kokoro")
        with running_server(data_dir) as (base, _ready_s), sync_playwright() as playwright:
            catalogue = HTTP.get(f"{base}/api/voices").json()
            voices = {voice["id"] for voice in catalogue["voices"]}
            piper = str(catalogue["default"])
            others = [voice for voice in args.voices.split(",") if voice in voices]
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for index, voice in enumerate([piper, *others]):  # one untimed round: models and paths warm
                warm = add_article(base, long_article(9000 + index, 3))
                wait_until_narrated(base, warm, voice)
            seed = 0
            for other in others:
                target = TARGETS_MS["kokoro" if other.startswith("kokoro") else "piper"]
                for sentence in places:
                    page_ms: list[float] = []
                    tails = 0
                    old_ms: list[float] = []
                    tail_ms: list[float] = []
                    for _run in range(args.runs):
                        seed += 1
                        ms, tail = change_at(browser, base, piper, other, sentence, seed)
                        page_ms.append(ms)
                        tails += tail
                        # Server side, same run: the old wait (whole narration from its start) and the tail's.
                        for way, values in (("whole", old_ms), ("tail", tail_ms)):
                            seed += 1
                            article_id = add_article(base, long_article(seed))
                            wait_until_narrated(base, article_id, piper)
                            char = sentence_start(base, article_id, piper, sentence)
                            params: dict[str, object] = {"from": char} if way == "tail" else {}
                            values.append(server_wait_for_sentence(base, article_id, other, params, char))
                            wait_until_narrated(base, article_id, other)
                    median_target = target[0]
                    met = percentile(page_ms, 0.5) <= median_target
                    verdict = "met" if met else "NOT met"
                    rows.append(
                        f"{piper} → {other:<16} sentence {sentence:>2}  {args.runs} runs  "
                        f"page change→sound {stats(page_ms)}  (tail played {tails}/{args.runs}, "
                        f"target median ≤ {median_target:.0f}: {verdict})   server: whole from the "
                        f"start reaches it {stats(old_ms)}, tail {stats(tail_ms)}"
                    )
                    print(rows[-1], flush=True)
            browser.close()
    print()
    print("milliseconds, median / p95")
    for row in rows:
        print(row)


if __name__ == "__main__":
    main()
