"""The stock page on a real batch: filters, scan to search, sorting, export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from loket.core import intake
from loket.core.manifest import read_manifest
from loket.core.office import OfficeInfo
from loket.core.staff import StaffMember
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.db.models import CardState
from loket.ui.context import DeskContext
from loket.ui.feedback import Banner, Feedback
from loket.ui.scanner import ScanEvent, ScanSource
from loket.ui.sound import SoundPlayer
from loket.ui.stock_page import StockPage
from loket.ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

FAJAR = "3374042606528310"  # FAJAR MAULANA, row 2 of manifest_kaligawe_clean.csv


@pytest.fixture
def page(
    qtbot: QtBot,
    database: Database,
    data_dir: DataDir,
    kaligawe: OfficeInfo,
    operator: StaffMember,
    samples: Path,
) -> Iterator[StockPage]:
    report = read_manifest(samples / "manifest_kaligawe_clean.csv")
    batch = intake.open_batch(
        database, operator, "470/112/XI/2026", dt.date(2026, 11, 25), "Rahmat Hidayat", report
    )
    intake.receive_scan(database, operator, batch.id, FAJAR)
    banner = Banner()
    tasks = TaskRunner()
    context = DeskContext(
        database, data_dir, operator, kaligawe, tasks, Feedback(banner, SoundPlayer(muted=True))
    )
    widget = StockPage(context)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    tasks.shutdown()


def test_every_card_is_listed_and_the_model_is_sound(page: StockPage, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    assert page.model.rowCount() == 56
    assert page.count_label.text() == "56 kartu"
    assert page.batch_combo.findText("470/112/XI/2026") >= 0
    qtmodeltester.check(page.model)


def test_state_filter_shows_the_card_in_stock(page: StockPage) -> None:
    page.state_combo.setCurrentIndex(page.state_combo.findData(CardState.IN_STOCK))
    assert page.model.rowCount() == 1
    assert page.model.index(0, 1).data() == "FAJAR MAULANA"
    assert page.model.index(0, 4).data() == "470/112/XI/2026"


def test_typing_searches_after_a_pause(qtbot: QtBot, page: StockPage) -> None:
    qtbot.keyClicks(page.search_field, "fajar maul")
    assert page.model.rowCount() == 56  # not yet: the operator may still be typing
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2_000)


def test_a_scanned_card_is_put_in_the_search_box(page: StockPage) -> None:
    page.handle_scan(ScanEvent(FAJAR, ScanSource.SCANNER))
    assert page.search_field.text() == FAJAR
    assert page.model.rowCount() == 1
    assert QApplication.focusWidget() is page.search_field


def test_sorting_by_name_reorders_rows(page: StockPage) -> None:
    page.model.sort(1, Qt.SortOrder.AscendingOrder)
    first = page.model.index(0, 1).data()
    page.model.sort(1, Qt.SortOrder.DescendingOrder)
    assert page.model.index(0, 1).data() != first
    assert page.model.rowCount() == 56


def test_export_writes_nik_as_text(qtbot: QtBot, page: StockPage, tmp_path: Path) -> None:
    page.state_combo.setCurrentIndex(page.state_combo.findData(CardState.IN_STOCK))
    target = tmp_path / "stok.xlsx"
    page.export_to(target)
    qtbot.waitUntil(lambda: page.last_export == target, timeout=10_000)
    sheet = load_workbook(target).active
    assert sheet["A3"].value == FAJAR
    assert sheet["A3"].number_format == "@"
    assert sheet["F3"].value == "Ada di loket"
