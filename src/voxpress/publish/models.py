"""The publisher's tables and their store: sources (feeds to poll) and stories (what they announced).

Two tables on the store's SQLAlchemy ``Base``, so they live in the same
database as the articles:

- ``publish_sources``: a feed or sitemap URL with its voice, poll interval,
  the validators of the last answer (ETag, Last-Modified), when it is next
  due, how many polls in a row failed and the last error, and whether it is
  paused (kept with its stories, not polled).
- ``publish_stories``: one row per story, known by ``(source_id, key)`` (a
  feed item's GUID or canonical URL, or a webhook's id). Its ``id`` is the
  story's public identity (audio URL, feed GUID) and never changes; an edit
  moves ``article_id`` to the new article and ``content_hash`` with it.

Callers get frozen records, never ORM objects.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    delete,
    false,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column, sessionmaker

from voxpress.errors import InputError, NotFoundError
from voxpress.store.db import Store, _aware, _Base, record_from_row, utc_now

WEBHOOK_SOURCE = "webhook"
"""``source_id`` of stories pushed through the webhook."""


class Keep(Enum):
    """``KEEP``: leave a field of a record as it is (where None is a value to set)."""

    KEEP = "keep"


KEEP = Keep.KEEP


class _SourceRow(_Base):
    __tablename__ = "publish_sources"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    voice: Mapped[str | None] = mapped_column(String(200), nullable=True)
    every_seconds: Mapped[float] = mapped_column(Float)
    etag: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_modified: Mapped[str | None] = mapped_column(Text, nullable=True)
    next_poll_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    last_polled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    paused: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class _StoryRow(_Base):
    __tablename__ = "publish_stories"
    __table_args__ = (UniqueConstraint("source_id", "key"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    source_id: Mapped[str] = mapped_column(String(32), index=True)
    key: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    title: Mapped[str] = mapped_column(Text, default="")
    voice: Mapped[str | None] = mapped_column(String(200), nullable=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    item_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class SourceRecord:
    """A registered feed or sitemap."""

    id: str
    url: str
    kind: str
    """``rss``, ``atom``, ``sitemap``, or empty before the first successful poll."""
    title: str
    voice: str | None
    """Voice id its stories are narrated in (None: the article language's default)."""
    every_seconds: float
    etag: str | None
    last_modified: str | None
    next_poll_at: datetime
    last_polled_at: datetime | None
    last_error: str | None
    failures: int
    """Polls failed in a row (0 after a success); the back-off grows with it."""
    created_at: datetime
    paused: bool = False
    """Not polled until resumed; its stories stay published."""

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "url": self.url,
            "kind": self.kind,
            "title": self.title,
            "voice": self.voice,
            "every_seconds": self.every_seconds,
            "next_poll_at": self.next_poll_at.isoformat(),
            "last_polled_at": self.last_polled_at.isoformat() if self.last_polled_at else None,
            "last_error": self.last_error,
            "failures": self.failures,
            "paused": self.paused,
            "created_at": self.created_at.isoformat(),
        }


@dataclass(frozen=True)
class StoryRecord:
    """A published story: a stable identity over the article of its latest revision."""

    id: str
    source_id: str
    key: str
    url: str | None
    title: str
    voice: str | None
    article_id: str
    content_hash: str
    item_hash: str | None
    """Fingerprint of the feed item as last seen (title, date, content): unchanged, no fetch."""
    revision: int
    """1 for the first version, +1 for each edit."""
    published_at: datetime
    updated_at: datetime

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "source_id": self.source_id,
            "key": self.key,
            "url": self.url,
            "title": self.title,
            "voice": self.voice,
            "article_id": self.article_id,
            "revision": self.revision,
            "published_at": self.published_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "links": {
                "audio": f"/api/stories/{self.id}/audio",
                "article": f"/api/articles/{self.article_id}",
                "reader": f"/read/{self.article_id}",
            },
        }


def _source(row: _SourceRow) -> SourceRecord:
    return record_from_row(
        SourceRecord,
        row,
        kind=row.kind or "",
        title=row.title or "",
        failures=row.failures or 0,
        paused=bool(row.paused),
    )


