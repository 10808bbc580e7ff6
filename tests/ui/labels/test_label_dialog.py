"""The label dialog (layout, start position, sheets), the label layout settings, and labels
printed for rows picked on the stock page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from loket.core.intake import batches, scanning
from loket.core.labels.layout import BUILT_IN_LAYOUTS, CUSTOM, DEFAULT_LAYOUT
from loket.core.labels.paper import LabelCard
from loket.core.labels.sheets import LabelChoice
from loket.core.manifest.reader import read_manifest
from loket.core.office.identity import OfficeInfo
from loket.core.settings.shared import load_settings
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.domain.states import Severity
from loket.ui.kit import printing
from loket.ui.kit.printing import PrintResult, PrintStatus
from loket.ui.labels.dialog import LabelDialog
from loket.ui.settings.labels import LabelSection
from loket.ui.stock.page import StockPage
from tests.helpers.widget_desk import DeskFactory, WidgetDesk

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

KALIGAWE = [  # the first rows of manifest_kaligawe_clean.csv
    ("3374042606528310", "FAJAR MAULANA"),
    ("3374096804070373", "Sumarni"),
    ("3374046404760519", "DWI HANDAYANI"),
    ("3374046208602363", "HJ. YULIANA HANDAYANI"),
]


def choice(count: int, skipped: int = 0) -> LabelChoice:
    cards = tuple(LabelCard(n, f"33740426065{n:05d}", f"WARGA {n}") for n in range(count))
    return LabelChoice(cards, skipped, "kiriman 470/112/XI/2026")


def test_the_dialog_names_the_layout_and_counts_the_sheets_as_the_start_moves(
    qtbot: QtBot,
) -> None:
    dialog = LabelDialog(DEFAULT_LAYOUT, choice(40))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert "A4 3 × 10 (70 × 29,7 mm), 30 label" in dialog.layout_label.text()
    assert dialog.start_spin.maximum() == 30
    assert dialog.summary.text() == "40 label → 2 lembar A4"
    dialog.start_spin.setValue(4)
    assert (dialog.start, dialog.sheets) == (4, 2)
    assert not dialog.skipped.isVisible()


def test_a_half_used_sheet_can_take_the_whole_batch_or_needs_a_second_sheet(
    qtbot: QtBot,
) -> None:
    dialog = LabelDialog(DEFAULT_LAYOUT, choice(27))
    qtbot.addWidget(dialog)
    dialog.start_spin.setValue(4)
    assert dialog.summary.text() == "27 label → 1 lembar A4"
    dialog.start_spin.setValue(5)
    assert dialog.summary.text() == "27 label → 2 lembar A4"


def test_typing_the_start_and_enter_accepts(qtbot: QtBot) -> None:
    dialog = LabelDialog(DEFAULT_LAYOUT, choice(40))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.focusWidget() is dialog.start_spin
    qtbot.keyClicks(dialog.start_spin, "7")
    qtbot.keyClick(dialog.start_spin, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.start == 7


def test_escape_cancels(qtbot: QtBot) -> None:
    dialog = LabelDialog(DEFAULT_LAYOUT, choice(3))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.start_spin, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_cards_left_out_are_mentioned(qtbot: QtBot) -> None:
    dialog = LabelDialog(BUILT_IN_LAYOUTS["2x7"], choice(3, skipped=2))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.skipped.isVisible()
    assert "2 kartu pilihan tidak ada di loket" in dialog.skipped.text()
    assert dialog.start_spin.maximum() == 14


# ---------------------------------------------------------------- with a desk


@dataclass
class Desk(WidgetDesk):
    batch_id: int


@pytest.fixture
def desk(
    build_desk: DeskFactory,
    database: Database,
    data_dir: DataDir,
    kaligawe: OfficeInfo,
    admin: StaffMember,
    operator: StaffMember,
    samples: Path,
) -> Desk:
    report = read_manifest(samples / "manifest_kaligawe_clean.csv")
    batch = batches.open_batch(
        database, operator, "470/112/XI/2026", dt.date(2026, 11, 25), "Rahmat Hidayat", report
    )
    for nik, _name in KALIGAWE[:3]:
        scanning.receive_scan(database, operator, batch.id, nik)
    return Desk(**build_desk.bare(admin, kaligawe).parts(), batch_id=batch.id)


def test_labels_for_rows_picked_on_the_stock_page(
    qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    previewed: list[Path] = []
    shown: list[str] = []  # what each dialog said of the cards left out (it is deleted after)

    def preview(_parent: QWidget, path: Path, _printer: str, *_tasks: object) -> PrintResult:
        previewed.append(path)
        return PrintResult(PrintStatus.PRINTED, "")

    def start_at_4(dialog: LabelDialog) -> int:
        shown.append(dialog.skipped.text())
        dialog.start_spin.setValue(4)
        dialog.accept_button.click()
        return int(dialog.result())

    monkeypatch.setattr(printing, "preview_and_print", preview)
    monkeypatch.setattr(LabelDialog, "exec", start_at_4)
    page = StockPage(desk.context)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)  # shortcuts answer in the active window only
    desk.settle(qtbot)
    table = page.table
    assert table.selectionMode() is table.SelectionMode.ExtendedSelection
    model = page.model
    wanted = [nik for nik, _name in KALIGAWE]  # 3 received, the last not yet
    rows = {model.card_at(r).nik: r for r in range(model.rowCount())}  # type: ignore[union-attr]
    selection = table.selectionModel()
    for nik in wanted:
        selection.select(
            model.index(rows[nik], 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    assert page.selected_rows() == sorted(rows[nik] for nik in wanted)
    qtbot.keyClick(page.search_field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(previewed), timeout=10_000)
    [skipped] = shown
    assert "1 kartu pilihan tidak ada di loket" in skipped
    [pdf] = previewed
    assert pdf.parent == desk.data.documents("label")
    text = PdfReader(pdf).pages[0].extract_text()
    for nik, name in KALIGAWE[:3]:
        assert nik in text and name in text
    assert KALIGAWE[3][0] not in text
    assert desk.banner.level is Severity.OK
    assert "3 label pada 1 lembar (mulai dari label nomor 4)" in desk.banner.title_text()


def test_ctrl_l_with_no_row_picked_says_how(qtbot: QtBot, desk: Desk) -> None:
    page = StockPage(desk.context)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)  # shortcuts answer in the active window only
    qtbot.keyClick(page.search_field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert desk.banner.level is Severity.WARNING
    assert "Pilih dulu kartunya" in desk.banner.title_text()
    assert "Ctrl+L" in desk.banner.detail_text()


def test_the_admin_picks_a_common_sheet_or_types_one_and_a_bad_one_is_refused(
    qtbot: QtBot, desk: Desk
) -> None:
    section = LabelSection(desk.context)
    qtbot.addWidget(section)
    section.resize(1000, 720)
    section.show()
    qtbot.waitExposed(section)
    section.activateWindow()
    qtbot.waitUntil(section.isActiveWindow)
    desk.settle(qtbot)
    assert section.choice.currentData() == "3x10"
    assert not section.form.isEnabled()
    assert "30 label per lembar" in section.status.text()
    section.choice.setCurrentIndex(section.choice.findData("2x7"))
    assert section.form.millimetres["width"].value() == pytest.approx(99.1)
    section.choice.setCurrentIndex(section.choice.findData(CUSTOM))
    assert section.form.isEnabled()
    section.form.columns.setValue(3)
    section.form.millimetres["width"].setValue(72)
    assert "tidak muat ke samping" in section.status.text()
    section.save()
    assert "tidak muat ke samping" in section.message.text()
    assert load_settings(desk.database).label_layout == DEFAULT_LAYOUT  # nothing saved
    section.form.columns.setValue(2)
    section.form.millimetres["width"].setValue(99)
    section.form.millimetres["left"].setValue(5)
    section.form.millimetres["gap_x"].setValue(2)
    assert "14 label per lembar" in section.status.text()
    qtbot.keyClick(section, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    desk.settle(qtbot)
    saved = load_settings(desk.database).label_layout
    assert saved.is_custom and (saved.columns, saved.label_width_mm) == (2, 99)
    assert desk.banner.level is Severity.OK


def test_the_test_print_outlines_the_chosen_layout(
    qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    previewed: list[Path] = []
    monkeypatch.setattr(
        printing,
        "preview_and_print",
        lambda _p, path, _n, *_tasks: (
            previewed.append(path) or PrintResult(PrintStatus.PRINTED, "")
        ),
    )
    section = LabelSection(desk.context)
    qtbot.addWidget(section)
    desk.settle(qtbot)
    section.choice.setCurrentIndex(section.choice.findData("3x7"))
    section.test()
    desk.settle(qtbot)
    [pdf] = previewed
    assert "LABEL NOMOR 21" in PdfReader(pdf).pages[0].extract_text()
