"""Browser tests of the reader page and its synced player, in Debian's Chromium driven by Playwright.

The real app (``create_app``) runs under uvicorn in a background thread on a free local port with a
fresh data folder; narrations are real Piper synthesis. Each test gets a fresh browser context (empty
localStorage) and fails if the page reports any Content-Security-Policy violation or script error.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page

from browser_support import ARTIFACTS, checked_page, chromium, wait_until
from loopback import LoopbackServer

NARRATION_TIMEOUT_S = 90.0
OTHER_ENGLISH_VOICE = "espeak:en"

ARTICLE_TEXT = """Night Trains Return to the Valley

The first sleeper train in twenty years left the valley station on Friday evening, and every berth was taken.

Passengers brought blankets, card games and flasks of tea for the long ride north. The railway says it \
will run three nights a week until spring, and more often if the carriages stay full.
"""

STREAMING_ARTICLE_TEXT = """A Library Opens Under the Bridge

A small lending library has opened in a disused ticket office beneath the old bridge.

Volunteers painted the walls, built shelves from old pallets and collected four thousand books in a month. \
Anyone may borrow three books at a time, and nobody is asked for a card. The first visitor was a retired \
ferry captain who took home two atlases and a cookbook. On rainy afternoons the room fills with students \
who come for the quiet and the free tea.
"""

SPOKEN_WORD_IN_VIEW = """(() => {
  const word = document.querySelector('.w.spoken');
  if (!word) return false;
  const box = word.getBoundingClientRect();
  return box.top >= 0 && box.bottom <= innerHeight - document.getElementById('player').offsetHeight;
})()"""

pytestmark = pytest.mark.browser

Narrated = tuple[dict[str, Any], dict[str, Any]]
"""An article object of the API and the timings of its finished default narration."""


@dataclass
class LiveServer:
    base_url: str

    def api(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=30.0)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("browser-data")) as running:
        yield running


@contextmanager
def live_server(data_dir: Path) -> Iterator[LiveServer]:
    """The real app on a free local port over ``data_dir``, until the block ends."""
    from voxpress.server import create_app
    from voxpress.settings import Settings

    with LoopbackServer(create_app(Settings(data_dir=data_dir, workers=1), warm=False)) as running:
        yield LiveServer(running.url)


def _add_article(server: LiveServer, text: str) -> dict[str, Any]:
    with server.api() as client:
        response = client.post("/api/articles", json={"text": text})
        assert response.status_code == 201, response.text
        return dict(response.json())


def _wait_for_timings_of(client: httpx.Client, article_id: str, voice: str | None = None) -> dict[str, Any]:
    """Poll the timings (which starts the narration) until the narration is complete."""
    deadline = time.monotonic() + NARRATION_TIMEOUT_S
    params = {"voice": voice} if voice else {}
    while time.monotonic() < deadline:
        response = client.get(f"/api/articles/{article_id}/timings", params=params)
        assert response.status_code == 200, response.text
        timings = dict(response.json())
        assert not timings.get("error"), timings["error"]
        if timings["complete"]:
            return timings
        time.sleep(0.3)
    pytest.fail(f"the narration of {article_id} did not finish in {NARRATION_TIMEOUT_S} s")


@pytest.fixture(scope="module")
def narrated(server: LiveServer) -> Narrated:
    """The test article and the timings of its finished default narration."""
    article = _add_article(server, ARTICLE_TEXT)
    with server.api() as client:
        return article, _wait_for_timings_of(client, str(article["id"]))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium(autoplay=True) as running:
        yield running


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh context; fails the test on CSP violations or uncaught script errors."""
    with checked_page(browser, width=1100, height=760) as new_page:
        yield new_page


def _open_reader(page: Page, server: LiveServer, article_id: str) -> None:
    page.goto(f"{server.base_url}/read/{article_id}")
    page.wait_for_selector("body[data-ready='true']")
    page.wait_for_selector("#synthesis", state="hidden")
    page.wait_for_selector(".w")
    wait_until(page, "document.getElementById('audio').readyState >= 1")


