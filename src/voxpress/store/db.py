"""The database: articles, narrations and durable job state, through SQLAlchemy 2.

SQLite in the data folder by default (WAL mode, safe across threads), any
SQLAlchemy URL otherwise (PostgreSQL through psycopg 3 for a multi-process
deployment; tests/test_store_postgres.py runs the store on a real server).
Callers get small frozen records, never ORM objects, so a session never leaks
out of this module. Changes that race between workers are single SQL
statements (``claim_job``, the attempt counter) or retried on a unique-key
conflict (adding an article, saving a narration).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from alembic.util.exc import CommandError
from sqlalchemy import (
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    or_,
    select,
    update,
)
from sqlalchemy.engine import CursorResult, Engine, Result, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from voxpress.article import Article
from voxpress.errors import NotFoundError, ServiceUnavailableError, StorageFullError, VoxpressError
from voxpress.narration.speed import normalise_speed
from voxpress.store.schema import upgrade as upgrade_schema

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Record = TypeVar("Record", bound="DataclassInstance")

JOB_STATUSES = ("queued", "running", "done", "failed")
ACTIVE_JOB_STATUSES = ("queued", "running")
DATABASE_CONNECT_TIMEOUT_SECONDS = 5
"""How long a server connection may take: past it a request gets 503, it does not hang."""
UNAVAILABLE_MESSAGE = "The database cannot be reached right now; try again in a moment."
NARRATION_STATUSES = ("done", "damaged")
"""``damaged``: the file failed its check on serve and is being made again."""
MEMORY_ITEMS = 4096
"""Finished narrations remembered in memory (the memory is cleared when full)."""
_DISK_FULL_MESSAGES = ("disk is full", "no space left", "could not extend file", "disk full")


def utc_now() -> datetime:
    return datetime.now(UTC)


def article_content_hash(article: Article, ssml: str | None = None) -> str:
    """SHA-256 of the article's JSON form (with the SSML it was posted as, if any): the same
    article posted twice is stored once."""
    canonical = json.dumps(_article_data(article, ssml), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _article_data(article: Article, ssml: str | None) -> dict[str, object]:
    """What the ``data`` column holds: the article's JSON form, and its SSML when posted as SSML."""
    return article.to_dict() if ssml is None else {**article.to_dict(), "ssml": ssml}


class _Base(DeclarativeBase):
    pass


class _ArticleRow(_Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    data: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class _NarrationRow(_Base):
    __tablename__ = "narrations"
    __table_args__ = (UniqueConstraint("article_id", "voice", "speed", "format"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    voice: Mapped[str] = mapped_column(String(200))
    speed: Mapped[float] = mapped_column(Float)
    format: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16))
    path: Mapped[str] = mapped_column(Text)
    timings_path: Mapped[str] = mapped_column(Text)
    etag: Mapped[str] = mapped_column(String(80))
    size: Mapped[int] = mapped_column(BigInteger)
    duration: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class _JobRow(_Base):
    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    voice: Mapped[str] = mapped_column(String(200))
    speed: Mapped[float] = mapped_column(Float)
    formats: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), index=True)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    lease_owner: Mapped[str | None] = mapped_column(String(64), nullable=True)
    lease_expires: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    active_key: Mapped[str | None] = mapped_column(String(300), nullable=True, unique=True, index=True)
    """Set while the job is queued or running: one active job per article, voice, speed and start."""
    start_char: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """0 for a whole narration; K for a tail narration from the sentence at character K (a voice change)."""


@dataclass(frozen=True)
class ArticleRecord:
    """A stored article."""

    id: str
    article: Article
    content_hash: str
    created_at: datetime
    ssml: str | None = None
    """The SSML the article was posted as: its readings (``say-as``, ``sub``, ``phoneme``) are
    applied when it is narrated; its plain text is ``article.narration_text``."""


