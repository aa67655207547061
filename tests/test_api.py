"""The HTTP API against the real app: real SQLite, real extraction, real Piper synthesis.

One data folder is shared by the module (so the voice is loaded once); tests
that need a clean database get their own database file in it. Every narrated
text is one or two short sentences, written for these tests.
"""

from __future__ import annotations

import asyncio
import io
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import soundfile
from fastapi.testclient import TestClient

from gated_voice import GatedVoice
from loopback import LoopbackServer
from voxpress.errors import VoiceError
from voxpress.server import create_app
from voxpress.server.security import CONTENT_SECURITY_POLICY
from voxpress.settings import ArticleLimits, Settings
from voxpress.speech.script import ScriptSentence
from voxpress.store import Store
from voxpress.voices.base import SentenceAudio, Voice

LIGHTHOUSE = (
    "Keepers leave the last lighthouse\n\n"
    "The final two keepers of the island lighthouse handed over the keys on Friday morning."
)
ORCHARD = (
    "Orchard wins apple prize\n\n"
    "A small family orchard in the valley won the regional prize for its crisp autumn apples this week."
)


@pytest.fixture(scope="module")
def shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("voxpress-api")


def settings_for(folder: Path, database: str, **overrides: object) -> Settings:
    """Settings in the shared data folder, with their own database and small input limits."""
    return Settings(
        data_dir=folder,
        database_url=f"sqlite:///{folder / database}",
        article=ArticleLimits(max_input_bytes=200_000, max_words=2_000),
        **({"rate_limit_per_minute": 0.0} | overrides),  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def client(shared_dir: Path) -> Iterator[TestClient]:
    with TestClient(create_app(settings_for(shared_dir, "main.db"))) as test_client:
        yield test_client


def add_text(client: TestClient, text: str) -> dict[str, object]:
    response = client.post("/api/articles", json={"text": text})
    assert response.status_code == 201, response.text
    return response.json()


def wait_done(client: TestClient, job_id: str, timeout: float = 60.0) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def assert_problem(response: httpx.Response, status: int, *title_words: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert set(body) >= {"type", "title", "status", "detail"}
    assert body["status"] == status
    for word in title_words:
        assert word.lower() in body["title"].lower(), body
    return body


def decode_mp3(data: bytes) -> tuple[int, float]:
    """Sample rate and duration of MP3 bytes, decoded by libsndfile."""
    samples, rate = soundfile.read(io.BytesIO(data), dtype="float32")
    return rate, len(samples) / rate


# Articles


def test_articles_from_text_and_html_are_created_listed_fetched_and_deleted(client: TestClient) -> None:
    created = add_text(client, LIGHTHOUSE)
    assert created["title"] == "Keepers leave the last lighthouse"
    text = created["text"]
    assert isinstance(text, str)
    for block in created["blocks"]:  # type: ignore[union-attr]
        assert text[block["char_start"] : block["char_end"]].strip()
    assert [b["kind"] for b in created["blocks"]] == ["title", "paragraph"]  # type: ignore[union-attr]
    assert created["word_count"] == 20 and created["reading_time_minutes"] == 1
    html = (
        "<html><head><title>Bakers rise early</title></head><body><nav>Home | News</nav><article>"
        "<h1>Bakers rise early</h1><p>The village bakery has opened at four in the morning for thirty years,"
        " and its bread still sells out before nine.</p><p>Regulars queue in the dark"
        "<script>alert(1)</script> with their own baskets.</p></article></body></html>"
    )
    from_html = client.post("/api/articles", json={"html": html, "url": "https://example.org/bakers"})
    assert from_html.status_code == 201, from_html.text
    article = from_html.json()
    assert article["title"] == "Bakers rise early"
    assert article["url"] == "https://example.org/bakers"
    assert "alert" not in article["text"] and "Home | News" not in article["text"]
    again = client.post("/api/articles", json={"text": LIGHTHOUSE})
    assert again.status_code == 201 and again.json()["id"] == created["id"]  # same content, same record
    listed = client.get("/api/articles").json()["articles"]
    ids = [item["id"] for item in listed]
    assert ids.index(article["id"]) < ids.index(created["id"])  # newest first
    assert set(listed[0]) == {"id", "title", "language", "word_count", "reading_time_minutes", "created_at"}
    assert client.get(f"/api/articles/{created['id']}").json()["text"] == text
    assert client.delete(f"/api/articles/{article['id']}").status_code == 204
    assert_problem(client.get(f"/api/articles/{article['id']}"), 404, "no article")
    assert_problem(client.delete(f"/api/articles/{article['id']}"), 404)


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"text": ""}, 400, ["empty"]),
        ({"text": "   \n\n  "}, 400, ["empty"]),
        ({"text": "PK\x03\x04\x00\x00\x08\x00binary"}, 400, ["binary"]),
        ({}, 400, ["url", "html", "text"]),
        ({"html": "<p>a</p>", "text": "a"}, 400, ["either"]),
        ({"html": "<html><body><div><p>Menu <b>Home</div></span></body"}, 422, ["no article"]),
        ({"text": "Home\nNews\nSport\nContact us"}, 422, ["no article"]),
        ({"url": "http://127.0.0.1:9/admin"}, 422, []),
        ({"url": "http://10.1.2.3/page"}, 422, []),
        ({"url": "http://[::1]/page"}, 422, []),
        ({"url": "file:///etc/passwd"}, 400, ["http"]),
        ({"html": "<p>A story.</p>", "url": "javascript:alert(1)"}, 400, ["http"]),
        ({"text": 42}, 422, ["not valid"]),
        ({"text": "x", "colour": "red"}, 422, ["not valid"]),
    ],
)
def test_bad_input_is_a_problem_with_the_right_status(
    client: TestClient, body: dict[str, object], status: int, words: list[str]
) -> None:
    assert_problem(client.post("/api/articles", json=body), status, *words)


