"""Faults against the real app: failing jobs, damaged files, a full disk, deletes racing reads.

Real SQLite, real Piper, real uvicorn where the test is about the connection
(an aborted stream). Every narrated text is a sentence or two written for these
tests; the sentence cache makes each re-narration of a damaged file quick.
"""

from __future__ import annotations

import io
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
import soundfile
from fastapi.testclient import TestClient

from fault_support import fill
from gated_voice import GatedVoice
from loopback import LoopbackServer
from voxpress.errors import SynthesisError
from voxpress.server import create_app
from voxpress.settings import ArticleLimits, Settings
from voxpress.speech.script import ScriptSentence
from voxpress.voices.base import SentenceAudio, Voice

BRIDGE_TITLE = "Old bridge reopens"
BRIDGE = f"{BRIDGE_TITLE}\n\nThe stone bridge over the river opened again to walkers after a long repair."
MARKET = "Night market returns\n\nThe night market came back to the square with music and food stalls."
DEPOT = "Bus depot moves\n\nThe town bus depot will move to the edge of the industrial estate next spring."


@pytest.fixture(scope="module")
def shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("voxpress-faults")


def settings_for(folder: Path, database: str = "voxpress.db", **overrides: object) -> Settings:
    return Settings(
        data_dir=folder,
        database_url=f"sqlite:///{folder / database}",
        article=ArticleLimits(max_input_bytes=200_000, max_words=2_000),
        **overrides,  # type: ignore[arg-type]
    )


def add_text(client: TestClient | httpx.Client, text: str) -> str:
    response = client.post("/api/articles", json={"text": text})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def wait_job(client: TestClient | httpx.Client, job_id: str, timeout: float = 90.0) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job  # type: ignore[no-any-return]
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not end")


