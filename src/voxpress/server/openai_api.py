"""The OpenAI-compatible speech API: ``POST /v1/audio/speech``, ``GET /v1/models``, and word timings.

Tools written for OpenAI's text-to-speech endpoint work against voxpress by
changing the base URL. The request is OpenAI's (``model``, ``input``,
``voice``, ``response_format``, ``speed``, ``stream_format``); the narration is
voxpress's, so speeds are true (``speed`` 1.25 is 250 words per minute).

OpenAI's voice names map onto the catalogue (``OPENAI_VOICES``): each name
picks an installed voice of a similar character, and falls back to the
default voice (Piper) when that voice is not installed. A voxpress voice id
(``piper:en_US-joe-medium``) is accepted as the voice too.

MP3 and PCM stream sentence by sentence as they are synthesized, so the first
audio comes as quickly as on the reader page; Opus, WAV and FLAC are sent
whole. ``stream_format: "sse"`` sends ``speech.audio.delta`` events with base64
audio and a final ``speech.audio.done``. The extension
``POST /v1/audio/speech/timings`` takes the same body and returns the audio
(base64) with the time of every word and sentence and its character offsets
into the ``input`` exactly as sent (not the normalised text). An ``input``
that starts with ``<speak`` is SSML (``speech/ssml.py``); its offsets point
into its plain text, returned as ``text``.
"""

from __future__ import annotations

import base64
import io
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import soundfile
from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from voxpress.article import Article
from voxpress.audio.encode import Mp3StreamEncoder, encode_audio, playback_delay, resample, to_int16
from voxpress.audio.timings import Span
from voxpress.errors import InputError, VoiceError, VoxpressError
from voxpress.jobs.narration import NarrationRunner
from voxpress.narration import (
    END_SILENCE_SECONDS,
    Narration,
    get_curve,
    narrate,
    narrate_chunks,
    prepare,
    validate_speed,
)
from voxpress.server.narrations import NarrationService
from voxpress.server.problems import problem
from voxpress.server.security import api_key_guard
from voxpress.settings import Settings
from voxpress.speech.script import Script
from voxpress.speech.ssml import apply_readings, looks_like_ssml, parse_ssml
from voxpress.voices.base import Voice

OPENAI_MODELS = ("tts-1", "tts-1-hd", "gpt-4o-mini-tts", "voxpress")
"""Model names accepted; all of them narrate with voxpress's pipeline."""
RESPONSE_FORMATS = ("mp3", "opus", "wav", "flac", "pcm")
STREAMED_FORMATS = ("mp3", "pcm")
"""Formats sent sentence by sentence as they are synthesized (and the formats SSE carries)."""
PCM_SAMPLE_RATE = 24_000
"""OpenAI's ``pcm`` is 24 kHz signed 16-bit little-endian mono; voxpress resamples to it."""
MAX_INPUT_CHARS = 20_000
"""Longest ``input`` accepted (OpenAI's own limit is 4,096)."""
MEDIA_TYPES = {
    "mp3": "audio/mpeg",
    "opus": "audio/ogg",
    "wav": "audio/wav",
    "flac": "audio/flac",
    "pcm": "audio/pcm",
}

OPENAI_VOICES: dict[str, str] = {
    "alloy": "piper:en_US-joe-medium",
    "verse": "piper:en_US-joe-medium",
    "echo": "kokoro:am_michael",
    "onyx": "kokoro:am_fenrir",
    "ash": "kokoro:bm_george",
    "ballad": "kokoro:bm_fable",
    "fable": "kokoro:bm_fable",
    "coral": "kokoro:af_heart",
    "nova": "kokoro:af_nicole",
    "shimmer": "kokoro:af_bella",
    "sage": "kokoro:bf_emma",
}
"""OpenAI voice name → voxpress voice (the default voice when that one is not installed)."""


class SpeechRequest(BaseModel):
    """OpenAI's speech request body."""

    model_config = ConfigDict(extra="ignore")

    model: str = Field("tts-1", description=f"One of {', '.join(OPENAI_MODELS)}.")
    input: str = Field(..., description=f"The text to speak, up to {MAX_INPUT_CHARS:,} characters.")
    voice: str = Field("alloy", description="An OpenAI voice name or a voxpress voice id.")
    response_format: str = Field("mp3", description=" | ".join(RESPONSE_FORMATS))
    speed: float = Field(1.0, description="1 is 200 words per minute; 0.5 to 2.")
    stream_format: str = Field("audio", description="audio | sse")
    instructions: str | None = Field(None, description="Accepted and ignored.")


@dataclass(frozen=True)
class SpeechInput:
    """What to narrate, and where each character of its narration text came from in ``input``."""

    article: Article
    text: str
    """What the offsets point into: the input as sent, or for SSML its plain text."""
    source_offsets: list[int]
    """For each character of ``article.narration_text``, its offset in the input; one more entry
    at the end for the input's end."""

    def to_input(self, span: Span) -> tuple[int, int]:
        """A span's character range in the input as sent."""
        start = self.source_offsets[span.char_start]
        end = self.source_offsets[span.char_end - 1] + 1 if span.char_end > span.char_start else start
        return start, end


