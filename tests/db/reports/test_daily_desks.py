"""The laporan harian of a day when two desks worked counts per desk and per officer; a day of
one desk keeps the report as a single-desk office has always had it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from loket.core import clock
from loket.core.handover import confirming, voiding
from loket.core.intake import batches, scanning
from loket.core.manifest.reader import read_manifest
from loket.core.office.identity import OfficeInfo
from loket.core.reports import daily
from loket.core.reports.paper import DeskTotal
from loket.core.staff import accounts
from loket.core.staff.members import StaffMember
from loket.db.engine import Database
from loket.documents.reports.daily_report import write_daily_report
from loket.documents.reports.xlsx_export import export_daily_xlsx
from loket.domain.states import Role
from tests.helpers.desks import owner_collects, two_desks

WIB = ZoneInfo("Asia/Jakarta")
DAY = dt.date(2026, 11, 27)


class Clock:
    """The program's clock, moved on by the test: 09.00 WIB on DAY, a minute per step."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 27, 9, 0, tzinfo=WIB).astimezone(dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=1)
        return self.now


@pytest.fixture
def office_day(monkeypatch: pytest.MonkeyPatch) -> Clock:
    ticking = Clock()
    monkeypatch.setattr(clock, "_system_clock", ticking)
    return ticking


@pytest.fixture
def desks(database: Database) -> Iterator[tuple[Database, Database]]:
    with two_desks(database) as both:
        yield both


def pdf_text(path: Path) -> str:
    """The paper's words, one space between each (a table's cells come out a line each)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def work_the_day(
    at_desks: list[Database], staff: list[StaffMember], samples: Path, supervisor: str
) -> None:
    """Dewi at the first desk scans 3 cards in and hands 2 over (one voided later at the
    other desk); Sri at the last desk scans 2 in and hands 1 over, and Dewi comes to help
    there for one more handover."""
    first, last = at_desks[0], at_desks[-1]
    dewi, sri = staff
    report = read_manifest(samples / "manifest_kaligawe_clean.csv", today=DAY)
    batch = batches.open_batch(
        first, dewi, "470/112/XI/2026", dt.date(2026, 11, 25), "", report, today=DAY
    )
    for index, entry in enumerate(report.entries[:5]):
        desk, who = (first, dewi) if index < 3 else (last, sri)
        scanning.receive_scan(desk, who, batch.id, entry.nik, today=DAY)
    scanning.receive_scan(last, sri, batch.id, report.entries[0].nik, today=DAY)  # twice: no card
    cards = [c.id for c in batches.batch_cards(first, batch.id)[:5]]
    handed = [
        confirming.confirm(desk, who, owner_collects(card), today=DAY)
        for desk, who, card in (
            (first, dewi, cards[0]),
            (first, dewi, cards[1]),
            (last, sri, cards[3]),
            (last, dewi, cards[4]),
        )
    ]
    voiding.void(last, sri, supervisor, "rahasia-agus", handed[1].id, "Salah kartu, tertukar")


@pytest.fixture
def staff(database: Database, admin: StaffMember, operator: StaffMember) -> list[StaffMember]:
    accounts.add_staff(database, admin, "agus", "rahasia-agus", Role.SUPERVISOR, "Agus Santoso")
    return [operator, admin]


def test_a_day_of_two_desks_counts_cards_received_and_handed_over_per_desk_and_officer(
    desks: tuple[Database, Database],
    kaligawe: OfficeInfo,
    staff: list[StaffMember],
    office_day: Clock,
    samples: Path,
    tmp_path: Path,
) -> None:
    work_the_day(list(desks), staff, samples, "agus")
    report = daily.daily_report(desks[1], DAY)
    assert report.desks == (
        DeskTotal("Loket 1", "Dewi Lestari", received=3, handed_over=1, voided=1),
        DeskTotal("Loket 2", "Dewi Lestari", received=0, handed_over=1, voided=0),
        DeskTotal("Loket 2", "Sri Wahyuni", received=2, handed_over=1, voided=0),
    )
    assert report.stock.received == 5  # the desks' received add up to the day's stock figure
    assert [(line.officer, line.desk) for line in report.lines] == [
        ("Dewi Lestari", "Loket 1"),
        ("Dewi Lestari", "Loket 1"),
        ("Sri Wahyuni", "Loket 2"),
        ("Dewi Lestari", "Loket 2"),
    ]
    text = pdf_text(write_daily_report(report, tmp_path / "harian.pdf"))
    assert "C. Jumlah per loket dan petugas" in text
    assert "D. Rincian penyerahan" in text
    assert "Jumlah Loket 2 2 2 0" in text  # Loket 2's two officers, and the desk's total
    assert "Jumlah semua loket 5 3 1" in text
    sheet = load_workbook(export_daily_xlsx(report, tmp_path / "harian.xlsx"))["Per loket"]
    assert [list(row) for row in sheet.iter_rows(min_row=5, values_only=True)] == [
        ["Loket 1", "Dewi Lestari", 3, 1, 1],
        ["Loket 2", "Dewi Lestari", 0, 1, 0],
        ["Loket 2", "Sri Wahyuni", 2, 1, 0],
    ]


def test_a_day_of_one_desk_keeps_the_report_without_a_table_per_desk(
    desks: tuple[Database, Database],
    kaligawe: OfficeInfo,
    staff: list[StaffMember],
    office_day: Clock,
    samples: Path,
    tmp_path: Path,
) -> None:
    work_the_day([desks[0]], staff, samples, "agus")  # the same work, all at Loket 1
    report = daily.daily_report(desks[0], DAY)
    assert report.desks == ()
    assert {line.desk for line in report.lines} == {""}
    assert [(o.officer, o.handed_over, o.voided) for o in report.officers] == [
        ("Dewi Lestari", 2, 1),
        ("Sri Wahyuni", 1, 0),
    ]
    text = pdf_text(write_daily_report(report, tmp_path / "harian.pdf"))
    assert "per loket" not in text and "Loket 1" not in text
    assert "C. Rincian penyerahan" in text
    assert "Per loket" not in load_workbook(export_daily_xlsx(report, tmp_path / "h.xlsx"))
