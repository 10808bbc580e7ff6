"""Stock over a period: held at its start and end, received, handed over, restored and returned.

Worked out from the history kept on the rows (portable SQL, no SQLite-only function): cards
received, minus cards out in a handover that stood at that moment, minus cards returned."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, false, func, or_, select, true
from sqlalchemy.orm import Session

from loket.core.indonesia.zones import local_days
from loket.core.reports.paper import StockMovement
from loket.db.models import Card, Handover
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
