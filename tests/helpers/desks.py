"""Two desks on one database, as two PCs of one office are: for tests of what desks record."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from loket.core.handover.rules import HandoverRequest
from loket.db.engine import Database
from loket.domain.states import DocumentChecked, OldCardFate, Relation


@contextmanager
def two_desks(database: Database) -> Iterator[tuple[Database, Database]]:
    """Loket 1 (the test's database, named) and Loket 2: another PC's connection to it."""
    database.desk = "Loket 1"
    second = Database(database.url, desk="Loket 2")
    try:
        yield database, second
    finally:
        second.dispose()


def owner_collects(card_id: int) -> HandoverRequest:
    """The owner collects with the recording slip and surrenders the old card."""
    return HandoverRequest(
        card_id=card_id,
        relation=Relation.OWNER,
        documents=frozenset({DocumentChecked.RECORDING_SLIP}),
        old_card=OldCardFate.SURRENDERED,
    )
