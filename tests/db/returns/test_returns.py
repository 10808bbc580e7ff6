"""Returning cards to the kecamatan: every refusal, the berita acara read back, all or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from loket.core.handover import confirming
from loket.core.handover.lookup import Answer, status_of_nik
from loket.core.handover.rules import HandoverRequest
from loket.core.handover.words import status_sentence
from loket.core.intake import batches, scanning
from loket.core.manifest.model import ManifestEntry
from loket.core.manifest.reader import read_manifest
from loket.core.office.identity import OfficeInfo
from loket.core.returns import closing, filling
from loket.core.returns.filling import ReturnScanKind
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import AuditEntry, Card, CardReturnLine, Document, Handover
from loket.documents.returns.berita_acara_pengembalian import write_return_minutes
from loket.domain.errors import LoketError, NotFound
from loket.domain.states import (
    CardState,
    DocumentChecked,
    OldCardFate,
    Relation,
    ReturnReason,
    ReturnStatus,
)

TODAY = dt.date(2026, 11, 27)
WIB = ZoneInfo("Asia/Jakarta")
NEVER_CAME = "3374044107900002"  # a valid NIK no batch ever brought


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


@pytest.fixture
def entries(
    database: Database, kaligawe: OfficeInfo, operator: StaffMember, samples: Path
) -> tuple[ManifestEntry, ...]:
    """The Rusunawa Kaligawe batch of 56 cards with its first 40 scanned in."""
    report = read_manifest(samples / "manifest_kaligawe_clean.csv", today=TODAY)
    batch = batches.open_batch(
        database, operator, "470/112/XI/2026", dt.date(2026, 11, 25), "", report, today=TODAY
    )
    for entry in report.entries[:40]:
        scanning.receive_scan(database, operator, batch.id, entry.nik, today=TODAY)
    return report.entries


def card_id(database: Database, nik: str) -> int:
    with database.transaction() as session:
        return session.scalars(select(Card.id).where(Card.nik == nik)).one()


def test_cards_scanned_with_reasons_are_listed_and_counted(
    database: Database, operator: StaffMember, entries
) -> None:
    opened = filling.open_return(database, operator, "474/55/XI/2026", "Slamet Riyadi")
    first = filling.add_card(
        database, operator, opened.id, entries[0].nik, ReturnReason.UNCLAIMED, today=TODAY
    )
    assert first.accepted and first.total == 1
    assert first.message == f"Kartu {entries[0].name} masuk pengembalian: Tidak diambil pemiliknya."
    filling.add_card(database, operator, opened.id, entries[1].nik, ReturnReason.DAMAGED)
    filling.add_card(database, operator, opened.id, entries[2].nik, ReturnReason.UNCLAIMED)
    summary = filling.return_summary(database, opened.id)
    assert [line.card.nik for line in summary.lines] == [e.nik for e in entries[:3]]
    assert summary.count(ReturnReason.UNCLAIMED) == 2 and summary.count(ReturnReason.DAMAGED) == 1
    assert summary.receiver_name == "Slamet Riyadi" and summary.is_open
    assert [r.id for r in filling.open_returns(database)] == [opened.id]


def test_a_card_scanned_twice_keeps_its_first_reason(
    database: Database, operator: StaffMember, entries
) -> None:
    opened = filling.open_return(database, operator)
    filling.add_card(database, operator, opened.id, entries[0].nik, ReturnReason.OWNER_MOVED)
    again = filling.add_card(database, operator, opened.id, entries[0].nik, ReturnReason.DAMAGED)
    assert again.kind is ReturnScanKind.ALREADY_HERE and not again.accepted
    assert again.reason is ReturnReason.OWNER_MOVED and again.total == 1
    assert "sudah ada di pengembalian ini (Pemilik pindah domisili)" in again.message


def test_card_handed_over_is_refused_with_collector_and_receipt_number(
    database: Database, operator: StaffMember, entries
) -> None:
    given = confirming.confirm(
        database,
        operator,
        HandoverRequest(
            card_id=card_id(database, entries[0].nik),
            relation=Relation.OWNER,
            documents=frozenset({DocumentChecked.RECORDING_SLIP}),
            old_card=OldCardFate.SURRENDERED,
        ),
        today=TODAY,
    )
    opened = filling.open_return(database, operator)
    refused = filling.add_card(
        database, operator, opened.id, entries[0].nik, ReturnReason.UNCLAIMED
    )
    assert refused.kind is ReturnScanKind.HANDED_OVER and refused.total == 0
    assert given.receipt_number in refused.message
    assert "sudah diserahkan kepada FAJAR MAULANA" in refused.message


def test_card_not_received_never_seen_or_unreadable_is_refused(
    database: Database, operator: StaffMember, entries
) -> None:
    opened = filling.open_return(database, operator)
    add = lambda text: filling.add_card(  # noqa: E731
        database, operator, opened.id, text, ReturnReason.UNCLAIMED, today=TODAY
    )
    expected = add(entries[50].nik)
    assert expected.kind is ReturnScanKind.NOT_HERE
    assert "belum diterima di loket (kiriman 470/112/XI/2026)" in expected.message
    never = add(NEVER_CAME)
    assert never.kind is ReturnScanKind.NOT_HERE
    assert never.message == f"Tidak ada kartu dengan NIK {NEVER_CAME} di kelurahan ini."
    garbled = add("33740426065")
    assert garbled.kind is ReturnScanKind.UNREADABLE and garbled.message and garbled.card is None
    assert filling.return_summary(database, opened.id).lines == ()


def test_card_in_another_open_return_is_refused_until_taken_out(
    database: Database, operator: StaffMember, entries
) -> None:
    first = filling.open_return(database, operator)
    second = filling.open_return(database, operator)
    filling.add_card(database, operator, first.id, entries[3].nik, ReturnReason.WRONG_KELURAHAN)
    refused = filling.add_card(database, operator, second.id, entries[3].nik, ReturnReason.DAMAGED)
    assert refused.kind is ReturnScanKind.IN_OTHER_RETURN
    assert "pengembalian lain yang belum ditutup (dibuka oleh Dewi Lestari)" in refused.message
    left = filling.remove_card(database, operator, first.id, card_id(database, entries[3].nik))
    assert left.lines == ()
    moved = filling.add_card(database, operator, second.id, entries[3].nik, ReturnReason.DAMAGED)
    assert moved.accepted
    with pytest.raises(NotFound, match="tidak ada di pengembalian ini"):
        filling.remove_card(database, operator, first.id, card_id(database, entries[3].nik))


def close(database: Database, operator: StaffMember, data_dir: DataDir, return_id: int):
    return closing.close_return(database, operator, return_id, data_dir, write_return_minutes)


def test_closing_writes_the_berita_acara_pengembalian_and_takes_cards_out_of_stock(
    database: Database, data_dir: DataDir, operator: StaffMember, entries
) -> None:
    opened = filling.open_return(database, operator, "474/55/XI/2026", "Slamet Riyadi")
    reasons = [ReturnReason.UNCLAIMED] * 12 + [
        ReturnReason.DAMAGED,
        ReturnReason.WRONG_KELURAHAN,
        ReturnReason.OWNER_MOVED,
        ReturnReason.OWNER_DECEASED,
    ]
    for entry, reason in zip(entries, reasons, strict=False):
        assert filling.add_card(database, operator, opened.id, entry.nik, reason).accepted
    closed = close(database, operator, data_dir, opened.id)
    year = dt.datetime.now(dt.UTC).year
    assert closed.number.startswith("474/0001/BA-KEMBALI/") and closed.number.endswith(str(year))
    assert closed.pdf_path.parent == data_dir.documents("berita-acara-pengembalian")
    flat = pdf_text(closed.pdf_path)
    assert "BERITA ACARA PENGEMBALIAN KTP-el" in flat and closed.number in flat
    assert "16 (enam belas) keping" in flat and "12 (dua belas) keping" in flat
    assert flat.count("1 (satu) keping") == 4
    for label in ("Tidak diambil pemiliknya", "Kartu rusak", "Bukan penduduk kelurahan ini"):
        assert label in flat
    assert "Pemilik pindah domisili" in flat and "Pemilik meninggal dunia" in flat
    for entry in entries[:16]:
        assert entry.nik in flat and entry.name.upper() in flat
    assert entries[16].nik not in flat
    assert "474/55/XI/2026" in flat and "Slamet Riyadi" in flat and "Dewi Lestari" in flat
    assert "PIHAK PERTAMA" in flat and "Lurah Kaligawe" in flat
    assert "Drs. Bambang Sutrisno, M.Si." in flat
    status = status_of_nik(database, entries[0].nik, today=TODAY)
    assert status.answer is Answer.RETURNED and status.berita_acara_number == closed.number
    assert closed.summary.status is ReturnStatus.CLOSED
    with database.transaction() as session:
        document = session.scalars(select(Document)).one()
        returned = session.scalar(
            select(func.count(Card.id)).where(Card.state == CardState.RETURNED)
        )
        audited = session.scalar(
            select(func.count(AuditEntry.id)).where(AuditEntry.action == "card.returned")
        )
    assert document.kind == "berita-acara-pengembalian" and document.number == closed.number
    assert data_dir.root / document.relative_path == closed.pdf_path
    assert returned == 16 and audited == 16
    refused = filling.add_card(
        database,
        operator,
        filling.open_return(database, operator).id,
        entries[0].nik,
        ReturnReason.UNCLAIMED,
    )
    assert refused.kind is ReturnScanKind.RETURNED and closed.number in refused.message
    with pytest.raises(LoketError, match="sudah ditutup dengan berita acara"):
        filling.add_card(database, operator, opened.id, entries[20].nik, ReturnReason.UNCLAIMED)
    with pytest.raises(LoketError, match="sudah ditutup"):
        close(database, operator, data_dir, opened.id)


def test_a_failed_pdf_returns_nothing_and_gives_the_number_back(
    database: Database, data_dir: DataDir, operator: StaffMember, entries
) -> None:
    opened = filling.open_return(database, operator)
    filling.add_card(database, operator, opened.id, entries[0].nik, ReturnReason.DAMAGED)

    def broken_printer(minutes, path: Path) -> Path:
        raise OSError(28, "No space left on device")

    with pytest.raises(LoketError, match=r"tidak bisa disimpan.*disk penuh"):
        closing.close_return(database, operator, opened.id, data_dir, broken_printer)
    assert filling.return_summary(database, opened.id).is_open
    assert status_of_nik(database, entries[0].nik, today=TODAY).answer is Answer.WAITING
    with database.transaction() as session:
        assert session.scalars(select(Document)).all() == []
    assert close(database, operator, data_dir, opened.id).number.startswith("474/0001/")


def hand_over(database: Database, operator: StaffMember, nik: str):
    return confirming.confirm(
        database,
        operator,
        HandoverRequest(
            card_id=card_id(database, nik),
            relation=Relation.OWNER,
            documents=frozenset({DocumentChecked.RECORDING_SLIP}),
            old_card=OldCardFate.SURRENDERED,
        ),
        today=TODAY,
    )


def test_an_empty_return_or_one_holding_a_card_since_handed_over_cannot_close(
    database: Database, data_dir: DataDir, operator: StaffMember, entries
) -> None:
    opened = filling.open_return(database, operator)
    with pytest.raises(LoketError, match="Belum ada kartu"):
        close(database, operator, data_dir, opened.id)
    hand_over(database, operator, entries[0].nik)
    # The line a second desk would leave when it adds the card while this one hands it over.
    with database.transaction() as session:
        session.add(
            CardReturnLine(
                return_id=opened.id,
                card_id=card_id(database, entries[0].nik),
                reason=ReturnReason.UNCLAIMED,
                added_at=dt.datetime.now(dt.UTC),
                added_by_id=operator.id,
            )
        )
    with pytest.raises(LoketError, match=f"FAJAR MAULANA \\({entries[0].nik}\\)"):
        close(database, operator, data_dir, opened.id)
    assert filling.return_summary(database, opened.id).is_open


def test_a_card_in_an_open_return_is_not_handed_over_and_the_refusal_names_the_return(
    database: Database, operator: StaffMember, entries
) -> None:
    opened = filling.open_return(database, operator, "474/55/XI/2026")
    filling.add_card(database, operator, opened.id, entries[0].nik, ReturnReason.UNCLAIMED)
    status = status_of_nik(database, entries[0].nik, today=TODAY)
    assert status.answer is Answer.WAITING and status.open_return is not None
    assert status.open_return.reference == "474/55/XI/2026"
    sentence = status_sentence(status, WIB)
    assert "sudah dimasukkan ke pengembalian 474/55/XI/2026" in sentence
    assert "dibuka oleh Dewi Lestari" in sentence and "Bisa diambil sekarang" not in sentence
    with pytest.raises(LoketError) as refused:
        hand_over(database, operator, entries[0].nik)
    assert refused.value.message.startswith("Kartu ini tidak bisa diserahkan sekarang.")
    assert "FAJAR MAULANA" in refused.value.message
    assert "pengembalian 474/55/XI/2026" in refused.value.message
    assert "keluarkan dulu kartu ini dari pengembalian itu" in refused.value.message
    assert status_of_nik(database, entries[0].nik, today=TODAY).answer is Answer.WAITING
    with database.transaction() as session:
        assert session.scalars(select(Handover)).all() == []
    filling.remove_card(database, operator, opened.id, card_id(database, entries[0].nik))
    assert status_of_nik(database, entries[0].nik, today=TODAY).open_return is None
    assert hand_over(database, operator, entries[0].nik).collector_name == "FAJAR MAULANA"


def test_a_return_without_a_letter_number_is_named_by_its_number(
    database: Database, operator: StaffMember, entries
) -> None:
    opened = filling.open_return(database, operator)
    filling.add_card(database, operator, opened.id, entries[1].nik, ReturnReason.DAMAGED)
    with pytest.raises(LoketError, match=f"pengembalian no. {opened.id} \\(nomor surat"):
        hand_over(database, operator, entries[1].nik)


def test_a_card_of_a_closed_return_is_answered_as_returned_not_as_in_a_return(
    database: Database, data_dir: DataDir, operator: StaffMember, entries
) -> None:
    opened = filling.open_return(database, operator, "474/55/XI/2026", "Slamet Riyadi")
    filling.add_card(database, operator, opened.id, entries[2].nik, ReturnReason.OWNER_MOVED)
    closed = close(database, operator, data_dir, opened.id)
    status = status_of_nik(database, entries[2].nik, today=TODAY)
    assert status.answer is Answer.RETURNED and status.open_return is None
    with pytest.raises(LoketError, match=f"berita acara {closed.number}"):
        hand_over(database, operator, entries[2].nik)
