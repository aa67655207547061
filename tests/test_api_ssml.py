"""Articles posted as SSML through ``POST /api/articles``: real app, real SQLite, real Piper.

The texts are short sentences written for these tests.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from voxpress.server import create_app
from voxpress.settings import ArticleLimits, Settings

HEADLINE = "Weather office warns of rain"
SSML = (
    f"<speak><p>{HEADLINE}</p>"
    '<p>The <sub alias="Bureau of Weather and Climate">BWC</sub> expects heavy rain on '
    '<say-as interpret-as="date">2026-12-03</say-as> across the northern valleys and the coast '
    "by the evening.</p></speak>"
)
PLAIN_BODY = (
    "The BWC expects heavy rain on 2026-12-03 across the northern valleys and the coast by the evening."
)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("voxpress-ssml")
    settings = Settings(
        data_dir=folder,
        database_url=f"sqlite:///{folder / 'ssml.db'}",
        article=ArticleLimits(max_input_bytes=20_000, max_words=60),
        rate_limit_per_minute=0.0,
    )
    with TestClient(create_app(settings, warm=False)) as test_client:
        yield test_client


def timings_when_done(client: TestClient, article_id: str, timeout: float = 90.0) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        timings = client.get(f"/api/articles/{article_id}/timings").json()
        assert timings.get("status") != "failed", timings
        if timings.get("complete"):
            return timings  # type: ignore[no-any-return]
        time.sleep(0.1)
    raise AssertionError("the narration did not finish")


def word_seconds(timings: dict[str, object], text: str, word: str) -> float:
    start = text.index(word)
    spans = [w for w in timings["words"] if w["char_start"] == start]  # type: ignore[attr-defined]
    assert len(spans) == 1, spans
    return float(spans[0]["end"]) - float(spans[0]["start"])


def test_an_ssml_article_is_its_plain_text_narrated_with_its_readings(client: TestClient) -> None:
    posted = client.post("/api/articles", json={"ssml": SSML})
    assert posted.status_code == 201, posted.text
    article = posted.json()
    assert article["title"] == HEADLINE
    assert article["paragraphs"] == [PLAIN_BODY]
    assert article["text"] == f"{HEADLINE}\n\n{PLAIN_BODY}"
    assert client.post("/api/articles", json={"ssml": SSML}).json()["id"] == article["id"]  # stored once
    plain = client.post("/api/articles", json={"text": f"{HEADLINE}\n\n{PLAIN_BODY}"}).json()
    assert plain["id"] != article["id"] and plain["text"] == article["text"]

    spoken = timings_when_done(client, article["id"])
    written = timings_when_done(client, plain["id"])
    text = str(article["text"])
    assert spoken["text"] == text  # offsets point into the plain text
    # The alias is said for "BWC": five words where the plain article says three letters.
    assert word_seconds(spoken, text, "BWC") > 1.4 * word_seconds(written, text, "BWC")
    said = [text[w["char_start"] : w["char_end"]] for w in spoken["words"]]  # type: ignore[attr-defined]
    assert said[-3:] == ["by", "the", "evening"]


@pytest.mark.parametrize(
    ("ssml", "words"),
    [
        ("<speak><p>Rain is coming to the valleys", "not well-formed"),
        ("<speak><emphasis>Rain</emphasis> is coming.</speak>", "<emphasis> is not supported"),
        ('<speak><prosody rate="fast">Rain is coming to the valleys.</prosody></speak>', "speed"),
        ("<speech>Rain is coming.</speech>", "<speak>"),
        ('<!DOCTYPE speak [<!ENTITY a "rain">]><speak>&a;</speak>', "DOCTYPE"),
    ],
)
def test_bad_ssml_is_a_clear_422_and_stores_nothing(client: TestClient, ssml: str, words: str) -> None:
    before = client.get("/api/articles").json()["articles"]
    refused = client.post("/api/articles", json={"ssml": ssml})
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert words in refused.json()["title"]
    assert client.get("/api/articles").json()["articles"] == before


def test_ssml_with_other_input_or_over_the_limits_is_refused(client: TestClient) -> None:
    both = client.post("/api/articles", json={"ssml": SSML, "text": PLAIN_BODY})
    assert both.status_code == 400 and "not several" in both.json()["title"]
    long = "<speak>" + "rain " * 80 + "</speak>"
    assert client.post("/api/articles", json={"ssml": long}).status_code == 413
