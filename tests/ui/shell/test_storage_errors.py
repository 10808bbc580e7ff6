"""What the desk shows when storage fails: a locked or full database, a folder it cannot write.

The pages, the banner, the worker thread and the start-up are the real ones; only the printer
is a stand-in. Logging in under the same conditions: test_login_hostile.py.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from loket.core.handover.lookup import Answer, status_of_nik
from loket.core.intake import batches, scanning
from loket.core.intake.batches import BatchInfo
from loket.core.manifest.reader import read_manifest
from loket.core.office.identity import OfficeInfo
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir, DataDirUnusable
from loket.db.engine import Database
from loket.db.models import Document, Scan
from loket.db.open import open_database
from loket.documents.kit import output
from loket.domain.states import DocumentChecked, Severity
from loket.ui.handover.page import HandoverPage
from loket.ui.intake.page import IntakePage
from loket.ui.kit import printing
from loket.ui.kit.printing import PrintResult, PrintStatus
from loket.ui.kit.scanner import ScanEvent, ScanSource
from loket.ui.shell import app as app_module
from loket.ui.shell.app import recover_receipts, start_refusal_box
from tests.helpers.hostile import (
    QUICK_BUSY_MS,
    DiskLimit,
    another_program_locks,
    files_under,
    no_space_left,
)
from tests.helpers.unprivileged import make_read_only, make_writable, ran_unprivileged
from tests.helpers.widget_desk import DeskFactory, WidgetDesk

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TODAY = dt.date(2026, 11, 27)
FAJAR = "3374042606528310"  # FAJAR MAULANA, row 1 of the Rusunawa Kaligawe list
DWI = "3374046404760519"  # DWI HANDAYANI, row 3
BUSY = "Basis data sedang dipakai program lain"
SHOTS = Path(os.environ.get("LOKET_SHOTS", "/tmp/shots/hostile-storage"))


def shoot(widget: QWidget, name: str) -> None:
    """A picture of what the desk saw, to look at (not compared)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


@pytest.fixture
def database(data_dir: DataDir) -> Iterator[Database]:
    """The desk's database, waiting QUICK_BUSY_MS (not 15 s) for another program's lock."""
    db = open_database(data_dir, busy_timeout_ms=QUICK_BUSY_MS)
    yield db
    db.dispose()


@pytest.fixture
def batch(
    database: Database, kaligawe: OfficeInfo, operator: StaffMember, samples: Path
) -> BatchInfo:
    report = read_manifest(samples / "manifest_kaligawe_clean.csv", today=TODAY)
    return batches.open_batch(
        database, operator, "470/112/XI/2026", dt.date(2026, 11, 25), "Rahmat", report, today=TODAY
    )


@dataclass
class Desk(WidgetDesk):
    def settle(self, qtbot: QtBot) -> None:
        for _round in range(3):
            qtbot.waitUntil(lambda: not self.tasks.busy, timeout=15_000)
            QApplication.processEvents()

    def scans(self) -> int:
        with self.context.database.transaction() as session:
            return int(session.scalar(select(func.count(Scan.id))) or 0)


@pytest.fixture
def intake_desk(
    build_desk: DeskFactory,
    database: Database,
    data_dir: DataDir,
    kaligawe: OfficeInfo,
    operator: StaffMember,
    batch: BatchInfo,
) -> tuple[Desk, IntakePage]:
    parts, page = build_desk(operator, kaligawe, IntakePage, size=(1280, 720), scanner_on=False)
    page.show_batch(batches.batch_view(database, batch.id))
    return Desk(**parts.parts()), page


