"""An open intake page follows the other desk of the office: its counts, the cards it received,
the batch it closed; and a desk alone on its own file reads nothing behind the clerk's back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from loket.core.intake import batches, closing, scanning
from loket.core.manifest.reader import read_manifest
from loket.datadir import DataDir
from loket.db.engine import Database
from loket.documents.intake.berita_acara import write_batch_receipt_minutes
from loket.domain.states import CardState
from loket.ui.intake.page import IntakePage
from loket.ui.kit import following
from tests.helpers.two_desks import TwoDesks
from tests.helpers.widget_desk import WidgetDesk

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

#: "Within a few seconds": the page looks every two.
SEEN_WITHIN_MS = 6_000
NOT_LISTED = "3374044107900002"


def counts(page: IntakePage) -> tuple[int, int, int, int]:
    return tuple(  # type: ignore[return-value]
        int(tile.value.text().split()[0])
        for tile in (page.expected, page.received, page.missing, page.extra)
    )


def open_page(
    desks: TwoDesks, qtbot: QtBot, samples: Path
) -> tuple[WidgetDesk, IntakePage, list[str]]:
    report = read_manifest(samples / "manifest_kaligawe_clean.csv")
    batch = batches.open_batch(
        desks.there, desks.colleague, "470/112/XI/2026", dt.date(2026, 11, 25), "", report
    )
    desk, page = desks.build(desks.operator, desks.office, IntakePage)
    page.load_batch(batch.id)
    qtbot.waitUntil(lambda: page.batch is not None and not page.loading, timeout=10_000)
    return desk, page, [entry.nik for entry in report.entries]


def test_cards_the_other_desk_receives_show_in_the_counts_and_rows_within_seconds(
    two_desks: TwoDesks, qtbot: QtBot, samples: Path
) -> None:
    _desk, page, listed = open_page(two_desks, qtbot, samples)
    assert counts(page) == (56, 0, 56, 0)
    batch_id = page.batch.id  # type: ignore[union-attr]

    for nik in (*listed[:3], NOT_LISTED):  # the other desk scans the same batch
        scanning.receive_scan(two_desks.there, two_desks.colleague, batch_id, nik)

    qtbot.waitUntil(lambda: counts(page) == (56, 3, 53, 1), timeout=SEEN_WITHIN_MS)
    shown = {card.nik: card.state for card in page.model.rows}
    assert [shown[nik] for nik in listed[:4]] == [CardState.IN_STOCK] * 3 + [CardState.EXPECTED]
    assert shown[NOT_LISTED] is CardState.IN_STOCK  # a row added for the card not on the list


def test_a_batch_the_other_desk_closes_is_said_and_left(
    two_desks: TwoDesks, qtbot: QtBot, samples: Path, tmp_path: Path
) -> None:
    desk, page, _listed = open_page(two_desks, qtbot, samples)
    batch_id = page.batch.id  # type: ignore[union-attr]
    closing.close_batch(
        two_desks.there,
        two_desks.colleague,
        batch_id,
        DataDir(tmp_path / "loket-2"),
        write_batch_receipt_minutes,
    )

    qtbot.waitUntil(lambda: page.batch is None, timeout=SEEN_WITHIN_MS)
    assert desk.banner.title_text() == "Kiriman 470/112/XI/2026 sudah ditutup di loket lain"
    assert page.empty_hint.isVisibleTo(page)  # no batch open: F6 for a new one


def test_a_desk_alone_on_its_own_file_reads_nothing_while_the_page_is_open(
    build_desk, database: Database, kaligawe, operator, samples: Path, qtbot: QtBot, monkeypatch
) -> None:
    monkeypatch.setattr(following, "FOLLOW_INTERVAL_MS", 50)
    report = read_manifest(samples / "manifest_kaligawe_clean.csv")
    batch = batches.open_batch(
        database, operator, "470/112/XI/2026", dt.date(2026, 11, 25), "", report
    )
    _desk, page = build_desk(operator, kaligawe, IntakePage)
    page.load_batch(batch.id)
    qtbot.waitUntil(lambda: page.batch is not None and not page.loading, timeout=10_000)
    began: list[str] = []
    original = Database.transaction
    monkeypatch.setattr(
        Database, "transaction", lambda self: began.append("read") or original(self)
    )

    qtbot.wait(500)  # ten looks' worth, had it looked

    assert not page._follower.active
    assert began == []
