"""Feed parsing: RSS 2.0, Atom and news sitemaps, and the hostile or broken feeds it refuses."""

from __future__ import annotations

import time

import pytest

from voxpress.errors import InputError
from voxpress.publish.feeds import MAX_ITEMS, FeedError, parse_feed
from voxpress.publish.publisher import backoff_seconds, parse_interval

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Valley Gazette</title>
<item><title>Bridge reopens</title><link>/news/bridge</link><guid isPermaLink="false">gz-101</guid>
<pubDate>Tue, 01 Dec 2026 08:00:00 GMT</pubDate></item>
<item><title>No link here</title><description>Just words.</description></item>
<item><title>Permalink guid</title><guid>https://gazette.example/news/market</guid></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Hill Post</title>
<entry><id>tag:hill.example,2026:7</id><title>Snow on the pass</title>
<link rel="alternate" href="https://hill.example/snow"/><updated>2026-12-01T07:00:00Z</updated></entry>
</feed>"""

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://coast.example/harbour#top</loc><news:news><news:title>Harbour news</news:title>
<news:publication_date>2026-12-01</news:publication_date></news:news></url>
</urlset>"""


def test_rss_items_by_guid_and_links_resolved() -> None:
    feed = parse_feed(RSS, "https://gazette.example/feed.xml")
    assert feed.kind == "rss" and feed.title == "Valley Gazette"
    assert [(i.key, i.url) for i in feed.items] == [
        ("gz-101", "https://gazette.example/news/bridge"),
        ("https://gazette.example/news/market", "https://gazette.example/news/market"),
    ]
    assert feed.skipped == 1


def test_atom_and_news_sitemap() -> None:
    atom = parse_feed(ATOM)
    assert atom.kind == "atom" and atom.items[0].key == "tag:hill.example,2026:7"
    assert atom.items[0].url == "https://hill.example/snow"
    sitemap = parse_feed(SITEMAP)
    assert sitemap.kind == "sitemap" and sitemap.items[0].title == "Harbour news"
    assert sitemap.items[0].key == "https://coast.example/harbour"


def test_billion_laughs_is_refused_quickly() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    bomb += b"".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'.encode()
        for n in range(1, 10)
    )
    bomb += (
        b"]><rss><channel><item><title>&lol9;</title><link>https://a.example/</link></item></channel></rss>"
    )
    started = time.monotonic()
    with pytest.raises(FeedError, match="entit"):
        parse_feed(bomb)
    assert time.monotonic() - started < 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html><body>not a feed</body></html>", "not an RSS"),
        (b"this is not XML at all", "not well-formed"),
        (b"", "empty"),
        (
            b"<rss><channel><item><title>a</title></item><item><title>b</title></item></channel></rss>",
            "None of",
        ),
        (b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss>&x;</rss>', "entit"),
    ],
)
def test_broken_feeds_are_clear_errors(data: bytes, message: str) -> None:
    with pytest.raises(FeedError, match=message):
        parse_feed(data)


def test_a_million_items_are_refused() -> None:
    item = b"<item><link>https://a.example/x</link></item>"
    huge = b"<rss><channel>" + item * 1_000_000 + b"</channel></rss>"
    with pytest.raises(FeedError, match="larger than the limit"):
        parse_feed(huge)
    many = b"<rss><channel>" + item * (MAX_ITEMS + 1) + b"</channel></rss>"
    with pytest.raises(FeedError, match="items; the limit"):
        parse_feed(many)


def test_intervals_and_backoff() -> None:
    assert parse_interval("10m") == 600 and parse_interval("2h") == 7200 and parse_interval("45") == 45
    with pytest.raises(InputError):
        parse_interval("soon")
    assert [backoff_seconds(60, n) for n in (1, 2, 3)] == [60, 120, 240]
    assert backoff_seconds(600, 30) == 6 * 3600