@pytest.fixture
def handover_desk(
    build_desk: DeskFactory,
    database: Database,
    data_dir: DataDir,
    kaligawe: OfficeInfo,
    operator: StaffMember,
    batch: BatchInfo,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[Desk, HandoverPage]:
    for nik in (FAJAR, DWI):
        scanning.receive_scan(database, operator, batch.id, nik, today=TODAY)
    monkeypatch.setattr(
        printing, "print_pdf", lambda _path, _printer: PrintResult(PrintStatus.PRINTED, "")
    )
    parts, page = build_desk(operator, kaligawe, HandoverPage, size=(1280, 720), scanner_on=False)
    return Desk(**parts.parts()), page


def scan(desk: Desk, page: IntakePage | HandoverPage, qtbot: QtBot, nik: str) -> None:
    page.handle_scan(ScanEvent(nik, ScanSource.SCANNER))
    desk.settle(qtbot)


def fill_and_confirm(desk: Desk, page: HandoverPage, qtbot: QtBot, nik: str) -> None:
    scan(desk, page, qtbot, nik)
    assert page.form.isVisible(), desk.banner.detail_text()
    page.form.documents[DocumentChecked.RECORDING_SLIP].setChecked(True)
    page.confirm()
    desk.settle(qtbot)


# ---------------------------------------------------------------- start-up


def test_the_start_refusal_box_says_where_why_and_what_to_do(qtbot: QtBot, tmp_path: Path) -> None:
    data = DataDir(tmp_path / "kantor")
    refusal = DataDirUnusable(data, data.root, PermissionError(errno.EACCES, "Permission denied"))
    box = start_refusal_box("Folder data tidak bisa dipakai", refusal.message)
    qtbot.addWidget(box)
    assert box.icon() is QMessageBox.Icon.Critical
    assert box.windowTitle() == "Folder data tidak bisa dipakai · Loket KTP-el"
    assert [button.text() for button in box.buttons()] == ["Tutup"]
    assert box.text().startswith(f"Folder data {data.root} tidak bisa ditulis (tidak ada izin")
    assert "Minta admin memberi izin tulis" in box.text()
    assert "loket --data-dir FOLDER" in box.text()


def test_the_desk_refuses_to_start_on_a_read_only_data_folder(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if ran_unprivileged(request):
        return
    shown: list[QMessageBox] = []

    def show(box: QMessageBox) -> int:
        shown.append(box)
        box.show()
        qtbot.waitExposed(box)
        shoot(box, "start-read-only-folder")
        box.hide()
        return int(QMessageBox.StandardButton.Close)

    monkeypatch.setattr(QMessageBox, "exec", show)
    monkeypatch.setattr("loket.ui.kit.theme.apply_theme", lambda _app: None)
    folder = tmp_path / "kantor-hanya-baca"
    folder.mkdir()
    make_read_only(folder)
    try:
        code = app_module.run_gui(folder)
    finally:
        make_writable(folder)
    assert code == 2
    (box,) = shown
    assert box.windowTitle() == "Folder data tidak bisa dipakai · Loket KTP-el"
    assert f"Folder data {folder} tidak bisa ditulis (tidak ada izin menulis)" in box.text()
    assert files_under(folder) == []


# ---------------------------------------------------------------- another program's lock


def test_a_scan_while_another_program_holds_the_lock_is_red_records_nothing_and_then_works(
    qtbot: QtBot, data_dir: DataDir, intake_desk: tuple[Desk, IntakePage]
) -> None:
    desk, page = intake_desk
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    with another_program_locks(data_dir.database) as other:
        page.handle_scan(ScanEvent(FAJAR, ScanSource.SCANNER))
        assert desk.tasks.busy  # waiting for the lock, off the window's thread
        desk.settle(qtbot)
        other.release()
    timer.stop()
    assert len(ticks) >= 5  # the window kept running while the worker waited
    assert desk.banner.level is Severity.ERROR
    assert desk.banner.title_text() == "Tidak bisa dicatat"
    assert desk.banner.detail_text().startswith(BUSY)
    assert desk.banner.hint_visible()  # stays until seen
    assert QApplication.focusWidget() is page.scan_field
    assert desk.scans() == 0 and page.received.value.text() == "0"
    shoot(desk.host, "intake-locked")

    scan(desk, page, qtbot, FAJAR)
    assert desk.banner.level is Severity.OK
    assert desk.scans() == 1 and page.received.value.text() == "1"
    assert desk.banner.pinned_visible  # the earlier red answer is kept until it is seen


def test_a_handover_while_locked_is_refused_red_and_goes_through_after(
    qtbot: QtBot, data_dir: DataDir, handover_desk: tuple[Desk, HandoverPage]
) -> None:
    desk, page = handover_desk
    scan(desk, page, qtbot, FAJAR)
    page.form.documents[DocumentChecked.RECORDING_SLIP].setChecked(True)
    with another_program_locks(data_dir.database) as other:
        page.confirm()
        desk.settle(qtbot)
        other.release()
    first = desk.feedback.unacknowledged_errors[0]
    assert (first.title, first.detail[: len(BUSY)]) == ("Belum diserahkan", BUSY)
    assert all(error.detail.startswith(BUSY) for error in desk.feedback.unacknowledged_errors)
    assert status_of_nik(desk.context.database, FAJAR).answer is Answer.WAITING
    assert files_under(data_dir.root / "documents") == []
    assert QApplication.focusWidget() is page.scan_field
    shoot(desk.host, "handover-locked")

    fill_and_confirm(desk, page, qtbot, FAJAR)
    assert status_of_nik(desk.context.database, FAJAR).answer is Answer.HANDED_OVER
    assert desk.banner.level is Severity.OK
    assert desk.banner.title_text().startswith("Diserahkan: FAJAR MAULANA — tanda terima ")


# ---------------------------------------------------------------- a full disk


def test_a_scan_on_a_full_disk_is_red_and_the_next_scan_after_freeing_space_works(
    qtbot: QtBot, database: Database, intake_desk: tuple[Desk, IntakePage], samples: Path
) -> None:
    desk, page = intake_desk
    niks = [e.nik for e in read_manifest(samples / "manifest_kaligawe_clean.csv").entries]
    disk = DiskLimit(database)
    disk.fill(spare_pages=1)
    refused_nik = ""
    for nik in niks:
        scan(desk, page, qtbot, nik)
        if desk.banner.level is Severity.ERROR:
            refused_nik = nik
            break
    assert refused_nik, "the page limit was never reached"
    received = desk.scans()
    assert desk.banner.title_text() == "Tidak bisa dicatat"
    assert desk.banner.detail_text().startswith("Disk penuh")
    assert page.received.value.text() == str(received)
    assert QApplication.focusWidget() is page.scan_field
    shoot(desk.host, "intake-disk-full")

    disk.free()
    scan(desk, page, qtbot, refused_nik)
    assert desk.banner.level is Severity.OK
    assert desk.scans() == received + 1
    disk.remove()


def test_a_receipt_that_fills_the_disk_leaves_no_file_and_the_handover_stands(
    qtbot: QtBot,
    data_dir: DataDir,
    handover_desk: tuple[Desk, HandoverPage],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    desk, page = handover_desk
    monkeypatch.setattr(output.os, "fsync", no_space_left)
    fill_and_confirm(desk, page, qtbot, FAJAR)
    assert status_of_nik(desk.context.database, FAJAR).answer is Answer.HANDED_OVER
    assert desk.banner.level is Severity.WARNING
    assert desk.banner.title_text().startswith("Diserahkan: FAJAR MAULANA")
    assert "Tanda terima belum tersimpan" in desk.banner.detail_text()
    assert "Penyerahan tetap tercatat" in desk.banner.detail_text()
    assert files_under(data_dir.root / "documents") == []
    shoot(desk.host, "handover-receipt-disk-full")


def test_a_start_on_a_still_full_disk_says_the_cut_off_receipts_are_not_written_yet(
    qtbot: QtBot,
    data_dir: DataDir,
    handover_desk: tuple[Desk, HandoverPage],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The desk's start writes receipts cut off last time; on a disk still full, it says so
    instead of only writing it in the log."""
    desk, page = handover_desk
    monkeypatch.setattr(output.os, "fsync", no_space_left)
    fill_and_confirm(desk, page, qtbot, FAJAR)
    desk.feedback.clear()
    recover_receipts(desk.context)
    desk.settle(qtbot)
    assert desk.banner.level is Severity.WARNING
    assert desk.banner.title_text() == "Tanda terima yang terputus belum bisa ditulis"
    detail = desk.banner.detail_text()
    assert "Kosongkan ruang" in detail and "dibuka berikutnya" in detail, detail
    assert ").)" not in detail and ".." not in detail
    assert files_under(data_dir.root / "documents") == []


def test_a_receipt_cut_off_by_a_full_disk_is_saved_as_the_original_when_the_clerk_retries(
    qtbot: QtBot,
    data_dir: DataDir,
    handover_desk: tuple[Desk, HandoverPage],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    desk, page = handover_desk
    with monkeypatch.context() as disk_full:
        disk_full.setattr(output.os, "fsync", no_space_left)
        fill_and_confirm(desk, page, qtbot, FAJAR)
    detail = desk.banner.detail_text()
    assert detail.startswith("Tanda terima belum tersimpan. tanda-terima-"), detail
    assert "disk penuh. Kosongkan ruang di disk itu" in detail
    for doubled in (").)", ".)", ".."):
        assert doubled not in detail, detail
    info = status_of_nik(desk.context.database, FAJAR).handover
    assert info is not None

    page.handle_scan(ScanEvent(info.receipt_number, ScanSource.SCANNER))  # room made on the disk
    desk.settle(qtbot)
    dialog = page.receipt_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.reprint_button.text() == "F5  Simpan dan cetak tanda terima"
    shoot(dialog, "receipt-original-never-written")
    dialog.reprint()
    desk.settle(qtbot)
    receipts_folder = data_dir.documents("receipts")
    original = receipts_folder / f"tanda-terima-{info.receipt_number}.pdf"
    assert dialog.original == original and dialog.copies == []
    assert sorted(receipts_folder.iterdir()) == [original]
    assert "SALINAN" not in "".join(p.extract_text() for p in PdfReader(original).pages)
    assert desk.banner.title_text() == f"Tanda terima {info.receipt_number} disimpan dan dicetak"
    assert dialog.reprint_button.text() == "F5  Cetak ulang (SALINAN)"

    dialog.reprint()  # from now on a reprint is a copy
    desk.settle(qtbot)
    [copy] = dialog.copies
    assert "SALINAN" in "".join(p.extract_text() for p in PdfReader(copy).pages)
    with desk.context.database.transaction() as session:
        filed = session.scalars(
            select(Document.relative_path).where(Document.number == info.receipt_number)
        ).all()
    assert sorted(filed) == sorted(f"documents/receipts/{p.name}" for p in (original, copy))


def test_a_handover_stands_and_says_where_when_the_documents_folder_is_read_only(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    data_dir: DataDir,
    handover_desk: tuple[Desk, HandoverPage],
) -> None:
    if ran_unprivileged(request):
        return
    desk, page = handover_desk
    documents = data_dir.root / "documents"
    documents.mkdir(exist_ok=True)
    make_read_only(documents)
    try:
        fill_and_confirm(desk, page, qtbot, FAJAR)
    finally:
        make_writable(documents)
    assert status_of_nik(desk.context.database, FAJAR).answer is Answer.HANDED_OVER
    assert desk.banner.level is Severity.WARNING
    assert "Tanda terima belum tersimpan" in desk.banner.detail_text()
    assert str(documents / "receipts") in desk.banner.detail_text()
    assert "Penyerahan tetap tercatat" in desk.banner.detail_text()
    assert files_under(documents) == []
    shoot(desk.host, "handover-documents-read-only")
