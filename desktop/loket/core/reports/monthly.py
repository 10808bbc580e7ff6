"""Rekap bulanan: counts per day and per RW, how fast cards reach their owners, long waits.

Times are bucketed into the office's local days in Python, so no database-specific date
function is needed; the rows of one month are few enough for that.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal
from sqlalchemy import ColumnElement, exists, false, or_, select
from sqlalchemy.orm import Session

from loket.core.clock import utc_now
from loket.core.indonesia import writing
from loket.core.indonesia.lokal_adapter import count_working_days
from loket.core.indonesia.names import name_on_paper
from loket.core.office.identity import office_or_refuse
from loket.core.office.signatories import acknowledged_by, petugas
from loket.core.reports.movement import Period, office_days, set_aside_at, stock_movement
from loket.core.reports.paper import DayCount, MonthlyRecap, RwCount, WaitingCard
from loket.core.staff.members import StaffMember
from loket.db.engine import Database
from loket.db.models import Card, Handover

WAITING_DAYS_LIMIT = 20  # working days, as the stock page and the call list count: a month
NO_RW = "-"


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """The first day of the month and the first day of the next one."""
    first = dt.date(year, month, 1)
    after = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, after


def _local_date(moment: dt.datetime, zone: ZoneInfo) -> dt.date:
    return moment.astimezone(zone).date()


def _in_stock_at(moment: dt.datetime) -> list[ColumnElement[bool]]:
    """Conditions for a card the office held just before `moment`."""
    standing = exists().where(
        Handover.card_id == Card.id,
        Handover.handed_over_at < moment,
        or_(Handover.voided == false(), Handover.voided_at >= moment),
    )
    return [
        Card.received_at.is_not(None),
        Card.received_at < moment,
        or_(Card.returned_at.is_(None), Card.returned_at >= moment),
        ~standing,
    ]


_HandoverRow = tuple[dt.datetime, bool, dt.datetime | None, str]


def _handovers(session: Session, period: Period) -> list[_HandoverRow]:
    rows = session.execute(
        select(Handover.handed_over_at, Handover.voided, Card.received_at, Card.rw)
        .join(Card, Card.id == Handover.card_id)
        .where(Handover.handed_over_at >= period.start, Handover.handed_over_at < period.end)
    ).all()
    return [(r.handed_over_at, r.voided, r.received_at, r.rw) for r in rows]


def _average_text(days: list[int]) -> str:
    if not days:
        return "-"
    average = sum(days) / len(days)
    return f"{format_decimal(round(average, 1), format='#,##0.0', locale='id')} hari kerja"


def monthly_recap(
    database: Database,
    year: int,
    month: int,
    officer: StaffMember | None = None,
    now: dt.datetime | None = None,
) -> MonthlyRecap:
    """The rekap bulanan of `year`-`month` (office time); `officer` signs as "Petugas".

    A month still running is counted up to `now` (the clock, unless a test sets it).
    """
    office = office_or_refuse(database)
    zone = office.zone
    first, after = month_bounds(year, month)
    period = office_days(first, after, zone)
    now = now or utc_now()
    # Waits are counted to the end of the month, or to now while the month is still running.
    running = period.start <= now < period.end
    until = _local_date(now, zone) if running else after - dt.timedelta(days=1)
    held_at = now if running else period.end
    with database.transaction() as session:
        handovers = _handovers(session, period)
        received_times = session.scalars(
            select(Card.received_at).where(
                Card.received_at >= period.start,
                Card.received_at < period.end,
            )
        ).all()
        stock = stock_movement(session, period)
        held = session.execute(
            select(
                Card.nik,
                Card.name,
                Card.rt,
                Card.rw,
                Card.received_at,
                set_aside_at(held_at).label("set_aside"),
            )
            .where(*_in_stock_at(held_at))
            .order_by(Card.received_at, Card.id)
        ).all()
    received_per_day = Counter(_local_date(t, zone) for t in received_times if t is not None)
    live_per_day: Counter[dt.date] = Counter()
    voided_per_day: Counter[dt.date] = Counter()
    live_per_rw: Counter[str] = Counter()
    speeds: list[int] = []
    for handed_over_at, voided, received_at, rw in handovers:
        handed_on = _local_date(handed_over_at, zone)
        if voided:
            voided_per_day[handed_on] += 1
            continue
        live_per_day[handed_on] += 1
        live_per_rw[rw or NO_RW] += 1
        if received_at is not None:
            speeds.append(count_working_days(_local_date(received_at, zone), handed_on))
    # A card set aside waits for its return, not for its owner: counted apart, never listed.
    set_aside_held = sum(1 for row in held if row.set_aside)
    held = [row for row in held if not row.set_aside]
    waiting_per_rw = Counter(row.rw or NO_RW for row in held)
    days = tuple(
        DayCount(
            day=writing.weekday_date(d),
            iso_day=d.isoformat(),
            received=received_per_day[d],
            handed_over=live_per_day[d],
            voided=voided_per_day[d],
        )
        for d in (first + dt.timedelta(days=n) for n in range((after - first).days))
    )
    rws = tuple(
        RwCount(rw, live_per_rw[rw], waiting_per_rw[rw])
        for rw in sorted(set(live_per_rw) | set(waiting_per_rw), key=_rw_order)
    )
    waiting = []
    for row in held:
        received_on = _local_date(row.received_at, zone)
        waited = count_working_days(received_on, until)
        if waited > WAITING_DAYS_LIMIT:
            waiting.append(
                WaitingCard(
                    nik=row.nik,
                    name=name_on_paper(row.name),
                    rt_rw=f"RT {row.rt}/RW {row.rw}" if row.rt or row.rw else "-",
                    received_on=writing.long_date(received_on),
                    days_waiting=waited,
                )
            )
    handed = sum(live_per_day.values())
    return MonthlyRecap(
        letterhead=office.letterhead(),
        month=f"{writing.month_name(first)} {year}",
        iso_month=f"{year:04d}-{month:02d}",
        kelurahan_name=office.kelurahan,
        days=days,
        rws=rws,
        stock=stock,
        handed_over_text=writing.count_in_words(handed),
        voided_text=writing.count_in_words(sum(voided_per_day.values())),
        average_working_days=_average_text(speeds),
        measured_handovers=len(speeds),
        waiting_days_limit=WAITING_DAYS_LIMIT,
        set_aside_held=set_aside_held,
        waiting=tuple(waiting),
        place_and_date=f"{office.place_name}, {writing.long_date(until)}",
        officer=petugas(office, officer),
        acknowledged_by=acknowledged_by(office),
    )


def _rw_order(rw: str) -> tuple[int, str]:
    """RW 001 before RW 002 before cards with no RW."""
    return (1, rw) if rw == NO_RW else (0, rw.zfill(3))
