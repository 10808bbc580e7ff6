"""Laporan harian: the day's handovers, totals per officer, and the stock at both ends of the day.

The day is the office's local day; its bounds are turned into UTC before any query. Stock at
a moment is worked out from the history kept on the rows (portable SQL, no SQLite-only
function): cards received, minus cards out in a handover that stood at that moment, minus
cards returned to the kecamatan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, false, func, or_, select, true
from sqlalchemy.orm import Session

from loket.core import indonesian
from loket.core.clock import zone_abbreviation
from loket.core.errors import LoketError
from loket.core.handover_messages import relation_on_paper
from loket.core.office import OfficeInfo, get_office
from loket.core.paper_data import (
    DailyHandoverLine,
    DailyReport,
    OfficerTotal,
    Signatory,
    StockMovement,
)
from loket.core.staff import StaffMember
from loket.db.engine import Database
from loket.db.models import Card, CardState, DeliveryLine, Handover, Staff
from loket.i18n import _


@dataclass(frozen=True, slots=True)
class Period:
    """[start, end) in UTC: the local days of the office turned into moments."""

    start: dt.datetime
    end: dt.datetime


def local_days(first: dt.date, after_last: dt.date, zone: ZoneInfo) -> Period:
    """From midnight of `first` to midnight of `after_last`, office time, as UTC moments."""
    start = dt.datetime.combine(first, dt.time(), zone).astimezone(dt.UTC)
    end = dt.datetime.combine(after_last, dt.time(), zone).astimezone(dt.UTC)
    return Period(start, end)


def office_or_refuse(database: Database) -> OfficeInfo:
    office = get_office(database)
    if office is None:
        raise LoketError(_("Data kantor belum diisi. Minta admin mengisi pengaturan kantor."))
    return office


# ---------------------------------------------------------------- stock


def _count(session: Session, *conditions: ColumnElement[bool]) -> int:
    return int(session.scalar(select(func.count()).where(*conditions)) or 0)


def _received() -> ColumnElement[bool]:
    # A set-aside card was never ours to keep; once returned it nets out with its return.
    return and_(Card.received_at.is_not(None), Card.state != CardState.SET_ASIDE)


def _standing_at(moment: dt.datetime) -> ColumnElement[bool]:
    """A handover that had not been voided by `moment`."""
    return or_(Handover.voided == false(), Handover.voided_at >= moment)


def stock_before(session: Session, moment: dt.datetime) -> int:
    """Cards held by the office just before `moment`."""
    received = _count(session, _received(), Card.received_at < moment)
    out = _count(session, Handover.handed_over_at < moment, _standing_at(moment))
    returned = _count(session, Card.returned_at.is_not(None), Card.returned_at < moment)
    return received - out - returned


def stock_movement(session: Session, period: Period) -> StockMovement:
    start, end = period.start, period.end
    return StockMovement(
        start=stock_before(session, start),
        received=_count(session, _received(), Card.received_at >= start, Card.received_at < end),
        handed_over=_count(
            session,
            Handover.handed_over_at >= start,
            Handover.handed_over_at < end,
            _standing_at(end),
        ),
        restored=_count(
            session,
            Handover.handed_over_at < start,
            Handover.voided == true(),
            Handover.voided_at >= start,
            Handover.voided_at < end,
        ),
        returned=_count(session, Card.returned_at >= start, Card.returned_at < end),
        end=stock_before(session, end),
    )


# ---------------------------------------------------------------- the report


def _officer_name(full_name: str, username: str) -> str:
    return full_name or username


def acknowledged_by(office: OfficeInfo) -> Signatory:
    title = "Kepala Desa {name}" if office.is_desa else "Lurah {name}"
    return Signatory(
        role="Mengetahui,",
        title=title.format(name=office.kelurahan),
        name=office.lurah_name,
        nip=office.lurah_nip,
    )


def petugas(office: OfficeInfo, member: StaffMember | None) -> Signatory:
    """The "Petugas" block: the officer who prints the paper, or a line to write a name on."""
    village = "Desa" if office.is_desa else "Kelurahan"
    return Signatory(
        role=f"Petugas Loket {village} {office.kelurahan},",
        title="",
        name=member.display_name if member else "",
        nip=member.nip if member else "",
    )


def _lines(
    session: Session, period: Period, zone: ZoneInfo
) -> tuple[list[DailyHandoverLine], list[OfficerTotal]]:
    rows = session.execute(
        select(
            Handover.handed_over_at,
            Handover.receipt_number,
            Handover.collector_name,
            Handover.relation,
            Handover.voided,
            Handover.void_reason,
            Card.nik,
            Card.name,
            Staff.id,
            Staff.full_name,
            Staff.username,
            Staff.nip,
            DeliveryLine.id.is_not(None).label("delivered"),
        )
        .join(Card, Card.id == Handover.card_id)
        .outerjoin(DeliveryLine, DeliveryLine.handover_id == Handover.id)
        .join(Staff, Staff.id == Handover.officer_id)
        .where(Handover.handed_over_at >= period.start, Handover.handed_over_at < period.end)
        .order_by(Handover.handed_over_at, Handover.id)
    ).all()
    lines: list[DailyHandoverLine] = []
    totals: dict[int, list[int]] = {}
    officers: dict[int, tuple[str, str]] = {}
    for row in rows:
        officer = _officer_name(row.full_name, row.username)
        officers[row.id] = (officer, row.nip)
        counts = totals.setdefault(row.id, [0, 0])
        counts[1 if row.voided else 0] += 1
        lines.append(
            DailyHandoverLine(
                time=f"{row.handed_over_at.astimezone(zone):%H.%M}",
                receipt_number=row.receipt_number,
                nik=row.nik,
                name=row.name or "-",
                collector_name=row.collector_name,
                relation=relation_on_paper(row.relation, delivered=row.delivered),
                officer=officer,
                void_note=f"DIBATALKAN: {row.void_reason}" if row.voided else "",
            )
        )
    officer_totals = [
        OfficerTotal(officers[key][0], officers[key][1], counts[0], counts[1])
        for key, counts in totals.items()
    ]
    officer_totals.sort(key=lambda total: total.officer.lower())
    return lines, officer_totals


def daily_report(
    database: Database, day: dt.date, officer: StaffMember | None = None
) -> DailyReport:
    """The laporan harian of `day` (office time); `officer` signs as "Petugas" when given."""
    office = office_or_refuse(database)
    zone = office.zone
    period = local_days(day, day + dt.timedelta(days=1), zone)
    with database.transaction() as session:
        lines, officers = _lines(session, period, zone)
        stock = stock_movement(session, period)
    voided = sum(1 for line in lines if line.void_note)
    return DailyReport(
        letterhead=office.letterhead(),
        day=indonesian.weekday_date(day),
        iso_day=day.isoformat(),
        kelurahan_name=office.kelurahan,
        zone=zone_abbreviation(zone),
        lines=tuple(lines),
        officers=tuple(officers),
        stock=stock,
        handed_over_text=indonesian.count_in_words(len(lines) - voided),
        voided_text=indonesian.count_in_words(voided),
        place_and_date=f"{office.place_name}, {indonesian.long_date(day)}",
        officer=petugas(office, officer),
        acknowledged_by=acknowledged_by(office),
    )
