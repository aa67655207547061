"""The publisher's side of the store: which page URL was narrated as which article, and playlists.

``PublisherStore`` keeps two things in the store's database (the same
SQLAlchemy ``Base``): ``embed_pages`` maps a page's canonical URL to the
article extracted from it, so every embed of one page shares one article and
one narration; ``playlists`` and ``playlist_items`` are ordered lists of
articles with a title, for "up next", their own page and podcast feed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column, sessionmaker

from voxpress.errors import NotFoundError
from voxpress.store.db import _Base

MAX_URL_LENGTH = 2000


class EmbedPageRow(_Base):
    __tablename__ = "embed_pages"

    url: Mapped[str] = mapped_column(String(MAX_URL_LENGTH), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PlaylistRow(_Base):
    __tablename__ = "playlists"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PlaylistItemRow(_Base):
    __tablename__ = "playlist_items"

    playlist_id: Mapped[str] = mapped_column(ForeignKey("playlists.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)


@dataclass(frozen=True)
class EmbedPage:
    """A page URL and the article narrated from it."""

    url: str
    article_id: str
    created_at: datetime


@dataclass(frozen=True)
class Playlist:
    """An ordered list of articles."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    created_at: datetime

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "article_ids": list(self.article_ids),
            "created_at": self.created_at.isoformat(),
            "links": {
                "self": f"/api/playlists/{self.id}",
                "page": f"/playlists/{self.id}",
                "podcast": f"/playlists/{self.id}/podcast.xml",
            },
        }


class PublisherStore:
    """Embedded pages and playlists in the store's database."""

    def __init__(self, engine: Engine) -> None:
        """Use the tables the store's migrations made (revision 0003)."""
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    # Embedded pages

    def page(self, url: str) -> EmbedPage | None:
        with self._sessions() as session:
            row = session.get(EmbedPageRow, url)
            return None if row is None else EmbedPage(row.url, row.article_id, row.created_at)

    def remember_page(self, url: str, article_id: str) -> EmbedPage:
        """Tie ``url`` to ``article_id``; if another request tied it first, that one wins."""
        try:
            with self._sessions.begin() as session:
                session.add(EmbedPageRow(url=url, article_id=article_id, created_at=datetime.now(UTC)))
        except IntegrityError:
            pass
        page = self.page(url)
        assert page is not None
        return page

    def latest_pages(self, limit: int) -> list[EmbedPage]:
        """The most recently embedded pages, newest first."""
        query = select(EmbedPageRow).order_by(EmbedPageRow.created_at.desc()).limit(limit)
        with self._sessions() as session:
            return [EmbedPage(row.url, row.article_id, row.created_at) for row in session.scalars(query)]

    # Playlists

    def create_playlist(self, title: str, article_ids: tuple[str, ...]) -> Playlist:
        playlist_id = secrets.token_hex(8)
        with self._sessions.begin() as session:
            session.add(PlaylistRow(id=playlist_id, title=title, created_at=datetime.now(UTC)))
            session.flush()
            session.add_all(
                PlaylistItemRow(playlist_id=playlist_id, position=index, article_id=article_id)
                for index, article_id in enumerate(article_ids)
            )
        return self.get_playlist(playlist_id)

    def set_items(self, playlist_id: str, article_ids: tuple[str, ...]) -> Playlist:
        """Replace the playlist's articles by ``article_ids``, in that order."""
        self.get_playlist(playlist_id)
        with self._sessions.begin() as session:
            session.execute(delete(PlaylistItemRow).where(PlaylistItemRow.playlist_id == playlist_id))
            session.add_all(
                PlaylistItemRow(playlist_id=playlist_id, position=index, article_id=article_id)
                for index, article_id in enumerate(article_ids)
            )
        return self.get_playlist(playlist_id)

    def get_playlist(self, playlist_id: str) -> Playlist:
        with self._sessions() as session:
            row = session.get(PlaylistRow, playlist_id)
            if row is None:
                raise NotFoundError(f"There is no playlist {playlist_id!r}.")
            items = session.scalars(
                select(PlaylistItemRow.article_id)
                .where(PlaylistItemRow.playlist_id == playlist_id)
                .order_by(PlaylistItemRow.position)
            )
            return Playlist(row.id, row.title, tuple(items), row.created_at)

    def delete_playlist(self, playlist_id: str) -> None:
        self.get_playlist(playlist_id)
        with self._sessions.begin() as session:
            session.execute(delete(PlaylistItemRow).where(PlaylistItemRow.playlist_id == playlist_id))
            session.execute(delete(PlaylistRow).where(PlaylistRow.id == playlist_id))
