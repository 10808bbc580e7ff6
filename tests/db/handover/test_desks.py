"""Desks have names: two desks on one database, each scan, handover, void and paper says which
desk wrote it, and a desk refused a card is told which desk and officer had it first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from loket.core.handover import confirming, receipts, voiding
from loket.core.intake import batches, scanning
from loket.core.intake.words import answer_for
from loket.core.manifest.reader import read_manifest
from loket.core.office.identity import OfficeInfo
from loket.core.settings.desk import DeskSettings, name_desk, save_desk_settings
from loket.core.staff import accounts
from loket.core.staff.members import StaffMember
from loket.core.storage import open_database
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import Card, Document, Handover, Scan
from loket.documents.handover.receipt import write_receipt
from loket.documents.handover.receipt_parts import receipt_fields
from loket.domain.errors import LoketError
from loket.domain.states import CardState, Role
from tests.helpers.desks import owner_collects, two_desks

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def desks(database: Database) -> Iterator[tuple[Database, Database]]:
    with two_desks(database) as both:
        yield both


@pytest.fixture
def cards(
    desks: tuple[Database, Database], kaligawe: OfficeInfo, operator: StaffMember, samples: Path
) -> list[int]:
    """Four cards of one batch: the first two scanned in at Loket 1, the others at Loket 2."""
    first, second = desks
    report = read_manifest(samples / "manifest_kaligawe_clean.csv", today=TODAY)
    batch = batches.open_batch(
        first, operator, "470/112/XI/2026", dt.date(2026, 11, 25), "", report, today=TODAY
    )
    for index, entry in enumerate(report.entries[:4]):
        at = first if index < 2 else second
        scanning.receive_scan(at, operator, batch.id, entry.nik, today=TODAY)
    return [c.id for c in batches.batch_cards(first, batch.id)[:4]]


def test_each_desk_records_its_name_on_its_scans_handovers_voids_and_papers(
    desks: tuple[Database, Database],
    cards: list[int],
    data_dir: DataDir,
    operator: StaffMember,
    admin: StaffMember,
) -> None:
    first, second = desks
    accounts.add_staff(first, admin, "agus", "rahasia-agus", Role.SUPERVISOR, "Agus Santoso")
    handed = confirming.confirm(first, operator, owner_collects(cards[0]), today=TODAY)
    confirming.confirm(second, admin, owner_collects(cards[2]), today=TODAY)
    receipts.save_slip(second, admin, handed.id, data_dir, write_receipt)  # printed at Loket 2
    voided = voiding.void(
        second, admin, "agus", "rahasia-agus", handed.id, "Salah kartu, tertukar dengan kakaknya"
    )
    assert (voided.desk, voided.void_desk) == ("Loket 1", "Loket 2")
    with first.transaction() as session:
        scans = session.execute(select(Scan.card_id, Scan.desk).order_by(Scan.id)).all()
        assert [desk for _card, desk in scans] == ["Loket 1", "Loket 1", "Loket 2", "Loket 2"]
        handovers = session.execute(
            select(Handover.card_id, Handover.desk, Handover.void_desk).order_by(Handover.id)
        ).all()
        assert [tuple(row) for row in handovers] == [
            (cards[0], "Loket 1", "Loket 2"),
            (cards[2], "Loket 2", ""),
        ]
        assert session.scalars(select(Document.desk)).all() == ["Loket 2"]


def test_a_card_another_desk_handed_over_is_refused_naming_that_desk_and_officer(
    desks: tuple[Database, Database], cards: list[int], operator: StaffMember, admin: StaffMember
) -> None:
    first, second = desks
    handed = confirming.confirm(first, operator, owner_collects(cards[1]), today=TODAY)
    with pytest.raises(LoketError) as refused:
        confirming.confirm(second, admin, owner_collects(cards[1]), today=TODAY)
    message = refused.value.message
    assert "tidak bisa diserahkan dua kali" in message
    assert f"tanda terima {handed.receipt_number}, petugas Dewi Lestari di Loket 1." in message


def test_a_card_scanned_again_at_another_desk_is_answered_with_when_and_where_it_was_recorded(
    desks: tuple[Database, Database], kaligawe: OfficeInfo, cards: list[int], operator: StaffMember
) -> None:
    """The clerk at Loket 2 did not scan it: the answer says it came in at Loket 1, and when.
    A desk alone (SQLite) says only when."""
    first, second = desks
    with first.transaction() as session:
        card = session.get(Card, cards[0])
        assert card is not None and card.received_at is not None
        nik, batch_id, received = card.nik, card.batch_id, card.received_at
    again = scanning.receive_scan(second, operator, batch_id, nik, today=TODAY)
    detail = answer_for(again, kaligawe.zone).detail
    at = f"pukul {received.astimezone(kaligawe.zone):%H.%M}"
    if second.on_server:
        assert again.recorded_at_desk == "Loket 1"
        assert f"sudah tercatat di kiriman ini ({at} di Loket 1) dan" in detail
    else:
        assert again.recorded_at_desk == ""
        assert f"sudah tercatat di kiriman ini ({at}) dan" in detail


def test_a_race_lost_at_the_database_names_the_winning_desk_and_officer(
    desks: tuple[Database, Database], cards: list[int], operator: StaffMember, admin: StaffMember
) -> None:
    """As when Loket 1 commits between Loket 2's check and its insert (PostgreSQL)."""
    first, second = desks
    handed = confirming.confirm(first, operator, owner_collects(cards[1]), today=TODAY)
    with second.transaction() as session:  # the card looks in stock again; its handover stands
        session.get_one(Card, cards[1]).state = CardState.IN_STOCK
    with pytest.raises(LoketError) as refused:
        confirming.confirm(second, admin, owner_collects(cards[1]), today=TODAY)
    assert refused.value.message == (
        "Kartu ini baru saja diserahkan oleh petugas Dewi Lestari di Loket 1 "
        f"(tanda terima {handed.receipt_number}). Tidak bisa diserahkan dua kali."
    )


