"""Every desk sees the same papers: a paper written on desk A is listed, opened and printed
again on desk B (its own data folder, the same server), from the very bytes desk A wrote; a desk
alone keeps no paper in its database.

Desk A is `data_dir`; desk B is a second data folder on the same database. On SQLite (a desk
alone) only the last tests apply; the others run on PostgreSQL (LOKET_TEST_POSTGRES).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from loket.core.delivery import runs
from loket.core.handover import receipts, voiding
from loket.core.papers import content
from loket.core.papers.kinds import PaperKind
from loket.core.papers.register import find_documents, paper_on_this_desk
from loket.core.reports import saving
from loket.core.staff import accounts
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import Document, DocumentContent
from loket.documents.delivery.run_sheet import write_run_sheet
from loket.documents.handover.receipt import write_receipt
from loket.documents.reports.daily_report import write_daily_report
from loket.domain.errors import NotFound
from loket.domain.states import Role
from tests.db.delivery.test_delivery import stock  # noqa: F401 (a fixture)
from tests.helpers.filed_papers import TODAY, WIB, Papers
from tests.helpers.windows import held_open


@pytest.fixture
def shared(database: Database) -> Database:
    """The office's database on a server: papers are kept in it for every desk."""
    if database.engine.dialect.name == "sqlite":
        pytest.skip("a desk alone has no other desk: papers shared on a server only")
    return database


@pytest.fixture
def desk_b(tmp_path: Path) -> DataDir:
    data = DataDir(tmp_path / "loket-2")
    data.create()
    return data