def speech_input(text: str) -> SpeechInput:
    """The input as an article of paragraphs (blank lines part them, white space runs are one
    space), with the offset map back into ``text``."""
    if len(text) > MAX_INPUT_CHARS:
        raise InputError(f"The input is {len(text):,} characters; the limit is {MAX_INPUT_CHARS:,}.")
    if "\x00" in text:
        raise InputError("The input holds NUL characters; send plain text.")
    paragraphs: list[str] = []
    offsets: list[int] = []
    for block in re.finditer(r"\S(?:.*?\S)?(?=\s*(?:\n\s*\n|\Z))", text, flags=re.DOTALL):
        if paragraphs:
            offsets.extend([block.start() - 1, block.start() - 1])  # the "\n\n" between blocks
        words = list(re.finditer(r"\S+", block.group()))
        pieces: list[str] = []
        for index, word in enumerate(words):
            if index:
                pieces.append(" ")
                offsets.append(block.start() + word.start() - 1)
            pieces.append(word.group())
            offsets.extend(range(block.start() + word.start(), block.start() + word.end()))
        paragraphs.append("".join(pieces))
    if not paragraphs:
        raise InputError("The input is empty: there is no text to speak.")
    offsets.append(len(text))
    article = Article(title="", paragraphs=tuple(paragraphs))
    return SpeechInput(article=article, text=text, source_offsets=offsets)


@dataclass(frozen=True)
class _Speech:
    """One validated speech request, ready to narrate."""

    source: SpeechInput
    script: Script
    voice: Voice
    format: str
    speed: float


def _validated(body: SpeechRequest, service: NarrationService) -> tuple[str, str, float]:
    """The voxpress voice id, response format and speed of a request, or a clear error."""
    if body.model not in OPENAI_MODELS:
        raise InputError(f"Unknown model '{body.model}'; use one of {', '.join(OPENAI_MODELS)}.")
    fmt = body.response_format.lower()
    if fmt not in RESPONSE_FORMATS:
        raise InputError(
            f"Unknown response_format '{body.response_format}'; use one of {', '.join(RESPONSE_FORMATS)}."
        )
    if body.stream_format not in ("audio", "sse"):
        raise InputError(f"Unknown stream_format '{body.stream_format}'; use 'audio' or 'sse'.")
    if body.stream_format == "sse" and fmt not in STREAMED_FORMATS:
        raise InputError(f"stream_format 'sse' carries {' or '.join(STREAMED_FORMATS)}, not {fmt}.")
    installed = {info.id for info in service.voices()}
    name = body.voice.strip()
    if name.lower() in OPENAI_VOICES:
        mapped = OPENAI_VOICES[name.lower()]
        voice_id = mapped if mapped in installed else service.default_voice("en")
    elif name in installed:
        voice_id = name
    else:
        raise VoiceError(
            f"Unknown voice '{body.voice}'; use one of {', '.join(OPENAI_VOICES)} or a voxpress voice id "
            "from GET /api/voices."
        )
    return voice_id, fmt, validate_speed(body.speed)


def _encode_whole(samples: np.ndarray, sample_rate: int, fmt: str) -> bytes:
    if fmt in ("mp3", "opus", "wav"):
        return encode_audio(samples, sample_rate, fmt)
    if fmt == "pcm":
        return to_int16(resample(samples, sample_rate, PCM_SAMPLE_RATE)).astype("<i2").tobytes()
    buffer = io.BytesIO()
    soundfile.write(buffer, to_int16(samples), sample_rate, format="FLAC", subtype="PCM_16")
    return buffer.getvalue()


def openai_problem(error: VoxpressError) -> JSONResponse:
    """The problem+json answer with OpenAI's ``error`` member too, so OpenAI clients show the message."""
    kind = "invalid_request_error" if error.http_status < 500 else "server_error"
    return problem(
        error.http_status,
        str(error),
        kind=re.sub(r"(?<!^)(?=[A-Z])", "-", type(error).__name__).lower(),
        error={"message": str(error), "type": kind, "param": None, "code": None},
    )


def _sse(event: dict[str, object]) -> bytes:
    return f"data: {json.dumps(event)}\n\n".encode()