_wait_until = wait_until
"""The name ``test_browser_player`` imports."""


def _wait_for_scrolling_to_stop(page: Page) -> None:
    position = page.evaluate("scrollY")
    for _ in range(40):
        time.sleep(0.15)
        now = page.evaluate("scrollY")
        if now == position:
            return
        position = now
    pytest.fail("the page kept scrolling")


def _audio(page: Page, prop: str) -> Any:
    return page.evaluate(f"document.getElementById('audio').{prop}")


def _spoken_word(page: Page) -> int:
    index = page.evaluate("document.querySelector('.w.spoken')?.dataset.i ?? '-1'")
    return int(index)


def _unfold_other_languages(page: Page) -> None:
    """Choose the "Other languages" entry of the voice menu, if the menu has one (it picks no voice)."""
    if page.get_attribute("#voice", "data-other-languages") == "folded":
        before = page.input_value("#voice")
        page.select_option("#voice", "__other-languages__")
        wait_until(page, "document.getElementById('voice').dataset.otherLanguages === 'shown'")
        assert page.input_value("#voice") == before


def _seconds(clock: str) -> int:
    minutes, seconds = clock.lstrip("-").split(":")[-2:]
    return int(minutes) * 60 + int(seconds)


def test_reader_shows_the_article_with_timed_spans(
    page: Page, server: LiveServer, narrated: Narrated
) -> None:
    article, timings = narrated
    _open_reader(page, server, str(article["id"]))

    assert page.inner_text("#title") == article["title"]
    minutes = article["reading_time_minutes"]
    expected = f"Reading Time: {minutes} minute" + ("" if minutes == 1 else "s")
    assert page.inner_text("#reading-time") == expected
    paragraphs = page.locator("#article-body p").all_inner_texts()
    assert paragraphs == article["paragraphs"]
    # Every timed sentence and word is wrapped, and each word span holds exactly its written text.
    assert page.locator(".s").count() == len(timings["sentences"])
    word_texts = page.locator(".w").all_text_contents()
    text = str(timings["text"])
    assert word_texts == [text[w["char_start"] : w["char_end"]] for w in timings["words"]]
    # The voice list comes from the API: English voices first, the rest folded behind "Other languages";
    # unfolded, every voice is listed and those that cannot speak English are marked.
    with server.api() as client:
        catalogue = client.get("/api/voices").json()
    _unfold_other_languages(page)
    options = page.locator("#voice option")
    assert options.count() == len(catalogue["voices"])
    for voice in catalogue["voices"]:
        option = page.locator(f"#voice option[value='{voice['id']}']")
        speaks_english = any(lang.split("-")[0] == "en" for lang in [voice["language"], *voice["languages"]])
        assert (option.get_attribute("data-mismatch") == "true") == (not speaks_english)
    assert page.evaluate("navigator.mediaSession.metadata.title") == article["title"]
    download = page.locator("#download")
    assert str(download.get_attribute("download", timeout=1000)).endswith(".mp3")
    response = page.request.get(server.base_url + str(download.get_attribute("href")))
    assert response.status == 200 and response.headers["content-type"] == "audio/mpeg"


