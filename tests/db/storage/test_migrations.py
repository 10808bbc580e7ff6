"""The schema comes only from Alembic migrations, and they match the models."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from loket.datadir import DataDir
from loket.db import migrate
from loket.db.engine import Database
from loket.db.models import Base
from loket.db.open import open_database
from tests.helpers.fresh_process import opening_imports


def test_migrated_database_matches_the_models(database: Database) -> None:
    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


@pytest.mark.sqlite_only
def test_sqlite_is_opened_with_wal_full_sync_foreign_keys_and_busy_timeout(
    database: Database,
) -> None:
    with database.engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") >= 5000


def test_the_database_is_copied_aside_whole_before_a_migration(tmp_path: Path) -> None:
    data = DataDir(tmp_path / "data")
    data.create()
    with sqlite3.connect(data.database) as db:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("CREATE TABLE marker (note TEXT)")
        db.execute("INSERT INTO marker VALUES ('sebelum migrasi')")
    database = Database(data.database_url)
    copy = migrate._copy_sqlite_aside(database, data.backups, "0001")
    database.dispose()
    assert copy is not None and copy.parent == data.backups and "0001" in copy.name
    with sqlite3.connect(copy) as db:
        assert db.execute("SELECT note FROM marker").fetchone() == ("sebelum migrasi",)


def test_opening_twice_migrates_once_and_keeps_data(tmp_path: Path) -> None:
    data = DataDir(tmp_path / "data")
    first = open_database(data)
    assert migrate.current_revision(first) == migrate.head_revision()
    first.dispose()
    second = open_database(data)
    assert migrate.current_revision(second) == migrate.head_revision()
    second.dispose()
    assert list(data.backups.iterdir()) == []


def test_each_migration_file_is_named_after_its_revision_and_the_newest_is_alembics_head() -> None:
    """A current database is recognised from the file names alone, without importing Alembic."""
    scripts = ScriptDirectory(str(migrate.MIGRATIONS_DIR))
    files = sorted(migrate.VERSIONS_DIR.glob("[0-9]*_*.py"))
    assert [path.name.split("_", 1)[0] for path in files] == sorted(
        script.revision for script in scripts.walk_revisions()
    )
    assert migrate.newest_file_revision() == migrate.head_revision() == scripts.get_current_head()
    assert migrate.known_revisions() == {script.revision for script in scripts.walk_revisions()}


def test_a_current_database_is_opened_without_importing_alembic(tmp_path: Path) -> None:
    data = DataDir(tmp_path / "data")
    open_database(data).dispose()  # migrated to the newest here
    assert opening_imports(data.root, "alembic") == []
