"""Delivery runs and the cards of one run as tables: thin models over lists of frozen values."""

from __future__ import annotations

from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from loket.core.delivery.outcomes import LineInfo
from loket.core.delivery.runs import RunSummary
from loket.core.delivery.words import outcome_label
from loket.core.handover.words import relation_label
from loket.core.indonesia import writing
from loket.domain.states import DeliveryOutcome
from loket.i18n import _

_Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row", RunSummary, LineInfo)

_DELIVERED = "#e3f2e6"
_BACK_IN_STOCK = "#fdf3d7"
_VOIDED = "#fbe3e1"
_CLOSED = "#f1f3f5"


class _RowsModel(QAbstractTableModel, Generic[Row]):
    """Rows keyed by id; a row updated in place keeps its place (and the selection)."""

    HEADERS: tuple[str, ...] = ()
    CENTRED: frozenset[int] = frozenset()

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Row] = []

    def reset(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def upsert(self, item: Row) -> int:
        """Puts `item` in place of the row with its id, or at the end; returns its row."""
        for row, known in enumerate(self._rows):
            if known.id == item.id:
                self._rows[row] = item
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))
                return row
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(item)
        self.endInsertRows()
        return row

    def at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, item_id: int) -> int:
        return next((row for row, known in enumerate(self._rows) if known.id == item_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self.HEADERS):
            return None
        item = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._texts(item)[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = self._colour(item)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.CENTRED:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _texts(self, item: Row) -> tuple[str, ...]:
        raise NotImplementedError

    def _colour(self, item: Row) -> str:
        return ""


class RunsModel(_RowsModel[RunSummary]):
    CENTRED = frozenset({3, 4, 5, 6})

    def __init__(self, zone: ZoneInfo) -> None:
        super().__init__()
        self._zone = zone
        self.HEADERS = (
            _("Nomor"),
            _("Wilayah"),
            _("Petugas pengantar"),
            _("Kartu"),
            _("Diterima"),
            _("Tidak diterima"),
            _("Belum dicatat"),
            _("Dibuat"),
        )

    def _texts(self, run: RunSummary) -> tuple[str, ...]:
        made = writing.long_date(run.created_at.astimezone(self._zone).date())
        counts = run.counts
        pending = str(counts.pending) if run.is_open else _("ditutup")
        return (
            run.number,
            run.area,
            run.courier_name,
            str(counts.total),
            str(counts.delivered),
            str(counts.not_delivered),
            pending,
            made,
        )

    def _colour(self, run: RunSummary) -> str:
        return "" if run.is_open else _CLOSED


class LinesModel(_RowsModel[LineInfo]):
    CENTRED = frozenset({0, 3})

    def __init__(self) -> None:
        super().__init__()
        self.HEADERS = (
            _("No."),
            _("NIK"),
            _("Nama"),
            _("RT"),
            _("Hasil"),
            _("Penerima"),
            _("Alamat"),
            _("Keterangan"),
        )

    def _texts(self, line: LineInfo) -> tuple[str, ...]:
        return (
            str(line.position),
            line.card.nik,
            line.card.name or "—",
            line.card.rt,
            self._outcome(line),
            self._recipient(line),
            line.card.address,
            line.note,
        )

    @staticmethod
    def _outcome(line: LineInfo) -> str:
        text = outcome_label(line.outcome)
        if line.handover_voided:
            return _("{outcome} (dibatalkan)").format(outcome=text)
        return text

    @staticmethod
    def _recipient(line: LineInfo) -> str:
        if line.outcome is not DeliveryOutcome.DELIVERED:
            return ""
        relation = relation_label(line.relation).lower() if line.relation else ""
        return f"{line.recipient_name} ({relation})" if relation else line.recipient_name

    def _colour(self, line: LineInfo) -> str:
        if line.handover_voided:
            return _VOIDED
        if line.outcome is DeliveryOutcome.DELIVERED:
            return _DELIVERED
        return "" if line.outcome is None else _BACK_IN_STOCK


def table_for(parent: QWidget, model: RunsModel | LinesModel) -> QTableView:
    """A read-only table of whole rows, one chosen at a time."""
    table = QTableView(parent)
    table.setModel(model)
    table.setAlternatingRowColors(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(26)
    return table


def set_widths(table: QTableView, widths: tuple[int, ...]) -> None:
    """Fixed widths that fit what the columns hold; the 0 one takes what is left."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column, width in enumerate(widths):
        if width:
            header.resizeSection(column, width)
        else:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
