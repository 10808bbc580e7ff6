"""Laporan harian: the day's handovers, totals per officer, and the stock at both ends of the day.

The day is the office's local day; its bounds are turned into UTC before any query. Stock at
a moment is worked out from the history kept on the rows (portable SQL, no SQLite-only
function): cards received, minus cards out in a handover that stood at that moment, minus
cards returned to the kecamatan.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from loket.core.handover.handovers import void_approval_on_paper
from loket.core.handover.paper import relation_on_paper
from loket.core.indonesia import writing
from loket.core.indonesia.names import name_on_paper
from loket.core.indonesia.zones import zone_abbreviation
from loket.core.office.identity import office_or_refuse
from loket.core.office.signatories import acknowledged_by, petugas
from loket.core.reports.movement import Period, office_days, stock_movement
from loket.core.reports.paper import DailyHandoverLine, DailyReport, OfficerTotal
from loket.core.staff.members import StaffMember
from loket.db.engine import Database
from loket.db.models import Card, DeliveryLine, DeliveryRun, Handover, Staff
from loket.domain.states import Relation


def _officer_name(full_name: str, username: str) -> str:
    return full_name or username


def _lines(
    session: Session, period: Period, zone: ZoneInfo, day: dt.date
) -> tuple[list[DailyHandoverLine], list[OfficerTotal]]:
    approver = aliased(Staff)
    rows = session.execute(
        select(
            Handover.handed_over_at,
            Handover.receipt_number,
            Handover.collector_name,
            Handover.relation,
            Handover.voided,
            Handover.void_reason,
            Handover.voided_at,
            approver.full_name.label("approver_name"),
            approver.username.label("approver_username"),
            approver.nip.label("approver_nip"),
            Card.nik,
            Card.name,
            Staff.id,
            Staff.full_name,
            Staff.username,
            Staff.nip,
            DeliveryLine.id.is_not(None).label("delivered"),
            DeliveryRun.courier_name,
        )
        .join(Card, Card.id == Handover.card_id)
        .outerjoin(DeliveryLine, DeliveryLine.handover_id == Handover.id)
        .outerjoin(DeliveryRun, DeliveryRun.id == DeliveryLine.run_id)
        .join(Staff, Staff.id == Handover.officer_id)
        .outerjoin(approver, approver.id == Handover.voided_by_id)
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
                name=name_on_paper(row.name),
                # The owner collecting: the name as the card prints it, as in "Nama Pemilik".
                collector_name=name_on_paper(row.name)
                if row.relation is Relation.OWNER
                else row.collector_name,
                relation=relation_on_paper(row.relation, delivered=row.delivered),
                # Delivered door to door: the courier handed it over, the desk recorded it, as
                # the receipt says.
                officer=f"{row.courier_name} (pengantar); dicatat {officer}"
                if row.delivered
                else officer,
                void_note=f"DIBATALKAN: {row.void_reason}" if row.voided else "",
                void_approval=void_approval_on_paper(
                    _officer_name(row.approver_name or "", row.approver_username or ""),
                    row.approver_nip or "",
                    row.voided_at,
                    zone,
                    day,
                )
                if row.voided and row.voided_at is not None
                else "",
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
    period = office_days(day, day + dt.timedelta(days=1), zone)
    with database.transaction() as session:
        lines, officers = _lines(session, period, zone, day)
        stock = stock_movement(session, period)
    voided = sum(1 for line in lines if line.void_note)
    return DailyReport(
        letterhead=office.letterhead(),
        day=writing.weekday_date(day),
        iso_day=day.isoformat(),
        kelurahan_name=office.kelurahan,
        zone=zone_abbreviation(zone),
        lines=tuple(lines),
        officers=tuple(officers),
        stock=stock,
        handed_over_text=writing.count_in_words(len(lines) - voided),
        voided_text=writing.count_in_words(voided),
        place_and_date=f"{office.place_name}, {writing.long_date(day)}",
        officer=petugas(office, officer),
        acknowledged_by=acknowledged_by(office),
    )
