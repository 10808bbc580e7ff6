"""Bring a database to the current schema, keeping a copy of the file from before."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from loket.db.engine import Database

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(database: Database) -> str | None:
    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(database: Database, backup_dir: Path | None = None) -> Path | None:
    """Migrates to head. Returns the copy made of an existing SQLite file first, if any."""
    current = current_revision(database)
    if current == head_revision():
        return None
    copy = None
    if current is not None and backup_dir is not None:
        copy = _copy_sqlite_aside(database, backup_dir, current)
    config = _alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    log.info("database migrated from %s to %s", current, head_revision())
    return copy


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


def known_revisions() -> frozenset[str]:
    """Every schema revision this program can open (and migrate from)."""
    script = ScriptDirectory.from_config(_alembic_config())
    return frozenset(revision.revision for revision in script.walk_revisions())
