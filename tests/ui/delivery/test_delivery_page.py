"""Pengantaran by keyboard and scanner: a run made with F6, outcomes scanned in, the run closed.

Only the clock (Qt's synthetic key events carry no time), the sounds, the print preview and the
yes/no question are stand-ins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from loket.core.delivery import outcomes, runs
from loket.core.handover import lookup
from loket.core.handover.lookup import Answer
from loket.core.office.identity import OfficeInfo
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.documents.delivery.run_sheet import write_run_sheet
from loket.domain.states import DeliveryOutcome, OldCardFate, Relation, Severity
from loket.ui.delivery.dialogs import NewRunDialog
from loket.ui.delivery.page import DeliveryPage
from loket.ui.kit import dialogs, printing
from loket.ui.kit.scanner import ScanEvent, ScanSource
from loket.ui.kit.theme import STYLESHEET
from tests.helpers.cards import CARDS, receive
from tests.helpers.keyboard import HUMAN
from tests.helpers.widget_desk import DeskFactory, WidgetDesk

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

SHOTS = Path("/tmp/shots/delivery")
RT1 = [card for card in CARDS if card[2] == "001"]


@dataclass
class Desk(WidgetDesk):
    page: DeliveryPage
    offered: list[Path] = field(default_factory=list)
    answers: list[bool] = field(default_factory=list)  # to the yes/no questions, in turn
    questions: list[str] = field(default_factory=list)
    window_escapes: int = 0

    @property
    def operator(self) -> StaffMember:
        return self.context.staff

    def scan(self, qtbot: QtBot, code: str) -> None:
        self.keyboard.clock.advance(HUMAN)  # a person picks the next card up first
        self.keyboard.scan(code)
        self.settle(qtbot)

    def key(self, qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier | None = None) -> None:
        """A person's key on whatever has the focus, a little after the last one."""
        self.keyboard.clock.advance(HUMAN)
        target = QApplication.focusWidget() or self.host
        qtbot.keyClick(target, key, modifier or Qt.KeyboardModifier.NoModifier)
        self.settle(qtbot)

    def open_run(self, rts: tuple[str, ...] = ("1",)) -> runs.RunSummary:
        created = runs.create_run(
            self.database,
            self.operator,
            "5",
            "Slamet Riyadi",
            rts,
            data=self.data,
            write=write_run_sheet,
        )
        return created.summary


@pytest.fixture
def desk(
    build_desk: DeskFactory,
    database: Database,
    data_dir: DataDir,
    kaligawe: OfficeInfo,
    operator: StaffMember,
    monkeypatch: pytest.MonkeyPatch,
) -> Desk:
    receive(database, operator, CARDS)
    parts, page = build_desk(operator, kaligawe, DeliveryPage, size=(1366, 760), show=False)
    desk = Desk(**parts.parts(), page=page)
    monkeypatch.setattr(
        printing, "offer_to_print", lambda _context, path, _parent: desk.offered.append(path)
    )

    def answer(_parent: QWidget | None, _title: str, text: str, _yes: str, _no: str) -> bool:
        desk.questions.append(text)
        return desk.answers.pop(0)

    monkeypatch.setattr(dialogs, "confirm", answer)

    def window_escape() -> None:
        desk.window_escapes += 1

    QShortcut(QKeySequence(Qt.Key.Key_Escape), desk.host, activated=window_escape)
    return desk


def show(qtbot: QtBot, desk: Desk) -> None:
    desk.show(qtbot)
    desk.page.focus_scan_field()


def outcome_of(desk: Desk, nik: str) -> outcomes.LineInfo:
    assert desk.page.run is not None
    return next(x for x in outcomes.run_lines(desk.database, desk.page.run.id) if x.card.nik == nik)


# ---------------------------------------------------------------- a new run


