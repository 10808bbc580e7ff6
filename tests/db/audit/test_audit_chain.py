"""The audit trail is a chain: a row changed, removed, inserted or moved outside the program, or
a handover edited with no audit row, is found by `verify_chain` and named."""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from loket.core.audit_chain import GENESIS, ChainHead
from loket.core.audit_verify import ProblemKind, own_hash, verify_chain
from loket.core.handover import confirming, voiding
from loket.core.handover.rules import HandoverRequest
from loket.core.intake import batches, closing, scanning
from loket.core.manifest.reader import read_manifest
from loket.core.office.identity import OfficeInfo
from loket.core.staff import accounts
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import AuditChain, AuditEntry
from loket.domain.states import DocumentChecked, OldCardFate, Relation, Role
from tests.db.intake.test_batch_closing import pdf_text

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def office(
    database: Database,
    kaligawe: OfficeInfo,
    admin: StaffMember,
    operator: StaffMember,
    samples: Path,
) -> list[int]:
    """Ten cards scanned in, two handed over, one of those voided: the handover ids."""
    report = read_manifest(samples / "manifest_kaligawe_clean.csv", today=TODAY)
    batch = batches.open_batch(
        database, operator, "470/112/XI/2026", dt.date(2026, 11, 25), "", report, today=TODAY
    )
    for entry in report.entries[:10]:
        scanning.receive_scan(database, operator, batch.id, entry.nik, today=TODAY)
    cards = batches.batch_cards(database, batch.id)
    handed = []
    for card in cards[:2]:
        request = HandoverRequest(
            card_id=card.id,
            relation=Relation.OWNER,
            documents=frozenset({DocumentChecked.RECORDING_SLIP}),
            old_card=OldCardFate.SURRENDERED,
        )
        handed.append(confirming.confirm(database, operator, request, today=TODAY).id)
    accounts.add_staff(database, admin, "agus", "rahasia-agus", Role.SUPERVISOR)
    voiding.void(database, operator, "agus", "rahasia-agus", handed[1], "salah orang")
    return handed


def run_sql(database: Database, sql: str, **params: object) -> None:
    """A change made outside the program: plain SQL, no use case, no audit row."""
    with database.engine.begin() as connection:
        connection.execute(text(sql), params)


def audit_ids(database: Database) -> list[int]:
    with database.transaction() as session:
        return list(session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)))


def only_problem(database: Database) -> tuple[ProblemKind, int | None, str]:
    report = verify_chain(database)
    assert len(report.problems) == 1, report.problems
    problem = report.problems[0]
    return problem.kind, problem.audit_id, problem.message


def test_an_untouched_office_verifies_and_its_head_is_the_newest_row(
    database: Database, office: list[int]
) -> None:
    report = verify_chain(database)
    assert report.intact, report.problems
    with database.transaction() as session:
        count = session.scalar(select(func.count()).select_from(AuditEntry))
        newest = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        head = session.get_one(AuditChain, 1)
    assert newest is not None and report.rows == count == head.length == report.head.length
    assert report.head.head_hash == newest.row_hash == head.head_hash
    assert newest.chain_seq == count and len(report.head.short) == 12


def test_each_audit_row_links_to_the_one_before_it(database: Database, office: list[int]) -> None:
    with database.transaction() as session:
        rows = list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert rows[0].prev_hash == GENESIS
    for before, after in itertools.pairwise(rows):
        assert after.prev_hash == before.row_hash
        assert after.chain_seq == before.chain_seq + 1  # type: ignore[operator]


def test_a_changed_detail_is_found_and_named(database: Database, office: list[int]) -> None:
    target = audit_ids(database)[5]
    run_sql(database, "UPDATE audit_log SET detail = '{}' WHERE id = :id", id=target)
    kind, audit_id, message = only_problem(database)
    assert (kind, audit_id) == (ProblemKind.CHANGED, target)
    assert f"nomor {target}" in message


def test_a_deleted_row_is_found_and_the_row_after_it_named(
    database: Database, office: list[int]
) -> None:
    ids = audit_ids(database)
    run_sql(database, "DELETE FROM audit_log WHERE id = :id", id=ids[4])
    kind, audit_id, message = only_problem(database)
    assert (kind, audit_id) == (ProblemKind.REMOVED, ids[5])
    assert message.startswith("1 baris audit hilang sebelum baris nomor")


def test_the_newest_row_deleted_is_found_against_the_head(
    database: Database, office: list[int]
) -> None:
    """The newest row is the void's: without it, the voided handover matches no seal either."""
    ids = audit_ids(database)
    run_sql(database, "DELETE FROM audit_log WHERE id = :id", id=ids[-1])
    problems = verify_chain(database).problems
    assert [(p.kind, p.audit_id) for p in problems] == [
        (ProblemKind.REMOVED, ids[-2]),
        (ProblemKind.HANDOVER_CHANGED, problems[1].audit_id),
    ]
    assert problems[1].handover_id == office[1]


def test_an_inserted_row_is_found_and_named(database: Database, office: list[int]) -> None:
    newest = audit_ids(database)[-1]
    run_sql(
        database,
        "INSERT INTO audit_log (id, at, staff_id, action, entity, entity_id, detail) "
        "VALUES (:id, :at, NULL, 'card.received', 'card', 1, '{}')",
        id=newest + 1,
        at=dt.datetime(2026, 11, 27, 3, 0, tzinfo=dt.UTC),
    )
    kind, audit_id, _message = only_problem(database)
    assert (kind, audit_id) == (ProblemKind.INSERTED, newest + 1)


