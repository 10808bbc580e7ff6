"""A PC clock set back: noticed at log-in with both times, and what it does to numbers and days.

The whole program's clock is `loket.core.clock.utc_now`; here it is a PC clock the test sets,
in office time (WIB, Kota Semarang), as a clerk or a flat CMOS battery would.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from loket.core import clock
from loket.core.handover import confirming
from loket.core.handover.rules import HandoverRequest
from loket.core.intake import batches, scanning
from loket.core.manifest.reader import read_manifest
from loket.core.office.identity import OfficeInfo
from loket.core.reports.daily import daily_report
from loket.core.staff.clock_check import (
    ACCEPTED_ACTION,
    TOLERANCE,
    check_clock,
    clock_warning,
    continue_with_clock_behind,
    describe_gap,
)
from loket.core.staff.members import StaffMember
from loket.db.engine import Database
from loket.db.models import AuditEntry, Counter
from loket.domain.states import DocumentChecked, OldCardFate, Relation

WIB = ZoneInfo("Asia/Jakarta")


class PcClock:
    """The PC's clock, set in office time."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = dt.datetime(2026, 11, 27, 8, 0, tzinfo=WIB)
        monkeypatch.setattr(clock, "_system_clock", lambda: self.now.astimezone(dt.UTC))

    def set(self, year: int, month: int, day: int, hour: int, minute: int) -> None:
        self.now = dt.datetime(year, month, day, hour, minute, tzinfo=WIB)

    @property
    def today(self) -> dt.date:
        return self.now.date()


@pytest.fixture(autouse=True)
def pc_clock(monkeypatch: pytest.MonkeyPatch) -> PcClock:
    """Set before any other fixture writes a row: every time recorded comes from it."""
    return PcClock(monkeypatch)


@pytest.fixture
def cards(
    pc_clock: PcClock,
    database: Database,
    kaligawe: OfficeInfo,
    operator: StaffMember,
    samples: Path,
) -> list[int]:
    """Ten cards of the Rusunawa Kaligawe batch in stock, scanned in on 27 November 2026."""
    report = read_manifest(samples / "manifest_kaligawe_clean.csv", today=pc_clock.today)
    batch = batches.open_batch(
        database,
        operator,
        "470/112/XI/2026",
        dt.date(2026, 11, 25),
        "",
        report,
        today=pc_clock.today,
    )
    ids = []
    for entry in report.entries[:10]:
        outcome = scanning.receive_scan(
            database, operator, batch.id, entry.nik, today=pc_clock.today
        )
        assert outcome.card is not None
        ids.append(outcome.card.id)
    return ids


def hand_over(database: Database, operator: StaffMember, card_id: int, today: dt.date) -> str:
    request = HandoverRequest(
        card_id=card_id,
        relation=Relation.OWNER,
        documents=frozenset({DocumentChecked.RECORDING_SLIP}),
        old_card=OldCardFate.SURRENDERED,
    )
    return confirming.confirm(database, operator, request, today=today).receipt_number


# ---------------------------------------------------------------- noticing it


def test_a_new_office_has_nothing_recorded_and_no_warning(database: Database) -> None:
    assert check_clock(database) is None


def test_a_clock_a_few_minutes_behind_another_desk_is_not_a_warning(
    pc_clock: PcClock, database: Database, cards: list[int]
) -> None:
    pc_clock.set(2026, 11, 27, 7, 56)  # four minutes before the last scan
    assert dt.timedelta(minutes=5) == TOLERANCE
    assert check_clock(database) is None


def test_a_clock_set_back_after_a_handover_is_noticed_with_both_times_in_office_time(
    pc_clock: PcClock,
    database: Database,
    kaligawe: OfficeInfo,
    operator: StaffMember,
    cards: list[int],
) -> None:
    pc_clock.set(2026, 11, 27, 10, 15)
    hand_over(database, operator, cards[0], pc_clock.today)
    pc_clock.set(2026, 11, 20, 8, 0)  # a week back: the CMOS battery, or a wrong setting

    found = check_clock(database)

    assert found is not None
    assert found.latest_recorded == dt.datetime(2026, 11, 27, 10, 15, tzinfo=WIB)
    assert found.pc_time == dt.datetime(2026, 11, 20, 8, 0, tzinfo=WIB)
    warning = clock_warning(found, kaligawe.zone)
    assert warning.title == "Jam komputer ini mundur 7 hari 2 jam"
    assert "Jam komputer sekarang: Jumat, 20 November 2026 pukul 08.00 WIB." in warning.detail
    assert "Data terakhir sudah dicatat pada: Jumat, 27 November 2026 pukul 10.15 WIB." in (
        warning.detail
    )
    assert "laporan harian tanggal yang salah" in warning.detail
    assert "Betulkan tanggal dan jam komputer" in warning.detail


