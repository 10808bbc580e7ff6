"""Migration 0006 chains the audit rows an office already has and seals its handovers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlalchemy as sa

from loket.core.audit_verify import ProblemKind, verify_chain
from loket.db import migrate
from loket.db.engine import Database
from tests.helpers.old_office import insert_staff_and_batch, migrate_to, on_empty_postgresql

HANDOVER = (
    "INSERT INTO handover (id, card_id, receipt_number, year, sequence, relation, collector_name, "
    "collector_nik, collector_phone, documents, old_card, police_letter_number, handed_over_at, "
    "officer_id, voided, void_reason) VALUES (:id, :id, :receipt, 2026, :id, 'OWNER', "
    "'FAJAR MAULANA', :nik, '', 'RECORDING_SLIP', 'SURRENDERED', '', :at, 1, :no, '')"
)
AUDIT = (
    "INSERT INTO audit_log (at, staff_id, action, entity, entity_id, detail) "
    "VALUES (:at, 1, :action, 'card', :card, :detail)"
)


def _fill_at_0005(connection: sa.Connection) -> None:
    """Two cards handed over; the audit log names the first handover only (as 0005 wrote it)."""
    insert_staff_and_batch(connection, has_manifest=False)
    at = "2026-11-25 02:00:00.250000"
    for card_id, nik in ((1, "3374042606528310"), (2, "3374046404760519")):
        connection.execute(
            sa.text(
                "INSERT INTO card (id, nik, name, name_key, rt, rw, address, batch_id, state, "
                "on_manifest, received_at, created_at, created_by_id) VALUES (:id, :nik, "
                "'FAJAR MAULANA', ' fajar maulana ', '009', '001', 'Rusunawa Kaligawe', 1, "
                "'HANDED_OVER', :no, :at, :at, 1)"
            ),
            {"id": card_id, "nik": nik, "no": False, "at": at},
        )
        receipt = f"3374041002-2026-00000{card_id}"
        connection.execute(
            sa.text(HANDOVER),
            {"id": card_id, "receipt": receipt, "nik": nik, "at": at, "no": False},
        )
        connection.execute(
            sa.text(AUDIT),
            {"at": at, "action": "card.received", "card": card_id, "detail": '{"nik": "x"}'},
        )
    connection.execute(
        sa.text(AUDIT),
        {"at": at, "action": "handover.confirm", "card": 1, "detail": '{"handover_id": 1}'},
    )


def _upgrade_and_check(database: Database) -> None:
    migrate_to(database, "0005")
    with database.engine.begin() as connection:
        _fill_at_0005(connection)
    migrate_to(database, "0006")
    report = verify_chain(database)
    assert report.intact, report.problems
    assert report.rows == report.head.length == 4  # three rows chained, one seal added
    with database.engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT action, entity_id, seal FROM audit_log ORDER BY id")
        ).all()
    assert [(r.action, r.entity_id, (r.seal or "")[:11]) for r in rows] == [
        ("card.received", 1, ""),
        ("card.received", 2, ""),
        ("handover.confirm", 1, "handover:1:"),
        ("audit.seal", 2, "handover:2:"),
    ]
    with database.engine.begin() as connection:
        connection.execute(sa.text("UPDATE handover SET collector_nik = '3374046404760000'"))
    kinds = [(p.kind, p.handover_id) for p in verify_chain(database).problems]
    assert kinds == [(ProblemKind.HANDOVER_CHANGED, 1), (ProblemKind.HANDOVER_CHANGED, 2)]
    migrate_to(database, "0005", down=True)
    assert "audit_chain" not in sa.inspect(database.engine).get_table_names()
    migrate_to(database, "head")
    assert migrate.current_revision(database) == migrate.head_revision()


def test_0006_chains_an_offices_audit_rows_and_seals_its_handovers(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'loket.sqlite3'}")
    try:
        _upgrade_and_check(database)
    finally:
        database.dispose()


@pytest.mark.skipif(
    not os.environ.get("LOKET_TEST_POSTGRES"), reason="set LOKET_TEST_POSTGRES to run it"
)
def test_0006_chains_and_seals_on_postgresql() -> None:
    on_empty_postgresql(_upgrade_and_check)
