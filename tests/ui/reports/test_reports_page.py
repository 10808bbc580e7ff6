"""The Laporan page: reports previewed, saved and exported; earlier papers found and reprinted.

Papers are made through the real use cases (a closed batch's berita acara, a handover's
receipt); only the print preview and the save dialog are stood in for.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from loket.core.office.identity import OfficeInfo
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.domain.states import Severity
from loket.ui.kit import printing
from loket.ui.kit.scanner import ScanEvent, ScanSource
from loket.ui.reports import page as reports_page
from loket.ui.reports.page import ReportsPage
from tests.helpers.filed_papers import file_two_papers
from tests.helpers.widget_desk import DeskFactory, WidgetDesk
from tests.helpers.windows import held_open

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@dataclass
class Desk(WidgetDesk):
    page: ReportsPage
    berita_acara: str
    berita_acara_path: Path
    receipt: str
    printed: list[Path]

    def shown(self) -> list[tuple[str, str]]:
        model = self.page.model
        return [
            (model.index(row, 0).data(), model.index(row, 1).data())
            for row in range(model.rowCount())
        ]


@pytest.fixture
def desk(
    qtbot: QtBot,
    build_desk: DeskFactory,
    database: Database,
    data_dir: DataDir,
    kaligawe: OfficeInfo,
    operator: StaffMember,
    samples: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Desk:
    filed = file_two_papers(database, data_dir, operator, samples)

    printed: list[Path] = []

    def fake_preview(
        parent: object, path: Path, printer_name: str, *_tasks: object
    ) -> printing.PrintResult:
        printed.append(path)
        return printing.PrintResult(printing.PrintStatus.PRINTED, "")

    monkeypatch.setattr(printing, "preview_and_print", fake_preview)
    parts, page = build_desk(operator, kaligawe, ReportsPage, size=(1366, 768), scanner_on=False)
    desk = Desk(
        **parts.parts(),
        page=page,
        berita_acara=filed.berita_acara_number,
        berita_acara_path=filed.berita_acara_path,
        receipt=filed.receipt_number,
        printed=printed,
    )
    desk.settle(qtbot)
    return desk


def test_page_lists_every_paper_newest_first(qtmodeltester, desk: Desk) -> None:
    assert desk.shown() == [("Tanda terima", desk.receipt), ("Berita acara", desk.berita_acara)]
    qtmodeltester.check(desk.page.model)
    headers = [desk.page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Jenis", "Nomor", "Judul", "Dibuat", "Oleh"]
    assert desk.page.model.index(1, 4).data() == "Dewi Lestari"
    assert desk.page.model.index(1, 3).data().endswith(" WIB")
    assert desk.page.count_label.text() == "2 dokumen"


def test_typing_part_of_a_title_narrows_the_list(qtbot: QtBot, desk: Desk) -> None:
    desk.page.focus_search()
    qtbot.keyClicks(desk.page.search_field, "penerimaan")
    qtbot.keyClick(desk.page.search_field, Qt.Key.Key_Return)
    desk.settle(qtbot)
    assert desk.shown() == [("Berita acara", desk.berita_acara)]
    assert QApplication.focusWidget() is desk.page.table


def test_kind_and_day_filters_narrow_the_list(qtbot: QtBot, desk: Desk) -> None:
    page = desk.page
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("receipts"))
    desk.settle(qtbot)
    assert desk.shown() == [("Tanda terima", desk.receipt)]
    page.kind_combo.setCurrentIndex(0)
    page.filter_day_edit.setDate(QDate(2001, 1, 1))
    page.day_filter.setChecked(True)
    desk.settle(qtbot)
    assert desk.shown() == []
    assert page.count_label.text() == "0 dokumen"


def test_enter_on_a_berita_acara_prints_its_saved_pdf_through_the_preview(
    qtbot: QtBot, desk: Desk
) -> None:
    desk.page.table.selectRow(1)
    desk.page.table.setFocus()
    qtbot.keyClick(desk.page.table, Qt.Key.Key_Return)
    desk.settle(qtbot)  # the paper is looked up (or written here from the server) on the worker
    assert desk.printed == [desk.berita_acara_path]
    assert desk.banner.level is Severity.OK
    assert str(desk.berita_acara_path) in desk.banner.detail_text()


def test_a_deleted_pdf_is_marked_and_its_reprint_is_refused_in_red(
    qtbot: QtBot, desk: Desk
) -> None:
    desk.berita_acara_path.unlink()
    desk.page.search()
    desk.settle(qtbot)
    assert desk.page.model.index(1, 2).data().endswith("berkas tidak ada")
    desk.page.table.selectRow(1)
    desk.page.reprint_selected()
    assert desk.printed == []
    assert desk.banner.level is Severity.ERROR
    assert desk.berita_acara in desk.banner.title_text()


def test_a_receipt_is_reprinted_through_its_receipt_dialog(qtbot: QtBot, desk: Desk) -> None:
    desk.page.table.selectRow(0)
    desk.page.reprint_button.click()
    desk.settle(qtbot)
    dialog = desk.page.receipt_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.info.receipt_number == desk.receipt
    assert desk.printed == []
    dialog.reject()
    desk.settle(qtbot)


def test_a_scanned_receipt_barcode_finds_its_receipt(qtbot: QtBot, desk: Desk) -> None:
    desk.page.handle_scan(ScanEvent(desk.receipt, ScanSource.SCANNER))
    desk.settle(qtbot)
    assert desk.page.search_field.text() == desk.receipt
    assert desk.shown() == [("Tanda terima", desk.receipt)]
    assert QApplication.focusWidget() is desk.page.table


def test_daily_report_is_saved_under_laporan_harian_previewed_and_listed(
    qtbot: QtBot, desk: Desk
) -> None:
    desk.page.day_edit.setDate(QDate(2026, 11, 27))
    qtbot.keyClick(desk.page, Qt.Key.Key_F6)
    desk.settle(qtbot)
    expected = desk.data.documents("laporan-harian") / "laporan-harian-2026-11-27.pdf"
    assert expected.is_file()
    assert desk.printed == [expected]
    assert str(expected) in desk.banner.detail_text()
    assert desk.shown()[0] == ("Laporan harian", "LH-2026-11-27")


def test_a_report_open_in_a_pdf_reader_is_saved_beside_it_and_the_banner_says_so(
    qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk.page.day_edit.setDate(QDate(2026, 11, 27))
    qtbot.keyClick(desk.page, Qt.Key.Key_F6)
    desk.settle(qtbot)
    morning = desk.data.documents("laporan-harian") / "laporan-harian-2026-11-27.pdf"
    with held_open(monkeypatch, morning):
        qtbot.keyClick(desk.page, Qt.Key.Key_F6)
        desk.settle(qtbot)
    evening = morning.with_name("laporan-harian-2026-11-27-2.pdf")
    assert desk.printed == [morning, evening]
    assert desk.banner.level is Severity.WARNING
    assert "disimpan dengan nama lain" in desk.banner.title_text()
    assert "laporan-harian-2026-11-27.pdf sedang dibuka di program lain" in (
        desk.banner.detail_text()
    )
    assert str(evening) in desk.banner.detail_text()


def test_export_to_a_folder_that_cannot_be_written_is_a_red_banner(
    qtbot: QtBot, desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("a file where the folder should be")
    target = blocker / "laporan-harian-2026-11-27.xlsx"
    asked: list[str] = []

    def fake_save(_parent: object, _title: str, default: Path, _filter: str, suffix: str) -> Path:
        asked.append(str(default))
        assert suffix == "xlsx"
        return target

    monkeypatch.setattr(reports_page, "choose_file_to_save", fake_save)
    desk.page.day_edit.setDate(QDate(2026, 11, 27))
    qtbot.keyClick(desk.page, Qt.Key.Key_F7)
    desk.settle(qtbot)
    assert Path(asked[0]).name == "laporan-harian-2026-11-27.xlsx"
    assert desk.banner.level is Severity.ERROR
    assert desk.banner.title_text() == "Ekspor gagal"
    assert "tidak bisa ditulis" in desk.banner.detail_text()
    assert not target.exists()


def test_export_error_messages_are_indonesian() -> None:
    assert "izin" in reports_page.export_error_text(PermissionError(13, "Permission denied"))
    text = reports_page.export_error_text(OSError(28, "No space left on device"))
    assert "sisa ruang disk" in text and "No space left" in text
