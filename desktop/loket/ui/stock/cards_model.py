"""Every card of the stock as a table: a count, then pages of rows fetched as the view asks.

Nothing is loaded up front: rowCount is one COUNT, and data() fetches the page of ~200 rows
it falls in, keeping the last few pages, so scrolling through a million cards stays light.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from loket.core.cards import CardInfo, state_label
from loket.core.clock import utc_now
from loket.core.stock import queries
from loket.core.stock.queries import StockColumn, StockFilter, StockSort
from loket.core.storage import Database
from loket.i18n import _

_Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 200
CACHED_PAGES = 8


class StockModel(QAbstractTableModel):
    COLUMNS = ("nik", "name", "rt_rw", "state", "batch", "received", "waited")
    _SORT_OF: ClassVar[dict[str, StockColumn]] = {
        "nik": StockColumn.NIK,
        "name": StockColumn.NAME,
        "rt_rw": StockColumn.RT_RW,
        "state": StockColumn.STATE,
        "batch": StockColumn.BATCH,
        "received": StockColumn.RECEIVED_AT,
        "waited": StockColumn.RECEIVED_AT,  # waited longest = received earliest
    }

    def __init__(self, database: Database, zone: dt.tzinfo) -> None:
        super().__init__()
        self._database = database
        self._zone = zone
        self._filter = StockFilter()
        self._sort = StockSort()
        self._count = 0
        self._pages: OrderedDict[int, list[CardInfo]] = OrderedDict()
        self._references: dict[int, str] = {}
        self._today = utc_now().astimezone(zone).date()

    # ------------------------------------------------------------ query

    @property
    def stock_filter(self) -> StockFilter:
        return self._filter

    @property
    def stock_sort(self) -> StockSort:
        return self._sort

    @property
    def today(self) -> dt.date:
        """The office's date when the stock was last counted: the day waits are counted to."""
        return self._today

    def set_filter(self, stock_filter: StockFilter) -> None:
        self._filter = stock_filter
        self.refresh()

    def refresh(self) -> None:
        """Counts again and forgets every cached page (cards may have moved meanwhile)."""
        self.beginResetModel()
        self._today = utc_now().astimezone(self._zone).date()
        self._pages.clear()
        self._references = {b.id: b.reference for b in queries.batch_choices(self._database)}
        self._count = queries.count_cards(
            self._database, self._filter, zone=self._zone, today=self._today
        )
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            return
        name = self.COLUMNS[column]
        descending = order == Qt.SortOrder.DescendingOrder
        if name == "waited":
            descending = not descending
        self.layoutAboutToBeChanged.emit()
        self._sort = StockSort(self._SORT_OF[name], descending)
        self._pages.clear()
        self.layoutChanged.emit()

    def card_at(self, row: int) -> CardInfo | None:
        if not 0 <= row < self._count:
            return None
        number = row // PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            page = queries.page_of_cards(
                self._database,
                self._filter,
                self._sort,
                number * PAGE_SIZE,
                PAGE_SIZE,
                zone=self._zone,
                today=self._today,
            )
            self._pages[number] = page
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        offset = row % PAGE_SIZE
        return page[offset] if offset < len(page) else None  # fewer: cards left since the count

    def batch_reference(self, batch_id: int) -> str:
        return self._references.get(batch_id, "")

    # ------------------------------------------------------------ Qt

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if not 0 <= section < len(self.COLUMNS):
            return None
        return {
            "nik": _("NIK"),
            "name": _("Nama"),
            "rt_rw": _("RT/RW"),
            "state": _("Status"),
            "batch": _("Kiriman"),
            "received": _("Diterima"),
            "waited": _("Menunggu (hari kerja)"),
        }[self.COLUMNS[section]]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(self.COLUMNS):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole):
            return None
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            centred = column in ("rt_rw", "waited")
            return int(Qt.AlignmentFlag.AlignCenter) if centred else None
        card = self.card_at(index.row())
        return None if card is None else self._display(card, column)

    def _display(self, card: CardInfo, column: str) -> str:
        if column == "nik":
            return card.nik
        if column == "name":
            return card.name or "—"
        if column == "rt_rw":
            return card.rt_rw
        if column == "state":
            return state_label(card.state)
        if column == "batch":
            return self.batch_reference(card.batch_id)
        if column == "received":
            received = card.received_at
            return received.astimezone(self._zone).strftime("%d-%m-%Y %H:%M") if received else ""
        waited = queries.waited_working_days(card, self._today, self._zone)
        return "" if waited is None else str(waited)
