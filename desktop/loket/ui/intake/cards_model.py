"""The cards of one batch as a table: a thin model over a list of CardInfo, updated scan by scan."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from loket.core.cards import CardInfo, state_label
from loket.domain.states import CardState
from loket.i18n import _

_Index = QModelIndex | QPersistentModelIndex

_STATE_COLOURS = {
    CardState.IN_STOCK: "#e3f2e6",
    CardState.SET_ASIDE: "#fdecd2",
    CardState.MISSING: "#fbe3e1",
}


class BatchCardsModel(QAbstractTableModel):
    COLUMNS = ("row", "nik", "name", "rt_rw", "state", "note")

    def __init__(self, has_manifest: bool = True) -> None:
        super().__init__()
        self._cards: list[CardInfo] = []
        self._row_of: dict[int, int] = {}
        self._has_manifest = has_manifest

    def reset(self, cards: list[CardInfo], has_manifest: bool) -> None:
        self.beginResetModel()
        self._cards = list(cards)
        self._row_of = {card.id: row for row, card in enumerate(self._cards)}
        self._has_manifest = has_manifest
        self.endResetModel()

    def upsert(self, card: CardInfo) -> int:
        """Puts the card's latest state in the table; returns its row."""
        row = self._row_of.get(card.id)
        if row is not None:
            self._cards[row] = card
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
            return row
        row = len(self._cards)
        self.beginInsertRows(QModelIndex(), row, row)
        self._cards.append(card)
        self._row_of[card.id] = row
        self.endInsertRows()
        return row

    def card_at(self, row: int) -> CardInfo | None:
        return self._cards[row] if 0 <= row < len(self._cards) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cards)

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
            "row": _("Baris"),
            "nik": _("NIK"),
            "name": _("Nama"),
            "rt_rw": _("RT/RW"),
            "state": _("Status"),
            "note": _("Keterangan"),
        }[self.COLUMNS[section]]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._cards):
            return None
        if not 0 <= index.column() < len(self.COLUMNS):
            return None
        card = self._cards[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(card, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = _STATE_COLOURS.get(card.state)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("row", "rt_rw"):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, card: CardInfo, column: str) -> str:
        if column == "row":
            return str(card.manifest_row) if card.manifest_row is not None else ""
        if column == "nik":
            return card.nik
        if column == "name":
            return card.name or "—"
        if column == "rt_rw":
            return card.rt_rw
        if column == "state":
            return state_label(card.state)
        notes = []
        if self._has_manifest and not card.on_manifest:
            notes.append(_("tidak ada di daftar"))
        if card.typed:
            notes.append(_("NIK diketik manual"))
        return ", ".join(notes)
