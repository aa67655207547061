"""Browser tests of a voice change mid-article, in Debian's Chromium: the new voice is heard at once,
from the sentence the listener was in (a tail narration, ``?from=`` that sentence's offset), and a
seek back before it switches to the new voice's whole narration.

The real app with real Piper (the article's first voice) and real espeak-ng (the new one), as in
``test_browser``, whose server and helpers these tests share.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page

import test_browser as shared
from browser_support import wait_until
from test_browser import NARRATION_TIMEOUT_S, OTHER_ENGLISH_VOICE, LiveServer, Narrated, _audio, _open_reader

# The shared fixtures, used by name.
server = shared.server
narrated = shared.narrated
browser = shared.browser
page = shared.page

pytestmark = pytest.mark.browser

SPOKEN_SENTENCE = "document.querySelector('.w.spoken')?.closest('.s')?.textContent ?? ''"


def _queries(urls: list[str], endpoint: str) -> list[dict[str, str]]:
    """The query parameters of each recorded request to ``endpoint`` (``audio``, ``timings``)."""
    return [
        {name: values[0] for name, values in parse_qs(urlparse(url).query).items()}
        for url in urls
        if urlparse(url).path.endswith(f"/{endpoint}")
    ]


def test_a_voice_change_while_playing_is_heard_from_the_same_sentence(
    page: Page, server: LiveServer, narrated: Narrated
) -> None:
    article, timings = narrated
    with server.api() as client:
        voice_ids = {voice["id"] for voice in client.get("/api/voices").json()["voices"]}
    if OTHER_ENGLISH_VOICE not in voice_ids:
        pytest.skip(f"{OTHER_ENGLISH_VOICE} is not installed (espeak-ng)")
    text: str = article["text"]
    sentence: dict[str, Any] = timings["sentences"][3]
    sentence_text = text[sentence["char_start"] : sentence["char_end"]]
    _open_reader(page, server, str(article["id"]))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.click(".s[data-i='3']")
    wait_until(page, f"document.getElementById('audio').currentTime > {sentence['start'] + 0.4}")
    assert not _audio(page, "paused")

    page.select_option("#voice", OTHER_ENGLISH_VOICE)
    wait_until(page, f"document.body.dataset.narrationFrom === '{sentence['char_start']}'")
    audio_asked = [q for q in _queries(requests, "audio") if q.get("voice") == OTHER_ENGLISH_VOICE]
    assert audio_asked and audio_asked[0]["from"] == str(sentence["char_start"])
    # Heard at once, from the start of that sentence, in the new voice: the spoken word is in it.
    wait_until(
        page, "!document.getElementById('audio').paused && document.getElementById('audio').currentTime > 0.3"
    )
    wait_until(page, f"{SPOKEN_SENTENCE} === {sentence_text!r}")
    # The clocks show the article's time: past where the sentence starts, not the tail's own 0.
    assert float(page.input_value("#seek")) >= sentence["start"]

    # Back to the top: before the tail, so the new voice's whole narration plays from there.
    page.focus("#seek")
    page.keyboard.press("Home")
    wait_until(page, "document.body.dataset.narrationFrom === undefined")
    first_sentence = text[timings["sentences"][0]["char_start"] : timings["sentences"][0]["char_end"]]
    wait_until(page, f"{SPOKEN_SENTENCE} === {first_sentence!r}", timeout=NARRATION_TIMEOUT_S)
    whole_asked = [q for q in _queries(requests, "timings") if q.get("voice") == OTHER_ENGLISH_VOICE]
    assert "from" not in whole_asked[-1]
