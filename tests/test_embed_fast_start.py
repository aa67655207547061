"""The embedded player's fast start, in Debian's Chromium through Playwright, with real Piper.

A narration still being made streams into the embed's audio element through a Media Source (the
reader page's ``player/stream.js``, served to the embed as ``/embed/assets/stream.js``), attached as
soon as the listener points at or focuses the player; a stored narration, or any in a browser without
Media Source Extensions, is the plain file. Both paths must play. A voice change resumes the new
voice at the word the old one was saying.

The two servers (voxpress under uvicorn, a publisher's site of invented stories on a second port) come
from ``tests/embed_sites.py``, as for the other embed tests; Chromium and its checked pages come from
``tests/browser_support.py``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

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
}


def _story_page(slug: str, voxpress: str, origin: str) -> str:
    title, paragraphs = STORIES[slug]
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<link rel="canonical" href="{origin}/story/{slug}">'
        f'<script src="{voxpress}/embed.js" async></script></head><body><main><article>'
        f"<h1>{title}</h1><div data-voxpress></div>{body}</article></main></body></html>"
    )


def _publisher_page(path: str, sites: Sites) -> str | None:
    slug = path.rsplit("/", 1)[-1]
    if not path.startswith("/story/") or slug not in STORIES:
        return None
    return _story_page(slug, sites.voxpress, sites.publisher)


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
