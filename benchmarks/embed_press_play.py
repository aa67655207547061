"""Press play → sound in the embedded player, on a publisher's page, in Chromium through Playwright.

    python benchmarks/embed_press_play.py [--runs 10] [--kokoro-runs 5] [--kokoro-from DIR]

The same set-up as ``benchmarks/press_play.py`` (whose server and helpers this uses): the real app in
a subprocess over a temporary data folder (Kokoro linked in if installed), per-client work limits off
for the one client of the benchmark, and a publisher's site of invented stories on a second port
whose pages carry the one-tag embed. For each case, in one run so the machine's noise is shared:

1. New story, server warm, per voice (Piper, and Kokoro if installed): a new story page is opened (the
   embed asks for its narration by URL: voxpress fetches, extracts and starts narrating it), and play
   is pressed as soon as the player is ready; the page times the click until the embed's
   ``audio.currentTime`` moves, and that moment from the page's navigation start (page open →
   sound: the wait of a listener who presses play at once). Side by side: the server's first audio
   byte for another new story asked for the same way with httpx, and the first byte of the page's
   own audio request.
2. Already narrated: the same story opened again once its narration is stored.
3. Voice change mid-story: a stored Piper story plays; in its second sentence the voice menu is
   switched (espeak-ng's English, and Kokoro if installed); timed from the change until the new
   voice's audio moves: its tail narration from the current sentence (``?from=``), or the whole one
   at the word the old voice was saying where the server serves that instead.

Targets (issue 16, the same as the reader page's): new story Piper ≤ 300 ms median and ≤ 500 ms
p95, Kokoro ≤ 1.0 s median; already narrated ≤ 150 ms; a voice change within its voice's limits.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from press_play import (
    CHROMIUM,
    CHROMIUM_ARGS,
    HTTP,
    SOUND_TIMEOUT_S,
    TARGETS_MS,
    Case,
    free_port,
    page_audio_first_byte,
    running_server,
    server_first_byte,
    wait_for,
    wait_until_narrated,
    who,
)

SUBJECTS = ("bridge", "library", "harbour", "orchard", "tramway", "museum", "market", "choir", "pier")
PLAYER = "document.querySelector('[data-voxpress]')"
AUDIO = f"{PLAYER}.shadowRoot.querySelector('audio')"
READY = f"{PLAYER}?.shadowRoot?.querySelector('button.play')?.disabled === false"

# The page times the press itself: the click on the embed's play button (while paused) until its
# audio moves; and a voice change, from just before the menu changes until the new voice's audio moves.
PAGE_TIMER = """
window.__pressPlay = null;
window.__voiceChange = null;
const embedAudio = () => document.querySelector('[data-voxpress]')?.shadowRoot?.querySelector('audio');
const inPath = (event, selector) =>
  event.composedPath().some((node) => node.matches && node.matches(selector));
