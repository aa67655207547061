"""The HTTP edge under hostile input: sanitised input, outputs that cannot fail, 500s, access and limits.

Real app, real SQLite, real extraction; no voice is loaded (``warm=False``)
and nothing here narrates: the requests that would start a narration are the
ones the access policy refuses. Every text is written for these tests.
"""

from __future__ import annotations

import json
import random
import re
import socket
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import numpy as np
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from voxpress.article import Article
from voxpress.audio.encode import encode_audio
from voxpress.extract.sanitise import clean_article, clean_text
from voxpress.server import create_app
from voxpress.server.access import RateLimiter
from voxpress.server.problems import SafeJSONResponse
from voxpress.server.schemas import article_blocks
from voxpress.settings import ArticleLimits, Settings
from voxpress.store.db import NarrationRecord, Store

HARBOUR = (
    "Harbour wall repaired after storm\n\n"
    "Builders finished repairing the old harbour wall on Tuesday, two months after the winter storm "
    "tore a gap in it."
)
HOSTILE_TITLE = "Bell\x1b[31m rings\x07 at \u202enoon"


def settings_in(folder: Path, **overrides: object) -> Settings:
    return Settings(
        data_dir=folder,
        article=ArticleLimits(max_input_bytes=200_000, max_words=200),
        **({"rate_limit_per_minute": 0.0} | overrides),  # type: ignore[arg-type]
    )


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(settings_in(tmp_path), warm=False)) as test_client:
        yield test_client


