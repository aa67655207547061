"""The JSON API: articles, narrations (audio, timings, jobs) and voices.

Audio of a narration that is not ready yet: MP3 is streamed at once from the
job's live buffer while synthesis goes on (``Cache-Control: no-store``); Opus
and WAV answer 202 with the job (``Location`` and ``Retry-After`` headers)
until the file is complete. Finished narrations are served from the store with
Range support, a strong ETag (``If-None-Match`` → 304) and a day's caching.

The handlers do no domain work: article input is turned into an article by
``extract.input``, narrations are found or started by ``NarrationService``,
and ``access`` decides what a request may cause (API key, what a reader
without it may start, per-client rate limits on anything that creates work).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import FileResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from voxpress.article import WORDS_PER_MINUTE
from voxpress.audio.encode import MEDIA_TYPES, playback_delay
from voxpress.audio.timings import Timings
from voxpress.errors import SynthesisError
from voxpress.extract.input import article_from_input
from voxpress.jobs.queue import JobQueue
from voxpress.narrate import PRESETS, SPEED_MAX, SPEED_MIN, SPEED_STEP
from voxpress.server.access import AccessPolicy, api_key_guard
from voxpress.server.narrations import NarrationService, NarrationState
from voxpress.server.problems import SafeJSONResponse as JSONResponse
from voxpress.server.schemas import (
    ArticleInput,
    ArticleList,
    ArticleOut,
    Health,
    NarrationRequest,
    Preset,
    VoiceList,
    VoiceOut,
    article_out,
    article_summary,
)
from voxpress.settings import Settings
from voxpress.store.db import JobRecord, NarrationRecord, Store
from voxpress.voices.base import VoiceInfo

FINISHED_CACHE_CONTROL = "public, max-age=86400"
RETRY_AFTER_SECONDS = 2

AudioFormat = Literal["mp3", "opus", "wav"]
VoiceParam = Annotated[str | None, Query(description="Voice id; default: the article language's default.")]
SpeedParam = Annotated[float, Query(description="1 is 200 words per minute; 0.5 to 2.")]


def _job_json(job: JobRecord) -> dict[str, object]:
    base = f"/api/articles/{job.article_id}"
    query = urlencode({"voice": job.voice, "speed": f"{job.speed:g}"})
    return {
        **job.to_dict(),
        "links": {
            "self": f"/api/jobs/{job.id}",
            "audio": f"{base}/audio?{query}",
            "timings": f"{base}/timings?{query}",
        },
    }


def _job_response(job: JobRecord) -> JSONResponse:
    return JSONResponse(
        _job_json(job),
        status_code=202,
        headers={"Location": f"/api/jobs/{job.id}", "Retry-After": str(RETRY_AFTER_SECONDS)},
    )


async def _prepend(first: bytes, rest: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    yield first
    async for part in rest:
        yield part


def _finished_file(request: Request, record: NarrationRecord) -> Response:
    headers = {"ETag": record.etag, "Cache-Control": FINISHED_CACHE_CONTROL}
    if_none_match = request.headers.get("if-none-match", "")
    if record.etag in {tag.strip() for tag in if_none_match.split(",")} or if_none_match.strip() == "*":
        return Response(status_code=304, headers=headers)
    return FileResponse(record.path, media_type=MEDIA_TYPES[record.format], headers=headers)


def build_router(settings: Settings, store: Store, queue: JobQueue, service: NarrationService) -> APIRouter:
    """The API routes over one store, job queue and narration service."""
    write_access = [Depends(api_key_guard(settings.api_key))]
    access = AccessPolicy(settings)
    router = APIRouter(prefix="/api")

    @router.post("/articles", status_code=201, dependencies=write_access, summary="Add an article")
    def create_article(request: Request, body: ArticleInput) -> ArticleOut:
        """Extract the article from a URL, HTML or copied text and store it (the same article twice
        is stored once: the existing record is returned). Over the word limit: 413."""
        access.charge(request)
        article = article_from_input(settings, url=body.url, html=body.html, text=body.text)
        record, _new = store.add_article(article)
        return article_out(record)

    @router.get("/articles", summary="List articles")
    def list_articles() -> ArticleList:
        return ArticleList(articles=[article_summary(record) for record in store.list_articles()])

    @router.get("/articles/{article_id}", summary="Get an article")
    def get_article(article_id: str) -> ArticleOut:
        return article_out(store.get_article(article_id))

    @router.delete(
        "/articles/{article_id}", status_code=204, dependencies=write_access, summary="Delete an article"
    )
    def delete_article(article_id: str) -> Response:
        """Delete the article, its narrations and their files; running jobs stop."""
        store.get_article(article_id)
        queue.cancel_article(article_id)
        store.delete_article(article_id)
        service.files.remove_article(article_id)
        return Response(status_code=204)

    def narration_state(
        request: Request, article_id: str, voice: str | None, speed: float, fmt: str, listener: bool = True
    ) -> NarrationState:
        record = store.get_article(article_id)
        key = service.key(record, voice, speed, fmt)
        ready = service.ready(key)
        if ready is not None:
            return NarrationState(key, ready, None, None)
        default_voice = service.default_voice(record.article.language)
        access.admit_narration(
            request, voice=key.voice, default_voice=default_voice, speed=key.speed, fmt=fmt
        )
        if store.find_active_job(key.article_id, key.voice, key.speed) is None:
            access.charge(request)  # joining a running job creates no work
        return service.ensure(key, listener=listener)

    @router.get(
        "/articles/{article_id}/audio",
        summary="Narration audio",
        response_class=Response,
        responses={
            200: {"content": {media: {} for media in MEDIA_TYPES.values()}},
            202: {"description": "Opus/WAV not ready yet: the job making it."},
            304: {"description": "Not modified."},
        },
    )
    async def get_audio(
        request: Request,
        article_id: str,
        voice: VoiceParam = None,
        format: AudioFormat = "mp3",
        speed: SpeedParam = 1.0,
    ) -> Response:
        """The narration; starts it if needed. MP3 streams at once while it is synthesized."""
        state = await run_in_threadpool(narration_state, request, article_id, voice, speed, format)
        if state.ready is not None:
            return _finished_file(request, state.ready)
        assert state.job is not None
        if state.job.status == "failed":
            raise SynthesisError(state.job.error or "The narration failed.")
        if state.key.format == "mp3" and state.live is not None:
            # Headers go out with the first audio byte, so a job that fails before speaking
            # is still answered with a problem rather than an empty 200.
            stream = state.live.mp3.iter_async()
            first = await anext(stream, b"")
            if not first:
                raise SynthesisError(state.live.mp3.error or "The narration produced no audio.")
            return StreamingResponse(
                _prepend(first, stream),
                media_type=MEDIA_TYPES["mp3"],
                headers={
                    "Cache-Control": "no-store",
                    "X-Accel-Buffering": "no",
                    "X-Voxpress-Job": state.job.id,
                },
            )
        return _job_response(state.job)

    @router.get("/articles/{article_id}/timings", summary="Narration timings")
    def get_timings(
        request: Request,
        article_id: str,
        voice: VoiceParam = None,
        speed: SpeedParam = 1.0,
        format: AudioFormat = "mp3",
    ) -> JSONResponse:
        """Sentence and word times in the audio of ``format`` (MP3 times include the encoder delay);
        partial (``complete`` false) while synthesis runs, which this starts if needed."""
        state = narration_state(request, article_id, voice, speed, "mp3")
        delay = playback_delay(format, service.sample_rate(state.key.voice))
        if state.ready is not None:
            stored = Timings.from_dict(json.loads(state.ready.timings_path.read_text(encoding="utf-8")))
            return JSONResponse({**stored.shifted(delay).to_dict(), "complete": True, "progress": 1.0})
        if state.live is not None:
            timings = state.live.timings().shifted(delay).to_dict()
            return JSONResponse({**timings, "complete": False, "progress": round(state.live.progress, 3)})
        assert state.job is not None
        article = store.get_article(article_id).article
        partial = Timings(voice=state.key.voice, speed=state.key.speed, text=article.narration_text)
        return JSONResponse(
            {**partial.to_dict(), "complete": False, "progress": state.job.progress, "error": state.job.error}
        )

    @router.post(
        "/articles/{article_id}/narrations",
        status_code=202,
        dependencies=write_access,
        summary="Start a narration",
    )
    def create_narration(request: Request, article_id: str, body: NarrationRequest) -> JSONResponse:
        """Start narrating (or join the job already narrating) in a voice, speed and format."""
        state = narration_state(request, article_id, body.voice, body.speed, body.format, listener=False)
        if state.job is None:
            job = store.latest_job(state.key.article_id, state.key.voice, state.key.speed)
            if job is None or job.status != "done":
                job = store.create_job(
                    state.key.article_id, state.key.voice, state.key.speed, (state.key.format,), status="done"
                )
            return _job_response(job)
        return _job_response(state.job)

    @router.get("/jobs/{job_id}", summary="Job status")
    def get_job(job_id: str) -> dict[str, object]:
        return _job_json(queue.get(job_id))

    @router.get("/voices", summary="Installed voices and speed presets")
    def get_voices() -> VoiceList:
        return VoiceList(
            voices=[voice_out(info) for info in service.voices()],
            default=service.default_voice("en"),
            presets=[
                Preset(name=name, speed=speed, wpm=round(WORDS_PER_MINUTE * speed)) for name, speed in PRESETS
            ],
            speed_min=SPEED_MIN,
            speed_max=SPEED_MAX,
            speed_step=SPEED_STEP,
        )

    def voice_out(info: VoiceInfo) -> VoiceOut:
        return VoiceOut(
            id=info.id,
            engine=info.engine,
            language=info.language,
            languages=list(info.languages or (info.language,)),
            name=info.name,
            quality=info.quality,
            word_timings=info.word_timings,
            wpm_1x=service.wpm_at_1x(info.id),
            public=access.voice_is_public(info.id, service.default_voice(info.language)),
        )

    @router.get("/health", summary="Liveness")
    async def health() -> Health:
        return Health(status="ok")

    return router
