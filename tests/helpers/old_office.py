"""An office written the way an older schema knew its tables: for tests of a migration."""

from __future__ import annotations

import os
from collections.abc import Callable

import sqlalchemy as sa
from alembic import command

from loket.db import migrate
from loket.db.engine import Database


def migrate_to(database: Database, revision: str, *, down: bool = False) -> None:
    config = migrate._alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def insert_staff_and_batch(
    connection: sa.Connection, *, has_manifest: bool, role: str = "OPERATOR"
) -> None:
    """Staff 1 (Dewi) and batch 1, open, as every schema since 0001 stores them."""
    connection.execute(
        sa.text(
            "INSERT INTO staff (id, username, full_name, nip, role, password_hash, active, "
            "failed_logins, created_at) VALUES (1, 'dewi', 'Dewi Lestari', '', :role, "
            "'x', :yes, 0, '2026-11-25 01:00:00')"
        ),
        {"yes": True, "role": role},
    )
    connection.execute(
        sa.text(
            "INSERT INTO batch (id, reference, letter_date, courier_name, has_manifest, "
            "manifest_filename, status, opened_at, opened_by_id) VALUES (1, "
            "'470/112/XI/2026', '2026-11-25', '', :listed, '', 'OPEN', '2026-11-25 01:00:00', 1)"
        ),
        {"listed": has_manifest},
    )


def on_empty_postgresql(check: Callable[[Database], None]) -> None:
    """`check` on the PostgreSQL test database (LOKET_TEST_POSTGRES) emptied to nothing, as a
    new office's server is before its first migration."""
    database = Database(os.environ["LOKET_TEST_POSTGRES"])
    try:
        with database.engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
        check(database)
    finally:
        database.dispose()
