"""Keyboard-wedge scanner input: scanner bursts (2 ms a key) and a person (150 ms) told apart."""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from loket.ui.kit.scanner import ScanEvent, ScanField, ScannerInput, ScanSource
from loket.ui.shell.app import is_whole_code
from tests.helpers.keyboard import HUMAN, SCANNER, FakeClock, Keyboard

# The offscreen platform used by the tests says so when a plain top-level window is shown.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

FAJAR = "3374042606528310"  # FAJAR MAULANA, first card of manifest_kaligawe_clean.csv
SUMARNI = "3374096804070373"


@dataclass
class Desk:
    window: QWidget
    scan_field: ScanField
    search: QLineEdit
    notes: QPlainTextEdit
    button: QPushButton
    scanner: ScannerInput
    clock: FakeClock
    keyboard: Keyboard
    received: list[ScanEvent]
    clicks: list[bool]

    def delivered(self, qtbot: QtBot) -> list[ScanEvent]:
        """The scans emitted once the event loop has had its turns."""
        qtbot.waitUntil(lambda: self.scanner.pending == 0)
        QApplication.processEvents()
        return self.received


@pytest.fixture
def desk(qtbot: QtBot, qapp: QApplication) -> Iterator[Desk]:
    window = QWidget()
    window.setWindowTitle("Penerimaan kiriman")
    layout = QVBoxLayout(window)
    scan_field = ScanField(window)
    search = QLineEdit(window)
    search.setPlaceholderText("Cari nama")
    notes = QPlainTextEdit(window)
    button = QPushButton("Tutup kiriman", window)
    button.setAutoDefault(True)  # Enter on it presses it: a scanner's Enter must not
    clicks: list[bool] = []
    button.clicked.connect(clicks.append)
    for widget in (scan_field, search, notes, button):
        layout.addWidget(widget)
    qtbot.addWidget(window)

    clock = FakeClock()
    scanner = ScannerInput(clock=clock)
    scanner.install(qapp)
    scanner.attach(scan_field)
    received: list[ScanEvent] = []
    scanner.scanned.connect(received.append)

    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(scan_field.hasFocus)  # a page opens with its scan field focused
    yield Desk(
        window,
        scan_field,
        search,
        notes,
        button,
        scanner,
        clock,
        Keyboard(clock, window),
        received,
        clicks,
    )
    qapp.removeEventFilter(scanner)


def scanner_scan(text: str) -> ScanEvent:
    return ScanEvent(text, ScanSource.SCANNER)


def test_scanner_burst_in_the_scan_field_is_a_scanner_scan_emitted_after_the_key(
    qtbot: QtBot, desk: Desk
) -> None:
    desk.keyboard.scan(FAJAR, "\r")

    assert desk.received == []  # never inside the key handler
    assert desk.delivered(qtbot) == [scanner_scan(FAJAR)]
    assert desk.scan_field.text() == ""
    assert desk.scan_field.hasFocus()


def test_qt_key_events_on_the_real_clock_keep_every_repeated_digit(
    qtbot: QtBot, qapp: QApplication, desk: Desk
) -> None:
    qapp.removeEventFilter(desk.scanner)
    real = ScannerInput()  # time.perf_counter; Qt reuses one event address for each key
    real.install(qapp)
    real.attach(desk.scan_field)
    scans: list[ScanEvent] = []
    real.scanned.connect(scans.append)
    try:
        qtbot.keyClicks(desk.scan_field, "3374044611663969")
        qtbot.keyClick(desk.scan_field, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: real.pending == 0)
        QApplication.processEvents()
    finally:
        qapp.removeEventFilter(real)
    assert scans == [scanner_scan("3374044611663969")]


def test_person_typing_a_nik_with_spaces_is_a_typed_scan(qtbot: QtBot, desk: Desk) -> None:
    desk.keyboard.type("3374 0426 0652 8310")
    desk.keyboard.enter()

    assert desk.delivered(qtbot) == [ScanEvent("3374 0426 0652 8310", ScanSource.TYPED)]
    assert desk.scan_field.text() == ""
    assert desk.scan_field.hasFocus()


