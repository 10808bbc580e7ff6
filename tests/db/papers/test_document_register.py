"""Finding earlier papers again: by number, title words, the office's day, kind; newest first."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from loket.core.handover import receipts
from loket.core.papers.kinds import PaperKind, kind_label
from loket.core.papers.register import find_documents
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import Document
from loket.documents.handover.receipt import write_receipt
from tests.helpers.filed_papers import WIB, Papers


def move_document(database: Database, number: str, when: dt.datetime) -> None:
    with database.transaction() as session:
        for row in session.scalars(select(Document).where(Document.number == number)):
            row.created_at = when


def test_every_paper_is_listed_newest_first_with_its_kind_and_author(
    database: Database, data_dir: DataDir, papers: Papers
) -> None:
    found = find_documents(database, data_dir, WIB)
    assert [(e.kind, e.number) for e in found] == [
        ("receipts", papers.receipt_number),
        ("berita-acara", papers.berita_acara_number),
    ]
    receipt, minutes = found
    assert receipt.kind_label == "Tanda terima" and minutes.kind_label == "Berita acara"
    assert receipt.path == papers.receipt_path and minutes.path == papers.berita_acara_path
    assert receipt.exists and minutes.exists
    assert minutes.created_by == "Dewi Lestari"
    assert minutes.title == "Berita acara penerimaan kiriman 470/112/XI/2026"
    assert minutes.created_at.tzinfo is not None


def test_a_scanned_receipt_number_finds_its_receipt_only(
    database: Database, data_dir: DataDir, papers: Papers
) -> None:
    found = find_documents(database, data_dir, WIB, papers.receipt_number)
    assert [e.number for e in found] == [papers.receipt_number]


def test_part_of_a_berita_acara_number_finds_it(
    database: Database, data_dir: DataDir, papers: Papers
) -> None:
    found = find_documents(database, data_dir, WIB, "ba-terima")
    assert [e.number for e in found] == [papers.berita_acara_number]


def test_title_words_in_any_order_and_case_find_the_paper(
    database: Database, data_dir: DataDir, papers: Papers
) -> None:
    found = find_documents(database, data_dir, WIB, "  KIRIMAN   penerimaan 470/112 ")
    assert [e.kind for e in found] == ["berita-acara"]
    assert find_documents(database, data_dir, WIB, "penerimaan pengembalian") == []


def test_like_wildcards_typed_by_the_operator_are_taken_literally(
    database: Database, data_dir: DataDir, papers: Papers
) -> None:
    assert find_documents(database, data_dir, WIB, "%") == []
    assert find_documents(database, data_dir, WIB, "_") == []


def test_day_is_the_office_calendar_day_not_the_utc_one(
    database: Database, data_dir: DataDir, papers: Papers
) -> None:
    # 17:30 UTC on the 27th is 00:30 WIB on the 28th in Semarang.
    move_document(
        database, papers.berita_acara_number, dt.datetime(2026, 11, 27, 17, 30, tzinfo=dt.UTC)
    )
    move_document(database, papers.receipt_number, dt.datetime(2026, 11, 27, 16, 59, tzinfo=dt.UTC))
    on_28th = find_documents(database, data_dir, WIB, day=dt.date(2026, 11, 28))
    on_27th = find_documents(database, data_dir, WIB, day=dt.date(2026, 11, 27))
    assert [e.number for e in on_28th] == [papers.berita_acara_number]
    assert [e.number for e in on_27th] == [papers.receipt_number]
    assert find_documents(database, data_dir, WIB, day=dt.date(2026, 11, 29)) == []


def test_kind_filter_keeps_only_that_kind(
    database: Database, data_dir: DataDir, papers: Papers
) -> None:
    assert [e.kind for e in find_documents(database, data_dir, WIB, kind="receipts")] == [
        "receipts"
    ]
    assert [e.kind for e in find_documents(database, data_dir, WIB, kind="berita-acara")] == [
        "berita-acara"
    ]
    assert find_documents(database, data_dir, WIB, kind="laporan-harian") == []


def test_a_reprinted_receipt_is_listed_as_its_own_copy_above_the_original(
    database: Database, data_dir: DataDir, operator: StaffMember, papers: Papers
) -> None:
    info = receipts.find_by_receipt(database, papers.receipt_number)
    receipts.save_slip(database, operator, info.id, data_dir, write_receipt, copy=True)
    found = find_documents(database, data_dir, WIB, papers.receipt_number)
    assert [e.title.endswith("(salinan)") for e in found] == [True, False]


def test_a_deleted_pdf_is_still_listed_and_flagged_missing_on_a_desk_alone(
    database: Database, data_dir: DataDir, papers: Papers
) -> None:
    """A desk alone has only its file; on a shared server the paper is kept in the database
    too, and the desk writes it again when it is opened (tests/db/papers/test_shared_papers)."""
    papers.berita_acara_path.unlink()
    (minutes,) = find_documents(database, data_dir, WIB, kind="berita-acara")
    on_a_server = database.engine.dialect.name != "sqlite"
    assert minutes.path == papers.berita_acara_path and minutes.exists is on_a_server


def test_limit_keeps_the_newest(database: Database, data_dir: DataDir, papers: Papers) -> None:
    (newest,) = find_documents(database, data_dir, WIB, limit=1)
    assert newest.number == papers.receipt_number


def test_kind_labels_are_indonesian_and_unknown_kinds_shown_as_they_are() -> None:
    assert [kind_label(k) for k in PaperKind] == [
        "Berita acara",
        "Tanda terima",
        "Laporan harian",
        "Rekap bulanan",
        "Berita acara pengembalian",
        "Berita acara pemusnahan",
        "Daftar panggilan",
        "Daftar pengantaran",
        "Daftar hasil pengantaran",
        "Label barcode",
    ]
    assert kind_label("pengembalian") == "pengembalian"