def text_of(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def kept_papers(database: Database) -> int:
    with database.transaction() as session:
        return session.scalar(select(func.count()).select_from(DocumentContent)) or 0


def test_papers_written_on_desk_a_are_listed_and_opened_on_desk_b_byte_for_byte(
    shared: Database, data_dir: DataDir, desk_b: DataDir, papers: Papers
) -> None:
    listed = find_documents(shared, desk_b, WIB)
    assert [(e.number, e.exists) for e in listed] == [
        (papers.receipt_number, True),
        (papers.berita_acara_number, True),
    ]
    minutes = listed[1]
    here = desk_b.root / papers.berita_acara_path.relative_to(data_dir.root)
    assert minutes.path == here and not here.exists()  # listing alone writes nothing
    opened = paper_on_this_desk(shared, desk_b, minutes.id)
    assert opened == here
    assert opened.read_bytes() == papers.berita_acara_path.read_bytes()
    # Opened again, the file already here is the one registered: it is served as it is.
    before = opened.stat().st_mtime_ns
    assert paper_on_this_desk(shared, desk_b, minutes.id) == here
    assert here.stat().st_mtime_ns == before
    assert kept_papers(shared) == 2


def test_the_original_receipt_asked_for_on_desk_b_is_desk_as_file_not_a_new_one(
    shared: Database, data_dir: DataDir, desk_b: DataDir, operator: StaffMember, papers: Papers
) -> None:
    info = receipts.find_by_receipt(shared, papers.receipt_number)
    assert receipts.has_original(shared, desk_b, info.id)
    path = receipts.save_slip(shared, operator, info.id, desk_b, write_receipt)
    assert path == desk_b.root / papers.receipt_path.relative_to(data_dir.root)
    assert path.read_bytes() == papers.receipt_path.read_bytes()
    with shared.transaction() as session:
        registered = session.scalar(select(func.count()).select_from(Document))
    assert registered == 2  # nothing new registered


def test_a_receipt_reprinted_and_voided_on_desk_b_is_seen_so_on_desk_a(
    shared: Database,
    data_dir: DataDir,
    desk_b: DataDir,
    admin: StaffMember,
    operator: StaffMember,
    papers: Papers,
) -> None:
    accounts.add_staff(shared, admin, "agus", "rahasia-agus", Role.SUPERVISOR, "Agus Santoso")
    info = receipts.find_by_receipt(shared, papers.receipt_number)
    copy = receipts.save_reprint(shared, operator, info.id, desk_b, write_receipt)
    assert copy.copy and copy.path.parent == desk_b.documents(PaperKind.RECEIPT)
    assert "SALINAN" in text_of(copy.path)
    voided = voiding.void(shared, operator, "agus", "rahasia-agus", info.id, "Salah orang")
    assert voided.voided
    after = receipts.save_reprint(shared, operator, info.id, desk_b, write_receipt)
    assert "DIBATALKAN: Salah orang" in text_of(after.path)
    # Desk A finds both copies desk B made, and prints each from desk B's own bytes.
    found = find_documents(shared, data_dir, WIB, papers.receipt_number)
    assert [e.title.endswith("(salinan)") for e in found] == [True, True, False]
    assert all(entry.exists for entry in found)
    newest = paper_on_this_desk(shared, data_dir, found[0].id)
    assert newest.parent == data_dir.documents(PaperKind.RECEIPT)
    assert newest.read_bytes() == after.path.read_bytes()
    assert receipts.find_by_receipt(shared, papers.receipt_number).voided


@pytest.mark.usefixtures("stock")
def test_a_run_sheet_made_on_desk_a_is_printed_on_desk_b_from_its_bytes(
    shared: Database, data_dir: DataDir, desk_b: DataDir, operator: StaffMember
) -> None:
    created = runs.create_run(
        shared, operator, "5", "Slamet Riyadi", ("1",), data=data_dir, write=write_run_sheet
    )

    def drawn_again(*_args: object) -> Path:
        raise AssertionError("the run sheet was drawn again instead of printed from its bytes")

    path = runs.save_run_sheet(shared, operator, created.summary.id, desk_b, drawn_again)
    assert path == desk_b.root / created.pdf_path.relative_to(data_dir.root)
    assert path.read_bytes() == created.pdf_path.read_bytes()


def test_a_laporan_harian_printed_twice_opens_as_each_was_printed(
    shared: Database,
    data_dir: DataDir,
    desk_b: DataDir,
    operator: StaffMember,
    papers: Papers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Printed again the same day, the file on desk A is the second; the first stays as it was."""
    day = dt.datetime.now(dt.UTC).astimezone(WIB).date()
    first = saving.save_daily_report(shared, operator, data_dir, day, write_daily_report)
    first_bytes = first.read_bytes()
    second = saving.save_daily_report(shared, operator, data_dir, day, write_daily_report)
    assert second == first and second.read_bytes() != first_bytes  # written over, at desk A
    reports = find_documents(shared, desk_b, WIB, kind=PaperKind.DAILY_REPORT)
    newer, older = (entry.id for entry in reports)
    assert paper_on_this_desk(shared, desk_b, older).read_bytes() == first_bytes
    assert paper_on_this_desk(shared, desk_b, newer).read_bytes() == second.read_bytes()
    # The older one opened on desk A while a PDF reader holds the newer open there: written
    # beside it, the newer untouched.
    with held_open(monkeypatch, second):
        aside = paper_on_this_desk(shared, data_dir, older)
    assert aside != second and aside.parent == second.parent
    assert aside.read_bytes() == first_bytes
    assert second.read_bytes() == paper_on_this_desk(shared, desk_b, newer).read_bytes()


def test_a_pdf_deleted_on_every_desk_is_written_again_from_the_server(
    shared: Database, data_dir: DataDir, papers: Papers
) -> None:
    original = papers.berita_acara_path.read_bytes()
    papers.berita_acara_path.unlink()
    (minutes,) = find_documents(shared, data_dir, WIB, kind=PaperKind.BERITA_ACARA)
    assert minutes.exists
    assert paper_on_this_desk(shared, data_dir, minutes.id).read_bytes() == original


def test_a_desk_alone_keeps_its_papers_as_files_and_none_in_its_database(
    database: Database, data_dir: DataDir, papers: Papers
) -> None:
    if database.engine.dialect.name != "sqlite":
        pytest.skip("about a desk alone (SQLite)")
    assert kept_papers(database) == 0
    (minutes,) = find_documents(database, data_dir, WIB, kind=PaperKind.BERITA_ACARA)
    assert paper_on_this_desk(database, data_dir, minutes.id) == papers.berita_acara_path
    papers.berita_acara_path.unlink()
    (minutes,) = find_documents(database, data_dir, WIB, kind=PaperKind.BERITA_ACARA)
    assert not minutes.exists
    with pytest.raises(NotFound, match="sudah dihapus atau dipindahkan"):
        paper_on_this_desk(database, data_dir, minutes.id)


@pytest.mark.usefixtures("kaligawe")
def test_a_paper_saved_outside_the_data_folder_comes_to_desk_b_inside_its_own(
    shared: Database, data_dir: DataDir, desk_b: DataDir, operator: StaffMember, tmp_path: Path
) -> None:
    """`loket report daily --out` on desk A: desk B writes it in its laporan-harian folder,
    never at a path of desk A's PC."""
    out = tmp_path / "elsewhere" / "laporan.pdf"
    out.parent.mkdir()
    saving.save_daily_report(shared, operator, data_dir, TODAY, write_daily_report, out=out)
    saved = out.read_bytes()
    out.unlink()  # desk B is another PC: the file is not there
    (report,) = find_documents(shared, desk_b, WIB, kind=PaperKind.DAILY_REPORT)
    assert report.path == desk_b.documents(PaperKind.DAILY_REPORT) / "laporan.pdf"
    assert paper_on_this_desk(shared, desk_b, report.id).read_bytes() == saved
    assert not out.exists()


@pytest.mark.parametrize(
    ("registered", "expected"),
    [
        ("documents/receipts/tanda-terima-1.pdf", "documents/receipts/tanda-terima-1.pdf"),
        ("../../kantor/tanda-terima-1.pdf", "documents/receipts/tanda-terima-1.pdf"),
        ("C:/Users/loket/tanda-terima-1.pdf", "documents/receipts/tanda-terima-1.pdf"),
        ("C:\\Users\\loket\\tanda-terima-1.pdf", "documents/receipts/tanda-terima-1.pdf"),
        ("/srv/tidak-ada/tanda-terima-1.pdf", "documents/receipts/tanda-terima-1.pdf"),
    ],
)
def test_bytes_from_the_server_are_never_written_outside_the_data_folder(
    data_dir: DataDir, registered: str, expected: str
) -> None:
    assert content.local_path(data_dir, registered, "receipts") == data_dir.root / expected