def problem_of(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert isinstance(body, dict) and body["status"] == status
    return body


# The sanitiser


def test_clean_text_removes_controls_lone_surrogates_bidi_overrides_and_noncharacters() -> None:
    assert clean_text("a\x00b\x07c\x1bd\x7fe\x85f") == "abcdef"
    assert clean_text("lone \ud800 half \udfff") == "lone  half "
    assert clean_text("\u202eevil\u202c \u2066iso\u2069") == "evil iso"
    assert clean_text("x\ufffey\uffff") == "xy"
    assert clean_text("tab\tand\r\nlines\rend\x0cpage") == "tab\tand\nlines\nend\npage"
    assert clean_text("Crème brûlée, 東京, नमस्ते 🙂") == "Crème brûlée, 東京, नमस्ते 🙂"


def test_clean_article_cleans_every_field_and_drops_blocks_that_clean_to_nothing() -> None:
    dirty = Article(
        title=HOSTILE_TITLE,
        paragraphs=("First\x00 paragraph.", "\x07\x1b", "Second \ud800paragraph."),
        standfirst=("\u202eSummary",),
        byline="Ann\x1b Lee",
        published="2024-05-01\x07",
    )
    clean = clean_article(dirty)
    assert clean.title == "Bell[31m rings at noon"
    assert clean.paragraphs == ("First paragraph.", "Second paragraph.")
    assert clean.standfirst == ("Summary",) and clean.byline == "Ann Lee"
    assert clean.published == "2024-05-01"


# Input through the API


def test_control_characters_surrogates_and_bidi_overrides_are_stripped_at_the_api(client: TestClient) -> None:
    # Raw JSON, so the lone surrogate reaches the server as the escape a hostile client would send.
    body = json.dumps({"text": HOSTILE_TITLE + "\ud800\n\n" + HARBOUR.split("\n\n")[1]})
    created = client.post("/api/articles", content=body, headers={"content-type": "application/json"})
    assert created.status_code == 201, created.text
    article = created.json()
    assert article["title"] == "Bell[31m rings at noon"
    fetched = client.get(f"/api/articles/{article['id']}")
    assert fetched.status_code == 200 and fetched.json()["text"] == article["text"]
    assert not any(ord(ch) < 0x20 and ch != "\n" for ch in fetched.json()["text"])


def test_an_html_entity_for_a_control_character_does_not_reach_the_store(client: TestClient) -> None:
    page = (
        "<html><head><title>Bell &#7;rings &#27;at noon</title></head><body><article>"
        "<h1>Bell &#7;rings &#27;at noon</h1><p>The town hall bell rang at noon for the first time "
        "since its rope snapped &#7; last spring, and people stopped in the square to listen.</p>"
        "</article></body></html>"
    )
    created = client.post("/api/articles", json={"html": page})
    assert created.status_code == 201, created.text
    assert all(ord(ch) >= 0x20 or ch == "\n" for ch in created.json()["text"])
    assert client.get("/feeds/podcast.xml").status_code == 200


def test_json_output_cannot_fail_on_a_lone_surrogate_or_nan() -> None:
    rendered = SafeJSONResponse({"title": "half \ud800 a pair", "duration": float("nan")}).body
    assert json.loads(rendered) == {"title": "half ? a pair", "duration": None}


# Outputs over stored values


def _store_hostile_narration(settings: Settings) -> str:
    """An article stored with control characters (as before the sanitiser existed) and a real MP3 of it."""
    store = Store(settings.resolved_database_url)
    try:
        record, _ = store.add_article(
            Article(title=HOSTILE_TITLE, paragraphs=("A paragraph with a bell\x07 in it.",))
        )
        audio = settings.data_dir / "hostile.mp3"
        audio.write_bytes(encode_audio(np.zeros(22_050, dtype=np.float32), 22_050, "mp3"))
        timings = settings.data_dir / "hostile.timings.json"
        timings.write_text("{}", encoding="utf-8")
        store.save_narration(
            NarrationRecord(
                article_id=record.id,
                voice="piper:en_US-joe-medium",
                speed=1.0,
                format="mp3",
                path=audio,
                timings_path=timings,
                etag='"hostile"',
                size=audio.stat().st_size,
                duration=1.0,
                created_at=datetime.now(UTC),
            )
        )
    finally:
        store.close()
    return record.id


def test_the_podcast_feed_survives_control_characters_and_never_trusts_the_host_header(
    tmp_path: Path,
) -> None:
    settings = settings_in(tmp_path, public_url="https://listen.example.org")
    article_id = _store_hostile_narration(settings)
    with TestClient(create_app(settings, warm=False)) as test_client:
        feed = test_client.get("/feeds/podcast.xml", headers={"Host": "evil.example"})
        assert feed.status_code == 200, feed.text
        assert "evil.example" not in feed.text
        item = ET.fromstring(feed.content).find("channel/item")
        assert item is not None
        assert item.findtext("title") == "Bell[31m rings at noon"
        assert item.findtext("link") == f"https://listen.example.org/read/{article_id}"
        enclosure = item.find("enclosure")
        assert enclosure is not None
        assert enclosure.get("url", "").startswith(f"https://listen.example.org/api/articles/{article_id}/")
        # The stored value is served as JSON too, escaped rather than failing.
        assert test_client.get(f"/api/articles/{article_id}").json()["title"] == HOSTILE_TITLE


def test_without_a_public_url_feed_links_use_the_listening_address_not_the_host_header(
    tmp_path: Path,
) -> None:
    settings = settings_in(tmp_path)
    _store_hostile_narration(settings)
    with TestClient(create_app(settings, warm=False), base_url="http://127.0.0.1:8123") as test_client:
        feed = test_client.get("/feeds/podcast.xml", headers={"Host": "evil.example"})
        assert feed.status_code == 200 and "evil.example" not in feed.text


def test_article_blocks_are_found_in_the_narration_text() -> None:
    article = Article(title="Title", standfirst=("One line",), paragraphs=("First.", "Second one."))
    text = article.narration_text
    spans = [(b.kind, text[b.char_start : b.char_end]) for b in article_blocks(article)]
    assert spans == [("title", "Title"), ("standfirst", "One line"), ("paragraph", "First."),
                     ("paragraph", "Second one.")]  # fmt: skip


# Errors and connections


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def failing_server(tmp_path: Path) -> Iterator[str]:
    app: FastAPI = create_app(settings_in(tmp_path), warm=False)

    def explode() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/api/explode", explode)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def test_a_500_carries_the_security_headers_and_closes_the_connection(failing_server: str) -> None:
    with httpx.Client(base_url=failing_server) as http:
        response = http.get("/api/explode")
        body = problem_of(response, 500)
        assert body["title"] == "Internal server error." and "a bug" not in response.text
        assert response.headers["connection"] == "close"
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
        # The client's next request on the same client works (a new connection).
        assert http.get("/api/health").json() == {"status": "ok"}


# Docs and pages


def test_docs_work_offline_from_the_apps_own_assets(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "cdn." not in docs.text and "https://" not in docs.headers["content-security-policy"]
    assert "/docs/assets/swagger-ui-bundle.js" in docs.text
    script = client.get("/docs/assets/swagger-ui-bundle.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert len(script.content) > 100_000
    problem_of(client.get("/docs/assets/..%2Fswagger-initializer.js"), 404)
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert {"ArticleOut", "ArticleList", "VoiceList", "Health"} <= set(schemas)


# Access and rate limits


def test_a_token_bucket_refills_at_its_rate() -> None:
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=2, clock=lambda: now[0])
    assert limiter.take("a") == 0 and limiter.take("a") == 0
    assert limiter.take("a") == pytest.approx(1.0)
    assert limiter.take("b") == 0  # per client
    now[0] = 1.0
    assert limiter.take("a") == 0


def test_work_is_rate_limited_per_client_with_retry_after(tmp_path: Path) -> None:
    settings = settings_in(tmp_path, rate_limit_per_minute=6.0, rate_limit_burst=2, api_key="k3y")
    paragraphs = [
        f"Builders finished repairing the old harbour wall on day {n}, two months after the storm."
        for n in range(4)
    ]
    with TestClient(create_app(settings, warm=False)) as test_client:
        key = {"X-API-Key": "k3y"}
        statuses = [
            test_client.post("/api/articles", json={"text": f"Wall {n}\n\n{p}"}, headers=key).status_code
            for n, p in enumerate(paragraphs)
        ]
        assert statuses == [201] * 4  # the key holder is not limited
        anonymous = TestClient(test_client.app)
        article_id = test_client.get("/api/articles").json()["articles"][0]["id"]
        refused = [
            anonymous.get(f"/api/articles/{article_id}/audio", params={"speed": 1.5}) for _ in range(3)
        ]
        assert [r.status_code for r in refused] == [401] * 3  # refused by policy, no token spent
    settings = settings_in(tmp_path / "open", rate_limit_per_minute=6.0, rate_limit_burst=2)
    with TestClient(create_app(settings, warm=False)) as test_client:
        answers = [test_client.post("/api/articles", json={"text": f"Wall\n\n{p}"}) for p in paragraphs[:3]]
        assert [a.status_code for a in answers] == [201, 201, 429]
        body = problem_of(answers[2], 429)
        assert "try again" in str(body["title"])
        assert 1 <= int(answers[2].headers["retry-after"]) <= 10


def test_readers_without_the_key_may_only_cause_the_default_narration(tmp_path: Path) -> None:
    settings = settings_in(tmp_path, api_key="k3y")
    with TestClient(create_app(settings, warm=False)) as test_client:
        created = test_client.post("/api/articles", json={"text": HARBOUR}, headers={"X-API-Key": "k3y"})
        article_id = created.json()["id"]
        audio = f"/api/articles/{article_id}/audio"
        voices = test_client.get("/api/voices").json()
        other = next(v["id"] for v in voices["voices"] if v["language"] == "en" and not v["public"])
        assert next(v for v in voices["voices"] if v["id"] == voices["default"])["public"] is True
        for params in ({"speed": 1.25}, {"voice": other}, {"format": "wav"}):
            body = problem_of(test_client.get(audio, params=params), 401)
            assert "API key" in str(body["title"])
        problem_of(test_client.get(f"/api/articles/{article_id}/timings", params={"voice": other}), 401)
        problem_of(test_client.post(f"/api/articles/{article_id}/narrations", json={}), 401)
        # Nothing was started by the refused requests.
        assert test_client.app.state.store.list_jobs() == []  # type: ignore[attr-defined]


def test_binary_junk_without_nul_bytes_is_refused_at_the_api(client: TestClient) -> None:
    rng = random.Random(3)
    junk = bytes(rng.randrange(1, 256) for _ in range(4_000)).decode("utf-8", errors="surrogateescape")
    body = json.dumps({"text": junk})  # lone surrogates and control characters, as escapes
    refused = client.post("/api/articles", content=body, headers={"content-type": "application/json"})
    assert "binary" in str(problem_of(refused, 400)["title"])
    # A story with a few stray control characters is far from binary: it is cleaned and kept.
    assert client.post("/api/articles", json={"text": HOSTILE_TITLE + "\n\n" + HARBOUR}).status_code == 201


def test_the_sources_page_is_static_and_fits_the_policy(client: TestClient) -> None:
    page = client.get("/sources")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    text = page.text
    assert '<script type="module" src="/static/sources.js"></script>' in text
    assert "<script>" not in text and "style=" not in text
    assert not re.search(r"\son[a-z]+=", text), "no inline event handlers"
    for asset in ("/static/sources.js", "/static/sources-format.js"):
        script = client.get(asset)
        assert script.status_code == 200 and "javascript" in script.headers["content-type"]
