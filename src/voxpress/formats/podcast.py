"""Podcast RSS with the Podcasting 2.0 namespace and the iTunes tags Apple and Spotify require.

``podcast_feed`` writes RSS 2.0 from plain dataclasses: per channel the
title, link, description, language, ``itunes:image`` (square, 1400–3000 px),
``itunes:category``, ``itunes:explicit``, ``itunes:author``, ``itunes:owner``,
``podcast:guid`` (the UUIDv5 of the feed URL, as the namespace specifies) and
an ``atom:link`` to itself; per item the title, link, description, exact
``enclosure`` length and type, a permanent ``guid``, ``pubDate``,
``itunes:duration``, ``podcast:transcript`` (WebVTT, SRT, JSON) and
``podcast:chapters``. ``cover_png`` draws the square cover image.
"""

from __future__ import annotations

import struct
import uuid
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from urllib.parse import urlsplit

from lxml import etree

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
"""The namespace UUID the Podcasting 2.0 spec fixes for ``podcast:guid``."""
COVER_SIZE = 1400
"""Side of the cover image in pixels (Apple: 1400 to 3000, square)."""


@dataclass(frozen=True)
class Transcript:
    url: str
    media_type: str
    """``text/vtt``, ``application/srt`` or ``application/json``."""


@dataclass(frozen=True)
class PodcastItem:
    """One story's episode."""

    guid: str
    """Permanent: the same for every revision of the story."""
    title: str
    link: str
    description: str
    audio_url: str
    audio_bytes: int
    """Exact size of the file at ``audio_url``."""
    audio_type: str
    duration_seconds: float
    published: datetime
    transcripts: tuple[Transcript, ...] = ()
    chapters_url: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class PodcastChannel:
    """The show."""

    title: str
    link: str
    feed_url: str
    """Where this feed is served (``atom:link rel=self``, and the seed of ``podcast:guid``)."""
    description: str
    image_url: str
    language: str = "en"
    author: str = "voxpress"
    owner_email: str = "podcasts@example.invalid"
    category: str = "News"
    explicit: bool = False
    items: list[PodcastItem] = field(default_factory=list)


def podcast_guid(feed_url: str) -> str:
    """The Podcasting 2.0 GUID of a feed: UUIDv5 of its URL without scheme and trailing slashes."""
    parts = urlsplit(feed_url)
    seed = (parts.netloc + parts.path + (f"?{parts.query}" if parts.query else "")).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, seed))


def itunes_duration(seconds: float) -> str:
    """``HH:MM:SS``."""
    total = max(1, round(seconds))
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag, {k.replace("_", ""): v for k, v in attributes.items()})
    if text is not None:
        element.text = text
    return element


def podcast_feed(channel: PodcastChannel) -> bytes:
    """The channel and its items as podcast RSS (UTF-8 bytes)."""
    nsmap = {"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM, "content": CONTENT}
    rss = etree.Element("rss", nsmap=nsmap, version="2.0")
    show = _sub(rss, "channel")
    _sub(show, "title", channel.title)
    _sub(show, "link", channel.link)
    _sub(show, "description", channel.description)
    _sub(show, "language", channel.language)
    _sub(show, "generator", "voxpress")
    _sub(show, f"{{{ATOM}}}link", href=channel.feed_url, rel="self", type="application/rss+xml")
    image = _sub(show, "image")
    _sub(image, "url", channel.image_url)
    _sub(image, "title", channel.title)
    _sub(image, "link", channel.link)
    _sub(show, f"{{{ITUNES}}}image", href=channel.image_url)
    etree.SubElement(show, f"{{{ITUNES}}}category", {"text": channel.category})
    _sub(show, f"{{{ITUNES}}}explicit", "true" if channel.explicit else "false")
    _sub(show, f"{{{ITUNES}}}author", channel.author)
    _sub(show, f"{{{ITUNES}}}summary", channel.description)
    _sub(show, f"{{{ITUNES}}}type", "episodic")
    owner = _sub(show, f"{{{ITUNES}}}owner")
    _sub(owner, f"{{{ITUNES}}}name", channel.author)
    _sub(owner, f"{{{ITUNES}}}email", channel.owner_email)
    _sub(show, f"{{{PODCAST}}}guid", podcast_guid(channel.feed_url))
    _sub(show, f"{{{PODCAST}}}locked", "no")
    _sub(show, f"{{{PODCAST}}}medium", "podcast")
    for item in channel.items:
        episode = _sub(show, "item")
        _sub(episode, "title", item.title)
        _sub(episode, "link", item.link)
        _sub(episode, "description", item.description)
        _sub(episode, "guid", item.guid, isPermaLink="false")
        _sub(episode, "pubDate", format_datetime(item.published))
        _sub(episode, "enclosure", url=item.audio_url, length=str(item.audio_bytes), type=item.audio_type)
        _sub(episode, f"{{{ITUNES}}}duration", itunes_duration(item.duration_seconds))
        _sub(episode, f"{{{ITUNES}}}explicit", "true" if channel.explicit else "false")
        _sub(episode, f"{{{ITUNES}}}episodeType", "full")
        if item.author:
            _sub(episode, f"{{{ITUNES}}}author", item.author)
        for transcript in item.transcripts:
            _sub(episode, f"{{{PODCAST}}}transcript", url=transcript.url, type=transcript.media_type)
        if item.chapters_url:
            _sub(episode, f"{{{PODCAST}}}chapters", url=item.chapters_url, type="application/json+chapters")
    return bytes(etree.tostring(rss, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def cover_png(size: int = COVER_SIZE, colour: tuple[int, int, int] = (32, 64, 96)) -> bytes:
    """A plain square cover image as PNG, with a lighter band across its middle."""
    band = tuple(min(255, c + 96) for c in colour)
    plain_row = b"\x00" + bytes(colour) * size
    band_row = b"\x00" + bytes(band) * size
    rows = [band_row if size * 0.45 <= y < size * 0.55 else plain_row for y in range(size)]

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )
