"""Migration 0007 names the desk on scans, handovers and papers; an older office's rows get ""."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlalchemy as sa

from loket.db import migrate
from loket.db.engine import Database
from tests.helpers.old_office import insert_staff_and_batch, migrate_to, on_empty_postgresql

AT = "2026-11-25 02:00:00.250000"
DESK_COLUMNS = {"scan": {"desk"}, "handover": {"desk", "void_desk"}, "document": {"desk"}}


def _fill_at_0006(connection: sa.Connection) -> None:
    """A card scanned in and handed over, its receipt filed: as 0006 knew the tables."""
    insert_staff_and_batch(connection, has_manifest=False)
    connection.execute(
        sa.text(
            "INSERT INTO card (id, nik, name, name_key, rt, rw, address, batch_id, state, "
            "on_manifest, received_at, created_at, created_by_id) VALUES (1, '3374042606528310', "
            "'FAJAR MAULANA', ' fajar maulana ', '009', '001', 'Rusunawa Kaligawe', 1, "
            "'HANDED_OVER', :no, :at, :at, 1)"
        ),
        {"no": False, "at": AT},
    )
    connection.execute(
        sa.text(
            "INSERT INTO scan (id, batch_id, raw_text, nik, outcome, entry_method, card_id, "
            "scanned_at, staff_id) VALUES (1, 1, '3374042606528310', '3374042606528310', "
            "'ADDED', 'SCANNED', 1, :at, 1)"
        ),
        {"at": AT},
    )
    connection.execute(
        sa.text(
            "INSERT INTO handover (id, card_id, receipt_number, year, sequence, relation, "
            "collector_name, collector_nik, collector_phone, documents, old_card, "
            "police_letter_number, handed_over_at, officer_id, voided, void_reason) VALUES (1, 1, "
            "'3374041002-2026-000001', 2026, 1, 'OWNER', 'FAJAR MAULANA', '3374042606528310', '', "
            "'RECORDING_SLIP', 'SURRENDERED', '', :at, 1, :no, '')"
        ),
        {"no": False, "at": AT},
    )
    connection.execute(
        sa.text(
            "INSERT INTO document (id, kind, number, title, relative_path, created_at, "
            "created_by_id) VALUES (1, 'receipts', '3374041002-2026-000001', 'Tanda terima', "
            "'documents/receipts/tanda-terima-3374041002-2026-000001.pdf', :at, 1)"
        ),
        {"at": AT},
    )


def _columns(database: Database, table: str) -> set[str]:
    return {column["name"] for column in sa.inspect(database.engine).get_columns(table)}


def _live_handover_index(database: Database) -> str:
    """How the database itself spells the index that allows one live handover per card."""
    query = (
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'uq_handover_live_card'"
        if database.engine.dialect.name == "postgresql"
        else "SELECT sql FROM sqlite_master WHERE name = 'uq_handover_live_card'"
    )
    with database.engine.connect() as connection:
        return str(connection.exec_driver_sql(query).scalar_one())


def _upgrade_then_downgrade(database: Database) -> None:
    migrate_to(database, "0006")
    with database.engine.begin() as connection:
        _fill_at_0006(connection)
    live_index = _live_handover_index(database)
    assert "WHERE" in live_index.upper()

    migrate_to(database, "0007")
    assert migrate.current_revision(database) == "0007"
    for table, columns in DESK_COLUMNS.items():
        assert columns <= _columns(database, table)
    indexes = {index["name"] for index in sa.inspect(database.engine).get_indexes("scan")}
    assert "ix_scan_scanned_at" in indexes
    with database.engine.connect() as connection:
        row = connection.execute(
            sa.text(
                "SELECT scan.desk, handover.desk AS handed, handover.void_desk, document.desk "
                "AS filed, handover.receipt_number FROM scan, handover, document"
            )
        ).one()
    assert tuple(row) == ("", "", "", "", "3374041002-2026-000001")

    migrate_to(database, "0006", down=True)
    assert migrate.current_revision(database) == "0006"
    for table, columns in DESK_COLUMNS.items():
        assert not columns & _columns(database, table)
    assert _live_handover_index(database) == live_index  # still one live handover per card
    with database.engine.connect() as connection:
        counts = [
            connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
            for table in DESK_COLUMNS
        ]
    assert counts == [1, 1, 1]
    migrate_to(database, "head")
    assert migrate.current_revision(database) == migrate.head_revision()


def test_0007_names_no_desk_on_an_older_offices_rows_and_goes_back(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'loket.sqlite3'}")
    try:
        _upgrade_then_downgrade(database)
    finally:
        database.dispose()


@pytest.mark.skipif(
    not os.environ.get("LOKET_TEST_POSTGRES"), reason="set LOKET_TEST_POSTGRES to run it"
)
def test_0007_on_postgresql() -> None:
    on_empty_postgresql(_upgrade_then_downgrade)