def test_scans_alone_are_enough_to_notice_it(
    pc_clock: PcClock, database: Database, cards: list[int]
) -> None:
    pc_clock.set(2026, 11, 27, 7, 30)  # the scans of the fixture were at 08.00
    found = check_clock(database)
    assert found is not None and found.behind == dt.timedelta(minutes=30)


@pytest.mark.parametrize(
    ("gap", "words"),
    [
        (dt.timedelta(minutes=12), "12 menit"),
        (dt.timedelta(hours=1, minutes=5), "1 jam 5 menit"),
        (dt.timedelta(days=3, hours=2, minutes=40), "3 hari 2 jam"),
        (dt.timedelta(days=400), "400 hari"),
    ],
)
def test_how_far_behind_is_said_in_days_hours_and_minutes(gap: dt.timedelta, words: str) -> None:
    assert describe_gap(gap) == words


def test_going_on_with_the_clock_behind_is_written_to_the_audit_log_with_both_times(
    pc_clock: PcClock, database: Database, operator: StaffMember, cards: list[int]
) -> None:
    pc_clock.set(2026, 11, 26, 16, 0)
    found = check_clock(database)
    assert found is not None

    continue_with_clock_behind(database, operator, found)

    with database.transaction() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == ACCEPTED_ACTION)
        ).one()
    assert (entry.staff_id, entry.entity, entry.entity_id) == (operator.id, "staff", operator.id)
    assert entry.at == dt.datetime(2026, 11, 26, 16, 0, tzinfo=WIB)  # the PC's own time
    detail = json.loads(entry.detail)
    assert detail == {
        "behind_minutes": 16 * 60,
        "latest_recorded": "2026-11-27T01:00:00+00:00",
        "pc_time": "2026-11-26T09:00:00+00:00",
    }
    # Until the clock is put right, every log-in says so again.
    assert check_clock(database) is not None
    pc_clock.set(2026, 11, 27, 8, 30)
    assert check_clock(database) is None


# ---------------------------------------------------------------- a new year, and back


def test_receipt_numbers_never_repeat_when_the_clock_goes_back_across_new_year(
    pc_clock: PcClock, database: Database, operator: StaffMember, cards: list[int]
) -> None:
    numbers = []
    pc_clock.set(2026, 12, 30, 10, 0)
    numbers += [hand_over(database, operator, card, pc_clock.today) for card in cards[:2]]
    pc_clock.set(2027, 1, 4, 9, 0)
    numbers += [hand_over(database, operator, card, pc_clock.today) for card in cards[2:4]]
    pc_clock.set(2026, 12, 31, 8, 0)  # set back after 2027's first receipts were issued
    assert check_clock(database) is not None
    numbers.append(hand_over(database, operator, cards[4], pc_clock.today))
    pc_clock.set(2027, 1, 4, 9, 30)  # put right again
    numbers.append(hand_over(database, operator, cards[5], pc_clock.today))

    assert numbers == [
        "3374041002-2026-000001",
        "3374041002-2026-000002",
        "3374041002-2027-000001",
        "3374041002-2027-000002",
        "3374041002-2026-000003",  # 2026's series goes on: no collision, no gap
        "3374041002-2027-000003",
    ]
    with database.transaction() as session:
        counters = {
            (c.series, c.year): c.value
            for c in session.scalars(select(Counter).where(Counter.series == "receipt"))
        }
    assert counters == {("receipt", 2026): 3, ("receipt", 2027): 3}


def test_the_daily_report_files_a_set_back_handover_under_the_pc_s_day(
    pc_clock: PcClock, database: Database, operator: StaffMember, cards: list[int]
) -> None:
    pc_clock.set(2027, 1, 4, 9, 0)
    real = hand_over(database, operator, cards[0], pc_clock.today)
    pc_clock.set(2026, 12, 31, 9, 5)  # the same morning, on a PC whose clock went back
    found = check_clock(database)
    assert found is not None
    continue_with_clock_behind(database, operator, found)
    set_back = hand_over(database, operator, cards[1], pc_clock.today)

    on_the_pc_s_day = daily_report(database, dt.date(2026, 12, 31))
    on_the_real_day = daily_report(database, dt.date(2027, 1, 4))

    # This is why the desk is warned: the handover is filed under the day the PC showed.
    assert [line.receipt_number for line in on_the_pc_s_day.lines] == [set_back]
    assert [line.receipt_number for line in on_the_real_day.lines] == [real]
    assert on_the_pc_s_day.lines[0].time == "09.05"
    with database.transaction() as session:
        accepted = session.scalars(
            select(AuditEntry.at).where(AuditEntry.action == ACCEPTED_ACTION)
        ).all()
    assert accepted == [dt.datetime(2026, 12, 31, 9, 5, tzinfo=WIB)]  # the supervisor's clue
