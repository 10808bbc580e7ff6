"""Receiving a batch: every answer a scan can get, the counts, and what is on disk."""

from __future__ import annotations

import datetime as dt
import gc
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from loket.core.intake import batches, scanning
from loket.core.intake.words import answer_for
from loket.core.manifest.reader import read_manifest
from loket.core.staff.members import StaffMember
from loket.db.engine import Database
from loket.db.models import AuditEntry, Card, Scan
from loket.domain.errors import LoketError
from loket.domain.states import CardState, ScanOutcomeKind

TODAY = dt.date(2026, 11, 27)
LETTER = dt.date(2026, 11, 25)


@pytest.fixture
def kaligawe_batch(database: Database, kaligawe, operator: StaffMember, samples: Path):
    report = read_manifest(samples / "manifest_kaligawe_clean.csv", today=TODAY)
    return batches.open_batch(
        database, operator, "470/112/XI/2026", LETTER, "Pak Rahmat", report, today=TODAY
    )


def scan(database: Database, actor: StaffMember, batch_id: int, text: str, typed: bool = False):
    return scanning.receive_scan(database, actor, batch_id, text, typed=typed, today=TODAY)


def test_opening_a_batch_imports_every_card_on_the_list_as_expected(
    database: Database, kaligawe_batch: batches.BatchInfo
) -> None:
    counts = kaligawe_batch.counts
    assert (counts.expected, counts.received, counts.missing, counts.extra) == (56, 0, 56, 0)
    with database.transaction() as session:
        states = session.scalars(select(Card.state).where(Card.batch_id == kaligawe_batch.id))
        assert set(states) == {CardState.EXPECTED}


def test_card_on_the_list_is_received_and_counted_once(
    database: Database, kaligawe_batch: batches.BatchInfo, operator: StaffMember
) -> None:
    first = scan(database, operator, kaligawe_batch.id, "3374042606528310")
    assert first.kind is ScanOutcomeKind.RECEIVED
    assert first.card is not None and first.card.name == "FAJAR MAULANA"
    assert (first.counts.received, first.counts.missing) == (1, 55)
    again = scan(database, operator, kaligawe_batch.id, "3374042606528310")
    assert again.kind is ScanOutcomeKind.DUPLICATE
    assert (again.counts.received, again.counts.missing) == (1, 55)
    assert "tidak dihitung dua kali" in answer_for(again).detail


def test_card_not_on_the_list_is_extra_and_can_be_set_aside_with_one_call(
    database: Database, kaligawe_batch: batches.BatchInfo, operator: StaffMember
) -> None:
    outcome = scan(database, operator, kaligawe_batch.id, "3374044107900002")
    assert outcome.kind is ScanOutcomeKind.EXTRA
    assert outcome.counts.extra == 1 and outcome.counts.set_aside == 0
    assert "F8" in answer_for(outcome).detail
    assert outcome.card is not None
    scanning.set_aside(database, operator, outcome.card.id)
    info = batches.get_batch(database, kaligawe_batch.id)
    assert (info.counts.extra, info.counts.set_aside) == (1, 1)


def test_unreadable_scans_say_which_problem_and_change_no_card(
    database: Database, kaligawe_batch: batches.BatchInfo, operator: StaffMember
) -> None:
    cases = {
        "33740441079": "Terlalu pendek",
        "ABCDEFGHIJKLMNOP": "Bukan NIK",
        "3374043213900001": "Tanggal lahir",
        "3374040000000000": "Tanggal lahir",
    }
    for text, words in cases.items():
        outcome = scan(database, operator, kaligawe_batch.id, text)
        assert outcome.kind is ScanOutcomeKind.UNREADABLE
        assert words in answer_for(outcome).detail
    with database.transaction() as session:
        assert session.scalar(select(func.count(Card.id))) == 56
        assert session.scalar(select(func.count(Scan.id))) == len(cases)


def test_a_nul_from_the_scanner_is_logged_as_unreadable_on_every_database(
    database: Database, kaligawe_batch: batches.BatchInfo, operator: StaffMember
) -> None:
    """PostgreSQL text cannot hold a NUL: the scan log keeps a replacement character."""
    outcome = scan(database, operator, kaligawe_batch.id, "3374\x00041")
    assert outcome.kind is ScanOutcomeKind.UNREADABLE
    with database.transaction() as session:
        assert session.scalar(select(Scan.raw_text)) == "3374\ufffd041"


def test_scans_leave_no_sqlalchemy_state_to_the_cycle_collector(
    database: Database, kaligawe_batch: batches.BatchInfo, operator: StaffMember
) -> None:
    """The desk collects cycles on the window's thread; what a scan leaves in cycles is a
    pause there (a batch of 20,000 closing left 570,000 objects, 400 ms)."""
    with database.transaction() as session:
        niks = session.scalars(select(Card.nik).where(Card.batch_id == kaligawe_batch.id)).all()
    was_enabled = gc.isenabled()
    gc.disable()
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for nik in niks[:10]:
            assert scan(database, operator, kaligawe_batch.id, nik).kind is ScanOutcomeKind.RECEIVED
        gc.collect()
        left = [o for o in gc.garbage if type(o).__module__.startswith("sqlalchemy.orm")]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was_enabled:
            gc.enable()
    assert left == []


