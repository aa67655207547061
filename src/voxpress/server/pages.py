"""The web pages: home and reader (static files), their assets, the API docs and the podcast feed.

The pages are static HTML written for the strict Content-Security-Policy: no
inline script or style, article text inserted by the scripts as text only.
The feed lists finished MP3 narrations; its descriptions are built from
escaped article text and sanitised again with nh3 before they are emitted.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import urlencode

import nh3
from fastapi import APIRouter, Request, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from feedgen.feed import FeedGenerator

from voxpress.errors import NotFoundError
from voxpress.server.security import docs_policy
from voxpress.store.db import Store

STATIC_DIR = Path(__file__).parent / "static"
FEED_LIMIT = 100
"""Most recent narrations listed in the podcast feed."""


def _page(name: str) -> FileResponse:
    path = STATIC_DIR / name
    if not path.is_file():
        raise NotFoundError(f"The page {name} is not installed.")
    return FileResponse(path, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"})


def feed_description(paragraphs: tuple[str, ...]) -> str:
    """The first paragraphs as sanitised HTML."""
    escaped = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs[:3])
    return nh3.clean(escaped, tags={"p"})


def build_pages(store: Store) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/")
    def home() -> FileResponse:
        return _page("index.html")

    @router.get("/read/{article_id}")
    def reader(request: Request, article_id: str) -> Response:
        store.get_article(article_id)
        page = _page("reader.html")
        # oEmbed discovery for the embed (server/embed_api.py): a link to this page's oEmbed JSON.
        page_url = str(request.base_url).rstrip("/") + f"/read/{article_id}"
        oembed = "/oembed?" + urlencode({"url": page_url})
        link = f'<link rel="alternate" type="application/json+oembed" href="{html.escape(oembed)}">'
        text = Path(page.path).read_text(encoding="utf-8").replace("</head>", f"  {link}\n</head>", 1)
        return HTMLResponse(text, headers={"Cache-Control": "no-cache"})

    @router.get("/docs")
    def docs() -> HTMLResponse:
        page = get_swagger_ui_html(openapi_url="/openapi.json", title="voxpress API")
        body = bytes(page.body).decode()
        return HTMLResponse(body, headers={"Content-Security-Policy": docs_policy(body)})

    @router.get("/feeds/podcast.xml")
    def podcast(request: Request) -> Response:
        base = str(request.base_url).rstrip("/")
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
            query = urlencode({"voice": narration.voice, "speed": f"{narration.speed:g}", "format": "mp3"})
            audio_url = f"{base}/api/articles/{narration.article_id}/audio?{query}"
            entry = feed.add_entry()
            entry.id(f"{base}/read/{narration.article_id}#{narration.voice}@{narration.speed:g}")
            entry.title(article.title or "Untitled article")
            entry.link(href=f"{base}/read/{narration.article_id}")
            entry.description(feed_description(article.standfirst or article.paragraphs))
            entry.enclosure(audio_url, str(narration.size), "audio/mpeg")
            entry.published(narration.created_at)
            entry.podcast.itunes_duration(round(narration.duration))
        return Response(feed.rss_str(pretty=True), media_type="application/rss+xml")

    return router
