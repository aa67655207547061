"""``voxpress backfill`` on one machine (SQLite, the in-process pool, real Piper) and its parsing.

Feeds, sitemaps and URL lists are texts written here; their links are local
HTML files, so nothing is fetched from the network.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from publish_support import SiteServer
from voxpress.distributed.backfill import BackfillOptions, parse_archive, run_backfill, select_entries
from voxpress.publish.feeds import FeedError, parse_feed
from voxpress.settings import Settings
from voxpress.store import backfills
from voxpress.store.db import Store

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"

PAGE = """<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>{body}</p></article></body></html>"""

STORIES = [
    (
        "Bakery wins the county bread prize",
        "The family bakery on Mill Street won the county prize for its rye loaf on Saturday. "
        "The judges praised the crust and the even crumb of the winning bread.",
    ),
    (
        "Night buses return to the coast road",
        "Night buses will run again on the coast road from next month. "
        "The council said the service will run every hour between midnight and five in the morning.",
    ),
    (
        "Choir raises money for the old organ",
        "The town choir raised enough money at its spring concert to repair the church organ. "
        "Work on the pipes will start in the summer and take about six weeks.",
    ),
]


def write_pages(folder: Path) -> list[Path]:
    paths = []
    for index, (title, body) in enumerate(STORIES):
        path = folder / f"story{index}.html"
        path.write_text(PAGE.format(title=title, body=body), encoding="utf-8")
        paths.append(path)
    return paths


def test_rss_atom_sitemap_and_url_list_are_read(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><link>https://news.example/a</link><pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate></item>
<item><link>https://news.example/b</link><pubDate>Sun, 01 Feb 2026 10:00:00 GMT</pubDate></item>
</channel></rss>"""
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="https://news.example/c"/>
<updated>2026-04-01T08:00:00Z</updated></entry></feed>"""
    sitemap = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://news.example/d</loc><lastmod>2026-05-02</lastmod></url></urlset>"""
    listed = b"# archive\nhttps://news.example/e\n\nhttps://news.example/f\n"
    assert [e.url for e in parse_archive(rss, settings)] == [
        "https://news.example/a",
        "https://news.example/b",
    ]
    assert parse_archive(atom, settings)[0].published is not None
    assert [e.url for e in parse_archive(sitemap, settings)] == ["https://news.example/d"]
    assert [e.url for e in parse_archive(listed, settings)] == [
        "https://news.example/e",
        "https://news.example/f",
    ]
    entries = parse_archive(rss, settings)
    assert [e.url for e in select_entries(entries, date(2026, 3, 1), None)] == ["https://news.example/a"]
    assert [e.url for e in select_entries(entries, None, 1)] == ["https://news.example/a"]


def test_hostile_xml_is_refused_without_expanding_entities(tmp_path: Path) -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>
<rss><channel><item><link>&b;</link></item></channel></rss>"""
    with pytest.raises(FeedError, match="entity bomb"):
        parse_archive(bomb, Settings(data_dir=tmp_path))
    with pytest.raises(FeedError, match="not an RSS, Atom or sitemap"):
        parse_archive(b"<html><body>not a feed</body></html>", Settings(data_dir=tmp_path))


def test_a_sitemap_index_is_followed_to_its_sitemaps(tmp_path: Path) -> None:
    """The archive's feeds are read by the publisher's parser, which reads indexes for archives only."""
    with SiteServer() as site:
        for year in (2025, 2026):
            site.pages[f"/{year}.xml"] = (
                "application/xml",
                f'<urlset xmlns="{SITEMAP_NS}"><url><loc>https://news.example/{year}/story</loc>'
                f"<lastmod>{year}-01-02</lastmod></url></urlset>".encode(),
            )
        index = "".join(f"<sitemap><loc>{site.url}/{year}.xml</loc></sitemap>" for year in (2025, 2026))
        data = f'<sitemapindex xmlns="{SITEMAP_NS}">{index}</sitemapindex>'.encode()
        with pytest.raises(FeedError):  # a source the publisher polls is never an index
            parse_feed(data)
        entries = parse_archive(data, Settings(data_dir=tmp_path))
    assert [entry.url for entry in entries] == [
        "https://news.example/2025/story",
        "https://news.example/2026/story",
    ]
    assert [entry.published.year for entry in entries if entry.published] == [2025, 2026]


@pytest.mark.slow
def test_backfill_is_resumable_idempotent_and_lists_failures(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    pages = write_pages(tmp_path)
    url_list = tmp_path / "archive.txt"
    missing = tmp_path / "gone.html"
    url_list.write_text("\n".join([*(str(p) for p in pages[:2]), str(missing)]) + "\n", encoding="utf-8")
    first = run_backfill(BackfillOptions(source=str(url_list)), settings)
    assert (first.total, first.done, first.failed) == (3, 2, 1)
    assert first.failures[0].url == str(missing) and first.failures[0].reason
    # The archive grows and the missing page appears: a second run continues, narrating only what is new.
    url_list.write_text(url_list.read_text() + f"{pages[2]}\n", encoding="utf-8")
    missing.write_text(
        PAGE.format(title="Lost page found", body=STORIES[0][1].replace("rye", "oat")), encoding="utf-8"
    )
    second = run_backfill(BackfillOptions(source=str(url_list), retry_failed=True), settings)
    assert (second.id, second.total, second.done, second.failed) == (first.id, 4, 4, 0)
    store = Store(settings.resolved_database_url)
    try:
        jobs = store.list_jobs()
        assert len(jobs) == 4, "each article narrated once, nothing twice"
        assert all(job.status == "done" and job.attempts == 1 for job in jobs)
        from voxpress.server import create_app

        with TestClient(create_app(settings, warm=False)) as client:
            body = client.get(f"/api/backfills/{first.id}").json()
            assert (body["total"], body["done"], body["failed"], body["finished"]) == (4, 4, 0, True)
            assert body["rate_per_hour"] > 0
            assert client.get("/api/backfills/nope").status_code == 404
        assert len(backfills.items(store, first.id)) == 4
    finally:
        store.close()