def build_openai_router(settings: Settings, runner: NarrationRunner, service: NarrationService) -> APIRouter:
    """The ``/v1`` routes over the server's narration runner (its voices and sentence cache)."""
    router = APIRouter(prefix="/v1", tags=["OpenAI-compatible"])
    guard = [Depends(api_key_guard(settings.api_key))]

    def load(body: SpeechRequest) -> _Speech:
        voice_id, fmt, speed = _validated(body, service)
        if looks_like_ssml(body.input):
            document = parse_ssml(body.input)
            plain = document.text
            source = SpeechInput(document.article, plain, list(range(len(plain) + 1)))
            script = apply_readings(
                prepare(document.article, runner.lexicon, settings.name_languages), document.readings
            )
            speed = validate_speed(round(speed * document.rate, 2))
        else:
            source = speech_input(body.input)
            script = prepare(source.article, runner.lexicon, settings.name_languages)
        if not any(sentence.words for sentence in script.sentences):
            raise InputError("The input has no words to speak.")
        language = next(i.language for i in service.voices() if i.id == voice_id).split("-")[0]
        return _Speech(source, script, runner.voice_provider(voice_id, language), fmt, speed)

    def whole(job: _Speech) -> Narration:
        return narrate(
            job.script,
            job.voice,
            job.speed,
            cache=runner.cache,
            workers=runner.synthesis_workers,
            curve=get_curve(job.voice, runner.settings),
        )

    def stream(job: _Speech) -> Iterator[bytes]:
        voice, fmt = job.voice, job.format
        sample_rate = voice.info.sample_rate
        mp3 = Mp3StreamEncoder(sample_rate) if fmt == "mp3" else None
        chunks = narrate_chunks(
            job.script,
            voice,
            job.speed,
            cache=runner.cache,
            workers=runner.synthesis_workers,
            curve=get_curve(voice, runner.settings),
        )
        tail = np.zeros(int(END_SILENCE_SECONDS * sample_rate), dtype=np.float32)
        # chain, not a tuple: each chunk goes out as soon as it is synthesized
        for samples in itertools.chain((chunk.samples for chunk in chunks), (tail,)):
            if mp3 is not None:
                data = mp3.encode(samples)
            else:
                data = to_int16(resample(samples, sample_rate, PCM_SAMPLE_RATE)).astype("<i2").tobytes()
            if data:
                yield data
        if mp3 is not None:
            yield mp3.flush()

    @router.post(
        "/audio/speech",
        dependencies=guard,
        response_class=Response,
        responses={200: {"content": {media: {} for media in MEDIA_TYPES.values()}}},
        summary="Speak text (OpenAI-compatible)",
    )
    def speech(body: SpeechRequest) -> Response:
        try:
            job = load(body)
        except VoxpressError as error:
            return openai_problem(error)
        if body.stream_format == "sse":

            def events() -> Iterator[bytes]:
                for data in stream(job):
                    yield _sse({"type": "speech.audio.delta", "audio": base64.b64encode(data).decode()})
                yield _sse({"type": "speech.audio.done", "usage": {"input_tokens": len(body.input.split())}})

            return StreamingResponse(
                events(), media_type="text/event-stream", headers={"Cache-Control": "no-store"}
            )
        if job.format in STREAMED_FORMATS:
            return StreamingResponse(
                stream(job),
                media_type=MEDIA_TYPES[job.format],
                headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
            )
        narration = whole(job)
        data = _encode_whole(narration.samples, narration.sample_rate, job.format)
        return Response(data, media_type=MEDIA_TYPES[job.format], headers={"Cache-Control": "no-store"})

    @router.post("/audio/speech/timings", dependencies=guard, summary="Speak text, with word timings")
    def speech_timings(body: SpeechRequest) -> JSONResponse:
        """The same request as ``/v1/audio/speech``; the answer is JSON: ``audio`` (base64 in
        ``response_format``), ``duration``, ``wpm``, and ``words`` and ``sentences`` with
        ``start``/``end`` seconds in that audio and ``char_start``/``char_end`` into ``input``."""
        try:
            job = load(body)
        except VoxpressError as error:
            return openai_problem(error)
        source, fmt, speed = job.source, job.format, job.speed
        narration = whole(job)
        data = _encode_whole(narration.samples, narration.sample_rate, fmt)
        timings = narration.timings.shifted(playback_delay(fmt, narration.sample_rate))

        def spans(items: list[Span]) -> list[dict[str, object]]:
            out: list[dict[str, object]] = []
            for span in items:
                start, end = source.to_input(span)
                out.append(
                    {
                        "text": source.text[start:end],
                        "start": round(span.start, 3),
                        "end": round(span.end, 3),
                        "char_start": start,
                        "char_end": end,
                    }
                )
            return out

        return JSONResponse(
            {
                "audio": base64.b64encode(data).decode(),
                "format": fmt,
                "media_type": MEDIA_TYPES[fmt],
                "voice": timings.voice,
                "speed": speed,
                "text": source.text,
                "duration": round(timings.duration, 3),
                "wpm": round(timings.wpm, 1),
                "words": spans(timings.words),
                "sentences": spans(timings.sentences),
            }
        )

    @router.get("/models", summary="Models (OpenAI-compatible)")
    def models() -> dict[str, object]:
        return {
            "object": "list",
            "data": [
                {"id": name, "object": "model", "created": 0, "owned_by": "voxpress"}
                for name in OPENAI_MODELS
            ],
        }

    @router.get("/audio/voices", summary="OpenAI voice names and the voxpress voices they map to")
    def voices() -> dict[str, object]:
        installed = {info.id for info in service.voices()}
        default = service.default_voice("en")
        return {
            "voices": [
                {"name": name, "voice": voice_id if voice_id in installed else default}
                for name, voice_id in OPENAI_VOICES.items()
            ]
        }

    return router
