"""Narrated on publish, against the real server: a feed on a local site gains stories that are
narrated with real Piper, an edit re-synthesizes only the changed sentence, the podcast feed
validates, and the signed webhook refuses what it must.

The site is the test's own HTTP server on loopback, let through the address policy with
``FetchLimits.allow`` (``VOXPRESS_FETCH_ALLOW``). Every story text is written for these tests.
"""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import httpx
import pytest
from lxml import etree

from loopback import LoopbackServer
from publish_support import SiteServer
from voxpress.publish.webhook import sign
from voxpress.server import create_app
from voxpress.settings import FetchLimits, Settings

SECRET = "a-test-secret"
SUBJECTS = (
    "The baker",
    "A teacher",
    "The mayor",
    "Our neighbour",
    "The old farmer",
    "A nurse",
    "The driver",
    "A boy",
)
VERBS = ("painted", "carried", "mended", "counted", "found", "washed", "sold", "planted")
OBJECTS = ("the blue gate", "ten apples", "a wooden boat", "the red kite", "four chairs", "the garden wall")


def story_sentences(count: int = 40) -> list[str]:
    """``count`` short, distinct sentences."""
    return [
        f"{SUBJECTS[n % len(SUBJECTS)]} {VERBS[n * 3 % len(VERBS)]} "
        f"{OBJECTS[n % len(OBJECTS)]} on day {n + 1}."
        for n in range(count)
    ]


def story_page(title: str, sentences: list[str], per_paragraph: int = 5) -> bytes:
    paragraphs = [" ".join(sentences[i : i + per_paragraph]) for i in range(0, len(sentences), per_paragraph)]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html lang='en'><head><title>{html.escape(title)}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{html.escape(title)}</h1>{body}</article>"
        "<footer>Valley Gazette</footer></body></html>"
    ).encode()


def rss(site: SiteServer, stories: list[tuple[str, str]]) -> bytes:
    items = "".join(
        f"<item><title>{html.escape(t)}</title><link>{site.url}{path}</link>"
        f"<guid isPermaLink='false'>{path}</guid>"
        "<pubDate>Tue, 01 Dec 2026 08:00:00 GMT</pubDate></item>"
        for path, t in stories
    )
    channel = f"<channel><title>Valley Gazette</title>{items}</channel>"
    return f"<?xml version='1.0'?><rss version='2.0'>{channel}</rss>".encode()


@pytest.fixture(scope="module")
def site() -> Iterator[SiteServer]:
    with SiteServer() as running:
        yield running


@pytest.fixture(scope="module")
def server(site: SiteServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LoopbackServer]:
    folder = tmp_path_factory.mktemp("voxpress-publish")
    settings = Settings(
        data_dir=folder,
        database_url=f"sqlite:///{folder / 'v.db'}",
        fetch=FetchLimits(allow=(site.host_port,)),
        webhook_secret=SECRET,
        workers=1,
    )
    with LoopbackServer(create_app(settings)) as running:
        running.app = running.server.config.app  # type: ignore[attr-defined]
        yield running


