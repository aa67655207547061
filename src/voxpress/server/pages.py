"""The web pages: home, reader and the publisher's sources page (static files), the API docs with
their own assets, the podcast feed.

The pages are static HTML written for the strict Content-Security-Policy: no
inline script or style, article text inserted by the scripts as text only. A
reader page for an article that does not exist is an HTML 404 page. The docs
page loads Swagger UI from this app (the pinned ``swagger-ui-bundle-v2``
package), so it works offline and runs no third-party script.

The feed lists finished MP3 narrations. Its absolute links start with the
configured public URL (``VOXPRESS_PUBLIC_URL``), else with the address the
server listens on; never with the request's ``Host`` header. Every stored value
passes the sanitiser on the way in, so a control character or lone surrogate
cannot make the feed fail; descriptions are built from escaped article text
and sanitised again with nh3.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

import nh3
from fastapi import APIRouter, Request, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from feedgen.feed import FeedGenerator

from voxpress.errors import NotFoundError
from voxpress.extract.sanitise import clean_text
from voxpress.server.security import docs_policy
from voxpress.settings import Settings
from voxpress.store.db import Store

if TYPE_CHECKING:
    from voxpress.server.narrations import NarrationService

STATIC_DIR = Path(__file__).parent / "static"
FEED_LIMIT = 100
"""Most recent narrations listed in the podcast feed."""
DOCS_ASSETS = ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png")
"""The Swagger UI files the docs page loads from ``/docs/assets/``."""
_ASSET_TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}


def _page(name: str) -> FileResponse:
    path = STATIC_DIR / name
    if not path.is_file():
        raise NotFoundError(f"The page {name} is not installed.")
    return FileResponse(path, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"})


def not_found_page(message: str) -> HTMLResponse:
    """A plain HTML 404 page (no script, no inline style) with a link home."""
    body = (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Not found · voxpress</title></head>"
        f"<body><main><h1>Not found</h1><p>{html.escape(message)}</p>"
        '<p><a href="/">All articles</a></p></main></body></html>\n'
    )
    return HTMLResponse(body, status_code=404, headers={"Cache-Control": "no-cache"})


def feed_description(paragraphs: tuple[str, ...]) -> str:
    """The first paragraphs as sanitised HTML."""
    escaped = "".join(f"<p>{html.escape(clean_text(p))}</p>" for p in paragraphs[:3])
    return nh3.clean(escaped, tags={"p"})


def public_base_url(request: Request, settings: Settings) -> str:
    """The base of absolute links: the configured public URL, else the listening socket's address."""
    if settings.public_url:
        return settings.public_url.rstrip("/")
    server = request.scope.get("server")
    if server and server[0]:
        host, port = str(server[0]), server[1]
        literal = f"[{host}]" if ":" in host else host
        default_port = 443 if request.url.scheme == "https" else 80
        return f"{request.url.scheme}://{literal}" + ("" if port in (None, default_port) else f":{port}")
    return "http://localhost"


def _swagger_ui_dir() -> Path | None:
    try:
        import swagger_ui_bundle  # type: ignore[import-untyped]
    except ImportError:
        return None
    return Path(swagger_ui_bundle.swagger_ui_path)


def narration_hints(article_id: str, voice: str) -> str:
    """Head links that start the narration while the reader page's scripts load: a preload of its
    timings (the request that starts the job; the player's own request then joins it) and the voice
    the server chose, which the player takes when the listener has chosen none."""
    timings = f"/api/articles/{quote(article_id, safe='')}/timings?" + urlencode({"voice": voice})
    return (
        f'<meta name="voxpress-voice" content="{html.escape(voice)}">\n  '
        f'<link rel="preload" as="fetch" crossorigin="anonymous" href="{html.escape(timings)}">'
    )


def build_pages(store: Store, settings: Settings, narrations: NarrationService | None = None) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/")
    def home() -> FileResponse:
        return _page("index.html")

    @router.get("/sources")
    def sources() -> FileResponse:
        return _page("sources.html")

    @router.get("/read/{article_id}", response_model=None)
    def reader(request: Request, article_id: str) -> Response:
        try:
            record = store.get_article(article_id)
        except NotFoundError:
            return not_found_page("There is no article with this address; it may have been deleted.")
        page = _page("reader.html")
        hints = ""
        if narrations is not None:
            wanted = request.query_params.get("voice") or narrations.default_voice(record.article.language)
            if wanted in {info.id for info in narrations.voices()}:
                hints = narration_hints(article_id, wanted)
        # oEmbed discovery for the embed (server/embed_api.py): a link to this page's oEmbed JSON.
        page_url = f"{public_base_url(request, settings)}/read/{article_id}"
        oembed = "/oembed?" + urlencode({"url": page_url})
        link = f'<link rel="alternate" type="application/json+oembed" href="{html.escape(oembed)}">'
        text = Path(page.path).read_text(encoding="utf-8").replace("</head>", f"  {link}\n</head>", 1)
        if hints:
            text = text.replace('<meta charset="utf-8">', f'<meta charset="utf-8">\n  {hints}', 1)
        return HTMLResponse(text, headers={"Cache-Control": "no-cache"})

    @router.get("/docs")
    def docs() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="voxpress API",
            swagger_js_url="/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/docs/assets/swagger-ui.css",
            swagger_favicon_url="/docs/assets/favicon-32x32.png",
        )
        body = bytes(page.body).decode()
        return HTMLResponse(body, headers={"Content-Security-Policy": docs_policy(body)})

    @router.get("/docs/assets/{name}")
    def docs_asset(name: str) -> FileResponse:
        folder = _swagger_ui_dir()
        if name not in DOCS_ASSETS or folder is None or not (folder / name).is_file():
            raise NotFoundError(f"No docs asset named {name!r}.")
        return FileResponse(
            folder / name,
            media_type=_ASSET_TYPES[Path(name).suffix],
            headers={"Cache-Control": "public, max-age=86400"},
        )

    @router.get("/feeds/podcast.xml")
    def podcast(request: Request) -> Response:
        base = public_base_url(request, settings)
        feed = FeedGenerator()
        feed.load_extension("podcast")
        feed.title("voxpress narrations")
        feed.description("Articles narrated by voxpress.")
        feed.link(href=f"{base}/", rel="alternate")
        feed.language("en")
        for narration in [n for n in store.list_narrations() if n.format == "mp3"][:FEED_LIMIT]:
            try:
                article = store.get_article(narration.article_id).article
            except NotFoundError:
                continue
            article_path = quote(narration.article_id, safe="")
            query = urlencode({"voice": narration.voice, "speed": f"{narration.speed:g}", "format": "mp3"})
            audio_url = f"{base}/api/articles/{article_path}/audio?{query}"
            entry = feed.add_entry()
            entry.id(f"{base}/read/{article_path}#{quote(narration.voice)}@{narration.speed:g}")
            entry.title(clean_text(article.title).strip() or "Untitled article")
            entry.link(href=f"{base}/read/{article_path}")
            entry.description(feed_description(article.standfirst or article.paragraphs))
            entry.enclosure(audio_url, str(narration.size), "audio/mpeg")
            entry.published(narration.created_at)
            entry.podcast.itunes_duration(round(narration.duration))
        return Response(feed.rss_str(pretty=True), media_type="application/rss+xml")

    return router
