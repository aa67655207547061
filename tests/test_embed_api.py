"""The embed and analytics API against the real app, real SQLite and a real host page server.

No narration is synthesized here (the app's job queue is not started): these tests cover what the
embed API decides — which origins and hosts it serves, that a page is fetched and stored once per
URL, CORS, the iframe and oEmbed answers, playlists — and what the events endpoint accepts,
refuses and aggregates. tests/test_embed_browser.py plays real narrations.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from voxpress.errors import ForbiddenAddressError
from voxpress.extract.fetch import checked_addresses, public_addresses_only
from voxpress.server import create_app
from voxpress.settings import FetchLimits, Settings

STORY_HTML = """<!doctype html><html lang="en"><head><title>Beekeepers count a record summer</title>
<link rel="canonical" href="{canonical}"></head><body><main><article>
<h1>Beekeepers count a record summer</h1>
<p>Hives across the county produced more honey this summer than in any year since records began.</p>
<p>The beekeepers' association said the long warm spell and a wet spring had filled the meadows with
clover, and that members had reported no new cases of disease among their colonies.</p>
<p>Volunteers will show visitors the hives on open days every Saturday until the end of September.</p>
</article></main></body></html>"""


@dataclass
class HostSite:
    """A publisher's site on a second local port, counting the page requests it serves."""

    origin: str
    hits: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def host_site() -> Iterator[HostSite]:
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            body = STORY_HTML.format(canonical=f"{site.origin}{self.path}").encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site = HostSite(origin=f"http://127.0.0.1:{server.server_port}", hits=hits)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    server.shutdown()


def embed_settings(folder: Path, site: HostSite, **overrides: object) -> Settings:
    host_port = site.origin.removeprefix("http://")
    return Settings(
        data_dir=folder,
        fetch=FetchLimits(allow=(host_port,)),
        embed_origins=(site.origin,),
        **overrides,  # type: ignore[arg-type]
    )


@pytest.fixture
def client(tmp_path: Path, host_site: HostSite) -> TestClient:
    return TestClient(create_app(embed_settings(tmp_path, host_site), warm=False))


def assert_problem(response: object, status: int, kind: str) -> dict[str, object]:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"] == "application/problem+json"  # type: ignore[attr-defined]
    body = dict(response.json())  # type: ignore[attr-defined]
    assert body["type"] == f"/problems/{kind}"
    assert body["status"] == status
    return body


def test_fetch_allow_lets_through_exactly_the_listed_host_and_port() -> None:
    def loopback(_host: str, _port: int) -> list:
        import ipaddress

        return [ipaddress.ip_address("127.0.0.1")]

    allowed = checked_addresses(
        "http://127.0.0.1:8123/a", public_addresses_only, loopback, ("127.0.0.1:8123",)
    )
    assert [str(a) for a in allowed] == ["127.0.0.1"]
    with pytest.raises(ForbiddenAddressError):
        checked_addresses("http://127.0.0.1:8124/a", public_addresses_only, loopback, ("127.0.0.1:8123",))
    with pytest.raises(ForbiddenAddressError):
        checked_addresses("http://127.0.0.1:8123/a", public_addresses_only, loopback)


def test_settings_read_the_allow_list_and_origins_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VOXPRESS_FETCH_ALLOW", "127.0.0.1:8123, intranet.local:80")
    monkeypatch.setenv("VOXPRESS_EMBED_ORIGINS", "https://news.example,blog.example")
    settings = Settings.from_env()
    assert settings.fetch.allow == ("127.0.0.1:8123", "intranet.local:80")
    assert settings.embed_origins == ("https://news.example", "blog.example")
    assert Settings().fetch.allow == () and Settings().embed_origins == ()


