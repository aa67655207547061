"""The embed: one script tag on a publisher's page, narration by canonical URL, iframe and oEmbed.

Routes:

- ``GET /embed.js`` and ``GET /embed/assets/{name}.js``: the tag's script and the ES modules it
  imports (public code, so any origin may load them).
- ``GET /api/embed/narration?url=…``: the article narrated from that page. The server fetches the
  page itself with the safe fetcher, extracts and stores it once per URL (``embed_pages``), and
  starts its narration so that pressing play is quick. Only pages on the hosts of
  ``VOXPRESS_EMBED_ORIGINS`` are narrated; only those origins may call it.
- ``GET /api/embed/articles/{id}`` and ``GET /api/embed/up-next``: the same shape by article id,
  and what to play after an article (a playlist's next article or the latest embedded stories).
- ``GET /embed/{id}``, ``GET /embed?url=…``: the player alone, for CMSs that allow only iframes;
  ``GET /oembed?url=…``: the oEmbed JSON for it.
- Playlists: ``/api/playlists`` (create, reorder, read, delete; writes need the API key), their
  page ``/playlists/{id}`` and podcast feed ``/playlists/{id}/podcast.xml``.

``EmbedCorsMiddleware`` answers CORS (preflight included) for the allowed origins only, on the
paths an embedded player uses; every request that creates work is rate-limited per client.
"""

from __future__ import annotations

import html
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode, urlsplit, urlunsplit

import nh3
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import FileResponse, HTMLResponse
from feedgen.feed import FeedGenerator
from pydantic import BaseModel, ConfigDict, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from voxpress.analytics.limits import RateLimiter
from voxpress.errors import InputError, NotFoundError, VoxpressError
from voxpress.extract.input import article_from_input
from voxpress.publisher import MAX_URL_LENGTH, PublisherStore
from voxpress.server.narrations import NarrationService
from voxpress.server.pages import STATIC_DIR, public_base_url
from voxpress.server.problems import problem
from voxpress.server.security import api_key_guard
from voxpress.settings import Settings
from voxpress.store.db import ArticleRecord, Store

EMBED_DIR = STATIC_DIR / "embed"
UP_NEXT_COUNT = 3
EMBED_IFRAME_HEIGHT = 180
CORS_PATH_PREFIXES = ("/api/embed/", "/api/events", "/api/voices", "/api/articles/", "/api/playlists/")
ASSET_CACHE_CONTROL = "public, max-age=300"
SHARED_PLAYER_MODULES = {name: STATIC_DIR / "player" / name for name in ("stream.js", "timings.js")}
"""Reader-page modules the embed imports too (the Media Source fast start, a tail's timeline),
served beside its own."""


class EmbedOriginError(VoxpressError):
    """A page on an origin that is not one of the publisher's (VOXPRESS_EMBED_ORIGINS) used the embed."""

    http_status = 403


class EmbedHostError(VoxpressError):
    """The embed was asked to narrate a page on a host that is not one of the publisher's."""

    http_status = 403


class RateLimitedError(VoxpressError):
    """A client sent more requests than its per-minute allowance."""

    http_status = 429


@dataclass(frozen=True)
class EmbedPolicy:
    """Which origins may use the embed, and which hosts' pages it narrates."""

    origins: frozenset[str]
    """Allowed origins, ``scheme://host[:port]``, lower case."""
    hosts: frozenset[str]
    """Allowed page hosts, ``host[:port]`` (from the origins) or bare host names."""

    @classmethod
    def from_settings(cls, settings: Settings) -> EmbedPolicy:
        origins: set[str] = set()
        hosts: set[str] = set()
        for entry in (item.strip().lower().rstrip("/") for item in settings.embed_origins):
            if "://" in entry:
                parts = urlsplit(entry)
                origins.add(f"{parts.scheme}://{parts.netloc}")
                hosts.add(parts.netloc)
            elif entry:
                hosts.add(entry)
        return cls(frozenset(origins), frozenset(hosts))

    def origin_allowed(self, origin: str) -> bool:
        origin = origin.lower().rstrip("/")
        return origin in self.origins or urlsplit(origin).netloc in self.hosts

    def check_origin(self, request: Request) -> None:
        """Refuse a cross-origin request from an origin that is not listed (same-origin passes)."""
        origin = request.headers.get("origin")
        if origin is None or origin == _own_origin(request) or self.origin_allowed(origin):
            return
        raise EmbedOriginError(
            f"The origin {origin} may not use this server's embed; "
            "the server lists its publisher's sites in VOXPRESS_EMBED_ORIGINS."
        )

    def check_url(self, url: str) -> str:
        """The canonical form of a page URL on an allowed host, or ``EmbedHostError``/``InputError``."""
        parts = urlsplit(url.strip())
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise InputError("The page 'url' must be an http or https address.")
        if len(url) > MAX_URL_LENGTH:
            raise InputError(f"The page 'url' is longer than {MAX_URL_LENGTH} characters.")
        netloc = parts.netloc.lower().rsplit("@", 1)[-1]
        if netloc not in self.hosts and parts.hostname.lower() not in self.hosts:
            raise EmbedHostError(
                f"This server narrates only its publisher's pages; {parts.hostname} is not one of them "
                "(VOXPRESS_EMBED_ORIGINS)."
            )
        return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def _own_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


