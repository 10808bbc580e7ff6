"""The cards found by a search by name: a thin read-only table over core's `CardInfo`, shown
under a caption that says what was searched and how to open a row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from loket.core.cards import CardInfo, state_label
from loket.core.handover.search import search_by_name
from loket.core.storage import Database
from loket.i18n import _
from loket.ui.kit.scanner import normalise
from loket.ui.kit.tasks import TaskRunner
from loket.ui.kit.widgets import list_table

SEARCH_DELAY_MS = 150  # results as you type, without a query per key of a fast typist
MIN_SEARCH_LENGTH = 2
_MOVE_KEYS = {
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_PageUp: -10,
    Qt.Key.Key_PageDown: 10,
}


def has_letters(text: str) -> bool:
    """Letters make an entry a name; a NIK or a receipt number has none."""
    return any(char.isalpha() for char in text)


_Index = QModelIndex | QPersistentModelIndex


class NameResultsModel(QAbstractTableModel):
    NAME, NIK, RT_RW, ADDRESS, STATE = range(5)

    def __init__(self) -> None:
        super().__init__()
        self._cards: list[CardInfo] = []
        self._headers = (_("Nama"), _("NIK"), _("RT/RW"), _("Alamat"), _("Keadaan"))

    def set_cards(self, cards: Sequence[CardInfo]) -> None:
        self.beginResetModel()
        self._cards = list(cards)
        self.endResetModel()

    def card_at(self, row: int) -> CardInfo | None:
        return self._cards[row] if 0 <= row < len(self._cards) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cards)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        card = self.card_at(index.row())
        if card is None or not 0 <= index.column() < len(self._headers):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(card, index.column())
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._text(card, index.column())
        return None

    @classmethod
    def _text(cls, card: CardInfo, column: int) -> str:
        if column == cls.NAME:
            return card.name or _("(tanpa nama)")
        if column == cls.NIK:
            return card.nik
        if column == cls.RT_RW:
            return card.rt_rw
        if column == cls.ADDRESS:
            return card.address
        return state_label(card.state)


class NameResultsPanel(QWidget):
    """Searches as the scan field is typed in (letters only) and shows what it found.

    Up/Down in the scan field walk the rows; a click, or Enter on a row, emits `chosen`.
    Searches run one at a time off the UI thread; an answer to an older query is dropped.
    """

    chosen = Signal(object)  # CardInfo
    found = Signal(str, object, bool)  # query, list[CardInfo], Enter was pressed
    failed = Signal(object)  # BaseException

    def __init__(
        self, tasks: TaskRunner, database: Database, limit: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._database = database
        self._limit = limit
        self._generation = 0
        self._field: QLineEdit | None = None
        self.query = ""  # as normalised by the scanner: the Enter that opens the current row
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._typed_pause)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet("QLabel { font-size: 12pt; color: #1f2933; }")
        self.model = NameResultsModel()
        self.table = list_table(self, self.model, (NameResultsModel.ADDRESS,))
        self.table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # the scan field keeps the keys
        self.table.setStyleSheet("QTableView { font-size: 12pt; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 1)
        self.table.clicked.connect(lambda index: self._choose(index.row()))
        self.table.activated.connect(lambda index: self._choose(index.row()))

    # ------------------------------------------------------------ searching

    def watch(self, field: QLineEdit) -> None:
        """Searches as `field` is typed in; its Up/Down keys move through the rows."""
        self._field = field
        field.textEdited.connect(self._on_typed)
        field.installEventFilter(self)

    def _on_typed(self, text: str) -> None:
        if has_letters(text) and len(text.strip()) >= MIN_SEARCH_LENGTH:
            self._timer.start()
        else:
            self._timer.stop()

    def _typed_pause(self) -> None:
        if self._field is not None:
            self.search(self._field.text(), choose=False)

    def search(self, query: str, choose: bool) -> None:
        """`choose`: Enter was pressed, so the page opens a single result at once."""
        self.cancel()
        if not query.strip():
            return
        generation = self._generation
        database, limit = self._database, self._limit
        self._tasks.run(
            lambda: search_by_name(database, query, limit),
            lambda cards: self._ready(generation, query, cards, choose),
            lambda error: self._failed(generation, error),
        )

    def cancel(self) -> None:
        """A scan or Esc came first: a search still under way is not shown."""
        self._timer.stop()
        self._generation += 1

    def _ready(self, generation: int, query: str, cards: list[CardInfo], choose: bool) -> None:
        if generation == self._generation:
            self.show_results(query, normalise(query), cards)
            self.found.emit(query, cards, choose)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self.failed.emit(error)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self._field
            and self.isVisible()
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _MOVE_KEYS
        ):
            self.step(_MOVE_KEYS[Qt.Key(event.key())])
            return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------ showing

    def show_results(self, query: str, normalised: str, cards: Sequence[CardInfo]) -> None:
        self.query = normalised
        self.model.set_cards(cards)
        shown = query.strip()
        if not cards:
            self.caption.setText(
                _(
                    "Tidak ada kartu atas nama \u201c{query}\u201d. Periksa ejaannya, coba "
                    "sebagian nama saja, atau ketik NIK-nya."
                ).format(query=shown)
            )
        elif len(cards) >= self._limit:
            self.caption.setText(
                _(
                    "{count} kartu pertama atas nama \u201c{query}\u201d; ketik lebih lengkap bila "
                    "belum ada. ↑/↓ lalu Enter: buka."
                ).format(count=len(cards), query=shown)
            )
        else:
            self.caption.setText(
                _("{count} kartu atas nama \u201c{query}\u201d. ↑/↓ lalu Enter: buka.").format(
                    count=len(cards), query=shown
                )
            )
        self.table.setVisible(bool(cards))
        if cards:
            self.select(0)

    def select(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.selectRow(row)
        self.table.scrollTo(index)

    def step(self, rows: int) -> None:
        if self.model.rowCount() == 0:
            return
        row = self.table.currentIndex().row() + rows
        self.select(min(max(row, 0), self.model.rowCount() - 1))

    def current(self) -> CardInfo | None:
        return self.model.card_at(self.table.currentIndex().row())

    def chosen_by_enter(self, text: str) -> CardInfo | None:
        """The highlighted row when Enter repeats the query these results answer."""
        return self.current() if self.isVisible() and text == self.query else None

    def _choose(self, row: int) -> None:
        card = self.model.card_at(row)
        if card is not None:
            self.chosen.emit(card)
