"""Tail narrations (``?from=K``): a voice change mid-article heard at once, at the same place.

Through the real app with real SQLite and real Piper: a narration of the sentence at character
K of an article and those after it, its time 0 at that sentence and its character offsets the
article's; a job of its own, deduplicated; the whole narration queued behind it once it is
complete, reusing its sentences from the sentence cache. The texts are written for these tests.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from test_api import add_text, assert_problem, decode_mp3, settings_for, wait_done
from voxpress.extract.input import article_from_input
from voxpress.server import create_app
from voxpress.speech.script import ScriptSentence
from voxpress.voices.base import SentenceAudio, Voice

FERRY = (
    "Ferry returns to the island\n\n"
    "The old ferry sailed again on Monday after a winter in the dry dock. "
    "Its new engine is quieter and burns less fuel. "
    "Islanders lined the quay to wave it in. "
    "The first crossing of the morning was full."
)
SENTENCES = [
    "Ferry returns to the island",
    "The old ferry sailed again on Monday after a winter in the dry dock.",
    "Its new engine is quieter and burns less fuel.",
    "Islanders lined the quay to wave it in.",
    "The first crossing of the morning was full.",
]


class RecordingVoice:
    """The real voice, recording the character span of every piece it is asked to say."""

    def __init__(self, voice: Voice, said: list[tuple[int, int]]) -> None:
        self.voice = voice
        self.info = voice.info
        self.first_piece_words = getattr(voice, "first_piece_words", (3, 5))
        self.said = said

    def synthesize(self, sentence: ScriptSentence, rate: float = 1.0) -> SentenceAudio:
        self.said.append((sentence.words[0].char_start, sentence.words[-1].char_end))
        return self.voice.synthesize(sentence, rate)


@pytest.fixture
def app_client(tmp_path: Path) -> Iterator[TestClient]:
    """An app of its own data folder: an empty sentence cache."""
    settings = settings_for(tmp_path, "tail.db")
    with TestClient(create_app(settings, warm=False)) as test_client:
        yield test_client


def record_pieces(client: TestClient) -> list[tuple[int, int]]:
    runner = client.app.state.runner  # type: ignore[attr-defined]
    real_provider = runner.voice_provider
    said: list[tuple[int, int]] = []
    runner.voice_provider = lambda voice_id, language: RecordingVoice(real_provider(voice_id, language), said)
    return said


def poll_timings(client: TestClient, url: str, params: dict[str, object], timeout: float = 60.0) -> dict:
    """The timings, polled as the player does until they are complete."""
    deadline = time.monotonic() + timeout
    while True:
        answer = client.get(url, params=params)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        if body["complete"]:
            return body
        assert time.monotonic() < deadline, body
        time.sleep(0.05)


def test_a_tail_starts_at_its_sentence_and_the_whole_narration_follows(app_client: TestClient) -> None:
    said = record_pieces(app_client)
    article = add_text(app_client, FERRY)
    text = article["text"]
    base = f"/api/articles/{article['id']}"
    starts_at = text.index(SENTENCES[3])
    start = starts_at + 5  # inside the sentence: the tail starts at the sentence's start

    audio = app_client.get(f"{base}/audio", params={"from": start})
    assert audio.status_code == 200 and audio.headers["cache-control"] == "no-store"
    job_id = audio.headers["x-voxpress-job"]
    _rate, streamed_seconds = decode_mp3(audio.content)
    tail_job = wait_done(app_client, job_id)
    # The job is the sentence's: any offset inside it asks for the same tail.
    assert tail_job["status"] == "done" and tail_job["from"] == starts_at
    assert f"from={starts_at}" in tail_job["links"]["timings"]  # type: ignore[index]
    assert min(char_start for char_start, _ in said) == starts_at  # nothing before sentence K was said

    tail = poll_timings(app_client, f"{base}/timings", {"from": start})
    assert tail["from"] == starts_at and tail["text"] == text
    assert [(s["char_start"], s["char_end"]) for s in tail["sentences"]] == [
        (text.index(sentence), text.index(sentence) + len(sentence)) for sentence in SENTENCES[3:]
    ]
    assert tail["words"][0]["char_start"] == starts_at
    assert 0 < tail["words"][0]["start"] < 0.25  # time 0 is sentence K (MP3's encoder delay included)
    assert abs(tail["duration"] - streamed_seconds) < 0.15

    # The complete tail's timings queued the whole narration behind it, as background work.
    said.clear()
    whole_job = app_client.app.state.store.find_active_job(  # type: ignore[attr-defined]
        article["id"], tail["voice"], 1.0
    )
    assert whole_job is not None and whole_job.start_char == 0
    wait_done(app_client, whole_job.id)
    # The tail's sentences after the first are whole pieces the cache gives back; sentence K
    # itself was said in two pieces for a quick start, so the whole narration says it again.
    assert all(char_start < text.index(SENTENCES[-1]) for char_start, _ in said)
    assert any(char_start == starts_at for char_start, _ in said)

    whole = app_client.get(f"{base}/timings", params={"from": start}).json()
    assert whole["from"] == 0 and whole["complete"] is True  # the whole one now serves the tail's requests
    assert whole["sentences"][0]["char_start"] == 0
    folder = app_client.app.state.settings.narrations_dir / article["id"]  # type: ignore[attr-defined]
    assert not list(folder.glob("*.from*")), "the tail's files go once the whole narration is stored"
    stored = app_client.get(f"{base}/audio", params={"from": start})
    assert stored.status_code == 200 and "etag" in stored.headers  # the whole, stored file


def test_tail_requests_share_one_job_of_their_own(app_client: TestClient) -> None:
    article = add_text(app_client, FERRY)
    base = f"/api/articles/{article['id']}"
    start = article["text"].index(SENTENCES[2])
    first = app_client.get(f"{base}/timings", params={"from": start})
    second = app_client.get(f"{base}/timings", params={"from": start})
    assert first.status_code == second.status_code == 200
    queue = app_client.app.state.queue  # type: ignore[attr-defined]
    store = app_client.app.state.store  # type: ignore[attr-defined]
    voice = first.json()["voice"]
    tail_job = store.latest_job(article["id"], voice, 1.0, start)
    assert tail_job is not None and tail_job.start_char == start
    assert [job.id for job in store.list_jobs() if job.start_char] == [tail_job.id]
    assert store.find_active_job(article["id"], voice, 1.0) is None  # no whole narration before the tail ends
    wait_done(app_client, tail_job.id)
    assert queue.live(tail_job.id) is None


def test_bad_starts_are_problems(app_client: TestClient) -> None:
    article = add_text(app_client, FERRY)
    base = f"/api/articles/{article['id']}"
    assert_problem(app_client.get(f"{base}/audio", params={"from": -1}), 422)
    assert_problem(app_client.get(f"{base}/audio", params={"from": 3, "format": "wav"}), 400, "mp3")
    past_the_end = len(article["text"]) + 1
    for path in ("timings", "audio"):
        beyond = app_client.get(f"{base}/{path}", params={"from": past_the_end})
        assert_problem(beyond, 400, "past the article's last sentence")
    store = app_client.app.state.store  # type: ignore[attr-defined]
    assert store.list_jobs() == []  # refused before any work


def test_offsets_inside_one_sentence_ask_for_the_same_tail(app_client: TestClient) -> None:
    article = add_text(app_client, FERRY)
    base = f"/api/articles/{article['id']}"
    start = article["text"].index(SENTENCES[3])
    inside = start + len("Islanders li")
    answers = [app_client.get(f"{base}/timings", params={"from": at}) for at in (start, inside, start - 1)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    store = app_client.app.state.store  # type: ignore[attr-defined]
    tails = [job for job in store.list_jobs() if job.start_char]
    # The space before the sentence belongs to no sentence: it asks for the one that follows.
    assert [job.start_char for job in tails] == [start]
    inside_first = app_client.get(f"{base}/timings", params={"from": 5})  # in the headline
    assert inside_first.status_code == 200 and inside_first.json()["from"] == 0


def test_a_tail_is_charged_like_any_new_work(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, "charged.db", rate_limit_per_minute=60.0, rate_limit_burst=1)
    with TestClient(create_app(settings, warm=False)) as test_client:
        store = test_client.app.state.store  # type: ignore[attr-defined]
        record, _ = store.add_article(article_from_input(settings, text=FERRY))  # not charged
        base = f"/api/articles/{record.id}"
        second, third = (record.article.narration_text.index(sentence) for sentence in SENTENCES[1:3])
        assert test_client.get(f"{base}/timings", params={"from": second}).status_code == 200
        assert test_client.get(f"{base}/timings", params={"from": second}).status_code == 200  # joins: free
        assert_problem(test_client.get(f"{base}/timings", params={"from": third}), 429)
