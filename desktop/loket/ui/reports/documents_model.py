"""The papers found by the document finder, one row each: Jenis, Nomor, Judul, Dibuat, Oleh."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from loket.core.indonesia.zones import zone_abbreviation
from loket.core.papers.register import DocumentEntry
from loket.i18n import _

_Index = QModelIndex | QPersistentModelIndex
_MISSING_COLOUR = "#8c1d18"


class DocumentTableModel(QAbstractTableModel):
    def __init__(self, zone: ZoneInfo) -> None:
        super().__init__()
        self._zone = zone
        self._headers = (_("Jenis"), _("Nomor"), _("Judul"), _("Dibuat"), _("Oleh"))
        self._entries: list[DocumentEntry] = []

    def set_entries(self, entries: Sequence[DocumentEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> DocumentEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return None

    def _text(self, entry: DocumentEntry, column: int) -> str:
        if column == 0:
            return entry.kind_label
        if column == 1:
            return entry.number
        if column == 2:
            if not entry.exists:
                return _("{title} — berkas tidak ada").format(title=entry.title)
            return entry.title
        if column == 3:
            local = entry.created_at.astimezone(self._zone)
            return f"{local:%d-%m-%Y %H.%M} {zone_abbreviation(self._zone)}"
        return entry.created_by

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(self._headers):
            return None
        entry = self.entry(index.row())
        if entry is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            if not entry.exists:
                return _("Berkas tidak ada lagi: {path}").format(path=entry.path)
            return str(entry.path)
        if role == Qt.ItemDataRole.ForegroundRole and not entry.exists:
            return QBrush(QColor(_MISSING_COLOUR))
        return None
