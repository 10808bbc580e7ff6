"""The berita acara pemusnahan dialog, opened with F4 from the Laporan page.

Handovers are made through the real use case and moved to chosen days before today; only the
print preview is stood in for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from loket.core.clock import utc_now
from loket.core.handover import confirming
from loket.core.handover.rules import HandoverRequest
from loket.core.intake import batches, scanning
from loket.core.manifest.model import ManifestEntry
from loket.core.manifest.reader import read_manifest
from loket.core.office.identity import OfficeInfo
from loket.core.staff.members import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import Card, Handover
from loket.domain.states import DocumentChecked, OldCardFate, Relation, Severity
from loket.ui.kit import printing
from loket.ui.kit.printing import PrintResult, PrintStatus
from loket.ui.reports.destruction_dialog import DestructionDialog, default_period
from loket.ui.reports.page import ReportsPage
from tests.helpers.widget_desk import DeskFactory, WidgetDesk

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@dataclass
class Desk(WidgetDesk):
    page: ReportsPage
    entries: tuple[ManifestEntry, ...]
    today: dt.date
    previewed: list[Path]

    def open_dialog(self, qtbot: QtBot) -> DestructionDialog:
        self.page.focus_first_field()
        qtbot.keyClick(QApplication.focusWidget() or self.page, Qt.Key.Key_F4)
        dialog = self.page.findChild(DestructionDialog)
        assert dialog is not None
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        self.settle(qtbot)
        return dialog

    def choose(self, qtbot: QtBot, dialog: DestructionDialog, start: dt.date, end: dt.date) -> None:
        dialog.start_edit.setDate(QDate(start.year, start.month, start.day))
        dialog.end_edit.setDate(QDate(end.year, end.month, end.day))
        self.settle(qtbot)


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
    today = utc_now().astimezone(kaligawe.zone).date()
    report = read_manifest(samples / "manifest_kaligawe_clean.csv", today=today)
    letter_date = today - dt.timedelta(days=2)  # the PC and the office may be a day apart
    batch = batches.open_batch(database, operator, "470/112/XI/2026", letter_date, "", report)
    fates = [
        (OldCardFate.SURRENDERED, 10),  # days before today
        (OldCardFate.DAMAGED, 9),
        (OldCardFate.LOST, 9),
        (OldCardFate.SURRENDERED, 8),
        (OldCardFate.NONE, 8),
        (OldCardFate.SURRENDERED, 40),
    ]
    for entry, (fate, days_ago) in zip(report.entries, fates, strict=False):
        outcome = scanning.receive_scan(database, operator, batch.id, entry.nik)
        assert outcome.card is not None
        info = confirming.confirm(
            database,
            operator,
            HandoverRequest(
                card_id=outcome.card.id,
                relation=Relation.OWNER,
                documents=frozenset({DocumentChecked.RECORDING_SLIP}),
                old_card=fate,
                police_letter_number="B/77/XI/2026" if fate is OldCardFate.LOST else "",
            ),
        )
        moment = dt.datetime.combine(
            today - dt.timedelta(days=days_ago), dt.time(10), kaligawe.zone
        )
        with database.transaction() as session:
            session.get_one(Handover, info.id).handed_over_at = moment.astimezone(dt.UTC)
    previewed: list[Path] = []

    def preview(parent, path: Path, printer: str, *_tasks: object) -> PrintResult:
        previewed.append(path)
        return PrintResult(PrintStatus.CANCELLED, "")

    monkeypatch.setattr(printing, "preview_and_print", preview)
    parts, page = build_desk(operator, kaligawe, ReportsPage, size=(1366, 768), scanner_on=False)
    made = Desk(
        **parts.parts(), page=page, entries=report.entries, today=today, previewed=previewed
    )
    made.settle(qtbot)
    return made


def test_the_button_shows_its_key_on_the_laporan_page(desk: Desk) -> None:
    assert desk.page.destruction_button.text().startswith("F4  ")
    assert "pemusnahan" in desk.page.destruction_button.text()


def test_the_preview_counts_old_cards_handed_in_over_the_chosen_days(
    qtbot: QtBot, desk: Desk, qtmodeltester
) -> None:
    dialog = desk.open_dialog(qtbot)
    desk.choose(qtbot, dialog, desk.today - dt.timedelta(days=12), desk.today)
    assert dialog.model.rowCount() == 3  # the lost card and the first card are not there
    names = [dialog.model.index(row, 2).data() for row in range(3)]
    assert names == [desk.entries[0].name, desk.entries[1].name, desk.entries[3].name]
    assert dialog.model.index(1, 5).data() == "rusak"
    assert dialog.model.index(0, 3).data() == f"{desk.entries[0].address}, RT 009/RW 001"
    assert "3 (tiga) keping KTP lama" in dialog.summary.text()
    assert "2 utuh, 1 rusak" in dialog.summary.text()
    assert dialog.create_button.isEnabled() and not dialog.note.isVisible()
    qtmodeltester.check(dialog.model)


def test_days_without_an_old_card_cannot_be_made_and_backwards_days_are_refused(
    qtbot: QtBot, desk: Desk, data_dir: DataDir
) -> None:
    dialog = desk.open_dialog(qtbot)
    desk.choose(qtbot, dialog, desk.today - dt.timedelta(days=7), desk.today)
    assert dialog.model.rowCount() == 0 and "Tidak ada KTP lama" in dialog.summary.text()
    assert not dialog.create_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    desk.settle(qtbot)
    assert dialog.isVisible() and not data_dir.documents("berita-acara-pemusnahan").exists()
    desk.choose(qtbot, dialog, desk.today, desk.today - dt.timedelta(days=3))
    assert "Tukar kedua tanggalnya" in dialog.message.text()
    assert not dialog.create_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_ctrl_enter_makes_the_paper_offers_it_to_print_and_a_second_time_names_the_first(
    qtbot: QtBot, desk: Desk, data_dir: DataDir
) -> None:
    start = desk.today - dt.timedelta(days=12)
    dialog = desk.open_dialog(qtbot)
    desk.choose(qtbot, dialog, start, desk.today)
    dialog.witness_1.setFocus()
    qtbot.keyClicks(dialog.witness_1, "Agus Salim")
    qtbot.keyClicks(dialog.witness_titles[0], "Ketua RW 005")
    qtbot.keyClicks(dialog.witness_nips[1], "19700304 199503 2 001")
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    desk.settle(qtbot)
    (pdf,) = data_dir.documents("berita-acara-pemusnahan").glob("*.pdf")
    assert desk.previewed == [pdf]
    assert desk.banner.level is Severity.OK
    assert "Berita acara pemusnahan 474/0001/BA-MUSNAH/" in desk.banner.title_text()
    assert "3 (tiga) keping KTP lama" in desk.banner.detail_text()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    for entry in (desk.entries[0], desk.entries[1], desk.entries[3]):
        assert entry.name.upper() in text and entry.address in text
    assert "Agus Salim Jabatan: Ketua RW 005" in text
    assert "NIP. 19700304 199503 2 001" in text  # the second witness, named by hand
    assert "3 (tiga) keping" in text and "Agus Salim" in text
    assert desk.page.model.rowCount() == 1  # the register on the page lists the new paper
    first_number = desk.page.model.index(0, 1).data()
    assert first_number.startswith("474/0001/BA-MUSNAH/")

    again = desk.open_dialog(qtbot)
    desk.choose(qtbot, again, start, desk.today)
    assert again.note.isVisible() and first_number in again.note.text()
    assert again.create_button.isEnabled()  # allowed, with the warning read first


def test_nothing_changes_on_disk_when_the_dialog_is_cancelled(
    qtbot: QtBot, desk: Desk, database: Database, data_dir: DataDir
) -> None:
    dialog = desk.open_dialog(qtbot)
    desk.choose(qtbot, dialog, desk.today - dt.timedelta(days=12), desk.today)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    desk.settle(qtbot)
    assert not data_dir.documents("berita-acara-pemusnahan").exists()
    with database.transaction() as session:
        assert len(session.scalars(select(Card)).all()) == 56


def test_the_dialog_offers_last_month_early_in_a_month_and_this_month_later() -> None:
    assert default_period(dt.date(2026, 12, 3)) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert default_period(dt.date(2026, 1, 7)) == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    assert default_period(dt.date(2026, 11, 28)) == (dt.date(2026, 11, 1), dt.date(2026, 11, 28))
