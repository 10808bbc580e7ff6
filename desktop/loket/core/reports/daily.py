"""Laporan harian: the day's handovers, totals per officer (and per desk on a day when several
desks worked), and the stock at both ends of the day.

The day is the office's local day; its bounds are turned into UTC before any query. Stock at
a moment is worked out from the history kept on the rows (portable SQL, no SQLite-only
function): cards received, minus cards out in a handover that stood at that moment, minus
cards returned to the kecamatan.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from loket.core.handover.handovers import void_approval_on_paper
from loket.core.handover.paper import relation_on_paper
from loket.core.indonesia import writing
from loket.core.indonesia.names import name_on_paper
from loket.core.indonesia.zones import zone_abbreviation
from loket.core.office.identity import office_or_refuse
from loket.core.office.signatories import acknowledged_by, petugas
from loket.core.reports.movement import Period, office_days, stock_movement
from loket.core.reports.paper import DailyHandoverLine, DailyReport, DeskTotal, OfficerTotal
from loket.core.staff.members import StaffMember
from loket.db.engine import Database
from loket.db.models import Card, DeliveryLine, DeliveryRun, Handover, Scan, Staff
from loket.domain.states import Relation, ScanOutcomeKind

#: The scans that brought a card into stock (the others changed nothing).
_RECEIVING = (ScanOutcomeKind.RECEIVED, ScanOutcomeKind.ADDED, ScanOutcomeKind.EXTRA)


def _officer_name(full_name: str, username: str) -> str:
    return full_name or username


def _lines(
    session: Session, period: Period, zone: ZoneInfo, day: dt.date
) -> tuple[list[DailyHandoverLine], list[OfficerTotal], list[DeskTotal]]:
    approver = aliased(Staff)
    rows = session.execute(
        select(
            Handover.desk,
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
    scans = _received_per_desk(session, period)
    desks = {row.desk for row in rows} | {desk for desk, _officer, _cards in scans}
    several_desks = len(desks - {""}) > 1
    lines: list[DailyHandoverLine] = []
    totals: dict[int, list[int]] = {}
    officers: dict[int, tuple[str, str]] = {}
    at_desks: dict[tuple[str, str], list[int]] = {}  # (desk, officer): received, handed, voided
    for desk, officer, cards in scans:
        at_desks.setdefault((desk, officer), [0, 0, 0])[0] += cards
    for row in rows:
        officer = _officer_name(row.full_name, row.username)
        officers[row.id] = (officer, row.nip)
        counts = totals.setdefault(row.id, [0, 0])
        counts[1 if row.voided else 0] += 1
        at_desks.setdefault((row.desk, officer), [0, 0, 0])[2 if row.voided else 1] += 1
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
                desk=row.desk if several_desks else "",
            )
        )
    officer_totals = [
        OfficerTotal(officers[key][0], officers[key][1], counts[0], counts[1])
        for key, counts in totals.items()
    ]
    officer_totals.sort(key=lambda total: total.officer.lower())
    desk_totals = [
        DeskTotal(desk or "-", officer, *counts) for (desk, officer), counts in at_desks.items()
    ]
    desk_totals.sort(key=lambda total: (_desk_order(total.desk), total.officer.lower()))
    return lines, officer_totals, desk_totals if several_desks else []


def _received_per_desk(session: Session, period: Period) -> list[tuple[str, str, int]]:
    """(desk, officer, cards): the cards each officer scanned in at each desk in the period."""
    rows = session.execute(
        select(Scan.desk, Staff.full_name, Staff.username, func.count(Scan.id))
        .join(Staff, Staff.id == Scan.staff_id)
        .where(
            Scan.scanned_at >= period.start,
            Scan.scanned_at < period.end,
            Scan.outcome.in_(_RECEIVING),
        )
        .group_by(Scan.desk, Staff.id, Staff.full_name, Staff.username)
    )
    return [(desk, _officer_name(full, user), cards) for desk, full, user, cards in rows]


def _desk_order(desk: str) -> tuple[object, ...]:
    """ "Loket 2" before "Loket 10"; work from before desks had names ("-") last."""
    parts = re.split(r"(\d+)", desk.lower())
    return (desk == "-", *((0, int(p)) if p.isdigit() else (1, p) for p in parts))


def daily_report(
    database: Database, day: dt.date, officer: StaffMember | None = None
) -> DailyReport:
    """The laporan harian of `day` (office time); `officer` signs as "Petugas" when given."""
    office = office_or_refuse(database)
    zone = office.zone
    period = office_days(day, day + dt.timedelta(days=1), zone)
    with database.transaction() as session:
        lines, officers, desks = _lines(session, period, zone, day)
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
        desks=tuple(desks),
    )
