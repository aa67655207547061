"""The JSON API: articles, narrations (audio, timings, jobs) and voices.

Audio of a narration that is not ready yet: MP3 is streamed at once from the
job's live buffer while synthesis goes on (``Cache-Control: no-store``); Opus
and WAV answer 202 with the job (``Location`` and ``Retry-After`` headers)
until the file is complete. Finished narrations are served from the store with
Range support, a strong ETag (``If-None-Match`` → 304) and a day's caching, after
a check of the file (``NarrationService.ready``).

A narration whose job failed answers every audio and timings request with a
problem+json carrying the reason and the job (``job``, ``retry``), and starts
nothing; ``POST /api/jobs/{id}/retry`` narrates it again. A live MP3 stream
whose job fails is aborted (the connection drops before the last chunk), so a
client can tell it from a complete file.

``?from=K`` asks for a tail narration: the sentence at character K of the
narration text and every sentence after it, in that voice and speed, its time 0
at that sentence and its character offsets the article's (a voice change
mid-article plays it at once; the player sends the sentence's ``char_start``). It is a job of its
own, started for a listener and charged like any new work; its timings carry
``"from": K``. Once it is complete the whole narration is queued behind it as
background work. The timings answer with the whole narration instead
(``"from": 0``) when that is stored, or already being made past that sentence.

The handlers do no domain work: article input is turned into an article by
``extract.input``, narrations are found or started by ``NarrationService``,
and ``access`` decides what a request may cause (API key, what a reader
without it may start, per-client rate limits on anything that creates work).
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import FileResponse, RedirectResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from voxpress.article import WORDS_PER_MINUTE
from voxpress.audio.encode import MEDIA_TYPES, playback_delay
from voxpress.audio.timings import Timings
from voxpress.errors import InputError, NarrationFailedError, StorageFullError, SynthesisError
from voxpress.extract.input import article_from_input
from voxpress.jobs.live import LiveNarration
from voxpress.jobs.queue import JobQueue
from voxpress.jobs.stream import ByteStream
from voxpress.narration.speed import PRESETS, SPEED_DESCRIPTION, SPEED_MAX, SPEED_MIN, SPEED_STEP
from voxpress.server.access import AccessPolicy, api_key_guard
from voxpress.server.narrations import NarrationKey, NarrationService, NarrationState, TailState
from voxpress.server.problems import SafeJSONResponse as JSONResponse
from voxpress.server.problems import problem
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
from voxpress.ssml_article import article_from_ssml
from voxpress.store.db import JobRecord, NarrationRecord, Store, utc_now
from voxpress.voices.base import VoiceInfo

logger = logging.getLogger(__name__)

FINISHED_CACHE_CONTROL = "public, max-age=86400"
RETRY_AFTER_SECONDS = 2

AudioFormat = Literal["mp3", "opus", "wav"]
VoiceParam = Annotated[str | None, Query(description="Voice id; default: the article language's default.")]
SpeedParam = Annotated[
    float,
    Query(description=SPEED_DESCRIPTION, json_schema_extra={"minimum": SPEED_MIN, "maximum": SPEED_MAX}),
]
"""A speed: bounds shown in OpenAPI, checked by ``Speed`` (out of range is a 400 problem, not a 422)."""
MAX_START_CHAR = 10_000_000
"""Above any article's length in characters (the word limit is 30,000); a start past the article's
last sentence fails its job with an ``InputError``."""
FromParam = Annotated[
    int,
    Query(
        alias="from",
        ge=0,
        le=MAX_START_CHAR,
        description="Narrate from the sentence at this character offset of the narration text on: a tail "
        "narration whose time 0 is that sentence; 0 is the whole article.",
    ),
]


class NarrationStreamAborted(Exception):
    """Raised inside a live MP3 stream whose job failed: the server drops the connection
    without the terminating chunk, so the client sees an incomplete response."""


def _job_json(job: JobRecord) -> dict[str, object]:
    base = f"/api/articles/{job.article_id}"
    parameters = {"voice": job.voice, "speed": f"{job.speed:g}"}
    query = urlencode({**parameters, "from": job.start_char} if job.is_tail else parameters)
    links = {
        "self": f"/api/jobs/{job.id}",
        "audio": f"{base}/audio?{query}",
        "timings": f"{base}/timings?{query}",
    }
    if job.status == "failed":
        links["retry"] = f"/api/jobs/{job.id}/retry"
    return {**job.to_dict(), "links": links}


def _failed_response(job: JobRecord, retry_at: datetime | None = None) -> Response:
    """The answer for a narration whose job failed: its reason, the job, and how to retry;
    ``retry_at``, when the failure's cause may pass (a full disk), is when a request starts
    it again by itself (``retry_after`` and the ``Retry-After`` header)."""
    reason = job.error or "The narration failed."
    full = reason.startswith(StorageFullError.message_prefix)
    extra: dict[str, object] = {}
    detail = "The narration failed; POST the retry link to narrate it again."
    if retry_at is not None:
        extra["retry_after"] = max(1, math.ceil((retry_at - utc_now()).total_seconds()))
        detail = "The narration failed; a request after Retry-After seconds narrates it again."
    return problem(
        StorageFullError.http_status if full else NarrationFailedError.http_status,
        reason,
        detail,
        kind="narration-failed",
        error=reason,
        job=_job_json(job),
        retry=f"/api/jobs/{job.id}/retry",
        **extra,
    )


def _narration_json(record: NarrationRecord) -> dict[str, object]:
    base = f"/api/articles/{record.article_id}"
    query = urlencode({"voice": record.voice, "speed": f"{record.speed:g}"})
    audio_query = urlencode({"voice": record.voice, "speed": f"{record.speed:g}", "format": record.format})
    return {
        "status": "done",
        "article_id": record.article_id,
        "voice": record.voice,
        "speed": record.speed,
        "format": record.format,
        "size": record.size,
        "duration": record.duration,
        "etag": record.etag,
        "created_at": record.created_at.isoformat(),
        "links": {
            "audio": f"{base}/audio?{audio_query}",
            "timings": f"{base}/timings?{query}",
        },
    }


def _job_response(job: JobRecord) -> JSONResponse:
    return JSONResponse(
        _job_json(job),
        status_code=202,
        headers={"Location": f"/api/jobs/{job.id}", "Retry-After": str(RETRY_AFTER_SECONDS)},
    )


async def _live_response(live: LiveNarration, job: JobRecord) -> Response:
    """A running job's MP3, streamed as it is made. Headers go out with the first audio byte, so
    a job that fails before speaking is still answered with a problem rather than an empty 200."""
    stream = live.mp3.iter_async()
    first = await anext(stream, b"")
    if not first:
        reason = live.mp3.error or "The narration produced no audio."
        if reason.startswith(StorageFullError.message_prefix):
            raise StorageFullError(reason)
        raise SynthesisError(reason)
    return StreamingResponse(
        _live_audio(first, stream, live.mp3),
        media_type=MEDIA_TYPES["mp3"],
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no", "X-Voxpress-Job": job.id},
    )


async def _live_audio(first: bytes, rest: AsyncIterator[bytes], source: ByteStream) -> AsyncIterator[bytes]:
    yield first
    async for part in rest:
        yield part
    if source.error is not None:
        raise NarrationStreamAborted(source.error)


def _finished_file(request: Request, record: NarrationRecord, data: bytes | None = None) -> Response:
    """A stored narration: 304 on a matching ETag, else the file (with Range support), from
    the verified bytes in memory when there are any (one send), else from disk."""
    headers = {"ETag": record.etag, "Cache-Control": FINISHED_CACHE_CONTROL, "Accept-Ranges": "bytes"}
    if_none_match = request.headers.get("if-none-match", "")
    if record.etag in {tag.strip() for tag in if_none_match.split(",")} or if_none_match.strip() == "*":
        return Response(status_code=304, headers=headers)
    if data is None:
        return FileResponse(record.path, media_type=MEDIA_TYPES[record.format], headers=headers)
    media_type = MEDIA_TYPES[record.format]
    wanted = request.headers.get("range")
    if_range = request.headers.get("if-range")
    if wanted is None or (if_range is not None and if_range.strip() != record.etag):
        return Response(data, media_type=media_type, headers=headers)
    chosen = _byte_range(wanted, len(data))
    if chosen is None:
        return Response(data, media_type=media_type, headers=headers)
    if chosen == UNSATISFIABLE:
        headers["Content-Range"] = f"bytes */{len(data)}"
        return Response(status_code=416, headers=headers)
    start, end = chosen
    headers["Content-Range"] = f"bytes {start}-{end}/{len(data)}"
    return Response(data[start : end + 1], status_code=206, media_type=media_type, headers=headers)


UNSATISFIABLE = (-1, -1)


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The one range of a ``Range: bytes=…`` header as (first, last) byte; None when the header
    is not one plain byte range (then the whole file is the answer, as RFC 9110 allows);
    ``UNSATISFIABLE`` when it lies beyond the file."""
    unit, _, ranges = header.strip().partition("=")
    if unit.strip().lower() != "bytes" or "," in ranges:
        return None
    first_text, dash, last_text = ranges.strip().partition("-")
    if not dash or not (first_text.strip().isdigit() or last_text.strip().isdigit()):
        return None
    if not first_text.strip():  # the last N bytes
        length = int(last_text)
        return UNSATISFIABLE if length == 0 or size == 0 else (max(0, size - length), size - 1)
    if last_text.strip() and not last_text.strip().isdigit():
        return None
    first = int(first_text)
    last = int(last_text) if last_text.strip() else size - 1
    if first >= size or last < first:
        return UNSATISFIABLE
    return first, min(last, size - 1)


