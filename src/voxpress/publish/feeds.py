"""Reading a publisher's feed safely: RSS 2.0, Atom and news sitemaps → ``FeedItem``s.

The XML parser never resolves entities, loads no DTD, reaches no network and
refuses huge trees; a document that declares entities at all (the
billion-laughs bomb) is refused before parsing. Feeds are capped in bytes and
in items, so a hostile or broken feed is a clear ``FeedError`` and never a
memory blow-up (an archive backfill raises the caps and reads sitemap
indexes too). Items are known by their GUID (RSS ``guid``, Atom ``id``) or,
without one, by their canonical URL; items without a link are skipped, and a
feed none of whose items has a link is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import etree

from voxpress.errors import VoxpressError

MAX_FEED_BYTES = 5_000_000
"""Largest feed or sitemap accepted."""
MAX_ITEMS = 1_000
"""Most items a feed may hold (a news sitemap's own limit is 1,000 URLs)."""

_ATOM = "http://www.w3.org/2005/Atom"
_SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
_NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
_CONTENT = "http://purl.org/rss/1.0/modules/content/"
_DC = "http://purl.org/dc/elements/1.1/"
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


class FeedError(VoxpressError):
    """A feed that cannot be read: not XML, not a feed, too large, or with an entity bomb."""

    http_status = 422


@dataclass(frozen=True)
class FeedItem:
    """One story announced by a feed."""

    key: str
    """GUID, or canonical URL when the feed gives none: how the story is known across polls."""
    url: str
    """The story's page."""
    title: str = ""
    published: str | None = None
    """Publication or update date as the feed writes it."""
    content_html: str | None = None
    """Full content carried by the feed (``content:encoded``, Atom ``content``), if any."""


@dataclass(frozen=True)
class Feed:
    """A parsed feed."""

    kind: str
    """``rss``, ``atom`` or ``sitemap``."""
    title: str
    items: tuple[FeedItem, ...]
    skipped: int = 0
    """Items left out because they had no link."""


def canonical_url(url: str) -> str:
    """``url`` without its fragment, with the scheme and host in lower case."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False
    )


def _text(element: etree._Element | None) -> str:
    return "" if element is None else "".join(element.itertext()).strip()


def _is_web_url(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https") and bool(urlsplit(url).hostname)


def _check_count(count: int, limit: int) -> None:
    if count > limit:
        raise FeedError(f"The feed has {count:,} items; the limit is {limit:,}.")


def parse_feed(
    data: bytes,
    base_url: str = "",
    *,
    max_items: int = MAX_ITEMS,
    max_bytes: int = MAX_FEED_BYTES,
    sitemap_index: bool = False,
) -> Feed:
    """The items of an RSS 2.0, Atom or news-sitemap document, or a ``FeedError`` saying why not.

    An archive reads larger documents (``max_items``, ``max_bytes``) and, with
    ``sitemap_index``, a sitemap index too: a ``sitemapindex`` feed whose items are its sitemaps."""
    if len(data) > max_bytes:
        raise FeedError(f"The feed is larger than the limit of {max_bytes:,} bytes.")
    if not data.strip():
        raise FeedError("The feed is empty.")
    if _ENTITY_DECLARATION.search(data):
        raise FeedError("The feed declares XML entities, which voxpress refuses (an entity bomb).")
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as error:
        raise FeedError(f"The feed is not well-formed XML: {error}") from error
    if root is None:
        raise FeedError("The feed is not XML.")
    tag = etree.QName(root).localname
    namespace = etree.QName(root).namespace
    if tag == "rss" or tag == "RDF":
        items, title = _rss_items(root, base_url, max_items)
        kind = "rss"
    elif tag == "feed" and namespace == _ATOM:
        items, title = _atom_items(root, base_url, max_items)
        kind = "atom"
    elif tag == "urlset" and namespace == _SITEMAP:
        items, title = _sitemap_items(root, base_url, max_items)
        kind = "sitemap"
    elif tag == "sitemapindex" and namespace == _SITEMAP and sitemap_index:
        items, title = _sitemap_items(root, base_url, max_items, entry_tag="sitemap")
        kind = "sitemapindex"
    else:
        raise FeedError(f"The document is XML but not an RSS, Atom or sitemap feed (its root is <{tag}>).")
    linked = tuple(item for item in items if item is not None)
    if items and not linked:
        raise FeedError(f"None of the feed's {len(items)} items has a link to a story.")
    unique: dict[str, FeedItem] = {}
    for item in linked:
        unique.setdefault(item.key, item)
    return Feed(kind=kind, title=title, items=tuple(unique.values()), skipped=len(items) - len(linked))


def _rss_items(root: etree._Element, base_url: str, limit: int) -> tuple[list[FeedItem | None], str]:
    channel = root.find("channel")
    title = _text(channel.find("title")) if channel is not None else ""
    elements = root.iter("item", "{http://purl.org/rss/1.0/}item")
    items: list[FeedItem | None] = []
    for count, element in enumerate(elements, start=1):
        _check_count(count, limit)
        link = _text(element.find("link")) or _text(element.find("{http://purl.org/rss/1.0/}link"))
        guid_element = element.find("guid")
        guid = _text(guid_element)
        if (
            not link
            and guid
            and guid_element is not None
            and guid_element.get("isPermaLink", "true") != "false"
        ):
            link = guid
        url = urljoin(base_url, link) if link else ""
        if not url or not _is_web_url(url):
            items.append(None)
            continue
        items.append(
            FeedItem(
                key=guid or canonical_url(url),
                url=url,
                title=_text(element.find("title")),
                published=_text(element.find("pubDate")) or _text(element.find(f"{{{_DC}}}date")) or None,
                content_html=_text(element.find(f"{{{_CONTENT}}}encoded")) or None,
            )
        )
    return items, title


def _atom_items(root: etree._Element, base_url: str, limit: int) -> tuple[list[FeedItem | None], str]:
    items: list[FeedItem | None] = []
    for count, entry in enumerate(root.iterfind(f"{{{_ATOM}}}entry"), start=1):
        _check_count(count, limit)
        link = ""
        for candidate in entry.iterfind(f"{{{_ATOM}}}link"):
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                link = candidate.get("href", "")
                break
        url = urljoin(base_url, link) if link else ""
        if not url or not _is_web_url(url):
            items.append(None)
            continue
        content = entry.find(f"{{{_ATOM}}}content")
        items.append(
            FeedItem(
                key=_text(entry.find(f"{{{_ATOM}}}id")) or canonical_url(url),
                url=url,
                title=_text(entry.find(f"{{{_ATOM}}}title")),
                published=_text(entry.find(f"{{{_ATOM}}}updated"))
                or _text(entry.find(f"{{{_ATOM}}}published"))
                or None,
                content_html=_text(content)
                if content is not None and content.get("type") == "html"
                else None,
            )
        )
    return items, _text(root.find(f"{{{_ATOM}}}title"))


def _sitemap_items(
    root: etree._Element, base_url: str, limit: int, entry_tag: str = "url"
) -> tuple[list[FeedItem | None], str]:
    """The ``<url>`` entries of a sitemap (``entry_tag="sitemap"``: the sitemaps of an index)."""
    items: list[FeedItem | None] = []
    for count, element in enumerate(root.iterfind(f"{{{_SITEMAP}}}{entry_tag}"), start=1):
        _check_count(count, limit)
        location = _text(element.find(f"{{{_SITEMAP}}}loc"))
        url = urljoin(base_url, location) if location else ""
        if not url or not _is_web_url(url):
            items.append(None)
            continue
        news = element.find(f"{{{_NEWS}}}news")
        title = _text(news.find(f"{{{_NEWS}}}title")) if news is not None else ""
        published = _text(news.find(f"{{{_NEWS}}}publication_date")) if news is not None else ""
        items.append(
            FeedItem(
                key=canonical_url(url),
                url=url,
                title=title,
                published=published or _text(element.find(f"{{{_SITEMAP}}}lastmod")) or None,
            )
        )
    return items, ""
