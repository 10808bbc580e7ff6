"""The stock page's cards, as filtered and sorted there, written to a spreadsheet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from loket.core.cards import CardInfo, state_label
from loket.core.stock.paper import StockRow
from loket.core.stock.queries import (
    StockFilter,
    StockSort,
    batch_choices,
    iter_cards,
    waited_working_days,
)
from loket.db.engine import Database

#: Writes the rows under a title to a file and says how many it wrote; supplied by documents.
WriteStockSheet = Callable[[Iterable[StockRow], str, Path], int]


def stock_row(
    card: CardInfo, batch_references: dict[int, str], zone: dt.tzinfo, today: dt.date
) -> StockRow:
    received = card.received_at.astimezone(zone).replace(tzinfo=None) if card.received_at else None
    return StockRow(
        nik=card.nik,
        name=card.name,
        rt=card.rt,
        rw=card.rw,
        address=card.address,
        state=state_label(card.state),
        batch_reference=batch_references.get(card.batch_id, ""),
        received=received,
        waited_working_days=waited_working_days(card, today, zone),
    )


def export_stock(
    database: Database,
    stock_filter: StockFilter,
    sort: StockSort,
    target: Path,
    write: WriteStockSheet,
    *,
    title: str,
    zone: dt.tzinfo,
    today: dt.date,
    limit: int | None = None,
) -> int:
    """Every card of the filter, in the page's order (at most `limit`), written to `target`."""
    references = {choice.id: choice.reference for choice in batch_choices(database)}

    def rows() -> Iterator[StockRow]:
        for card in iter_cards(database, stock_filter, sort, zone=zone, today=today, limit=limit):
            yield stock_row(card, references, zone, today)

    return write(rows(), title, target)
