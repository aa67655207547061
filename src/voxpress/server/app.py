"""The web application: FastAPI over the store, the job queue and the narration pipeline.

``create_app(settings)`` wires everything: the database and narration files
under ``settings.data_dir``, a thread pool of ``settings.workers`` narration
workers (jobs left unfinished by a previous process resume at start-up), the
API, the pages, and the guards (security headers, the 500 guard, body size
limit, API key for writes, what a reader may cause and per-client rate
limits). At start-up the default voice is loaded and speaks once, so the first
real request does not pay for loading the model.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from voxpress import __version__
from voxpress.analytics.models import AnalyticsStore
from voxpress.article import Article
from voxpress.jobs.narration import NarrationRunner
from voxpress.jobs.queue import JobQueue, ThreadJobQueue
from voxpress.narration import get_curve, narrate_chunks, prepare
from voxpress.publish.publisher import Publisher
from voxpress.publisher import PublisherStore
from voxpress.server.analytics_api import build_analytics_router
from voxpress.server.api import build_router
from voxpress.server.backfill_api import build_backfill_router
from voxpress.server.embed_api import EmbedCorsMiddleware, EmbedPolicy, build_embed_router
from voxpress.server.narrations import NarrationService
from voxpress.server.openai_api import build_openai_router
from voxpress.server.pages import STATIC_DIR, build_pages
from voxpress.server.problems import ErrorGuardMiddleware, SafeJSONResponse, install_problem_handlers
from voxpress.server.publish_api import build_publish_router
from voxpress.server.security import BodySizeLimitMiddleware, SecurityHeadersMiddleware
from voxpress.settings import Settings
from voxpress.store.db import Store

logger = logging.getLogger(__name__)

BODY_OVERHEAD_BYTES = 1_000_000
"""Room above the article input limit for JSON escaping and the other fields of a request."""


def warm_up(runner: NarrationRunner, voice_id: str) -> None:
    """Load the default voice and narrate a few words with it (model load, rate curve, first run)."""
    voice = runner.voice_provider(voice_id, "en")
    script = prepare(Article(title="Voxpress is ready to read.", paragraphs=()))
    for _chunk in narrate_chunks(script, voice, 1.0, curve=get_curve(voice, runner.settings)):
        pass


def warm_in_background(runner: NarrationRunner, voice_ids: tuple[str, ...]) -> threading.Thread:
    """Warm ``voice_ids`` one after another in a daemon thread, after the server is up: the
    default voice's first listener never waits for them, and each of their first listeners is
    spared the model load. A voice that cannot be warmed is logged and skipped."""

    def run() -> None:
        for voice_id in voice_ids:
            try:
                warm_up(runner, voice_id)
                logger.info("warmed voice %s", voice_id)
            except Exception as error:
                logger.warning(
                    "warming voice %s failed (%s); its first narration will be slower", voice_id, error
                )

    thread = threading.Thread(target=run, name="voxpress-warm", daemon=True)
    thread.start()
    return thread


def api_description(settings: Settings) -> str:
    """The limits and conventions of this server, for the OpenAPI page."""
    limits = settings.article
    body_mb = (limits.max_input_bytes + BODY_OVERHEAD_BYTES) / 1e6
    return (
        f"**Limits.** Request bodies up to {body_mb:g} MB (413 beyond); article input (HTML or text) "
        f"up to {limits.max_input_bytes / 1e6:g} MB; articles up to {limits.max_words:,} words and at "
        f"least {limits.min_words} words of story; pages fetched by URL up to "
        f"{settings.fetch.max_bytes / 1e6:g} MB, {settings.fetch.timeout_seconds:g} s, "
        f"{settings.fetch.max_redirects} redirects, public addresses only. An article over the word "
        "limit is 413 wherever its words are.\n\n"
        "**Writes** (POST, DELETE) need `Authorization: Bearer KEY` or `X-API-Key: KEY` when the server "
        "has an API key. Without the key a reader may still have a narration made in the article "
        "language's default voice (or a public voice), at speed 1, as MP3: the player plays it at any "
        "speed. Requests that create work are rate-limited per client "
        f"({settings.rate_limit_per_minute:g} a minute, bursts of {settings.rate_limit_burst}; "
        "429 with `Retry-After`).\n\n"
        "**Audio.** A narration not yet made starts on the first request (one job per article, voice "
        "and speed). MP3 streams at once while it is synthesized; Opus and WAV answer 202 with the job "
        "until the file is ready. Finished files support Range requests and ETag/If-None-Match.\n\n"
        "**Errors** are `application/problem+json` with a one-line `title`."
    )


def create_app(settings: Settings, *, warm: bool = True) -> FastAPI:
    """The voxpress web app over ``settings`` (``warm=False`` skips the start-up voice warm-up)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = Store(settings.resolved_database_url)
    runner = NarrationRunner.from_settings(store, settings)
    queue: JobQueue
    if settings.broker_url:  # many machines: Celery workers make the narrations, never this node
        from voxpress.distributed.queue import CeleryJobQueue

        queue = CeleryJobQueue(store, settings)
        warm = False
    else:
        queue = ThreadJobQueue.from_settings(store, runner, settings)
    service = NarrationService(settings, store, queue)
    publisher = Publisher(settings, store, queue, service)

    @asynccontextmanager
    async def lifespan(started: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=runner.cache.prune, name="voxpress-prune", daemon=True).start()
        if warm:
            try:
                await run_in_threadpool(warm_up, runner, service.default_voice("en"))
            except Exception:
                logger.exception("warming up the default voice failed; the first narration will be slower")
        queue.start()
        if warm and settings.warm_voices:
            started.state.warming = warm_in_background(runner, settings.warm_voices)
        if not settings.broker_url:  # with a broker, Celery beat has the workers poll the sources
            publisher.start()
        try:
            yield
        finally:
            publisher.stop()
            queue.stop()
            store.close()

    app = FastAPI(
        title="voxpress",
        version=__version__,
        summary="Listen to any article: extraction, calibrated neural narration, timings.",
        description=api_description(settings),
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        default_response_class=SafeJSONResponse,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.queue = queue
    app.state.runner = runner
    app.state.narrations = service
    app.state.publisher = publisher
    install_problem_handlers(app)
    app.include_router(build_router(settings, store, queue, service))
    app.include_router(build_embed_router(settings, store, service, PublisherStore(store.engine)))
    app.include_router(build_analytics_router(settings, AnalyticsStore(store.engine)))
    app.include_router(build_pages(store, settings, service))
    app.include_router(build_openai_router(settings, runner, service))
    app.include_router(build_publish_router(settings, publisher, service))
    app.include_router(build_backfill_router(settings, store, queue))
    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")
    app.add_middleware(
        BodySizeLimitMiddleware, max_bytes=settings.article.max_input_bytes + BODY_OVERHEAD_BYTES
    )
    app.add_middleware(EmbedCorsMiddleware, policy=EmbedPolicy.from_settings(settings))
    app.add_middleware(ErrorGuardMiddleware)  # inside the headers, so a 500 carries them too
    app.add_middleware(SecurityHeadersMiddleware)
    return app


def serve(host: str, port: int, settings: Settings) -> None:
    """Run the app with uvicorn until interrupted."""
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_level="info",
        access_log=False,
        timeout_graceful_shutdown=5,  # open narration streams must not hold a restart
    )
