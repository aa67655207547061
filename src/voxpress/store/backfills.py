"""Backfills in the store: an archive's items, each an article URL on its way to a narration.

An item is ``pending`` (not fetched yet), ``queued`` (its article is stored and
a narration job submitted: from then on the job's status is the item's),
``done`` (the narration already existed) or ``failed`` (fetching or extracting
it failed, with the reason). A backfill's id is derived from its source and
options, so running the same backfill again continues it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from voxpress.errors import NotFoundError
from voxpress.store.db import Store, _aware, _Base, _JobRow, record_from_row, utc_now

ITEM_STATUSES = ("pending", "queued", "done", "failed")


class _BackfillRow(_Base):
    __tablename__ = "backfills"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    voice: Mapped[str | None] = mapped_column(String(200), nullable=True)
    speed: Mapped[float] = mapped_column(Float)
    since: Mapped[str | None] = mapped_column(String(10), nullable=True)
    item_limit: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class _BackfillItemRow(_Base):
    __tablename__ = "backfill_items"
    __table_args__ = (UniqueConstraint("backfill_id", "url", name="uq_backfill_items_url"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    backfill_id: Mapped[str] = mapped_column(ForeignKey("backfills.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    article_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    job_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class BackfillItem:
    """One URL of a backfill and where it stands (``status`` follows its job once queued)."""

    id: int
    url: str
    status: str
    article_id: str | None
    job_id: str | None
    error: str | None


@dataclass(frozen=True)
class BackfillFailure:
    url: str
    reason: str
    job_id: str | None


@dataclass(frozen=True)
class BackfillSummary:
    """A backfill's numbers, as the progress bar and ``GET /api/backfills/{id}`` show them."""

    id: str
    source: str
    total: int
    pending: int
    """Not narrated yet (not fetched, queued or running)."""
    running: int
    done: int
    failed: int
    rate_per_hour: float
    """Items finished per hour since the backfill started."""
    eta_seconds: float | None
    failures: tuple[BackfillFailure, ...]
    created_at: datetime

    @property
    def finished(self) -> bool:
        return self.pending == 0 and self.running == 0

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "source": self.source,
            "total": self.total,
            "pending": self.pending,
            "running": self.running,
            "done": self.done,
            "failed": self.failed,
            "finished": self.finished,
            "rate_per_hour": round(self.rate_per_hour, 1),
            "eta_seconds": None if self.eta_seconds is None else round(self.eta_seconds),
            "created_at": self.created_at.isoformat(),
            "failures": [
                {"url": failure.url, "reason": failure.reason, "job_id": failure.job_id}
                for failure in self.failures
            ],
        }


def backfill_id(source: str, voice: str | None, speed: float, since: str | None, limit: int | None) -> str:
    key = f"{source}\n{voice or ''}\n{speed:g}\n{since or ''}\n{limit or ''}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def open_backfill(
    store: Store, source: str, voice: str | None, speed: float, since: str | None, limit: int | None
) -> str:
    """The backfill of this source and options, created the first time; returns its id."""
    identifier = backfill_id(source, voice, speed, since, limit)
    try:
        with store._session() as session:
            if session.get(_BackfillRow, identifier) is None:
                session.add(
                    _BackfillRow(
                        id=identifier,
                        source=source,
                        voice=voice,
                        speed=speed,
                        since=since,
                        item_limit=limit,
                        created_at=utc_now(),
                    )
                )
    except IntegrityError:
        pass  # another run created it at the same moment
    return identifier


def add_items(store: Store, backfill: str, urls: list[str]) -> int:
    """Add the URLs not already in the backfill; returns how many were new."""
    with store._session() as session:
        known = set(
            session.scalars(select(_BackfillItemRow.url).where(_BackfillItemRow.backfill_id == backfill))
        )
        position = len(known)
        now = utc_now()
        new = 0
        for url in urls:
            if url in known:
                continue
            known.add(url)
            session.add(
                _BackfillItemRow(
                    backfill_id=backfill, position=position, url=url, status="pending", updated_at=now
                )
            )
            position += 1
            new += 1
    return new


def items(store: Store, backfill: str) -> list[BackfillItem]:
    """Every item in order, a queued item's status and error taken from its job."""
    with store._session() as session:
        if session.get(_BackfillRow, backfill) is None:
            raise NotFoundError(f"No backfill with id {backfill!r}.")
        rows = session.execute(
            select(_BackfillItemRow, _JobRow.status, _JobRow.error)
            .outerjoin(_JobRow, _JobRow.id == _BackfillItemRow.job_id)
            .where(_BackfillItemRow.backfill_id == backfill)
            .order_by(_BackfillItemRow.position)
        ).all()
    found = []
    for row, job_status, job_error in rows:
        status, error = row.status, row.error
        if status == "queued":
            status = {"done": "done", "failed": "failed", "running": "running"}.get(
                job_status or "", "queued"
            )
            error = job_error if status == "failed" else None
            if job_status is None:  # the job (and its article) was deleted
                status, error = "failed", "The article was deleted."
        found.append(record_from_row(BackfillItem, row, status=status, error=error))
    return found


def set_item(
    store: Store,
    item_id: int,
    status: str,
    *,
    article_id: str | None = None,
    job_id: str | None = None,
    error: str | None = None,
) -> None:
    if status not in ITEM_STATUSES:
        raise ValueError(f"unknown backfill item status {status!r}")
    with store._session() as session:
        row = session.get(_BackfillItemRow, item_id)
        if row is None:
            return
        row.status = status
        row.article_id = article_id or row.article_id
        row.job_id = job_id
        row.error = error
        row.updated_at = utc_now()


def summary(store: Store, backfill: str) -> BackfillSummary:
    with store._session() as session:
        row = session.get(_BackfillRow, backfill)
        if row is None:
            raise NotFoundError(f"No backfill with id {backfill!r}.")
        source, created_at = row.source, _aware(row.created_at)
    listed = items(store, backfill)
    counts = {status: 0 for status in ("pending", "queued", "running", "done", "failed")}
    for item in listed:
        counts[item.status] += 1
    elapsed = max(1.0, (utc_now() - created_at).total_seconds())
    finished = counts["done"] + counts["failed"]
    rate = finished / elapsed
    remaining = counts["pending"] + counts["queued"] + counts["running"]
    return BackfillSummary(
        id=backfill,
        source=source,
        total=len(listed),
        pending=counts["pending"] + counts["queued"],
        running=counts["running"],
        done=counts["done"],
        failed=counts["failed"],
        rate_per_hour=rate * 3600,
        eta_seconds=remaining / rate if rate > 0 else None,
        failures=tuple(
            BackfillFailure(item.url, item.error or "failed", item.job_id)
            for item in listed
            if item.status == "failed"
        ),
        created_at=created_at,
    )
