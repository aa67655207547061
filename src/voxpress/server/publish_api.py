"""The publisher's HTTP face: sources, stories, the signed webhook, captions and podcast feeds.

- ``/api/sources``: register (``POST {url, voice?, every?}``), list, edit (``PATCH {voice?,
  every?, paused?}``), remove, poll now.
- ``/api/stories/{id}``: a story and its stable audio URL (``/api/stories/{id}/audio``), which
  serves the narration of the story's latest revision (its ETag changes with each edit).
- ``POST /api/hooks/publish``: the signed webhook (see ``publish/webhook.py``) taking ``{url}``,
  ``{id, title, html|text}`` or ``{action: "unpublish", id|url}``; off without a secret.
- ``/api/articles/{id}/captions.vtt``, ``captions.srt``, ``transcript.json``, ``chapters.json``
  (``voice`` and ``speed`` as for the audio; times are those of the MP3), and the same under
  ``/api/stories/{id}/``; served with ``Access-Control-Allow-Origin: *`` for podcast apps.
- ``/feeds/stories.xml`` (every story) and ``/feeds/sources/{id}.xml``: Podcasting 2.0 feeds,
  one item per story with its finished MP3; ``/feeds/cover.png`` their cover.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from voxpress.audio.encode import MEDIA_TYPES, playback_delay
from voxpress.audio.timings import Timings
from voxpress.errors import InputError, NotFoundError, VoxpressError
from voxpress.extract import RawInput, extract_article
from voxpress.formats import chapters_json, srt_captions, transcript_json, webvtt_captions
from voxpress.formats.captions import SRT_MEDIA_TYPE, WEBVTT_MEDIA_TYPE
from voxpress.formats.epub import EPUB_MEDIA_TYPE, epub_bytes
from voxpress.formats.podcast import PodcastChannel, PodcastItem, Transcript, cover_png, podcast_feed
from voxpress.publish.fetching import fetch_page
from voxpress.publish.models import KEEP, WEBHOOK_SOURCE, StoryRecord
from voxpress.publish.publisher import DEFAULT_INTERVAL_SECONDS, Publisher, article_from_text
from voxpress.publish.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify
from voxpress.server.narrations import NarrationKey, NarrationService
from voxpress.server.security import api_key_guard
from voxpress.settings import Settings

FEED_ITEMS = 200
"""Most recent stories in a podcast feed."""
RETRY_AFTER_SECONDS = 2
CORS = {"Access-Control-Allow-Origin": "*"}
_COVER = b""
VoiceQuery = Annotated[str | None, Query(description="Voice id; default: the article language's default.")]
SpeedQuery = Annotated[float, Query(description="1 is 200 words per minute; 0.5 to 2.")]


class SourceInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(..., max_length=4096, description="An RSS 2.0, Atom or news-sitemap URL.")
    voice: str | None = Field(None, description="Voice id for its stories; default: the language's default.")
    every: str = Field("10m", description="Poll interval: 30s, 10m, 2h…")


class SourceEdit(BaseModel):
    """What to change in a source; fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    voice: str | None = Field(
        None, description="Voice id for its next stories; null: the language's default."
    )
    every: str | None = Field(None, description="Poll interval: 30s, 10m, 2h…")
    paused: bool | None = Field(None, description="true: not polled (its stories stay); false: polled again.")


class HookInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Literal["publish", "unpublish"] = "publish"
    id: str | None = Field(None, max_length=500, description="The CMS's id of the story.")
    url: str | None = Field(None, max_length=4096, description="The story's page (fetched when no content).")
    title: str | None = None
    html: str | None = None
    text: str | None = None
    voice: str | None = None