def _story(row: _StoryRow) -> StoryRecord:
    return record_from_row(StoryRecord, row, title=row.title or "")


class PublishStore:
    """Sources and stories, in the database of ``store``."""

    def __init__(self, store: Store) -> None:
        """Use the tables the store's migrations made (revision 0004)."""
        self.store = store
        self._sessions = sessionmaker(store.engine, expire_on_commit=False)

    # Sources

    def add_source(self, url: str, voice: str | None, every_seconds: float) -> SourceRecord:
        now = utc_now()
        try:
            with self._sessions.begin() as session:
                row = _SourceRow(
                    id=secrets.token_hex(8),
                    url=url,
                    kind="",
                    title="",
                    voice=voice,
                    every_seconds=every_seconds,
                    next_poll_at=now,
                    failures=0,
                    created_at=now,
                    paused=False,
                )
                session.add(row)
                session.flush()
                return _source(row)
        except IntegrityError as error:
            raise InputError(f"The source {url} is already registered.") from error

    def get_source(self, source_id: str) -> SourceRecord:
        with self._sessions.begin() as session:
            row = session.get(_SourceRow, source_id)
            if row is None:
                raise NotFoundError(f"No source with id {source_id!r}.")
            return _source(row)

    def find_source(self, id_or_url: str) -> SourceRecord:
        """A source by its id or its URL."""
        with self._sessions.begin() as session:
            row = session.get(_SourceRow, id_or_url) or session.scalar(
                select(_SourceRow).where(_SourceRow.url == id_or_url)
            )
            if row is None:
                raise NotFoundError(f"No source with id or URL {id_or_url!r}.")
            return _source(row)

    def list_sources(self) -> list[SourceRecord]:
        with self._sessions.begin() as session:
            return [_source(r) for r in session.scalars(select(_SourceRow).order_by(_SourceRow.created_at))]

    def due_sources(self, now: datetime | None = None) -> list[SourceRecord]:
        """Sources not paused whose next poll time has come, the most overdue first."""
        moment = now or utc_now()
        with self._sessions.begin() as session:
            rows = session.scalars(
                select(_SourceRow)
                .where(_SourceRow.next_poll_at <= moment, _SourceRow.paused == false())
                .order_by(_SourceRow.next_poll_at)
            )
            return [_source(r) for r in rows]

    def edit_source(
        self,
        source_id: str,
        *,
        voice: str | Keep | None = KEEP,
        every_seconds: float | None = None,
        paused: bool | None = None,
    ) -> SourceRecord:
        """Change a source's voice (None: the language's default), its poll interval (the next
        poll moves to a period after the last one, unless it is backing off after failures) or
        whether it is paused; what is not given stays."""
        with self._sessions.begin() as session:
            row = session.get(_SourceRow, source_id)
            if row is None:
                raise NotFoundError(f"No source with id {source_id!r}.")
            if voice is not KEEP:
                row.voice = voice
            if every_seconds is not None:
                row.every_seconds = every_seconds
                if not row.failures:
                    last = _aware(row.last_polled_at) if row.last_polled_at else utc_now()
                    row.next_poll_at = last + timedelta(seconds=every_seconds)
            if paused is not None:
                row.paused = paused
            session.flush()
            return _source(row)

    def remove_source(self, source_id: str) -> list[StoryRecord]:
        """Remove a source; returns its stories (the caller removes their articles)."""
        with self._sessions.begin() as session:
            row = session.get(_SourceRow, source_id)
            if row is None:
                raise NotFoundError(f"No source with id {source_id!r}.")
            stories = [
                _story(s) for s in session.scalars(select(_StoryRow).where(_StoryRow.source_id == source_id))
            ]
            session.execute(delete(_StoryRow).where(_StoryRow.source_id == source_id))
            session.delete(row)
            return stories

    def record_poll(
        self,
        source_id: str,
        *,
        error: str | None = None,
        backoff_seconds: float | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        kind: str | None = None,
        title: str | None = None,
    ) -> SourceRecord:
        """Note a poll: on success the validators and the next due time; on failure the error,
        one more failure and the back-off before the next try."""
        now = utc_now()
        with self._sessions.begin() as session:
            row = session.get(_SourceRow, source_id)
            if row is None:
                raise NotFoundError(f"No source with id {source_id!r}.")
            row.last_polled_at = now
            if error is None:
                row.failures = 0
                row.last_error = None
                row.etag = etag if etag is not None else row.etag
                row.last_modified = last_modified if last_modified is not None else row.last_modified
                row.kind = kind or row.kind
                row.title = title if title else row.title
                row.next_poll_at = now + timedelta(seconds=row.every_seconds)
            else:
                row.failures = (row.failures or 0) + 1
                row.last_error = error
                row.next_poll_at = now + timedelta(seconds=backoff_seconds or row.every_seconds)
            session.flush()
            return _source(row)

    # Stories

    def find_story(self, source_id: str, key: str) -> StoryRecord | None:
        with self._sessions.begin() as session:
            row = session.scalar(
                select(_StoryRow).where(_StoryRow.source_id == source_id, _StoryRow.key == key)
            )
            return None if row is None else _story(row)

    def get_story(self, story_id: str) -> StoryRecord:
        with self._sessions.begin() as session:
            row = session.get(_StoryRow, story_id)
            if row is None:
                raise NotFoundError(f"No story with id {story_id!r}.")
            return _story(row)

    def list_stories(self, source_id: str | None = None) -> list[StoryRecord]:
        """Stories, newest first (of one source, or all)."""
        with self._sessions.begin() as session:
            query = select(_StoryRow).order_by(_StoryRow.published_at.desc())
            if source_id is not None:
                query = query.where(_StoryRow.source_id == source_id)
            return [_story(r) for r in session.scalars(query)]

    def stories_of_article(self, article_id: str) -> list[StoryRecord]:
        with self._sessions.begin() as session:
            rows = session.scalars(select(_StoryRow).where(_StoryRow.article_id == article_id))
            return [_story(r) for r in rows]

    def save_story(
        self,
        source_id: str,
        key: str,
        *,
        article_id: str,
        content_hash: str,
        url: str | None,
        title: str,
        voice: str | None,
        item_hash: str | None = None,
    ) -> tuple[StoryRecord, str, str | None]:
        """Create or update the story ``(source_id, key)``; returns it, ``new``, ``updated`` or
        ``unchanged``, and for an update the id of the article it pointed at before."""
        now = utc_now()
        for _attempt in range(2):
            try:
                with self._sessions.begin() as session:
                    row = session.scalar(
                        select(_StoryRow).where(_StoryRow.source_id == source_id, _StoryRow.key == key)
                    )
                    if row is None:
                        row = _StoryRow(
                            id=secrets.token_hex(8),
                            source_id=source_id,
                            key=key,
                            url=url,
                            title=title,
                            voice=voice,
                            article_id=article_id,
                            content_hash=content_hash,
                            item_hash=item_hash,
                            revision=1,
                            published_at=now,
                            updated_at=now,
                        )
                        session.add(row)
                        session.flush()
                        return _story(row), "new", None
                    row.item_hash = item_hash or row.item_hash
                    if row.content_hash == content_hash:
                        session.flush()
                        return _story(row), "unchanged", None
                    previous = row.article_id
                    row.article_id = article_id
                    row.content_hash = content_hash
                    row.title = title or row.title
                    row.url = url or row.url
                    row.voice = voice
                    row.revision = row.revision + 1
                    row.updated_at = now
                    session.flush()
                    return _story(row), "updated", previous
            except IntegrityError:
                continue  # the same story was saved at the same moment: look again
        raise RuntimeError("could not save the story")  # pragma: no cover

    def remove_story(self, story_id: str) -> StoryRecord:
        with self._sessions.begin() as session:
            row = session.get(_StoryRow, story_id)
            if row is None:
                raise NotFoundError(f"No story with id {story_id!r}.")
            record = _story(row)
            session.delete(row)
            return record
