"""Migration 0004 (delivery runs, card indexes) on a database already holding cards at 0003."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlalchemy as sa

from loket.db import migrate
from loket.db.engine import Database
from tests.helpers.old_office import insert_staff_and_batch, migrate_to

CARD_INDEXES = {"ix_card_rw_rt", "ix_card_state_received"}


def _indexes(database: Database, table: str) -> set[str]:
    return {index["name"] for index in sa.inspect(database.engine).get_indexes(table)}


def _fill_at_0003(database: Database) -> None:
    """An office with a batch and two cards, written as 0003 knew the tables."""
    with database.engine.begin() as connection:
        insert_staff_and_batch(connection, has_manifest=False)
        for card_id, nik, rt in ((1, "3374042606528310", "009"), (2, "3374046404760519", "005")):
            connection.execute(
                sa.text(
                    "INSERT INTO card (id, nik, name, name_key, rt, rw, address, batch_id, state, "
                    "on_manifest, received_at, created_at, created_by_id) VALUES (:id, :nik, "
                    "'FAJAR MAULANA', ' fajar maulana ', :rt, '001', 'Rusunawa Kaligawe', 1, "
                    "'IN_STOCK', :no, '2026-11-25 02:00:00', '2026-11-25 02:00:00', 1)"
                ),
                {"id": card_id, "nik": nik, "rt": rt, "no": False},
            )


def _upgrade_then_downgrade(database: Database) -> None:
    migrate_to(database, "0003")
    _fill_at_0003(database)
    assert "delivery_run" not in sa.inspect(database.engine).get_table_names()

    migrate_to(database, "0004")
    assert migrate.current_revision(database) == "0004"
    tables = set(sa.inspect(database.engine).get_table_names())
    assert {"delivery_run", "delivery_line"} <= tables
    assert _indexes(database, "card") >= CARD_INDEXES
    assert {
        "uq_delivery_line_pending_card",
        "ix_delivery_line_run",
        "ix_delivery_line_card",
        "ix_delivery_line_handover",
    } <= _indexes(database, "delivery_line")
    with database.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT nik, state FROM card ORDER BY id")).all()
    assert [tuple(row) for row in rows] == [
        ("3374042606528310", "IN_STOCK"),
        ("3374046404760519", "IN_STOCK"),
    ]

    migrate_to(database, "0003", down=True)
    assert migrate.current_revision(database) == "0003"
    assert "delivery_run" not in sa.inspect(database.engine).get_table_names()
    assert "delivery_line" not in sa.inspect(database.engine).get_table_names()
    assert not CARD_INDEXES & _indexes(database, "card")
    with database.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM card")).scalar() == 2
    migrate_to(database, "head")


def test_0004_adds_delivery_tables_and_card_indexes_keeping_cards_and_goes_back(
    tmp_path: Path,
) -> None:
    database = Database(f"sqlite:///{tmp_path / 'loket.sqlite3'}")
    try:
        _upgrade_then_downgrade(database)
        with database.engine.connect() as connection:
            plan = connection.execute(
                sa.text("EXPLAIN QUERY PLAN SELECT id FROM card WHERE rw = '001' AND rt = '005'")
            ).all()
        assert "ix_card_rw_rt" in " ".join(str(step) for step in plan)
    finally:
        database.dispose()


@pytest.mark.skipif(
    not os.environ.get("LOKET_TEST_POSTGRES"), reason="set LOKET_TEST_POSTGRES to run it"
)
def test_0004_upgrades_and_downgrades_on_postgresql() -> None:
    database = Database(os.environ["LOKET_TEST_POSTGRES"])
    try:
        with database.engine.begin() as connection:  # the shared test database, from nothing
            connection.exec_driver_sql("DROP SCHEMA public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
        _upgrade_then_downgrade(database)
    finally:
        database.dispose()
