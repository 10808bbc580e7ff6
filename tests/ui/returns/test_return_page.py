"""The return page, by keyboard only: open, pick reasons, scan, take one out, close, read the paper.

The page, the scanner input, the banner, the dialogs and the use cases are the real ones; only
the clock is fake (Qt's synthetic key events carry no time), the sounds are muted and the print
preview is stood in for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from loket.core.handover.lookup import Answer, status_of_nik
from loket.core.intake import batches, scanning
from loket.core.manifest.model import ManifestEntry
from loket.core.manifest.reader import read_manifest
from loket.core.office.identity import OfficeInfo
from loket.core.returns import filling
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.domain.states import ReturnReason, Severity
from loket.ui.kit import printing
from loket.ui.kit.printing import PrintResult, PrintStatus
from loket.ui.returns.dialogs import CloseReturnDialog, ReturnDetailsDialog
from loket.ui.returns.page import ReturnPage
from tests.helpers.widget_desk import DeskFactory, WidgetDesk

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TODAY = dt.date(2026, 11, 27)
NEVER_CAME = "3374044107900002"
RECEIVER_NIP = "197506122001121003"


@dataclass
class Desk(WidgetDesk):
    page: ReturnPage
    entries: tuple[ManifestEntry, ...]
    previewed: list[Path]

    @property
    def window(self) -> QWidget:
        return self.host

    def dialog(self, qtbot: QtBot, kind: type[QDialog]) -> QDialog:
        qtbot.waitUntil(lambda: self.page.findChild(kind) is not None, timeout=5_000)
        dialog = self.page.findChild(kind)
        assert isinstance(dialog, kind)
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        return dialog

    def key(self, qtbot: QtBot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        target = QApplication.focusWidget() or self.page
        qtbot.keyClick(target, key, modifier)

    def counts(self) -> dict[ReturnReason, int]:
        return {reason: self.page.model.count(reason) for reason in ReturnReason}


def make_desk(
    qtbot: QtBot,
    build_desk: DeskFactory,
    member: StaffMember,
    office: OfficeInfo,
    entries,
    previewed,
) -> Desk:
    parts, page = build_desk(member, office, ReturnPage, size=(1180, 760))
    desk = Desk(**parts.parts(), page=page, entries=entries, previewed=previewed)
    desk.settle(qtbot)
    return desk


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
    report = read_manifest(samples / "manifest_kaligawe_clean.csv", today=TODAY)
    batch = batches.open_batch(
        database, operator, "470/112/XI/2026", dt.date(2026, 11, 25), "", report, today=TODAY
    )
    for entry in report.entries[:30]:
        scanning.receive_scan(database, operator, batch.id, entry.nik, today=TODAY)
    previewed: list[Path] = []

    def preview(parent, path: Path, printer: str, *_tasks: object) -> PrintResult:
        previewed.append(path)
        return PrintResult(PrintStatus.CANCELLED, "")

    monkeypatch.setattr(printing, "preview_and_print", preview)
    return make_desk(qtbot, build_desk, operator, kaligawe, report.entries, previewed)


def open_return_by_keyboard(qtbot: QtBot, desk: Desk, reference: str = "474/55/XI/2026") -> None:
    desk.key(qtbot, Qt.Key.Key_F7)
    dialog = desk.dialog(qtbot, ReturnDetailsDialog)
    assert QApplication.focusWidget() is dialog.reference
    desk.keyboard.type(reference)
    desk.keyboard.enter()
    desk.keyboard.type("Slamet Riyadi")
    desk.keyboard.enter()
    desk.keyboard.type(RECEIVER_NIP)
    desk.keyboard.enter()  # Enter in the last field opens the return
    desk.settle(qtbot)
    qtbot.waitUntil(lambda: desk.page.current_return is not None, timeout=5_000)


def test_a_desk_without_an_open_return_says_how_to_start_and_refuses_a_scan(
    qtbot: QtBot, desk: Desk
) -> None:
    assert desk.page.empty_hint.isVisible() and not desk.page.table.isVisible()
    assert "F7" in desk.page.empty_hint.text()
    desk.keyboard.scan(desk.entries[0].nik)
    desk.settle(qtbot)
    assert desk.banner.level is Severity.ERROR
    assert "belum ada pengembalian" in desk.banner.title_text()


def test_a_whole_return_by_keyboard_ends_in_the_berita_acara_read_back(
    qtbot: QtBot, desk: Desk, data_dir: DataDir
) -> None:
    entries = desk.entries
    open_return_by_keyboard(qtbot, desk)
    page = desk.page
    assert page.title.text() == "Pengembalian 474/55/XI/2026"
    assert "Slamet Riyadi" in page.subtitle.text()
    assert page.reason is ReturnReason.UNCLAIMED
    assert QApplication.focusWidget() is page.scan_field

    # A pile of unclaimed cards, one scan each, under the reason chosen once.
    for entry in entries[:4]:
        desk.keyboard.scan(entry.nik)
    desk.settle(qtbot)
    assert desk.banner.level is Severity.OK
    assert desk.banner.title_text() == f"Masuk pengembalian: {entries[3].name}"
    assert "4 kartu di pengembalian ini" in desk.banner.detail_text()

    # "2" and Enter: damaged, for the next cards.
    desk.keyboard.type("2")
    desk.keyboard.enter()
    desk.settle(qtbot)
    assert page.reason is ReturnReason.DAMAGED
    assert page.reasons.buttons[ReturnReason.DAMAGED].isChecked()
    desk.keyboard.scan(entries[4].nik)
    desk.settle(qtbot)  # the hand goes from the scanner to the keyboard
    # Alt+4 anywhere on the page: owner moved.
    desk.key(qtbot, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert page.reason is ReturnReason.OWNER_MOVED
    desk.keyboard.scan(entries[5].nik)
    desk.keyboard.type("5")
    desk.keyboard.enter()
    desk.keyboard.scan(entries[6].nik)
    desk.settle(qtbot)
    assert desk.counts() == {
        ReturnReason.UNCLAIMED: 4,
        ReturnReason.DAMAGED: 1,
        ReturnReason.WRONG_KELURAHAN: 0,
        ReturnReason.OWNER_MOVED: 1,
        ReturnReason.OWNER_DECEASED: 1,
    }
    assert "4 kartu" in page.reasons.buttons[ReturnReason.UNCLAIMED].text()
    assert page.reasons.total.value.text() == "7"
    assert [page.model.index(r, 1).data() for r in range(7)] == [e.nik for e in entries[:7]]
    assert page.model.index(4, 4).data() == "Kartu rusak"

    # The same card again: amber, counted once; a card that never came: red until Esc.
    desk.keyboard.scan(entries[0].nik)
    desk.settle(qtbot)
    assert desk.banner.level is Severity.WARNING and page.model.rowCount() == 7
    assert "Del, lalu pindai lagi" in desk.banner.detail_text()  # scanned under another reason
    desk.keyboard.scan(NEVER_CAME)
    desk.settle(qtbot)
    assert desk.banner.level is Severity.ERROR
    assert NEVER_CAME in desk.banner.detail_text()
    desk.key(qtbot, Qt.Key.Key_Escape)
    assert desk.feedback.unacknowledged_error is None

    # A wrong card: scanned, then Del takes it out again.
    desk.keyboard.scan(entries[20].nik)
    desk.settle(qtbot)
    assert page.model.rowCount() == 8 and page.selected_line().card.nik == entries[20].nik
    desk.key(qtbot, Qt.Key.Key_Delete)
    desk.settle(qtbot)
    assert page.model.rowCount() == 7
    assert "Dikeluarkan dari pengembalian" in desk.banner.title_text()
    # Up twice from the last line, Del: the fifth card (damaged) comes out too, then back.
    desk.key(qtbot, Qt.Key.Key_Up)
    desk.key(qtbot, Qt.Key.Key_Up)
    assert page.selected_line().card.nik == entries[4].nik
    desk.key(qtbot, Qt.Key.Key_Delete)
    desk.settle(qtbot)
    assert desk.counts()[ReturnReason.DAMAGED] == 0
    desk.keyboard.type("2")
    desk.keyboard.enter()
    desk.keyboard.scan(entries[4].nik)
    desk.settle(qtbot)
    assert desk.counts()[ReturnReason.DAMAGED] == 1 and page.model.rowCount() == 7

    # F10: the counts in figures and words, then Ctrl+Enter closes and writes the paper.
    desk.key(qtbot, Qt.Key.Key_F10)
    dialog = desk.dialog(qtbot, CloseReturnDialog)
    assert dialog.count_labels[None].text() == "7 (tujuh) keping"
    assert dialog.count_labels[ReturnReason.UNCLAIMED].text() == "4 (empat) keping"
    assert dialog.receiver_name.text() == "Slamet Riyadi"
    desk.key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    desk.settle(qtbot)
    qtbot.waitUntil(lambda: bool(desk.previewed), timeout=10_000)

    (pdf,) = data_dir.documents("berita-acara-pengembalian").glob("*.pdf")
    assert desk.previewed == [pdf]
    assert page.current_return is None and page.empty_hint.isVisible()
    assert desk.banner.level is Severity.OK and "berita acara 474/0001/BA-KEMBALI/" in (
        desk.banner.title_text()
    )
    assert "7 (tujuh) kartu keluar dari stok" in desk.banner.detail_text()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert "BERITA ACARA PENGEMBALIAN KTP-el" in text and "474/55/XI/2026" in text
    assert "7 (tujuh) keping" in text and "4 (empat) keping" in text
    assert text.count("1 (satu) keping") == 3
    for entry in entries[:7]:
        assert entry.nik in text and entry.name.upper() in text
    assert entries[20].nik not in text
    assert "Slamet Riyadi" in text and "19750612 200112 1 003" in text
    assert "Dewi Lestari" in text
    database = desk.context.database
    assert status_of_nik(database, entries[0].nik, today=TODAY).answer is Answer.RETURNED
    assert status_of_nik(database, entries[20].nik, today=TODAY).answer is Answer.WAITING


def test_a_wrong_nip_is_refused_in_the_dialog_and_nothing_is_opened(
    qtbot: QtBot, desk: Desk
) -> None:
    desk.key(qtbot, Qt.Key.Key_F7)
    dialog = desk.dialog(qtbot, ReturnDetailsDialog)
    desk.keyboard.type("474/56/XI/2026")
    desk.keyboard.enter()
    desk.keyboard.enter()
    desk.keyboard.type("1975061220")
    desk.keyboard.enter()
    desk.settle(qtbot)
    assert dialog.isVisible()
    assert "NIP penerima harus 18 angka" in dialog.message.text()
    assert filling.open_returns(desk.context.database) == []
    desk.key(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert desk.page.current_return is None


def test_a_restarted_desk_carries_on_with_the_open_return(
    qtbot: QtBot, qapp: QApplication, build_desk: DeskFactory, desk: Desk
) -> None:
    open_return_by_keyboard(qtbot, desk)
    for entry in desk.entries[:3]:
        desk.keyboard.scan(entry.nik)
    desk.settle(qtbot)
    desk.tasks.shutdown()
    qapp.removeEventFilter(desk.scanner)

    old = desk.context
    again = make_desk(qtbot, build_desk, old.staff, old.office, desk.entries, desk.previewed)
    qtbot.waitUntil(lambda: again.page.current_return is not None, timeout=5_000)
    assert again.page.title.text() == "Pengembalian 474/55/XI/2026"
    assert again.page.model.rowCount() == 3
    again.keyboard.scan(desk.entries[3].nik)
    again.settle(qtbot)
    assert again.page.model.rowCount() == 4


def test_closing_an_empty_return_is_refused_without_a_dialog(qtbot: QtBot, desk: Desk) -> None:
    open_return_by_keyboard(qtbot, desk)
    desk.key(qtbot, Qt.Key.Key_F10)
    desk.settle(qtbot)
    assert desk.page.findChild(CloseReturnDialog) is None
    assert desk.banner.level is Severity.WARNING
    assert "Belum ada kartu" in desk.banner.title_text()


def test_the_lines_model_is_sound(qtbot: QtBot, desk: Desk, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    open_return_by_keyboard(qtbot, desk)
    for entry in desk.entries[:5]:
        desk.keyboard.scan(entry.nik)
    desk.settle(qtbot)
    qtmodeltester.check(desk.page.model)
