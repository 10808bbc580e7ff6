"""Bring a database to the current schema, keeping a copy of the file from before.

Alembic (and its dialect modules, a fifth of a second at start) is imported only when the
stored revision is not already the newest: at nearly every start it is, and the newest is
read from the migrations' file names (`0005_batch_card_count.py` is revision "0005"; a test
holds every file to that and to Alembic's own head).
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text

from loket.db.engine import Database

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VERSIONS_DIR = MIGRATIONS_DIR / "versions"
VERSION_TABLE = "alembic_version"


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest revision, as Alembic reads it from the migration scripts."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def newest_file_revision() -> str:
    """The newest revision by file name alone (`NNNN_what.py` holds revision "NNNN")."""
    return max(path.name.split("_", 1)[0] for path in VERSIONS_DIR.glob("[0-9]*_*.py"))


def known_revisions() -> frozenset[str]:
    """Every revision this program has a migration for (a server's newer one is not here), by
    file name alone, as `newest_file_revision` (tests/db/storage/test_migrations.py holds every
    file's name to its revision)."""
    return frozenset(path.name.split("_", 1)[0] for path in VERSIONS_DIR.glob("[0-9]*_*.py"))


#: Taken by the desk that migrates a shared server, so that desks opened at the same moment
#: migrate it once, one after the other (the second finds it done). Any fixed number.
MIGRATION_LOCK = 0x4C4F4B45


def current_revision(database: Database) -> str | None:
    """The revision stored in the database; None for a database never migrated."""
    with database.engine.connect() as connection:
        if not connection.dialect.has_table(connection, VERSION_TABLE):
            return None
        revision = connection.scalar(text(f"SELECT version_num FROM {VERSION_TABLE}"))
        return None if revision is None else str(revision)


def upgrade(database: Database, backup_dir: Path | None = None) -> Path | None:
    """Migrates to head. Returns the copy made of an existing SQLite file first, if any."""
    current = current_revision(database)
    if current is not None and current == newest_file_revision():
        return None
    if current == head_revision():
        return None
    copy = None
    if current is not None and backup_dir is not None:
        copy = _copy_sqlite_aside(database, backup_dir, current)
    with database.engine.begin() as connection:
        upgrade_in(connection)
    log.info("database migrated from %s to %s", current, head_revision())
    return copy


def upgrade_in(connection: Connection) -> None:
    """Migrates to head inside the caller's transaction (PostgreSQL's DDL is transactional)."""
    from alembic import command

    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        # An index built over a million cards may take longer than any desk's statement.
        connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
    config = _alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _copy_sqlite_aside(database: Database, backup_dir: Path, revision: str) -> Path | None:
    """A consistent copy through SQLite's backup API (the WAL is folded in)."""
    if database.engine.dialect.name != "sqlite":
        return None
    source_path = database.engine.url.database
    if not source_path:
        return None
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backup_dir / f"sebelum-migrasi-{revision}-{stamp}.sqlite3"
    with sqlite3.connect(source_path) as source, sqlite3.connect(target) as destination:
        source.backup(destination)
    source.close()
    destination.close()
    log.info("database copied to %s before migrating", target)
    return target
