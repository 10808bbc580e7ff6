"""The open stock page follows what the office's other desk does, within a few seconds, and
leaves the rows a clerk has picked where they are until the pick is let go."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from loket.core.intake import batches, scanning
from loket.core.manifest.reader import read_manifest
from loket.domain.states import CardState
from loket.ui.stock.page import StockPage
from tests.helpers.two_desks import TwoDesks

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

SEEN_WITHIN_MS = 6_000
NOT_LISTED = "3374044107900002"


def open_page(desks: TwoDesks, qtbot: QtBot, samples: Path) -> tuple[StockPage, int, list[str]]:
    report = read_manifest(samples / "manifest_kaligawe_clean.csv")
    batch = batches.open_batch(
        desks.there, desks.colleague, "470/112/XI/2026", dt.date(2026, 11, 25), "", report
    )
    desk, page = desks.build(desks.operator, desks.office, StockPage, scanner_on=False)
    desk.settle(qtbot)
    assert page.count_label.text() == "56 kartu"
    return page, batch.id, [entry.nik for entry in report.entries]


def in_stock_filter(page: StockPage, qtbot: QtBot) -> None:
    page.state_combo.setCurrentIndex(page.state_combo.findData(CardState.IN_STOCK))
    qtbot.waitUntil(lambda: page.count_label.text() == "0 kartu", timeout=10_000)


def test_cards_the_other_desk_receives_are_counted_on_the_open_page_within_seconds(
    two_desks: TwoDesks, qtbot: QtBot, samples: Path
) -> None:
    page, batch_id, listed = open_page(two_desks, qtbot, samples)
    in_stock_filter(page, qtbot)

    for nik in (*listed[:2], NOT_LISTED):
        scanning.receive_scan(two_desks.there, two_desks.colleague, batch_id, nik)

    qtbot.waitUntil(lambda: page.count_label.text() == "3 kartu", timeout=SEEN_WITHIN_MS)
    assert sorted(page.model.index(row, 0).data() for row in range(3)) == sorted(
        (*listed[:2], NOT_LISTED)
    )


def test_rows_picked_stay_put_until_the_pick_is_let_go(
    two_desks: TwoDesks, qtbot: QtBot, samples: Path
) -> None:
    page, batch_id, listed = open_page(two_desks, qtbot, samples)
    page.table.selectRow(3)  # a card picked for its label
    picked = page.model.index(3, 0).data()

    scanning.receive_scan(two_desks.there, two_desks.colleague, batch_id, NOT_LISTED)
    qtbot.wait(3_000)  # a look and a half: the page must not have moved the pick

    assert page.count_label.text() == "56 kartu"
    assert page.selected_rows() == [3] and page.model.index(3, 0).data() == picked
    page.table.clearSelection()
    qtbot.waitUntil(lambda: page.count_label.text() == "57 kartu", timeout=SEEN_WITHIN_MS)
    assert listed[0] == page.model.index(0, 0).data()
