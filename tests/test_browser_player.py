"""Browser tests of the player's failure display, voice menu and fast start, in Debian's Chromium.

Same set-up as ``test_browser.py`` (whose server, browser and page fixtures these share): the real app
under uvicorn, real Piper narrations. The failure test runs its own server over a data folder whose
Kokoro install is damaged, so that a narration really fails when its voice is loaded.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

import test_browser as shared
from test_browser import (
    NARRATION_TIMEOUT_S,
    LiveServer,
    _add_article,
    _audio,
    _unfold_other_languages,
    _wait_for_timings_of,
    _wait_until,
    live_server,
)

# The shared fixtures, used by name.
server = shared.server
browser = shared.browser
page = shared.page

pytestmark = pytest.mark.browser

KOKORO_STYLE_BYTES = 510 * 256 * 4

FAST_START_ARTICLE = """Ferry Bells at Dawn

The harbour ferry now rings its bell twice before it leaves, so that late walkers can hurry down the pier.

Regular passengers say the new habit has saved them many mornings.
"""

FALLBACK_ARTICLE = """A Bakery Sells Bread by Bicycle

Every morning a baker in the old quarter loads warm loaves into a basket on her bicycle.

She rides the same loop of streets each day, and neighbours wait at their doors with coins ready.
"""

FAILING_ARTICLE = """Lanterns Along the Canal

The canal path was lit with paper lanterns for the autumn festival on Saturday night.

Families walked its whole length and the boats went by slowly to watch.
"""

GERMAN_ARTICLE = """Neue Bänke im Stadtpark

Der Stadtpark hat in dieser Woche zwanzig neue Bänke aus heimischem Holz bekommen.

Die Gärtner haben sie so aufgestellt, dass man am Morgen die Sonne und am Abend den Schatten der alten \
Bäume genießen kann. Viele Besucher bleiben jetzt länger und lesen dort ihre Zeitung.
"""


@pytest.fixture(scope="module")
def broken_kokoro_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server whose Kokoro voice is listed (its files are there) but whose model cannot be loaded."""
    data_dir = tmp_path_factory.mktemp("broken-kokoro-data")
    kokoro = data_dir / "voices" / "kokoro"
    (kokoro / "voices").mkdir(parents=True)
    (kokoro / "kokoro-v1.0.onnx").write_bytes(b"this is not an ONNX model\n" * 64)
    (kokoro / "voices" / "af_heart.bin").write_bytes(bytes(KOKORO_STYLE_BYTES))
    with live_server(data_dir) as running:
        yield running


def _kokoro_voice(server: LiveServer) -> str:
    with server.api() as client:
        voices = client.get("/api/voices").json()["voices"]
    kokoro = [voice["id"] for voice in voices if voice["engine"] == "kokoro"]
    if not kokoro:
        pytest.skip("Kokoro's engine packages are not installed, so no Kokoro voice is listed")
    return str(kokoro[0])


def _open(page: Page, server: LiveServer, article_id: str, query: str = "") -> None:
    page.goto(f"{server.base_url}/read/{article_id}{query}")
    page.wait_for_selector("body[data-ready='true']")


def test_a_failed_narration_shows_its_reason_and_a_retry_button(
    page: Page, broken_kokoro_server: LiveServer
) -> None:
    server = broken_kokoro_server
    voice = _kokoro_voice(server)
    article = _add_article(server, FAILING_ARTICLE)
    posts: list[dict[str, Any]] = []
    page.on(
        "request",
        lambda request: (
            posts.append(json.loads(request.post_data or "{}"))
            if request.method == "POST" and request.url.endswith("/narrations")
            else None
        ),
    )
    timings_requests: list[str] = []
    page.on(
        "request", lambda request: timings_requests.append(request.url) if "/timings" in request.url else None
    )
    _open(page, server, str(article["id"]), f"?voice={voice}")

    failure = page.locator("#player-failure")
    failure.wait_for(state="visible", timeout=NARRATION_TIMEOUT_S * 1000)
    message = page.inner_text("#player-error")
    assert "Kokoro model" in message, message  # the job's own reason, not a general one
    assert page.locator("#synthesis").is_hidden()  # never left at "Preparing the narration… 0%"
    retry = page.locator("#retry")
    assert retry.is_visible() and retry.is_enabled()
    shared.ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(shared.ARTIFACTS / "reader-player-failed.png"))

    # Retry asks for a fresh attempt with the same voice; this failure is deterministic, so it is shown again.
    with page.expect_request(lambda request: "/timings" in request.url, timeout=10_000):
        page.click("#retry")
    failure.wait_for(state="visible", timeout=NARRATION_TIMEOUT_S * 1000)
    assert posts and posts[-1]["voice"] == voice
    _wait_until(page, "document.getElementById('player-error').textContent.includes('Kokoro model')")
    assert page.locator("#retry").is_enabled()
    assert _audio(page, "paused")
    # A failed narration is not asked for again and again: the page stops polling until Retry.
    time.sleep(0.5)
    asked = len(timings_requests)
    time.sleep(2.0)
    assert len(timings_requests) == asked