def test_playing_moves_the_highlight_and_speed_applies_at_once(
    page: Page, server: LiveServer, narrated: Narrated
) -> None:
    article, timings = narrated
    _open_reader(page, server, str(article["id"]))

    page.click("#play")
    wait_until(page, "document.getElementById('audio').currentTime > 1.2")
    first_word = _spoken_word(page)
    assert first_word >= 0
    assert page.locator(".s.current").count() == 1
    wait_until(
        page, f"Number(document.querySelector('.w.spoken')?.dataset.i ?? -1) > {first_word}", timeout=5
    )
    # The marked word is the one the timings say is being spoken now.
    t = _audio(page, "currentTime")
    spoken = _spoken_word(page)
    word = timings["words"][spoken]
    assert word["start"] - 0.3 <= t <= word["end"] + 0.7

    page.fill("#speed", "1.25")
    page.dispatch_event("#speed", "input")
    assert page.inner_text("#speed-readout") == "1.25x = 250 WPM"
    assert _audio(page, "playbackRate") == 1.25
    assert _audio(page, "preservesPitch") is True
    assert not _audio(page, "paused")
    # Remaining time follows the speed: (duration - t) / rate.
    page.click("#play")
    wait_until(page, "document.getElementById('audio').paused")
    t = _audio(page, "currentTime")
    remaining = _seconds(page.inner_text("#remaining"))
    assert abs(remaining - (timings["duration"] - t) / 1.25) <= 1.01

    page.click("#speed-presets button:text('Fast')")
    assert _audio(page, "playbackRate") == 1.5
    assert page.inner_text("#speed-readout") == "1.5x = 300 WPM"
    assert page.get_attribute("#speed-presets button:text('Fast')", "aria-pressed") == "true"


def test_clicking_a_sentence_seeks_there_and_plays(
    page: Page, server: LiveServer, narrated: Narrated
) -> None:
    article, timings = narrated
    _open_reader(page, server, str(article["id"]))
    target = timings["sentences"][2]

    page.click(".s[data-i='2']")
    t = _audio(page, "currentTime")
    assert target["start"] - 0.05 <= t <= target["start"] + 0.6
    wait_until(page, "!document.getElementById('audio').paused")
    assert page.get_attribute(".s.current", "data-i") == "2"

    # Previous / next sentence buttons move by whole sentences.
    page.click("#play")
    page.click("#next-sentence")
    assert abs(_audio(page, "currentTime") - timings["sentences"][3]["start"]) < 0.05
    page.click("#prev-sentence")
    assert abs(_audio(page, "currentTime") - target["start"]) < 0.05


def test_reload_resumes_at_the_saved_position(page: Page, server: LiveServer, narrated: Narrated) -> None:
    article, timings = narrated
    _open_reader(page, server, str(article["id"]))
    page.click(".s[data-i='3']")
    wait_until(
        page, f"document.getElementById('audio').currentTime > {timings['sentences'][3]['start'] + 0.8}"
    )
    page.click("#play")
    wait_until(page, "document.getElementById('audio').paused")
    saved = _audio(page, "currentTime")

    page.reload()
    _open_reader(page, server, str(article["id"]))
    wait_until(page, "document.getElementById('audio').currentTime > 0")
    assert abs(_audio(page, "currentTime") - saved) < 0.3
    assert page.get_attribute(".s.current", "data-i") == "3"


def test_changing_voice_keeps_the_place_in_the_text(
    page: Page, server: LiveServer, narrated: Narrated
) -> None:
    article, timings = narrated
    with server.api() as client:
        voice_ids = {voice["id"] for voice in client.get("/api/voices").json()["voices"]}
    if OTHER_ENGLISH_VOICE not in voice_ids:
        pytest.skip(f"{OTHER_ENGLISH_VOICE} is not installed (espeak-ng)")
    _open_reader(page, server, str(article["id"]))
    page.click(".s[data-i='2']")
    wait_until(
        page, f"document.getElementById('audio').currentTime > {timings['sentences'][2]['start'] + 0.5}"
    )
    page.click("#play")
    wait_until(page, "document.getElementById('audio').paused")
    sentence = timings["sentences"][2]

    # Mid-article, the new voice's narration starts at the current sentence (a tail narration).
    page.select_option("#voice", OTHER_ENGLISH_VOICE)
    wait_until(page, "document.getElementById('download').href.includes('voice=espeak')")
    wait_until(page, f"document.body.dataset.narrationFrom === '{sentence['char_start']}'")
    wait_until(page, "document.getElementById('audio').src !== ''")
    page.wait_for_selector("#synthesis", state="hidden", timeout=NARRATION_TIMEOUT_S * 1000)
    assert _audio(page, "currentTime") < 0.05 and _audio(page, "paused")
    # The clocks keep the article's time: the tail starts where that sentence is in any voice.
    # (the seek bar's value snaps to its step of 0.1 s, so it may be off by half a step)
    assert abs(float(page.input_value("#seek")) - sentence["start"]) <= 0.05 + 1e-6
    # The tail's words are rendered as its timings arrive: all of them once complete. Then the
    # whole narration in the new voice is made behind it, for a seek back before that sentence.
    with server.api() as client:
        whole = _wait_for_timings_of(client, str(article["id"]), OTHER_ENGLISH_VOICE)
    tail_words = [w for w in whole["words"] if w["char_start"] >= sentence["char_start"]]
    wait_until(page, f"document.querySelectorAll('.w').length === {len(tail_words)}")
    first = tail_words[0]
    assert (
        page.evaluate("document.querySelector('.w').textContent")
        == article["text"][first["char_start"] : first["char_end"]]
    )