def test_f6_makes_a_run_of_the_chosen_rts_and_offers_its_sheet_for_printing(
    qtbot: QtBot, desk: Desk
) -> None:
    show(qtbot, desk)
    assert desk.page.empty_hint.isVisible()
    seen: list[str] = []

    def fill() -> None:
        dialog = desk.page.findChild(NewRunDialog)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(10, fill)
            return
        try:
            dialog.activateWindow()
            qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
            seen.append(type(QApplication.focusWidget()).__name__)
            desk.keyboard.type("5")
            desk.keyboard.enter()
            desk.keyboard.type("1, 3")
            seen.append(dialog.summary.text())
            desk.keyboard.enter()
            desk.keyboard.type("Slamet Riyadi")
            desk.keyboard.clock.advance(HUMAN)
            qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        finally:
            if dialog.isVisible():  # a failure above must not leave the test waiting forever
                dialog.reject()

    QTimer.singleShot(0, fill)
    desk.key(qtbot, Qt.Key.Key_F6)

    assert seen == [
        "QLineEdit",
        "RW 005, RT 001, 003: 27 kartu akan dibawa. Di loket per RT: "
        "RT 001: 14 · RT 002: 13 · RT 003: 13",
    ]
    run = desk.page.run
    assert run is not None and run.area == "RW 005, RT 001, 003" and run.counts.total == 27
    assert desk.banner.level is Severity.OK
    assert desk.banner.title_text() == f"Pengantaran {run.number} dibuat: 27 kartu"
    assert [p.name for p in desk.offered] == [f"daftar-pengantaran-{run.number[-4:]}-0001.pdf"]
    assert desk.offered[0].is_file()
    assert desk.page.lines_model.rowCount() == 27
    assert desk.page.pending.value.text() == "27"
    desk.host.activateWindow()  # the window system does this when the dialog closes
    qtbot.waitUntil(desk.host.isActiveWindow, timeout=5_000)
    assert QApplication.focusWidget() is desk.page.scan_field


def test_new_run_dialog_refuses_a_missing_petugas_and_stays_open(qtbot: QtBot, desk: Desk) -> None:
    show(qtbot, desk)
    dialog = NewRunDialog(desk.page._context, desk.page)
    qtbot.addWidget(dialog)
    dialog.rw.setText("5")
    dialog.create()
    desk.settle(qtbot)
    assert not dialog.error.isHidden() and "Isi nama petugas pengantar" in dialog.error.text()
    assert dialog.created is None and runs.list_runs(desk.database) == []


# ---------------------------------------------------------------- outcomes by keyboard


def test_scan_then_2_and_enter_puts_the_card_back_in_stock_as_not_at_home(
    qtbot: QtBot, desk: Desk
) -> None:
    desk.open_run()
    show(qtbot, desk)
    nik, name = RT1[0][0], RT1[0][1]
    desk.scan(qtbot, nik)
    panel = desk.page.panel
    assert panel.isVisible() and panel.line is not None and panel.line.card.nik == nik
    assert desk.banner.title_text() == f"{name}: apa hasilnya?"
    assert QApplication.focusWidget() is panel

    desk.key(qtbot, Qt.Key.Key_2)
    assert panel.chosen() is DeliveryOutcome.NOT_AT_HOME and not panel.delivered.isVisible()
    desk.key(qtbot, Qt.Key.Key_Return)

    assert not panel.isVisible()
    assert outcome_of(desk, nik).outcome is DeliveryOutcome.NOT_AT_HOME
    assert lookup.status_of_nik(desk.database, nik).answer is Answer.WAITING
    assert desk.banner.level is Severity.OK
    assert desk.banner.title_text() == f"Kartu {name}: tidak di rumah. Kartu kembali ke stok loket."
    assert (desk.page.not_delivered.value.text(), desk.page.pending.value.text()) == ("1", "13")
    row = desk.page.lines_table.selectionModel().selectedRows()[0].row()
    assert desk.page.lines_model.at(row) == outcome_of(desk, nik)
    assert QApplication.focusWidget() is desk.page.scan_field


def test_delivered_to_the_mother_is_typed_in_and_its_receipt_is_filed(
    qtbot: QtBot, desk: Desk
) -> None:
    desk.open_run()
    show(qtbot, desk)
    nik, name = RT1[1][0], RT1[1][1]
    desk.scan(qtbot, nik)
    panel = desk.page.panel
    desk.key(qtbot, Qt.Key.Key_1)
    assert panel.delivered.isVisible() and QApplication.focusWidget() is panel.relation
    assert panel.recipient.text() == name  # the owner, until another relation is chosen
    desk.key(qtbot, Qt.Key.Key_Down)
    desk.key(qtbot, Qt.Key.Key_Down)
    assert panel.relation.currentData() is Relation.PARENT and panel.recipient.text() == ""
    desk.key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.recipient
    desk.keyboard.type("Sumarni")
    desk.key(qtbot, Qt.Key.Key_Return)

    line = outcome_of(desk, nik)
    assert line.outcome is DeliveryOutcome.DELIVERED and line.recipient_name == "Sumarni"
    status = lookup.status_of_nik(desk.database, nik)
    assert status.answer is Answer.HANDED_OVER and status.handover is not None
    slip = desk.data.documents("receipts") / f"tanda-terima-{line.receipt_number}.pdf"
    assert slip.is_file()
    assert desk.banner.title_text() == (
        f"Kartu {name} diterima oleh Sumarni (orang tua), tanda terima {line.receipt_number}."
    )
    assert str(slip) in desk.banner.detail_text()
    assert desk.page.delivered.value.text() == "1"


