"""The listening events table and the ``AnalyticsStore`` that writes and reads it.

Rows live in the store's database (the same SQLAlchemy ``Base``, so SQLite or
PostgreSQL alike). A row holds the article, the day (UTC), the page view's
random id and what the player reported; never an address, a user agent or a
cookie.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Float, Integer, String, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column, sessionmaker

from voxpress.analytics.events import ListeningEvent
from voxpress.store.db import _Base


class EventRow(_Base):
    __tablename__ = "listening_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(String(40), index=True)
    day: Mapped[str] = mapped_column(String(10), index=True)
    view_id: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(16))
    share: Mapped[float] = mapped_column(Float)
    listened_seconds: Mapped[float] = mapped_column(Float)
    speed: Mapped[float | None] = mapped_column(Float, nullable=True)
    voice: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AnalyticsStore:
    """Listening events in the store's database."""

    def __init__(self, engine: Engine) -> None:
        """Use the tables the store's migrations made (revision 0003)."""
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def add(self, events: list[ListeningEvent], now: datetime | None = None) -> None:
        moment = now or datetime.now(UTC)
        day = moment.date().isoformat()
        with self._sessions.begin() as session:
            session.add_all(
                EventRow(
                    article_id=event.article_id,
                    day=day,
                    view_id=event.view_id,
                    kind=event.kind,
                    share=event.share,
                    listened_seconds=event.listened_seconds,
                    speed=event.speed,
                    voice=event.voice,
                    created_at=moment,
                )
                for event in events
            )

    def rows(
        self, article_id: str | None = None, since: str | None = None, until: str | None = None
    ) -> list[tuple[str, str, ListeningEvent]]:
        """``(article_id, day, event)`` for the events matching the filters, oldest first."""
        query = select(EventRow).order_by(EventRow.id)
        if article_id:
            query = query.where(EventRow.article_id == article_id)
        if since:
            query = query.where(EventRow.day >= since)
        if until:
            query = query.where(EventRow.day <= until)
        with self._sessions() as session:
            return [
                (
                    row.article_id,
                    row.day,
                    ListeningEvent(
                        article_id=row.article_id,
                        view_id=row.view_id,
                        kind=row.kind,
                        share=row.share,
                        listened_seconds=row.listened_seconds,
                        speed=row.speed,
                        voice=row.voice,
                    ),
                )
                for row in session.scalars(query)
            ]
