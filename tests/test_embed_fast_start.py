"""The embedded player's fast start, in Debian's Chromium through Playwright, with real Piper.

A narration still being made streams into the embed's audio element through a Media Source (the
reader page's ``player/stream.js``, served to the embed as ``/embed/assets/stream.js``), attached as
soon as the listener points at or focuses the player; a stored narration, or any in a browser without
Media Source Extensions, is the plain file. Both paths must play. A voice change resumes the new
voice at the word the old one was saying. The loader (``embed.js``) asks for the narration while the
player's modules still load, and the player takes that answer; when the loader's request fails, or an
older loader made none, the player asks itself and plays all the same.

The two servers (voxpress under uvicorn, a publisher's site of invented stories on a second port) come
from ``tests/embed_sites.py``, as for the other embed tests; Chromium and its checked pages come from
``tests/browser_support.py``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route

from browser_support import checked_page, chromium, wait_until
from embed_sites import Sites, publisher_beside_voxpress

NARRATION_TIMEOUT_S = 120.0
WAIT_S = 30.0
NO_MEDIA_SOURCE = "delete window.MediaSource; delete window.ManagedMediaSource;"

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STORIES = {
    "kiln": (
        "The pottery kiln is lit again",
        [
            "The old kiln behind the craft school was lit on Saturday for the first time in six years.",
            "Students loaded it with bowls and tiles, and the fire will burn for two days.",
        ],
    ),
    "ferry": (
        "A ferry for the island school",
        [
            "Pupils on the island will cross to school on a new electric ferry from next week.",
            "The boat carries forty passengers and charges its batteries at the pier overnight.",
        ],
    ),
    "bells": (
        "Bell ringers practise on Thursdays",
        [
            "The ringers of the harbour church meet on Thursday evenings and welcome beginners.",
            "A full peal takes three hours, so they start with short rounds of eight bells.",
        ],
    ),
    "garden": (
        "A garden on the station roof",
        [
            "Volunteers planted herbs and beans on the flat roof of the bus station this spring.",
            "Commuters may pick what they like, and the rain fills two tanks for dry weeks.",
        ],
    ),
    "quay": (
        "Fishing boats return to the quay",
        [
            "The fishing boats came back to the north quay on Friday after the harbour wall was mended.",
            "Their catch of crab and mackerel was sold on the stones before noon.",
        ],
    ),
    "mill": (
        "The water mill grinds flour again",
        [
            "The water mill on the river ground its first sack of flour in forty years last week.",
            "Bakers in the village will use it for a loaf sold at the Saturday market.",
        ],
    ),
    "choir": (
        "A choir for the night shift",
        [
            "Nurses and porters from the night shift sing together in the hospital chapel at dawn.",
            "Their first concert raised money for new chairs in the waiting room.",
        ],
    ),
    "tram": (
        "The tram line reaches the stadium",
        [
            "Trams run to the stadium from Sunday, and the first one leaves the square at seven.",
            "The line has four new stops, each with a shelter and a map of the town.",
        ],
    ),
}
PREVIOUS_LOADER = """(function () {
  if (window.__voxpressEmbed) return;
  var script = document.currentScript || document.querySelector('script[src$="/embed.js"]');
  var base = new URL(script.src, location.href).href.replace(/\\/embed\\.js([?#].*)?$/, "");
  window.__voxpressBase = base;
  window.__voxpressEmbed = import(base + "/embed/assets/player.js").then(function (player) {
    var start = function () { player.mountAll(base); };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
    return player;
  });
})();
"""
"""A loader from before the early request (as a browser may have cached): it only imports the player."""


def _story_page(slug: str, voxpress: str, origin: str, players: int = 1) -> str:
    title, paragraphs = STORIES[slug]
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<link rel="canonical" href="{origin}/story/{slug}">'
        f'<script src="{voxpress}/embed.js" async></script></head><body><main><article>'
        f"<h1>{title}</h1>{'<div data-voxpress></div>' * players}{body}</article></main></body></html>"
    )


def _publisher_page(path: str, sites: Sites) -> str | None:
    """``/story/SLUG``: the story with its player; ``/twice/SLUG``: the same story with two."""
    kind, _, slug = path.strip("/").partition("/")
    if kind not in ("story", "twice") or slug not in STORIES:
        return None
    return _story_page(slug, sites.voxpress, sites.publisher, 2 if kind == "twice" else 1)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    with publisher_beside_voxpress(_publisher_page, tmp_path_factory.mktemp("embed-fast-start")) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium(autoplay=True) as launched:
        yield launched


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh context at Playwright's default viewport; fails the test on CSP violations
    or uncaught script errors."""
    with checked_page(browser, width=1280, height=720) as new_page:
        yield new_page


def finished_timings(sites: Sites, page: Page) -> dict[str, Any]:
    timings_link = page.evaluate(f"{PLAYER}.voxpressPlayer.article.links.timings")
    deadline = time.monotonic() + NARRATION_TIMEOUT_S
    with sites.api() as client:
        while time.monotonic() < deadline:
            timings = dict(client.get(timings_link).json())
            if timings.get("complete"):
                return timings
            time.sleep(0.3)
    pytest.fail("the narration did not finish")


PLAYER = "document.querySelector('[data-voxpress]')"
AUDIO = f"{PLAYER}.shadowRoot.querySelector('audio')"
PATH = f"{PLAYER}.dataset.voxpressAudioPath"
READY = f"{PLAYER}.shadowRoot?.querySelector('button.play')?.disabled === false"


def test_a_new_narration_streams_once_the_listener_points_at_it(page: Page, sites: Sites) -> None:
    page.goto(sites.story("kiln"))
    wait_until(page, READY, timeout=WAIT_S)
    assert page.evaluate(f"{AUDIO}.getAttribute('src')") is None  # nothing is downloaded before an intent
    page.locator("[data-voxpress] button.play").hover()
    wait_until(page, f"{PATH} === 'stream'", timeout=WAIT_S)
    assert page.evaluate(f"{AUDIO}.src").startswith("blob:")
    page.locator("[data-voxpress] button.play").click()
    wait_until(page, f"{AUDIO}.currentTime > 0.5", timeout=NARRATION_TIMEOUT_S)
    timings = finished_timings(sites, page)
    # The whole narration arrives through the stream: the element plays on to its last word.
    page.evaluate(f"{AUDIO}.playbackRate = 2")
    last_word_end = timings["words"][-1]["end"]
    wait_until(page, f"{AUDIO}.ended || {AUDIO}.currentTime >= {last_word_end}", timeout=NARRATION_TIMEOUT_S)
    assert page.evaluate(f"{PATH}") == "stream"


def test_without_media_source_a_new_narration_plays_from_the_file(page: Page, sites: Sites) -> None:
    page.context.add_init_script(NO_MEDIA_SOURCE)
    page.goto(sites.story("ferry"))
    wait_until(page, READY, timeout=WAIT_S)
    assert page.evaluate("typeof window.MediaSource") == "undefined"
    page.locator("[data-voxpress] button.play").click()
    assert page.evaluate(PATH) == "file"
    assert "/audio?" in page.evaluate(f"{AUDIO}.src")
    wait_until(page, f"{AUDIO}.currentTime > 0.5", timeout=NARRATION_TIMEOUT_S)


def test_a_stored_narration_is_the_file(page: Page, sites: Sites) -> None:
    page.goto(sites.story("bells"))
    wait_until(page, READY, timeout=WAIT_S)
    finished_timings(sites, page)
    page.reload()
    wait_until(page, READY, timeout=WAIT_S)
    assert page.evaluate(f"{PLAYER}.voxpressPlayer.article.narrated") is True
    page.locator("[data-voxpress] button.play").click()
    assert page.evaluate(PATH) == "file"
    wait_until(page, f"{AUDIO}.currentTime > 0.3", timeout=30)


def test_a_voice_change_resumes_the_new_voice_at_the_same_word(page: Page, sites: Sites) -> None:
    page.goto(sites.story("garden"))
    wait_until(page, READY, timeout=WAIT_S)
    old = finished_timings(sites, page)
    voices = page.locator("[data-voxpress] select.voice option").evaluate_all(
        "(options) => options.map((o) => o.value)"
    )
    other = next((voice for voice in voices if voice.startswith("espeak:")), None)
    if other is None:
        pytest.skip("no espeak-ng voice installed")
    page.locator("[data-voxpress] button.play").click()
    # Into the second sentence of the story, then the other voice.
    second = old["sentences"][2]
    wait_until(page, f"{AUDIO}.currentTime > {second['start'] + 0.6}", timeout=60)
    said = page.evaluate(f"{PLAYER}.voxpressPlayer.placeChar()")
    assert second["char_start"] <= said < second["char_end"]
    page.locator("[data-voxpress] select.voice").select_option(other)
    wait_until(page, f"{PLAYER}.voxpressPlayer.article.voice === {other!r}", timeout=WAIT_S)
    placed = f"{PLAYER}.voxpressPlayer.tailRequest === null && {PLAYER}.voxpressPlayer.resumeAtChar === null"
    wait_until(page, f"{placed} && !{AUDIO}.paused", timeout=60)
    if page.evaluate(f"{PLAYER}.dataset.voxpressFrom ?? ''"):
        # The new voice's tail from the sentence being said, heard from its start (test_embed_voice_change).
        assert page.evaluate(f"{PLAYER}.voxpressPlayer.tail.from") == second["char_start"]
        wait_until(page, f"{AUDIO}.currentTime > 0.3", timeout=30)
        return
    new = page.evaluate(f"{PLAYER}.voxpressPlayer.timings")
    resumed_at = next(word for word in new["words"] if word["char_start"] >= said)
    heard = page.evaluate(f"{AUDIO}.currentTime")
    assert resumed_at["start"] - 0.05 <= heard <= resumed_at["start"] + 1.5
    wait_until(page, f"{AUDIO}.currentTime > {resumed_at['start'] + 0.3}", timeout=30)


def narration_requests(page: Page) -> list[str]:
    """The page's requests for a narration by URL, from now on (each one the server answers)."""
    seen: list[str] = []
    page.on("request", lambda request: "/api/embed/narration?" in request.url and seen.append(request.url))
    return seen


def test_the_loader_asks_for_the_narration_before_the_player_module_loads(page: Page, sites: Sites) -> None:
    asked = narration_requests(page)
    held: list[Route] = []
    page.route("**/embed/assets/player.js", lambda route: held.append(route))  # held until released
    page.goto(sites.story("quay"), wait_until="domcontentloaded")
    deadline = time.monotonic() + WAIT_S
    while not asked and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert len(asked) == 1 and len(held) == 1
    assert page.evaluate(f"{PLAYER}.voxpressPlayer === undefined")  # no player yet: the loader asked
    held[0].continue_()
    wait_until(page, READY, timeout=WAIT_S)
    assert page.evaluate(f"{PLAYER}.dataset.voxpressStart") == "early"  # the player took that answer
    page.locator("[data-voxpress] button.play").click()
    wait_until(page, f"{AUDIO}.currentTime > 0.3", timeout=NARRATION_TIMEOUT_S)
    assert len(asked) == 1  # the player made no request of its own


def test_two_players_of_one_story_share_the_loaders_one_request(page: Page, sites: Sites) -> None:
    asked = narration_requests(page)
    page.goto(f"{sites.publisher}/twice/mill")
    both = "[...document.querySelectorAll('[data-voxpress]')]"
    wait_until(page, f"{both}.every((p) => p.shadowRoot?.querySelector('button.play')?.disabled === false)")
    assert page.evaluate(f"{both}.map((p) => p.dataset.voxpressStart)") == ["early", "early"]
    ids = page.evaluate(f"{both}.map((p) => p.voxpressPlayer.article.id)")
    assert len(ids) == 2 and ids[0] == ids[1]
    page.locator("[data-voxpress] button.play").last.click()
    last_audio = f"{both}[1].shadowRoot.querySelector('audio')"
    wait_until(page, f"{last_audio}.currentTime > 0.3", timeout=NARRATION_TIMEOUT_S)
    assert len(asked) == 1


def test_when_the_loaders_request_fails_the_player_asks_itself_and_plays(page: Page, sites: Sites) -> None:
    asked = narration_requests(page)
    first = [True]

    def fail_the_first(route: Route) -> None:
        if first[0]:
            first[0] = False
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/api/embed/narration?**", fail_the_first)
    page.goto(sites.story("choir"))
    wait_until(page, READY, timeout=WAIT_S)
    assert page.evaluate(f"{PLAYER}.dataset.voxpressStart") == "own"
    assert len(asked) == 2 and asked[0] == asked[1]  # the loader's, failed, then the player's same one
    page.locator("[data-voxpress] button.play").click()
    wait_until(page, f"{AUDIO}.currentTime > 0.3", timeout=NARRATION_TIMEOUT_S)


def test_under_a_loader_from_before_the_early_start_the_player_asks_itself(page: Page, sites: Sites) -> None:
    asked = narration_requests(page)
    page.route(
        "**/embed.js",
        lambda route: route.fulfill(status=200, content_type="text/javascript", body=PREVIOUS_LOADER),
    )
    page.goto(sites.story("tram"))
    wait_until(page, READY, timeout=WAIT_S)
    assert page.evaluate("window.__voxpressEarly") is None
    assert page.evaluate(f"{PLAYER}.dataset.voxpressStart") == "own"
    assert len(asked) == 1
    page.locator("[data-voxpress] button.play").click()
    wait_until(page, f"{AUDIO}.currentTime > 0.3", timeout=NARRATION_TIMEOUT_S)
