"""Press play → sound: what a listener waits for on the reader page, in Chromium through Playwright.

    python benchmarks/press_play.py [--runs 10] [--kokoro-runs 5] [--kokoro-from DIR] [--think-ms 0]

Starts the real app (``voxpress.server.serve``, with its start-up warm-up) in a subprocess on a free
loopback port over a temporary data folder, and Debian's Chromium (``/usr/bin/chromium``) headless.
Kokoro is used if it is installed in the folder given by ``--kokoro-from`` (default: the user's voxpress
data folder, where ``voxpress voices install kokoro`` puts it): its ``voices/kokoro`` folder is linked
into the temporary one. Then, in one run so that the machine's noise is shared:

1. Server start → ready: seconds from starting the process to ``/api/health`` answering (the warm-up of
   the default voice is inside this), and to the first audio byte of a first article after that.
2. New article, server warm, per voice (Piper, and Kokoro if installed): for each run a new two-sentence
   article (invented here) is added, its reader page opened, and play pressed as soon as the page is
   ready (``--think-ms`` later); the page itself times the click and polls ``audio.currentTime`` until
   it moves (press play → sound), and also reports that moment from the page's navigation start (page
   open → sound: the wait of a listener who presses play at once, since the page starts the narration
   when it opens; page open → ready is the part the page itself takes). Side by side, in the same
   run: the server's first audio byte for another new article fetched with httpx, and the first byte
   of the page's own audio request (Resource Timing), from that request and from page open: page open
   → sound less page open → 1st byte is what the media pipeline waits before it plays.
3. Already narrated: the same, on an article whose narration is stored.
4. Voice change mid-article: an already-narrated article plays in Piper; at its second sentence the
   voice menu is switched (to espeak-ng's English, and to Kokoro if installed); timed from the change
   until the new voice's audio moves at the same place.

Targets (issue 16): new article Piper ≤ 300 ms median and ≤ 500 ms p95, Kokoro ≤ 1.0 s median;
already narrated ≤ 150 ms; a voice change within the same limits as its voice.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
]
NARRATION_TIMEOUT_S = 600.0  # a ceiling for a busy machine, not a target
SOUND_TIMEOUT_S = 60.0
WAIT_POLL_MS = 50
TARGETS_MS = {
    "piper": (300.0, 500.0),
    "kokoro": (1000.0, None),
    "narrated": (150.0, None),
}

SERVER_CODE = """
import sys
from pathlib import Path
from voxpress.server import serve
from voxpress.settings import FetchLimits, Settings
# One client makes every request of the benchmark: the per-client limits on work are off (0),
# as for a publisher's own tooling; the defaults stay as they are for every other server.
settings = Settings(
    data_dir=Path(sys.argv[2]), workers=2, rate_limit_per_minute=0, embed_requests_per_minute=10_000
)
if len(sys.argv) > 3:  # a publisher's site (host:port) whose pages the embed may narrate
    publisher = sys.argv[3]
    settings = Settings(
        data_dir=settings.data_dir, workers=2, rate_limit_per_minute=0, embed_requests_per_minute=10_000,
        fetch=FetchLimits(allow=(publisher,)), embed_origins=(f"http://{publisher}",),
    )
