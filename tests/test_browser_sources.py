"""Browser test of the sources page (``/sources``) in Debian's Chromium driven by Playwright.

The real app runs under uvicorn on loopback; the feeds come from the test's own site server on
loopback, let through the address policy with ``FetchLimits.allow``. On the page a source is added,
listed, polled (its story appears with a link to its reader page), a feed that is not XML shows its
error, both are removed, and one registered through the API appears without a reload. A second
server with an API key shows the 401 and points to the CLI. The page must report no
Content-Security-Policy violation and no script error. All texts are the test's own.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page

from browser_support import ARTIFACTS, checked_page, chromium
from loopback import LoopbackServer
from publish_support import SiteServer
from voxpress.server import create_app
from voxpress.settings import FetchLimits, Settings

STORY_TITLE = "The Ferry Keeps Its Winter Timetable"
STORY_PARAGRAPHS = (
    "The river ferry will keep its winter timetable until the ice on the northern bank has gone.",
    "Its captain said the morning crossing leaves at seven and the last one at half past five. "
    "Passengers with bicycles are asked to board first and to hold their bicycles on the lower deck.",
)
KEY = "a-test-key"

pytestmark = pytest.mark.browser


def story_page() -> bytes:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in STORY_PARAGRAPHS)
    return (
        f"<!doctype html><html lang='en'><head><title>{html.escape(STORY_TITLE)}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{html.escape(STORY_TITLE)}</h1>{body}</article>"
        "<footer>River Courier</footer></body></html>"
    ).encode()


def rss(site: SiteServer) -> bytes:
    item = (
        f"<item><title>{html.escape(STORY_TITLE)}</title><link>{site.url}/story/ferry</link>"
        "<guid isPermaLink='false'>ferry-winter</guid>"
        "<pubDate>Tue, 01 Dec 2026 08:00:00 GMT</pubDate></item>"
    )
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>River Courier</title>{item}</channel></rss>"
    ).encode()


@pytest.fixture(scope="module")
def site() -> Iterator[SiteServer]:
    with SiteServer() as running:
        running.pages["/story/ferry"] = ("text/html; charset=utf-8", story_page())
        running.pages["/feed.xml"] = ("application/rss+xml", rss(running))
        running.pages["/broken.xml"] = ("application/rss+xml", b"this is a plain sentence, not a feed")
        yield running


def app_settings(folder: Path, site: SiteServer, api_key: str | None = None) -> Settings:
    return Settings(
        data_dir=folder,
        database_url=f"sqlite:///{folder / 'v.db'}",
        fetch=FetchLimits(allow=(site.host_port,)),
        api_key=api_key,
        workers=1,
    )


@pytest.fixture(scope="module")
def server(site: SiteServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LoopbackServer]:
    settings = app_settings(tmp_path_factory.mktemp("sources-page"), site)
    with LoopbackServer(create_app(settings, warm=False)) as running:
        yield running


@pytest.fixture(scope="module")
def keyed_server(site: SiteServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LoopbackServer]:
    settings = app_settings(tmp_path_factory.mktemp("sources-page-key"), site, api_key=KEY)
    with LoopbackServer(create_app(settings, warm=False)) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as running:
        yield running


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh context that accepts every confirm(); fails the test on CSP violations or
    uncaught script errors."""
    with checked_page(browser, accept_dialogs=True, timeout_ms=60_000) as new_page:
        yield new_page


def add_source(page: Page, url: str, every: str) -> None:
    page.fill("#source-url", url)
    page.fill("#source-every", every)
    page.click("#source-submit")


def source_item(page: Page, url: str) -> Locator:
    return page.locator(".source-item", has=page.locator(".source-url", has_text=url))