def test_the_page_follows_the_narration_unless_the_reader_scrolls_away(
    page: Page, server: LiveServer, narrated: Narrated
) -> None:
    article, _timings = narrated
    page.set_viewport_size({"width": 900, "height": 340})
    _open_reader(page, server, str(article["id"]))
    page.evaluate("document.activeElement?.blur()")
    page.keyboard.press("]")
    page.keyboard.press("]")  # sentence 2 starts the second paragraph, below the fold
    assert page.evaluate("scrollY") == 0
    page.keyboard.press("Space")
    wait_until(page, SPOKEN_WORD_IN_VIEW, timeout=5)
    assert page.evaluate("scrollY") > 0
    _wait_for_scrolling_to_stop(page)

    page.mouse.move(450, 100)
    page.mouse.wheel(0, -2000)
    wait_until(page, "scrollY === 0 && !document.getElementById('resume-follow').hidden", timeout=3)
    moving_from = _spoken_word(page)
    wait_until(page, f"Number(document.querySelector('.w.spoken')?.dataset.i ?? -1) > {moving_from}", 3)
    assert page.evaluate("scrollY") == 0  # the reader scrolled away: the page leaves them there

    page.click("#resume-follow")
    wait_until(page, SPOKEN_WORD_IN_VIEW, timeout=3)
    assert page.locator("#resume-follow").is_hidden()


def test_keyboard_shortcuts_and_screenshot(page: Page, server: LiveServer, narrated: Narrated) -> None:
    article, timings = narrated
    _open_reader(page, server, str(article["id"]))
    page.evaluate("document.activeElement?.blur()")

    page.keyboard.press("Space")
    wait_until(page, "!document.getElementById('audio').paused")
    wait_until(page, "document.getElementById('play').getAttribute('aria-label') === 'Pause'")
    wait_until(page, "document.getElementById('audio').currentTime > 0.8")
    page.keyboard.press("Space")
    wait_until(page, "document.getElementById('audio').paused")
    wait_until(page, "document.getElementById('play').getAttribute('aria-label') === 'Play'")

    page.keyboard.press("]")
    page.keyboard.press("]")
    assert abs(_audio(page, "currentTime") - timings["sentences"][2]["start"]) < 0.05
    page.keyboard.press("ArrowLeft")
    assert _audio(page, "currentTime") == 0
    page.keyboard.press("ArrowRight")
    forward_to = min(15.0, timings["duration"])
    assert abs(_audio(page, "currentTime") - forward_to) < 0.05
    page.keyboard.press("+")
    assert _audio(page, "playbackRate") == 1.25
    assert page.inner_text("#speed-readout") == "1.25x = 250 WPM"
    page.focus("#seek")  # on the seek bar, arrows move by 5 s and space still plays and pauses
    page.keyboard.press("ArrowLeft")
    assert abs(_audio(page, "currentTime") - (forward_to - 5.0)) < 0.05
    page.keyboard.press("Space")
    wait_until(page, "!document.getElementById('audio').paused")
    page.keyboard.press("Space")
    wait_until(page, "document.getElementById('audio').paused")

    # Every control has an accessible name.
    unnamed = page.evaluate(
        """[...document.querySelectorAll('#player button, #player input, #player select, #player a')]
           .filter(el => !(el.getAttribute('aria-label') || el.textContent.trim())).map(el => el.id)"""
    )
    assert unnamed == []

    page.click(".s[data-i='1']")
    wait_until(page, "document.querySelector('.w.spoken') !== null")
    page.click("#play")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "reader-player.png"))
    assert (ARTIFACTS / "reader-player.png").stat().st_size > 10_000

    # On a phone the speed and voice options fold behind a button that shows the rate.
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.locator("#speed-presets").is_hidden()
    assert page.inner_text("#options-toggle").strip() == "1.25x"
    page.screenshot(path=str(ARTIFACTS / "reader-player-phone.png"))
    page.click("#options-toggle")
    assert page.get_attribute("#options-toggle", "aria-expanded") == "true"
    assert page.locator("#speed-presets").is_visible() and page.locator("#voice").is_visible()


