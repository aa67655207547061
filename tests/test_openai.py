"""The OpenAI-compatible speech API, driven by the official ``openai`` client against the real
server (uvicorn on loopback, real Piper)."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator

import httpx
import openai
import pytest
import soundfile

from loopback import LoopbackServer
from voxpress.server import create_app
from voxpress.settings import Settings

LIBRARY = (
    "The town library opens its new reading room on Saturday. "
    "Volunteers painted the walls a pale green and carried in forty old armchairs. "
    "Children can borrow three books at a time, and the café sells warm soup at noon.\n\n"
    "The librarian said the room would stay open late on Thursdays through the winter."
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LoopbackServer]:
    folder = tmp_path_factory.mktemp("voxpress-openai")
    settings = Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'v.db'}")
    with LoopbackServer(create_app(settings)) as running:
        yield running


@pytest.fixture(scope="module")
def client(server: LoopbackServer) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0)


def test_models_are_listed(client: openai.OpenAI) -> None:
    assert {"tts-1", "tts-1-hd", "gpt-4o-mini-tts"} <= {model.id for model in client.models.list()}


def test_client_gets_wav_audio(client: openai.OpenAI) -> None:
    response = client.audio.speech.create(
        model="tts-1", voice="alloy", input="A short hello.", response_format="wav"
    )
    samples, rate = soundfile.read(io.BytesIO(response.content))
    assert rate == 22050 and 0.5 < len(samples) / rate < 5


@pytest.mark.slow
def test_mp3_streams_and_first_audio_is_quick(client: openai.OpenAI) -> None:
    started = time.monotonic()
    first_audio = None
    received = bytearray()
    with client.audio.speech.with_streaming_response.create(
        model="tts-1", voice="alloy", input=LIBRARY, response_format="mp3"
    ) as response:
        assert response.headers["content-type"] == "audio/mpeg"
        for part in response.iter_bytes():
            if first_audio is None and part:
                first_audio = time.monotonic() - started
            received += part
    total = time.monotonic() - started
    assert first_audio is not None and first_audio < total / 2
    print(f"first audio {first_audio:.2f} s of {total:.2f} s")
    decoded, rate = soundfile.read(io.BytesIO(bytes(received)), dtype="float32")
    assert rate == 22050 and len(decoded) / rate > 10
    assert received[:3] == b"ID3" or received[0] == 0xFF


@pytest.mark.slow
def test_speed_is_true_and_timings_point_into_the_input(client: openai.OpenAI) -> None:
    text = "  " + LIBRARY.replace(". ", ".   ")  # extra spaces: offsets must still land in the input
    timed = client.post(
        "/audio/speech/timings",
        body={"model": "tts-1", "voice": "alloy", "input": text, "speed": 1.25, "response_format": "mp3"},
        cast_to=httpx.Response,
    ).json()
    assert abs(timed["wpm"] - 250) / 250 < 0.05, timed["wpm"]
    assert len(timed["words"]) == len(LIBRARY.split())
    for word in timed["words"]:
        assert text[word["char_start"] : word["char_end"]] == word["text"]
        assert word["text"] and not word["text"].isspace()
    assert [w["text"] for w in timed["words"]][:3] == ["The", "town", "library"]
    assert timed["sentences"][0]["text"] == "The town library opens its new reading room on Saturday."


def test_sse_sends_audio_deltas_then_done(server: LoopbackServer) -> None:
    body = {"model": "gpt-4o-mini-tts", "voice": "alloy", "input": "One two three.", "stream_format": "sse"}
    with httpx.stream("POST", f"{server.url}/v1/audio/speech", json=body, timeout=60) as response:
        events = [line for line in response.iter_lines() if line.startswith("data: ")]
    assert '"speech.audio.delta"' in events[0] and '"speech.audio.done"' in events[-1]


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"voice": "nobody"}, "Unknown voice"),
        ({"response_format": "aiff"}, "Unknown response_format"),
        ({"model": "tts-9"}, "Unknown model"),
        ({"speed": 4.0}, "outside"),
        ({"input": "   "}, "empty"),
        ({"stream_format": "sse", "response_format": "wav"}, "sse"),
    ],
)
def test_bad_requests_are_clear_errors(client: openai.OpenAI, change: dict[str, object], needle: str) -> None:
    body: dict[str, object] = {"model": "tts-1", "voice": "alloy", "input": "Hello there.", **change}
    with pytest.raises(openai.BadRequestError) as caught:
        client.post("/audio/speech", body=body, cast_to=httpx.Response)
    assert needle in str(caught.value)
    assert caught.value.response.headers["content-type"] == "application/problem+json"


def test_ssml_input_gets_timings_in_its_plain_text(client: openai.OpenAI) -> None:
    ssml = (
        '<speak><prosody rate="fast">The <sub alias="Bureau of Weather">BOW</sub> expects rain '
        'on <say-as interpret-as="date">2026-12-03</say-as>.</prosody></speak>'
    )
    timed = client.post(
        "/audio/speech/timings",
        body={"model": "tts-1", "voice": "alloy", "input": ssml, "response_format": "wav"},
        cast_to=httpx.Response,
    ).json()
    assert timed["text"] == "The BOW expects rain on 2026-12-03."
    assert [w["text"] for w in timed["words"]] == ["The", "BOW", "expects", "rain", "on", "2026-12-03"]
    assert timed["speed"] == 1.25


def test_bad_ssml_is_refused(client: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        client.post(
            "/audio/speech",
            body={"model": "tts-1", "voice": "alloy", "input": "<speak><emphasis>Hi</emphasis></speak>"},
            cast_to=httpx.Response,
        )
    assert "<emphasis> is not supported" in str(caught.value)
