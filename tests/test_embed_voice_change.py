"""A voice change mid-article in the embedded player, on a publisher's page, in Debian's Chromium.

The new voice is heard at once from the sentence the listener was in: the embed asks for a tail
narration (``?from=`` that sentence's offset), plays it from its start and highlights that sentence's
words in the host page's own text (the tail's character offsets are the article's). A seek back before
the tail loads the new voice's whole narration. Two real servers on two local ports, as in
``test_embed_browser``: voxpress (real Piper first, real espeak-ng after the change) and a publisher's
site of our own text, let through with ``FetchLimits.allow`` and admitted with ``embed_origins``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser, Page

from browser_support import checked_page, chromium, wait_until
from embed_sites import Sites, publisher_beside_voxpress

NARRATION_TIMEOUT_S = 120.0

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TITLE = "The lighthouse keeper's last winter"
PARAGRAPHS = (
    "The lighthouse on the point has been kept by one family for ninety years. "
    "This winter is the last before the lamp runs by itself.",
    "Every evening the keeper climbs one hundred and twelve steps to check the glass. "
    "She writes the weather in a ledger that her grandfather began. "
    "The ledger has a page for every storm since the lamp was lit.",
    "In the spring a small museum will open in the keeper's cottage. "
    "Visitors will be able to climb the tower on Saturdays.",
)

PLAYER = "document.querySelector('[data-voxpress]')"
AUDIO = f"{PLAYER}.shadowRoot.querySelector('audio')"
SHOWN_SENTENCE = """(() => {
  const sentence = CSS.highlights.get('voxpress-sentence');
  const range = sentence && [...sentence][0];
  return range ? range.toString().replace(/\\s+/g, ' ').trim() : '';
})()"""
SHOWN_WORD = """(() => {
  const word = CSS.highlights.get('voxpress-word');
  const range = word && [...word][0];
  return range ? range.toString() : '';
})()"""


def story_page(voxpress: str, origin: str) -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{TITLE}</title>'
        f'<link rel="canonical" href="{origin}/story/lighthouse">'
        f'<script src="{voxpress}/embed.js" async></script></head><body>'
        f"<main><article><h1>{TITLE}</h1><div data-voxpress></div>{paragraphs}</article></main></body></html>"
    )


def publisher_page(path: str, sites: Sites) -> str | None:
    """The publisher's one page, the lighthouse story."""
    if urlparse(path).path != "/story/lighthouse":
        return None
    return story_page(sites.voxpress, sites.publisher)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    with publisher_beside_voxpress(
        publisher_page,
        tmp_path_factory.mktemp("embed-voice-change"),
        public_voices=("espeak:en-us",),  # the voice readers change to
    ) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium(autoplay=True) as launched:
        yield launched


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    with checked_page(browser) as new_page:
        yield new_page


def complete_timings(sites: Sites, timings_link: str) -> dict[str, Any]:
    deadline = time.monotonic() + NARRATION_TIMEOUT_S
    with sites.api() as client:
        while time.monotonic() < deadline:
            timings = dict(client.get(timings_link).json())
            if timings.get("complete"):
                return timings
            time.sleep(0.3)
    pytest.fail("the narration did not finish")


def queries(urls: list[str], endpoint: str) -> list[dict[str, str]]:
    """The query parameters of each recorded request to the articles' ``endpoint`` (audio, timings)."""
    return [
        {name: values[0] for name, values in parse_qs(urlparse(url).query).items()}
        for url in urls
        if urlparse(url).path.startswith("/api/articles/") and urlparse(url).path.endswith(f"/{endpoint}")
    ]


def words_of(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_a_voice_change_plays_the_new_voice_from_the_current_sentence(page: Page, sites: Sites) -> None:
    page.goto(f"{sites.publisher}/story/lighthouse")
    wait_until(page, f"{PLAYER}.shadowRoot?.querySelector('button.play')?.disabled === false", timeout=60)
    links = page.evaluate(f"{PLAYER}.voxpressPlayer.article.links")
    timings = complete_timings(sites, links["timings"])  # the first voice's narration, stored
    voices = page.locator("[data-voxpress] select.voice option").evaluate_all(
        "(options) => options.map((o) => o.value)"
    )
    other = next((voice for voice in voices if voice.startswith("espeak:")), None)
    if other is None:
        pytest.skip("no espeak-ng voice installed")
    text: str = timings["text"]
    sentence: dict[str, Any] = timings["sentences"][4]  # "She writes the weather ..."
    sentence_text = " ".join(text[sentence["char_start"] : sentence["char_end"]].split())
    assert sentence_text.startswith("She writes the weather")

    page.locator("[data-voxpress] button.play").click()
    wait_until(page, f"{AUDIO}.currentTime > 0", timeout=60)
    page.evaluate(f"{PLAYER}.voxpressPlayer.seekTo({sentence['start'] + 0.2})")
    wait_until(page, f"{AUDIO}.currentTime > {sentence['start'] + 0.5} && !{AUDIO}.paused", timeout=30)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    page.locator("[data-voxpress] select.voice").select_option(other)
    wait_until(
        page, f"{PLAYER}.dataset.voxpressFrom === '{sentence['char_start']}'", timeout=NARRATION_TIMEOUT_S
    )
    asked = [q for q in queries(requests, "audio") if q.get("voice") == other]
    assert asked and asked[0]["from"] == str(sentence["char_start"])
    asked_timings = [q for q in queries(requests, "timings") if q.get("voice") == other]
    assert asked_timings[0]["from"] == str(sentence["char_start"])
    # The new voice, heard at once from the start of that sentence (the tail's time 0) ...
    wait_until(page, f"!{AUDIO}.paused && {AUDIO}.currentTime > 0.3", timeout=NARRATION_TIMEOUT_S)
    assert page.evaluate(f"{PLAYER}.voxpressPlayer.article.voice") == other
    assert page.evaluate(f"{AUDIO}.currentTime") < sentence["end"] - sentence["start"] + 2
    # ... with that sentence and its words highlighted in the host page's own text.
    # (The host text's sentence range runs from its first word to its last: the full stop is outside.)
    shown = wait_until(
        page, f"{SHOWN_SENTENCE} === {sentence_text.rstrip('.')!r} && {SHOWN_WORD}", timeout=30
    )
    assert shown in words_of(sentence_text)
    # The clocks keep the article's timeline: past the sentence's start, not the tail's own 0.
    assert page.evaluate(f"{PLAYER}.voxpressPlayer.now()") >= sentence["start"]

    # Back to the top, before the tail: the new voice's whole narration plays from there.
    page.locator("[data-voxpress] button.play").focus()
    page.keyboard.press("Home")
    wait_until(page, f"{PLAYER}.dataset.voxpressFrom === undefined")
    first = timings["sentences"][0]
    first_text = " ".join(text[first["char_start"] : first["char_end"]].split())
    wait_until(page, f"{SHOWN_SENTENCE} === {first_text.rstrip('.')!r}", timeout=NARRATION_TIMEOUT_S)
    whole = [q for q in queries(requests, "timings") if q.get("voice") == other]
    assert "from" not in whole[-1]
    assert not page.evaluate(f"{AUDIO}.paused")