def test_half_typed_entry_then_a_burst_is_one_scanner_scan_and_the_typing_is_dropped(
    qtbot: QtBot, desk: Desk
) -> None:
    desk.keyboard.type("3374")
    desk.clock.advance(0.8)
    desk.keyboard.scan(FAJAR)

    assert desk.delivered(qtbot) == [scanner_scan(FAJAR)]
    assert desk.scan_field.text() == ""


def test_half_typed_entry_without_enter_is_never_emitted(qtbot: QtBot, desk: Desk) -> None:
    desk.keyboard.type("33740426")
    desk.clock.advance(5.0)
    qtbot.wait(20)

    assert desk.delivered(qtbot) == []
    assert desk.scan_field.text() == "33740426"


def test_cr_lf_after_a_scan_is_one_scan_and_a_later_enter_on_the_empty_field_is_nothing(
    qtbot: QtBot, desk: Desk
) -> None:
    desk.keyboard.scan(FAJAR, "\r\n")
    desk.keyboard.enter(gap=0.6)

    assert desk.delivered(qtbot) == [scanner_scan(FAJAR)]


def test_lf_of_a_cr_lf_scan_into_a_dialog_does_not_press_its_default_button(
    qtbot: QtBot, desk: Desk
) -> None:
    dialog = QDialog(desk.window)
    dialog.setWindowTitle("Cari kartu")
    name = QLineEdit(dialog)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, dialog)
    buttons.accepted.connect(dialog.accept)
    layout = QVBoxLayout(dialog)
    layout.addWidget(name)
    layout.addWidget(buttons)
    dialog.open()
    dialog.activateWindow()
    qtbot.waitUntil(name.hasFocus)

    desk.keyboard.scan(FAJAR, "\r\n")

    assert desk.delivered(qtbot) == [scanner_scan(FAJAR)]
    assert dialog.isVisible()
    assert name.text() == ""


def test_tab_suffix_ends_a_scan_and_leaves_the_focus_in_place(qtbot: QtBot, desk: Desk) -> None:
    desk.keyboard.scan(FAJAR, "\t")

    assert desk.delivered(qtbot) == [scanner_scan(FAJAR)]
    assert desk.scan_field.hasFocus()


def test_caps_lock_lower_case_letters_are_upper_cased_and_digits_kept(
    qtbot: QtBot, desk: Desk
) -> None:
    desk.keyboard.scan("abcdefghijklmnop")
    desk.clock.advance(0.7)
    desk.keyboard.scan("tt-2026-000123")

    assert desk.delivered(qtbot) == [
        scanner_scan("ABCDEFGHIJKLMNOP"),
        scanner_scan("TT-2026-000123"),
    ]


def _line_edit(desk: Desk) -> QWidget:
    return desk.search


def _plain_text(desk: Desk) -> QWidget:
    return desk.notes


def _combo_box(desk: Desk) -> QWidget:
    combo = QComboBox(desk.window)
    combo.setEditable(True)
    desk.window.layout().addWidget(combo)
    combo.show()
    return combo


def _text(widget: QWidget) -> str:
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    assert isinstance(widget, QLineEdit)
    return widget.text()


