"""The publisher: stories in from feeds and webhooks, narrated, kept current, removed on request.

``Publisher.publish`` is the one path every story takes: the article is
stored (the same content is the same article), the story row points at it,
and a narration job starts (the queue dedupes, so the same content twice is
one narration). An edit is a new article: the story keeps its id, so its
public audio URL and feed GUID stay, and the sentence cache means only the
sentences whose spoken text changed are synthesized again; the old article
and its files go once no story points at them.

``Publisher.poll`` reads one source with a conditional request and publishes
its new and changed items; a failure is recorded on the source with an
exponential back-off and never stops the other sources. ``start`` runs the
in-process scheduler: one thread that polls whatever is due.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

from voxpress.article import Article
from voxpress.errors import InputError, VoiceError, VoxpressError
from voxpress.extract import RawInput, extract_article
from voxpress.jobs.queue import JobQueue
from voxpress.publish.feeds import FeedItem, canonical_url, parse_feed
from voxpress.publish.fetching import fetch_feed, fetch_page
from voxpress.publish.models import KEEP, WEBHOOK_SOURCE, Keep, PublishStore, SourceRecord, StoryRecord
from voxpress.settings import Settings
from voxpress.store.db import ArticleRecord, Store, article_content_hash

if TYPE_CHECKING:
    from voxpress.store.files import NarrationFiles
    from voxpress.voices.base import VoiceInfo


class NarrationStarter(Protocol):
    """What the publisher needs of the server's narration service (``server.narrations``)."""

    files: NarrationFiles

    def voices(self) -> list[VoiceInfo]: ...

    def key(self, article: ArticleRecord, voice: str | None, speed: float | None, fmt: str | None) -> Any: ...

    def ensure(self, key: Any, *, listener: bool = False) -> Any: ...


logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 6 * 3600.0
"""A failing source is retried at its interval doubled per failure, at most this far apart."""
SCHEDULER_TICK_SECONDS = 1.0
"""How often the scheduler looks for due sources."""
MIN_INTERVAL_SECONDS = 1.0
DEFAULT_INTERVAL_SECONDS = 600.0
MAX_FETCHES_PER_POLL = 50
"""Story pages fetched in one poll; a feed with more new or changed items continues next poll."""


def item_fingerprint(item: FeedItem) -> str:
    """What the feed says about an item; when it has not changed, its page is not fetched again."""
    material = "\n".join((item.url, item.title, item.published or "", item.content_html or ""))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def parse_interval(text: str) -> float:
    """``90``, ``30s``, ``10m``, ``2h`` or ``1d`` → seconds."""
    value = text.strip().lower()
    units = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
    factor = units.get(value[-1:])
    number = value[:-1] if factor is not None else value
    try:
        seconds = float(number) * (factor or 1.0)
    except ValueError as error:
        raise InputError(f"The interval {text!r} is not a duration like 30s, 10m or 2h.") from error
    if not MIN_INTERVAL_SECONDS <= seconds <= 7 * 86400:
        raise InputError(f"The interval {text!r} must be between 1 second and 7 days.")
    return seconds


def backoff_seconds(every: float, failures: int) -> float:
    """Wait before retrying a source that has failed ``failures`` times in a row."""
    return min(every * 2 ** max(0, failures - 1), MAX_BACKOFF_SECONDS)


@dataclass(frozen=True)
class Published:
    """What publishing one story did."""

    story: StoryRecord
    status: str
    """``new``, ``updated`` or ``unchanged``."""
    job_id: str | None


@dataclass
class PollReport:
    """What one poll of a source found."""

    source: SourceRecord
    not_modified: bool = False
    published: list[Published] = field(default_factory=list)
    item_errors: list[str] = field(default_factory=list)
    """One line per item that could not be read (the others were still published)."""

    def to_dict(self) -> dict[str, object]:
        counts = {
            status: sum(1 for p in self.published if p.status == status) for status in ("new", "updated")
        }
        return {
            "source": self.source.to_dict(),
            "not_modified": self.not_modified,
            "new": counts["new"],
            "updated": counts["updated"],
            "unchanged": sum(1 for p in self.published if p.status == "unchanged"),
            "stories": [p.story.to_dict() for p in self.published],
            "item_errors": self.item_errors,
        }


def article_from_text(title: str, text: str, url: str | None = None) -> Article:
    """An article from a CMS's plain text: blank lines part the paragraphs."""
    paragraphs = tuple(" ".join(block.split()) for block in text.split("\n\n") if block.strip())
    if not paragraphs and not title.strip():
        raise InputError("The story is empty: send a title and some text.")
    return Article(title=" ".join(title.split()), paragraphs=paragraphs, url=url)


