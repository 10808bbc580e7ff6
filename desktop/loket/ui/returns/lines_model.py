"""The cards of one return as a table: a thin model over ReturnLineInfo, in the order scanned."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from loket.core.returns.filling import ReturnLineInfo
from loket.core.returns.words import reason_label
from loket.domain.states import ReturnReason
from loket.i18n import _

_Index = QModelIndex | QPersistentModelIndex


class ReturnLinesModel(QAbstractTableModel):
    COLUMNS = ("number", "nik", "name", "rt_rw", "reason")

    def __init__(self) -> None:
        super().__init__()
        self._lines: list[ReturnLineInfo] = []

    def reset(self, lines: Sequence[ReturnLineInfo]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self.endResetModel()

    def append(self, line: ReturnLineInfo) -> int:
        """Adds a card just scanned in; returns its row."""
        row = len(self._lines)
        self.beginInsertRows(QModelIndex(), row, row)
        self._lines.append(line)
        self.endInsertRows()
        return row

    def line_at(self, row: int) -> ReturnLineInfo | None:
        return self._lines[row] if 0 <= row < len(self._lines) else None

    def row_of(self, card_id: int) -> int | None:
        return next((row for row, ln in enumerate(self._lines) if ln.card.id == card_id), None)

    def count(self, reason: ReturnReason) -> int:
        return sum(1 for line in self._lines if line.reason is reason)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

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
            "number": _("No."),
            "nik": _("NIK"),
            "name": _("Nama"),
            "rt_rw": _("RT/RW"),
            "reason": _("Alasan dikembalikan"),
        }[self.COLUMNS[section]]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        if not 0 <= index.column() < len(self.COLUMNS):
            return None
        line = self._lines[index.row()]
        column = self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == "number":
                return str(index.row() + 1)
            if column == "nik":
                return line.card.nik
            if column == "name":
                return line.card.name or "—"
            if column == "rt_rw":
                return line.card.rt_rw
            return reason_label(line.reason)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("number", "rt_rw"):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
