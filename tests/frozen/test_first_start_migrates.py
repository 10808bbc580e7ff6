"""An office's database from the oldest schema is brought up to date by the frozen program's
first start, as after installing a newer version over an old one: the migrations travelled."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa

from loket.datadir import DataDir
from loket.db import migrate
from loket.db.engine import Database
from tests.frozen.conftest import Bundle
from tests.helpers.old_office import insert_staff_and_batch, migrate_to

OLDEST = "0001"


def office_at_oldest_revision(data: DataDir) -> None:
    """The office, its admin, a batch and a card, written with the source tree's migrations as
    the first schema knew the tables."""
    data.create()
    database = Database(data.database_url)
    migrate_to(database, OLDEST)
    with database.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO office (id, region_code, address, lurah_name, lurah_nip, created_at)"
                " VALUES (1, '33.74.04.1002', 'Jl. Kaligawe Raya No. 1', 'Drs. Bambang Sutrisno',"
                " '196805121994031007', '2026-11-24 01:00:00')"
            )
        )
        insert_staff_and_batch(connection, has_manifest=False, role="ADMIN")
        connection.execute(
            sa.text(
                "INSERT INTO card (id, nik, name, rt, rw, address, batch_id, state, on_manifest, "
                "received_at, received_by_id, created_at, created_by_id) VALUES (1, "
                "'3374042606528310', 'FAJAR MAULANA', '009', '001', 'Rusunawa Kaligawe', 1, "
                "'IN_STOCK', :no, '2026-11-25 02:00:00', 1, '2026-11-25 02:00:00', 1)"
            ),
            {"no": False},
        )
    assert migrate.current_revision(database) == OLDEST
    database.dispose()


def test_database_at_the_oldest_migration_is_upgraded_on_first_start(
    bundle: Bundle, tmp_path: Path
) -> None:
    data = DataDir(tmp_path / "data")
    office_at_oldest_revision(data)

    report = bundle.run("report", "daily", "--date", "2026-11-25", data_dir=data.root)

    assert report.returncode == 0, report.stderr
    with sqlite3.connect(data.database) as db:
        (revision,) = db.execute("SELECT version_num FROM alembic_version").fetchone()
        cards = db.execute("SELECT nik, name, state FROM card").fetchall()
    assert revision == migrate.head_revision()
    assert cards == [("3374042606528310", "FAJAR MAULANA", "IN_STOCK")]
    (copy,) = data.backups.glob(f"sebelum-migrasi-{OLDEST}-*.sqlite3")
    with sqlite3.connect(copy) as db:
        (kept,) = db.execute("SELECT version_num FROM alembic_version").fetchone()
    assert kept == OLDEST
    log = (data.logs / "loket.log").read_text(encoding="utf-8")
    assert f"database migrated from {OLDEST} to {migrate.head_revision()}" in log