def wait_listenable(base: str, story_id: str, timeout: float = 300) -> httpx.Response:
    """Wait until the story's audio URL serves a finished file."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = httpx.get(f"{base}/api/stories/{story_id}/audio", follow_redirects=False, timeout=30)
        if response.status_code == 200:
            return response
        time.sleep(0.2)
    raise AssertionError(f"story {story_id} was not narrated in time")


def cache_misses(server: LoopbackServer) -> int:
    return int(server.app.state.runner.cache.misses)  # type: ignore[attr-defined]


@pytest.mark.slow
def test_feed_stories_are_narrated_and_edits_resynthesize_one_sentence(
    server: LoopbackServer, site: SiteServer
) -> None:
    base = server.url
    sentences = story_sentences()
    site.pages["/story/1"] = ("text/html; charset=utf-8", story_page("Forty small deeds", sentences))
    site.pages["/feed.xml"] = ("application/rss+xml", rss(site, [("/story/1", "Forty small deeds")]))
    source = httpx.post(f"{base}/api/sources", json={"url": f"{site.url}/feed.xml", "every": "1h"}).json()
    assert source["failures"] == 0

    first = httpx.post(f"{base}/api/sources/{source['id']}/poll", timeout=120).json()
    assert first["new"] == 1 and first["item_errors"] == []
    story = first["stories"][0]
    original = wait_listenable(base, story["id"])
    assert original.headers["content-type"] == "audio/mpeg" and original.headers["etag"]

    again = httpx.post(f"{base}/api/sources/{source['id']}/poll", timeout=60).json()
    assert again["not_modified"] is True and site.conditional_hits >= 1

    # A new item: time from the feed update to a story one can listen to.
    site.pages["/story/2"] = ("text/html; charset=utf-8", story_page("Short news", sentences[:6]))
    site.pages["/feed.xml"] = (
        "application/rss+xml",
        rss(site, [("/story/2", "Short news"), ("/story/1", "Forty small deeds")]),
    )
    updated_at = time.monotonic()
    second = httpx.post(f"{base}/api/sources/{source['id']}/poll", timeout=120).json()
    assert second["new"] == 1 and second["updated"] == 0
    new_story = next(s for s in second["stories"] if s["key"] == "/story/2")
    with httpx.stream(
        "GET", f"{base}/api/stories/{new_story['id']}/audio", follow_redirects=True, timeout=120
    ) as r:
        assert r.status_code == 200
        next(r.iter_bytes())
        first_audio = time.monotonic() - updated_at
    wait_listenable(base, new_story["id"])
    print(f"feed update → first audio {first_audio:.2f} s, → finished {time.monotonic() - updated_at:.2f} s")

    # An edit of one sentence out of forty.
    edited = list(sentences)
    edited[22] = "The baker painted the garden wall bright yellow at noon."
    site.pages["/story/1"] = ("text/html; charset=utf-8", story_page("Forty small deeds", edited))
    site.pages["/feed.xml"] = (
        "application/rss+xml",
        rss(site, [("/story/2", "Short news"), ("/story/1", "Forty small deeds (updated)")]),
    )
    before = cache_misses(server)
    third = httpx.post(f"{base}/api/sources/{source['id']}/poll", timeout=120).json()
    assert third["updated"] == 1 and third["new"] == 0
    same = next(s for s in third["stories"] if s["key"] == "/story/1")
    assert same["id"] == story["id"] and same["revision"] == 2 and same["article_id"] != story["article_id"]
    revised = wait_listenable(base, story["id"])
    resynthesized = cache_misses(server) - before
    print(f"sentences re-synthesized for one edit in 40: {resynthesized}")
    assert resynthesized == 1
    assert revised.headers["etag"] != original.headers["etag"]
    assert (
        httpx.get(f"{base}/api/articles/{story['article_id']}").status_code == 404
    )  # the old revision is gone

    feed = httpx.get(f"{base}/feeds/sources/{source['id']}.xml")
    parsed = feedparser.parse(feed.content)
    assert [e.id for e in parsed.entries].count(f"voxpress:story:{story['id']}") == 1
    assert len(parsed.entries) == 2


def check_podcast_feed(data: bytes, base: str) -> feedparser.FeedParserDict:
    """The offline checks of Apple's podcast requirements and the Podcasting 2.0 namespace."""
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    root = etree.fromstring(data)
    ns = {
        "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
        "podcast": "https://podcastindex.org/namespace/1.0",
    }
    channel = root.find("channel")
    assert channel is not None
    for tag in ("title", "description", "language", "link"):
        assert (channel.findtext(tag) or "").strip(), f"channel needs <{tag}>"
    image = channel.find("itunes:image", ns)
    assert image is not None and image.get("href", "").startswith("http")
    assert channel.find("itunes:category", ns).get("text")  # type: ignore[union-attr]
    assert channel.findtext("itunes:explicit", namespaces=ns) in ("true", "false")
    assert channel.findtext("itunes:author", namespaces=ns)
    guid = channel.findtext("podcast:guid", namespaces=ns) or ""
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", guid), guid
    cover = httpx.get(image.get("href", ""))
    assert cover.headers["content-type"] == "image/png" and cover.content[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(cover.content[16:20], "big"), int.from_bytes(cover.content[20:24], "big")
    assert width == height and 1400 <= width <= 3000
    guids = []
    for item in channel.iterfind("item"):
        assert (item.findtext("title") or "").strip()
        guids.append(item.findtext("guid"))
        enclosure = item.find("enclosure")
        assert enclosure is not None and enclosure.get("type") == "audio/mpeg"
        audio = httpx.get(enclosure.get("url", ""), follow_redirects=True)
        assert audio.status_code == 200 and len(audio.content) == int(enclosure.get("length", "0"))
        assert re.fullmatch(r"\d{2}:\d{2}:\d{2}", item.findtext("itunes:duration", namespaces=ns) or "")
        transcripts = {t.get("type"): t.get("url") for t in item.iterfind("podcast:transcript", ns)}
        assert set(transcripts) == {"text/vtt", "application/srt", "application/json"}
        vtt = httpx.get(transcripts["text/vtt"] or "")
        assert vtt.text.startswith("WEBVTT") and vtt.headers["access-control-allow-origin"] == "*"
        chapters = item.find("podcast:chapters", ns)
        assert chapters is not None and chapters.get("type") == "application/json+chapters"
        assert httpx.get(chapters.get("url", "")).json()["chapters"][0]["startTime"] == 0
    assert len(guids) == len(set(guids)), "one item per story"
    return parsed


@pytest.mark.slow
def test_webhook_publishes_signed_stories_once_and_unpublishes(server: LoopbackServer) -> None:
    base = server.url
    story = {
        "id": "cms-77",
        "title": "Lanterns for the winter fair",
        "text": "The winter fair opens on Friday with a hundred paper lanterns.\n\n"
        "Volunteers folded them by hand over three long evenings in the school hall.",
    }

    def post(
        payload: dict[str, Any], *, secret: str = SECRET, age: int = 0, signed: bool = True
    ) -> httpx.Response:
        body = json.dumps(payload).encode()
        stamp = str(int(time.time()) - age)
        headers = {"Content-Type": "application/json"}
        if signed:
            headers |= {"X-Voxpress-Timestamp": stamp, "X-Voxpress-Signature": sign(secret, stamp, body)}
        return httpx.post(f"{base}/api/hooks/publish", content=body, headers=headers, timeout=60)

    stories_before = httpx.get(f"{base}/api/stories").json()["stories"]
    for refused in (post(story, signed=False), post(story, secret="wrong"), post(story, age=301)):
        assert refused.status_code == 401
        assert refused.headers["content-type"] == "application/problem+json"
    assert httpx.get(f"{base}/api/stories").json()["stories"] == stories_before  # nothing started

    created = post(story)
    assert created.status_code == 201, created.text
    again = post(story)
    assert again.status_code == 200 and again.json()["status"] == "unchanged"
    assert again.json()["id"] == created.json()["id"]
    assert again.json()["job_id"] in (None, created.json()["job_id"])  # one narration
    wait_listenable(base, created.json()["id"])

    feed = httpx.get(f"{base}/feeds/stories.xml")
    parsed = check_podcast_feed(feed.content, base)
    assert f"voxpress:story:{created.json()['id']}" in [e.id for e in parsed.entries]

    articles_before = httpx.get(f"{base}/api/articles").json()["articles"]
    for bad_story in (
        {"id": "cms-78", "title": "x", "html": "<p>a</p>", "text": "b"},
        {"id": "cms-79", "title": "Fine", "text": "Some words here.", "voice": "nobody"},
        {"id": "cms-80", "colour": "blue"},
        {"title": "No id or url", "text": "Words."},
    ):
        bad = post(bad_story)
        assert bad.status_code == 400, bad.text
        assert bad.headers["content-type"] == "application/problem+json"
    stamp = str(int(time.time()))
    not_json = httpx.post(
        f"{base}/api/hooks/publish",
        content=b"{not json",
        headers={"X-Voxpress-Timestamp": stamp, "X-Voxpress-Signature": sign(SECRET, stamp, b"{not json")},
    )
    assert not_json.status_code == 400
    assert httpx.get(f"{base}/api/articles").json()["articles"] == articles_before  # nothing stored

    removed = post({"action": "unpublish", "id": "cms-77"})
    assert removed.status_code == 200 and removed.json()["removed"] == created.json()["id"]
    assert httpx.get(f"{base}/api/stories/{created.json()['id']}").status_code == 404
    assert f"voxpress:story:{created.json()['id']}" not in httpx.get(f"{base}/feeds/stories.xml").text


def test_failing_source_backs_off_and_keeps_its_error(server: LoopbackServer, site: SiteServer) -> None:
    base = server.url
    site.pages["/broken.xml"] = (
        "application/xml",
        b"<rss><channel><item><title>no link</title></item></channel></rss>",
    )
    broken = httpx.post(f"{base}/api/sources", json={"url": f"{site.url}/broken.xml", "every": "1s"}).json()
    missing = httpx.post(f"{base}/api/sources", json={"url": f"{site.url}/gone.xml", "every": "1s"}).json()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the scheduler polls them on its own
        states = [httpx.get(f"{base}/api/sources/{s['id']}").json() for s in (broken, missing)]
        if all(s["failures"] >= 2 for s in states):
            break
        time.sleep(0.3)
    assert "None of the feed's 1 items has a link" in states[0]["last_error"]
    assert "404" in states[1]["last_error"]
    for state in states:
        assert state["failures"] >= 2 and state["next_poll_at"] > state["last_polled_at"]
    duplicate = httpx.post(f"{base}/api/sources", json={"url": f"{site.url}/gone.xml"})
    assert duplicate.status_code == 400 and "already registered" in duplicate.json()["title"]
    for source in (broken, missing):
        assert httpx.delete(f"{base}/api/sources/{source['id']}").status_code == 204


def test_a_source_is_edited_paused_and_resumed(server: LoopbackServer, site: SiteServer) -> None:
    base = server.url
    site.pages["/quiet.xml"] = ("application/xml", rss(site, []))
    source = httpx.post(f"{base}/api/sources", json={"url": f"{site.url}/quiet.xml", "every": "1s"}).json()
    url = f"{base}/api/sources/{source['id']}"

    def polls_within(seconds: float) -> bool:
        before = httpx.get(url).json()["last_polled_at"]
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if httpx.get(url).json()["last_polled_at"] != before:
                return True
            time.sleep(0.2)
        return False

    assert polls_within(10)  # the scheduler polls it every second
    paused = httpx.patch(url, json={"paused": True})
    assert paused.status_code == 200 and paused.json()["paused"] is True
    assert not polls_within(3)  # paused: kept, not polled
    voice = httpx.get(f"{base}/api/voices").json()["default"]
    edited = httpx.patch(url, json={"paused": False, "every": "2h", "voice": voice}).json()
    assert (edited["paused"], edited["every_seconds"], edited["voice"]) == (False, 7200.0, voice)
    assert edited["next_poll_at"] > edited["last_polled_at"]  # a period after the last poll
    assert httpx.get(url).json() == edited
    assert httpx.patch(url, json={"voice": None}).json()["voice"] is None  # back to the default
    for body, status, words in (
        ({"voice": "nobody"}, 400, "Unknown voice"),
        ({"every": "often"}, 400, "not a duration"),
        ({}, 400, "at least one"),
        ({"paused": None}, 400, "cannot be null"),
        ({"colour": "red"}, 422, "not valid"),
    ):
        refused = httpx.patch(url, json=body)
        assert refused.status_code == status and words in refused.json()["title"], refused.text
    assert httpx.get(url).json()["every_seconds"] == 7200.0  # nothing refused was changed
    assert httpx.patch(f"{base}/api/sources/nope", json={"paused": True}).status_code == 404
    assert httpx.delete(url).status_code == 204


def test_unconfigured_webhook_is_off(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    app = create_app(Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'v.db'}"), warm=False)
    with TestClient(app) as client:
        response = client.post("/api/hooks/publish", json={"url": "https://example.org/"})
        assert response.status_code == 404 and "VOXPRESS_WEBHOOK_SECRET" in response.json()["title"]


def test_openapi_lists_the_publishing_routes(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    app = create_app(Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'v.db'}"), warm=False)
    with TestClient(app) as client:
        paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/sources",
        "/api/hooks/publish",
        "/api/articles/{article_id}/captions.vtt",
        "/v1/audio/speech",
    ):
        assert path in paths
    captions = paths["/api/articles/{article_id}/captions.vtt"]["get"]
    assert {p["name"] for p in captions["parameters"]} == {"article_id", "voice", "speed"}