def test_private_addresses_are_refused_by_type(client: TestClient) -> None:
    body = assert_problem(client.post("/api/articles", json={"url": "http://localhost:8000/"}), 422)
    assert body["type"] == "/problems/forbidden-address"


def test_oversized_input_is_refused(client: TestClient) -> None:
    huge_body = "x" * 1_300_000  # over the body limit: refused before it is read
    assert_problem(client.post("/api/articles", json={"text": huge_body}), 413, "limit")
    too_big = "word " * 45_000  # under the body limit, over the 200 kB input limit
    assert_problem(client.post("/api/articles", json={"text": too_big}), 413, "limit")
    many_words = "Title\n\n" + " ".join(["The river rose again in the night."] * 300)
    # One count (every narrated word) and one status, wherever the words are.
    assert_problem(client.post("/api/articles", json={"text": many_words}), 413, "2,100 words", "limit")


def test_routing_errors_are_problems(client: TestClient) -> None:
    assert_problem(client.get("/api/nothing-here"), 404, "nothing at")
    assert_problem(client.put("/api/articles"), 405, "not allowed")
    assert_problem(client.get("/api/articles/does-not-exist"), 404, "no article")
    assert_problem(client.get("/api/jobs/nope"), 404, "no job")
    page = client.get("/read/does-not-exist")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "<h1>Not found</h1>" in page.text


# Voices, pages, headers