def finished_audio(client: TestClient, article_id: str, timeout: float = 90.0) -> httpx.Response:
    """The stored narration once it is made (asking for it starts it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = client.get(f"/api/articles/{article_id}/audio")
        if response.status_code == 200 and "etag" in response.headers:
            return response
        job_id = response.headers.get("x-voxpress-job")
        if job_id:
            wait_job(client, job_id)
        else:
            time.sleep(0.1)
    raise AssertionError("the narration was not made")


def assert_problem(response: httpx.Response, status: int, *words: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, object] = response.json()
    for word in words:
        assert word.lower() in str(body["title"]).lower(), body
    return body


class FailingVoice:
    """The real voice, failing on every sentence after the first while ``failing`` is set."""

    def __init__(self, voice: Voice, first_sentence_end: int) -> None:
        self.voice = voice
        self.info = voice.info
        self.first_sentence_end = first_sentence_end
        self.failing = threading.Event()
        self.failing.set()

    def synthesize(self, sentence: ScriptSentence, rate: float = 1.0) -> SentenceAudio:
        if self.failing.is_set() and sentence.char_start >= self.first_sentence_end:
            raise SynthesisError("the engine ran out of memory on the second sentence")
        return self.voice.synthesize(sentence, rate)


# Failed narrations


def test_a_failing_narration_aborts_its_stream_then_answers_its_reason_until_retried(
    shared_dir: Path,
) -> None:
    app = create_app(settings_for(shared_dir, "failing.db"), warm=False)
    real_provider = app.state.runner.voice_provider
    voices: list[FailingVoice] = []

    def provider(voice_id: str, language: str) -> Voice:
        if not voices:
            voices.append(FailingVoice(real_provider(voice_id, language), len(BRIDGE_TITLE)))
        return voices[0]  # type: ignore[return-value]

    app.state.runner.voice_provider = provider
    with (
        LoopbackServer(app, log_level="critical") as server,
        httpx.Client(base_url=server.url, timeout=60) as client,
    ):
        article_id = add_text(client, BRIDGE)
        received = bytearray()
        aborted = pytest.raises(httpx.RemoteProtocolError)  # not a clean end of a short file
        with aborted, client.stream("GET", f"/api/articles/{article_id}/audio") as streamed:
            assert streamed.status_code == 200
            for part in streamed.iter_bytes():
                received.extend(part)
        assert received  # the first sentence was heard before the failure
        for _reload in range(4):
            audio = assert_problem(client.get(f"/api/articles/{article_id}/audio"), 500, "out of memory")
            timings = assert_problem(client.get(f"/api/articles/{article_id}/timings"), 500, "out of memory")
            assert audio["job"] == timings["job"]
        job = audio["job"]
        assert isinstance(job, dict) and job["status"] == "failed"
        assert len(app.state.store.list_jobs()) == 1  # no request started the failing work again
        voices[0].failing.clear()
        retried = client.post(str(audio["retry"]))
        assert retried.status_code == 202 and retried.json()["id"] != job["id"]
        assert wait_job(client, retried.json()["id"])["status"] == "done"
        final = client.get(f"/api/articles/{article_id}/audio")
        assert final.status_code == 200 and final.headers["etag"]
        assert client.get(f"/api/articles/{article_id}/timings").json()["complete"] is True


def test_posting_a_finished_narration_answers_it_and_creates_no_job(shared_dir: Path) -> None:
    with TestClient(create_app(settings_for(shared_dir, "finished.db"), warm=False)) as client:
        article_id = add_text(client, MARKET)
        finished_audio(client, article_id)
        jobs_before = len(client.app.state.store.list_jobs())  # type: ignore[attr-defined]
        answer = client.post(f"/api/articles/{article_id}/narrations", json={})
        assert answer.status_code == 200
        body = answer.json()
        assert body["status"] == "done" and body["size"] > 0 and "audio" in body["links"]
        assert len(client.app.state.store.list_jobs()) == jobs_before  # type: ignore[attr-defined]


# Damaged files


@pytest.mark.parametrize("damage", ["truncated", "emptied", "overwritten", "removed"])
def test_a_damaged_narration_file_is_never_served_and_is_made_again(shared_dir: Path, damage: str) -> None:
    with TestClient(create_app(settings_for(shared_dir, f"damaged-{damage}.db"), warm=False)) as client:
        article_id = add_text(client, MARKET)
        good = finished_audio(client, article_id)
        [record] = client.app.state.store.list_narrations()  # type: ignore[attr-defined]
        data = record.path.read_bytes()
        if damage == "truncated":
            record.path.write_bytes(data[: len(data) // 2])
        elif damage == "emptied":
            record.path.write_bytes(b"")
        elif damage == "overwritten":
            time.sleep(0.01)
            record.path.write_bytes(bytes(reversed(data)))  # same size, other bytes
        else:
            record.path.unlink()
        answer = client.get(f"/api/articles/{article_id}/audio")
        assert not (answer.status_code == 200 and answer.headers.get("etag") == good.headers["etag"])
        assert answer.status_code in (200, 202, 503)
        again = finished_audio(client, article_id)
        assert int(again.headers["content-length"]) == len(again.content) == record.path.stat().st_size
        rate, duration = soundfile.info(io.BytesIO(again.content)).samplerate, len(again.content)
        assert rate == 22050 and duration > 0


@pytest.mark.parametrize("damage", ["removed", "corrupt"])
def test_a_missing_or_corrupt_timings_file_is_made_again(shared_dir: Path, damage: str) -> None:
    with TestClient(create_app(settings_for(shared_dir, f"timings-{damage}.db"), warm=False)) as client:
        article_id = add_text(client, DEPOT)
        finished_audio(client, article_id)
        [record] = client.app.state.store.list_narrations()  # type: ignore[attr-defined]
        if damage == "removed":
            record.timings_path.unlink()
        else:
            record.timings_path.write_text('{"voice": "half a file', encoding="utf-8")
        deadline = time.monotonic() + 90
        while True:
            timings = client.get(f"/api/articles/{article_id}/timings")
            assert timings.status_code == 200, timings.text
            if timings.json()["complete"]:
                break
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert timings.json()["words"] and timings.json()["status"] == "done"


# Deletes


def test_deletes_racing_reads_never_leave_an_article_readable(shared_dir: Path) -> None:
    with TestClient(create_app(settings_for(shared_dir, "race.db"), warm=False)) as client:
        ids = [
            add_text(client, f"Story number {n}\n\n{MARKET.split(chr(10))[-1]} Item {n}.") for n in range(25)
        ]
        stop = threading.Event()

        def read() -> None:
            while not stop.is_set():
                for article_id in ids:
                    client.get(f"/api/articles/{article_id}")

        readers = [threading.Thread(target=read) for _ in range(3)]
        for reader in readers:
            reader.start()
        for article_id in ids:
            assert client.delete(f"/api/articles/{article_id}").status_code == 204
        stop.set()
        for reader in readers:
            reader.join(30)
        readable = [a for a in ids if client.get(f"/api/articles/{a}").status_code != 404]
        assert readable == []


# A full disk


def mounted_tmpfs(folder: Path, size: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    return folder


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    folder = mounted_tmpfs(tmp_path / "disk", "6m")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def test_a_full_disk_is_a_clear_507_and_delete_still_frees_the_article(small_disk: Path) -> None:
    settings = settings_for(small_disk / "data")
    with TestClient(create_app(settings, warm=False)) as client:
        article_id = add_text(client, BRIDGE)
        finished_audio(client, article_id)
        # Nothing temporary is left by start-up or by the narration (the model cache could not fit).
        assert not [p for p in small_disk.rglob("*") if p.suffix in (".tmp", ".part")]
        fill(small_disk)
        refused = client.post("/api/articles", json={"text": DEPOT})
        assert_problem(refused, 507, "disk is full")
        slower = client.get(f"/api/articles/{article_id}/audio", params={"speed": 0.75})
        assert_problem(slower, 507, "disk is full")
        assert_problem(client.get(f"/api/articles/{article_id}/timings", params={"speed": 0.75}), 507)
        keys = client.app.state.narrations.files.cache_keys(article_id)  # type: ignore[attr-defined]
        assert keys
        assert client.delete(f"/api/articles/{article_id}").status_code == 204
        assert client.get(f"/api/articles/{article_id}").status_code == 404
        assert not (settings.narrations_dir / article_id).exists()
        cache = client.app.state.runner.cache  # type: ignore[attr-defined]
        assert all(not cache._path(key).exists() for key in keys)
        assert not [p for p in small_disk.rglob("*") if p.name.endswith((".tmp", ".part"))]


def test_a_job_whose_article_another_process_deleted_writes_no_files(shared_dir: Path) -> None:
    from voxpress.store import Store

    settings = settings_for(shared_dir / "orphans", job_lease_seconds=0.6)
    app = create_app(settings, warm=False)
    real_provider = app.state.runner.voice_provider
    gated: list[GatedVoice] = []

    def provider(voice_id: str, language: str) -> Voice:
        gated.append(GatedVoice(real_provider(voice_id, language), len(BRIDGE_TITLE)))
        return gated[-1]  # type: ignore[return-value]

    app.state.runner.voice_provider = provider
    with TestClient(app) as client:
        article_id = add_text(client, BRIDGE)
        job_id = client.post(f"/api/articles/{article_id}/narrations", json={}).json()["id"]
        deadline = time.monotonic() + 60
        while not (gated and gated[0].waiting.is_set()):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        live = app.state.queue.live(job_id)
        other_process = Store(settings.resolved_database_url)  # its own engine and memory
        other_process.delete_article(article_id)
        other_process.close()
        # The heartbeat finds the job gone and stops it, before any file is written.
        while not live.cancelled:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        gated[0].gate.set()
        while app.state.queue.live(job_id) is not None:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert not (settings.narrations_dir / article_id).exists()
        assert client.get(f"/api/articles/{article_id}").status_code == 404
        assert client.get(f"/api/articles/{article_id}/audio").status_code == 404


def test_a_narration_failed_for_a_full_disk_is_made_once_space_is_back(
    small_disk: Path, tmp_path: Path
) -> None:
    # The database on another disk (PostgreSQL, say) records the failure the full disk caused.
    settings = replace(
        settings_for(small_disk / "data", retry_backoff_seconds=0.5, retry_limit=3),
        database_url=f"sqlite:///{tmp_path / 'elsewhere.db'}",
    )
    with TestClient(create_app(settings, warm=False)) as client:
        article_id = add_text(client, MARKET)
        finished_audio(client, article_id)  # the voice's model cache is made while there is room
        filler = fill(small_disk)
        refused = client.get(f"/api/articles/{article_id}/audio", params={"speed": 0.75})
        assert_problem(refused, 507, "disk is full")
        failed = client.get(f"/api/articles/{article_id}/timings", params={"speed": 0.75})
        job = assert_problem(failed, 507, "disk is full")["job"]
        assert isinstance(job, dict) and job["status"] == "failed"
        assert failed.headers["retry-after"] == "1"  # when a request narrates it again by itself
        filler.unlink()  # space is back; the back-off has not passed: still the failure, no work
        assert_problem(client.get(f"/api/articles/{article_id}/timings", params={"speed": 0.75}), 507)
        time.sleep(0.6)
        deadline = time.monotonic() + 90
        while True:
            response = client.get(f"/api/articles/{article_id}/audio", params={"speed": 0.75})
            if response.status_code == 200 and "etag" in response.headers:
                break
            assert response.status_code in (200, 202), response.text
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert soundfile.info(io.BytesIO(response.content)).duration > 1.0
        jobs = client.app.state.store.list_jobs()  # type: ignore[attr-defined]
        slower = [j for j in jobs if j.speed == 0.75]
        assert [j.status for j in slower] == ["failed", "done"]