def test_typed_nik_is_marked_as_typed(
    database: Database, kaligawe_batch: batches.BatchInfo, operator: StaffMember
) -> None:
    outcome = scan(database, operator, kaligawe_batch.id, "3374 0968 0407 0373", typed=True)
    assert outcome.kind is ScanOutcomeKind.RECEIVED
    assert outcome.card is not None and outcome.card.typed
    assert "diketik manual" in answer_for(outcome).detail


def test_card_already_in_stock_from_another_batch_is_refused_with_its_batch(
    database: Database, kaligawe, operator: StaffMember
) -> None:
    first = batches.open_batch(database, operator, "A/1", LETTER, today=TODAY)
    scan(database, operator, first.id, "3374044107900002")
    second = batches.open_batch(database, operator, "B/2", LETTER, today=TODAY)
    outcome = scan(database, operator, second.id, "3374044107900002")
    assert outcome.kind is ScanOutcomeKind.ELSEWHERE
    assert outcome.other_batch_reference == "A/1"
    assert "A/1" in answer_for(outcome).detail
    assert batches.get_batch(database, second.id).counts.received == 0


def test_batch_without_a_list_grows_as_cards_are_scanned_and_names_come_later(
    database: Database, kaligawe, operator: StaffMember
) -> None:
    batch = batches.open_batch(database, operator, "470/5/2026", LETTER, today=TODAY)
    for nik in ("3374044107900002", "3374046404760519", "3374044107900002"):
        last = scan(database, operator, batch.id, nik)
    assert last.kind is ScanOutcomeKind.DUPLICATE
    info = batches.get_batch(database, batch.id)
    assert (info.counts.expected, info.counts.received, info.counts.extra) == (0, 2, 0)
    card = batches.batch_cards(database, batch.id)[0]
    named = scanning.update_card_details(database, operator, card.id, " Siti  Aminah ", "3", "5")
    assert (named.name, named.rt, named.rw) == ("Siti Aminah", "003", "005")


def test_every_change_writes_an_audit_row_naming_the_staff_member(
    database: Database, kaligawe_batch: batches.BatchInfo, operator: StaffMember
) -> None:
    scan(database, operator, kaligawe_batch.id, "3374042606528310")
    with database.transaction() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "card.received")
        ).one()
        assert entry.staff_id == operator.id
        assert json.loads(entry.detail)["nik"] == "3374042606528310"
        opened = session.scalars(select(AuditEntry).where(AuditEntry.action == "batch.open")).one()
        assert json.loads(opened.detail)["listed"] == 56


def test_a_scan_is_on_disk_when_it_returns(
    database: Database, kaligawe_batch: batches.BatchInfo, operator: StaffMember
) -> None:
    scan(database, operator, kaligawe_batch.id, "3374042606528310")
    # A second, independent connection (as after a power cut and restart) sees it.
    other = Database(database.url)
    try:
        assert batches.get_batch(other, kaligawe_batch.id).counts.received == 1
    finally:
        other.dispose()


def test_list_rows_already_held_elsewhere_are_not_imported_twice(
    database: Database, kaligawe, operator: StaffMember, samples: Path
) -> None:
    loose = batches.open_batch(database, operator, "lama", LETTER, today=TODAY)
    scan(database, operator, loose.id, "3374042606528310")
    report = read_manifest(samples / "manifest_kaligawe_clean.csv", today=TODAY)
    plan = batches.plan_import(database, report)
    assert [c.nik for c in plan.conflicts] == ["3374042606528310"]
    batch = batches.open_batch(database, operator, "baru", LETTER, "", report, today=TODAY)
    assert batch.counts.expected == 55


@pytest.mark.parametrize(
    ("reference", "letter_date", "words"),
    [
        ("   ", LETTER, "wajib diisi"),
        ("470/1", dt.date(2026, 12, 1), "sesudah hari ini"),
    ],
)
def test_batch_needs_a_letter_number_and_a_date_not_in_the_future(
    database: Database,
    kaligawe,
    operator: StaffMember,
    reference: str,
    letter_date: dt.date,
    words: str,
) -> None:
    with pytest.raises(LoketError, match=words):
        batches.open_batch(database, operator, reference, letter_date, today=TODAY)
    assert batches.open_batches(database) == []


def test_scanning_into_a_closed_batch_is_refused(
    database: Database, kaligawe, operator: StaffMember, data_dir
) -> None:
    from loket.core.intake.closing import close_batch

    batch = batches.open_batch(database, operator, "470/9", LETTER, today=TODAY)
    close_batch(database, operator, batch.id, data_dir, lambda minutes, path: _touch(path))
    with pytest.raises(LoketError, match="sudah ditutup"):
        scan(database, operator, batch.id, "3374042606528310")


def _touch(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n")
    return path
