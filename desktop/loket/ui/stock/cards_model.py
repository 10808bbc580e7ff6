"""Every card of the stock as a table: a count, then pages of rows fetched as the view asks.

Nothing is loaded up front: rowCount is one COUNT, and data() asks for the page of ~200 rows
it falls in, keeping the last few pages, so scrolling through a million cards stays light.
Every query runs on the worker: a row not fetched yet shows "…" until its page arrives, and
an answer to a filter or sort the page has since moved on from is dropped.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from loket.core import following
from loket.core.cards import CardInfo, state_label
from loket.core.clock import utc_now
from loket.core.stock import queries
from loket.core.stock.queries import StockColumn, StockFilter, StockSort
from loket.i18n import _
from loket.ui.kit.context import DeskContext

_Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 200
CACHED_PAGES = 8


@dataclass(frozen=True, slots=True)
class _Counted:
    stamp: int  # the office's changes when counted (core/following.py)
    references: dict[int, str]
    count: int
    first_page: list[CardInfo]


class StockModel(QAbstractTableModel):
    counted = Signal(int)  # the cards the filter holds, once counted

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

    def __init__(self, context: DeskContext) -> None:
        super().__init__()
        self._context = context
        zone = context.office.zone
        self._zone = zone
        self._generation = 0  # of the filter and sort shown: older answers are dropped
        self._asked: set[int] = set()  # pages asked of the worker, not arrived yet
        self._filter = StockFilter()
        self._sort = StockSort()
        self._count = 0
        self._pages: OrderedDict[int, list[CardInfo]] = OrderedDict()
        self._references: dict[int, str] = {}
        self._today = utc_now().astimezone(zone).date()
        self._stamp: int | None = None

    # ------------------------------------------------------------ query

    @property
    def stock_filter(self) -> StockFilter:
        return self._filter

    @property
    def stock_sort(self) -> StockSort:
        return self._sort

    @property
    def stamp(self) -> int | None:
        """The office's changes as of the rows shown (None: not counted yet)."""
        return self._stamp

    @property
    def today(self) -> dt.date:
        """The office's date when the stock was last counted: the day waits are counted to."""
        return self._today

    def set_filter(self, stock_filter: StockFilter) -> None:
        self._filter = stock_filter
        self.refresh()

    def refresh(self) -> None:
        """Counts again and forgets every cached page (cards may have moved meanwhile)."""
        self._generation += 1
        generation = self._generation
        database, stock_filter, sort = self._context.database, self._filter, self._sort
        zone, today = self._zone, utc_now().astimezone(self._zone).date()

        def count() -> _Counted:
            stamp = following.office_stamp(database)  # first: a change after it is news later
            references = {b.id: b.reference for b in queries.batch_choices(database)}
            total = queries.count_cards(database, stock_filter, zone=zone, today=today)
            first = queries.page_of_cards(
                database, stock_filter, sort, 0, PAGE_SIZE, zone=zone, today=today
            )
            return _Counted(stamp, references, total, first)

        def counted(result: _Counted) -> None:
            if generation != self._generation:
                return
            self.beginResetModel()
            self._stamp = result.stamp
            self._today = today
            self._references = result.references
            self._count = result.count
            self._pages = OrderedDict([(0, result.first_page)])
            self._asked.clear()
            self.endResetModel()
            self.counted.emit(result.count)

        self._context.run(count, counted, title=_("Stok tidak bisa dibaca"))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            return
        name = self.COLUMNS[column]
        descending = order == Qt.SortOrder.DescendingOrder
        if name == "waited":
            descending = not descending
        self._sort = StockSort(self._SORT_OF[name], descending)
        self.refresh()

    def card_at(self, row: int) -> CardInfo | None:
        """The card of `row` if its page is here; else None, and the page is asked for."""
        if not 0 <= row < self._count:
            return None
        number = row // PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            self._fetch(number)
            return None
        self._pages.move_to_end(number)
        offset = row % PAGE_SIZE
        return page[offset] if offset < len(page) else None  # fewer: cards left since the count

    def _fetch(self, number: int) -> None:
        if number in self._asked:
            return
        self._asked.add(number)
        generation = self._generation
        database, stock_filter, sort = self._context.database, self._filter, self._sort
        zone, today = self._zone, self._today

        def fetched(page: list[CardInfo]) -> None:
            if generation != self._generation:
                return
            self._asked.discard(number)
            self._pages[number] = page
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
            first, last = number * PAGE_SIZE, min(self._count, (number + 1) * PAGE_SIZE) - 1
            if first <= last:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.COLUMNS) - 1))

        self._context.run(
            lambda: queries.page_of_cards(
                database, stock_filter, sort, number * PAGE_SIZE, PAGE_SIZE, zone=zone, today=today
            ),
            fetched,
            title=_("Stok tidak bisa dibaca"),
        )

    def rows_reader(self, rows: list[int]) -> Callable[[], list[CardInfo]]:
        """A task for the worker: the cards on `rows` as now filtered and sorted, in row order,
        whether or not their pages are here (a selection may span thousands of rows)."""
        database, stock_filter, sort = self._context.database, self._filter, self._sort
        zone, today = self._zone, self._today

        def read() -> list[CardInfo]:
            pages: dict[int, list[CardInfo]] = {}
            found = []
            for row in sorted(rows):
                number, offset = divmod(row, PAGE_SIZE)
                if number not in pages:
                    pages[number] = queries.page_of_cards(
                        database,
                        stock_filter,
                        sort,
                        number * PAGE_SIZE,
                        PAGE_SIZE,
                        zone=zone,
                        today=today,
                    )
                if offset < len(pages[number]):
                    found.append(pages[number][offset])
            return found

        return read

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
        if card is None:
            return "…" if 0 <= index.row() < self._count else None
        return self._display(card, column)

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