def build_router(settings: Settings, store: Store, queue: JobQueue, service: NarrationService) -> APIRouter:
    """The API routes over one store, job queue and narration service."""
    write_access = [Depends(api_key_guard(settings.api_key))]
    access = AccessPolicy(settings)
    router = APIRouter(prefix="/api")

    @router.post("/articles", status_code=201, dependencies=write_access, summary="Add an article")
    def create_article(request: Request, body: ArticleInput) -> ArticleOut:
        """Extract the article from a URL, HTML or copied text, or read it from SSML, and store it
        (the same article twice is stored once: the existing record is returned). Over the word
        limit: 413; SSML that is not well-formed or leaves the supported subset: 422."""
        access.charge(request)
        if body.ssml is not None:
            if body.html is not None or body.text is not None:
                raise InputError("Send either 'ssml', 'html' or 'text', not several.")
            article = replace(article_from_ssml(settings, body.ssml), url=body.url)
            record, _new = store.add_article(article, ssml=body.ssml)
            return article_out(record)
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
        """Delete the article, its narrations and their files; running jobs stop. The database
        goes first (no reader can find the article after it), then jobs, files and cached
        sentences; on a full disk the files go first, to make room for the database's delete."""
        try:
            store.delete_article(article_id)
        except StorageFullError:
            store.get_article(article_id)
            queue.cancel_article(article_id)
            service.remove_article_files(article_id)
            store.delete_article(article_id)
        queue.cancel_article(article_id)
        service.remove_article_files(article_id)
        return Response(status_code=204)

    def narration_state(
        request: Request, article_id: str, voice: str | None, speed: float, fmt: str, listener: bool = True
    ) -> NarrationState:
        record = store.get_article(article_id)
        key = service.key(record, voice, speed, fmt)
        found = service.verified(key)
        if found is not None:
            return NarrationState(key, found[0], None, None, found[1])
        default_voice = service.default_voice(record.article.language)
        access.admit_narration(
            request, voice=key.voice, default_voice=default_voice, speed=key.speed, fmt=fmt
        )
        if store.find_active_job(key.article_id, key.voice, key.speed) is None:
            access.charge(request)  # joining a running job creates no work
        return service.ensure(key, listener=listener)

    def tail_state(
        request: Request, article_id: str, voice: str | None, speed: float, start: int, *, whole_first: bool
    ) -> NarrationState | TailState:
        """The tail narration from the sentence at ``start``, or the whole one where it serves as well:
        for the timings (``whole_first``) a stored whole narration, or one made past ``start``;
        for the audio only when no tail exists (the listener's timings said which it plays)."""
        record = store.get_article(article_id)
        start = service.tail_start(record, start)
        if start == 0:  # inside the first sentence: the whole narration is that tail
            return narration_state(request, article_id, voice, speed, "mp3")
        key = service.key(record, voice, speed, "mp3")
        if whole_first:
            found = service.verified(key)
            if found is not None:
                return NarrationState(key, found[0], None, None, found[1])
            running = service.whole_past(key, start)
            if running is not None:
                return running
        finished = service.finished_tail(key, start)
        if finished is not None:
            if whole_first:
                queue_whole_after_tail(key)
            return finished
        active = store.find_active_job(key.article_id, key.voice, key.speed, start)
        if active is None and not whole_first and (found := service.verified(key)) is not None:
            return NarrationState(key, found[0], None, None, found[1])
        default_voice = service.default_voice(record.article.language)
        access.admit_narration(
            request, voice=key.voice, default_voice=default_voice, speed=key.speed, fmt="mp3"
        )
        if active is None:
            access.charge(request)  # the tail's charge covers the whole narration queued after it
        return service.tail(key, start)

    def queue_whole_after_tail(key: NarrationKey) -> None:
        """The tail is complete: the whole narration follows as background work, so a seek back
        before the tail's start, or the next visit, gets it (joined if already under way)."""
        if store.find_active_job(key.article_id, key.voice, key.speed) is None:
            latest = store.latest_job(key.article_id, key.voice, key.speed)
            if latest is not None and latest.status == "failed":
                return  # a failed narration stays failed until someone asks for it
            service.ensure(key, listener=False)

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
        start: FromParam = 0,
    ) -> Response:
        """The narration; starts it if needed. MP3 streams at once while it is synthesized.
        ``from`` > 0: the tail narration from the sentence at that character (MP3 only)."""
        if start > 0:
            if format != "mp3":
                raise InputError("A narration from a sentence on ('from') is made as MP3 only.")
            return await tail_audio(request, article_id, voice, speed, start)
        hot = service.served_from_memory(article_id, voice, speed, format)
        if hot is not None:  # verified bytes in memory: answered on the event loop, no thread
            return _finished_file(request, hot[0], hot[1])
        state = await run_in_threadpool(narration_state, request, article_id, voice, speed, format)
        if state.ready is not None:
            if (presigned := service.redirect_url(state.ready)) is not None:  # object storage serves it
                return RedirectResponse(presigned, status_code=307, headers={"Cache-Control": "no-store"})
            return _finished_file(request, state.ready, state.data)
        assert state.job is not None
        if state.job.status == "failed":
            return _failed_response(state.job, queue.retry_policy.next_retry_at(store, state.job))
        if state.key.format == "mp3" and state.live is not None:
            return await _live_response(state.live, state.job)
        return _job_response(state.job)

    async def tail_audio(
        request: Request, article_id: str, voice: str | None, speed: float, start: int
    ) -> Response:
        state = await run_in_threadpool(
            tail_state, request, article_id, voice, speed, start, whole_first=False
        )
        if isinstance(state, NarrationState):  # no tail, and the whole narration is stored
            assert state.ready is not None
            return _finished_file(request, state.ready, state.data)
        if state.audio_path is not None:
            # A tail is kept only until the whole narration replaces it: never cached.
            return FileResponse(
                state.audio_path, media_type=MEDIA_TYPES["mp3"], headers={"Cache-Control": "no-store"}
            )
        assert state.job is not None
        if state.job.status == "failed":
            return _failed_response(state.job)
        if state.live is not None:
            return await _live_response(state.live, state.job)
        return _job_response(state.job)

    @router.get("/articles/{article_id}/timings", summary="Narration timings")
    def get_timings(
        request: Request,
        article_id: str,
        voice: VoiceParam = None,
        speed: SpeedParam = 1.0,
        format: AudioFormat = "mp3",
        start: FromParam = 0,
    ) -> Response:
        """Sentence and word times in the audio of ``format`` (MP3 times include the encoder delay);
        partial (``complete`` false) while synthesis runs, which this starts if needed. ``from``
        > 0: the tail narration's (``"from": K``), or the whole one's when that serves (``"from": 0``)."""
        if start > 0:
            chosen = tail_state(request, article_id, voice, speed, start, whole_first=True)
            if isinstance(chosen, TailState):
                return tail_timings(chosen, format)
            state = chosen
        else:
            state = narration_state(request, article_id, voice, speed, "mp3")
        delay = playback_delay(format, service.sample_rate(state.key.voice))
        if state.ready is not None:
            try:
                stored = Timings.from_dict(json.loads(state.ready.timings_path.read_text(encoding="utf-8")))
            except (OSError, ValueError, KeyError, TypeError) as error:
                # A missing or corrupt timings file: the narration is made again, not a lasting 500.
                logger.warning("timings of %s unreadable (%s); narrating again", state.ready.path, error)
                service.discard(state.ready)
                state = narration_state(request, article_id, voice, speed, "mp3")
            else:
                body = {**stored.shifted(delay).to_dict(), "complete": True, "progress": 1.0}
                return JSONResponse({**body, "from": 0, "status": "done", "error": None})
        assert state.job is not None
        if state.job.status == "failed":
            return _failed_response(state.job, queue.retry_policy.next_retry_at(store, state.job))
        if state.live is not None:
            timings = state.live.timings().shifted(delay).to_dict()
            progress = round(state.live.progress, 3)
            status = state.job.status
            return JSONResponse(
                {
                    **timings,
                    "from": 0,
                    "complete": False,
                    "progress": progress,
                    "status": status,
                    "error": None,
                }
            )
        article = store.get_article(article_id).article
        partial = Timings(voice=state.key.voice, speed=state.key.speed, text=article.narration_text)
        return JSONResponse(
            {
                **partial.to_dict(),
                "from": 0,
                "complete": False,
                "progress": state.job.progress,
                "status": state.job.status,
                "error": state.job.error,
            }
        )

    def tail_timings(state: TailState, fmt: str) -> Response:
        delay = playback_delay(fmt, service.sample_rate(state.key.voice))
        tail = {"from": state.start_char}
        if state.timings_path is not None:
            stored = Timings.from_dict(json.loads(state.timings_path.read_text(encoding="utf-8")))
            body = {**stored.shifted(delay).to_dict(), **tail, "complete": True, "progress": 1.0}
            return JSONResponse({**body, "status": "done", "error": None})
        assert state.job is not None
        if state.job.status == "failed":
            return _failed_response(state.job)
        if state.live is not None:
            timings = state.live.timings().shifted(delay).to_dict()
            progress = round(state.live.progress, 3)
            return JSONResponse(
                {
                    **timings,
                    **tail,
                    "complete": False,
                    "progress": progress,
                    "status": state.job.status,
                    "error": None,
                }
            )
        article = store.get_article(state.key.article_id).article
        partial = Timings(voice=state.key.voice, speed=state.key.speed, text=article.narration_text)
        return JSONResponse(
            {
                **partial.to_dict(),
                **tail,
                "complete": False,
                "progress": state.job.progress,
                "status": state.job.status,
                "error": state.job.error,
            }
        )

    @router.post(
        "/articles/{article_id}/narrations",
        status_code=202,
        dependencies=write_access,
        summary="Start a narration",
    )
    def create_narration(request: Request, article_id: str, body: NarrationRequest) -> JSONResponse:
        """Start narrating (or join the job already narrating) in a voice, speed and format: 202 with
        the job. A narration already made answers 200 with it; one whose job failed answers 200
        with that job (``links.retry`` narrates it again)."""
        state = narration_state(request, article_id, body.voice, body.speed, body.format, listener=False)
        if state.ready is not None:
            return JSONResponse(_narration_json(state.ready), status_code=200)
        assert state.job is not None
        if state.job.status == "failed":
            return JSONResponse(_job_json(state.job), status_code=200)
        return _job_response(state.job)

    @router.get("/jobs/{job_id}", summary="Job status")
    def get_job(job_id: str) -> dict[str, object]:
        return _job_json(queue.get(job_id))

    @router.post("/jobs/{job_id}/retry", status_code=202, summary="Retry a failed narration")
    def retry_job(request: Request, job_id: str) -> JSONResponse:
        """Narrate a failed job's narration again: 202 with the new job. A job that has not failed
        is returned as it is (200). Open to readers like the audio it makes: it only re-runs a
        narration that was already asked for, and a new attempt is rate-limited per client."""
        if queue.get(job_id).status == "failed":
            access.charge(request)
        job = queue.retry(job_id)
        if job.id == job_id:
            return JSONResponse(_job_json(job), status_code=200)
        return _job_response(job)

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
            wpm_at_1x=WORDS_PER_MINUTE,
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