def test_the_voice_menu_puts_the_articles_language_first(page: Page, server: LiveServer) -> None:
    with server.api() as client:
        voices = client.get("/api/voices").json()["voices"]
    german = [v for v in voices if "de" in {code.split("-")[0] for code in [v["language"], *v["languages"]]}]
    if not german:
        pytest.skip("no installed voice speaks German (espeak-ng)")
    article = _add_article(server, GERMAN_ARTICLE)
    assert article["language"].startswith("de"), article["language"]
    _open(page, server, str(article["id"]))

    groups = page.evaluate(
        """[...document.querySelectorAll('#voice > optgroup, #voice > option')]
           .map(el => [el.tagName, el.label || el.textContent, el.querySelectorAll('option').length])"""
    )
    assert groups[0][0] == "OPTGROUP" and groups[0][1] == "Speaks German"
    first = page.locator("#voice optgroup[data-group='article-language'] option").evaluate_all(
        "options => options.map(o => o.value)"
    )
    assert sorted(first) == sorted(v["id"] for v in german)
    assert page.input_value("#voice") in first
    # The rest is folded behind one entry until asked for.
    assert groups[1:] == [["OPTION", groups[1][1], 0]] and groups[1][1].startswith("Other languages")
    assert page.locator("#voice option").count() == len(first) + 1

    _unfold_other_languages(page)
    labels = page.locator("#voice optgroup[data-group='other-language']").evaluate_all(
        "groups => groups.map(g => g.label)"
    )
    assert labels and all(label.startswith("Other languages: ") for label in labels)
    names = [label.removeprefix("Other languages: ") for label in labels]
    assert names == sorted(names, key=str.casefold) or len(names) == len(set(names))
    assert "German" not in names
    assert page.locator("#voice option").count() == len(voices)
    assert page.locator("#voice option[data-mismatch='true']").count() == len(voices) - len(first)
    assert page.locator("#voice option[value='__other-languages__']").count() == 0


def test_a_new_narration_starts_through_media_source(page: Page, server: LiveServer) -> None:
    article = _add_article(server, FAST_START_ARTICLE)
    _open(page, server, str(article["id"]))
    _wait_until(page, "document.body.dataset.audioPath !== undefined", timeout=NARRATION_TIMEOUT_S)
    assert page.evaluate("document.body.dataset.audioPath") == "stream"
    assert _audio(page, "src").startswith("blob:")
    page.click("#play")
    _wait_until(page, "document.getElementById('audio').currentTime > 0.3", timeout=NARRATION_TIMEOUT_S)
    page.wait_for_selector("#synthesis", state="hidden", timeout=NARRATION_TIMEOUT_S * 1000)
    # The whole stream lands in the buffer: the narration ends with a finite length and can be sought.
    finite = "Number.isFinite(document.getElementById('audio').duration)"
    _wait_until(page, finite, timeout=NARRATION_TIMEOUT_S)
    with server.api() as client:
        timings = client.get(f"/api/articles/{article['id']}/timings").json()
    assert abs(_audio(page, "duration") - timings["duration"]) < 0.5
    page.click("#play")
    page.click(".s[data-i='2']")
    _wait_until(page, "!document.getElementById('audio').paused")
    assert abs(_audio(page, "currentTime") - timings["sentences"][2]["start"]) < 0.6
    assert page.locator(".w").count() == len(timings["words"])
    assert not _audio(page, "error")


def test_without_media_source_the_plain_stream_plays(page: Page, server: LiveServer) -> None:
    page.add_init_script("delete window.MediaSource; delete window.ManagedMediaSource;")
    article = _add_article(server, FALLBACK_ARTICLE)
    _open(page, server, str(article["id"]))
    _wait_until(page, "document.body.dataset.audioPath !== undefined", timeout=NARRATION_TIMEOUT_S)
    assert page.evaluate("typeof window.MediaSource") == "undefined"
    assert page.evaluate("document.body.dataset.audioPath") == "file"
    assert "/audio?" in _audio(page, "src")
    page.click("#play")
    _wait_until(page, "document.getElementById('audio').currentTime > 0.3", timeout=NARRATION_TIMEOUT_S)
    page.wait_for_selector("#synthesis", state="hidden", timeout=NARRATION_TIMEOUT_S * 1000)
    _wait_until(page, "document.querySelector('.w.spoken') !== null", timeout=10)
    assert not _audio(page, "error")


def test_an_already_narrated_article_plays_from_the_file(page: Page, server: LiveServer) -> None:
    article = _add_article(server, FAST_START_ARTICLE)
    with server.api() as client:
        _wait_for_timings_of(client, str(article["id"]))
    _open(page, server, str(article["id"]))
    _wait_until(page, "document.body.dataset.audioPath !== undefined")
    assert page.evaluate("document.body.dataset.audioPath") == "file"
    page.click("#play")
    _wait_until(page, "document.getElementById('audio').currentTime > 0.2")
    assert Path(_audio(page, "src")).name.startswith("audio?")