def test_delivered_to_someone_unnamed_is_refused_in_the_panel(qtbot: QtBot, desk: Desk) -> None:
    desk.open_run()
    show(qtbot, desk)
    nik = RT1[2][0]
    desk.scan(qtbot, nik)
    panel = desk.page.panel
    desk.key(qtbot, Qt.Key.Key_1)
    panel.relation.setCurrentIndex(panel.relation.findData(Relation.SPOUSE))
    desk.key(qtbot, Qt.Key.Key_Return)
    assert panel.isVisible() and "Isi nama penerima" in panel.message.text()
    assert desk.banner.level is Severity.WARNING
    assert outcome_of(desk, nik).outcome is None


def test_enter_without_an_outcome_asks_for_one(qtbot: QtBot, desk: Desk) -> None:
    desk.open_run()
    show(qtbot, desk)
    desk.scan(qtbot, RT1[3][0])
    desk.key(qtbot, Qt.Key.Key_Return)
    assert desk.page.panel.isVisible()
    assert "tekan 1, 2, 3 atau 4" in desk.page.panel.message.text()
    assert outcome_of(desk, RT1[3][0]).outcome is None


def test_esc_drops_the_card_unsaved_and_not_the_windows_esc(qtbot: QtBot, desk: Desk) -> None:
    desk.open_run()
    show(qtbot, desk)
    nik = RT1[4][0]
    desk.scan(qtbot, nik)
    desk.key(qtbot, Qt.Key.Key_3)
    desk.key(qtbot, Qt.Key.Key_Escape)
    assert not desk.page.panel.isVisible() and desk.window_escapes == 0
    assert outcome_of(desk, nik).outcome is None
    assert QApplication.focusWidget() is desk.page.scan_field
    desk.key(qtbot, Qt.Key.Key_Escape)
    assert desk.window_escapes == 1  # nothing on the page to cancel: the window's Esc


def test_scans_that_are_not_on_the_run_are_answered_and_change_nothing(
    qtbot: QtBot, desk: Desk
) -> None:
    desk.open_run()
    show(qtbot, desk)
    rt2 = next(card for card in CARDS if card[2] == "002")
    desk.scan(qtbot, rt2[0])
    assert desk.banner.level is Severity.ERROR
    assert desk.banner.title_text() == "Tidak ada di pengantaran ini"
    assert "tidak ikut dalam pengantaran ini" in desk.banner.detail_text()
    assert not desk.page.panel.isVisible()
    desk.scan(qtbot, "33740412345")
    assert desk.banner.title_text() == "Kode tidak terbaca"
    desk.keyboard.type(" ".join([RT1[5][0][:6], RT1[5][0][6:12], RT1[5][0][12:]]))
    desk.keyboard.enter()
    desk.settle(qtbot)
    assert desk.page.panel.isVisible() and desk.page.panel.line is not None
    assert desk.page.panel.line.card.nik == RT1[5][0]


def test_a_second_scan_before_enter_says_the_first_card_was_not_saved(
    qtbot: QtBot, desk: Desk
) -> None:
    desk.open_run()
    show(qtbot, desk)
    first, second = RT1[6], RT1[7]
    desk.scan(qtbot, first[0])
    desk.key(qtbot, Qt.Key.Key_2)
    desk.scan(qtbot, second[0])  # its digits reach the panel too: nothing may be saved
    assert desk.page.panel.line is not None and desk.page.panel.line.card.nik == second[0]
    assert desk.banner.pinned_visible
    assert f"Hasil kartu {first[1]} belum disimpan" in desk.banner.pinned_text()
    assert outcome_of(desk, first[0]).outcome is None
    assert outcome_of(desk, second[0]).outcome is None
    assert desk.page.panel.chosen() is None


