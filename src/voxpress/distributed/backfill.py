"""``voxpress backfill``: an archive (feed, sitemap or list of URLs) queued for narration.

``archive_entries`` reads the source: RSS 2.0 and Atom feeds, sitemaps and
sitemap indexes (with the publisher's safe parser, ``publish.feeds``, at an
archive's caps), or a text file of URLs (or local file paths), one a line. ``--since`` keeps dated entries
on or after the day (undated ones are left out), ``--limit`` the newest N.
``run_backfill`` records the entries as the backfill's items (the same source
and options are the same backfill, so a second run continues the first), then
fetches each pending item, stores its article and submits its narration: to
the Celery workers when a broker is set, else to an in-process pool that this
command runs until the end. A narration that already exists is not made again;
a failure is recorded with its reason, and ``--retry-failed`` tries it again.
"""

from __future__ import annotations

import gzip
import re
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from voxpress.article import Article
from voxpress.errors import InputError, VoxpressError
from voxpress.jobs.queue import JobQueue, failure_message
from voxpress.publish.feeds import parse_feed
from voxpress.settings import Settings
from voxpress.store import backfills
from voxpress.store.backfills import BackfillSummary
from voxpress.store.db import Store

MAX_SOURCE_BYTES = 50_000_000
"""Largest feed, sitemap or URL list read (after decompression)."""
MAX_SITEMAP_DEPTH = 2
"""Sitemap indexes followed this deep."""
MAX_ARCHIVE_ITEMS = 50_000
"""Most entries of one feed or sitemap (the sitemap protocol's own limit; an index holds more)."""
POLL_SECONDS = 1.0


@dataclass(frozen=True)
class BackfillOptions:
    source: str
    voice: str | None = None
    speed: float = 1.0
    since: date | None = None
    limit: int | None = None
    retry_failed: bool = False


@dataclass(frozen=True)
class ArchiveEntry:
    """One article of an archive: where it is and, when the source says, when it was published."""

    url: str
    published: datetime | None = None


def _is_remote(name: str) -> bool:
    return bool(re.match(r"^https?://", name, re.IGNORECASE))


def read_source(name: str, settings: Settings) -> bytes:
    """The bytes of a feed, sitemap or URL list named by a URL or a path (``.gz`` unpacked)."""
    try:
        if _is_remote(name):
            limits = settings.fetch
            with httpx.stream(
                "GET",
                name,
                timeout=limits.timeout_seconds,
                follow_redirects=True,
                headers={"User-Agent": limits.user_agent},
            ) as response:
                response.raise_for_status()
                data = bytearray()
                for part in response.iter_bytes():
                    data.extend(part)
                    if len(data) > MAX_SOURCE_BYTES:
                        raise InputError(f"{name} is larger than {MAX_SOURCE_BYTES // 1_000_000} MB.")
                raw = bytes(data)
        else:
            path = Path(name.removeprefix("file://"))
            if path.stat().st_size > MAX_SOURCE_BYTES:
                raise InputError(f"{name} is larger than {MAX_SOURCE_BYTES // 1_000_000} MB.")
            raw = path.read_bytes()
    except (OSError, httpx.HTTPError) as error:
        raise InputError(f"Cannot read the backfill source {name}: {error}") from error
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as error:
            raise InputError(f"{name} is not a readable gzip file.") from error
    return raw