class Publisher:
    """Sources, stories and their narrations over one store, job queue and narration service."""

    def __init__(self, settings: Settings, store: Store, queue: JobQueue, service: NarrationStarter) -> None:
        self.settings = settings
        self.store = store
        self.queue = queue
        self.service = service
        self.stories = PublishStore(store)
        self._poll_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # Stories

    def publish(
        self,
        source_id: str,
        key: str,
        article: Article,
        *,
        voice: str | None = None,
        url: str | None = None,
        item_hash: str | None = None,
    ) -> Published:
        """Store and narrate a story (new, edited or unchanged); the voice is checked first."""
        if voice is not None and voice not in {info.id for info in self.service.voices()}:
            raise VoiceError(f"Unknown voice '{voice}'; GET /api/voices lists the installed voices.")
        record, _new_article = self.store.add_article(article)
        narration_key = self.service.key(record, voice, 1.0, "mp3")
        story, status, previous = self.stories.save_story(
            source_id,
            key,
            article_id=record.id,
            content_hash=article_content_hash(article),
            url=url or article.url,
            title=article.title,
            voice=voice,
            item_hash=item_hash,
        )
        if previous is not None:
            self._forget_article(previous)
        state = self.service.ensure(narration_key)
        return Published(story=story, status=status, job_id=state.job.id if state.job else None)

    def _forget_article(self, article_id: str) -> None:
        """Delete an article no story points at any more, with its narrations and files."""
        if self.stories.stories_of_article(article_id):
            return
        try:
            self.queue.cancel_article(article_id)
            self.store.delete_article(article_id)
            self.service.files.remove_article(article_id)
        except VoxpressError:
            pass  # already gone

    def unpublish(self, story: StoryRecord) -> None:
        """Remove a story, its narration and its feed items."""
        self.stories.remove_story(story.id)
        self._forget_article(story.article_id)

    # Sources

    def add_source(
        self, url: str, voice: str | None = None, every: str | float = DEFAULT_INTERVAL_SECONDS
    ) -> SourceRecord:
        cleaned = url.strip()
        parts = cleaned.split("://", 1)
        if len(parts) != 2 or parts[0].lower() not in ("http", "https") or not parts[1]:
            raise InputError("A source must be an http or https URL of an RSS, Atom or sitemap feed.")
        seconds = parse_interval(every) if isinstance(every, str) else float(every)
        self._check_voice(voice)
        return self.stories.add_source(cleaned, voice, seconds)

    def edit_source(
        self,
        source_id: str,
        *,
        voice: str | Keep | None = KEEP,
        every: str | None = None,
        paused: bool | None = None,
    ) -> SourceRecord:
        """Change a source's voice (None: the language's default; for stories published from
        now on), its poll interval or whether it is paused."""
        if voice is not KEEP:
            self._check_voice(voice)
        seconds = None if every is None else parse_interval(every)
        return self.stories.edit_source(source_id, voice=voice, every_seconds=seconds, paused=paused)

    def _check_voice(self, voice: str | None) -> None:
        if voice is not None and voice not in {info.id for info in self.service.voices()}:
            raise InputError(f"Unknown voice '{voice}'; GET /api/voices lists the installed voices.")

    def remove_source(self, source_id: str) -> None:
        for story in self.stories.remove_source(source_id):
            self._forget_article(story.article_id)

    def _item_article(self, item: FeedItem) -> Article:
        try:
            raw = fetch_page(item.url, self.settings)
        except VoxpressError:
            if not item.content_html:
                raise
            raw = RawInput(content=item.content_html, kind="html", name=item.url, url=item.url)
        article = extract_article(raw, self.settings)
        if item.title and not article.title:
            article = replace(article, title=item.title)
        return article if article.url else replace(article, url=item.url)

    def poll(self, source_id: str) -> PollReport:
        """Poll one source now: conditional fetch, parse, publish new and changed items."""
        with self._poll_lock:
            source = self.stories.get_source(source_id)
            try:
                response = fetch_feed(
                    source.url, self.settings, etag=source.etag, last_modified=source.last_modified
                )
                if response.not_modified:
                    return PollReport(self.stories.record_poll(source.id), not_modified=True)
                feed = parse_feed(response.body, response.url)
            except VoxpressError as error:
                self.stories.record_poll(
                    source.id,
                    error=str(error),
                    backoff_seconds=backoff_seconds(source.every_seconds, source.failures + 1),
                )
                raise
            report = PollReport(source)
            fetched = 0
            truncated = False
            for item in feed.items:
                fingerprint = item_fingerprint(item)
                known = self.stories.find_story(source.id, item.key)
                if known is not None and known.item_hash == fingerprint:
                    continue  # the feed says nothing changed: no fetch
                if fetched >= MAX_FETCHES_PER_POLL:
                    truncated = True  # the rest on the next poll, which must not be answered 304
                    break
                fetched += 1
                try:
                    article = self._item_article(item)
                    report.published.append(
                        self.publish(
                            source.id,
                            item.key,
                            article,
                            voice=source.voice,
                            url=item.url,
                            item_hash=fingerprint,
                        )
                    )
                except VoxpressError as error:
                    report.item_errors.append(f"{item.url}: {error}")
            report.source = self.stories.record_poll(
                source.id,
                etag=None if truncated else response.etag,
                last_modified=None if truncated else response.last_modified,
                kind=feed.kind,
                title=feed.title,
            )
            return report

    def poll_due(self) -> None:
        """Poll every due source; one failing source is logged and the others go on."""
        for source in self.stories.due_sources():
            if self._stop.is_set():
                return
            try:
                self.poll(source.id)
            except VoxpressError as error:
                logger.warning("source %s failed: %s", source.url, error)
            except Exception:
                logger.exception("polling %s failed unexpectedly", source.url)

    def start(self) -> None:
        """Start the scheduler thread."""
        if self._thread is not None:
            return
        self._stop.clear()

        def run() -> None:
            while not self._stop.wait(SCHEDULER_TICK_SECONDS):
                self.poll_due()

        self._thread = threading.Thread(target=run, name="voxpress-sources", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None

    def webhook_key(self, story_id: str | None, url: str | None) -> str:
        """How a pushed story is known: its CMS id, else its canonical URL."""
        if story_id:
            return f"id:{story_id}"
        if url:
            return canonical_url(url)
        raise InputError("Send the story's 'id' or 'url'.")


__all__ = ["WEBHOOK_SOURCE", "PollReport", "Published", "Publisher", "article_from_text", "parse_interval"]