def test_sources_page_adds_polls_shows_errors_and_removes(
    page: Page, server: LoopbackServer, site: SiteServer
) -> None:
    page.goto(f"{server.url}/sources")
    page.wait_for_selector("#source-voice option:nth-child(2)", state="attached")
    page.wait_for_selector("#sources-status:has-text('No sources yet.')")
    voice_ids = page.eval_on_selector_all("#source-voice option", "options => options.map(o => o.value)")
    assert "" in voice_ids and len(voice_ids) > 1

    feed_url = f"{site.url}/feed.xml"
    add_source(page, feed_url, "2h")
    good = source_item(page, feed_url)
    good.wait_for()
    assert "every 2 h" in good.locator(".item-meta").first.inner_text()
    assert "last polled never" in good.locator(".item-meta").first.inner_text()
    assert good.locator(".empty", has_text="No stories yet.").count() == 1

    good.locator(".poll-button").click()
    good = source_item(page, feed_url)
    good.locator(".story-title", has_text=STORY_TITLE).wait_for()
    # "1 new" from the button, or "Not modified" when the scheduler polled the new source first.
    report = good.locator(".source-report").inner_text()
    assert re.match(r"(.*\b1 new\b|Not modified since the last poll)", report), report
    meta = good.locator(".item-meta").first.inner_text()
    assert "RSS" in meta and "last polled just now" in meta and "next poll in 2 h" in meta
    assert good.locator(".item-title").inner_text() == "River Courier"
    assert good.locator(".source-error").count() == 0

    story = httpx.get(f"{server.url}/api/stories", timeout=30).json()["stories"][0]
    link = good.locator(".story-title", has_text=STORY_TITLE)
    assert link.get_attribute("href") == f"/read/{story['article_id']}"
    feed_link = good.locator(".feed-link")
    assert feed_link.get_attribute("href") == f"/feeds/sources/{story['source_id']}.xml"
    assert httpx.get(f"{server.url}{feed_link.get_attribute('href')}", timeout=30).status_code == 200

    broken_url = f"{site.url}/broken.xml"
    add_source(page, broken_url, "30m")
    bad = source_item(page, broken_url)
    bad.wait_for()
    bad.locator(".poll-button").click()
    bad = source_item(page, broken_url)
    error = bad.locator(".source-error")
    error.wait_for()
    # "once", or more when the scheduler polled the new source too before the button did.
    assert re.match(r"Failed (once|\d+ times in a row): The feed is not", error.inner_text())
    assert error.is_visible()
    assert source_item(page, feed_url).locator(".source-error").count() == 0

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sources-page.png"), full_page=True)

    bad.locator(".remove-button").click()
    source_item(page, broken_url).wait_for(state="detached")
    source_item(page, feed_url).locator(".remove-button").click()
    page.wait_for_selector("#sources-status:has-text('No sources yet.')")

    # The page watches: a source registered elsewhere (the CLI, the API) shows up without a reload.
    created = httpx.post(f"{server.url}/api/sources", json={"url": broken_url, "every": "1h"}, timeout=30)
    assert created.status_code == 201, created.text
    watched = source_item(page, broken_url)
    watched.wait_for(timeout=30_000)
    watched.locator(".remove-button").click()
    page.wait_for_selector("#sources-status:has-text('No sources yet.')")
    assert httpx.get(f"{server.url}/api/sources", timeout=30).json()["sources"] == []
    assert httpx.get(f"{server.url}/api/stories", timeout=30).json()["stories"] == []