def test_a_page_is_fetched_once_per_url_and_answered_with_cors(
    client: TestClient, host_site: HostSite
) -> None:
    url = f"{host_site.origin}/stories/bees"
    before = len(host_site.hits)
    first = client.get("/api/embed/narration", params={"url": url}, headers={"Origin": host_site.origin})
    assert first.status_code == 200, first.text
    assert first.headers["access-control-allow-origin"] == host_site.origin
    body = first.json()
    assert body["title"] == "Beekeepers count a record summer"
    assert body["word_count"] > 40 and body["reading_time_minutes"] == 1
    assert body["links"]["audio"].startswith(f"/api/articles/{body['id']}/audio?voice=")
    again = client.get(
        "/api/embed/narration", params={"url": url + "#comments"}, headers={"Origin": host_site.origin}
    )
    assert again.json()["id"] == body["id"]
    assert len(host_site.hits) == before + 1
    timings = client.get(body["links"]["timings"], headers={"Origin": host_site.origin})
    assert timings.headers["access-control-allow-origin"] == host_site.origin
    assert timings.json()["voice"] == body["voice"]
    assert body["text"].startswith("Beekeepers count a record summer\n\nHives across the county")


def test_a_refused_origin_gets_a_problem_and_no_cors(client: TestClient, host_site: HostSite) -> None:
    url = f"{host_site.origin}/stories/bees"
    response = client.get(
        "/api/embed/narration", params={"url": url}, headers={"Origin": "https://evil.example"}
    )
    body = assert_problem(response, 403, "embed-origin")
    assert "VOXPRESS_EMBED_ORIGINS" in str(body["title"])
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options(
        "/api/events", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    )
    assert_problem(preflight, 403, "embed-origin")
    beacon = client.post(
        "/api/events",
        content=b'{"events": [{"article": "abcdefgh12", "view": "view-okay-1", "kind": "load"}]}',
        headers={"Origin": "https://evil.example", "Content-Type": "text/plain"},
    )
    assert_problem(beacon, 403, "embed-origin")
    assert client.get("/api/analytics").json() == {"days": []}
    allowed = client.options(
        "/api/events", headers={"Origin": host_site.origin, "Access-Control-Request-Method": "POST"}
    )
    assert allowed.status_code == 204
    assert allowed.headers["access-control-allow-origin"] == host_site.origin


def test_a_page_on_another_host_is_refused(client: TestClient, host_site: HostSite) -> None:
    before = len(host_site.hits)
    response = client.get(
        "/api/embed/narration",
        params={"url": "https://elsewhere.example/story"},
        headers={"Origin": host_site.origin},
    )
    body = assert_problem(response, 403, "embed-host")
    assert "elsewhere.example" in str(body["title"])
    assert_problem(client.get("/embed", params={"url": "https://elsewhere.example/story"}), 403, "embed-host")
    assert len(host_site.hits) == before