@pytest.mark.parametrize("make", [_line_edit, _plain_text, _combo_box])
def test_burst_while_typing_in_another_field_is_scanned_and_taken_back_out_of_it(
    qtbot: QtBot, desk: Desk, make: Callable[[Desk], QWidget]
) -> None:
    other = make(desk)
    qtbot.mouseClick(other, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(other.hasFocus)
    desk.keyboard.type("Sumarni")
    desk.clock.advance(1.2)
    desk.keyboard.scan(SUMARNI)

    assert desk.delivered(qtbot) == [scanner_scan(SUMARNI)]
    assert _text(other) == "Sumarni"
    assert desk.scan_field.hasFocus()  # a scan is an action: focus returns to the scan field


def test_burst_in_the_middle_of_a_name_is_taken_out_where_it_went(qtbot: QtBot, desk: Desk) -> None:
    desk.search.setFocus()
    desk.keyboard.type("Sumni")
    desk.search.setCursorPosition(3)
    desk.clock.advance(0.9)
    desk.keyboard.scan(SUMARNI)

    assert desk.delivered(qtbot) == [scanner_scan(SUMARNI)]
    assert desk.search.text() == "Sumni"


def test_person_typing_in_another_field_and_pressing_enter_is_not_a_scan(
    qtbot: QtBot, desk: Desk
) -> None:
    entered: list[str] = []
    desk.search.returnPressed.connect(lambda: entered.append(desk.search.text()))
    desk.search.setFocus()
    desk.keyboard.type("3374096804070373")
    desk.keyboard.enter()

    assert desk.delivered(qtbot) == []
    assert entered == ["3374096804070373"]  # the Enter went to the field as usual


@pytest.mark.parametrize("suffix", ["\r\n", "\t"])
def test_burst_with_focus_on_a_button_neither_presses_it_nor_moves_focus(
    qtbot: QtBot, desk: Desk, suffix: str
) -> None:
    desk.button.setFocus()
    desk.keyboard.scan(FAJAR, suffix)

    assert desk.delivered(qtbot) == [scanner_scan(FAJAR)]
    assert desk.clicks == []


def test_burst_with_no_focus_widget_is_still_a_scan(qtbot: QtBot, desk: Desk) -> None:
    desk.scan_field.clearFocus()
    assert QApplication.focusWidget() is None
    desk.keyboard.scan(FAJAR)

    assert desk.delivered(qtbot) == [scanner_scan(FAJAR)]


def test_short_fast_entry_in_another_field_is_left_alone(qtbot: QtBot, desk: Desk) -> None:
    desk.search.setFocus()
    desk.keyboard.scan("RT03", "\r")

    assert desk.delivered(qtbot) == []
    assert desk.search.text() == "RT03"


def test_window_shortcut_on_enter_does_not_take_a_scanners_enter(qtbot: QtBot, desk: Desk) -> None:
    fired: list[bool] = []
    QShortcut(QKeySequence(Qt.Key.Key_Return), desk.window, activated=lambda: fired.append(True))
    desk.keyboard.type(FAJAR, SCANNER)
    desk.clock.advance(SCANNER)
    qtbot.keyClick(desk.scan_field, Qt.Key.Key_Return)  # goes through the shortcut map

    assert desk.delivered(qtbot) == [scanner_scan(FAJAR)]
    assert fired == []


def test_each_page_opens_with_its_scan_field_focused_and_scans_return_to_the_one_shown(
    qtbot: QtBot, desk: Desk
) -> None:
    pages = QStackedWidget(desk.window)
    fields = []
    for _ in range(2):
        page = QWidget(pages)
        layout = QVBoxLayout(page)
        layout.addWidget(QLineEdit(page))  # first in the tab order, yet not the one focused
        field = ScanField(page)
        layout.addWidget(field)
        pages.addWidget(page)
        desk.scanner.attach(field)
        fields.append(field)
    desk.window.layout().addWidget(pages)
    pages.show()
    qtbot.waitUntil(fields[0].hasFocus)

    pages.setCurrentIndex(1)
    qtbot.waitUntil(fields[1].hasFocus)
    desk.button.setFocus()
    desk.keyboard.scan(FAJAR)

    assert desk.delivered(qtbot) == [scanner_scan(FAJAR)]
    assert fields[1].hasFocus()


def test_burst_held_up_by_a_busy_window_is_still_one_scan_by_its_key_stamps(
    qtbot: QtBot, desk: Desk
) -> None:
    stamp = 2_211_398  # ms, as X11 stamps keys
    for index, char in enumerate("3374046404760519"):
        stall = 0.080 if index == 2 else 0.0  # the window redraws a table; the keys wait
        stamp += 2
        desk.keyboard.press(Qt.Key(ord(char)), char, SCANNER + stall, stamp=stamp)
    desk.keyboard.press(Qt.Key.Key_Return, "\r", SCANNER, stamp=stamp + 2)

    assert desk.delivered(qtbot) == [scanner_scan("3374046404760519")]
    assert desk.scan_field.text() == ""


def test_a_code_cut_by_a_pause_in_its_keys_themselves_is_joined_whole(
    qtbot: QtBot, desk: Desk
) -> None:
    """Seen under Xvfb with a busy server: the keys' own stamps 40+ ms apart in mid-code, and
    "46910831389" recorded for "3374046910831389". Only a whole code is joined."""
    whole = ScannerInput(clock=desk.clock, is_whole_code=is_whole_code)
    qapp = QApplication.instance()
    desk.scanner.set_enabled(False)
    qapp.removeEventFilter(desk.scanner)  # type: ignore[union-attr]
    whole.install(qapp)  # type: ignore[arg-type]
    whole.attach(desk.scan_field)
    got: list[ScanEvent] = []
    whole.scanned.connect(got.append)
    try:
        stamp = 7_000_000
        for head, pause, tail in (
            ("33740", 0.180, "46910831389"),  # the head too short to be a burst
            ("33740469108313", 0.400, "89"),  # the tail too short to be one
        ):
            for char in head:
                stamp += 2
                desk.keyboard.press(Qt.Key(ord(char)), char, SCANNER, stamp=stamp)
            stamp += int(pause * 1000)
            for index, char in enumerate(tail):
                stamp += 2
                gap = SCANNER + (pause if index == 0 else 0.0)
                desk.keyboard.press(Qt.Key(ord(char)), char, gap, stamp=stamp)
            desk.keyboard.press(Qt.Key.Key_Return, "\r", SCANNER, stamp=stamp + 2)
            desk.keyboard.clock.advance(1.0)
            stamp += 1000
        # A person's key, then a scan: the two are not one code, the scan stands alone.
        desk.search.setFocus()
        desk.keyboard.press(Qt.Key.Key_7, "7", HUMAN, stamp=stamp)
        stamp += 500
        for index, char in enumerate("3374042606528310"):
            stamp += 2
            desk.keyboard.press(
                Qt.Key(ord(char)), char, 0.5 if index == 0 else SCANNER, stamp=stamp
            )
        desk.keyboard.press(Qt.Key.Key_Return, "\r", SCANNER, stamp=stamp + 2)
        qtbot.waitUntil(lambda: whole.pending == 0)
        QApplication.processEvents()
    finally:
        qapp.removeEventFilter(whole)  # type: ignore[union-attr]
    assert [scan.text for scan in got] == [
        "3374046910831389",
        "3374046910831389",
        "3374042606528310",
    ]
    assert desk.scan_field.text() == ""
    assert desk.search.text() == "7"  # the person's key stays where it was typed


def test_person_typing_while_the_window_was_busy_is_still_typed_by_the_clock(
    qtbot: QtBot, desk: Desk
) -> None:
    stamp = 5_000_000
    for char in "33740426":
        stamp += 150
        desk.keyboard.press(Qt.Key(ord(char)), char, HUMAN, stamp=stamp)
    desk.keyboard.press(Qt.Key.Key_Return, "\r", HUMAN, stamp=stamp + 150)

    assert desk.delivered(qtbot) == [ScanEvent("33740426", ScanSource.TYPED)]


def test_repeated_digit_flagged_as_auto_repeat_stays_in_the_burst(qtbot: QtBot, desk: Desk) -> None:
    # X11 guesses auto-repeat from a release and a press of one key close together: "33", "66".
    for previous, char in zip(" " + FAJAR, FAJAR, strict=False):
        desk.keyboard.press(Qt.Key(ord(char)), char, SCANNER, repeat=char == previous)
    desk.keyboard.press(Qt.Key.Key_Return, "\r", SCANNER)

    assert desk.delivered(qtbot) == [scanner_scan(FAJAR)]


def test_fifty_scans_in_a_row_with_a_slow_slot_are_all_emitted_in_order(
    qtbot: QtBot, desk: Desk, samples: Path
) -> None:
    with (samples / "manifest_kaligawe_clean.csv").open(encoding="utf-8") as manifest:
        niks = [row["NIK"] for row in csv.DictReader(manifest)][:50]
    slow: list[ScanEvent] = []

    def busy_printer(event: ScanEvent) -> None:
        slow.append(event)
        time.sleep(0.02)
        desk.clock.advance(0.25)  # the desk's clock moves on while the slot holds the loop

    desk.scanner.scanned.connect(busy_printer)
    for nik in niks:
        for index, char in enumerate(nik):
            desk.keyboard.press(Qt.Key(ord(char)), char, SCANNER)
            if index % 5 == 4:
                QApplication.processEvents()  # the slow slot runs between keys of a burst
        desk.keyboard.press(Qt.Key.Key_Return, "\r", SCANNER)
        desk.keyboard.press(Qt.Key.Key_Enter, "\r", 0.001)

    qtbot.waitUntil(lambda: len(slow) == 50, timeout=10_000)
    assert [event.text for event in slow] == niks
    assert {event.source for event in slow} == {ScanSource.SCANNER}
    assert desk.scan_field.text() == ""


def test_disabled_scanner_holds_a_burst_out_of_a_dialog_and_emits_it_when_enabled(
    qtbot: QtBot, desk: Desk
) -> None:
    dialog = QDialog(desk.window)
    reason = QLineEdit(dialog)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, dialog)
    buttons.accepted.connect(dialog.accept)
    layout = QVBoxLayout(dialog)
    layout.addWidget(reason)
    layout.addWidget(buttons)
    desk.scanner.set_enabled(False)
    dialog.open()
    dialog.activateWindow()
    qtbot.waitUntil(reason.hasFocus)

    desk.keyboard.type("Kartu rusak")
    desk.clock.advance(0.9)
    desk.keyboard.scan(FAJAR)
    qtbot.wait(20)

    assert desk.received == []
    assert desk.scanner.pending == 1
    assert reason.text() == "Kartu rusak"
    assert dialog.isVisible()  # the scanner's Enter did not confirm the dialog

    desk.keyboard.enter()
    assert dialog.result() == QDialog.DialogCode.Accepted  # a person's Enter still does
    desk.scanner.set_enabled(True)
    assert desk.delivered(qtbot) == [scanner_scan(FAJAR)]