def test_a_forged_row_copying_the_links_of_the_newest_is_found(
    database: Database, office: list[int]
) -> None:
    newest = audit_ids(database)[-1]
    run_sql(
        database,
        "INSERT INTO audit_log (id, at, staff_id, action, entity, entity_id, detail, chain_seq, "
        "prev_hash, row_hash) SELECT id + 1, at, staff_id, action, entity, entity_id, "
        '\'{"nik": "3374042606528310"}\', chain_seq + 1, row_hash, row_hash FROM audit_log '
        "WHERE id = :id",
        id=newest,
    )
    kind, audit_id, _message = only_problem(database)
    assert (kind, audit_id) == (ProblemKind.CHANGED, newest + 1)


def test_two_rows_swapped_are_found_and_both_named(database: Database, office: list[int]) -> None:
    ids = audit_ids(database)
    first, second = ids[3], ids[4]
    parked = ids[-1] + 100
    run_sql(database, "UPDATE audit_log SET id = :parked WHERE id = :id", parked=parked, id=first)
    run_sql(database, "UPDATE audit_log SET id = :id WHERE id = :other", id=first, other=second)
    run_sql(database, "UPDATE audit_log SET id = :id WHERE id = :parked", id=second, parked=parked)
    kind, audit_id, message = only_problem(database)
    assert (kind, audit_id) == (ProblemKind.MOVED, first)
    assert f"{first} dan {second}" in message


def test_a_handover_edited_without_an_audit_row_is_found_by_its_seal(
    database: Database, office: list[int]
) -> None:
    run_sql(
        database,
        "UPDATE handover SET collector_name = 'ORANG LAIN' WHERE id = :id",
        id=office[0],
    )
    report = verify_chain(database)
    assert [(p.kind, p.handover_id) for p in report.problems] == [
        (ProblemKind.HANDOVER_CHANGED, office[0])
    ]
    assert "tanda terima" in report.problems[0].message


def test_a_voided_handover_set_back_to_valid_outside_the_program_is_found(
    database: Database, office: list[int]
) -> None:
    run_sql(database, "UPDATE handover SET voided = :no WHERE id = :id", no=False, id=office[1])
    report = verify_chain(database)
    assert [(p.kind, p.handover_id) for p in report.problems] == [
        (ProblemKind.HANDOVER_CHANGED, office[1])
    ]


def test_a_handover_deleted_outside_the_program_is_found(
    database: Database, office: list[int]
) -> None:
    run_sql(database, "DELETE FROM handover WHERE id = :id", id=office[1])
    report = verify_chain(database)
    assert [(p.kind, p.handover_id) for p in report.problems] == [
        (ProblemKind.HANDOVER_REMOVED, office[1])
    ]


def test_a_head_printed_on_a_paper_is_checked_against_the_chain(
    database: Database, office: list[int]
) -> None:
    printed = verify_chain(database).head
    paper = ChainHead(printed.length, printed.short)
    assert verify_chain(database, paper).intact
    # The whole chain rewritten after a change: consistent, but no longer what the paper saw.
    wrong = ChainHead(printed.length, "0" * 12)
    kinds = [p.kind for p in verify_chain(database, wrong).problems]
    assert kinds == [ProblemKind.PAPER_MISMATCH]


def test_two_desks_adding_audit_rows_at_once_never_fork_the_chain(
    database: Database, office: list[int], operator: StaffMember
) -> None:
    from loket.core import audit

    def write(worker: int) -> None:
        for number in range(15):
            with database.transaction() as session:
                audit.record(session, operator.id, "test.note", "staff", operator.id, n=number)
                audit.record(session, operator.id, "test.note", "staff", worker, n=number)

    threads = [threading.Thread(target=write, args=(worker,)) for worker in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report = verify_chain(database)
    assert report.intact, report.problems
    with database.transaction() as session:
        seqs = list(session.scalars(select(AuditEntry.chain_seq).order_by(AuditEntry.id)))
    assert seqs == list(range(1, len(seqs) + 1))


def test_the_berita_acara_prints_the_head_and_the_head_still_verifies_later(
    database: Database, data_dir: DataDir, office: list[int], operator: StaffMember
) -> None:
    from loket.documents.intake.berita_acara import write_batch_receipt_minutes

    before = verify_chain(database).head
    batch = batches.open_batches(database)[0]
    closed = closing.close_batch(
        database, operator, batch.id, data_dir, write_batch_receipt_minutes
    )
    flat = " ".join(pdf_text(closed.pdf_path).split())
    printed = f"{before.length} baris, ujung rantai {before.short}"
    assert printed in flat, flat[-400:]
    paper = ChainHead(before.length, before.short)
    assert verify_chain(database, paper).intact
    rewrite_chain_after_changing(database, audit_ids(database)[1])
    assert verify_chain(database).intact  # consistent again: only the paper can tell
    kinds = [p.kind for p in verify_chain(database, paper).problems]
    assert kinds == [ProblemKind.PAPER_MISMATCH]


def rewrite_chain_after_changing(database: Database, target: int) -> None:
    """What someone who knows the encoding could do: change a row, then hash every row again."""
    run_sql(database, "UPDATE audit_log SET detail = '{}' WHERE id = :id", id=target)
    with database.transaction() as session:
        head = GENESIS
        for row in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
            row.prev_hash = head
            row.row_hash = head = own_hash(row)
        session.get_one(AuditChain, 1).head_hash = head