class EmbedCorsMiddleware:
    """CORS for the allowed origins on the embed's paths; preflights answered here."""

    def __init__(self, app: ASGIApp, policy: EmbedPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(CORS_PATH_PREFIXES):
            await self.app(scope, receive, send)
            return
        origin = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"origin"), None)
        allowed = origin is not None and self.policy.origin_allowed(origin)
        if scope["method"] == "OPTIONS" and origin is not None:
            if not allowed:
                title = f"The origin {origin} may not use this server's embed (VOXPRESS_EMBED_ORIGINS)."
                await problem(403, title, kind="embed-origin")(scope, receive, send)
                return
            headers = {
                "Access-Control-Allow-Origin": origin,
                "Access-Control-Allow-Methods": "GET, POST",
                "Access-Control-Allow-Headers": "Content-Type",
                "Access-Control-Max-Age": "600",
                "Vary": "Origin",
            }
            await Response(status_code=204, headers=headers)(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start" and allowed and origin is not None:
                headers = list(message.get("headers", []))
                headers.append((b"access-control-allow-origin", origin.encode("latin-1")))
                headers.append((b"vary", b"Origin"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cors)


class PlaylistInput(BaseModel):
    """A playlist: its title and articles in order."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(..., min_length=1, max_length=300)
    article_ids: list[str] = Field(default_factory=list, max_length=500)


class PlaylistItemsInput(BaseModel):
    """A playlist's articles, in their new order."""

    model_config = ConfigDict(extra="forbid")

    article_ids: list[str] = Field(..., max_length=500)


def _asset(path: Path) -> FileResponse:
    if not path.is_file():
        raise NotFoundError(f"The embed file {path.name} is not installed.")
    return FileResponse(
        path,
        media_type="text/javascript; charset=utf-8",
        headers={"Access-Control-Allow-Origin": "*", "Cache-Control": ASSET_CACHE_CONTROL},
    )


def _frame_policy(policy: EmbedPolicy) -> str:
    ancestors = " ".join(sorted(policy.origins)) or "'none'"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"media-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'self' {ancestors}"
    )


def build_embed_router(
    settings: Settings, store: Store, service: NarrationService, publisher: PublisherStore
) -> APIRouter:
    """The embed routes over one store, narration service and publisher store."""
    policy = EmbedPolicy.from_settings(settings)
    limiter = RateLimiter(settings.embed_requests_per_minute)
    write_access = [Depends(api_key_guard(settings.api_key))]
    url_locks: dict[str, threading.Lock] = {}
    url_locks_guard = threading.Lock()
    router = APIRouter()

    def limit(request: Request) -> None:
        if not limiter.allow(_client(request)):
            raise RateLimitedError(
                f"Too many embed requests: at most {limiter.per_minute} a minute per client; try again soon."
            )

    def embed_json(record: ArticleRecord, voice: str | None) -> dict[str, object]:
        key = service.key(record, voice, 1.0, "mp3")
        query = urlencode({"voice": key.voice})
        base = f"/api/articles/{record.id}"
        article = record.article
        return {
            "id": record.id,
            "title": article.title,
            "url": article.url,
            "language": article.language,
            "word_count": article.word_count,
            "reading_time_minutes": article.reading_time_minutes,
            "voice": key.voice,
            "narrated": service.ready(key) is not None,
            "text": article.narration_text,
            "links": {
                "audio": f"{base}/audio?{query}",
                "timings": f"{base}/timings?{query}",
                "reader": f"/read/{record.id}",
                "embed": f"/embed/{record.id}",
            },
        }

    def start_narration(record: ArticleRecord, voice: str | None) -> None:
        # The player will ask for the audio at 1x as soon as the listener presses play.
        service.ensure(service.key(record, voice, 1.0, "mp3"), listener=False)

    def article_for_url(url: str) -> ArticleRecord:
        page = publisher.page(url)
        if page is not None:
            return store.get_article(page.article_id)
        with url_locks_guard:
            lock = url_locks.setdefault(url, threading.Lock())
        with lock:  # one fetch per URL, however many players ask at once
            page = publisher.page(url)
            if page is None:
                article = article_from_input(settings, url=url)
                record, _new = store.add_article(article)
                page = publisher.remember_page(url, record.id)
        with url_locks_guard:
            url_locks.pop(url, None)
        return store.get_article(page.article_id)

    @router.get("/embed.js", include_in_schema=False)
    def embed_script() -> FileResponse:
        return _asset(STATIC_DIR / "embed.js")

    @router.get("/embed/assets/{name}", include_in_schema=False)
    def embed_asset(name: str) -> FileResponse:
        if not name.endswith(".js") or "/" in name or name.startswith("."):
            raise NotFoundError(f"There is no embed file {name}.")
        return _asset(SHARED_PLAYER_MODULES.get(name, EMBED_DIR / name))

    @router.get("/api/embed/narration", summary="Narration of a publisher's page, by its URL")
    def narration_by_url(
        request: Request,
        url: Annotated[str, Query(description="The page's canonical URL.", max_length=MAX_URL_LENGTH)],
        voice: str | None = None,
    ) -> dict[str, object]:
        """The page's article (fetched, extracted and stored once per URL) and its narration's links;
        the narration starts now. Only pages and origins of VOXPRESS_EMBED_ORIGINS."""
        policy.check_origin(request)
        canonical = policy.check_url(url)
        if publisher.page(canonical) is None:
            limit(request)
        record = article_for_url(canonical)
        start_narration(record, voice)
        return embed_json(record, voice)

    @router.get("/api/embed/articles/{article_id}", summary="An article's embed data")
    def embed_article(
        request: Request, article_id: str, voice: str | None = None, narrate: bool = True
    ) -> dict[str, object]:
        """The article as the player shows it, in ``voice``; its narration starts unless ``narrate``
        is false: a voice change mid-article asks for the new voice's tail instead, and the whole
        narration, started beside it, took half the CPU from the tail's first piece."""
        policy.check_origin(request)
        record = store.get_article(article_id)
        if voice is not None:  # another voice is another narration to make
            limit(request)
        if narrate:
            start_narration(record, voice)
        return embed_json(record, voice)

    @router.get("/api/embed/up-next", summary="What to play after an article")
    def up_next(request: Request, article: str, playlist: str | None = None) -> dict[str, object]:
        """The next articles: the playlist's after ``article``, else the latest embedded stories."""
        policy.check_origin(request)
        if playlist:
            ids = list(publisher.get_playlist(playlist).article_ids)
            following = ids[ids.index(article) + 1 :] if article in ids else ids
        else:
            following = [page.article_id for page in publisher.latest_pages(UP_NEXT_COUNT * 4)]
            following = [item for item in dict.fromkeys(following) if item != article]
        items = []
        for article_id in following[:UP_NEXT_COUNT]:
            try:
                items.append(embed_json(store.get_article(article_id), None))
            except NotFoundError:
                continue
        return {"items": items}

    def iframe_page(record: ArticleRecord) -> HTMLResponse:
        body = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(record.article.title or 'voxpress')}</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<script src="/embed.js" async></script></head><body>'
            f'<div data-voxpress data-voxpress-article-id="{html.escape(record.id)}"></div></body></html>'
        )
        return HTMLResponse(body, headers={"Content-Security-Policy": _frame_policy(policy)})

    @router.get("/embed/{article_id}", include_in_schema=False)
    def embed_page(article_id: str) -> HTMLResponse:
        return iframe_page(store.get_article(article_id))

    @router.get("/embed", include_in_schema=False)
    def embed_page_by_url(request: Request, url: str) -> HTMLResponse:
        canonical = policy.check_url(url)
        if publisher.page(canonical) is None:
            limit(request)
        return iframe_page(article_for_url(canonical))

    @router.get("/oembed", summary="oEmbed for a narration")
    def oembed(
        request: Request, url: str, maxwidth: int | None = None, format: str = "json"
    ) -> dict[str, object]:
        """oEmbed 1.0 (``rich``) for a reader page (``/read/{id}``) or a publisher page URL."""
        if format != "json":
            raise InputError("Only the JSON oEmbed format is served.")
        base = public_base_url(request, settings)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" == base and parts.path.startswith(("/read/", "/embed/")):
            record = store.get_article(parts.path.rstrip("/").rsplit("/", 1)[-1])
            src = f"{base}/embed/{record.id}"
        else:
            canonical = policy.check_url(url)
            page = publisher.page(canonical)
            if page is None:
                raise NotFoundError("That page has not been narrated yet; embed it once first.")
            record = store.get_article(page.article_id)
            src = f"{base}/embed/{record.id}"
        width = min(maxwidth or 640, 1200)
        frame = (
            f'<iframe src="{html.escape(src)}" width="{width}" height="{EMBED_IFRAME_HEIGHT}" '
            f'title="Listen: {html.escape(record.article.title or "article")}" '
            'style="border:0" loading="lazy" allow="autoplay"></iframe>'
        )
        return {
            "version": "1.0",
            "type": "rich",
            "provider_name": "voxpress",
            "provider_url": f"{base}/",
            "title": record.article.title,
            "width": width,
            "height": EMBED_IFRAME_HEIGHT,
            "html": frame,
        }

    # Playlists

    def checked_ids(article_ids: list[str]) -> tuple[str, ...]:
        for article_id in article_ids:
            store.get_article(article_id)
        return tuple(article_ids)

    @router.post("/api/playlists", status_code=201, dependencies=write_access, summary="Create a playlist")
    def create_playlist(body: PlaylistInput) -> dict[str, object]:
        return publisher.create_playlist(body.title.strip(), checked_ids(body.article_ids)).to_dict()

    @router.get("/api/playlists/{playlist_id}", summary="Get a playlist")
    def get_playlist(playlist_id: str) -> dict[str, object]:
        return publisher.get_playlist(playlist_id).to_dict()

    @router.put("/api/playlists/{playlist_id}/items", dependencies=write_access, summary="Order a playlist")
    def order_playlist(playlist_id: str, body: PlaylistItemsInput) -> dict[str, object]:
        return publisher.set_items(playlist_id, checked_ids(body.article_ids)).to_dict()

    @router.delete(
        "/api/playlists/{playlist_id}",
        status_code=204,
        dependencies=write_access,
        summary="Delete a playlist",
    )
    def delete_playlist(playlist_id: str) -> Response:
        publisher.delete_playlist(playlist_id)
        return Response(status_code=204)

    @router.get("/playlists/{playlist_id}", include_in_schema=False)
    def playlist_page(playlist_id: str) -> HTMLResponse:
        playlist = publisher.get_playlist(playlist_id)
        items = []
        for article_id in playlist.article_ids:
            try:
                record = store.get_article(article_id)
            except NotFoundError:
                continue
            title = html.escape(record.article.title or "Untitled article")
            items.append(
                f'<li><a href="/read/{html.escape(record.id)}">{title}</a> '
                f"({record.article.reading_time_minutes} min)"
                f'<div data-voxpress data-voxpress-article-id="{html.escape(record.id)}" '
                f'data-voxpress-playlist="{html.escape(playlist.id)}"></div></li>'
            )
        title = html.escape(playlist.title)
        body = (
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            '<link rel="stylesheet" href="/static/app.css">'
            f'<link rel="alternate" type="application/rss+xml" href="/playlists/{html.escape(playlist.id)}'
            f'/podcast.xml" title="{title}"><script src="/embed.js" async></script></head>'
            f"<body><main><h1>{title}</h1><ol>{''.join(items)}</ol></main></body></html>"
        )
        return HTMLResponse(body)

    @router.get("/playlists/{playlist_id}/podcast.xml", include_in_schema=False)
    def playlist_feed(request: Request, playlist_id: str) -> Response:
        playlist = publisher.get_playlist(playlist_id)
        base = public_base_url(request, settings)
        feed = FeedGenerator()
        feed.load_extension("podcast")
        feed.title(playlist.title)
        feed.description(f"{playlist.title}: articles narrated by voxpress.")
        feed.link(href=f"{base}/playlists/{playlist.id}", rel="alternate")
        feed.language("en")
        for article_id in playlist.article_ids:
            try:
                record = store.get_article(article_id)
            except NotFoundError:
                continue
            voice = service.default_voice(record.article.language)
            narration = store.get_narration(article_id, voice, 1.0, "mp3")
            if narration is None:
                continue
            audio = f"{base}/api/articles/{article_id}/audio?{urlencode({'voice': voice, 'format': 'mp3'})}"
            entry = feed.add_entry(order="append")
            entry.id(f"{base}/read/{article_id}")
            entry.title(record.article.title or "Untitled article")
            entry.link(href=f"{base}/read/{article_id}")
            entry.description(
                nh3.clean("".join(f"<p>{html.escape(p)}</p>" for p in record.article.paragraphs[:2]))
            )
            entry.enclosure(audio, str(narration.size), "audio/mpeg")
            entry.published(narration.created_at)
            entry.podcast.itunes_duration(round(narration.duration))
        return Response(feed.rss_str(pretty=True), media_type="application/rss+xml")

    return router