def test_home_page_adds_an_article_and_shows_refusals(
    page: Page, server: LiveServer, narrated: Narrated
) -> None:
    article, _timings = narrated
    page.goto(server.base_url + "/")
    page.wait_for_selector(f"#article-list a[href='/read/{article['id']}']")

    page.fill("#content", "Too short.")
    page.click("#submit")
    error = page.locator("#form-error")
    error.wait_for(state="visible")
    assert error.inner_text().strip()
    assert page.url == server.base_url + "/"

    # The same text again is the same stored article: the form opens its reader.
    page.fill("#content", ARTICLE_TEXT)
    page.click("#submit")
    page.wait_for_url(f"{server.base_url}/read/{article['id']}")
    page.wait_for_selector("body[data-ready='true']")


def test_a_narration_still_being_made_streams_and_fills_in(page: Page, server: LiveServer) -> None:
    article = _add_article(server, STREAMING_ARTICLE_TEXT)
    page.add_init_script(
        """window.__sawSynthesis = false;
           new MutationObserver(() => {
             const el = document.getElementById('synthesis');
             if (el && !el.hidden) window.__sawSynthesis = true;
           }).observe(document, {subtree: true, attributes: true, attributeFilter: ['hidden']});"""
    )
    page.goto(f"{server.base_url}/read/{article['id']}")
    page.wait_for_selector("body[data-ready='true']")
    page.click("#play")
    wait_until(page, "document.getElementById('audio').currentTime > 0.5", timeout=NARRATION_TIMEOUT_S)
    page.wait_for_selector("#synthesis", state="hidden", timeout=NARRATION_TIMEOUT_S * 1000)
    assert page.evaluate("window.__sawSynthesis")
    with server.api() as client:
        timings = client.get(f"/api/articles/{article['id']}/timings").json()
    assert timings["complete"]
    wait_until(page, f"document.querySelectorAll('.s').length === {len(timings['sentences'])}")
    assert page.locator(".w").count() == len(timings["words"])
    assert not _audio(page, "error")


def test_timings_are_ordered_as_the_page_searches_them(narrated: Narrated) -> None:
    """The page binary-searches spans by time and by character offset: both orders must hold."""
    article, timings = narrated
    assert timings["text"] == article["text"]
    for key in ("sentences", "words"):
        spans = timings[key]
        assert [s["start"] for s in spans] == sorted(s["start"] for s in spans)
        assert [s["char_start"] for s in spans] == sorted(s["char_start"] for s in spans)
        assert all(0 <= s["start"] <= s["end"] <= timings["duration"] + 0.01 for s in spans)
