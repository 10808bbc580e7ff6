"""The stock page on a real batch: filters, scan to search, sorting, export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from loket.core.intake import batches, scanning
from loket.core.manifest.reader import read_manifest
from loket.core.office.identity import OfficeInfo
from loket.core.staff.members import StaffMember
from loket.core.stock.queries import StockColumn
from loket.db.engine import Database
from loket.db.models import Card
from loket.domain.states import CardState, Severity
from loket.ui.kit import printing
from loket.ui.kit.feedback import Banner
from loket.ui.kit.printing import PrintResult, PrintStatus
from loket.ui.kit.scanner import ScanEvent, ScanSource
from loket.ui.stock.page import StockPage
from tests.helpers.widget_desk import DeskFactory, WidgetDesk

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

FAJAR = "3374042606528310"  # FAJAR MAULANA, row 2 of manifest_kaligawe_clean.csv


@pytest.fixture
def desk(
    build_desk: DeskFactory,
    database: Database,
    kaligawe: OfficeInfo,
    operator: StaffMember,
    samples: Path,
) -> tuple[WidgetDesk, StockPage]:
    report = read_manifest(samples / "manifest_kaligawe_clean.csv")
    batch = batches.open_batch(
        database, operator, "470/112/XI/2026", dt.date(2026, 11, 25), "Rahmat Hidayat", report
    )
    scanning.receive_scan(database, operator, batch.id, FAJAR)
    return build_desk(operator, kaligawe, StockPage, scanner_on=False)


@pytest.fixture
def settle(qtbot: QtBot, desk: tuple[WidgetDesk, StockPage]) -> Callable[[], None]:
    """Waits until the page's queries on the worker have answered."""
    return lambda: desk[0].settle(qtbot)


@pytest.fixture
def page(desk: tuple[WidgetDesk, StockPage], settle: Callable[[], None]) -> StockPage:
    settle()
    return desk[1]


@pytest.fixture
def banner(desk: tuple[WidgetDesk, StockPage]) -> Banner:
    return desk[0].banner


def test_every_card_is_listed_and_the_model_is_sound(page: StockPage, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    assert page.model.rowCount() == 56
    assert page.count_label.text() == "56 kartu"
    assert page.batch_combo.findText("470/112/XI/2026") >= 0
    qtmodeltester.check(page.model)


def test_the_stock_opens_in_the_order_cards_came_in(page: StockPage) -> None:
    assert page.model.stock_sort.column is StockColumn.ID
    assert page.model.index(0, 0).data() == FAJAR  # first row of the Kaligawe manifest


def test_state_filter_shows_the_card_in_stock(page: StockPage, settle) -> None:  # type: ignore[no-untyped-def]
    page.state_combo.setCurrentIndex(page.state_combo.findData(CardState.IN_STOCK))
    settle()
    assert page.model.rowCount() == 1
    assert page.model.index(0, 1).data() == "FAJAR MAULANA"
    assert page.model.index(0, 4).data() == "470/112/XI/2026"


def test_typing_searches_after_a_pause(qtbot: QtBot, page: StockPage) -> None:
    qtbot.keyClicks(page.search_field, "fajar maul")
    assert page.model.rowCount() == 56  # not yet: the operator may still be typing
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2_000)


def test_a_scanned_card_is_put_in_the_search_box(page: StockPage, settle) -> None:  # type: ignore[no-untyped-def]
    page.handle_scan(ScanEvent(FAJAR, ScanSource.SCANNER))
    settle()
    assert page.search_field.text() == FAJAR
    assert page.model.rowCount() == 1
    assert QApplication.focusWidget() is page.search_field


def test_sorting_by_name_reorders_rows(page: StockPage, settle) -> None:  # type: ignore[no-untyped-def]
    page.model.sort(1, Qt.SortOrder.AscendingOrder)
    settle()
    first = page.model.index(0, 1).data()
    page.model.sort(1, Qt.SortOrder.DescendingOrder)
    settle()
    assert page.model.index(0, 1).data() != first
    assert page.model.rowCount() == 56


def test_export_writes_nik_as_text(qtbot: QtBot, page: StockPage, tmp_path: Path) -> None:
    page.state_combo.setCurrentIndex(page.state_combo.findData(CardState.IN_STOCK))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    target = tmp_path / "stok.xlsx"
    page.export_to(target)
    qtbot.waitUntil(lambda: page.last_export == target, timeout=10_000)
    sheet = load_workbook(target).active
    assert sheet["A3"].value == FAJAR
    assert sheet["A3"].number_format == "@"
    assert sheet["F3"].value == "Ada di loket"


@pytest.fixture
def previewed(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    shown: list[Path] = []

    def preview(_parent: QWidget, path: Path, _printer: str, *_tasks: object) -> PrintResult:
        shown.append(path)
        return PrintResult(PrintStatus.PRINTED, "")

    monkeypatch.setattr(printing, "preview_and_print", preview)
    return shown


def test_the_call_list_follows_the_waiting_filter_and_opens_the_print_preview(
    qtbot: QtBot, page: StockPage, banner: Banner, database: Database, previewed: list[Path]
) -> None:
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=45)  # 20-odd working days
    with database.transaction() as session:
        session.execute(update(Card).where(Card.nik == FAJAR).values(received_at=long_ago))
    page.waiting_spin.setValue(10)
    page.apply_filter()
    qtbot.waitUntil(lambda: page.count_label.text() == "1 kartu")
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    qtbot.keyClick(page.search_field, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: bool(previewed), timeout=10_000)
    [pdf] = previewed
    assert pdf.parent.name == "daftar-panggilan"
    text = PdfReader(pdf).pages[0].extract_text()
    assert "FAJAR MAULANA" in text and "RW 001 / RT 009 — 1 kartu" in text
    assert "lebih dari 10 hari kerja" in text
    assert banner.level is Severity.OK
    assert "1 kartu di 1 RW (1 RT)" in banner.title_text()


def test_without_a_waiting_filter_the_days_are_asked_and_nothing_waiting_is_said(
    qtbot: QtBot,
    page: StockPage,
    banner: Banner,
    previewed: list[Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers: list[int | None] = [None, 0]
    monkeypatch.setattr(page, "ask_waiting_days", lambda: answers.pop(0))
    page.print_call_list()  # cancelled: nothing happens
    assert banner.level is None
    page.print_call_list()  # 0 days: the card came in today, so it is not waiting yet
    qtbot.waitUntil(lambda: banner.level is not None, timeout=10_000)
    assert banner.level is Severity.WARNING
    assert "Tidak ada kartu yang menunggu lebih dari 0 hari kerja" in banner.detail_text()
    assert previewed == []


def test_at_the_office_counts_what_the_laporan_harian_counts(
    desk: tuple[WidgetDesk, StockPage],
    settle: Callable[[], None],
    operator: StaffMember,
    kaligawe: OfficeInfo,
) -> None:
    from loket.core.reports import daily
    from loket.domain.states import HELD_STATES

    widget_desk, page = desk
    database = widget_desk.database
    (batch,) = batches.open_batches(database)
    aside = scanning.receive_scan(database, operator, batch.id, "3374046804070001").card
    assert aside is not None
    scanning.set_aside(database, operator, aside.id)  # held for the kecamatan, in the stock
    page.state_combo.setCurrentIndex(page.state_combo.findText("Di kantor (persediaan laporan)"))
    settle()
    assert page.current_filter().states == frozenset(HELD_STATES)
    assert page.count_label.text() == "2 kartu"
    assert aside.received_at is not None
    today = aside.received_at.astimezone(kaligawe.zone).date()
    assert daily.daily_report(database, today).stock.end == 2
