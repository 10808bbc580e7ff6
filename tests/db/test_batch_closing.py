"""Closing a batch: discrepancies, the berita acara read back from the PDF, all or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from loket.core import batch_closing, intake
from loket.core.errors import LoketError
from loket.core.manifest import read_manifest
from loket.core.staff import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import BatchStatus, Card, CardState, Document
from loket.documents.berita_acara import write_batch_receipt_minutes

TODAY = dt.date(2026, 11, 27)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def scanned_batch(database: Database, kaligawe, operator: StaffMember, samples: Path):
    report = read_manifest(samples / "manifest_kaligawe_clean.csv", today=TODAY)
    batch = intake.open_batch(
        database,
        operator,
        "470/112/XI/2026",
        dt.date(2026, 11, 25),
        "Rahmat Hidayat",
        report,
        today=TODAY,
    )
    for entry in report.entries[:53]:
        intake.receive_scan(database, operator, batch.id, entry.nik, today=TODAY)
    kept = intake.receive_scan(database, operator, batch.id, "3374044107900002", today=TODAY)
    aside = intake.receive_scan(database, operator, batch.id, "3374046804070001", today=TODAY)
    assert aside.card is not None and kept.card is not None
    intake.set_aside(database, operator, aside.card.id)
    return batch, report


def test_discrepancies_list_missing_extra_and_set_aside(database: Database, scanned_batch) -> None:
    batch, report = scanned_batch
    found = batch_closing.discrepancies(database, batch.id)
    assert [c.nik for c in found.missing] == [e.nik for e in report.entries[53:]]
    assert [c.nik for c in found.extra] == ["3374044107900002"]
    assert [c.nik for c in found.set_aside] == ["3374046804070001"]


def test_closing_writes_the_berita_acara_with_counts_in_words_and_every_discrepancy(
    database: Database, data_dir: DataDir, operator: StaffMember, scanned_batch
) -> None:
    batch, report = scanned_batch
    closed = batch_closing.close_batch(
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
    assert intake.get_batch(database, batch.id).status is BatchStatus.CLOSED


def test_a_failed_pdf_closes_nothing_and_gives_the_number_back(
    database: Database, data_dir: DataDir, operator: StaffMember, scanned_batch
) -> None:
    batch, _report = scanned_batch

    def broken_printer(minutes, path: Path) -> Path:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        batch_closing.close_batch(database, operator, batch.id, data_dir, broken_printer)
    info = intake.get_batch(database, batch.id)
    assert info.status is BatchStatus.OPEN and info.counts.missing == 3
    closed = batch_closing.close_batch(
        database, operator, batch.id, data_dir, write_batch_receipt_minutes
    )
    assert closed.number.startswith("474/0001/")


def test_a_closed_batch_cannot_be_closed_again(
    database: Database, data_dir: DataDir, operator: StaffMember, scanned_batch
) -> None:
    batch, _report = scanned_batch
    batch_closing.close_batch(database, operator, batch.id, data_dir, write_batch_receipt_minutes)
    with pytest.raises(LoketError, match="sudah ditutup"):
        batch_closing.close_batch(
            database, operator, batch.id, data_dir, write_batch_receipt_minutes
        )


def test_batch_without_a_list_lists_every_card_received_on_the_minutes(
    database: Database, data_dir: DataDir, kaligawe, operator: StaffMember
) -> None:
    batch = intake.open_batch(database, operator, "470/7", dt.date(2026, 11, 26), today=TODAY)
    for nik in ("3374044107900002", "3374046404760519"):
        intake.receive_scan(database, operator, batch.id, nik, today=TODAY)
    closed = batch_closing.close_batch(
        database, operator, batch.id, data_dir, write_batch_receipt_minutes
    )
    flat = " ".join(pdf_text(closed.pdf_path).split())
    assert "2 (dua) keping" in flat
    assert "3374044107900002" in flat and "3374046404760519" in flat