@dataclass(frozen=True)
class NarrationRecord:
    """A finished narration file of one article in one voice, speed and format."""

    article_id: str
    voice: str
    speed: float
    format: str
    path: Path
    timings_path: Path
    etag: str
    """Quoted strong entity tag, ready for the ETag header."""
    size: int
    """Bytes."""
    duration: float
    """Seconds."""
    created_at: datetime


@dataclass(frozen=True)
class JobRecord:
    """The durable state of one narration job."""

    id: str
    article_id: str
    voice: str
    speed: float
    formats: tuple[str, ...]
    """Audio formats the job writes; MP3 always comes first."""
    status: str
    """``queued``, ``running``, ``done`` or ``failed``."""
    progress: float
    """0..1: sentences narrated over sentences in the script."""
    error: str | None
    attempts: int
    """How many times a worker started it (a restart during a run makes it 2)."""
    created_at: datetime
    updated_at: datetime
    lease_owner: str | None = None
    """The process holding the job while it is queued or running there."""
    lease_expires: datetime | None = None
    """When another process may take the job over, unless its owner renews the lease."""
    start_char: int = 0
    """0: the whole article. K > 0: a tail narration of the sentence at character K (where it
    starts, or the one it falls in) and all after it, its time 0 at that sentence and its
    character offsets the article's (what a voice change mid-article plays at once)."""

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_JOB_STATUSES

    @property
    def is_tail(self) -> bool:
        return self.start_char > 0

    def to_dict(self) -> dict[str, object]:
        """The job object of the API."""
        return {
            "id": self.id,
            "status": self.status,
            "progress": round(self.progress, 3),
            "error": self.error,
            "article_id": self.article_id,
            "voice": self.voice,
            "speed": self.speed,
            "formats": list(self.formats),
            "attempts": self.attempts,
            "from": self.start_char,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }


def _aware(moment: datetime) -> datetime:
    # Every stored time is UTC. SQLite drops the time zone on the way back; PostgreSQL gives
    # it in the session's time zone, which is the server's unless the URL sets another.
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def record_from_row(record_type: type[Record], row: object, **given: object) -> Record:
    """The frozen record ``record_type`` of an ORM ``row``: each field is the row's column of the
    same name (times made UTC-aware), except the fields ``given`` (converted by the caller)."""
    values = dict(given)
    for field in fields(record_type):
        if field.name not in values:
            value = getattr(row, field.name)
            values[field.name] = _aware(value) if isinstance(value, datetime) else value
    return record_type(**values)


def _article_record(row: _ArticleRow) -> ArticleRecord:
    data = json.loads(row.data)
    ssml = data.get("ssml")
    return record_from_row(
        ArticleRecord, row, article=Article.from_dict(data), ssml=ssml if isinstance(ssml, str) else None
    )


def _narration_record(row: _NarrationRow) -> NarrationRecord:
    return record_from_row(NarrationRecord, row, path=Path(row.path), timings_path=Path(row.timings_path))


def _job_record(row: _JobRow) -> JobRecord:
    return record_from_row(JobRecord, row, formats=tuple(f for f in row.formats.split(",") if f))


def _rowcount(result: Result[Any]) -> int:
    """Rows an UPDATE matched (``Session.execute`` types its result as a plain ``Result``)."""
    return int(cast(CursorResult[Any], result).rowcount)


def active_key(article_id: str, voice: str, speed: float, start_char: int = 0) -> str:
    """The value that is unique among active jobs: one job per article, voice, speed and start
    (a whole narration's key is unchanged from before tails existed)."""
    start = f"|from{start_char}" if start_char else ""
    return f"{article_id}|{normalise_speed(speed):.2f}{start}|{voice}"[:300]


def is_disk_full(error: BaseException) -> bool:
    """Whether a database error means the disk (or the database's quota) is full."""
    text = str(getattr(error, "orig", None) or error).lower()
    return any(message in text for message in _DISK_FULL_MESSAGES)


def _new_id() -> str:
    return secrets.token_hex(8)


def _storable_text(text: str) -> str:
    # PostgreSQL text cannot hold NUL characters; an error message might quote one.
    return text.replace("\x00", "\ufffd")


