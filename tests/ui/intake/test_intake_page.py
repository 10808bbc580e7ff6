"""A whole intake in the real window: scanner bursts and a person typing, told apart.

The window, the scanner input, the banner and the use cases are the real ones; only the
clock is fake (Qt's synthetic key events carry no time) and the sounds are muted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from loket.core.intake import batches
from loket.core.manifest.reader import read_manifest
from loket.core.office.identity import OfficeInfo
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.domain.states import CardState, Severity
from loket.ui.intake.batch_dialogs import CloseBatchDialog, NewBatchDialog
from loket.ui.intake.page import IntakePage
from loket.ui.kit import printing
from loket.ui.kit.printing import PrintResult, PrintStatus
from loket.ui.labels.dialog import LabelDialog
from loket.ui.shell.main_window import MainWindow
from tests.helpers.keyboard import HUMAN
from tests.helpers.widget_desk import DeskFactory, WidgetDesk

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

FAJAR = "3374042606528310"  # FAJAR MAULANA, row 2 of manifest_kaligawe_clean.csv
SUMARNI = "3374096804070373"
DWI = "3374046404760519"
NOT_LISTED = "3374044107900002"


@dataclass
class Desk(WidgetDesk):
    window: MainWindow
    batch_id: int

    @property
    def page(self) -> IntakePage:
        return self.window.intake_page

    def counts(self) -> tuple[int, int, int, int]:
        page = self.page
        return tuple(  # type: ignore[return-value]
            int(tile.value.text().split()[0])
            for tile in (page.expected, page.received, page.missing, page.extra)
        )


@pytest.fixture
def desk(
    build_desk: DeskFactory,
    database: Database,
    data_dir: DataDir,
    kaligawe: OfficeInfo,
    operator: StaffMember,
    samples: Path,
) -> Desk:
    report = read_manifest(samples / "manifest_kaligawe_clean.csv")
    batch = batches.open_batch(
        database, operator, "470/112/XI/2026", dt.date(2026, 11, 25), "Rahmat Hidayat", report
    )
    parts, window = build_desk.window(operator, kaligawe)
    return Desk(**parts.parts(), window=window, batch_id=batch.id)


def card_state(desk: Desk, nik: str) -> tuple[CardState, bool]:
    card = next(c for c in batches.batch_cards(desk.database, desk.batch_id) if c.nik == nik)
    return card.state, card.typed


def test_a_restarted_desk_shows_the_open_batch_with_its_counts(desk: Desk) -> None:
    assert "470/112/XI/2026" in desk.page.title.text()
    assert desk.counts() == (56, 0, 56, 0)
    assert desk.page.model.rowCount() == 56
    assert QApplication.focusWidget() is desk.page.scan_field


def test_an_operator_has_no_settings_page(desk: Desk) -> None:
    assert desk.window.settings_page is None
    stacked = desk.window.pages
    assert all(
        stacked.indexOf(child) >= 0
        for child in stacked.findChildren(
            QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
        )
        if child.isVisible()
    )


def test_f9_from_an_operator_says_the_settings_are_for_an_admin(qtbot: QtBot, desk: Desk) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F9)
    assert desk.banner.level is Severity.WARNING
    assert "hanya untuk admin" in desk.banner.title_text()
    assert desk.window.pages.currentWidget() is desk.page


def test_scanner_burst_is_received_and_answered_green(qtbot: QtBot, desk: Desk) -> None:
    desk.keyboard.scan(FAJAR)
    desk.settle(qtbot)
    assert desk.banner.level is Severity.OK
    assert "FAJAR MAULANA" in desk.banner.title_text()
    assert desk.counts() == (56, 1, 55, 0)
    assert card_state(desk, FAJAR) == (CardState.IN_STOCK, False)
    assert desk.page.scan_field.text() == ""
    assert QApplication.focusWidget() is desk.page.scan_field


def test_person_typing_a_nik_is_recorded_as_typed(qtbot: QtBot, desk: Desk) -> None:
    desk.keyboard.type("3374 0968 0407 0373", HUMAN)
    desk.keyboard.enter(HUMAN)
    desk.settle(qtbot)
    assert card_state(desk, SUMARNI) == (CardState.IN_STOCK, True)
    assert "diketik manual" in desk.banner.detail_text()


def test_scanner_and_person_told_apart_in_one_session(qtbot: QtBot, desk: Desk) -> None:
    desk.keyboard.scan(FAJAR)
    desk.keyboard.type(SUMARNI[:7], HUMAN)  # a clerk starts typing, then a card is scanned
    desk.keyboard.clock.advance(HUMAN)  # (the time it takes to pick up the scanner)
    desk.keyboard.scan(DWI)
    desk.keyboard.type(SUMARNI, HUMAN)
    desk.keyboard.enter(HUMAN)
    desk.settle(qtbot)
    assert card_state(desk, FAJAR) == (CardState.IN_STOCK, False)
    assert card_state(desk, DWI) == (CardState.IN_STOCK, False)
    assert card_state(desk, SUMARNI) == (CardState.IN_STOCK, True)
    assert desk.counts() == (56, 3, 53, 0)


def test_double_read_is_not_counted_twice(qtbot: QtBot, desk: Desk) -> None:
    desk.keyboard.scan(FAJAR)
    desk.keyboard.scan(FAJAR)
    desk.settle(qtbot)
    assert desk.banner.level is Severity.WARNING
    assert "Sudah dipindai" in desk.banner.title_text()
    assert desk.counts() == (56, 1, 55, 0)


def test_extra_card_is_kept_or_set_aside_with_one_key(qtbot: QtBot, desk: Desk) -> None:
    desk.keyboard.scan(NOT_LISTED)
    desk.settle(qtbot)
    assert desk.banner.level is Severity.WARNING and "F8" in desk.banner.detail_text()
    assert desk.counts() == (56, 0, 56, 1)
    qtbot.keyClick(desk.page.scan_field, Qt.Key.Key_F8)
    desk.settle(qtbot)
    assert card_state(desk, NOT_LISTED)[0] is CardState.SET_ASIDE
    assert "1 disisihkan" in desk.page.extra.value.text()
    qtbot.keyClick(desk.page.scan_field, Qt.Key.Key_F7)
    desk.settle(qtbot)
    assert card_state(desk, NOT_LISTED)[0] is CardState.IN_STOCK


def test_unreadable_scan_stays_red_until_escape_and_enter_does_not_dismiss_it(
    qtbot: QtBot, desk: Desk
) -> None:
    desk.keyboard.scan("3374043213900001")  # day 32
    desk.settle(qtbot)
    assert desk.banner.level is Severity.ERROR
    assert "Tanggal lahir" in desk.banner.detail_text()
    desk.keyboard.enter(HUMAN)  # Enter on an empty field: the error stays
    desk.keyboard.scan(FAJAR)  # the scanner is never refused: the next card is received
    desk.settle(qtbot)
    assert desk.banner.level is Severity.OK
    assert desk.banner.pinned_visible, "the unseen error must stay on screen"
    assert desk.feedback.unacknowledged_error is not None
    qtbot.keyClick(desk.page.scan_field, Qt.Key.Key_Escape)
    assert desk.feedback.unacknowledged_error is None
    assert not desk.banner.pinned_visible


def test_scan_while_focus_is_on_the_table_still_counts(qtbot: QtBot, desk: Desk) -> None:
    desk.page.table.setFocus()
    desk.keyboard.scan(FAJAR)
    desk.settle(qtbot)
    assert card_state(desk, FAJAR)[0] is CardState.IN_STOCK
    assert QApplication.focusWidget() is desk.page.scan_field


def test_new_batch_dialog_previews_the_list_row_by_row_and_imports_it(
    qtbot: QtBot, desk: Desk, samples: Path
) -> None:
    context = desk.page._context
    dialog = NewBatchDialog(context, desk.window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.reference.setFocus()
    desk.keyboard.type("470/113/XI/2026", HUMAN)
    dialog.load_manifest(samples / "manifest_nik_as_number.xlsx")
    qtbot.waitUntil(lambda: not dialog.running)
    assert dialog.preview_model.rowCount() == 12
    assert "0 kartu akan diimpor, 12 baris ditolak" in dialog.summary.text()
    dialog.load_manifest(samples / "manifest_semicolon_bom.csv")
    qtbot.waitUntil(lambda: not dialog.running)
    assert "40 kartu akan diimpor, 0 baris ditolak" in dialog.summary.text()
    desk.keyboard.clock.advance(HUMAN)
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.running)
    assert dialog.created is not None and dialog.created.counts.expected == 40
    # Closed, it lets go of the list at once: not left for a full collection on the window.
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.preview_model.rowCount() == 0 and dialog._plan is None


def test_new_batch_without_a_number_is_refused_in_place(qtbot: QtBot, desk: Desk) -> None:
    dialog = NewBatchDialog(desk.page._context, desk.window)
    qtbot.addWidget(dialog)
    dialog.accept_button.click()
    qtbot.waitUntil(lambda: not dialog.running)
    assert dialog.created is None
    assert "wajib diisi" in dialog.error.text()


def test_closing_the_batch_writes_the_berita_acara_and_opens_the_print_preview(
    qtbot: QtBot, desk: Desk, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    previewed: list[Path] = []

    def preview(parent, path: Path, printer: str, *_tasks: object) -> PrintResult:
        previewed.append(path)
        return PrintResult(PrintStatus.NO_PRINTER, "Tidak ada printer.")

    def confirm_at_once(dialog: CloseBatchDialog) -> int:
        qtbot.waitUntil(lambda: dialog.found is not None)
        assert dialog.model.rowCount() == 55  # every card that did not come
        dialog.accept_button.click()
        qtbot.waitUntil(lambda: not dialog.running)
        return int(dialog.result())

    monkeypatch.setattr(printing, "preview_and_print", preview)
    monkeypatch.setattr(CloseBatchDialog, "exec", confirm_at_once)
    desk.keyboard.scan(FAJAR)
    desk.settle(qtbot)
    desk.page.close_batch()
    desk.settle(qtbot)
    (pdf,) = data_dir.documents("berita-acara").glob("*.pdf")
    assert previewed == [pdf]
    assert pdf.read_bytes().startswith(b"%PDF")
    assert desk.page.batch is None  # the closed batch left the intake page
    assert desk.banner.level is Severity.WARNING and "Belum tercetak" in desk.banner.title_text()


def test_ctrl_l_prints_labels_for_the_cards_received_so_far(
    qtbot: QtBot, desk: Desk, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    previewed: list[Path] = []

    def preview(parent, path: Path, printer: str, *_tasks: object) -> PrintResult:
        previewed.append(path)
        return PrintResult(PrintStatus.PRINTED, "")

    def from_label_2(dialog: LabelDialog) -> int:
        assert dialog.summary.text() == "2 label → 1 lembar A4"
        dialog.start_spin.setValue(2)
        dialog.accept_button.click()
        return int(dialog.result())

    monkeypatch.setattr(printing, "preview_and_print", preview)
    monkeypatch.setattr(LabelDialog, "exec", from_label_2)
    desk.keyboard.scan(FAJAR)
    desk.keyboard.scan(DWI)
    desk.settle(qtbot)
    qtbot.keyClick(desk.page.scan_field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(previewed), timeout=10_000)
    [pdf] = previewed
    assert pdf.parent == data_dir.documents("label")
    text = PdfReader(pdf).pages[0].extract_text()
    assert FAJAR in text and DWI in text and SUMARNI not in text  # received cards only
    assert desk.banner.level is Severity.OK
    assert "mulai dari label nomor 2" in desk.banner.title_text()
    assert QApplication.focusWidget() is desk.page.scan_field


def test_f12_then_ctrl_2_and_ctrl_3_send_scans_to_returns_and_delivery(
    desk: Desk, qtbot: QtBot
) -> None:
    section = desk.window.stock_section
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F12)
    assert desk.window.pages.currentWidget() is section
    assert section.current_part() is desk.window.stock_page
    for key, page, says in (
        (Qt.Key.Key_2, desk.window.return_page, "belum ada pengembalian yang dibuka"),
        (Qt.Key.Key_3, desk.window.delivery_page, "Belum ada pengantaran terbuka"),
    ):
        qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.ControlModifier)
        assert section.current_part() is page
        assert QApplication.focusWidget() is page.scan_field
        desk.keyboard.scan(FAJAR)
        desk.settle(qtbot)
        assert says in desk.banner.title_text()
        assert desk.banner.level is Severity.ERROR
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    # The scans went to those parts, not to intake: nothing was received.
    assert desk.counts() == (56, 0, 56, 0)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert section.current_part() is desk.window.stock_page


def test_the_cards_table_and_both_dialogs_pass_the_model_tester(
    qtbot: QtBot, desk: Desk, samples: Path, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    desk.keyboard.scan(FAJAR)
    desk.keyboard.scan(NOT_LISTED)
    desk.settle(qtbot)
    qtmodeltester.check(desk.page.model)
    new = NewBatchDialog(desk.context, desk.window)
    qtbot.addWidget(new)
    new.load_manifest(samples / "manifest_kecamatan.xlsx")
    qtbot.waitUntil(lambda: not new.running)
    assert new.preview_model.rowCount() > 0
    qtmodeltester.check(new.preview_model)
    closing = CloseBatchDialog(desk.context, desk.batch_id, desk.window)
    qtbot.addWidget(closing)
    qtbot.waitUntil(lambda: closing.found is not None)
    assert closing.model.rowCount() > 0
    qtmodeltester.check(closing.model)