def _date(text: str | None) -> datetime | None:
    if not text or not text.strip():
        return None
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_archive(data: bytes, settings: Settings, depth: int = 0) -> list[ArchiveEntry]:
    """The entries of a feed, sitemap (index) or URL list, in the source's order; feeds and
    sitemaps are read by the publisher's parser (``publish.feeds``) with an archive's caps."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"<":
        lines = data.decode("utf-8", errors="replace").splitlines()
        return [
            ArchiveEntry(line.strip()) for line in lines if line.strip() and not line.lstrip().startswith("#")
        ]
    feed = parse_feed(data, max_items=MAX_ARCHIVE_ITEMS, max_bytes=MAX_SOURCE_BYTES, sitemap_index=True)
    if feed.kind != "sitemapindex":
        return [ArchiveEntry(item.url, _date(item.published)) for item in feed.items]
    if depth >= MAX_SITEMAP_DEPTH:
        raise InputError("Sitemap indexes nest deeper than voxpress follows.")
    entries: list[ArchiveEntry] = []
    for sitemap in feed.items:
        entries.extend(parse_archive(read_source(sitemap.url, settings), settings, depth + 1))
    return entries


def select_entries(entries: list[ArchiveEntry], since: date | None, limit: int | None) -> list[ArchiveEntry]:
    """Entries on or after ``since`` (dated ones only), the newest ``limit`` of them; duplicates dropped."""
    unique = list({entry.url: entry for entry in reversed(entries)}.values())[::-1]
    if since is not None:
        unique = [entry for entry in unique if entry.published and entry.published.date() >= since]
    if limit is not None:
        if all(entry.published for entry in unique):
            unique = sorted(unique, key=lambda entry: entry.published or datetime.min, reverse=True)
        unique = unique[: max(0, limit)]
    return unique


def archive_entries(options: BackfillOptions, settings: Settings) -> list[ArchiveEntry]:
    return select_entries(
        parse_archive(read_source(options.source, settings), settings), options.since, options.limit
    )


def _load_article_input(url: str, settings: Settings) -> Article:
    from voxpress.extract import extract_article, load_input

    return extract_article(load_input(url.removeprefix("file://"), settings), settings)


def queue_pending(
    store: Store, queue: JobQueue, backfill: str, options: BackfillOptions, settings: Settings
) -> int:
    """Fetch, store and submit every pending item (and failed ones when retrying); returns how many."""
    from voxpress.voices import default_voice_id

    submitted = 0
    for item in backfills.items(store, backfill):
        retrying = options.retry_failed and item.status == "failed"
        if item.status != "pending" and not retrying:
            continue
        try:
            if retrying and item.job_id and item.article_id:
                job = queue.retry(item.job_id)
                backfills.set_item(store, item.id, "queued", article_id=item.article_id, job_id=job.id)
                submitted += 1
                continue
            article = _load_article_input(item.url, settings)
            record, _new = store.add_article(article)
            voice = options.voice or default_voice_id(article.language, settings)
            if store.get_narration(record.id, voice, options.speed, "mp3") is not None:
                backfills.set_item(store, item.id, "done", article_id=record.id)
                continue
            job = queue.submit(record.id, voice, options.speed, "mp3", retry=retrying)
            backfills.set_item(store, item.id, "queued", article_id=record.id, job_id=job.id)
            submitted += 1
        except VoxpressError as error:
            backfills.set_item(store, item.id, "failed", error=str(error))
        except Exception as error:
            backfills.set_item(store, item.id, "failed", error=failure_message(error))
    return submitted


def _queue_for(store: Store, settings: Settings) -> JobQueue:
    if settings.broker_url:
        from voxpress.distributed.queue import CeleryJobQueue

        return CeleryJobQueue(store, settings)
    from voxpress.jobs.narration import NarrationRunner
    from voxpress.jobs.queue import ThreadJobQueue

    runner = NarrationRunner.from_settings(store, settings)
    return ThreadJobQueue.from_settings(store, runner, settings)


def follow(
    store: Store, backfill: str, console: Console | None, timeout: float | None = None
) -> BackfillSummary:
    """Show progress (bar, rate, ETA) until every item is narrated or failed."""
    started = time.monotonic()
    current = backfills.summary(store, backfill)
    with Progress(
        TextColumn("[bold]backfill[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.0f}/h"),
        TextColumn("failed {task.fields[failed]}"),
        TimeRemainingColumn(),
        console=console,
        transient=False,
        disable=console is None,
    ) as progress:
        task = progress.add_task("narrating", total=current.total, rate=0.0, failed=0)
        while True:
            current = backfills.summary(store, backfill)
            progress.update(
                task,
                total=current.total,
                completed=current.done + current.failed,
                rate=current.rate_per_hour,
                failed=current.failed,
            )
            if current.finished or (timeout is not None and time.monotonic() - started > timeout):
                return current
            time.sleep(POLL_SECONDS)


def run_backfill(
    options: BackfillOptions, settings: Settings, *, wait: bool = True, console: Console | None = None
) -> BackfillSummary:
    """Record the archive's entries, queue what is not narrated yet and (``wait``) follow it to the end."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    entries = archive_entries(options, settings)
    store = Store(settings.resolved_database_url)
    queue = _queue_for(store, settings)
    queue.start()
    try:
        backfill = backfills.open_backfill(
            store,
            options.source,
            options.voice,
            options.speed,
            options.since.isoformat() if options.since else None,
            options.limit,
        )
        backfills.add_items(store, backfill, [entry.url for entry in entries])
        queue_pending(store, queue, backfill, options, settings)
        if wait or not settings.broker_url:  # without a broker this process does the work
            return follow(store, backfill, console)
        return backfills.summary(store, backfill)
    finally:
        queue.stop()
        store.close()
