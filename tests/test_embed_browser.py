"""The embedded player on a publisher's own pages, in Debian's Chromium driven by Playwright.

Two real servers run on two local ports: voxpress (``create_app``, real Piper narration, real
SQLite) and a publisher's site of our own whose pages carry the one-tag embed. voxpress fetches the
publisher's pages itself (let through with ``fetch.allow``, i.e. VOXPRESS_FETCH_ALLOW) and serves
only that origin (``embed_origins``). The page the reader sees differs from the text extracted from
its canonical page: an ad block and a photo caption inside the story, straight quotes where the
canonical page has curly ones, and a hostile stylesheet. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from browser_support import ARTIFACTS, checked_page, chromium, wait_until
from embed_sites import Sites, publisher_beside_voxpress

NARRATION_TIMEOUT_S = 120.0
API_KEY = "embed-test-key"

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE_CSS = "* { all: unset } button { display: none !important }"

STORIES = {
    "ferries": (
        "Ferries return to the northern lakes",
        [
            "The first ferry in ten years crossed the lake on Sunday morning, and its captain said: "
            "“We’re back, and we’re staying.”",
            "Tickets cost four pounds for adults. Children travel free until the end of March, when the "
            "summer timetable begins.",
            "The operator plans three crossings a day. It says it will add a fourth if the boats stay full "
            "through the spring.",
        ],
    ),
    "orchard": (
        "An orchard opens its gates",
        [
            "A family orchard on the hill will open its gates to pickers every weekend this autumn.",
            "Visitors pay for what they carry home, and the cider press runs on Sunday afternoons.",
        ],
    ),
    "market": (
        "The night market grows",
        [
            "The riverside night market has doubled in size since the spring, with forty stalls on Fridays.",
            "Traders say the new lights along the towpath have brought families out after dark.",
        ],
    ),
}


def straight_quotes(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def story_page(slug: str, voxpress: str, origin: str, *, as_seen: bool, spans: bool = False) -> str:
    """The story page; ``as_seen`` is the page a reader opens (straight quotes, hostile CSS)."""
    title, paragraphs = STORIES[slug]
    fix = straight_quotes if as_seen else (lambda text: text)
    body = [f'<p id="p{n + 1}">{fix(text)}</p>' for n, text in enumerate(paragraphs)]
    body.insert(
        1,
        '<div class="advertisement ad-slot"><span>Advertisement</span>'
        "<p>Buy the best lake boots today, with the first pair at half price.</p></div>"
        '<figure><img src="data:," alt="">'
        "<figcaption>The pier on Sunday. Photo: Lake Post</figcaption></figure>",
    )
    style = f"<style>{HOSTILE_CSS}</style>" if as_seen and slug == "ferries" else ""
    player = (
        '<div data-voxpress data-voxpress-highlight="spans"></div>' if spans else "<div data-voxpress></div>"
    )
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<link rel="canonical" href="{origin}/story/{slug}">{style}'
        f'<script src="{voxpress}/embed.js" async></script></head><body>'
        '<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>'
        f'<main><article id="story"><h1>{title}</h1>{player}{"".join(body)}</article></main>'
        "<footer>Lake Post</footer></body></html>"
    )


def section_page(voxpress: str, origin: str) -> str:
    cards = "".join(
        f"<section><h2>{STORIES[slug][0]}</h2>"
        f'<div data-voxpress data-voxpress-url="{origin}/story/{slug}"></div></section>'
        for slug in ("orchard", "market")
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Latest news</title>'
        f'<script src="{voxpress}/embed.js" async></script></head><body><h1>Latest</h1>{cards}</body></html>'
    )


def publisher_page(path: str, sites: Sites) -> str | None:
    """The publisher's pages: a story (as a reader sees it when there is a query) and a section front."""
    parts = urlsplit(path)
    match = re.fullmatch(r"/story/(\w+)", parts.path)
    if match and match[1] in STORIES:
        query = parts.query
        return story_page(
            match[1], sites.voxpress, sites.publisher, as_seen=bool(query), spans="spans" in query
        )
    if parts.path == "/section":
        return section_page(sites.voxpress, sites.publisher)
    return None


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    with publisher_beside_voxpress(
        publisher_page,
        tmp_path_factory.mktemp("embed-browser"),
        api_key=API_KEY,
        public_voices=("espeak:en-us",),  # a second voice readers may choose
    ) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium(autoplay=True) as launched:
        yield launched


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh context; fails the test on CSP violations or uncaught script errors."""
    with checked_page(browser) as new_page:
        yield new_page


def complete_timings(sites: Sites, links: dict[str, str]) -> dict[str, Any]:
    deadline = time.monotonic() + NARRATION_TIMEOUT_S
    with sites.api() as client:
        while time.monotonic() < deadline:
            timings = dict(client.get(links["timings"]).json())
            if timings.get("complete"):
                return timings
            time.sleep(0.3)
    pytest.fail("the narration did not finish")


PLAYER = "document.querySelector('[data-voxpress]')"
AUDIO = f"{PLAYER}.shadowRoot.querySelector('audio')"
HEARD = f"""(() => {{
  const audio = {AUDIO};
  const word = CSS.highlights.get('voxpress-word');
  const range = word && [...word][0];
  const sentence = CSS.highlights.get('voxpress-sentence');
  const sentenceRange = sentence && [...sentence][0];
  return {{
    time: audio.currentTime,
    word: range ? range.toString() : null,
    paragraph: range ? range.startContainer.parentElement.closest('p')?.id ?? null : null,
    sentence: sentenceRange ? sentenceRange.toString() : null,
  }};
}})()"""
WORD_CHECK = f"""(() => {{
  const player = {PLAYER}.voxpressPlayer;
  const text = player.article.text;
  const straight = (s) => s.replace(/[’‘]/g, "'").replace(/[“”]/g, '"');
  const host = player.highlighter.host;
  const words = player.timings.words;
  let correct = 0;
  const wrong = [];
  player.highlighter.wordRanges.forEach((range, i) => {{
    const spoken = text.slice(words[i].char_start, words[i].char_end);
    const shown = range ? host.text.slice(range[0], range[1]) : null;
    const where = range ? host.domRange(range).startContainer.parentElement : null;
    // A word shown in the ad or the caption is wrong unless the extractor kept that text.
    const aside = where && where.closest('.advertisement p, .advertisement span, figcaption');
    const inStory = where && (!aside || text.includes(aside.textContent.trim()));
    if (shown !== null && straight(shown) === straight(spoken) && inStory) correct += 1;
    else wrong.push([spoken, shown]);
  }});
  return {{ correct, total: words.length, wrong }};
}})()"""


def word_at(timings: dict[str, Any], moment: float) -> str:
    """The word being heard at ``moment``: the last one started (in the short pause after it too)."""
    started = [word for word in timings["words"] if word["start"] <= moment]
    if not started or moment >= started[-1]["end"] + 0.25:
        return ""
    word = started[-1]
    return str(timings["text"][word["char_start"] : word["char_end"]])


def pause_and_read(page: Page) -> dict[str, Any]:
    page.evaluate(f"{AUDIO}.pause()")
    time.sleep(0.3)  # pausing fires a last timeupdate, which moves the highlight
    return dict(page.evaluate(HEARD))


def test_the_embedded_player_highlights_the_host_page(page: Page, sites: Sites) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{sites.publisher}/story/ferries?from=home")
    play = page.locator("[data-voxpress] button.play")
    play.wait_for(state="visible")
    wait_until(page, f"{PLAYER}.shadowRoot?.querySelector('button.play')?.disabled === false")
    assert play.bounding_box()["width"] >= 30  # type: ignore[index]
    assert page.locator("[data-voxpress]").get_by_text("Reading Time: 1 min").is_visible()
    assert page.locator("[data-voxpress] select.voice").is_visible()
    assert page.locator("[data-voxpress]").get_by_role("button", name="Average · 200 WPM").is_visible()
    options = page.locator("[data-voxpress] select.speed option").all_text_contents()
    assert "1.25x = 250 WPM" in options and "0.5x = 100 WPM" in options and "2x = 400 WPM" in options
    page.screenshot(path=str(ARTIFACTS / "embed-hostile-host-page.png"), full_page=True)

    started = time.monotonic()
    play.click()
    wait_until(page, f"{AUDIO}.currentTime > 0", timeout=60)
    press_play = time.monotonic() - started
    print(f"\nembed press-play → audio.currentTime > 0: {press_play:.2f} s")

    article = page.evaluate(f"{PLAYER}.voxpressPlayer.article")
    assert "Buy the best lake boots" not in article["text"]  # the ad is not in the extracted text
    assert "“We’re back" in article["text"]  # the canonical page's curly quotes
    timings = complete_timings(sites, article["links"])
    wait_until(page, f"{PLAYER}.voxpressPlayer.timings?.complete", timeout=10)

    seen: list[dict[str, Any]] = []
    # past the headline (the first sentence), whose words the host page prints outside the story's paragraphs
    after_headline = timings["sentences"][1]["start"] + 0.3
    target = max(page.evaluate(f"{AUDIO}.currentTime") + 0.8, after_headline)
    for _moment in range(2):
        page.evaluate(f"{AUDIO}.play()")
        wait_until(page, f"{AUDIO}.currentTime > {target}", timeout=30)
        heard = pause_and_read(page)
        expected = word_at(timings, heard["time"])
        assert straight_quotes(heard["word"] or "") == straight_quotes(expected), heard
        if heard["word"]:
            assert heard["paragraph"] in ("p1", "p2", "p3"), heard  # in the story, not the ad or caption
        seen.append(heard)
        target = heard["time"] + 2.0
    assert seen[0]["word"] != seen[1]["word"] and (seen[0]["word"] or seen[1]["word"]), seen
    page.screenshot(path=str(ARTIFACTS / "embed-highlight-in-host-text.png"))

    check = page.evaluate(WORD_CHECK)
    share = check["correct"] / check["total"]
    print(f"host-page words highlighted correctly: {check['correct']}/{check['total']} = {share:.1%}")
    assert share >= 0.95, check["wrong"]

    # Clicking a sentence of the host text seeks to it.
    # (The hostile stylesheet makes every paragraph inline, so aim at a word's own box.)
    box = page.evaluate(
        """(() => { const text = document.getElementById('p3').firstChild;
        const range = document.createRange(); const at = text.data.indexOf('crossings');
        range.setStart(text, at); range.setEnd(text, at + 9);
        const r = range.getClientRects()[0]; return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()"""
    )
    page.mouse.click(box["x"], box["y"])
    wait_until(page, f"!{AUDIO}.paused")
    heard = pause_and_read(page)
    third = article["text"].index("The operator plans")
    starts = [s["start"] for s in timings["sentences"] if s["char_start"] == third]
    assert starts and starts[0] - 0.05 <= heard["time"] < starts[0] + 1.0, (heard, starts)
    assert heard["paragraph"] == "p3" and heard["sentence"].startswith("The operator plans"), heard

    # Events reach the server and the dashboard (behind the API key) shows their counts.
    page.evaluate("window.__voxpressEmbed.then((m) => m.flushEvents())")
    with sites.api() as client:
        deadline = time.monotonic() + 10
        while True:
            days = client.get("/api/analytics", headers={"X-API-Key": API_KEY}).json()["days"]
            mine = [d for d in days if d["article_id"] == article["id"]]
            if (mine and mine[0]["plays"] >= 1) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
    assert mine and mine[0]["loads"] == 1 and mine[0]["plays"] == 1, days
    page.goto(f"{sites.voxpress}/analytics")
    page.locator("#api-key").fill(API_KEY)
    page.get_by_role("button", name="Show analytics").click()
    page.locator("#days tbody tr").first.wait_for()
    assert page.locator("dd[data-total='Loads']").text_content() == "1"
    assert page.locator("dd[data-total='Plays']").text_content() == "1"
    assert page.locator("#days tbody tr").first.get_by_text(STORIES["ferries"][0]).is_visible()
    assert page.locator("#charts svg").count() == 5
    page.screenshot(path=str(ARTIFACTS / "embed-analytics-dashboard.png"), full_page=True)


def test_two_players_on_a_section_front_and_up_next(page: Page, sites: Sites) -> None:
    page.goto(f"{sites.publisher}/section")
    players = page.locator("[data-voxpress]")
    wait_until(
        page, "[...document.querySelectorAll('[data-voxpress]')].every(e => e.voxpressPlayer?.article)"
    )
    titles = [players.nth(i).locator(".title").text_content() for i in range(2)]
    assert titles == [STORIES["orchard"][0], STORIES["market"][0]]
    audio = "document.querySelectorAll('[data-voxpress]')[{}].shadowRoot.querySelector('audio')"
    players.nth(0).locator("button.play").click()
    wait_until(page, f"{audio.format(0)}.currentTime > 0", timeout=60)
    players.nth(1).locator("button.play").click()
    wait_until(page, f"{audio.format(1)}.currentTime > 0", timeout=60)
    assert page.evaluate(f"{audio.format(0)}.paused") is True
    assert page.evaluate(f"{audio.format(1)}.paused") is False
    page.screenshot(path=str(ARTIFACTS / "embed-two-players.png"), full_page=True)

    # At the end of the story the next one (the latest other embedded story) plays by itself.
    second = page.evaluate("document.querySelectorAll('[data-voxpress]')[1].voxpressPlayer.article")
    complete_timings(sites, second["links"])
    wait_until(page, "document.querySelectorAll('[data-voxpress]')[1].voxpressPlayer.timings?.complete")
    page.evaluate(
        "(() => { const p = document.querySelectorAll('[data-voxpress]')[1].voxpressPlayer;"
        " p.seekTo(p.duration() - 0.6); p.play(); })()"
    )
    now = wait_until(
        page, "document.querySelectorAll('[data-voxpress]')[1].dataset.voxpressArticleNow", timeout=30
    )
    assert now != second["id"]
    assert (players.nth(1).locator(".upnext button").text_content() or "").startswith("Up next: ")
    wait_until(page, f"{audio.format(1)}.currentTime > 0.2 && !{audio.format(1)}.paused", timeout=60)
    assert players.nth(1).locator(".title").text_content() != STORIES["market"][0]
    page.screenshot(path=str(ARTIFACTS / "embed-up-next.png"), full_page=True)


SPAN_HEARD = f"""(() => {{
  const audio = {AUDIO};
  const marked = [...document.querySelectorAll('[data-voxpress-word]')];
  const word = marked.find((span) => span.style.backgroundColor === 'rgb(255, 216, 77)');
  return {{ time: audio.currentTime, word: word ? word.textContent : null, spans: marked.length,
    usesHighlights: CSS.highlights.has('voxpress-word') }};
}})()"""


def test_wrapping_spans_highlight_where_the_highlight_api_is_not_used(page: Page, sites: Sites) -> None:
    page.goto(f"{sites.publisher}/story/ferries?view=spans")
    wait_until(page, f"{PLAYER}.voxpressPlayer?.timings?.complete", timeout=NARRATION_TIMEOUT_S)
    article = page.evaluate(f"{PLAYER}.voxpressPlayer.article")
    timings = complete_timings(sites, article["links"])
    spans = page.evaluate("document.querySelectorAll('[data-voxpress-word]').length")
    assert spans == len(timings["words"])
    text = page.evaluate("document.getElementById('story').textContent")
    assert "Buy the best lake boots" in text and "We're back" in text  # the page's text is unchanged
    page.locator("[data-voxpress] button.play").click()
    wait_until(page, f"{AUDIO}.currentTime > 1.5", timeout=60)
    page.evaluate(f"{AUDIO}.pause()")
    time.sleep(0.3)
    heard = page.evaluate(SPAN_HEARD)
    assert not heard["usesHighlights"]
    assert straight_quotes(heard["word"] or "") == straight_quotes(word_at(timings, heard["time"])), heard
    page.screenshot(path=str(ARTIFACTS / "embed-span-fallback.png"))


def test_the_iframe_player_works_under_the_servers_own_csp(page: Page, sites: Sites) -> None:
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    with sites.api() as client:
        story = f"{sites.publisher}/story/ferries"
        assert client.get("/api/embed/narration", params={"url": story}).status_code == 200
        oembed = client.get("/oembed", params={"url": story}).json()
    src = re.search(r'src="([^"]+)"', oembed["html"])
    assert src
    page.goto(src[1])
    wait_until(page, f"{PLAYER}.shadowRoot?.querySelector('button.play')?.disabled === false", timeout=30)
    page.locator("[data-voxpress] button.play").click()
    wait_until(page, f"{AUDIO}.currentTime > 0.3", timeout=60)
    assert violations == []
    page.screenshot(path=str(ARTIFACTS / "embed-iframe-page.png"))


def test_share_of_host_words_highlighted_on_every_story(page: Page, sites: Sites) -> None:
    """Every story page as readers see it (ads, captions, straight quotes): which share of the
    narration's words land on the same word in the story's own paragraphs."""
    correct = total = 0
    for slug in STORIES:
        page.goto(f"{sites.publisher}/story/{slug}?from=home")
        wait_until(page, f"{PLAYER}.voxpressPlayer?.article", timeout=30)
        article = page.evaluate(f"{PLAYER}.voxpressPlayer.article")
        complete_timings(sites, article["links"])
        wait_until(page, f"{PLAYER}.voxpressPlayer.highlighter && {PLAYER}.voxpressPlayer.timings?.complete")
        check = page.evaluate(WORD_CHECK)
        assert check["correct"] == check["total"], (slug, check["wrong"])
        kept = [
            aside for aside in ("Buy the best lake boots", "Photo: Lake Post") if aside in article["text"]
        ]
        kept_text = ", ".join(kept) or "no ad or caption"
        print(f"\n{slug}: {check['correct']}/{check['total']} words; extraction kept {kept_text}")
        correct += check["correct"]
        total += check["total"]
    print(f"\nhost-page words highlighted correctly on {len(STORIES)} pages: {correct}/{total}")


def test_speed_presets_voice_choice_and_keyboard(page: Page, sites: Sites) -> None:
    page.goto(f"{sites.publisher}/story/orchard?from=home")
    wait_until(page, f"{PLAYER}.voxpressPlayer?.article", timeout=30)
    player = page.locator("[data-voxpress]")
    player.get_by_role("button", name="Fast · 300 WPM").click()
    assert page.evaluate(f"{AUDIO}.playbackRate") == 1.5
    assert player.locator("select.speed option:checked").text_content() == "1.5x = 300 WPM"
    assert player.get_by_role("button", name="Fast · 300 WPM").get_attribute("aria-pressed") == "true"
    player.locator("select.speed").select_option("1.25")
    assert page.evaluate(f"{AUDIO}.playbackRate") == 1.25

    voices = player.locator("select.voice option").evaluate_all("(options) => options.map((o) => o.value)")
    other = next((voice for voice in voices if voice.startswith("espeak:")), None)
    if other is None:
        pytest.skip("no espeak-ng voice installed")
    player.locator("select.voice").select_option(other)
    wait_until(page, f"{PLAYER}.voxpressPlayer.article.voice === {other!r}", timeout=30)
    assert "voice=espeak" in page.evaluate(f"{PLAYER}.voxpressPlayer.audioUrl")

    player.locator("button.play").focus()
    page.keyboard.press("k")
    wait_until(page, f"{AUDIO}.currentTime > 0.3", timeout=60)
    assert page.evaluate(f"{AUDIO}.playbackRate") == 1.25  # the chosen speed survives the new voice
    page.keyboard.press("k")
    wait_until(page, f"{AUDIO}.paused")
    page.evaluate("window.__voxpressEmbed.then((m) => m.flushEvents())")
    article_id = page.evaluate(f"{PLAYER}.voxpressPlayer.article.id")
    with sites.api() as client:
        deadline = time.monotonic() + 10
        while True:
            days = client.get(
                "/api/analytics", params={"article": article_id}, headers={"X-API-Key": API_KEY}
            )
            day = days.json()["days"][0] if days.json()["days"] else {}
            if other in day.get("voices", {}) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
    assert day["voices"].get(other) == 1, day
    assert {"1.5", "1.25"} <= set(day["speeds"]), day
