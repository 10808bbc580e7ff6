"""An open batch as other desks change it: its counts, its state, the cards scanned since.

The intake page asks every few seconds on a shared server (`ui/kit/following.py`): a few rows
of `batch_card_count` (kept by triggers, migration 0005), the batch's state, and the newest
scan of the batch (index `ix_scan_batch`); the cards themselves only when a scan came since.
The scans of one batch are numbered in the order they commit, because each holds the batch's
row until it commits (scanning.py): "scan id above the last one seen" misses none.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, func, select

from loket.core.cards import CARD_COLUMNS, CardInfo, card_info
from loket.core.intake import batches
from loket.core.intake.batches import BatchCounts, BatchView, counts_of
from loket.db.engine import Database
from loket.db.models import Base
from loket.domain.states import BatchStatus

#: More cards changed than this since the last look: the page reads the whole batch again.
MOST_NEWS = 200

_CARD = Base.metadata.tables["card"]
_SCAN = Base.metadata.tables["scan"]
_BATCH = Base.metadata.tables["batch"]

_STATUS = select(_BATCH.c.status).where(_BATCH.c.id == bindparam("batch_id"))
_NEWEST_SCAN = select(func.max(_SCAN.c.id)).where(_SCAN.c.batch_id == bindparam("batch_id"))
_NEWEST_OPEN = (
    select(_BATCH.c.id).where(_BATCH.c.status == BatchStatus.OPEN).order_by(_BATCH.c.id.desc())
)
_SCANNED_SINCE = (
    select(*(_CARD.c[column.key] for column in CARD_COLUMNS))
    .where(
        _CARD.c.batch_id == bindparam("batch_id"),
        _CARD.c.id.in_(
            select(_SCAN.c.card_id).where(
                _SCAN.c.batch_id == bindparam("batch_id"),
                _SCAN.c.id > bindparam("after"),
                _SCAN.c.id <= bindparam("mark"),
            )
        ),
    )
    .order_by(_CARD.c.id)
    .limit(bindparam("limit"))
)


@dataclass(frozen=True, slots=True)
class FollowedView:
    """A batch as the page shows it, and the newest scan that view already holds."""

    view: BatchView
    mark: int


@dataclass(frozen=True, slots=True)
class BatchNews:
    batch_id: int
    still_open: bool
    counts: BatchCounts
    mark: int  # the batch's newest scan now
    cards: tuple[CardInfo, ...]  # the cards scanned after `after`, as they are now
    too_many: bool  # over MOST_NEWS of them: `cards` is empty, read the whole batch again


def _mark(database: Database, batch_id: int | None) -> tuple[int, int] | None:
    with database.transaction() as session:
        if batch_id is None:
            batch_id = session.scalar(_NEWEST_OPEN)
            if batch_id is None:
                return None
        return batch_id, session.scalar(_NEWEST_SCAN, {"batch_id": batch_id}) or 0


def followed_view(database: Database, batch_id: int | None) -> FollowedView | None:
    """The batch (None: the newest one still open) with its cards, to follow from there on.

    The newest scan is read before the cards: a scan that commits in between is both in the
    view and in the next news, and showing a card twice changes nothing.
    """
    marked = _mark(database, batch_id)
    if marked is None:
        return None
    batch_id, mark = marked
    return FollowedView(batches.batch_view(database, batch_id), mark)


def batch_news(
    database: Database, batch_id: int, has_manifest: bool, after: int, most: int = MOST_NEWS
) -> BatchNews:
    """What changed in the batch since its scan `after`: a few rows unless cards came."""
    with database.transaction() as session:
        connection = session.connection()
        status = connection.execute(_STATUS, {"batch_id": batch_id}).scalar()
        counts = counts_of(connection, batch_id, has_manifest)
        mark = connection.execute(_NEWEST_SCAN, {"batch_id": batch_id}).scalar() or 0
        cards: tuple[CardInfo, ...] = ()
        if mark > after:
            rows = connection.execute(
                _SCANNED_SINCE,
                {"batch_id": batch_id, "after": after, "mark": mark, "limit": most + 1},
            ).all()
            cards = tuple(card_info(row) for row in rows)
        too_many = len(cards) > most
        return BatchNews(
            batch_id=batch_id,
            still_open=status is BatchStatus.OPEN,
            counts=counts,
            mark=mark,
            cards=() if too_many else cards,
            too_many=too_many,
        )