def test_the_receipt_names_the_desk_that_handed_the_card_over(
    desks: tuple[Database, Database],
    cards: list[int],
    data_dir: DataDir,
    operator: StaffMember,
    admin: StaffMember,
) -> None:
    first, second = desks
    handed = confirming.confirm(second, admin, owner_collects(cards[3]), today=TODAY)
    slip = receipts.slip_for(first, handed.id, copy=True)  # reprinted at another desk
    assert slip.desk == "Loket 2"
    assert ("Loket", "Loket 2") in receipt_fields(slip)
    path = receipts.save_slip(first, operator, handed.id, data_dir, write_receipt)
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    assert text.count("Loket 2") == 2  # on the resident's half and on the archive's


@pytest.mark.sqlite_only
def test_a_data_folder_opens_named_after_its_desk(tmp_path: Path) -> None:
    data = DataDir(tmp_path / "desk")
    unnamed = open_database(data)
    assert unnamed.desk == "Loket 1"  # a PC never named: one desk, noticing nothing
    unnamed.dispose()
    save_desk_settings(data.root, DeskSettings(slip_printer="EPSON TM-T82", desk_name="Loket 3"))
    named = open_database(data)
    assert named.desk == "Loket 3"
    named.dispose()


def test_a_desk_renamed_while_it_runs_records_the_new_name_from_its_next_write(
    desks: tuple[Database, Database], cards: list[int], tmp_path: Path, operator: StaffMember
) -> None:
    first, _second = desks
    assert name_desk(tmp_path, "  Loket   3 ", first) == "Loket 3"
    handed = confirming.confirm(first, operator, owner_collects(cards[0]), today=TODAY)
    assert handed.desk == "Loket 3"
    with pytest.raises(LoketError, match="Tulis nama loket"):
        name_desk(tmp_path, "   ", first)
    with pytest.raises(LoketError, match="paling panjang 40 huruf"):
        name_desk(tmp_path, "Loket " + "pelayanan " * 4, first)
    assert first.desk == "Loket 3"
