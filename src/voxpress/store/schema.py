"""Bringing a database to the current schema with the Alembic migrations in ``store/migrations``.

``upgrade(engine)`` runs at every ``Store`` start-up: an empty database gets
every revision; one made by the old ``create_all`` (tables but no
``alembic_version``) is stamped as the first revision and upgraded in place.
Two processes opening one database at once are serialised: a file lock beside
a SQLite file, an advisory lock on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
FIRST_REVISION = "0001"
"""The schema ``create_all`` made before migrations existed."""
POSTGRES_LOCK_ID = 7_461_023_001
"""Advisory lock key held while migrating a PostgreSQL database."""


@contextlib.contextmanager
def _sqlite_file_lock(engine: Engine) -> Iterator[None]:
    database = engine.url.database
    if not database or database == ":memory:":
        yield
        return
    lock_path = Path(database).with_name(Path(database).name + ".migrate-lock")
    with open(lock_path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def _upgrade_on(connection: Connection) -> None:
    tables = set(inspect(connection).get_table_names())
    config = _alembic_config(connection)
    if "alembic_version" not in tables and "articles" in tables:
        command.stamp(config, FIRST_REVISION)
    command.upgrade(config, "head")


def head_revision() -> str:
    """The newest migration's revision id."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert head is not None
    return head


def upgrade(engine: Engine) -> None:
    """Migrate the database behind ``engine`` to the newest schema."""
    if engine.dialect.name == "sqlite":
        with _sqlite_file_lock(engine), engine.begin() as connection:
            _upgrade_on(connection)
        return
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": POSTGRES_LOCK_ID})
        _upgrade_on(connection)