def _with_installed_driver(url: str) -> str:
    """``postgresql://`` means psycopg2 to SQLAlchemy; use psycopg 3 when that is what is installed."""
    if not url.startswith("postgresql://"):
        return url
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _shown_url(url: str) -> str:
    """``url`` fit for a message: the password masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unreadable URL)"


def _make_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(
            _with_installed_driver(url),
            pool_pre_ping=True,
            pool_timeout=DATABASE_CONNECT_TIMEOUT_SECONDS * 2,
            connect_args={"connect_timeout": DATABASE_CONNECT_TIMEOUT_SECONDS},
        )
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
        cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


class Store:
    """Articles, narrations and jobs in one database."""

    def __init__(self, database_url: str) -> None:
        try:
            self.engine = _make_engine(database_url)
            upgrade_schema(self.engine)
        except (ArgumentError, ImportError, OSError, OperationalError, CommandError) as error:
            # CommandError: a revision this version does not know (a newer voxpress made the database).
            reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
            raise VoxpressError(f"Cannot open the database {_shown_url(database_url)}: {reason}") from error
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # Finished narrations change only through a Store, so they are remembered; this keeps the
        # database off the path of serving one. A delete moves the generation on: a reader that
        # looked in the database before it must not put what it read back into memory.
        self._narrations: dict[tuple[str, str, float, str], NarrationRecord] = {}
        self._articles: dict[str, ArticleRecord] = {}
        """Parsed articles; only ever served after ``article_exists`` said yes."""
        placeholder = "?" if self.engine.dialect.paramstyle == "qmark" else "%s"
        self._exists_sql = f"SELECT 1 FROM articles WHERE id = {placeholder}"
        self._generation = 0
        self._memory_lock = threading.Lock()
        self._probe: Any = None
        """The DBAPI connection ``article_exists`` uses, opened on first use."""
        self._probe_lock = threading.Lock()

    def close(self) -> None:
        with self._probe_lock:
            probe, self._probe = self._probe, None
        if probe is not None:
            with contextlib.suppress(Exception):
                probe.close()
        self.engine.dispose()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        try:
            with self._sessions.begin() as session:
                yield session
        except (OperationalError, InterfaceError) as error:
            if is_disk_full(error):
                raise StorageFullError(
                    f"{StorageFullError.message_prefix}: the database could not be written. "
                    "Delete articles or free space, then try again."
                ) from error
            if self._unreachable(error):
                raise ServiceUnavailableError(UNAVAILABLE_MESSAGE) from error
            raise
        except DBAPIError as error:
            if error.connection_invalidated:
                raise ServiceUnavailableError(UNAVAILABLE_MESSAGE) from error
            raise

    def _unreachable(self, error: DBAPIError) -> bool:
        """A server database that is down or restarting (SQLite's errors, e.g. a lock, are not that)."""
        return self.engine.dialect.name != "sqlite" or error.connection_invalidated

    # Articles

    def add_article(self, article: Article, *, ssml: str | None = None) -> tuple[ArticleRecord, bool]:
        """Store ``article`` (posted as ``ssml``, when given); returns its record and whether it
        was new (same content → same record)."""
        content_hash = article_content_hash(article, ssml)
        for _attempt in range(2):
            try:
                with self._session() as session:
                    query = select(_ArticleRow).where(_ArticleRow.content_hash == content_hash)
                    existing = session.scalar(query)
                    if existing is not None:
                        return _article_record(existing), False
                    row = _ArticleRow(
                        id=_new_id(),
                        content_hash=content_hash,
                        data=json.dumps(_article_data(article, ssml), ensure_ascii=False),
                        created_at=utc_now(),
                    )
                    session.add(row)
                    session.flush()
                    return _article_record(row), True
            except IntegrityError:
                continue  # the same article was added at the same moment: look again
        raise RuntimeError("could not store the article")  # pragma: no cover

    def get_article(self, article_id: str) -> ArticleRecord:
        """The article. Its existence is read from the database every time (a delete by any
        process is seen at once); its parsed content, which never changes, is remembered."""
        if not self.article_exists(article_id):
            raise NotFoundError(f"No article with id {article_id!r}.")
        with self._memory_lock:
            remembered = self._articles.get(article_id)
            generation = self._generation
        if remembered is not None:
            return remembered
        with self._session() as session:
            row = session.get(_ArticleRow, article_id)
            if row is None:
                raise NotFoundError(f"No article with id {article_id!r}.")
            record = _article_record(row)
        with self._memory_lock:
            if generation == self._generation:
                if len(self._articles) >= MEMORY_ITEMS:
                    self._articles.clear()
                self._articles[article_id] = record
        return record

    def article_exists(self, article_id: str) -> bool:
        """A primary-key probe on a connection kept for it (no ORM session, no wait for the
        pool: it is on the path of serving every stored file, also from the event loop)."""
        dbapi_error = self.engine.dialect.loaded_dbapi.Error
        with self._probe_lock:
            for attempt in range(2):
                try:
                    if self._probe is None:
                        self._probe = self.engine.raw_connection()
                    cursor = self._probe.cursor()
                    cursor.execute(self._exists_sql, (article_id,))
                    found = cursor.fetchone() is not None
                    cursor.close()
                    self._probe.commit()  # ends the read transaction PostgreSQL opened
                    return found
                except (dbapi_error, OperationalError) as error:
                    self._drop_probe()
                    if is_disk_full(error):
                        raise StorageFullError(
                            f"{StorageFullError.message_prefix}: the database cannot be read."
                        ) from error
                    if attempt:
                        if self.engine.dialect.name != "sqlite":
                            raise ServiceUnavailableError(UNAVAILABLE_MESSAGE) from error
                        raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _drop_probe(self) -> None:
        probe, self._probe = self._probe, None
        if probe is not None:
            with contextlib.suppress(Exception):
                probe.invalidate()

    def remembered_article(self, article_id: str) -> ArticleRecord | None:
        """The article if it exists and its content is in memory (no read of its row); None
        when it is not remembered (then ``get_article``)."""
        with self._memory_lock:
            remembered = self._articles.get(article_id)
        if remembered is None:
            return None
        return remembered if self.article_exists(article_id) else None

    def remembered_narration(
        self, article_id: str, voice: str, speed: float, fmt: str
    ) -> NarrationRecord | None:
        """A finished narration if it is in this process's memory (no database read)."""
        with self._memory_lock:
            return self._narrations.get((article_id, voice, normalise_speed(speed), fmt))

    def list_articles(self) -> list[ArticleRecord]:
        """All articles, newest first."""
        with self._session() as session:
            rows = session.scalars(select(_ArticleRow).order_by(_ArticleRow.created_at.desc()))
            return [_article_record(row) for row in rows]

    def delete_article(self, article_id: str) -> list[NarrationRecord]:
        """Delete an article with its narrations and jobs; returns the narrations so files can go too.

        The database goes first, then this process's memory: a reader racing the delete either
        reads before it (and is then refused by the generation) or finds nothing."""
        with self._session() as session:
            row = session.get(_ArticleRow, article_id)
            if row is None:
                raise NotFoundError(f"No article with id {article_id!r}.")
            narrations = session.scalars(select(_NarrationRow).where(_NarrationRow.article_id == article_id))
            removed = [_narration_record(n) for n in narrations]
            session.execute(delete(_NarrationRow).where(_NarrationRow.article_id == article_id))
            session.execute(delete(_JobRow).where(_JobRow.article_id == article_id))
            session.execute(delete(_ArticleRow).where(_ArticleRow.id == article_id))
        with self._memory_lock:
            self._generation += 1
            self._articles.pop(article_id, None)
            for key in [key for key in self._narrations if key[0] == article_id]:
                del self._narrations[key]
        return removed

    # Narrations

    def get_narration(self, article_id: str, voice: str, speed: float, fmt: str) -> NarrationRecord | None:
        """The finished narration of this key (``done``, not ``damaged``), if any."""
        key = (article_id, voice, normalise_speed(speed), fmt)
        with self._memory_lock:
            remembered = self._narrations.get(key)
            generation = self._generation
        if remembered is not None:
            return remembered
        with self._session() as session:
            row = session.scalar(
                select(_NarrationRow).where(
                    _NarrationRow.article_id == article_id,
                    _NarrationRow.voice == voice,
                    _NarrationRow.speed == normalise_speed(speed),
                    _NarrationRow.format == fmt,
                    _NarrationRow.status == "done",
                )
            )
            if row is None:
                return None
            record = _narration_record(row)
        with self._memory_lock:
            if generation == self._generation:
                if len(self._narrations) >= MEMORY_ITEMS:
                    self._narrations.clear()
                self._narrations[key] = record
        return record

    def forget_narration(self, article_id: str, voice: str, speed: float, fmt: str) -> None:
        """Drop a remembered narration, so the next lookup reads the database (another process
        may have replaced it)."""
        with self._memory_lock:
            self._generation += 1
            self._narrations.pop((article_id, voice, normalise_speed(speed), fmt), None)

    def mark_narration_damaged(self, record: NarrationRecord) -> bool:
        """Mark a narration whose file failed its check as ``damaged`` (no longer served);
        False when the database holds a different file for the key by now (another process
        re-made it), which is then left alone."""
        self.forget_narration(record.article_id, record.voice, record.speed, record.format)
        with self._session() as session:
            changed = session.execute(
                update(_NarrationRow)
                .where(
                    _NarrationRow.article_id == record.article_id,
                    _NarrationRow.voice == record.voice,
                    _NarrationRow.speed == normalise_speed(record.speed),
                    _NarrationRow.format == record.format,
                    _NarrationRow.etag == record.etag,
                )
                .values(status="damaged")
                .execution_options(synchronize_session=False)
            )
            return bool(_rowcount(changed))

    def narration_status(self, article_id: str, voice: str, speed: float, fmt: str) -> str | None:
        """``done``, ``damaged`` or None (never made)."""
        with self._session() as session:
            return session.scalar(
                select(_NarrationRow.status).where(
                    _NarrationRow.article_id == article_id,
                    _NarrationRow.voice == voice,
                    _NarrationRow.speed == normalise_speed(speed),
                    _NarrationRow.format == fmt,
                )
            )

    def list_narrations(self) -> list[NarrationRecord]:
        """Every finished narration, newest first."""
        with self._session() as session:
            rows = session.scalars(
                select(_NarrationRow)
                .where(_NarrationRow.status == "done")
                .order_by(_NarrationRow.created_at.desc())
            )
            return [_narration_record(row) for row in rows]

    def save_narration(self, record: NarrationRecord) -> None:
        """Record a finished narration file (replacing an older one of the same key).

        Raises ``NotFoundError`` when the article was deleted meanwhile (its files are then
        the caller's to remove)."""
        self.forget_narration(record.article_id, record.voice, record.speed, record.format)
        for attempt in range(2):
            try:
                self._write_narration(record)
                return
            except IntegrityError:
                if not self.article_exists(record.article_id):
                    raise NotFoundError(f"No article with id {record.article_id!r}.") from None
                if attempt:
                    raise
                # another worker inserted the same key first: update it

    def _write_narration(self, record: NarrationRecord) -> None:
        with self._session() as session:
            if session.get(_ArticleRow, record.article_id) is None:
                raise NotFoundError(f"No article with id {record.article_id!r}.")
            row = session.scalar(
                select(_NarrationRow).where(
                    _NarrationRow.article_id == record.article_id,
                    _NarrationRow.voice == record.voice,
                    _NarrationRow.speed == normalise_speed(record.speed),
                    _NarrationRow.format == record.format,
                )
            )
            if row is None:
                row = _NarrationRow(
                    article_id=record.article_id,
                    voice=record.voice,
                    speed=normalise_speed(record.speed),
                    format=record.format,
                )
                session.add(row)
            row.status = "done"
            row.path = str(record.path)
            row.timings_path = str(record.timings_path)
            row.etag = record.etag
            row.size = record.size
            row.duration = record.duration
            row.created_at = record.created_at

    # Jobs

    def create_job(
        self,
        article_id: str,
        voice: str,
        speed: float,
        formats: tuple[str, ...],
        status: str = "queued",
        *,
        owner: str | None = None,
        lease_seconds: float = 0.0,
        start_char: int = 0,
    ) -> JobRecord:
        """A new job, held by ``owner`` for ``lease_seconds`` when given.

        Raises ``IntegrityError`` when an active job of the same narration exists
        (``create_or_join_job`` handles that)."""
        if status not in JOB_STATUSES:
            raise ValueError(f"unknown job status {status!r}")
        now = utc_now()
        with self._session() as session:
            row = _JobRow(
                id=_new_id(),
                article_id=article_id,
                voice=voice,
                speed=normalise_speed(speed),
                formats=",".join(formats),
                status=status,
                progress=1.0 if status == "done" else 0.0,
                error=None,
                attempts=0,
                created_at=now,
                updated_at=now,
                lease_owner=owner,
                lease_expires=now + timedelta(seconds=lease_seconds) if owner else None,
                active_key=(
                    active_key(article_id, voice, speed, start_char)
                    if status in ACTIVE_JOB_STATUSES
                    else None
                ),
                start_char=start_char,
            )
            session.add(row)
            session.flush()
            return _job_record(row)

    def create_or_join_job(
        self,
        article_id: str,
        voice: str,
        speed: float,
        formats: tuple[str, ...],
        *,
        owner: str | None = None,
        lease_seconds: float = 0.0,
        start_char: int = 0,
    ) -> tuple[JobRecord, bool]:
        """A new queued job, or the active one of the same narration that any process made
        first; and whether it is new. Raises ``NotFoundError`` if the article is gone."""
        for _attempt in range(3):
            existing = self.find_active_job(article_id, voice, speed, start_char)
            if existing is not None:
                return existing, False
            try:
                job = self.create_job(
                    article_id,
                    voice,
                    speed,
                    formats,
                    owner=owner,
                    lease_seconds=lease_seconds,
                    start_char=start_char,
                )
                return job, True
            except IntegrityError:
                if not self.article_exists(article_id):
                    raise NotFoundError(f"No article with id {article_id!r}.") from None
        raise RuntimeError("could not create the job")  # pragma: no cover

    def get_job(self, job_id: str) -> JobRecord:
        with self._session() as session:
            row = session.get(_JobRow, job_id)
            if row is None:
                raise NotFoundError(f"No job with id {job_id!r}.")
            return _job_record(row)

    def find_active_job(
        self, article_id: str, voice: str, speed: float, start_char: int = 0
    ) -> JobRecord | None:
        """The queued or running job narrating this article in this voice and speed (from
        ``start_char``: 0 is the whole article), if any."""
        with self._session() as session:
            row = session.scalar(
                select(_JobRow)
                .where(
                    _JobRow.article_id == article_id,
                    _JobRow.voice == voice,
                    _JobRow.speed == normalise_speed(speed),
                    _JobRow.start_char == start_char,
                    _JobRow.status.in_(ACTIVE_JOB_STATUSES),
                )
                .order_by(_JobRow.created_at)
            )
            return None if row is None else _job_record(row)

    def latest_job(self, article_id: str, voice: str, speed: float, start_char: int = 0) -> JobRecord | None:
        """The newest job of this article, voice, speed and start, whatever its status."""
        latest = self.recent_jobs(article_id, voice, speed, limit=1, start_char=start_char)
        return latest[0] if latest else None

    def recent_jobs(
        self, article_id: str, voice: str, speed: float, *, limit: int, start_char: int = 0
    ) -> list[JobRecord]:
        """The ``limit`` newest jobs of this article, voice, speed and start, newest first."""
        with self._session() as session:
            rows = session.scalars(
                select(_JobRow)
                .where(
                    _JobRow.article_id == article_id,
                    _JobRow.voice == voice,
                    _JobRow.speed == normalise_speed(speed),
                    _JobRow.start_char == start_char,
                )
                .order_by(_JobRow.created_at.desc())
                .limit(limit)
            )
            return [_job_record(row) for row in rows]

    def failed_jobs(self, reasons: tuple[str, ...], since: datetime, *, limit: int) -> list[JobRecord]:
        """Up to ``limit`` jobs that failed since ``since`` with a reason starting with one of
        ``reasons``, the longest failed first."""
        with self._session() as session:
            rows = session.scalars(
                select(_JobRow)
                .where(
                    _JobRow.status == "failed",
                    _JobRow.updated_at >= since,
                    or_(*(_JobRow.error.startswith(reason, autoescape=True) for reason in reasons)),
                )
                .order_by(_JobRow.updated_at)
                .limit(limit)
            )
            return [_job_record(row) for row in rows]

    def list_jobs(self, statuses: tuple[str, ...] = JOB_STATUSES) -> list[JobRecord]:
        """Jobs in the given statuses, oldest first."""
        with self._session() as session:
            rows = session.scalars(
                select(_JobRow).where(_JobRow.status.in_(statuses)).order_by(_JobRow.created_at)
            )
            return [_job_record(row) for row in rows]

    def update_job(
        self,
        job_id: str,
        *,
        status: str | None = None,
        progress: float | None = None,
        error: str | None = None,
        formats: tuple[str, ...] | None = None,
        add_attempt: bool = False,
    ) -> JobRecord:
        """Change a job's state; ``updated_at`` moves with every change. A job that ends
        (``done``, ``failed``) gives up its lease and its place as the active job."""
        if status is not None and status not in JOB_STATUSES:
            raise ValueError(f"unknown job status {status!r}")
        with self._session() as session:
            row = session.get(_JobRow, job_id)
            if row is None:
                raise NotFoundError(f"No job with id {job_id!r}.")
            if status is not None:
                row.status = status
                if status not in ACTIVE_JOB_STATUSES:
                    row.active_key = None
                    row.lease_owner = None
                    row.lease_expires = None
            if progress is not None:
                row.progress = max(0.0, min(1.0, progress))
            if error is not None:
                row.error = _storable_text(error)
            if formats is not None:
                row.formats = ",".join(formats)
            if add_attempt:
                row.attempts = _JobRow.attempts + 1  # counted by the database: no lost update
            row.updated_at = utc_now()
            session.flush()
            return _job_record(row)

    def claim_job(
        self, job_id: str, owner: str | None = None, lease_seconds: float = 0.0
    ) -> JobRecord | None:
        """Move a queued job to running and count the attempt, in one statement.

        Of several workers (threads or processes) claiming the same job, exactly one gets
        its record; the others get None, as does a job that is not queued (or no longer
        exists) or is leased to another owner whose lease has not expired.
        """
        now = utc_now()
        with self._session() as session:
            claimed = session.execute(
                update(_JobRow)
                .where(
                    _JobRow.id == job_id,
                    _JobRow.status == "queued",
                    or_(
                        _JobRow.lease_owner.is_(None),
                        _JobRow.lease_owner == owner,
                        _JobRow.lease_expires < now,
                    ),
                )
                .values(
                    status="running",
                    attempts=_JobRow.attempts + 1,
                    updated_at=now,
                    lease_owner=owner,
                    lease_expires=now + timedelta(seconds=lease_seconds) if owner else None,
                )
                .execution_options(synchronize_session=False)
            )
            if _rowcount(claimed) != 1:
                return None
            row = session.get(_JobRow, job_id)
            return None if row is None else _job_record(row)

    def renew_leases(self, owner: str, job_ids: list[str], lease_seconds: float) -> set[str]:
        """Extend ``owner``'s lease on its active jobs; returns the ids that still exist as its
        active jobs (a job missing from the answer was deleted with its article)."""
        if not job_ids:
            return set()
        expires = utc_now() + timedelta(seconds=lease_seconds)
        with self._session() as session:
            session.execute(
                update(_JobRow)
                .where(
                    _JobRow.id.in_(job_ids),
                    _JobRow.status.in_(ACTIVE_JOB_STATUSES),
                    _JobRow.lease_owner == owner,
                )
                .values(lease_expires=expires)
                .execution_options(synchronize_session=False)
            )
            held = session.scalars(
                select(_JobRow.id).where(_JobRow.id.in_(job_ids), _JobRow.lease_owner == owner)
            )
            return set(held)

    def take_over_expired_jobs(self, owner: str, lease_seconds: float) -> list[JobRecord]:
        """Active jobs nobody holds (no lease, or a lease that expired: their process died),
        now held by ``owner`` and queued; each is taken by one process only."""
        now = utc_now()
        taken = []
        with self._session() as session:
            candidates = list(
                session.scalars(
                    select(_JobRow.id).where(
                        _JobRow.status.in_(ACTIVE_JOB_STATUSES),
                        or_(_JobRow.lease_owner.is_(None), _JobRow.lease_expires < now),
                    )
                )
            )
        for job_id in candidates:
            with self._session() as session:
                changed = session.execute(
                    update(_JobRow)
                    .where(
                        _JobRow.id == job_id,
                        _JobRow.status.in_(ACTIVE_JOB_STATUSES),
                        or_(_JobRow.lease_owner.is_(None), _JobRow.lease_expires < now),
                    )
                    .values(
                        status="queued",
                        lease_owner=owner,
                        lease_expires=now + timedelta(seconds=lease_seconds),
                        updated_at=now,
                    )
                    .execution_options(synchronize_session=False)
                )
                if _rowcount(changed) == 1:
                    row = session.get(_JobRow, job_id)
                    if row is not None:
                        taken.append(_job_record(row))
        return taken

    def release_leases(self, owner: str, job_ids: list[str]) -> None:
        """Give up ``owner``'s leases on these jobs (a clean stop): any process may take them now."""
        if not job_ids:
            return
        with self._session() as session:
            session.execute(
                update(_JobRow)
                .where(_JobRow.id.in_(job_ids), _JobRow.lease_owner == owner)
                .values(lease_owner=None, lease_expires=None)
                .execution_options(synchronize_session=False)
            )

    def requeue_expired_running(self, max_attempts: int) -> tuple[list[JobRecord], list[JobRecord]]:
        """Running jobs whose lease expired (their worker died): queued again with no lease, or
        failed when they have had ``max_attempts`` starts. Returns (requeued, failed); each job is
        changed by one caller only."""
        now = utc_now()
        requeued: list[JobRecord] = []
        failed: list[JobRecord] = []
        with self._session() as session:
            candidates = list(
                session.scalars(
                    select(_JobRow.id).where(_JobRow.status == "running", _JobRow.lease_expires < now)
                )
            )
        for job_id in candidates:
            with self._session() as session:
                row = session.get(_JobRow, job_id, with_for_update=self.engine.dialect.name != "sqlite")
                if row is None or row.status != "running" or row.lease_expires is None:
                    continue
                if _aware(row.lease_expires) >= now:
                    continue
                row.lease_owner = None
                row.lease_expires = None
                row.updated_at = now
                if row.attempts >= max_attempts:
                    row.status = "failed"
                    row.active_key = None
                    row.error = f"Gave up after {row.attempts} interrupted attempts."
                    failed.append(_job_record(row))
                else:
                    row.status = "queued"
                    requeued.append(_job_record(row))
        return requeued, failed

    def queued_job_ids(self) -> list[str]:
        """Ids of every queued job, oldest first."""
        with self._session() as session:
            return list(
                session.scalars(
                    select(_JobRow.id).where(_JobRow.status == "queued").order_by(_JobRow.created_at)
                )
            )
