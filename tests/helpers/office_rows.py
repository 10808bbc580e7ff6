"""Two databases of one office compared row by row, and the office's work carried on after a
move or a restore (ids and receipt numbers going on where they stopped)."""

from __future__ import annotations

from sqlalchemy import Connection, select

from loket.core.handover.handovers import HandoverInfo
from loket.core.staff.members import StaffMember
from loket.db.engine import Database
from loket.db.models import Base, Card, DocumentContent
from loket.domain.states import CardState
from tests.helpers.busy_office import to_its_owner


def every_row(connection: Connection) -> dict[str, list[tuple[object, ...]]]:
    """Each table's rows in key order, as Python values (times, states, flags); the papers'
    bytes, which only the server keeps, are compared with the desk's files instead."""
    rows = {}
    for table in Base.metadata.sorted_tables:
        if table.name == DocumentContent.__tablename__:
            continue
        query = select(table).order_by(*table.primary_key.columns)
        rows[table.name] = [tuple(row) for row in connection.execute(query)]
    return rows


def hand_over_first_in_stock(database: Database, operator: StaffMember) -> HandoverInfo:
    """The first card in stock handed to its owner."""
    with database.transaction() as session:
        card_id = session.scalars(
            select(Card.id).where(Card.state == CardState.IN_STOCK).order_by(Card.id)
        ).first()
    assert card_id is not None
    return to_its_owner(database, operator, card_id)