def test_voices_list_the_installed_voices_and_presets(client: TestClient) -> None:
    body = client.get("/api/voices").json()
    ids = [voice["id"] for voice in body["voices"]]
    assert body["default"] == "piper:en_US-joe-medium" and body["default"] in ids
    joe = body["voices"][ids.index(body["default"])]
    assert set(joe) == {
        "id",
        "engine",
        "language",
        "languages",
        "name",
        "quality",
        "word_timings",
        "wpm_1x",
        "public",
    }
    assert joe["engine"] == "piper" and "en" in joe["languages"]
    assert body["presets"] == [
        {"name": "Slow", "speed": 0.75, "wpm": 150},
        {"name": "Average", "speed": 1.0, "wpm": 200},
        {"name": "Fast", "speed": 1.5, "wpm": 300},
    ]
    assert (body["speed_min"], body["speed_max"], body["speed_step"]) == (0.5, 2.0, 0.05)


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    article = add_text(client, ORCHARD)
    for path in ("/", f"/read/{article['id']}", "/api/voices", "/api/nothing", "/static/app.css"):
        response = client.get(path)
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
    page = client.get(f"/read/{article['id']}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    docs = client.get("/docs")
    assert docs.status_code == 200 and "'sha256-" in docs.headers["content-security-policy"]
    assert client.get("/openapi.json").json()["paths"]["/api/articles/{article_id}/audio"]


def test_writes_need_the_api_key_when_one_is_set(shared_dir: Path) -> None:
    settings = settings_for(shared_dir, "keyed.db", api_key="open-sesame")
    with TestClient(create_app(settings, warm=False)) as keyed:
        assert_problem(keyed.post("/api/articles", json={"text": ORCHARD}), 401, "api key")
        wrong = keyed.post("/api/articles", json={"text": ORCHARD}, headers={"X-API-Key": "sesame"})
        assert_problem(wrong, 401)
        created = keyed.post(
            "/api/articles", json={"text": ORCHARD}, headers={"Authorization": "Bearer open-sesame"}
        )
        assert created.status_code == 201
        article_id = created.json()["id"]
        assert keyed.get(f"/api/articles/{article_id}").status_code == 200  # reads stay open
        assert_problem(keyed.delete(f"/api/articles/{article_id}"), 401)
        assert_problem(keyed.post(f"/api/articles/{article_id}/narrations", json={}), 401)
        deleted = keyed.delete(f"/api/articles/{article_id}", headers={"X-API-Key": "open-sesame"})
        assert deleted.status_code == 204


# Narration


def test_audio_streams_then_is_served_from_the_store_with_ranges_and_etag(client: TestClient) -> None:
    article = add_text(client, LIGHTHOUSE)
    url = f"/api/articles/{article['id']}/audio"
    streamed = client.get(url)
    assert streamed.status_code == 200
    assert streamed.headers["content-type"] == "audio/mpeg"
    assert streamed.headers["cache-control"] == "no-store"
    rate, streamed_seconds = decode_mp3(streamed.content)
    assert rate == 22050 and streamed_seconds > 2.0
    job = wait_done(client, streamed.headers["x-voxpress-job"])
    assert job["status"] == "done" and job["progress"] == 1.0

    stored = client.get(url)
    assert stored.status_code == 200
    etag = stored.headers["etag"]
    assert stored.headers["accept-ranges"] == "bytes" and "max-age" in stored.headers["cache-control"]
    assert abs(decode_mp3(stored.content)[1] - streamed_seconds) < 0.2
    timings = client.get(f"/api/articles/{article['id']}/timings").json()
    assert timings["complete"] is True and timings["progress"] == 1.0
    samples_timings = client.get(f"/api/articles/{article['id']}/timings", params={"format": "wav"}).json()
    encoder_delay = timings["words"][0]["start"] - samples_timings["words"][0]["start"]
    assert encoder_delay == pytest.approx(1105 / 22050, abs=0.002)  # MP3 times follow LAME's delay
    assert abs(decode_mp3(stored.content)[1] - timings["duration"]) < 0.1

    part = client.get(url, headers={"Range": "bytes=100-1099"})
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 100-1099/{len(stored.content)}"
    assert part.content == stored.content[100:1100]
    not_modified = client.get(url, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.headers["etag"] == etag
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200

    wav = client.get(url, params={"format": "wav"})  # another format: made from the sentence cache
    if wav.status_code == 202:
        assert wav.headers["location"].startswith("/api/jobs/")
        wait_done(client, wav.json()["id"])
        wav = client.get(url, params={"format": "wav"})
    assert wav.status_code == 200 and wav.headers["content-type"] == "audio/wav"
    samples, wav_rate = soundfile.read(io.BytesIO(wav.content))
    assert wav_rate == 22050 and abs(len(samples) / wav_rate - samples_timings["duration"]) < 0.01

    feed = client.get("/feeds/podcast.xml")
    assert feed.status_code == 200 and feed.headers["content-type"] == "application/rss+xml"
    enclosure = (
        f"/api/articles/{article['id']}/audio?voice=piper%3Aen_US-joe-medium&amp;speed=1&amp;format=mp3"
    )
    assert enclosure in feed.text and "Keepers leave the last lighthouse" in feed.text


def test_bad_narration_parameters_are_problems(client: TestClient) -> None:
    article = add_text(client, ORCHARD)
    url = f"/api/articles/{article['id']}/audio"
    assert_problem(client.get(url, params={"speed": 3}), 400, "speed")
    assert_problem(client.get(url, params={"voice": "piper:nobody"}), 400, "unknown voice")
    assert_problem(client.get(url, params={"format": "flac"}), 422, "not valid")
    assert_problem(client.get("/api/articles/missing/audio"), 404)


def test_timings_are_partial_while_synthesis_runs(shared_dir: Path) -> None:
    text = "Snow closes the pass\n\nThe mountain road closed at noon after heavy snow fell all morning long."
    with TestClient(create_app(settings_for(shared_dir, "partial.db"), warm=False)) as test_client:
        runner = test_client.app.state.runner  # type: ignore[attr-defined]
        real_provider = runner.voice_provider
        gated: list[GatedVoice] = []

        def provider(voice_id: str, language: str) -> Voice:
            gated.append(GatedVoice(real_provider(voice_id, language), len("Snow closes the pass")))
            return gated[-1]  # type: ignore[return-value]

        runner.voice_provider = provider
        article = add_text(test_client, text)
        job = test_client.post(f"/api/articles/{article['id']}/narrations", json={"speed": 1.25})
        assert job.status_code == 202 and job.json()["status"] in ("queued", "running")
        timings_url = f"/api/articles/{article['id']}/timings"
        deadline = time.monotonic() + 30
        partial = test_client.get(timings_url, params={"speed": 1.25}).json()
        while not partial["words"] and time.monotonic() < deadline:
            time.sleep(0.05)
            partial = test_client.get(timings_url, params={"speed": 1.25}).json()
        try:
            assert partial["complete"] is False and 0 < partial["progress"] < 1
            assert partial["text"] == text and partial["speed"] == 1.25
            assert [(s["char_start"], s["char_end"]) for s in partial["sentences"]] == [(0, 20)]
            assert all(w["char_end"] <= 20 for w in partial["words"])
            opus = test_client.get(
                f"/api/articles/{article['id']}/audio", params={"speed": 1.25, "format": "opus"}
            )
            assert opus.status_code == 202 and opus.json()["id"] == job.json()["id"]  # joins the job
        finally:
            gated[0].gate.set()
        wait_done(test_client, job.json()["id"])
        complete = test_client.get(timings_url, params={"speed": 1.25}).json()
        assert complete["complete"] is True and complete["sentences"][-1]["char_end"] == len(text)
        assert complete["words"][0]["start"] < complete["words"][-1]["end"] <= complete["duration"]
        opus = test_client.get(
            f"/api/articles/{article['id']}/audio", params={"speed": 1.25, "format": "opus"}
        )
        assert opus.status_code == 200 and opus.headers["content-type"] == "audio/ogg"
        assert len(gated) == 1


def test_a_hundred_simultaneous_requests_make_one_narration(shared_dir: Path) -> None:
    app = create_app(settings_for(shared_dir, "dedupe.db", workers=2), warm=False)
    runner = app.state.runner
    real_provider = runner.voice_provider
    narrations_started: list[str] = []
    synthesized: list[tuple[int, int]] = []

    class CountingVoice:
        def __init__(self, voice: Voice) -> None:
            self.voice, self.info = voice, voice.info

        def synthesize(self, sentence: ScriptSentence, rate: float = 1.0) -> SentenceAudio:
            synthesized.append((sentence.char_start, sentence.char_end))
            return self.voice.synthesize(sentence, rate)

    def provider(voice_id: str, language: str) -> Voice:
        narrations_started.append(voice_id)
        return CountingVoice(real_provider(voice_id, language))  # type: ignore[return-value]

    runner.voice_provider = provider
    text = (
        "Owls return to the old mill\n\n"
        "A pair of barn owls has nested in the mill tower for the first time in decades."
    )
    with LoopbackServer(app) as server:
        article = httpx.post(f"{server.url}/api/articles", json={"text": text}).json()
        url = f"{server.url}/api/articles/{article['id']}/audio"

        async def fetch_all() -> list[httpx.Response]:
            limits = httpx.Limits(max_connections=100)
            async with httpx.AsyncClient(timeout=60, limits=limits) as http:
                return await asyncio.gather(*(http.get(url) for _ in range(100)))

        responses = asyncio.run(fetch_all())
        job_id = next(r.headers["x-voxpress-job"] for r in responses if "x-voxpress-job" in r.headers)
        jobs = httpx.get(f"{server.url}/api/jobs/{job_id}").json()
    assert [r.status_code for r in responses] == [200] * 100
    # Requests arriving while the job ran joined it and heard the same stream; any arriving after
    # it finished (on a fast machine) got the stored file.
    streamed = [r for r in responses if "x-voxpress-job" in r.headers]
    assert len(streamed) >= 50
    assert len({r.headers["x-voxpress-job"] for r in streamed}) == 1
    assert len({r.content for r in streamed}) == 1
    assert all("etag" in r.headers for r in responses if r not in streamed)
    assert decode_mp3(streamed[0].content)[1] > 2.0
    assert narrations_started == ["piper:en_US-joe-medium"]
    # Each piece is spoken once, or twice when the pipeline corrects its rate: never once per request.
    assert max(Counter(synthesized).values()) <= 2
    assert jobs["attempts"] == 1
    assert len(app.state.store.list_jobs()) == 1


def test_an_interrupted_job_resumes_when_the_server_restarts(shared_dir: Path) -> None:
    settings = settings_for(shared_dir, "restart.db")
    with TestClient(create_app(settings, warm=False)) as first:
        article = add_text(
            first, "Ferry strike ends\n\nThe island ferry crews agreed a new contract late on Sunday night."
        )
    # What a crash mid-narration leaves behind: a job row marked running, no files.
    crashed = Store(settings.resolved_database_url)
    job = crashed.create_job(article["id"], "piper:en_US-joe-medium", 1.0, ("mp3",))
    crashed.update_job(job.id, status="running", progress=0.3, add_attempt=True)
    crashed.close()
    with TestClient(create_app(settings, warm=False)) as second:
        resumed = wait_done(second, job.id)
        assert resumed["status"] == "done" and resumed["attempts"] == 2
        audio = second.get(f"/api/articles/{article['id']}/audio")
        assert audio.status_code == 200 and audio.headers["etag"]


def test_a_chunked_body_over_the_limit_is_refused(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(30):
            yield b"y" * 50_000
        yield b'"}'

    response = client.post("/api/articles", content=chunks(), headers={"Content-Type": "application/json"})
    assert_problem(response, 413, "limit")


def test_a_failed_narration_is_reported_with_its_reason(shared_dir: Path) -> None:
    with TestClient(create_app(settings_for(shared_dir, "failing.db"), warm=False)) as test_client:

        def missing_voice(voice_id: str, language: str) -> Voice:
            raise VoiceError("the voice model file is missing; reinstall the voice")

        test_client.app.state.runner.voice_provider = missing_voice  # type: ignore[attr-defined]
        article = add_text(test_client, ORCHARD)
        audio = test_client.get(f"/api/articles/{article['id']}/audio")
        assert_problem(audio, 500, "model file is missing")
        job = test_client.post(f"/api/articles/{article['id']}/narrations", json={"format": "wav"})
        assert job.status_code == 200  # the failed job, not a new one
        failed = wait_done(test_client, job.json()["id"])
        assert failed["status"] == "failed" and "model file is missing" in failed["error"]
        timings = assert_problem(test_client.get(f"/api/articles/{article['id']}/timings"), 500, "missing")
        assert timings["error"] == failed["error"] and timings["job"]["id"] == failed["id"]


def test_feed_descriptions_are_text_never_markup() -> None:
    from voxpress.server.pages import feed_description

    html = feed_description(("Tom & Jerry <script>alert(1)</script>", "<img src=x onerror=alert(1)>Second"))
    assert html == (
        "<p>Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;</p>"
        "<p>&lt;img src=x onerror=alert(1)&gt;Second</p>"
    )


def test_deleting_an_article_stops_its_narration_and_removes_its_files(shared_dir: Path) -> None:
    title = "Tram line extended"
    text = f"{title}\n\nThe city tram line now runs past the harbour to the new hospital on the hill."
    settings = settings_for(shared_dir, "delete.db")
    with TestClient(create_app(settings, warm=False)) as test_client:
        app_state = test_client.app.state  # type: ignore[attr-defined]
        real_provider = app_state.runner.voice_provider
        gated: list[GatedVoice] = []

        def provider(voice_id: str, language: str) -> Voice:
            gated.append(GatedVoice(real_provider(voice_id, language), len(title)))
            return gated[-1]  # type: ignore[return-value]

        app_state.runner.voice_provider = provider
        article = add_text(test_client, text)
        job_id = test_client.post(f"/api/articles/{article['id']}/narrations", json={}).json()["id"]
        deadline = time.monotonic() + 30
        while not test_client.get(f"/api/articles/{article['id']}/timings").json()["words"]:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        live = app_state.queue.live(job_id)
        assert test_client.delete(f"/api/articles/{article['id']}").status_code == 204
        gated[0].gate.set()
        while app_state.queue.live(job_id) is not None:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert live.mp3.error == "The article was deleted."
        assert_problem(test_client.get(f"/api/jobs/{job_id}"), 404)
        assert not (settings.narrations_dir / article["id"]).exists()