def build_publish_router(settings: Settings, publisher: Publisher, service: NarrationService) -> APIRouter:
    """The publisher's routes over one ``Publisher`` and the server's narration service."""
    store = publisher.store
    write_access = [Depends(api_key_guard(settings.api_key))]
    router = APIRouter(tags=["publishing"])

    # Sources

    @router.post("/api/sources", status_code=201, dependencies=write_access, summary="Register a source")
    def add_source(body: SourceInput) -> dict[str, object]:
        return publisher.add_source(body.url, body.voice, body.every or DEFAULT_INTERVAL_SECONDS).to_dict()

    @router.get("/api/sources", summary="List sources")
    def list_sources() -> dict[str, object]:
        return {"sources": [s.to_dict() for s in publisher.stories.list_sources()]}

    @router.get("/api/sources/{source_id}", summary="A source, with its last error")
    def get_source(source_id: str) -> dict[str, object]:
        return publisher.stories.get_source(source_id).to_dict()

    @router.delete(
        "/api/sources/{source_id}", status_code=204, dependencies=write_access, summary="Remove a source"
    )
    def remove_source(source_id: str) -> Response:
        publisher.remove_source(source_id)
        return Response(status_code=204)

    @router.patch("/api/sources/{source_id}", dependencies=write_access, summary="Edit a source")
    def edit_source(source_id: str, body: SourceEdit) -> dict[str, object]:
        """Change the voice (for stories published from now on), the poll interval or whether the
        source is paused; fields left out stay as they are."""
        given = body.model_fields_set
        if not given:
            raise InputError("Send at least one of 'voice', 'every' or 'paused' to change.")
        if ("every" in given and body.every is None) or ("paused" in given and body.paused is None):
            raise InputError("'every' and 'paused' cannot be null.")
        return publisher.edit_source(
            source_id,
            voice=body.voice if "voice" in given else KEEP,
            every=body.every,
            paused=body.paused,
        ).to_dict()

    @router.post("/api/sources/{source_id}/poll", dependencies=write_access, summary="Poll a source now")
    def poll_source(source_id: str) -> dict[str, object]:
        return publisher.poll(source_id).to_dict()

    # Stories

    @router.get("/api/stories", summary="List stories")
    def list_stories(source: str | None = None) -> dict[str, object]:
        return {"stories": [s.to_dict() for s in publisher.stories.list_stories(source)]}

    @router.get("/api/stories/{story_id}", summary="A story")
    def get_story(story_id: str) -> dict[str, object]:
        return publisher.stories.get_story(story_id).to_dict()

    def story_key(story: StoryRecord, fmt: str = "mp3") -> NarrationKey:
        return service.key(store.get_article(story.article_id), story.voice, 1.0, fmt)

    @router.get("/api/stories/{story_id}/audio", response_class=Response, summary="A story's narration")
    def story_audio(
        request: Request, story_id: str, format: Literal["mp3", "opus", "wav"] = "mp3"
    ) -> Response:
        """The narration of the story's latest revision: the file once finished (ETag, Range),
        else a redirect to the article's audio, which streams while it is synthesized."""
        story = publisher.stories.get_story(story_id)
        key = story_key(story, format)
        ready = service.ready(key)
        if ready is None:
            query = urlencode({"voice": key.voice, "speed": f"{key.speed:g}", "format": format})
            return RedirectResponse(f"/api/articles/{story.article_id}/audio?{query}", status_code=307)
        headers = {"ETag": ready.etag, "Cache-Control": "public, max-age=300"}
        if ready.etag in {t.strip() for t in request.headers.get("if-none-match", "").split(",")}:
            return Response(status_code=304, headers=headers)
        return FileResponse(ready.path, media_type=MEDIA_TYPES[format], headers=headers)

    # The webhook

    @router.post("/api/hooks/publish", summary="Signed publish webhook")
    async def hook(request: Request) -> JSONResponse:
        """Publish, update or unpublish a story pushed by a CMS (signed; see the docs)."""
        if not settings.webhook_secret:
            raise NotFoundError("The publish webhook is off: set VOXPRESS_WEBHOOK_SECRET to turn it on.")
        body = await request.body()
        verify(
            settings.webhook_secret,
            request.headers.get(TIMESTAMP_HEADER),
            request.headers.get(SIGNATURE_HEADER),
            body,
        )
        try:
            hook_input = HookInput.model_validate(json.loads(body))
        except (ValueError, ValidationError) as error:
            raise InputError(
                f"The webhook body is not a valid story: {str(error).splitlines()[0]}"
            ) from error
        return await run_in_threadpool(handle_hook, hook_input)

    def handle_hook(body: HookInput) -> JSONResponse:
        key = publisher.webhook_key(body.id, body.url)
        if body.action == "unpublish":
            story = publisher.stories.find_story(WEBHOOK_SOURCE, key)
            if story is None:
                raise NotFoundError(f"No published story is known as {body.id or body.url!r}.")
            publisher.unpublish(story)
            return JSONResponse({"removed": story.id})
        if body.html is not None and body.text is not None:
            raise InputError("Send either 'html' or 'text', not both.")
        if body.html is not None:
            article = extract_article(
                RawInput(content=body.html, kind="html", name="story", url=body.url), settings
            )
            if body.title:
                article = replace(article, title=" ".join(body.title.split()))
        elif body.text is not None:
            article = article_from_text(body.title or "", body.text, body.url)
        elif body.url:
            article = extract_article(fetch_page(body.url, settings), settings)
        else:
            raise InputError("Send the story as 'url', or 'id' with 'title' and 'html' or 'text'.")
        published = publisher.publish(WEBHOOK_SOURCE, key, article, voice=body.voice, url=body.url)
        status = 201 if published.status == "new" else 200
        return JSONResponse(
            {**published.story.to_dict(), "status": published.status, "job_id": published.job_id},
            status_code=status,
        )

    # Captions, transcripts, chapters

    def finished_timings(key: NarrationKey) -> Timings | JSONResponse:
        state = service.ensure(key)
        if state.ready is None:
            job = state.job
            return JSONResponse(
                {"status": job.status if job else "queued", "job": job.to_dict() if job else None},
                status_code=202,
                headers={
                    "Retry-After": str(RETRY_AFTER_SECONDS),
                    **({"Location": f"/api/jobs/{job.id}"} if job else {}),
                },
            )
        stored = Timings.from_dict(json.loads(state.ready.timings_path.read_text(encoding="utf-8")))
        return stored.shifted(playback_delay("mp3", service.sample_rate(key.voice)))

    def caption_response(article_id: str, voice: str | None, speed: float, kind: str) -> Response:
        record = store.get_article(article_id)
        timings = finished_timings(service.key(record, voice, speed, "mp3"))
        if isinstance(timings, JSONResponse):
            return timings
        if kind == "vtt":
            return Response(webvtt_captions(timings), media_type=WEBVTT_MEDIA_TYPE, headers=CORS)
        if kind == "srt":
            return Response(srt_captions(timings), media_type=SRT_MEDIA_TYPE, headers=CORS)
        if kind == "transcript":
            return JSONResponse(transcript_json(timings), headers=CORS)
        return JSONResponse(
            chapters_json(record.article, timings), media_type="application/json+chapters", headers=CORS
        )

    kinds = {
        "captions.vtt": "vtt",
        "captions.srt": "srt",
        "transcript.json": "transcript",
        "chapters.json": "chapters",
    }

    def views(kind: str) -> tuple[Callable[..., Response], Callable[..., Response]]:
        def article_view(article_id: str, voice: VoiceQuery = None, speed: SpeedQuery = 1.0) -> Response:
            return caption_response(article_id, voice, speed, kind)

        def story_view(story_id: str) -> Response:
            story = publisher.stories.get_story(story_id)
            return caption_response(story.article_id, story.voice, 1.0, kind)

        return article_view, story_view

    for filename, kind in kinds.items():
        article_view, story_view = views(kind)
        router.add_api_route(
            f"/api/articles/{{article_id}}/{filename}",
            article_view,
            methods=["GET"],
            summary=f"Narration {filename}",
        )
        router.add_api_route(
            f"/api/stories/{{story_id}}/{filename}", story_view, methods=["GET"], summary=f"Story {filename}"
        )

    @router.get(
        "/api/articles/{article_id}/book.epub",
        response_class=Response,
        responses={200: {"content": {EPUB_MEDIA_TYPE: {}}}, 202: {"description": "Narration not ready yet."}},
        summary="EPUB 3 with Media Overlays",
    )
    def article_epub(article_id: str, voice: VoiceQuery = None, speed: SpeedQuery = 1.0) -> Response:
        """The article as an EPUB 3 whose overlays highlight each sentence as its MP3 plays."""
        record = store.get_article(article_id)
        key = service.key(record, voice, speed, "mp3")
        timings = finished_timings(key)
        if isinstance(timings, JSONResponse):
            return timings
        ready = service.ready(key)
        if ready is None:  # removed between the two looks
            raise NotFoundError("The narration is gone; ask again to make it.")
        book = epub_bytes(
            record.article, timings, ready.path.read_bytes(), identifier=f"urn:voxpress:{article_id}"
        )
        disposition = f'attachment; filename="{article_id}.epub"'
        return Response(book, media_type=EPUB_MEDIA_TYPE, headers={"Content-Disposition": disposition})

    # Podcast feeds

    def feed_response(request: Request, title: str, description: str, stories: list[StoryRecord]) -> Response:
        base = str(request.base_url).rstrip("/")
        channel = PodcastChannel(
            title=title,
            link=f"{base}/",
            feed_url=f"{base}{request.url.path}",
            description=description,
            image_url=f"{base}/feeds/cover.png",
        )
        for story in stories[:FEED_ITEMS]:
            try:
                record = store.get_article(story.article_id)
                ready = service.ready(story_key(story))
            except VoxpressError:
                continue
            if ready is None:
                continue  # not listenable yet: it joins the feed when its narration is finished
            article = record.article
            summary = " ".join((article.standfirst or article.paragraphs[:1]) or (article.title,))
            links = f"{base}/api/stories/{story.id}"
            channel.items.append(
                PodcastItem(
                    guid=f"voxpress:story:{story.id}",
                    title=article.title or story.title or "Untitled story",
                    link=story.url or f"{base}/read/{story.article_id}",
                    description=summary,
                    audio_url=f"{links}/audio",
                    audio_bytes=ready.size,
                    audio_type=MEDIA_TYPES["mp3"],
                    duration_seconds=ready.duration,
                    published=story.published_at,
                    transcripts=(
                        Transcript(f"{links}/captions.vtt", "text/vtt"),
                        Transcript(f"{links}/captions.srt", "application/srt"),
                        Transcript(f"{links}/transcript.json", "application/json"),
                    ),
                    chapters_url=f"{links}/chapters.json",
                    author=article.byline,
                )
            )
        return Response(podcast_feed(channel), media_type="application/rss+xml; charset=utf-8")

    @router.get("/feeds/stories.xml", summary="Podcast feed of every story")
    def all_stories_feed(request: Request) -> Response:
        return feed_response(
            request, "voxpress stories", "Every published story, narrated.", publisher.stories.list_stories()
        )

    @router.get("/feeds/sources/{source_id}.xml", summary="Podcast feed of one source")
    def source_feed(request: Request, source_id: str) -> Response:
        source = publisher.stories.get_source(source_id)
        title = source.title or source.url
        return feed_response(
            request, title, f"Stories from {title}, narrated.", publisher.stories.list_stories(source.id)
        )

    @router.get("/feeds/cover.png", include_in_schema=False)
    def cover() -> Response:
        global _COVER
        if not _COVER:
            _COVER = cover_png()
        return Response(_COVER, media_type="image/png", headers={"Cache-Control": "public, max-age=86400"})

    return router
