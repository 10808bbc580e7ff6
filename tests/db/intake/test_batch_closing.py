"""Closing a batch: discrepancies, the berita acara read back from the PDF, all or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from loket.core.intake import batches, closing, scanning
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import Card, Document
from loket.documents.intake.berita_acara import write_batch_receipt_minutes
from loket.domain.errors import LoketError
from loket.domain.states import BatchStatus, CardState
from tests.helpers.cards import kaligawe_list_batch

TODAY = dt.date(2026, 11, 27)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def scanned_batch(database: Database, kaligawe, operator: StaffMember, samples: Path):
    batch, report = kaligawe_list_batch(database, operator, samples, TODAY, received=53)
    kept = scanning.receive_scan(database, operator, batch.id, "3374044107900002", today=TODAY)
    aside = scanning.receive_scan(database, operator, batch.id, "3374046804070001", today=TODAY)
    assert aside.card is not None and kept.card is not None
    scanning.set_aside(database, operator, aside.card.id)
    return batch, report


def test_discrepancies_list_missing_extra_and_set_aside(database: Database, scanned_batch) -> None:
    batch, report = scanned_batch
    found = closing.discrepancies(database, batch.id)
    assert [c.nik for c in found.missing] == [e.nik for e in report.entries[53:]]
    assert [c.nik for c in found.extra] == ["3374044107900002"]
    assert [c.nik for c in found.set_aside] == ["3374046804070001"]


def test_closing_writes_the_berita_acara_with_counts_in_words_and_every_discrepancy(
    database: Database, data_dir: DataDir, operator: StaffMember, scanned_batch
) -> None:
    batch, report = scanned_batch
    closed = closing.close_batch(
        database, operator, batch.id, data_dir, write_batch_receipt_minutes
    )
    assert closed.pdf_path.parent == data_dir.documents("berita-acara")
    year = dt.datetime.now(dt.UTC).year
    assert closed.number.startswith("474/0001/BA-TERIMA/") and closed.number.endswith(str(year))
    text = pdf_text(closed.pdf_path)
    flat = " ".join(text.split())
    assert "BERITA ACARA" in flat
    assert closed.number in flat
    assert "470/112/XI/2026" in flat
    assert "25 November 2026" in flat
    assert "56 (lima puluh enam) keping" in flat
    assert "53 (lima puluh tiga) keping" in flat
    assert "3 (tiga) keping" in flat
    for entry in report.entries[53:]:
        assert entry.nik in flat and entry.name in flat
    assert "3374044107900002" in flat and "3374046804070001" in flat
    assert "Rahmat Hidayat" in flat and "Dewi Lestari" in flat
    assert "Drs. Bambang Sutrisno, M.Si." in flat
    assert "KELURAHAN KALIGAWE" in flat and "Lurah Kaligawe" in flat
    with database.transaction() as session:
        states = {c.nik: c.state for c in session.scalars(select(Card))}
        document = session.scalars(select(Document)).one()
    assert all(states[e.nik] is CardState.MISSING for e in report.entries[53:])
    assert document.number == closed.number
    assert (data_dir.root / document.relative_path) == closed.pdf_path
    assert batches.get_batch(database, batch.id).status is BatchStatus.CLOSED


def test_a_failed_pdf_closes_nothing_and_gives_the_number_back(
    database: Database, data_dir: DataDir, operator: StaffMember, scanned_batch
) -> None:
    batch, _report = scanned_batch

    def broken_printer(minutes, path: Path) -> Path:
        raise OSError(28, "No space left on device")

    with pytest.raises(LoketError, match=r"tidak bisa disimpan.*disk penuh"):
        closing.close_batch(database, operator, batch.id, data_dir, broken_printer)
    info = batches.get_batch(database, batch.id)
    assert info.status is BatchStatus.OPEN and info.counts.missing == 3
    closed = closing.close_batch(
        database, operator, batch.id, data_dir, write_batch_receipt_minutes
    )
    assert closed.number.startswith("474/0001/")


def test_a_closed_batch_cannot_be_closed_again(
    database: Database, data_dir: DataDir, operator: StaffMember, scanned_batch
) -> None:
    batch, _report = scanned_batch
    closing.close_batch(database, operator, batch.id, data_dir, write_batch_receipt_minutes)
    with pytest.raises(LoketError, match="sudah ditutup"):
        closing.close_batch(database, operator, batch.id, data_dir, write_batch_receipt_minutes)


def test_batch_without_a_list_lists_every_card_received_on_the_minutes(
    database: Database, data_dir: DataDir, kaligawe, operator: StaffMember
) -> None:
    batch = batches.open_batch(database, operator, "470/7", dt.date(2026, 11, 26), today=TODAY)
    for nik in ("3374044107900002", "3374046404760519"):
        scanning.receive_scan(database, operator, batch.id, nik, today=TODAY)
    closed = closing.close_batch(
        database, operator, batch.id, data_dir, write_batch_receipt_minutes
    )
    flat = " ".join(pdf_text(closed.pdf_path).split())
    assert "2 (dua) keping" in flat
    assert "3374044107900002" in flat and "3374046404760519" in flat