def test_whole_intake_at_the_desk_tells_scanner_from_person(
    qtbot: QtBot, desk: Desk, samples: Path
) -> None:
    lines = (samples / "scans_with_noise.txt").read_text(encoding="utf-8").splitlines()
    first, rest = lines[:12], lines[12:]

    for line in first:
        desk.clock.advance(0.9)  # the next card, out of the box and under the scanner
        desk.keyboard.scan(line)
    # A resident's card has a torn barcode: the operator types the NIK from the card.
    desk.clock.advance(3.0)
    desk.keyboard.type("3374 0968 0407 0373")
    desk.keyboard.enter()
    # Looking a name up, the operator is interrupted by the next card under the scanner.
    qtbot.mouseClick(desk.search, Qt.MouseButton.LeftButton)
    desk.keyboard.type("Sumarni")
    desk.clock.advance(0.9)
    desk.keyboard.scan(rest[0])
    for line in rest[1:]:
        desk.clock.advance(0.9)
        desk.keyboard.scan(line)

    expected = [scanner_scan(line) for line in first]
    expected.append(ScanEvent("3374 0968 0407 0373", ScanSource.TYPED))
    expected += [scanner_scan(line.strip().upper()) for line in rest if line.strip()]
    assert desk.delivered(qtbot) == expected
    assert scanner_scan("3374 0441 0790 0002") in expected  # a code with spaces, read as is
    assert desk.search.text() == "Sumarni"
    assert desk.clicks == []
    assert desk.scan_field.text() == ""
    assert desk.scan_field.hasFocus()
