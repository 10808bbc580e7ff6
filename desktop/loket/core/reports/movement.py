"""Stock over a period: held at its start and end, received, handed over, restored and returned.

Worked out from the history kept on the rows (portable SQL, no SQLite-only function): cards
received, minus cards out in a handover that stood at that moment, minus cards returned.

A card set aside at intake is counted like any other: received on the day it was scanned, held
until the berita acara pengembalian takes it back (domain.states.HELD_STATES), so the berita
acara serah terima, this stock, the rekap and the stock page count the same cards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, exists, false, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from loket.core.indonesia.zones import local_days
from loket.core.reports.paper import StockMovement
from loket.db.models import AuditEntry, Card, Handover
from loket.domain.states import CardState


@dataclass(frozen=True, slots=True)
class Period:
    """[start, end) in UTC: the local days of the office turned into moments."""

    start: dt.datetime
    end: dt.datetime


def office_days(first: dt.date, after_last: dt.date, zone: ZoneInfo) -> Period:
    """From midnight of `first` to midnight of `after_last`, office time, as UTC moments."""
    return Period(*local_days(first, after_last, zone))


def _count(session: Session, *conditions: ColumnElement[bool]) -> int:
    return int(session.scalar(select(func.count()).where(*conditions)) or 0)


def _received() -> ColumnElement[bool]:
    return Card.received_at.is_not(None)


def _standing_at(moment: dt.datetime) -> ColumnElement[bool]:
    """A handover that had not been voided by `moment`."""
    return or_(Handover.voided == false(), Handover.voided_at >= moment)


def stock_before(session: Session, moment: dt.datetime) -> int:
    """Cards held by the office just before `moment`."""
    received = _count(session, _received(), Card.received_at < moment)
    out = _count(session, Handover.handed_over_at < moment, _standing_at(moment))
    returned = _count(session, Card.returned_at.is_not(None), Card.returned_at < moment)
    return received - out - returned


def _last_set_aside() -> ColumnElement[bool]:
    """The card's last word at intake was "set aside" (not "kept"): read from the audit log,
    because a returned card no longer says in its state that it was set aside."""
    aside, kept = aliased(AuditEntry), aliased(AuditEntry)
    later_kept = exists().where(
        kept.entity == "card",
        kept.entity_id == Card.id,
        kept.action == "card.kept",
        kept.id > aside.id,
    )
    return exists().where(
        aside.entity == "card",
        aside.entity_id == Card.id,
        aside.action == "card.set_aside",
        ~later_kept,
    )


def set_aside_at(moment: dt.datetime) -> ColumnElement[bool]:
    """A card received before `moment` that was then held set aside for the kecamatan."""
    return and_(
        Card.received_at < moment,
        Card.on_manifest == false(),  # only a card not on the list can be set aside
        or_(
            Card.state == CardState.SET_ASIDE,
            and_(Card.state == CardState.RETURNED, Card.returned_at >= moment, _last_set_aside()),
        ),
    )


def set_aside_before(session: Session, moment: dt.datetime) -> int:
    """Cards set aside for the kecamatan and still held just before `moment` (part of the stock)."""
    return _count(session, set_aside_at(moment))


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
        set_aside_end=set_aside_before(session, end),
    )