def test_sources_page_edits_voice_interval_and_pause(
    page: Page, server: LoopbackServer, site: SiteServer
) -> None:
    feed_url = f"{site.url}/broken.xml"
    created = httpx.post(f"{server.url}/api/sources", json={"url": feed_url, "every": "2h"}, timeout=30)
    assert created.status_code == 201, created.text
    source_url = f"{server.url}/api/sources/{created.json()['id']}"
    page.goto(f"{server.url}/sources")
    page.wait_for_selector("#source-voice option:nth-child(2)", state="attached")
    item = source_item(page, feed_url)
    item.locator(".edit-button").click()
    form = item.locator(".source-edit")
    assert form.locator(".edit-every").input_value() == "2h"
    assert form.locator(".edit-voice").input_value() == ""
    assert not form.locator(".edit-paused").is_checked()
    voice_id = form.locator(".edit-voice option").nth(1).get_attribute("value")
    assert voice_id
    form.locator(".edit-voice").select_option(voice_id)
    form.locator(".edit-every").fill("30m")
    form.locator(".edit-paused").check()
    form.locator(".save-button").click()
    item = source_item(page, feed_url)
    item.locator(".item-meta", has_text="paused").first.wait_for()
    assert item.locator(".source-edit").count() == 0
    meta = item.locator(".item-meta").first.inner_text()
    assert "every 30 min" in meta and "next poll" not in meta and "default voice" not in meta
    stored = httpx.get(source_url, timeout=30).json()
    assert (stored["voice"], stored["every_seconds"], stored["paused"]) == (voice_id, 1800.0, True)

    # A refused edit says why in the form and changes nothing; resuming brings the next poll back.
    item.locator(".edit-button").click()
    form = item.locator(".source-edit")
    form.locator(".edit-every").fill("often")
    form.locator(".save-button").click()
    error = form.locator(".edit-error")
    error.wait_for()
    assert "not a duration" in error.inner_text()
    assert httpx.get(source_url, timeout=30).json() == stored
    form.locator(".edit-every").fill("30m")
    form.locator(".edit-voice").select_option("")
    form.locator(".edit-paused").uncheck()
    form.locator(".save-button").click()
    item = source_item(page, feed_url)
    item.locator(".item-meta", has_text="next poll").first.wait_for()
    assert "default voice" in item.locator(".item-meta").first.inner_text()
    stored = httpx.get(source_url, timeout=30).json()
    assert (stored["voice"], stored["paused"]) == (None, False)
    ARTIFACTS.mkdir(exist_ok=True)
    item.locator(".edit-button").click()
    page.screenshot(path=str(ARTIFACTS / "sources-edit.png"), full_page=True)
    item.locator(".cancel-button").click()
    assert item.locator(".source-edit").count() == 0
    assert httpx.delete(source_url, timeout=30).status_code == 204


def test_sources_page_with_an_api_key_says_the_cli_works(
    page: Page, keyed_server: LoopbackServer, site: SiteServer
) -> None:
    page.goto(f"{keyed_server.url}/sources")
    page.wait_for_selector("#sources-status:has-text('No sources yet.')")
    add_source(page, f"{site.url}/feed.xml", "10m")
    message = page.locator("#source-error")
    message.wait_for()
    text = message.inner_text()
    assert text.startswith("An API key is required")
    assert "voxpress sources add" in text
    assert KEY not in page.content()
    assert httpx.get(f"{keyed_server.url}/api/sources", timeout=30).json()["sources"] == []

    # A source registered with the key (as the CLI does) is listed; polling it from the page is refused.
    headers = {"Authorization": f"Bearer {KEY}"}
    created = httpx.post(
        f"{keyed_server.url}/api/sources", json={"url": f"{site.url}/feed.xml"}, headers=headers, timeout=30
    )
    assert created.status_code == 201, created.text
    page.reload()
    item = source_item(page, f"{site.url}/feed.xml")
    item.wait_for()
    item.locator(".poll-button").click()
    refusal = page.locator("#page-error")
    refusal.wait_for()
    assert "voxpress sources add" in refusal.inner_text()
    # The scheduler polls a new source on its own (that needs no key), so the refusal is checked at the
    # API the button calls, not by counting stories.
    anonymous_poll = httpx.post(f"{keyed_server.url}/api/sources/{created.json()['id']}/poll", timeout=30)
    assert anonymous_poll.status_code == 401, anonymous_poll.text

    # An edit from the page is refused the same way, and points to the CLI's edit command.
    item = source_item(page, f"{site.url}/feed.xml")
    item.locator(".edit-button").click()
    form = item.locator(".source-edit")
    form.locator(".edit-paused").check()
    form.locator(".save-button").click()
    refused = form.locator(".edit-error")
    refused.wait_for()
    assert "voxpress sources edit" in refused.inner_text()
    assert httpx.get(f"{keyed_server.url}/api/sources", timeout=30).json()["sources"][0]["paused"] is False
