"""The reader page starts its narration while its scripts load, in Debian's Chromium with real Piper.

The page's head names the voice the server chose and preloads that narration's timings: the request
that starts the job goes out as soon as the head is parsed, before the player's modules, the article
and the voice list have loaded; the player's own timings request then joins the running job. The
server here is the real app under uvicorn (``tests/loopback.py``); Chromium is the one the other
browser tests launch (``tests/browser_support.py``).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from playwright.sync_api import Browser, Route

from browser_support import chromium
from loopback import LoopbackServer
from voxpress.store.db import Store

NARRATION_TIMEOUT_S = 120.0

STARTED_EARLY = (
    "Lighthouse keepers return\n\nThe keepers climbed the tower at dawn and lit the lamp by hand. "
    "Ships in the bay answered with their horns."
)
NAMED_VOICE = (
    "Allotments get a new well\n\nThe gardeners dug the well themselves over three weekends. "
    "Water now reaches every plot without a hose."
)


@dataclass
class Server:
    url: str
    store: Store
    """The app's own store: it shows the jobs without a request that would start one."""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    from voxpress.server import create_app
    from voxpress.settings import Settings

    settings = Settings(data_dir=tmp_path_factory.mktemp("reader-fast-start"), workers=1)
    app = create_app(settings, warm=False)
    with LoopbackServer(app) as running:
        yield Server(running.url, app.state.store)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium(autoplay=True) as launched:
        yield launched


def add_article(base: str, text: str) -> str:
    response = httpx.post(f"{base}/api/articles", json={"text": text}, timeout=30)
    response.raise_for_status()
    return str(response.json()["id"])


def test_the_reader_head_names_the_voice_and_preloads_its_timings(server: Server) -> None:
    article_id = add_article(server.url, NAMED_VOICE)
    default = httpx.get(f"{server.url}/api/voices").json()["default"]
    page = httpx.get(f"{server.url}/read/{article_id}").text
    head = page.split("</head>", 1)[0]
    assert f'<meta name="voxpress-voice" content="{default}">' in head
    preload = f"/api/articles/{article_id}/timings?voice={default.replace(':', '%3A')}"
    assert f'<link rel="preload" as="fetch" crossorigin="anonymous" href="{preload}">' in head
    # The preload comes before the player's script, so it is the page's first request.
    assert head.index('rel="preload"') < head.index("/static/player.js")
    # A voice asked for in the address is the one started; an unknown one starts nothing.
    asked = httpx.get(f"{server.url}/read/{article_id}", params={"voice": "espeak:en"}).text
    assert '<meta name="voxpress-voice" content="espeak:en">' in asked
    unknown = httpx.get(f"{server.url}/read/{article_id}", params={"voice": "nobody:here"}).text
    assert "voxpress-voice" not in unknown and 'rel="preload" as="fetch"' not in unknown


def test_the_narration_starts_before_the_players_scripts_run(browser: Browser, server: Server) -> None:
    article_id = add_article(server.url, STARTED_EARLY)
    voice = str(httpx.get(f"{server.url}/api/voices").json()["default"])
    context = browser.new_context()
    page = context.new_page()
    held: list[Route] = []
    # Hold the player's script: whatever starts the narration now is the head's preload alone.
    page.route("**/static/player.js", lambda route: held.append(route))
    page.goto(f"{server.url}/read/{article_id}", wait_until="commit")
    deadline = time.monotonic() + 30
    while server.store.latest_job(article_id, voice, 1.0) is None:
        assert time.monotonic() < deadline, "the narration did not start"
        time.sleep(0.05)
    assert page.evaluate("document.body.dataset.ready") is None  # the player has not started
    while not held:
        time.sleep(0.05)
    held[0].continue_()
    page.wait_for_selector("body[data-ready='true']", timeout=30_000)
    assert page.input_value("#voice") == voice
    page.click("#play")
    deadline = time.monotonic() + NARRATION_TIMEOUT_S
    while page.evaluate("document.getElementById('audio').currentTime") <= 0.3:
        assert time.monotonic() < deadline, "the narration did not play"
        time.sleep(0.05)
    context.close()
