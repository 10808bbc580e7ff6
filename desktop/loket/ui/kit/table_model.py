"""The one table model for a list of frozen values: columns declared, rows kept in place by key.

A page describes its columns (header, text, alignment) and the colour of a row; the model does
the rest the way Qt's own examples do (bounds-checked `data`, None for roles it does not
handle, inserts announced). A row updated by key keeps its place, and so the selection; the
lookup by key is a dict, so an update costs the same in a batch of 60 cards or of 20,000.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Row = TypeVar("Row")
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Column(Generic[Row]):
    header: str
    text: Callable[[Row], str]
    centred: bool = False
    #: The tooltip; None shows the text itself (a long reason can be read whole).
    tooltip: Callable[[Row], str] | None = None
    #: The text's colour ("" for the table's own); None: the row's `foreground`.
    foreground: Callable[[Row], str] | None = None


def _none(_row: object) -> str:
    return ""


class ListTableModel(QAbstractTableModel, Generic[Row]):
    def __init__(
        self,
        columns: Sequence[Column[Row]],
        *,
        key: Callable[[Row], Hashable] | None = None,
        background: Callable[[Row], str] = _none,
        foreground: Callable[[Row], str] = _none,
    ) -> None:
        super().__init__()
        self._columns = tuple(columns)
        self._key = key
        self._background = background
        self._foreground = foreground
        self._rows: list[Row] = []
        self._row_of: dict[Hashable, int] = {}

    # ------------------------------------------------------------ the rows

    def reset(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._index_keys()
        self.endResetModel()

    def append(self, item: Row) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(item)
        if self._key is not None:
            self._row_of[self._key(item)] = row
        self.endInsertRows()
        return row

    def upsert(self, item: Row) -> int:
        """Puts `item` in place of the row with its key, or at the end; returns its row."""
        assert self._key is not None, "upsert needs a key"
        row = self._row_of.get(self._key(item))
        if row is None:
            return self.append(item)
        self._rows[row] = item
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._columns) - 1))
        return row

    def at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, key: Hashable) -> int:
        """The row of the item with this key, or -1."""
        return self._row_of.get(key, -1)

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(self._rows)

    def _index_keys(self) -> None:
        key = self._key
        self._row_of = {key(item): row for row, item in enumerate(self._rows)} if key else {}

    # ------------------------------------------------------------ Qt's side

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return self._columns[section].header if 0 <= section < len(self._columns) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self._columns):
            return None
        item, column = self._rows[index.row()], self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (column.tooltip or column.text)(item) or None
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = self._background(item)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = (column.foreground or self._foreground)(item)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.centred:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


@dataclass(frozen=True, slots=True)
class TextRow:
    texts: tuple[str, ...]
    background: str = ""  # a colour, or "" for none


class TextRowsModel(ListTableModel[TextRow]):
    """A read-only table of a few text rows (a preview, a list of discrepancies)."""

    def __init__(self, headers: Sequence[str]) -> None:
        super().__init__(
            [
                Column(header, lambda row, at=column: row.texts[at])
                for column, header in enumerate(headers)
            ],
            background=lambda row: row.background,
        )

    def set_rows(self, rows: Sequence[tuple[str, ...]], colours: Sequence[str] = ()) -> None:
        """`colours` gives a background per row ("" for none)."""
        self.reset(text_rows(rows, colours))


def text_rows(rows: Sequence[tuple[str, ...]], colours: Sequence[str] = ()) -> list[TextRow]:
    """The rows of a `TextRowsModel`; made on the worker when there are thousands of them."""
    backgrounds = list(colours) or [""] * len(rows)
    return [TextRow(tuple(texts), back) for texts, back in zip(rows, backgrounds, strict=True)]