def test_iframe_page_and_oembed(client: TestClient, host_site: HostSite) -> None:
    article = client.get("/api/embed/narration", params={"url": f"{host_site.origin}/stories/bees"}).json()
    page = client.get(f"/embed/{article['id']}")
    assert page.status_code == 200
    assert f'data-voxpress-article-id="{article["id"]}"' in page.text
    assert '<script src="/embed.js" async></script>' in page.text
    assert f"frame-ancestors 'self' {host_site.origin}" in page.headers["content-security-policy"]
    oembed = client.get("/oembed", params={"url": f"{host_site.origin}/stories/bees"}).json()
    assert oembed["type"] == "rich" and oembed["version"] == "1.0"
    assert f"/embed/{article['id']}" in oembed["html"]
    by_reader = client.get("/oembed", params={"url": f"http://testserver/read/{article['id']}"}).json()
    assert by_reader["html"] == oembed["html"]
    script = client.get("/embed.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    module = client.get("/embed/assets/player.js")
    assert module.headers["access-control-allow-origin"] == "*"
    assert_problem(client.get("/embed/assets/..%2Fapp.css"), 404, "not-found")


def event(article: str, view: str, kind: str, **fields: object) -> dict[str, object]:
    return {"article": article, "view": view, "kind": kind, **fields}


def test_events_are_aggregated_per_article_and_day(client: TestClient, host_site: HostSite) -> None:
    article = client.get("/api/embed/narration", params={"url": f"{host_site.origin}/stories/bees"}).json()
    aid = article["id"]
    batch = [
        event(aid, "view-one-aaaa", "load"),
        event(aid, "view-one-aaaa", "play", speed=1.0, voice="piper:en_US-joe-medium"),
        event(aid, "view-one-aaaa", "speed", speed=1.25, share=0.1),
        *(event(aid, "view-one-aaaa", "progress", share=s / 10, listened=s * 3.0) for s in range(1, 10)),
        event(aid, "view-one-aaaa", "complete", share=1.0, listened=30.0),
        event(aid, "view-two-bbbb", "load"),
        event(aid, "view-two-bbbb", "play"),
        event(aid, "view-two-bbbb", "progress", share=0.3, listened=6.0),
        event(aid, "view-three-cc", "load"),
    ]
    response = client.post(
        "/api/events",
        content=__import__("json").dumps({"events": batch}),
        headers={"Content-Type": "text/plain"},
    )
    assert response.status_code == 204, response.text
    assert "set-cookie" not in response.headers
    days = client.get("/api/analytics", params={"article": aid}).json()["days"]
    assert len(days) == 1
    day = days[0]
    assert (day["loads"], day["plays"], day["completions"]) == (3, 2, 1)
    assert day["play_rate"] == pytest.approx(2 / 3, abs=1e-3)
    assert day["completion_rate"] == 0.5
    assert day["listened_minutes"] == pytest.approx(36 / 60, abs=0.01)
    assert day["average_share"] == pytest.approx(0.65)
    assert day["drop_off"][0] == 1.0 and day["drop_off"][3] == 1.0 and day["drop_off"][4] == 0.5
    assert day["drop_off"][10] == 0.5
    assert day["speeds"] == {"1": 1, "1.25": 1}
    assert day["voices"] == {"piper:en_US-joe-medium": 1}
    csv = client.get("/api/analytics", params={"format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    header, row = csv.text.splitlines()[:2]
    assert header.startswith("article_id,day,loads,plays,play_rate")
    assert row.startswith(f"{aid},{day['day']},3,2,")


def test_junk_events_are_refused_and_never_stored(client: TestClient) -> None:
    junk = [
        b"not json",
        b'{"events": []}',
        b'{"events": [{"article": "abcdefgh12", "view": "v", "kind": "play"}]}',
        b'{"events": [{"article": "abcdefgh12", "view": "view-okay-1", "kind": "hover"}]}',
        b'{"events": [{"article": "abcdefgh12", "view": "view-okay-1", "kind": "play", "share": 3}]}',
        b'{"events": [{"article": "abcdefgh12", "view": "view-okay-1", "kind": "play", "ip": "1.2.3.4"}]}',
        b'{"events": [{"article": "abcdefgh12", "view": "view-okay-1", "kind": "speed", "speed": 9}]}',
    ]
    for body in junk:
        assert_problem(client.post("/api/events", content=body), 422, "event")
    assert client.get("/api/analytics").json() == {"days": []}


def test_a_flood_of_events_is_refused_with_429(tmp_path: Path, host_site: HostSite) -> None:
    app = create_app(embed_settings(tmp_path, host_site, events_per_minute=30), warm=False)
    client = TestClient(app)

    def batch(number: int) -> dict[str, object]:
        return {"events": [event("abcdefgh12", f"view-{number}-{i:04d}", "load") for i in range(10)]}

    statuses = [client.post("/api/events", json=batch(number)).status_code for number in range(3)]
    assert statuses == [204, 204, 204]
    response = client.post("/api/events", json=batch(3))
    body = assert_problem(response, 429, "rate-limited")
    assert "at most 30 a minute" in str(body["title"])
    days = client.get("/api/analytics").json()["days"]
    assert days[0]["loads"] == 30


def test_a_flood_of_embed_requests_is_refused(tmp_path: Path, host_site: HostSite) -> None:
    client = TestClient(
        create_app(embed_settings(tmp_path, host_site, embed_requests_per_minute=2), warm=False)
    )
    for index in range(2):
        assert (
            client.get("/api/embed/narration", params={"url": f"{host_site.origin}/s/{index}"}).status_code
            == 200
        )
    assert_problem(
        client.get("/api/embed/narration", params={"url": f"{host_site.origin}/s/9"}), 429, "rate-limited"
    )
    # A page already narrated costs nothing and is still answered.
    assert client.get("/api/embed/narration", params={"url": f"{host_site.origin}/s/0"}).status_code == 200


def test_analytics_need_the_api_key_when_one_is_set(tmp_path: Path, host_site: HostSite) -> None:
    client = TestClient(create_app(embed_settings(tmp_path, host_site, api_key="sesame-key"), warm=False))
    assert_problem(client.get("/api/analytics"), 401, "unauthorized")
    assert client.get("/api/analytics", headers={"X-API-Key": "sesame-key"}).status_code == 200
    assert client.get("/analytics").status_code == 200  # the page itself holds no data


def test_playlists_order_up_next_page_and_feed(client: TestClient, host_site: HostSite) -> None:
    ids = [
        client.get("/api/embed/narration", params={"url": f"{host_site.origin}/p/{n}"}).json()["id"]
        for n in ("one", "two")
    ]
    other = client.post(
        "/api/articles",
        json={
            "text": "Harbour fair returns\n\n"
            "The harbour fair returns next month with boat races, music and stalls."
        },
    ).json()["id"]
    created = client.post("/api/playlists", json={"title": "Weekend reads", "article_ids": [ids[0], other]})
    assert created.status_code == 201, created.text
    playlist = created.json()
    assert playlist["article_ids"] == [ids[0], other]
    reordered = client.put(
        f"/api/playlists/{playlist['id']}/items", json={"article_ids": [other, ids[0]]}
    ).json()
    assert reordered["article_ids"] == [other, ids[0]]
    up_next = client.get("/api/embed/up-next", params={"article": other, "playlist": playlist["id"]}).json()
    assert [item["id"] for item in up_next["items"]] == [ids[0]]
    latest = client.get("/api/embed/up-next", params={"article": other}).json()
    assert [item["id"] for item in latest["items"]] == [ids[1], ids[0]]  # the latest embedded pages
    page = client.get(f"/playlists/{playlist['id']}")
    assert "Weekend reads" in page.text and "Harbour fair returns" in page.text
    feed = client.get(f"/playlists/{playlist['id']}/podcast.xml")
    assert feed.status_code == 200 and "<title>Weekend reads</title>" in feed.text
    assert_problem(
        client.post("/api/playlists", json={"title": "Bad", "article_ids": ["nope"]}), 404, "not-found"
    )
    assert client.delete(f"/api/playlists/{playlist['id']}").status_code == 204
    assert_problem(client.get(f"/api/playlists/{playlist['id']}"), 404, "not-found")


def test_reader_pages_link_to_their_oembed(client: TestClient) -> None:
    article = client.post(
        "/api/articles",
        json={
            "text": "Harbour fair returns\n\n"
            "The harbour fair returns next month with boat races, music and stalls."
        },
    ).json()
    page = client.get(f"/read/{article['id']}")
    assert page.status_code == 200
    assert 'rel="alternate" type="application/json+oembed"' in page.text
    assert f"/oembed?url=http%3A%2F%2Ftestserver%2Fread%2F{article['id']}" in page.text
    oembed = client.get(f"/oembed?url=http%3A%2F%2Ftestserver%2Fread%2F{article['id']}").json()
    assert f"/embed/{article['id']}" in oembed["html"]


def test_a_voice_change_for_a_tail_starts_no_whole_narration(client: TestClient, host_site: HostSite) -> None:
    origin = {"Origin": host_site.origin}
    url = f"{host_site.origin}/stories/bees-voices"
    article = client.get("/api/embed/narration", params={"url": url}, headers=origin).json()
    voices = [v["id"] for v in client.get("/api/voices").json()["voices"]]
    other = next(v for v in voices if v != article["voice"])
    store = client.app.state.store  # type: ignore[attr-defined]

    asked = client.get(f"/api/embed/articles/{article['id']}", params={"voice": other, "narrate": "false"})
    assert asked.status_code == 200 and asked.json()["voice"] == other
    # The player asks for the tail from the listener's sentence next; the whole comes after it.
    assert store.find_active_job(article["id"], other, 1.0) is None
    refused = client.get(f"/api/embed/articles/{article['id']}", params={"voice": other, "narrate": "maybe"})
    assert_problem(refused, 422, "validation")
    assert store.find_active_job(article["id"], other, 1.0) is None  # a bad answer starts nothing
    started = client.get(f"/api/embed/articles/{article['id']}", params={"voice": other})
    assert started.status_code == 200
    assert store.find_active_job(article["id"], other, 1.0) is not None
