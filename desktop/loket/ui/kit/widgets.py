"""Small building blocks shared by pages: function-key buttons, list tables, date fields,
count tiles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QDate, QEvent, QLocale, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFrame,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)


def key_button(
    parent: QWidget,
    key: str,
    text: str,
    action: Callable[[], None],
    primary: bool = False,
) -> QPushButton:
    """A button that shows its key ("F6  Kiriman baru") and answers to it anywhere on the page."""
    button = QPushButton(f"{key}  {text}", parent)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    if primary:
        button.setObjectName("primary")
    button.clicked.connect(action)
    shortcut = QShortcut(QKeySequence(key), parent)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(lambda: button.isEnabled() and button.isVisible() and action())
    return button


def list_table(
    parent: QWidget,
    model: QAbstractItemModel,
    stretch: tuple[int, ...] = (),
    *,
    widths: tuple[int, ...] = (),
    alternating: bool = True,
    one_row: bool = True,
) -> QTableView:
    """A read-only table of rows, chosen whole.

    Columns are as wide as their text with the `stretch` ones taking the rest, or, given
    `widths`, fixed (a 0 stretches), for a list too long to measure. Text widths are measured
    on the rows in sight only: Qt's default measures the first thousand rows, through Python,
    at every change, which makes the window wait a quarter of a second on a batch of 20,000.
    """
    table = QTableView(parent)
    table.setModel(model)
    table.setTabKeyNavigation(False)  # Tab leaves the table; the arrow keys move in it
    table.setAlternatingRowColors(alternating)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if one_row:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setResizeContentsPrecision(0)
    if widths:
        table.verticalHeader().setDefaultSectionSize(26)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # never measures rows
        for column, width in enumerate(widths):
            if width:
                header.resizeSection(column, width)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    else:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    return table


class RowsInSightFitTheirText(QObject):
    """Makes the rows in sight of `table` as tall as their wrapped text, as it scrolls or its
    columns are resized. Only those: measuring every row of a 20,000-row list would keep the
    window waiting, and a row out of sight needs no height yet.

    Showing a dialog resizes and shows the table several times in one go: the rows are fitted
    once, just after, and a row already fitted at the columns' present widths is not measured
    again as it scrolls back into sight."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self._table = table
        self._pending = False
        self._fitted: set[int] = set()
        self._widths: tuple[int, ...] = ()
        table.setWordWrap(True)
        table.verticalScrollBar().valueChanged.connect(self.fit_soon)
        table.horizontalHeader().sectionResized.connect(self.fit_soon)
        table.viewport().installEventFilter(self)
        model = table.model()
        for changed in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.dataChanged):
            changed.connect(self._forget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.fit_soon()
        return False

    def _forget(self, *_args: object) -> None:
        self._fitted.clear()
        self.fit_soon()

    def fit_soon(self, *_args: object) -> None:
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self._fit)

    def _fit(self) -> None:
        self._pending = False
        table = self._table
        header = table.horizontalHeader()
        widths = tuple(header.sectionSize(column) for column in range(header.count()))
        if widths != self._widths:
            self._widths = widths
            self._fitted.clear()
        rows = table.model().rowCount()
        first = table.rowAt(0)
        if first < 0 or not table.isVisible():
            return
        row, bottom = first, table.viewport().height()
        while row < rows and table.rowViewportPosition(row) < bottom:
            if row not in self._fitted:
                table.resizeRowToContents(row)
                self._fitted.add(row)
            row += 1


class DateField(QDateEdit):
    """A date, typed or picked on a calendar, that Tab leaves as it leaves any other field.

    Qt's QDateEdit takes Tab to step from day to month to year, so a name typed after two Tabs
    went into the year. Its parts are still reached by the arrow keys, a click or typing on.
    """

    def focusNextPrevChild(self, forward: bool) -> bool:
        return QWidget.focusNextPrevChild(self, forward)


def date_field(
    parent: QWidget, day: dt.date, display_format: str = "dddd, d MMMM yyyy"
) -> DateField:
    """A DateField showing `day` the Indonesian way, with a calendar to pick from."""
    locale = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)
    edit = DateField(QDate(day.year, day.month, day.day), parent)
    edit.setCalendarPopup(True)
    edit.setLocale(locale)
    # The calendar is made when first opened and takes the field's locale then: asking for it
    # here made one per field, 12 ms each, while a dialog opened.
    edit.setDisplayFormat(display_format)
    return edit


class CountTile(QFrame):
    """A big number with its label under it: "56 / Menurut daftar"."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(0)
        self.value = QLabel("0", self)
        self.value.setProperty("class", "countValue")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(label, self)
        self.caption.setProperty("class", "countLabel")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self.setAccessibleName(label)

    def set_value(self, value: int, suffix: str = "") -> None:
        self.value.setText(f"{value}{suffix}")