serve("127.0.0.1", int(sys.argv[1]), settings)
"""

# The page times the press itself: the click on #play (while paused) and the first poll that sees
# audio.currentTime move; and a voice change, from the menu's change event until the new audio moves.
PAGE_TIMER = """
window.__pressPlay = null;
window.__voiceChange = null;
window.__readyAt = null;
new MutationObserver((_changes, observer) => {
  if (document.body?.dataset.ready) {
    window.__readyAt = performance.now();
    observer.disconnect();
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ready"] });
document.addEventListener("click", (event) => {
  const audio = document.getElementById("audio");
  if (!event.target.closest || !event.target.closest("#play") || !audio.paused || window.__pressPlay) return;
  const started = performance.now();
  window.__pressPlay = { ms: null, sinceOpen: null };
  const poll = () => {
    if (audio.currentTime > 0 && !audio.paused) {
      window.__pressPlay.sinceOpen = performance.now(); // performance.now() counts from the navigation
      window.__pressPlay.ms = performance.now() - started;
    } else setTimeout(poll, 2);
  };
  poll();
}, true);
document.addEventListener("change", (event) => {
  if (event.target.id !== "voice") return;
  const audio = document.getElementById("audio");
  const started = performance.now();
  const oldSource = audio.src;
  window.__voiceChange = { ms: null };
  let from = null;
  const poll = () => {
    if (audio.src !== oldSource && !audio.paused && audio.readyState >= 2) {
      if (from === null) from = audio.currentTime;
      else if (audio.currentTime > from) { window.__voiceChange.ms = performance.now() - started; return; }
    }
    setTimeout(poll, 2);
  };
  poll();
}, true);
"""

HEADLINES = (
    "Harbour ferry rings its bell twice",
    "Village choir sings in the old mill",
    "Night buses return to the hill towns",
    "Beekeepers move their hives to the meadow",
    "River museum lends its boats to schools",
    "Mountain hut opens for the winter",
    "City library lends telescopes",
    "Bakers deliver bread by bicycle",
    "Orchard opens its gates for the harvest",
    "Students race their solar boats",
)
TOWN_STARTS = "Ash Brook Crane Dun Elm Fen Glen Holt Kirk Lang Mar Nor Oak Pen Rook Stan Thorn Wey Lyn Hart"
TOWN_ENDS = "by ford ley ton wick field mouth stead ham bury"
PEOPLE = (
    "residents teachers shopkeepers farmers nurses drivers parents students fishermen builders "
    "bakers volunteers cyclists doctors gardeners"
)
DETAILS = (
    "said the change was welcome and long overdue.",
    "hope the work is finished before the first snow.",
    "came in their hundreds on the opening day.",
    "want to repeat the event next spring.",
    "will look at the results in the autumn.",
    "reported a busy weekend on the square.",
)


def who(code: int) -> str:
    """A town's people, different for every code below 3,000 ("Ashby residents"): the first words
    of a body sentence, so that no sentence, and no first piece of one (where a voice change
    starts), is ever found in the sentence cache."""
    starts, ends, people = TOWN_STARTS.split(), TOWN_ENDS.split(), PEOPLE.split()
    town = starts[code % len(starts)] + ends[code // len(starts) % len(ends)]
    return f"{town} {people[code // (len(starts) * len(ends)) % len(people)]}"


def invented_article(index: int) -> str:
    """A new story of two sentences under a short headline; every index below 1,000 its own."""
    rng = random.Random(index)
    headline = HEADLINES[index % len(HEADLINES)]
    first, second = rng.sample(DETAILS, 2)
    body = f"{who(2 * index)} {first} {who(2 * index + 1)} {second}"
    return f"{headline} (report {index})\n\n{body}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


@dataclass
class Case:
    name: str
    target: tuple[float, float | None] | None
    sound_ms: list[float] = field(default_factory=list)
    open_ms: list[float] = field(default_factory=list)
    ready_ms: list[float] = field(default_factory=list)
    server_first_byte_ms: list[float] = field(default_factory=list)
    page_first_byte_ms: list[float] = field(default_factory=list)
    open_first_byte_ms: list[float] = field(default_factory=list)
    """Page open → the first byte of its audio: open → sound less this is the media pipeline's part."""

    def line(self) -> str:
        def stats(values: list[float]) -> str:
            if not values:
                return f"{'-':>17}"
            return f"{statistics.median(values):7.0f} /{percentile(values, 0.95):7.0f}"

        verdict = ""
        if self.target and self.sound_ms:
            median_ok = statistics.median(self.sound_ms) <= self.target[0]
            p95_ok = self.target[1] is None or percentile(self.sound_ms, 0.95) <= self.target[1]
            wanted = f"≤ {self.target[0]:.0f}" + (f" / ≤ {self.target[1]:.0f}" if self.target[1] else "")
            verdict = f"  target {wanted}: {'met' if median_ok and p95_ok else 'NOT met'}"
        return (
            f"{self.name:<44} {len(self.sound_ms):>3}  {stats(self.sound_ms)}  {stats(self.ready_ms)}  "
            f"{stats(self.open_ms)}  {stats(self.server_first_byte_ms)}  {stats(self.page_first_byte_ms)}"
            f"  {stats(self.open_first_byte_ms)}{verdict}"
        )


@contextmanager
def running_server(data_dir: Path, publisher: str | None = None) -> Iterator[tuple[str, float]]:
    """The app in a subprocess; yields (base URL, seconds from start to /api/health answering).
    ``publisher`` (host:port) is a site whose pages the embed may fetch and narrate."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER_CODE, str(port), str(data_dir), *([publisher] if publisher else [])],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            if process.poll() is not None:
                raise SystemExit("the server exited during start-up")
            if time.perf_counter() - started > 300:
                raise SystemExit("the server did not start in 300 s")
            try:
                if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        yield base, time.perf_counter() - started
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


# One client for every probe: a new httpx client per request costs more (its TLS context) than the
# server's answer being measured.
HTTP = httpx.Client(timeout=300)


def add_article(base: str, text: str) -> str:
    response = HTTP.post(f"{base}/api/articles", json={"text": text}, timeout=30)
    response.raise_for_status()
    return str(response.json()["id"])


def server_first_byte(base: str, article_id: str, voice: str) -> float:
    """Milliseconds to the first audio byte of a GET of the article's MP3, read to the end."""
    started = time.perf_counter()
    first = None
    params = {"voice": voice, "format": "mp3"}
    with httpx.stream(
        "GET", f"{base}/api/articles/{article_id}/audio", params=params, timeout=300
    ) as response:
        response.raise_for_status()
        for chunk in response.iter_bytes():
            if chunk and first is None:
                first = time.perf_counter() - started
    if first is None:
        raise SystemExit("the server sent no audio")
    return first * 1000


def kokoro_load_beside_piper(base: str, kokoro: str, piper: str) -> tuple[float, float]:
    """Milliseconds to the first byte of a first Kokoro article (its model loads now), and of a new
    Piper article asked for a moment later, while Kokoro loads: Kokoro's load is off Piper's path
    when the second figure is close to the warm Piper first byte."""
    kokoro_article = add_article(base, invented_article(950))
    piper_article = add_article(base, invented_article(951))
    result: list[float] = []
    loading = threading.Thread(target=lambda: result.append(server_first_byte(base, kokoro_article, kokoro)))
    loading.start()
    time.sleep(0.2)
    piper_ms = server_first_byte(base, piper_article, piper)
    loading.join()
    wait_until_narrated(base, kokoro_article, kokoro)
    return result[0], piper_ms


def wait_until_narrated(base: str, article_id: str, voice: str) -> None:
    deadline = time.monotonic() + NARRATION_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            response = HTTP.get(f"{base}/api/articles/{article_id}/timings", params={"voice": voice})
        except httpx.RemoteProtocolError:
            # The server closed the kept-alive connection as this request went out (its idle
            # timeout): asked again on a new connection.
            continue
        body = response.json()
        if response.status_code == 200 and body.get("complete"):
            return
        if body.get("error"):
            raise SystemExit(f"the narration failed: {body['error']}")
        time.sleep(0.2)
    raise SystemExit(f"the narration of {article_id} did not finish in {NARRATION_TIMEOUT_S} s")


def wait_for(page: Page, expression: str, timeout: float) -> Any:
    """Wait until a page expression is truthy; its value. The page polls it itself, every
    ``WAIT_POLL_MS``: polling from here (a round trip through Playwright's driver each time) cost
    about a sixth of a core on this 2-core machine, taken from the server being measured. The times
    themselves are taken in the page (``PAGE_TIMER``), so the polling interval does not blur them."""
    try:
        # As a function: a bare expression would be eval'd in the page, which its CSP forbids.
        handle = page.wait_for_function(f"() => ({expression})", timeout=timeout * 1000, polling=WAIT_POLL_MS)
    except PlaywrightTimeoutError:
        raise SystemExit(f"timed out waiting for {expression}") from None
    return handle.json_value()


def open_reader(browser: Browser, base: str, article_id: str, voice: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context()
    context.add_init_script(PAGE_TIMER)
    page = context.new_page()
    page.goto(f"{base}/read/{article_id}?voice={voice}")
    page.wait_for_selector("body[data-ready='true']", timeout=NARRATION_TIMEOUT_S * 1000)
    return context, page


def page_audio_first_byte(page: Page) -> float | None:
    """Milliseconds from the page's audio request to its first byte, from Resource Timing."""
    timing = page_audio_timing(page)
    return None if timing is None else timing[1] - timing[0]


def page_audio_timing(page: Page) -> tuple[float, float] | None:
    """When the page asked for its audio and when the first byte came, in milliseconds from page open."""
    value = page.evaluate(
        """(() => {
          const entry = performance.getEntriesByType('resource').find(e => e.name.includes('/audio?'));
          return entry && entry.responseStart > 0 ? [entry.startTime, entry.responseStart] : null;
        })()"""
    )
    return None if value is None else (float(value[0]), float(value[1]))


def press_play(page: Page, think_ms: float, case: Case | None = None) -> None:
    """Press play and wait for sound; record press→sound and page open→sound in ``case``."""
    if think_ms:
        time.sleep(think_ms / 1000)
    page.click("#play")
    wait_for(page, "window.__pressPlay && window.__pressPlay.ms", SOUND_TIMEOUT_S)
    if case is not None:
        timing = page.evaluate("window.__pressPlay")
        case.sound_ms.append(float(timing["ms"]))
        case.open_ms.append(float(timing["sinceOpen"]))
        case.ready_ms.append(float(page.evaluate("window.__readyAt")))


def new_article_case(
    browser: Browser, base: str, voice: str, name: str, runs: int, think_ms: float, seed: int
) -> Case:
    case = Case(name, TARGETS_MS["kokoro" if voice.startswith("kokoro") else "piper"])
    for run in range(runs):
        # The server's first byte for one new article, the listener's wait for another, same conditions.
        probe = add_article(base, invented_article(seed + 2 * run))
        case.server_first_byte_ms.append(server_first_byte(base, probe, voice))
        wait_until_narrated(base, probe, voice)
        article_id = add_article(base, invented_article(seed + 2 * run + 1))
        context, page = open_reader(browser, base, article_id, voice)
        try:
            press_play(page, think_ms, case)
            wait_until_narrated(base, article_id, voice)
            wait_for(page, "document.getElementById('synthesis').hidden", NARRATION_TIMEOUT_S)
            timing = page_audio_timing(page)
            if timing is not None:
                case.page_first_byte_ms.append(timing[1] - timing[0])
                case.open_first_byte_ms.append(timing[1])
        finally:
            context.close()
    return case


def narrated_case(browser: Browser, base: str, voice: str, runs: int, think_ms: float, seed: int) -> Case:
    case = Case(f"already narrated ({voice})", TARGETS_MS["narrated"])
    article_id = add_article(base, invented_article(seed))
    wait_until_narrated(base, article_id, voice)
    for _ in range(runs):
        started = time.perf_counter()
        with HTTP.stream(
            "GET", f"{base}/api/articles/{article_id}/audio", params={"voice": voice}
        ) as response:
            next(response.iter_bytes())
            case.server_first_byte_ms.append((time.perf_counter() - started) * 1000)
        context, page = open_reader(browser, base, article_id, voice)
        try:
            press_play(page, think_ms, case)
            first_byte = page_audio_first_byte(page)
            if first_byte is not None:
                case.page_first_byte_ms.append(first_byte)
        finally:
            context.close()
    return case


def voice_change_case(
    browser: Browser, base: str, first_voice: str, other_voice: str, runs: int, seed: int
) -> Case:
    case = Case(
        f"voice change {first_voice} → {other_voice}",
        TARGETS_MS["kokoro" if other_voice.startswith("kokoro") else "piper"],
    )
    for run in range(runs):
        article_id = add_article(base, invented_article(seed + run))
        wait_until_narrated(base, article_id, first_voice)
        context, page = open_reader(browser, base, article_id, first_voice)
        try:
            press_play(page, 0)
            wait_for(page, "document.querySelector('.s.current')?.dataset.i === '1'", SOUND_TIMEOUT_S)
            page.select_option("#voice", other_voice)
            case.sound_ms.append(
                float(wait_for(page, "window.__voiceChange && window.__voiceChange.ms", SOUND_TIMEOUT_S))
            )
            wait_until_narrated(base, article_id, other_voice)
        finally:
            context.close()
    return case


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="runs per Piper case")
    parser.add_argument("--kokoro-runs", type=int, default=5, help="runs per Kokoro case")
    parser.add_argument("--kokoro-from", type=Path, default=None, help="a voxpress data folder with Kokoro")
    parser.add_argument("--think-ms", type=float, default=0.0, help="wait between page ready and play")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        raise SystemExit("Debian's chromium is needed at /usr/bin/chromium (apt-get install chromium)")
    from voxpress.settings import Settings

    kokoro_source = (args.kokoro_from or Settings.from_env().data_dir) / "voices" / "kokoro"
    with tempfile.TemporaryDirectory(prefix="voxpress-press-play-") as folder:
        data_dir = Path(folder)
        if kokoro_source.is_dir():
            (data_dir / "voices").mkdir()
            os.symlink(kokoro_source, data_dir / "voices" / "kokoro")
        with running_server(data_dir) as (base, ready_s), sync_playwright() as playwright:
            catalogue = HTTP.get(f"{base}/api/voices").json()
            voices = {voice["id"]: voice for voice in catalogue["voices"]}
            piper = str(catalogue["default"])
            cold_article = add_article(base, invented_article(900))
            cold_first_byte_ms = server_first_byte(base, cold_article, piper)
            kokoro = next(
                (v for v in ("kokoro:af_heart", *voices) if v.startswith("kokoro:") and v in voices), None
            )
            other = "espeak:en" if "espeak:en" in voices else None
            cold_kokoro = kokoro_load_beside_piper(base, kokoro, piper) if kokoro else None

            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            # One untimed round per voice so the browser, the server's paths and each model are warm.
            for index, voice in enumerate(v for v in (piper, kokoro, other) if v):
                warm = add_article(base, invented_article(901 + index))
                context, page = open_reader(browser, base, warm, voice)
                press_play(page, 0)
                wait_until_narrated(base, warm, voice)
                context.close()

            cases = [
                new_article_case(browser, base, piper, f"new article ({piper})", args.runs, args.think_ms, 0)
            ]
            if kokoro:
                cases.append(
                    new_article_case(
                        browser, base, kokoro, f"new article ({kokoro})", args.kokoro_runs, args.think_ms, 100
                    )
                )
            cases.append(narrated_case(browser, base, piper, args.runs, args.think_ms, 200))
            if other:
                cases.append(voice_change_case(browser, base, piper, other, args.runs, 300))
            if kokoro:
                cases.append(voice_change_case(browser, base, piper, kokoro, args.kokoro_runs, 400))
            browser.close()

    print(f"server start → /api/health answering (default voice warmed): {ready_s * 1000:.0f} ms")
    print(f"then the first audio byte of a first article ({piper}): {cold_first_byte_ms:.0f} ms")
    if cold_kokoro is not None:
        kokoro_ms, piper_ms = cold_kokoro
        print(
            f"the first audio byte of a first {kokoro} article (loading Kokoro): {kokoro_ms:.0f} ms; "
            f"of a new {piper} article asked for meanwhile: {piper_ms:.0f} ms"
        )
    if not kokoro:
        where = kokoro_source.parent.parent
        print(f"Kokoro is not installed in {where} (voxpress voices install kokoro): its cases are skipped")
    print()
    print(
        f"{'milliseconds, median / p95':<44} runs  press play→sound  page open→ready    page open→sound    "
        "server 1st byte   page's 1st byte   page open→1st byte"
    )
    for case in cases:
        print(case.line())


if __name__ == "__main__":
    main()
