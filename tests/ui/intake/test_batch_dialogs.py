"""The new-batch dialog at the keyboard: Tab from field to field, the list chosen in Indonesian.

The dialog, its worker and the manifest reader are the real ones; keys are QTest's.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, QRect, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QDateTimeEdit, QFileDialog, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from loket.core.office.identity import OfficeInfo
from loket.core.staff.members import StaffMember
from loket.ui.intake.batch_dialogs import NewBatchDialog
from tests.helpers.widget_desk import DeskFactory

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
WRAP = int(Qt.TextFlag.TextWordWrap)
SHOTS = Path(os.environ.get("LOKET_SHOTS", "/tmp/shots/batch-dialogs"))


@pytest.fixture
def dialog(
    qtbot: QtBot, build_desk: DeskFactory, kaligawe: OfficeInfo, operator: StaffMember
) -> NewBatchDialog:
    desk = build_desk.bare(operator, kaligawe)
    dialog = NewBatchDialog(desk.context, desk.host)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def focus(qtbot: QtBot, widget: object) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def test_tab_from_the_letter_date_lands_in_the_courier_field(
    qtbot: QtBot, dialog: NewBatchDialog
) -> None:
    focus(qtbot, dialog.reference)
    qtbot.keyClicks(dialog.reference, "470/112/XI/2026")
    qtbot.keyClick(dialog.reference, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.letter_date
    qtbot.keyClick(dialog.letter_date, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.courier
    qtbot.keyClicks(dialog.courier, "Rahmat Hidayat")
    assert dialog.courier.text() == "Rahmat Hidayat"
    qtbot.keyClick(dialog.courier, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is dialog.letter_date
    qtbot.keyClick(dialog.letter_date, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is dialog.reference


def test_the_parts_of_the_letter_date_are_still_reached_by_typing_and_arrows(
    qtbot: QtBot, dialog: NewBatchDialog
) -> None:
    edit = dialog.letter_date
    edit.setDateTime(QDateTime.fromString("2026-11-25", "yyyy-MM-dd"))
    edit.setMaximumDate(edit.date().addYears(1))
    focus(qtbot, edit)
    edit.setSelectedSection(QDateTimeEdit.Section.DaySection)
    qtbot.keyClicks(edit, "03")  # a whole day typed: on to the month
    assert edit.date().day() == 3
    assert edit.currentSection() is QDateTimeEdit.Section.MonthSection
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert edit.date().month() == 10
    assert QApplication.focusWidget() is edit


@dataclass
class SeenDialog:
    title: str
    texts: set[str]  # every label and button the dialog showed


def answer_file_dialog(choose: Callable[[], None], path: Path, shot: Path) -> SeenDialog:
    """Opens the file dialog with `choose` and picks `path` in it; never leaves it hanging."""
    seen: list[SeenDialog] = []

    def handle() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(10, handle)
            return
        dialog.grab().save(str(shot))
        texts = {label.text() for label in dialog.findChildren(QLabel)}
        texts |= {button.text() for button in dialog.findChildren(QPushButton)}
        seen.append(SeenDialog(dialog.windowTitle(), texts))
        dialog.selectFile(str(path))
        dialog.accept()

    QTimer.singleShot(0, handle)
    choose()
    assert seen, "no file dialog was opened"
    return seen[0]


def test_the_manifest_is_chosen_in_an_indonesian_file_dialog(
    qtbot: QtBot, dialog: NewBatchDialog, samples: Path, tmp_path: Path
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    manifest = tmp_path / "daftar-kiriman.csv"
    manifest.write_bytes((samples / "manifest_semicolon_bom.csv").read_bytes())
    chosen = answer_file_dialog(dialog.choose_file.click, manifest, SHOTS / "file-dialog.png")
    texts = chosen.texts
    assert chosen.title == "Pilih daftar kiriman"
    assert {"Cari di:", "Nama berkas:", "Jenis berkas:", "Buka", "Batal"} <= set(texts)
    for english in ("Look in", "File name", "Files of type", "Open", "&Open", "Cancel"):
        assert not any(english in text for text in texts), (english, texts)
    qtbot.waitUntil(lambda: not dialog.running)
    assert dialog.file_label.text() == "daftar-kiriman.csv"
    assert "40 kartu akan diimpor" in dialog.summary.text()


def test_a_refused_rows_reason_is_shown_whole_in_the_preview(
    qtbot: QtBot, dialog: NewBatchDialog, samples: Path
) -> None:
    dialog.resize(860, 600)  # the dialog's smallest size
    dialog.load_manifest(samples / "manifest_nik_as_number.xlsx")
    qtbot.waitUntil(lambda: not dialog.running)
    table, model = dialog.preview, dialog.preview_model
    qtbot.waitUntil(lambda: table.rowHeight(0) > 40)
    qtbot.wait(50)  # the dialog laid out again around the summary
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "preview-refused-rows.png"))
    width = table.columnWidth(3) - 10  # the cell's text margins
    metrics = QFontMetrics(table.font())
    in_sight = [r for r in range(model.rowCount()) if table.rowViewportPosition(r) >= 0]
    in_sight = [r for r in in_sight if table.rowViewportPosition(r) < table.viewport().height()]
    assert in_sight
    for row in in_sight:
        reason = model.index(row, 3).data()
        assert reason.startswith("Ditolak: NIK tersimpan sebagai angka")
        needed = metrics.boundingRect(QRect(0, 0, width, 10_000), WRAP, reason).height()
        assert table.rowHeight(row) >= needed, (row, table.rowHeight(row), needed)
    bar, last = table.verticalScrollBar(), model.rowCount() - 1

    def scrolled_to_the_end() -> bool:  # rows coming into sight are fitted as they come
        bar.setValue(bar.maximum())
        return table.rowHeight(last) > 40

    qtbot.waitUntil(scrolled_to_the_end)


def write_big_list(path: Path, count: int) -> Path:
    """A kecamatan list of `count` valid NIKs of Gayamsari (33.74.04)."""
    lines = ["NO,NIK,NAMA,RT,RW,ALAMAT"]
    for i in range(count):
        day, month = i % 28 + 1, (i // 28) % 12 + 1
        year, serial = (i // 336) % 40 + 60, i // 13440 + 1
        nik = f"337404{day:02d}{month:02d}{year:02d}{serial:04d}"
        lines.append(f"{i + 1},{nik},WARGA KALIGAWE {i},{i % 10 + 1},{i % 6 + 1},Blok {i % 90}")
    path.write_text("\r\n".join(lines), encoding="utf-8")
    return path


def test_reading_a_list_of_20000_rows_says_how_far_it_has_come(
    qtbot: QtBot, dialog: NewBatchDialog, tmp_path: Path
) -> None:
    big = write_big_list(tmp_path / "daftar-20000.csv", 20_000)
    dialog.load_manifest(big)
    line = dialog.working
    assert line.isVisible() and line.text.text() == "Membaca daftar daftar-20000.csv…"
    said: list[str] = []
    bars: list[tuple[int, int]] = []

    def finished() -> bool:
        if line.isVisible() and (not said or said[-1] != line.text.text()):
            said.append(line.text.text())
            bars.append((line.bar.value(), line.bar.maximum()))
        return not dialog.running

    qtbot.waitUntil(finished, timeout=60_000)
    checking = [text for text in said if " dari 20.000 baris" in text]
    assert checking, said
    assert checking[0].startswith("Memeriksa daftar daftar-20000.csv… ")
    assert any(maximum == 20_000 and 0 < value < 20_000 for value, maximum in bars), bars
    assert not line.isVisible()
    assert dialog.summary.text().startswith("20.000 kartu akan diimpor, 0 baris ditolak.")