document.addEventListener("click", (event) => {
  const audio = embedAudio();
  if (!audio || !inPath(event, "button.play") || !audio.paused || window.__pressPlay) return;
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
// A change event does not leave the shadow root: the benchmark starts this just before it selects.
window.__startVoiceTimer = () => {
  const audio = embedAudio();
  const player = document.querySelector('[data-voxpress]').voxpressPlayer;
  const oldArticle = player.article;
  const started = performance.now();
  window.__voiceChange = { ms: null };
  let from = null;
  const poll = () => {
    // Resumed: the new voice's tail (from the current sentence) or whole narration is chosen and placed.
    const placed = player.tailRequest === null && player.resumeAtChar === null;
    const resumed = player.article !== oldArticle && placed;
    if (resumed && !audio.paused && audio.readyState >= 2) {
      if (from === null) from = audio.currentTime;
      else if (audio.currentTime > from) { window.__voiceChange.ms = performance.now() - started; return; }
    }
    setTimeout(poll, 2);
  };
  poll();
};
"""


def story(index: int) -> tuple[str, list[str]]:
    """An invented story of two short paragraphs, each sentence opening on words of its own
    (``press_play.who``), so no first piece of one is ever found in the sentence cache."""
    subject = SUBJECTS[index % len(SUBJECTS)]
    return f"{who(3 * index)} cheer as the {subject} reopens (story {index})", [
        f"{who(3 * index + 1)} saw the {subject} reopen on Monday after eight months of repairs.",
        f"{who(3 * index + 2)} mended the roof and painted the {subject} in its first colours.",
    ]


def publisher_site(port: int, voxpress: str) -> ThreadingHTTPServer:
    """Story pages at /story/N (``?voice=ID`` sets the player's voice) carrying the embed."""
    origin = f"http://127.0.0.1:{port}"

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path, _, query = self.path.partition("?")
            tail = path.rsplit("/", 1)[-1]
            if not path.startswith("/story/") or not tail.isdigit():
                self.send_error(404)
                return
            title, paragraphs = story(int(tail))
            voice = query.removeprefix("voice=") if query.startswith("voice=") else ""
            player = (
                f'<div data-voxpress data-voxpress-voice="{voice}"></div>'
                if voice
                else "<div data-voxpress></div>"
            )
            body = "".join(f"<p>{p}</p>" for p in paragraphs)
            page = (
                f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
                f'<link rel="canonical" href="{origin}/story/{tail}">'
                f'<script src="{voxpress}/embed.js" async></script></head><body><article><h1>{title}</h1>'
                f"{player}{body}</article></body></html>"
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def embedded_article(base: str, url: str, voice: str) -> str:
    """The article id the embed API answers for a page (it fetches, extracts and starts narrating it)."""
    response = HTTP.get(f"{base}/api/embed/narration", params={"url": url, "voice": voice}, timeout=60)
    response.raise_for_status()
    return str(response.json()["id"])


def narrated(base: str, url: str, voice: str) -> None:
    wait_until_narrated(base, embedded_article(base, url, voice), voice)


def open_story(browser: Browser, site: str, index: int, voice: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context()
    context.add_init_script(PAGE_TIMER)
    page = context.new_page()
    page.goto(f"{site}/story/{index}?voice={voice}")
    wait_for(page, READY, SOUND_TIMEOUT_S)
    return context, page


def press_play(page: Page, case: Case | None) -> None:
    page.locator("[data-voxpress] button.play").click()
    ms = float(wait_for(page, "window.__pressPlay && window.__pressPlay.ms", SOUND_TIMEOUT_S))
    if case is not None:
        case.sound_ms.append(ms)
        case.open_ms.append(float(page.evaluate("window.__pressPlay.sinceOpen")))


def new_story_case(
    browser: Browser, base: str, site: str, voice: str, runs: int, first: int
) -> tuple[Case, list[int]]:
    case = Case(f"new story ({voice})", TARGETS_MS["kokoro" if voice.startswith("kokoro") else "piper"])
    stories = []
    for run in range(runs):
        probe, index = first + 2 * run, first + 2 * run + 1
        # The server's first byte for one new story, the listener's wait for another, same conditions.
        probe_id = embedded_article(base, f"{site}/story/{probe}", voice)
        case.server_first_byte_ms.append(server_first_byte(base, probe_id, voice))
        narrated(base, f"{site}/story/{probe}", voice)
        context, page = open_story(browser, site, index, voice)
        try:
            press_play(page, case)
            narrated(base, f"{site}/story/{index}", voice)
            first_byte = page_audio_first_byte(page)
            if first_byte is not None:
                case.page_first_byte_ms.append(first_byte)
        finally:
            context.close()
        stories.append(index)
    return case, stories


def stored_case(browser: Browser, base: str, site: str, voice: str, stories: list[int]) -> Case:
    case = Case(f"already narrated ({voice})", TARGETS_MS["narrated"])
    for index in stories:
        article_id = embedded_article(base, f"{site}/story/{index}", voice)
        case.server_first_byte_ms.append(server_first_byte(base, article_id, voice))
        context, page = open_story(browser, site, index, voice)
        try:
            press_play(page, case)
            first_byte = page_audio_first_byte(page)
            if first_byte is not None:
                case.page_first_byte_ms.append(first_byte)
        finally:
            context.close()
    return case


def voice_change_case(
    browser: Browser, base: str, site: str, first_voice: str, other: str, runs: int, first: int
) -> Case:
    case = Case(
        f"voice change {first_voice} → {other}",
        TARGETS_MS["kokoro" if other.startswith("kokoro") else "piper"],
    )
    for run in range(runs):
        index = first + run
        url = f"{site}/story/{index}"
        narrated(base, url, first_voice)
        context, page = open_story(browser, site, index, first_voice)
        try:
            press_play(page, None)
            second = wait_for(
                page, f"{PLAYER}.voxpressPlayer.timings?.sentences?.[2]?.start", SOUND_TIMEOUT_S
            )
            wait_for(page, f"{AUDIO}.currentTime > {float(second) + 0.3}", SOUND_TIMEOUT_S)
            page.evaluate("window.__startVoiceTimer()")
            page.locator("[data-voxpress] select.voice").select_option(other)
            case.sound_ms.append(
                float(wait_for(page, "window.__voiceChange && window.__voiceChange.ms", SOUND_TIMEOUT_S * 2))
            )
            tail_from = page.evaluate(f"{PLAYER}.dataset.voxpressFrom ?? null")
            print(f"  {case.name} run {run + 1}: {case.sound_ms[-1]:.0f} ms, tail from={tail_from}")
            narrated(base, url, other)
        finally:
            context.close()
    return case


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="runs per Piper case")
    parser.add_argument("--kokoro-runs", type=int, default=5, help="runs per Kokoro case")
    parser.add_argument("--kokoro-from", type=Path, default=None, help="a voxpress data folder with Kokoro")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        raise SystemExit("Debian's chromium is needed at /usr/bin/chromium (apt-get install chromium)")
    from voxpress.settings import Settings

    kokoro_source = (args.kokoro_from or Settings.from_env().data_dir) / "voices" / "kokoro"
    site_port = free_port()
    with tempfile.TemporaryDirectory(prefix="voxpress-embed-press-play-") as folder:
        data_dir = Path(folder)
        if kokoro_source.is_dir():
            (data_dir / "voices").mkdir()
            os.symlink(kokoro_source, data_dir / "voices" / "kokoro")
        with (
            running_server(data_dir, publisher=f"127.0.0.1:{site_port}") as (base, ready_s),
            sync_playwright() as playwright,
        ):
            site_server = publisher_site(site_port, base)
            site = f"http://127.0.0.1:{site_port}"
            catalogue = HTTP.get(f"{base}/api/voices").json()
            voices = {voice["id"] for voice in catalogue["voices"]}
            piper = str(catalogue["default"])
            kokoro = "kokoro:af_heart" if "kokoro:af_heart" in voices else None
            other = "espeak:en" if "espeak:en" in voices else None
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            # One untimed round per voice so the browser, the server's paths and each model are warm.
            for index, voice in enumerate(v for v in (piper, kokoro, other) if v):
                context, page = open_story(browser, site, 900 + index, voice)
                press_play(page, None)
                narrated(base, f"{site}/story/{900 + index}", voice)
                context.close()
            piper_case, piper_stories = new_story_case(browser, base, site, piper, args.runs, 0)
            cases = [piper_case]
            if kokoro:
                cases.append(new_story_case(browser, base, site, kokoro, args.kokoro_runs, 100)[0])
            cases.append(stored_case(browser, base, site, piper, piper_stories))
            if other:
                cases.append(voice_change_case(browser, base, site, piper, other, args.runs, 300))
            if kokoro:
                cases.append(voice_change_case(browser, base, site, piper, kokoro, args.kokoro_runs, 400))
            browser.close()
            site_server.shutdown()

    print(f"server start → /api/health answering (default voice warmed): {ready_s * 1000:.0f} ms")
    print()
    print(
        f"{'embedded player, milliseconds, median / p95':<44} runs  press play→sound  {'-':>17}  "
        f"page open→sound    server 1st byte   page's 1st byte"
    )
    for case in cases:
        print(case.line())


if __name__ == "__main__":
    main()