def test_a_card_recorded_already_is_answered_amber(qtbot: QtBot, desk: Desk) -> None:
    run = desk.open_run()
    nik = RT1[8][0]
    outcomes.record_outcome(
        desk.database, desk.operator, run.id, nik, outcomes.OutcomeRequest(DeliveryOutcome.MOVED)
    )
    show(qtbot, desk)
    desk.scan(qtbot, nik)
    assert desk.banner.level is Severity.WARNING and desk.banner.title_text() == "Sudah dicatat"
    assert "Hasilnya sudah dicatat dan tidak diubah" in desk.banner.detail_text()
    assert not desk.page.panel.isVisible()


# ---------------------------------------------------------------- closing and the models


def test_f10_closes_after_asking_and_sends_unrecorded_cards_back(qtbot: QtBot, desk: Desk) -> None:
    run = desk.open_run()
    show(qtbot, desk)
    desk.scan(qtbot, RT1[0][0])
    desk.key(qtbot, Qt.Key.Key_4)
    desk.key(qtbot, Qt.Key.Key_Return)
    desk.answers = [False, True]
    desk.key(qtbot, Qt.Key.Key_F10)
    assert runs.run_summary(desk.database, run.id).is_open
    desk.key(qtbot, Qt.Key.Key_F10)
    assert "Masih ada 13 kartu yang belum dicatat hasilnya" in desk.questions[-1]
    closed = runs.run_summary(desk.database, run.id)
    assert not closed.is_open and closed.counts == runs.RunCounts(14, 0, 14, 0)
    assert desk.banner.title_text() == f"Pengantaran {run.number} ditutup"
    assert not desk.page.close_button.isEnabled() and not desk.page.scan_field.isEnabled()
    desk.page.handle_scan(ScanEvent(RT1[1][0], ScanSource.SCANNER))  # a scan caught elsewhere
    assert desk.banner.level is Severity.ERROR
    assert desk.banner.title_text() == "Belum ada pengantaran terbuka yang dipilih"


def test_f8_offers_the_saved_sheet_again(qtbot: QtBot, desk: Desk) -> None:
    desk.open_run()
    show(qtbot, desk)
    desk.key(qtbot, Qt.Key.Key_F8)
    assert len(desk.offered) == 1 and desk.offered[0].parent == desk.data.documents(
        "daftar-pengantaran"
    )


def test_models_pass_the_model_tester_and_the_page_is_drawn(
    qtbot: QtBot, desk: Desk, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    run = desk.open_run(("1", "2", "3"))
    delivered = outcomes.OutcomeRequest(
        DeliveryOutcome.DELIVERED,
        recipient_name="Sumarni",
        relation=Relation.PARENT,
        old_card=OldCardFate.SURRENDERED,
    )
    for card, request in zip(
        CARDS[:4],
        [
            delivered,
            outcomes.OutcomeRequest(DeliveryOutcome.NOT_AT_HOME),
            outcomes.OutcomeRequest(DeliveryOutcome.MOVED, note="pindah ke Demak"),
            outcomes.OutcomeRequest(
                DeliveryOutcome.DELIVERED,
                relation=Relation.OWNER,
                old_card=OldCardFate.NONE,
            ),
        ],
        strict=True,
    ):
        outcomes.record_outcome(desk.database, desk.operator, run.id, card[0], request)
    show(qtbot, desk)
    qtmodeltester.check(desk.page.runs_model)
    qtmodeltester.check(desk.page.lines_model)
    desk.scan(qtbot, CARDS[6][0])
    desk.key(qtbot, Qt.Key.Key_1)
    assert desk.page.lines_model.rowCount() == 40
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet(), app.font()
    app.setStyleSheet(STYLESHEET)  # as the program looks, for the picture only
    app.setFont(QFont(app.font().family(), 11))
    try:
        desk.host.resize(1366, 660)  # a 1366x768 screen less the window's bars
        QApplication.processEvents()
        SHOTS.mkdir(parents=True, exist_ok=True)
        assert desk.host.grab().save(str(SHOTS / "delivery-page.png"))
        desk.key(qtbot, Qt.Key.Key_Escape)
        assert desk.page.runs_table.isVisible() and not desk.page.panel.isVisible()
        assert desk.host.grab().save(str(SHOTS / "delivery-page-runs.png"))
    finally:
        app.setStyleSheet(before[0])
        app.setFont(before[1])
